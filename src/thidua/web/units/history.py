"""A unit's history: its lineage and every campaign it or its predecessors and successors took
part in, with the frozen ranks of published campaigns (year-over-year at a glance)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from thidua.web import policy
from thidua.web.campaigns.models import Campaign, RankingSnapshot
from thidua.web.units.models import Unit
from thidua.web.units.succession import Lineage, lineage


@dataclass(frozen=True)
class HistoryRow:
    campaign: Campaign
    unit: Unit  # the participant, as it was then
    relation: str  # "self", "predecessor" or "successor"
    rank: int | None = None
    ranked: int | None = None  # how many units were ranked at that level
    total: Decimal | None = None
    colour: str = ""
    can_open: bool = False  # the user may open the participant's results page


def unit_history(user: Any, unit: Unit) -> tuple[Lineage, list[HistoryRow]]:
    """The lineage of ``unit`` and its campaign rows, oldest campaign first."""
    lin = lineage(unit)
    relation = {unit.pk: "self"}
    relation.update({lk.unit.pk: "predecessor" for lk in lin.predecessors})
    relation.update({lk.unit.pk: "successor" for lk in lin.successors})
    units = {u.pk: u for u in lin.units()}
    through = Campaign.participants.through
    pairs = list(
        through.objects.filter(unit_id__in=list(units)).values_list("campaign_id", "unit_id")
    )
    campaigns = {
        c.pk: c
        for c in Campaign.objects.filter(pk__in={c for c, _ in pairs}).select_related("owner")
    }
    snapshots: dict[tuple[int, str], RankingSnapshot] = {
        (s.campaign_id, s.level): s
        for s in RankingSnapshot.objects.filter(campaign_id__in=list(campaigns))
    }
    rows: list[HistoryRow] = []
    for campaign_id, unit_id in pairs:
        campaign, participant = campaigns[campaign_id], units[unit_id]
        row = HistoryRow(
            campaign=campaign,
            unit=participant,
            relation=relation[unit_id],
            can_open=policy.can_view_results(user, campaign, participant),
        )
        snap = snapshots.get((campaign_id, participant.level))
        if snap is not None and (
            row.can_open or policy.can_view_lineage_result(user, unit, campaign)
        ):
            found = next((r for r in snap.rows if r.get("unit") == participant.code), None)
            if found is not None:
                row = HistoryRow(
                    campaign=campaign,
                    unit=participant,
                    relation=row.relation,
                    rank=found["rank"],
                    ranked=len(snap.rows),
                    total=Decimal(found["total"]),
                    colour=found.get("colour", ""),
                    can_open=row.can_open,
                )
        rows.append(row)
    rows.sort(key=lambda r: (r.campaign.period_start, r.campaign.code, r.unit.code))
    return lin, rows
