"""Scoring units on a framework: criterion points, subtotals, totals, index.

Rounding (docs/rounding.md): each criterion's points are rounded half-up to
2 decimals; every subtotal and total is the sum of those rounded points, so a
printed table always adds up. Nothing is half-scored: the input errors of a
whole batch are collected and raised together, before any result is returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from thidua.scoring.errors import InputError, InputProblem, ScoringInputError
from thidua.scoring.kinds import UNIT_KINDS
from thidua.scoring.model import Framework, Node
from thidua.scoring.rules import Outcome, Rule, UnitContext, round_points
from thidua.scoring.rules.base import ZERO
from thidua.scoring.text import Msg

INDEX_PLACES = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class UnitInput:
    """One unit's entered (or appraised) results, keyed by criterion code."""

    code: str
    name: str = ""
    kind: str | None = None
    parent_kind: str | None = None
    parent: str | None = None
    results: Mapping[str, object] = field(default_factory=dict)
    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CriterionScore:
    code: str
    points: Decimal
    max_points: Decimal | None
    input: object
    outcome: Outcome
    rule: Rule

    @property
    def value(self) -> object:
        """The normalised input (a Decimal ratio, an int count, an option key, events)."""
        return self.outcome.value

    @property
    def explanation(self) -> Msg:
        if self.input is None:
            if self.rule.kind == "events":
                return Msg("Không có sự kiện → 0 điểm", "No events → 0 points")
            return Msg("Chưa có kết quả → 0 điểm", "No result entered → 0 points")
        how = self.rule.describe(self.max_points)
        did = self.rule.explain(self.outcome, points=self.points, max_points=self.max_points)
        return Msg(f"{how.vi}. {did.vi}", f"{how.en}. {did.en}")


@dataclass(frozen=True, slots=True)
class UnitScore:
    unit: UnitInput
    total: Decimal
    index: Decimal | None
    groups: Mapping[str, Decimal]
    sections: Mapping[str, Decimal]
    criteria: Mapping[str, CriterionScore]
    missing: tuple[str, ...]
    warnings: tuple[Msg, ...]
    rank: int | None = None

    def subtotal(self, code: str) -> Decimal:
        """A group, section or criterion figure by code ("A", "A.II", "A.II.1", or "total")."""
        if code == "total":
            return self.total
        if code in self.sections:
            return self.sections[code]
        return self.criteria[code].points


class _Plan:
    """What scoring needs of a framework, computed once per framework."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.inner = tuple(n.code for n in _inner_nodes(framework.nodes))
        self.groups = tuple(n.code for n in framework.nodes)
        self.leaves: tuple[tuple[Node, Rule, Decimal, tuple[str, ...]], ...] = tuple(
            (c, c.rule, c.max_points if c.max_points is not None else ZERO, tuple(framework.ancestors(c.code)))
            for c in framework.criteria
            if c.rule is not None
        )
        self.codes = frozenset(c.code for c in framework.criteria)
        self.reported_missing = frozenset(c.code for c in framework.criteria if not c.is_events)


def _inner_nodes(nodes: Iterable[Node]) -> Iterable[Node]:
    for n in nodes:
        if not n.is_criterion:
            yield n
            yield from _inner_nodes(n.children)


_PLANS: dict[int, _Plan] = {}


def _plan(framework: Framework) -> _Plan:
    plan = _PLANS.get(id(framework))
    if plan is None or plan.framework is not framework:
        plan = _Plan(framework)
        _PLANS[id(framework)] = plan
    return plan


def score_unit(framework: Framework, unit: UnitInput) -> UnitScore:
    """Score one unit; raise ScoringInputError listing all of its bad values."""
    errors: list[InputError] = []
    result = _score(_plan(framework), unit, errors)
    if errors:
        raise ScoringInputError(errors)
    assert result is not None
    return result


def score_all(framework: Framework, units: Iterable[UnitInput]) -> list[UnitScore]:
    """Score many units (unranked, input order); all-or-nothing on input errors."""
    plan = _plan(framework)
    errors: list[InputError] = []
    seen: set[str] = set()
    out: list[UnitScore] = []
    for unit in units:
        if unit.code in seen:
            errors.append(InputError(unit.code, "", unit.code, Msg("mã đơn vị bị lặp", "the unit code is repeated")))
        seen.add(unit.code)
        result = _score(plan, unit, errors)
        if result is not None:
            out.append(result)
    if errors:
        raise ScoringInputError(errors)
    return out


def _score(plan: _Plan, unit: UnitInput, errors: list[InputError]) -> UnitScore | None:
    fw = plan.framework
    n_errors = len(errors)
    warnings: list[Msg] = []
    if not unit.code:
        errors.append(InputError("?", "", unit.name, Msg("đơn vị thiếu mã", "the unit has no code")))
    for kind in (unit.kind, unit.parent_kind):
        if kind is not None and kind not in UNIT_KINDS:
            errors.append(
                InputError(unit.code, "", kind, Msg(f"loại đơn vị không biết '{kind}'", f"unknown unit kind '{kind}'"))
            )
    if unit.kind is not None and unit.kind in UNIT_KINDS and unit.kind not in fw.applies_to:
        k = UNIT_KINDS[unit.kind]
        warnings.append(
            Msg(
                f"bảng điểm {fw.code} không dành cho loại đơn vị {k.vi}",
                f"framework {fw.code} is not meant for units of kind {k.en}",
            )
        )
    for code in unit.results:
        if code not in plan.codes:
            errors.append(
                InputError(
                    unit.code,
                    code,
                    unit.results[code],
                    Msg(f"bảng điểm {fw.code} không có chỉ tiêu {code}", f"framework {fw.code} has no criterion {code}"),
                )
            )
    ctx = UnitContext(code=unit.code, kind=unit.kind, parent_kind=unit.parent_kind)
    results = unit.results
    criteria: dict[str, CriterionScore] = {}
    sections: dict[str, Decimal] = dict.fromkeys(plan.inner, ZERO)
    missing: list[str] = []
    total = ZERO
    for node, rule, max_points, ancestors in plan.leaves:
        code = node.code
        if code not in results or results[code] is None:
            if code in plan.reported_missing:
                missing.append(code)
            outcome = Outcome(raw=ZERO, value=None)
            points = ZERO
            given: object = None
        else:
            given = results[code]
            try:
                outcome = rule.evaluate(given, max_points=max_points, unit=ctx)
            except InputProblem as problem:
                errors.append(InputError(unit.code, code, given, problem.msg))
                continue
            points = round_points(outcome.raw)
            if outcome.warning is not None:
                warnings.append(Msg(f"{code}: {outcome.warning.vi}", f"{code}: {outcome.warning.en}"))
        criteria[code] = CriterionScore(code, points, node.max_points, given, outcome, rule)
        total += points
        for a in ancestors:
            sections[a] += points
    if len(errors) > n_errors:
        return None
    index = (total / fw.max_points).quantize(INDEX_PLACES) if fw.index else None
    return UnitScore(
        unit=unit,
        total=total,
        index=index,
        groups={g: sections[g] for g in plan.groups},
        sections=sections,
        criteria=criteria,
        missing=tuple(missing),
        warnings=tuple(warnings),
    )
