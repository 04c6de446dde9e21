"""What a ranking page or export shows: frozen ranks once published, live ranks before."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from thidua.scoring import ScoringInputError
from thidua.scoring.model import Framework
from thidua.web import policy
from thidua.web.campaigns.choices import CampaignState
from thidua.web.campaigns.models import Campaign, RankingSnapshot
from thidua.web.campaigns.scoring import RankRow, first_error, framework_for, rank_level
from thidua.web.campaigns.services import snapshot_rows
from thidua.web.errors import BadInput, Denied
from thidua.web.units.models import Unit


@dataclass(frozen=True)
class Ranking:
    framework: Framework
    rows: list[RankRow]
    frozen_at: Any  # datetime of the snapshot, None when live
    group_codes: tuple[str, ...]


def ranking_for(
    user: Any, campaign: Campaign, level: str, *, within: Unit | None = None
) -> Ranking:
    """The rows of ``level`` the user may see; ranks are over all participants (or ``within``)."""
    if not policy.can_view_ranking(user, campaign):
        raise Denied()
    fw = framework_for(campaign, level)
    snap = None
    if campaign.state in (CampaignState.PUBLISHED, CampaignState.ARCHIVED) and within is None:
        snap = RankingSnapshot.objects.filter(campaign=campaign, level=level).first()
    if snap is not None:
        rows = snapshot_rows(snap)
    else:
        try:
            _, rows = rank_level(campaign, level, within=within)
        except ScoringInputError as exc:
            raise BadInput(first_error(exc)) from None
    allowed = set(policy.ranking_units(user, campaign).values_list("code", flat=True))
    rows = [r for r in rows if r.unit_code in allowed]
    return Ranking(fw, rows, snap.taken_at if snap else None, tuple(n.code for n in fw.nodes))


def export_rows(ranking: Ranking) -> Iterator[list[object]]:
    """Header then one list per unit: what both the CSV and the XLSX writer print."""
    groups = list(ranking.group_codes)
    yield [
        "Hạng / Rank",
        "Mã / Code",
        "Đơn vị / Unit",
        "Trực thuộc / Parent",
        *groups,
        "Tổng / Total",
        "Tỷ lệ / Share",
    ]
    for r in ranking.rows:
        yield [
            r.rank,
            r.unit_code,
            r.unit_name,
            r.parent_name,
            *(r.groups.get(g, Decimal(0)) for g in groups),
            r.total,
            (r.fraction * 100).quantize(Decimal("0.01")),
        ]
