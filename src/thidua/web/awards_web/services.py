"""Awards in a campaign: gates and allocation from :mod:`thidua.awards`, proposals and dossiers.

The units' inputs are what the ranking uses — each result's final value —
plus the named facts the gates read: ``models_registered`` from the models
registry, ``commune_kind`` for villages, and those the level above recorded
(:mod:`thidua.web.awards_web.facts`). The framework is the campaign's for
the level (the plan's when the campaign names none) and the tie-breakers are
the campaign's, so the proposal order is the ranking page's order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from thidua import awards
from thidua.awards import Allocation, AwardPlan, Decision, Eligibility
from thidua.scoring import ScoringInputError, UnitInput, score_unit
from thidua.scoring.model import Framework
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.awards_web.choices import MOVES, DossierStatus
from thidua.web.awards_web.models import AwardSetup, IndividualProposal, Proposal, UnitFact
from thidua.web.campaigns import freshness
from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.scoring import (
    NoFramework,
    final_values,
    first_error,
    framework_for,
)
from thidua.web.errors import BadInput, Denied
from thidua.web.models_registry.services import counts as model_counts
from thidua.web.results.models import Result
from thidua.web.units.models import Unit

CENT = Decimal("0.01")


class NotConfigured(BadInput):
    """The campaign has no award plan, or the plan has no such level."""


def setup_of(campaign: Campaign) -> AwardSetup | None:
    return AwardSetup.objects.filter(campaign=campaign).first()


def plan_for(campaign: Campaign) -> AwardPlan:
    setup = setup_of(campaign)
    if setup is None:
        raise NotConfigured(
            Msg(
                "Đợt thi đua chưa gắn kế hoạch khen thưởng",
                "The campaign has no award plan yet",
            )
        )
    try:
        return awards.get_builtin_plan(setup.plan)
    except (KeyError, awards.AwardsError, awards.PlanFileError) as exc:
        raise NotConfigured(
            Msg(f"Không nạp được kế hoạch {setup.plan}", f"Cannot load plan {setup.plan}")
        ) from exc


def set_plan(user: Any, *, campaign: Campaign, plan: str, **fields: str) -> AwardSetup:
    """Attach a built-in award plan to the campaign, with who signs its dossier."""
    if not policy.can_manage_proposals(user, campaign):
        raise Denied()
    if plan not in awards.builtin_plan_codes():
        raise BadInput(Msg(f"Không có kế hoạch {plan}", f"No award plan {plan}"))
    with transaction.atomic():
        setup, _ = AwardSetup.objects.update_or_create(
            campaign=campaign, defaults={"plan": plan, **fields}
        )
        record(
            user,
            "awards.setup",
            object_type="campaign",
            object_id=campaign.code,
            campaign=campaign.code,
            after={"plan": plan, **fields},
        )
    return setup


def _level(plan: AwardPlan, code: str) -> awards.Level:
    try:
        return awards.get_level(plan, code)
    except awards.AwardsError as exc:
        raise NotConfigured(exc.msg) from None


def level_units(campaign: Campaign, level: awards.Level) -> list[Unit]:
    return list(
        campaign.participants.filter(kind__in=level.unit_kinds)
        .select_related("parent", "parent__parent")
        .order_by("path")
    )


def _nominating_parent(unit: Unit, level: awards.Level) -> Unit | None:
    """Who nominates: the parent; for a village, its district (the commune's parent)."""
    parent = unit.parent
    if level.code == "village" and parent is not None and parent.parent is not None:
        return parent.parent
    return parent


def inputs(campaign: Campaign, level: awards.Level, units: list[Unit]) -> list[UnitInput]:
    """The units' final values and facts, as thidua.awards takes them."""
    freshness.before_reading(campaign)
    finals = final_values(Result.objects.filter(campaign=campaign, unit__in=units))
    models = model_counts(campaign, units)
    recorded = UnitFact.objects.values_for(campaign, units)  # named facts (awards_web.facts)
    out = []
    for u in units:
        nominator = _nominating_parent(u, level)
        # The platform's own facts win over recorded ones of the same name.
        facts: dict[str, object] = {
            **recorded.get(u.pk, {}),
            "models_registered": models.get(u.pk, 0),
        }
        if u.parent is not None:
            facts["commune_kind"] = u.parent.kind
        out.append(
            UnitInput(
                code=u.code,
                name=u.name,
                kind=u.kind,
                # A village's gates read its district's kind ("thôn, tổ của thành phố"),
                # like the CLI input's; its commune's kind is the fact commune_kind.
                parent_kind=nominator.kind if nominator else None,
                parent=nominator.code if nominator else None,
                results={k: v for k, v in finals.get(u.pk, {}).items() if v is not None},
                facts=facts,
            )
        )
    return out


def _framework(campaign: Campaign, level: awards.Level) -> Framework | None:
    try:
        return framework_for(campaign, level.code)
    except NoFramework:
        return None


def _explain(exc: Exception) -> Msg:
    if isinstance(exc, awards.AwardsInputError):
        return Msg("; ".join(p.vi for p in exc.problems), "; ".join(p.en for p in exc.problems))
    if isinstance(exc, awards.AwardsError):
        return exc.msg
    if isinstance(exc, ScoringInputError):
        return first_error(exc)
    return Msg(str(exc), str(exc))


@dataclass(frozen=True)
class LevelAllocation:
    plan: AwardPlan
    level: awards.Level
    allocation: Allocation
    units: dict[str, Unit]


def allocate(campaign: Campaign, level_code: str) -> LevelAllocation:
    """The allocation of one level over all its participants (no policy check: callers check)."""
    plan = plan_for(campaign)
    level = _level(plan, level_code)
    units = level_units(campaign, level)
    try:
        a = awards.allocate(
            plan,
            level.code,
            inputs(campaign, level, units),
            framework=_framework(campaign, level),
            tie_breakers=tuple(campaign.tie_breakers) or None,
        )
    except (awards.AwardsError, awards.AwardsInputError, ScoringInputError) as exc:
        raise BadInput(_explain(exc)) from None
    return LevelAllocation(plan, level, a, {u.code: u for u in units})


def allocation_for(user: Any, campaign: Campaign, level_code: str) -> LevelAllocation:
    if not policy.can_view_awards(user, campaign):
        raise Denied()
    return allocate(campaign, level_code)


@dataclass(frozen=True)
class UnitGates:
    level: awards.Level
    eligibility: Eligibility
    decision: Decision | None  # only for those who may see the allocation


def unit_level(plan: AwardPlan, unit: Unit) -> awards.Level | None:
    return next((lv for lv in plan.levels if unit.kind in lv.unit_kinds), None)


def offers_awards(campaign: Campaign, unit: Unit) -> bool:
    """Whether the campaign has an award plan that makes awards to ``unit``'s kind (no policy
    check): without one, the unit's award page has nothing to show and refuses."""
    try:
        plan = plan_for(campaign)
    except NotConfigured:
        return False
    return unit_level(plan, unit) is not None


def unit_gates(user: Any, campaign: Campaign, unit: Unit) -> UnitGates:
    """Which gates the unit passes and why; and, for overseers, what the allocation decided."""
    if not policy.can_view_results(user, campaign, unit):
        raise Denied()
    level, eligibility = eligibility_of(campaign, unit)
    decision = None
    if policy.can_view_awards(user, campaign):
        a = allocate(campaign, level.code).allocation
        decision = next((d for d in a.decisions if d.unit == unit.code), None)
    return UnitGates(level, eligibility, decision)


def eligibility_of(campaign: Campaign, unit: Unit) -> tuple[awards.Level, Eligibility]:
    """The unit's level in the plan and every gate applied to its final values (no policy check)."""
    plan = plan_for(campaign)
    level = unit_level(plan, unit)
    if level is None:
        raise NotConfigured(
            Msg(
                f"Kế hoạch {plan.code} không xét khen thưởng cho loại đơn vị này",
                f"Plan {plan.code} makes no awards to this kind of unit",
            )
        )
    try:
        fw = awards.level_framework(plan, level, _framework(campaign, level))
        (unit_input,) = inputs(campaign, level, [unit])
        eligibility = awards.check_unit(level, score_unit(fw, unit_input))
    except (awards.AwardsError, awards.AwardsInputError, ScoringInputError) as exc:
        raise BadInput(_explain(exc)) from None
    return level, eligibility


# --- proposals and dossiers ------------------------------------------------------------------


def draw_up(user: Any, campaign: Campaign, level_code: str) -> list[Proposal]:
    """Store the level's proposals from the allocation (again, while none has left the draft):
    the collectives, returned, and the individuals (``individual_allocation.draw_up``)."""
    from thidua.web.awards_web import individual_allocation  # it builds on this module

    if not policy.can_manage_proposals(user, campaign):
        raise Denied()
    la = allocate(campaign, level_code)
    now = timezone.now()
    with transaction.atomic():
        existing = Proposal.objects.select_for_update().filter(campaign=campaign, level=level_code)
        people = IndividualProposal.objects.select_for_update().filter(
            campaign=campaign, level=level_code
        )
        if (
            existing.exclude(status=DossierStatus.DRAFTED).exists()
            or people.exclude(status=DossierStatus.DRAFTED).exists()
        ):
            raise BadInput(
                Msg(
                    "Đã có hồ sơ được gửi; không lập lại danh sách của cấp này",
                    "Some dossiers were already submitted; the list of this level cannot be redrawn",
                )
            )
        before = [p.unit.code for p in existing.select_related("unit")]
        existing.delete()
        out = []
        for d in la.allocation.proposals:
            assert d.form is not None and d.rank is not None
            out.append(
                Proposal.objects.create(
                    campaign=campaign,
                    level=level_code,
                    unit=la.units[d.unit],
                    form=d.form,
                    form_title=la.plan.form(d.form).title,
                    rank=d.rank,
                    nominees=d.nominee_count,
                    rank_overall=d.rank_overall,
                    units=d.unit_count,
                    total=d.total.quantize(CENT),
                    reason_vi=d.reason.vi,
                    reason_en=d.reason.en,
                    drawn_at=now,
                    changed_at=now,
                    changed_by=user,
                )
            )
        record(
            user,
            "awards.draw_up",
            object_type="campaign",
            object_id=f"{campaign.code}/{level_code}",
            campaign=campaign.code,
            before={"units": before},
            after={"units": [[p.unit.code, p.form, str(p.total)] for p in out]},
        )
        individual_allocation.draw_up(user, campaign, la, now=now)
    return out


AnyProposal = TypeVar("AnyProposal", Proposal, IndividualProposal)


def can_move(user: Any, proposal: Proposal | IndividualProposal, action: str) -> bool:
    move = MOVES.get(action)
    if move is None or proposal.status not in move[0]:
        return False
    if move[2] == "manage":
        return policy.can_manage_proposals(user, proposal.campaign)
    return policy.can_review_dossier(user, proposal.campaign)


def move(user: Any, *, proposal: AnyProposal, action: str, reason: str = "") -> AnyProposal:
    """Advance a dossier, a collective's or an individual's: submit, review, approve, reject
    (with a reason), redraft."""
    if action not in MOVES:
        raise BadInput(Msg("Thao tác không hợp lệ", "Unknown action"))
    froms, to, who = MOVES[action]
    allowed = (
        policy.can_manage_proposals(user, proposal.campaign)
        if who == "manage"
        else policy.can_review_dossier(user, proposal.campaign)
    )
    if not allowed:
        raise Denied()
    if action == "reject" and not reason.strip():
        raise BadInput(Msg("Không khen thưởng phải có lý do", "A rejection needs a reason"))
    with transaction.atomic():
        p = (
            type(proposal)
            .objects.select_for_update()
            .select_related("unit", "campaign")
            .get(pk=proposal.pk)
        )
        if p.status not in froms:
            raise BadInput(
                Msg(
                    f"Hồ sơ đang ở trạng thái '{p.get_status_display()}'",
                    f"The dossier is '{p.status}'",
                )
            )
        before = {"status": p.status}
        p.status = to
        p.status_reason = reason.strip()
        p.changed_at = timezone.now()
        p.changed_by = user
        p.save()
        record(
            user,
            f"awards.{action}",
            object_type=p.audit_type,
            object_id=p.audit_id,
            campaign=p.campaign.code,
            unit=p.unit.code,
            before=before,
            after={"status": p.status},
            reason=p.status_reason,
        )
    return p


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    to: str
    days_left: int


def deadlines(campaign: Campaign, *, today: dt.date | None = None) -> list[Deadline]:
    """The dossier deadlines: the plan's (Hà Giang: 05/12 and 15/12) and the campaign's milestones."""
    today = today or timezone.localdate()
    found: dict[dt.date, str] = {}
    try:
        for d in plan_for(campaign).dossier.deadlines:
            found[d.date] = d.to
    except NotConfigured:
        pass
    for m in campaign.milestones.filter(kind="dossier"):
        found.setdefault(m.date, m.title)
    return [Deadline(d, found[d], (d - today).days) for d in sorted(found)]


REMIND_DAYS = 14  # the dossiers still drafts are pointed out this many days before the deadline


def _count(n: int, vi: str, en: str, en_plural: str) -> Msg:
    return Msg(f"{n} {vi}", f"{n} {en if n == 1 else en_plural}")


@dataclass(frozen=True)
class Unsent:
    """How many drawn-up dossiers are still drafts: collectives' and individuals'."""

    collectives: int
    individuals: int

    def __bool__(self) -> bool:
        return bool(self.collectives or self.individuals)

    @property
    def words(self) -> Msg:
        """As "3 tập thể, 2 cá nhân chưa nộp" / "3 collectives, 2 individuals not submitted"."""
        c = _count(self.collectives, "tập thể", "collective", "collectives")
        i = _count(self.individuals, "cá nhân", "individual", "individuals")
        return Msg(f"{c.vi}, {i.vi} chưa nộp", f"{c.en}, {i.en} not submitted")


def unsent(campaign: Campaign, *, level: str | None = None, units: Any = None) -> Unsent:
    """The dossiers not submitted yet (still drafts), of one level or all, of ``units`` (Unit
    rows or a queryset of them: the collective, or the individual's unit) or every unit."""
    counts = []
    for model in (Proposal, IndividualProposal):
        qs = model.objects.filter(campaign=campaign, status=DossierStatus.DRAFTED)
        if level is not None:
            qs = qs.filter(level=level)
        if units is not None:
            qs = qs.filter(unit__in=units)
        counts.append(qs.count())
    return Unsent(*counts)


@dataclass(frozen=True)
class DossierReminder:
    """Dossiers still drafts as the first deadline nears (or once it has passed)."""

    deadline: Deadline
    unsent: Unsent

    @property
    def late(self) -> bool:
        return self.deadline.days_left < 0

    @property
    def words(self) -> Msg:
        u, day = self.unsent.words, f"{self.deadline.date:%d/%m/%Y}"
        if self.late:
            return Msg(
                f"{u.vi} hồ sơ dù đã qua hạn đầu tiên ({day})",
                f"{u.en} although the first deadline ({day}) has passed",
            )
        left = self.deadline.days_left
        return Msg(
            f"{u.vi} hồ sơ; hạn đầu tiên {day}, "
            + ("hôm nay" if left == 0 else f"còn {left} ngày"),
            f"{u.en} yet; first deadline {day}, "
            + ("today" if left == 0 else f"{left} day{'' if left == 1 else 's'} left"),
        )


def dossier_reminder(
    campaign: Campaign,
    *,
    level: str | None = None,
    units: Any = None,
    known: list[Deadline] | None = None,
    today: dt.date | None = None,
) -> DossierReminder | None:
    """What to point out about dossiers not submitted (collectives and individuals alike):
    None before the last ``REMIND_DAYS`` days to the first deadline, or when every one was
    submitted. ``known``: the campaign's :func:`deadlines`, when the caller has them."""
    found = known if known is not None else deadlines(campaign, today=today)
    if not found or found[0].days_left > REMIND_DAYS:
        return None
    left = unsent(campaign, level=level, units=units)
    return DossierReminder(found[0], left) if left else None
