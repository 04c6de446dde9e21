"""Individuals ("cá nhân") in a campaign: the level's allocation of the people nominated
(:mod:`thidua.web.awards_web.individuals`) on its collective allocation, and the drawn-up
list of individual proposals.

:func:`thidua.awards.allocate_individuals` decides who is proposed for which form
(docs/awards.md, "Individuals"); a nomination the allocation cannot take (its unit left
the level, or is nominated by another unit now) is left out with its reason. Drawing up
replaces the level's stored proposals by the allocation's and records it in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from thidua import awards
from thidua.awards import IndividualAllocation, IndividualInput
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.awards_web import services
from thidua.web.awards_web.individuals import proposer_of
from thidua.web.awards_web.models import IndividualNomination, IndividualProposal
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import BadInput, Denied

CENT = Decimal("0.01")


@dataclass(frozen=True)
class LevelIndividuals:
    """The level's individual allocation, and the nominations behind it."""

    allocation: IndividualAllocation
    nominations: dict[str, Any]  # core id ("CN000012") -> IndividualNomination
    left_out: list[tuple[Any, Msg]]  # nominations the allocation cannot take, and why

    def nomination(self, person: str) -> Any:
        return self.nominations[person]


def allocate(campaign: Campaign, la: services.LevelAllocation) -> LevelIndividuals:
    """The individuals of ``la``'s level, allocated on its collective allocation (no policy check).

    A nomination whose unit no longer takes part in the level, or is no longer
    nominated by the same unit, is left out (and shown with its reason) rather
    than stopping the allocation.
    """
    rows = IndividualNomination.objects.filter(
        campaign=campaign, level=la.level.code
    ).select_related("unit", "proposer", "updated_by")
    people: list[IndividualInput] = []
    by_code: dict[str, Any] = {}
    left_out: list[tuple[Any, Msg]] = []
    for n in rows:
        unit = la.units.get(n.unit.code)
        if unit is None:
            left_out.append(
                (
                    n,
                    Msg(
                        f"Đơn vị {n.unit.name} không còn tham gia xét khen thưởng {la.level.title}",
                        f"{n.unit.name} no longer takes part in the {la.level.title_en}",
                    ),
                )
            )
            continue
        proposer = proposer_of(unit, la.level)
        if proposer is None or proposer.pk != n.proposer_id:
            left_out.append(
                (
                    n,
                    Msg(
                        f"Đơn vị {unit.name} không còn do {n.proposer.name} đề cử",
                        f"{unit.name} is no longer nominated by {n.proposer.name}",
                    ),
                )
            )
            continue
        by_code[n.code] = n
        people.append(
            IndividualInput(
                id=n.code,
                name=n.name,
                unit=unit.code,
                position=n.position,
                achievements=n.achievements,
                priority=max(1, n.priority),
            )
        )
    try:
        ia = awards.allocate_individuals(la.allocation, people)
    except awards.AwardsInputError as exc:  # not expected: the rows were checked when entered
        raise BadInput(
            Msg("; ".join(p.vi for p in exc.problems), "; ".join(p.en for p in exc.problems))
        ) from None
    return LevelIndividuals(ia, by_code, left_out)


def allocation_for(user: Any, campaign: Campaign, level_code: str) -> LevelIndividuals:
    """The level's individual allocation, for those who may see the proposal lists."""
    if not policy.can_view_awards(user, campaign):
        raise Denied()
    return allocate(campaign, services.allocate(campaign, level_code))


def draw_up(
    user: Any, campaign: Campaign, la: services.LevelAllocation, *, now: Any
) -> list[IndividualProposal]:
    """Replace the level's individual proposals by the allocation's (inside the caller's
    transaction: ``services.draw_up`` checked the policy and that every dossier is a draft)."""
    li = allocate(campaign, la)
    existing = IndividualProposal.objects.filter(campaign=campaign, level=la.level.code)
    before = list(existing.values_list("code", flat=True))
    existing.delete()
    totals = {d.unit: d.total for d in la.allocation.decisions}
    out = []
    for d in li.allocation.proposals:
        assert d.form is not None and d.rank is not None
        n = li.nominations[d.id]
        out.append(
            IndividualProposal.objects.create(
                campaign=campaign,
                level=la.level.code,
                nomination=n,
                code=n.code,
                proposer=n.proposer,
                unit=la.units[d.unit],
                name=n.name,
                position=n.position,
                achievements=n.achievements,
                form=d.form,
                form_title=la.plan.form(d.form).title,
                rank=d.rank,
                nominees=d.nominee_count,
                unit_rank_overall=d.unit_rank_overall,
                units=d.unit_count,
                unit_total=totals[d.unit].quantize(CENT),
                reason_vi=d.reason.vi,
                reason_en=d.reason.en,
                drawn_at=now,
                changed_at=now,
                changed_by=user if user.is_authenticated else None,
            )
        )
    if not before and not out:
        return out  # nobody nominated at the level: nothing to record
    record(
        user,
        "awards.draw_up_individuals",
        object_type="campaign",
        object_id=f"{campaign.code}/{la.level.code}",
        campaign=campaign.code,
        before={"individuals": before},
        after={"individuals": [[p.code, p.unit.code, p.form] for p in out]},
    )
    return out
