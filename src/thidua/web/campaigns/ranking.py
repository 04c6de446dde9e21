"""What a ranking page or export shows: frozen ranks once published, live ranks before.

Live ranks come from the score snapshots (snapshots.py), brought up to date
before they are read, and are read one page at a time: a national level of
10,600 communes is never scored, nor loaded whole, to show a page of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from thidua.scoring import ScoringInputError
from thidua.scoring.model import Framework
from thidua.web import policy
from thidua.web.campaigns import snapshots
from thidua.web.campaigns.choices import CampaignState
from thidua.web.campaigns.models import Campaign, RankingSnapshot, UnitScoreSnapshot
from thidua.web.campaigns.scoring import RankRow, colour_of, first_error, framework_for
from thidua.web.campaigns.services import snapshot_rows
from thidua.web.errors import BadInput, Denied
from thidua.web.units.models import Unit

PER_PAGE = 100


@dataclass(frozen=True)
class Ranking:
    framework: Framework
    rows: list[RankRow]
    frozen_at: Any  # datetime of the snapshot, None when live
    group_codes: tuple[str, ...]
    count: int = 0  # rows the user may see, on every page
    page: int = 1
    per_page: int | None = None  # None: every row on one page
    generation: int | None = None  # of the live snapshot; None when frozen

    @property
    def pages(self) -> int:
        if not self.per_page:
            return 1
        return max(1, -(-self.count // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _window(count: int, page: int, per_page: int | None) -> tuple[int, int, int]:
    """(page, first index, end index) with ``page`` clamped to the pages there are."""
    if not per_page:
        return 1, 0, count
    last = max(1, -(-count // per_page))
    page = min(max(1, page), last)
    start = (page - 1) * per_page
    return page, start, min(count, start + per_page)


def _line(campaign: Campaign, fw: Framework, row: UnitScoreSnapshot, rank: int) -> RankRow:
    fraction = row.total / fw.max_points if fw.max_points else Decimal(0)
    parent = row.unit.parent
    return RankRow(
        unit_code=row.unit.code,
        unit_name=row.unit.name,
        parent_name=parent.name if parent is not None else "",
        rank=rank,
        total=row.total,
        groups={n.code: Decimal(row.sections.get(n.code, "0")) for n in fw.nodes},
        fraction=fraction,
        colour=colour_of(campaign, fraction),
    )


def ranking_for(
    user: Any,
    campaign: Campaign,
    level: str,
    *,
    within: Unit | None = None,
    page: int = 1,
    per_page: int | None = PER_PAGE,
) -> Ranking:
    """The rows of ``level`` the user may see, one page of them (all when ``per_page`` is None).

    Ranks are over all participants of the level (or those at or below ``within``).
    """
    if not policy.can_view_ranking(user, campaign):
        raise Denied()
    fw = framework_for(campaign, level)
    groups = tuple(n.code for n in fw.nodes)
    snap = None
    if campaign.state in (CampaignState.PUBLISHED, CampaignState.ARCHIVED) and within is None:
        snap = RankingSnapshot.objects.filter(campaign=campaign, level=level).first()
    if snap is not None:
        allowed = set(policy.ranking_units(user, campaign).values_list("code", flat=True))
        frozen = [r for r in snapshot_rows(snap) if r.unit_code in allowed]
        page, start, end = _window(len(frozen), page, per_page)
        return Ranking(
            fw, frozen[start:end], snap.taken_at, groups, len(frozen), page, per_page, None
        )
    try:
        state = snapshots.fresh(campaign, level, fw)
    except ScoringInputError as exc:
        raise BadInput(first_error(exc)) from None
    visible = snapshots.level_rows(campaign, level).filter(
        unit__in=policy.ranking_units(user, campaign)
    )
    if within is None:
        ordered = visible.order_by("rank", "unit__code")
        count = ordered.count()
        page, start, end = _window(count, page, per_page)
        lines = [_line(campaign, fw, r, r.rank) for r in ordered[start:end]]
    else:
        ranked = snapshots.ranks_within(campaign, level, fw, within)
        shown = set(visible.filter(unit__path__startswith=within.path).values_list("pk", flat=True))
        ranked = [(pk, rk) for pk, rk in ranked if pk in shown]
        count = len(ranked)
        page, start, end = _window(count, page, per_page)
        chosen = ranked[start:end]
        by_pk = visible.in_bulk([pk for pk, _ in chosen])
        lines = [_line(campaign, fw, by_pk[pk], rk) for pk, rk in chosen]
    return Ranking(fw, lines, None, groups, count, page, per_page, state.generation)


def live_neighbourhood(
    user: Any, campaign: Campaign, level: str, fw: Framework, unit: Unit, neighbours: int
) -> tuple[list[RankRow], set[str]]:
    """The rows of the live ranking a unit's page needs, in ranking order, without the rest.

    A subsequence of the level's ranking (ordered by rank, then code, as the
    ranking page) holding the unit's row, the row just before it with a better
    rank (whoever it is: the caller decides whether the reader may see it), and
    ``neighbours`` rows on each side among those the reader may see. A unit page
    of a national level reads a handful of stored rows instead of scoring the
    level. Also returns the codes among those rows the reader may see. Empty
    when the unit is not ranked. Raises ScoringInputError like :func:`snapshots.fresh`.
    """
    snapshots.fresh(campaign, level, fw)
    rows = snapshots.level_rows(campaign, level)
    own = rows.filter(unit=unit).first()
    if own is None:
        return [], set()
    before = Q(rank__lt=own.rank) | Q(rank=own.rank, unit__code__lt=unit.code)
    after = Q(rank__gt=own.rank) | Q(rank=own.rank, unit__code__gt=unit.code)
    allowed = rows.filter(unit__in=policy.ranking_units(user, campaign))
    chosen = {own.pk}
    better = rows.filter(rank__lt=own.rank).order_by("-rank", "-unit__code").first()
    if better is not None:
        chosen.add(better.pk)
    for side, order in ((before, ("-rank", "-unit__code")), (after, ("rank", "unit__code"))):
        chosen.update(
            allowed.filter(side).order_by(*order).values_list("pk", flat=True)[:neighbours]
        )
    # One query orders them as the ranking page does (the database's collation of codes).
    ordered = rows.filter(pk__in=chosen).order_by("rank", "unit__code")
    lines = [_line(campaign, fw, r, r.rank) for r in ordered]
    visible = set(allowed.filter(pk__in=chosen).values_list("unit__code", flat=True))
    return lines, visible


def live_section_totals(
    user: Any, campaign: Campaign, level: str, fw: Framework
) -> list[dict[str, Decimal]]:
    """Every group and section subtotal of the level's units the reader may see (final values)."""
    snapshots.fresh(campaign, level, fw)
    stored = (
        snapshots.level_rows(campaign, level)
        .filter(unit__in=policy.ranking_units(user, campaign))
        .values_list("sections", flat=True)
    )
    return [{k: Decimal(v) for k, v in sections.items()} for sections in stored]


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
