"""Scores and ranks of a campaign, all computed by :mod:`thidua.scoring`.

Ranking uses each result's *final* value (``Result.final_value``): the
appraised value once appraised, the submitted self-assessment before that,
nothing for drafts and returned rows. Self-assessment pages score the unit's
own entered values instead, so a unit sees what it claims.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, cast

from django.db.models import QuerySet

from thidua.scoring import (
    CriterionScore,
    Framework,
    ScoringInputError,
    UnitInput,
    UnitScore,
    get_builtin,
    score_and_rank,
    score_unit,
)
from thidua.scoring.text import Msg
from thidua.web.campaigns import freshness
from thidua.web.campaigns.models import Campaign, LevelFramework
from thidua.web.results.models import Result
from thidua.web.units.models import Unit

Basis = Literal["self", "final"]


class NoFramework(LookupError):
    pass


def framework_for(campaign: Campaign, level: str) -> Framework:
    """The framework the campaign scores units of ``level`` on; NoFramework when none is set."""
    lf = LevelFramework.objects.filter(campaign=campaign, level=level).first()
    if lf is None:
        raise NoFramework(level)
    return get_builtin(lf.framework)


def levels(campaign: Campaign) -> list[str]:
    return list(LevelFramework.objects.filter(campaign=campaign).values_list("level", flat=True))


def unit_input(unit: Unit, results: Mapping[str, object]) -> UnitInput:
    parent = unit.parent
    return UnitInput(
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        parent_kind=parent.kind if parent is not None else None,
        parent=parent.code if parent is not None else None,
        results={k: v for k, v in results.items() if v is not None},
    )


def values_of(rows: Iterable[Result], basis: Basis) -> dict[str, object]:
    if basis == "self":
        return {r.criterion: r.self_value for r in rows}
    return {r.criterion: r.final_value for r in rows}


class _Row:
    """A result row without a model instance; ``final_value`` is the model's own rule."""

    __slots__ = ("appraised_value", "criterion", "self_value", "status")
    final_value = Result.final_value

    def __init__(self, criterion: str, status: str, self_value: Any, appraised: Any) -> None:
        self.criterion = criterion
        self.status = status
        self.self_value = self_value
        self.appraised_value = appraised


def final_values(results: QuerySet[Result]) -> dict[int, dict[str, object]]:
    """Each unit's final values (``Result.final_value``) by unit id, read as plain tuples:
    a level's results are thousands of rows, and model instances cost most of the time."""
    rows: dict[int, list[_Row]] = defaultdict(list)
    for unit_id, criterion, status, self_value, appraised in results.values_list(
        "unit_id", "criterion", "status", "self_value", "appraised_value"
    ):
        rows[unit_id].append(_Row(criterion, status, self_value, appraised))
    return {u: values_of(cast(Any, rs), "final") for u, rs in rows.items()}


def score_one(framework: Framework, unit: Unit, criterion: str, value: object) -> CriterionScore:
    """The points of one criterion for one value; raises ScoringInputError on a bad value."""
    return score_unit(framework, unit_input(unit, {criterion: value})).criteria[criterion]


def unit_score(campaign: Campaign, unit: Unit, *, basis: Basis) -> UnitScore:
    fw = framework_for(campaign, unit.level)
    freshness.before_reading(campaign)
    rows = Result.objects.filter(campaign=campaign, unit=unit)
    return score_unit(fw, unit_input(unit, values_of(rows, basis)))


@dataclass(frozen=True)
class RankRow:
    unit_code: str
    unit_name: str
    parent_name: str
    rank: int
    total: Decimal
    groups: Mapping[str, Decimal]
    fraction: Decimal
    colour: str


def colour_of(campaign: Campaign, fraction: Decimal) -> str:
    """green / amber / red by the campaign's thresholds (defaults: ≥ 90%, 70–90%, < 70%)."""
    if fraction >= campaign.green_from:
        return "green"
    if fraction >= campaign.amber_from:
        return "amber"
    return "red"


def rank_level(
    campaign: Campaign, level: str, *, within: Unit | None = None
) -> tuple[Framework, list[RankRow]]:
    """Rank the participants of ``level`` (optionally only those below ``within``) on final values."""
    fw = framework_for(campaign, level)
    units = [
        u
        for u in campaign.participants.select_related("parent").order_by("path")
        if u.level == level
    ]
    if within is not None:
        units = [u for u in units if u.is_within(within)]
    freshness.before_reading(campaign)
    finals = final_values(Result.objects.filter(campaign=campaign, unit__in=units))
    inputs = [unit_input(u, finals.get(u.pk, {})) for u in units]
    names = {u.code: (u.name, u.parent.name if u.parent else "") for u in units}
    scores = score_and_rank(fw, inputs, tie_breakers=tuple(campaign.tie_breakers))
    rows = []
    for s in scores:
        fraction = s.total / fw.max_points if fw.max_points else Decimal(0)
        name, parent_name = names[s.unit.code]
        assert s.rank is not None
        rows.append(
            RankRow(
                unit_code=s.unit.code,
                unit_name=name,
                parent_name=parent_name,
                rank=s.rank,
                total=s.total,
                groups=dict(s.groups),
                fraction=fraction,
                colour=colour_of(campaign, fraction),
            )
        )
    return fw, rows


def first_error(exc: ScoringInputError) -> Msg:
    return exc.errors[0].message if exc.errors else Msg("dữ liệu không hợp lệ", "invalid input")
