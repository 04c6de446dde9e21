"""What a unit's page shows about its results: improvement advice and charts.

Every figure comes from the scoring core (``unit_score``, ``score_all``, the
live scores it computed and stored, snapshots.py) or from the frozen ranking
of a published campaign; this module only selects, subtracts and averages,
and asks :mod:`thidua.web.policy` what the reader may see.

*Points missing* per criterion are its maximum minus the points the core
gives it, largest first (criteria without a maximum, such as uncapped
deductions, are left out). While the campaign is open the unit's own entries
are used (that is what it is working on); afterwards the final values.

*Points to the next rank* come from the ranking (final values, or the frozen
ranking once published): the total of the unit ranked just above minus this
unit's total, plus 0,01 when the campaign's tie-breakers, as they stand, would
not put this unit level with or above it on equal totals. It is shown only
when the reader may see that unit's row of the ranking.

The section profile compares the unit with the average of the units of its
level the reader may see in the ranking (nobody's figures are revealed through
an average of units one may not see); while the campaign is open (own
entries, scored on the page) only with those of the same parent. The score over time follows the unit
across campaigns through its lineage (units it continues after a merger, and
units that continue it): frozen rankings of those are shown as the policy
allows on a unit's history, live figures only to readers of that unit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from thidua.scoring import Framework, Node, ScoringInputError, UnitScore, score_all
from thidua.scoring.text import Msg
from thidua.web import charts, policy
from thidua.web.campaigns import freshness
from thidua.web.campaigns.choices import CampaignState
from thidua.web.campaigns.models import Campaign, RankingSnapshot
from thidua.web.campaigns.ranking import live_neighbourhood, live_section_totals
from thidua.web.campaigns.scoring import (
    Basis,
    NoFramework,
    RankRow,
    framework_for,
    unit_input,
    unit_score,
)
from thidua.web.campaigns.services import snapshot_rows
from thidua.web.results.models import Result
from thidua.web.ui import pick
from thidua.web.units.models import Unit
from thidua.web.units.succession import lineage

CENT = Decimal("0.01")
FROZEN = (CampaignState.PUBLISHED, CampaignState.ARCHIVED)
NEIGHBOURS = 2  # ranking bars: this many units above and below the page's unit


@dataclass(frozen=True)
class Gap:
    node: Node
    points: Decimal
    max_points: Decimal

    @property
    def missing(self) -> Decimal:
        return self.max_points - self.points


@dataclass(frozen=True)
class NextRank:
    rank: int
    total: Decimal
    above: RankRow | None  # None: the unit ranks first
    needed: Decimal = Decimal(0)
    tie_break_added: bool = False  # 0,01 added because tie-breakers would not lift the unit


@dataclass(frozen=True)
class Insights:
    campaign: Campaign
    framework: Framework
    basis: Basis
    score: UnitScore
    gaps: list[Gap]
    next_rank: NextRank | None
    ranking_svg: SafeString | None
    profile_svg: SafeString | None
    over_time_svg: SafeString | None
    campaigns: list[Campaign] = field(default_factory=list)  # the ones a reader can pick

    @property
    def missing_total(self) -> Decimal:
        return sum((g.missing for g in self.gaps), Decimal(0))


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def basis_for(campaign: Campaign) -> Basis:
    """The unit's own entries while it enters them; the final values afterwards."""
    return "self" if campaign.state == CampaignState.OPEN else "final"


def gaps(framework: Framework, score: UnitScore) -> list[Gap]:
    """Criteria with points still missing, most missing first (table order among equals)."""
    out = []
    for c in framework.criteria:
        m = c.max_points
        if m is None or m <= 0:
            continue
        gap = Gap(c, score.points[c.code], m)
        if gap.missing > 0:
            out.append(gap)
    order = {c.code: i for i, c in enumerate(framework.criteria)}
    return sorted(out, key=lambda g: (-g.missing, order[g.node.code]))


def _tie_key(row: RankRow, tie_breakers: Sequence[str]) -> tuple[Decimal, ...] | None:
    key = []
    for code in tie_breakers:
        value = row.total if code == "total" else row.groups.get(code)
        if value is None:
            return None  # a section tie-breaker: not in the ranking rows, so unknown
        key.append(value)
    return tuple(key)


def next_rank(
    rows: Sequence[RankRow], unit_code: str, tie_breakers: Sequence[str]
) -> NextRank | None:
    """How far the unit is from the rank above it; None when the unit is not in ``rows``.

    ``rows`` are in rank order. The unit just above is the last one before this
    unit with a better rank (equal totals share a rank, so they are not above).
    """
    position = next((i for i, r in enumerate(rows) if r.unit_code == unit_code), None)
    if position is None:
        return None
    own = rows[position]
    above = next((r for r in reversed(rows[:position]) if r.rank < own.rank), None)
    if above is None:
        return NextRank(own.rank, own.total, None)
    needed = above.total - own.total
    added = False
    if tie_breakers:
        mine, theirs = _tie_key(own, tie_breakers), _tie_key(above, tie_breakers)
        if mine is None or theirs is None or mine < theirs:
            needed += CENT
            added = True
    return NextRank(own.rank, own.total, above, needed, added)


def _ranking_rows(
    user: Any, campaign: Campaign, unit: Unit, fw: Framework
) -> tuple[list[RankRow], set[str]]:
    """Rows of the ranking around the unit, in order, and the codes among them the reader may see.

    Once published, the frozen ranking (all of it); before, the few stored live
    rows the page shows (ranking.live_neighbourhood), never the whole level.
    """
    if campaign.state in FROZEN:
        snap = RankingSnapshot.objects.filter(campaign=campaign, level=unit.level).first()
        if snap is not None:
            allowed = set(policy.ranking_units(user, campaign).values_list("code", flat=True))
            return snapshot_rows(snap), allowed
    return live_neighbourhood(user, campaign, unit.level, fw, unit, NEIGHBOURS)


def _sections(framework: Framework) -> list[tuple[Node, Decimal]]:
    """The nodes a profile compares: the top groups when there are several with a maximum
    (the DTI pillars), else the sections inside the groups (Đề án 06: A.I … A.VII)."""

    def with_max(nodes: Sequence[Node]) -> list[tuple[Node, Decimal]]:
        out = []
        for n in nodes:
            if n.is_criterion:
                continue
            m = n.declared_max
            if m is None:
                leaves = [c.max_points for c in n.leaves() if c.max_points is not None]
                m = sum(leaves, Decimal(0)) if leaves else None
            if m is not None and m > 0:
                out.append((n, m))
        return out

    top = with_max(framework.nodes)
    if len(top) >= 3:
        return top
    return with_max([child for n in framework.nodes for child in n.children])


def _level_sections(
    user: Any, campaign: Campaign, unit: Unit, framework: Framework, basis: Basis
) -> tuple[Sequence[Mapping[str, Decimal]], Msg]:
    """Group and section subtotals the unit is compared with, and what they are the average of.

    On final values: every unit of the level the reader may see, from the
    stored live scores. On the units' own entries (while the campaign is open)
    they are scored here, so only over the units of the same parent the reader
    may see: a commune is compared with its district's communes, and a page of
    a national level never scores the country.
    """
    if basis == "final":
        found = live_section_totals(user, campaign, unit.level, framework)
        n = len(found)
        return found, Msg(f"Trung bình {n} đơn vị cùng cấp", f"Average of {n} units of the level")
    scope = policy.ranking_units(user, campaign).select_related("parent").order_by("path")
    if unit.parent is not None:
        scope = scope.filter(parent=unit.parent)
    units = [u for u in scope if u.level == unit.level]
    freshness.before_reading(campaign)
    # Plain tuples, not Result objects: fewer objects to build on every page view.
    entered: dict[int, dict[str, object]] = {}
    rows = Result.objects.filter(campaign=campaign, unit__in=units)
    for unit_id, criterion, value in rows.values_list("unit_id", "criterion", "self_value"):
        entered.setdefault(unit_id, {})[criterion] = value
    scores = score_all(framework, [unit_input(u, entered.get(u.pk, {})) for u in units])
    n = len(scores)
    if unit.parent is None:
        label = Msg(f"Trung bình {n} đơn vị cùng cấp", f"Average of {n} units of the level")
    else:
        where = unit.parent.name
        label = Msg(
            f"Trung bình {n} đơn vị cùng cấp thuộc {where}",
            f"Average of {n} units of the level in {where}",
        )
    return [sc.sections for sc in scores], label


def _profile_svg(
    user: Any, campaign: Campaign, unit: Unit, framework: Framework, score: UnitScore, basis: Basis
) -> SafeString | None:
    sections = _sections(framework)
    if not sections:
        return None
    others: Sequence[Mapping[str, Decimal]] = []
    label = Msg("Trung bình 0 đơn vị cùng cấp", "Average of 0 units of the level")
    if policy.can_view_ranking(user, campaign):
        try:
            others, label = _level_sections(user, campaign, unit, framework, basis)
        except ScoringInputError:
            others = []
    rows = []
    for node, m in sections:
        average = (
            sum((s[node.code] / m for s in others), Decimal(0)) / len(others) if others else None
        )
        rows.append(
            charts.ProfileRow(f"{node.label}. {node.title}", score.sections[node.code] / m, average)
        )
    lang = _lang()
    average_name = pick(label)
    # charts escapes every text it writes
    return mark_safe(
        charts.section_profile(
            f"profile-{campaign.code}",
            pick(Msg("Điểm theo từng phần (% điểm tối đa)", "Points per section (% of maximum)")),
            rows,
            unit_name=unit.name,
            average_name=average_name,
            lang=lang,
        )
    )


def _ranking_svg(
    campaign: Campaign, unit: Unit, rows: list[RankRow], allowed: set[str]
) -> SafeString | None:
    visible = [r for r in rows if r.unit_code in allowed]
    position = next((i for i, r in enumerate(visible) if r.unit_code == unit.code), None)
    if position is None:
        return None
    window = visible[max(0, position - NEIGHBOURS) : position + NEIGHBOURS + 1]
    lang = _lang()
    bars = [
        charts.Bar(
            label=f"{r.rank}. {r.unit_name}",
            fraction=r.fraction,
            value_text=f"{charts.num(r.total, lang)} ({charts.pct(r.fraction, lang)})",
            colour=r.colour,
            highlight=r.unit_code == unit.code,
        )
        for r in window
    ]
    # charts escapes every text it writes
    return mark_safe(
        charts.ranking_bars(
            f"ranking-{campaign.code}",
            pick(Msg("Vị trí trong bảng xếp hạng", "Place in the ranking")),
            bars,
            lang=lang,
        )
    )


def _over_time_point(
    user: Any, campaign: Campaign, member: Unit, unit: Unit
) -> charts.TimePoint | None:
    """``member`` (the unit or one of its lineage) in ``campaign``, if the reader may see it."""
    try:
        fw = framework_for(campaign, member.level)
    except NoFramework:
        return None
    frozen = campaign.state in FROZEN
    readable = policy.can_view_results(user, campaign, member)
    lineage_row = member.pk != unit.pk and policy.can_view_lineage_result(user, unit, campaign)
    if frozen and (readable or lineage_row):
        snap = RankingSnapshot.objects.filter(campaign=campaign, level=member.level).first()
        rows = snapshot_rows(snap) if snap is not None else []
        row = next((r for r in rows if r.unit_code == member.code), None)
        if row is not None:
            return _point(campaign, member, unit, row.fraction, provisional=False)
    if not readable:
        return None
    try:
        total = unit_score(campaign, member, basis="final").total
    except ScoringInputError:
        return None
    fraction = total / fw.max_points if fw.max_points else Decimal(0)
    return _point(campaign, member, unit, fraction, provisional=not frozen)


def _point(
    campaign: Campaign, member: Unit, unit: Unit, fraction: Decimal, *, provisional: bool
) -> charts.TimePoint:
    label = campaign.period_end.strftime("%m/%Y")
    tooltip = campaign.title
    if member.pk != unit.pk:
        label = f"{label} {member.name}"
        tooltip = f"{tooltip} — {member.name}"
    if provisional:
        tooltip += pick(Msg(" (tạm tính)", " (provisional)"))
    return charts.TimePoint(label, fraction, tooltip, provisional)


def _over_time_svg(user: Any, unit: Unit) -> SafeString | None:
    """The unit's total across campaigns, with its predecessors' and successors' (lineage)."""
    members = lineage(unit).units()
    # The owner too: the policy reads it for every point (no query per campaign).
    pairs = [(c, m) for m in members for c in m.campaigns.select_related("owner")]
    pairs.sort(key=lambda cm: (cm[0].period_start, cm[0].code, cm[1].code))
    points = [p for c, m in pairs if (p := _over_time_point(user, c, m, unit)) is not None]
    if not points:
        return None
    # charts escapes every text it writes
    return mark_safe(
        charts.score_over_time(
            f"over-time-{unit.code}",
            pick(
                Msg(
                    "Tổng điểm qua các đợt thi đua (% điểm tối đa)",
                    "Total across campaigns (% of maximum)",
                )
            ),
            points,
            lang=_lang(),
        )
    )


def for_unit_page(
    user: Any, unit: Unit, campaigns: Sequence[Campaign], *, selected: str | None = None
) -> Insights | None:
    """Advice and charts for the campaign ``selected`` (default: the most recent one scored)."""
    scored = []
    for c in campaigns:
        try:
            framework_for(c, unit.level)
        except NoFramework:
            continue
        if policy.can_view_results(user, c, unit):
            scored.append(c)
    if not scored:
        return None
    campaign = next((c for c in scored if c.code == selected), scored[0])
    fw = framework_for(campaign, unit.level)
    basis = basis_for(campaign)
    try:
        score = unit_score(campaign, unit, basis=basis)
    except ScoringInputError:
        return None  # a stored value the framework no longer accepts: the results page says which
    advice_rank: NextRank | None = None
    ranking_svg = None
    if policy.can_view_ranking(user, campaign):
        try:
            rows, allowed = _ranking_rows(user, campaign, unit, fw)
        except ScoringInputError:
            rows, allowed = [], set()
        found = next_rank(rows, unit.code, tuple(campaign.tie_breakers))
        if found is not None and (found.above is None or found.above.unit_code in allowed):
            advice_rank = found
        ranking_svg = _ranking_svg(campaign, unit, rows, allowed)
    return Insights(
        campaign=campaign,
        framework=fw,
        basis=basis,
        score=score,
        gaps=gaps(fw, score),
        next_rank=advice_rank,
        ranking_svg=ranking_svg,
        profile_svg=_profile_svg(user, campaign, unit, fw, score, basis),
        over_time_svg=_over_time_svg(user, unit),
        campaigns=scored,
    )
