"""Scoring units on a framework: criterion points, subtotals, totals, index.

Rounding (docs/rounding.md): each criterion's points are rounded half-up to
2 decimals; every subtotal and total is the sum of those rounded points, so a
printed table always adds up. Nothing is half-scored: the input errors of a
whole batch are collected and raised together, before any result is returned.

Speed (bench/bench_scoring.py, docs/performance.md): a unit's score keeps
only its points per criterion; the details of a criterion (normalised input,
target used, explanation) are rebuilt on demand by re-running the same pure
rule, so a national run allocates little. The points of the usual inputs come
from compiled criteria (:mod:`thidua.scoring.compiled`), which give exactly
the rules' points or step aside; anything else (a bad value, a missing one, an
unknown unit kind, a non-default Decimal context) is scored by the rules
themselves, the reference path (:func:`score_all_reference`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from thidua.scoring.compiled import (
    CENTS,
    Fast,
    K,
    Memo,
    compile_criterion,
    decimal_cents,
    default_context,
)
from thidua.scoring.errors import InputError, InputProblem, ScoringInputError
from thidua.scoring.kinds import UNIT_KINDS
from thidua.scoring.model import Framework, Node
from thidua.scoring.rules import Outcome, Rule, UnitContext
from thidua.scoring.rules.base import CENT, ZERO
from thidua.scoring.text import Msg

INDEX_PLACES = Decimal("0.0001")
_NOTHING = Outcome(raw=ZERO, value=None)


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

    def context(self) -> UnitContext:
        return UnitContext(code=self.code, kind=self.kind, parent_kind=self.parent_kind)


class CriterionScore(NamedTuple):
    """One criterion's points for one unit, with what they were computed from."""

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
        """Rule, input, target used and why, arithmetic, points — in Vietnamese and English."""
        if self.input is None:
            if self.rule.kind == "events":
                return Msg("Không có sự kiện → 0 điểm", "No events → 0 points")
            return Msg("Chưa có kết quả → 0 điểm", "No result entered → 0 points")
        how = self.rule.describe(self.max_points)
        did = self.rule.explain(self.outcome, points=self.points, max_points=self.max_points)
        return Msg(f"{how.vi}. {did.vi}", f"{how.en}. {did.en}")


class _Plan:
    """What scoring needs of a framework, computed once per framework."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.inner = tuple(n.code for n in _inner_nodes(framework.nodes))
        self.groups = tuple(n.code for n in framework.nodes)
        self.leaves: tuple[tuple[Node, Rule, Decimal], ...] = tuple(
            (c, c.rule, c.max_points if c.max_points is not None else ZERO)
            for c in framework.criteria
            if c.rule is not None
        )
        self.leaf_codes = tuple(c.code for c, _r, _m in self.leaves)
        # (code, bound evaluate, max) so the hot loop does no attribute lookups.
        self.hot = tuple((c.code, r.evaluate, m) for c, r, m in self.leaves)
        position = {code: i for i, code in enumerate(self.leaf_codes)}
        self.members: tuple[tuple[str, tuple[int, ...]], ...] = tuple(
            (code, tuple(position[leaf.code] for leaf in framework.by_code[code].leaves()))
            for code in self.inner
        )
        self.spans = _spans(self.members)
        self.codes = frozenset(self.leaf_codes)
        self.reported_missing = frozenset(c.code for c in framework.criteria if not c.is_events)
        self._compiled: dict[tuple[str | None, str | None], _Compiled | None] = {}

    def compiled(self, kind: str | None, parent_kind: str | None) -> _Compiled | None:
        """The compiled criteria for units of this kind and parent kind (None: unknown kinds)."""
        key = (kind, parent_kind)
        try:
            return self._compiled[key]
        except KeyError:
            pass
        compiled = None
        if all(k is None or k in UNIT_KINDS for k in key):
            compiled = _Compiled(self, kind, parent_kind)
        self._compiled[key] = compiled
        return compiled


class _Compiled:
    """A framework's criteria compiled for one (unit kind, parent kind); see compiled.py."""

    __slots__ = ("fasts", "memos", "warnings")

    def __init__(self, plan: _Plan, kind: str | None, parent_kind: str | None) -> None:
        ctx = UnitContext(code="", kind=kind, parent_kind=parent_kind)
        pairs = [compile_criterion(r, m, ctx) for _c, r, m in plan.leaves]
        self.fasts: tuple[Fast, ...] = tuple(f for f, _m in pairs)
        self.memos: tuple[Memo | None, ...] = tuple(m for _f, m in pairs)
        # What _check_unit warns about a unit of this kind (its errors send a unit elsewhere).
        warnings: list[Msg] = []
        _check_unit(plan, UnitInput("?", kind=kind, parent_kind=parent_kind), [], warnings)
        self.warnings = tuple(warnings)


def _spans(
    members: tuple[tuple[str, tuple[int, ...]], ...],
) -> tuple[tuple[str, slice], ...] | None:
    """The members as slices of the table, or None if some node's leaves are not consecutive
    (they are in table order; the fast path, which sums slices in C, relies on it)."""
    spans: list[tuple[str, slice]] = []
    for code, idx in members:
        span = slice(idx[0], idx[-1] + 1) if idx else slice(0, 0)
        if tuple(range(span.start, span.stop)) != idx:
            return None
        spans.append((code, span))
    return tuple(spans)


def _inner_nodes(nodes: Iterable[Node]) -> Iterable[Node]:
    for n in nodes:
        if not n.is_criterion:
            yield n
            yield from _inner_nodes(n.children)


#: Compiled plans by framework identity, newest last. A plan holds its framework, so an
#: id cannot be reused while cached; the bound keeps a process that loads many framework
#: files (a long-lived API or a script) from keeping every one of them alive.
_PLANS: dict[int, _Plan] = {}
_PLANS_MAX = 32


def _plan(framework: Framework) -> _Plan:
    plan = _PLANS.pop(id(framework), None)
    if plan is None or plan.framework is not framework:
        plan = _Plan(framework)
    _PLANS[id(framework)] = plan
    while len(_PLANS) > _PLANS_MAX:
        del _PLANS[next(iter(_PLANS))]
    return plan


class CriteriaView(Mapping[str, CriterionScore]):
    """A unit's criteria by code, in table order; details rebuilt on access."""

    __slots__ = ("_framework", "_points", "_unit")

    def __init__(
        self, framework: Framework, unit: UnitInput, points: Mapping[str, Decimal]
    ) -> None:
        self._framework = framework
        self._unit = unit
        self._points = points

    def __getitem__(self, code: str) -> CriterionScore:
        points = self._points[code]
        node = self._framework.by_code[code]
        assert node.rule is not None
        given = self._unit.results.get(code)
        if given is None:
            outcome = _NOTHING
        else:
            max_points = node.max_points if node.max_points is not None else ZERO
            outcome = node.rule.evaluate(given, max_points=max_points, unit=self._unit.context())
        return CriterionScore(code, points, node.max_points, given, outcome, node.rule)

    def __iter__(self) -> Iterator[str]:
        return iter(self._points)

    def __len__(self) -> int:
        return len(self._points)


@dataclass(frozen=True, slots=True)
class UnitScore:
    unit: UnitInput
    total: Decimal
    index: Decimal | None
    groups: Mapping[str, Decimal]
    sections: Mapping[str, Decimal]
    points: Mapping[str, Decimal]
    missing: tuple[str, ...]
    warnings: tuple[Msg, ...]
    framework: Framework = field(repr=False, compare=False)
    rank: int | None = None

    @property
    def criteria(self) -> CriteriaView:
        """Every criterion's score with its input and explanation, by code."""
        return CriteriaView(self.framework, self.unit, self.points)

    def with_rank(self, rank: int) -> UnitScore:
        """A copy with its rank set (cheaper than dataclasses.replace for a whole country)."""
        return UnitScore(
            self.unit,
            self.total,
            self.index,
            self.groups,
            self.sections,
            self.points,
            self.missing,
            self.warnings,
            self.framework,
            rank,
        )

    def subtotal(self, code: str) -> Decimal:
        """A group, section or criterion figure by code ("A", "A.II", "A.II.1", or "total")."""
        if code == "total":
            return self.total
        if code in self.sections:
            return self.sections[code]
        return self.points[code]


def score_unit(framework: Framework, unit: UnitInput) -> UnitScore:
    """Score one unit; raise ScoringInputError listing all of its bad values."""
    errors: list[InputError] = []
    score = _score_fast if default_context() else _score
    result = score(_plan(framework), unit, errors)
    if errors:
        raise ScoringInputError(errors)
    assert result is not None
    return result


def score_all(framework: Framework, units: Iterable[UnitInput]) -> list[UnitScore]:
    """Score many units (unranked, input order); all-or-nothing on input errors."""
    return _score_all(framework, units, fast=default_context())


def score_all_reference(framework: Framework, units: Iterable[UnitInput]) -> list[UnitScore]:
    """``score_all`` by the rules alone, without compiled criteria: the same results, slower.

    For the benchmark and the tests that compare the two paths.
    """
    return _score_all(framework, units, fast=False)


def _score_all(framework: Framework, units: Iterable[UnitInput], *, fast: bool) -> list[UnitScore]:
    plan = _plan(framework)
    score = _score_fast if fast else _score
    errors: list[InputError] = []
    seen: set[str] = set()
    out: list[UnitScore] = []
    with _no_cyclic_gc():
        for unit in units:
            if unit.code in seen:
                errors.append(
                    InputError(
                        unit.code,
                        "",
                        unit.code,
                        Msg("mã đơn vị bị lặp", "the unit code is repeated"),
                    )
                )
            seen.add(unit.code)
            result = score(plan, unit, errors)
            if result is not None:
                out.append(result)
    if errors:
        raise ScoringInputError(errors)
    return out


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector during a batch.

    Scoring a country allocates a few hundred thousand small acyclic objects;
    the collector would walk the growing heap again and again for no garbage
    (measured: about 40% of the run, bench/bench_scoring.py). Reference
    counting still frees everything; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_unit(
    plan: _Plan, unit: UnitInput, errors: list[InputError], warnings: list[Msg]
) -> None:
    fw = plan.framework
    if not unit.code:
        errors.append(
            InputError("?", "", unit.name, Msg("đơn vị thiếu mã", "the unit has no code"))
        )
    for kind in (unit.kind, unit.parent_kind):
        if kind is not None and kind not in UNIT_KINDS:
            errors.append(
                InputError(
                    unit.code,
                    "",
                    kind,
                    Msg(f"loại đơn vị không biết '{kind}'", f"unknown unit kind '{kind}'"),
                )
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
                    Msg(
                        f"bảng điểm {fw.code} không có chỉ tiêu {code}",
                        f"framework {fw.code} has no criterion {code}",
                    ),
                )
            )


def _score(plan: _Plan, unit: UnitInput, errors: list[InputError]) -> UnitScore | None:
    n_errors = len(errors)
    warnings: list[Msg] = []
    _check_unit(plan, unit, errors, warnings)
    ctx = unit.context()
    results = unit.results
    points_list: list[Decimal] = []
    missing: list[str] = []
    reported_missing = plan.reported_missing
    for code, evaluate, max_points in plan.hot:
        given = results.get(code)
        if given is None:
            if code in reported_missing:
                missing.append(code)
            points_list.append(ZERO)
            continue
        try:
            outcome = evaluate(given, max_points=max_points, unit=ctx)
        except InputProblem as problem:
            errors.append(InputError(unit.code, code, given, problem.msg))
            continue
        points_list.append(outcome.raw.quantize(CENT, ROUND_HALF_UP))  # = round_points, inlined
        if outcome.warning is not None:
            warnings.append(Msg(f"{code}: {outcome.warning.vi}", f"{code}: {outcome.warning.en}"))
    if len(errors) > n_errors:
        return None
    total = sum(points_list, ZERO)
    sections = {code: sum([points_list[i] for i in idx], ZERO) for code, idx in plan.members}
    fw = plan.framework
    return UnitScore(
        unit=unit,
        total=total,
        index=(total / fw.max_points).quantize(INDEX_PLACES) if fw.index else None,
        groups={g: sections[g] for g in plan.groups},
        sections=sections,
        points=dict(zip(plan.leaf_codes, points_list, strict=True)),
        missing=tuple(missing),
        warnings=tuple(warnings),
        framework=fw,
    )


def _score_fast(plan: _Plan, unit: UnitInput, errors: list[InputError]) -> UnitScore | None:
    """``_score`` with compiled criteria; the same result, or ``_score`` itself when unusual."""
    compiled = plan.compiled(unit.kind, unit.parent_kind)
    results = unit.results
    codes = plan.leaf_codes
    spans = plan.spans
    if (
        compiled is None
        or spans is None
        or not codes
        or not unit.code
        or not plan.codes.issuperset(results)
    ):
        return _score(plan, unit, errors)  # its errors (unknown kinds, codes) are reported there
    cents = [f(v) for f, v in zip(compiled.fasts, map(results.get, codes), strict=True)]
    fw = plan.framework
    if None in cents:
        return _score_mixed(plan, compiled, unit, cents, errors)
    # Every criterion scored in cents: the sums are exact integers, and a Decimal sum of
    # rounded points (all with exponent -2, none missing) is the same number of cents with
    # exponent -2, never -0. (decimal_cents inlined: CENTS[c] for -K <= c <= K.)
    cents_ok: list[int] = cents  # type: ignore[assignment]  # no None left
    table = CENTS
    c = sum(cents_ok)
    total = table[c] if -K <= c <= K else decimal_cents(c)
    sections: dict[str, Decimal] = {}
    for code, span in spans:
        c = sum(cents_ok[span])
        sections[code] = (
            (table[c] if -K <= c <= K else decimal_cents(c)) if span.start < span.stop else ZERO
        )
    return UnitScore(
        unit,
        total,
        (total / fw.max_points).quantize(INDEX_PLACES) if fw.index else None,
        {g: sections[g] for g in plan.groups},
        sections,
        dict(zip(codes, [table[c] for c in cents_ok], strict=True)),
        (),
        compiled.warnings,
        fw,
    )


def _score_mixed(
    plan: _Plan,
    compiled: _Compiled,
    unit: UnitInput,
    cents: list[int | None],
    errors: list[InputError],
) -> UnitScore | None:
    """A unit some of whose values the compiled criteria left to the rules (or missing)."""
    results = unit.results
    n_errors = len(errors)
    points_list: list[Decimal] = []
    missing: list[str] = []
    warnings = list(compiled.warnings)
    ctx = unit.context()
    reported_missing = plan.reported_missing
    table = CENTS
    for i, (code, evaluate, max_points) in enumerate(plan.hot):
        c = cents[i]
        if c is not None:
            points_list.append(table[c])
            continue
        # From here on, exactly what _score does.
        given = results.get(code)
        if given is None:
            if code in reported_missing:
                missing.append(code)
            points_list.append(ZERO)
            continue
        try:
            outcome = evaluate(given, max_points=max_points, unit=ctx)
        except InputProblem as problem:
            errors.append(InputError(unit.code, code, given, problem.msg))
            continue
        points = outcome.raw.quantize(CENT, ROUND_HALF_UP)
        points_list.append(points)
        if outcome.warning is not None:
            warnings.append(Msg(f"{code}: {outcome.warning.vi}", f"{code}: {outcome.warning.en}"))
        else:
            memo = compiled.memos[i]
            if memo is not None:
                memo.remember(given, points)
    if len(errors) > n_errors:
        return None
    total = sum(points_list, ZERO)
    sections = {code: sum([points_list[i] for i in idx], ZERO) for code, idx in plan.members}
    fw = plan.framework
    return UnitScore(
        unit=unit,
        total=total,
        index=(total / fw.max_points).quantize(INDEX_PLACES) if fw.index else None,
        groups={g: sections[g] for g in plan.groups},
        sections=sections,
        points=dict(zip(plan.leaf_codes, points_list, strict=True)),
        missing=tuple(missing),
        warnings=tuple(warnings),
        framework=fw,
    )
