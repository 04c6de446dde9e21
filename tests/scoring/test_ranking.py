"""Ranks: equal figures share a rank (1, 2, 2, 4); explicit tie-breakers; stable order."""

from __future__ import annotations

import pytest

from thidua.scoring import (
    TieBreakerError,
    UnitInput,
    check_tie_breakers,
    get_builtin,
    score_and_rank,
)


def _unit(code: str, *, a_ratio: str, c_late: int = 0, b_task: int | None = None) -> UnitInput:
    results: dict[str, object] = {"A.II.2": a_ratio}
    if c_late:
        results["C.1"] = [{"kind": "late_1_2_days", "count": c_late}]
    if b_task is not None:
        results["B.5"] = [{"kind": "task", "points": b_task}]
    return UnitInput(code, kind="xa", parent_kind="huyen", results=results)


def test_it_shares_ranks_on_equal_totals() -> None:
    fw = get_builtin("hagiang-2023-commune")  # A.II.2: ratio × 10
    units = [
        _unit("d", a_ratio="50%"),  # 5
        _unit("b", a_ratio="80%"),  # 8
        _unit("c", a_ratio="80%"),  # 8
        _unit("a", a_ratio="90%"),  # 9
    ]
    ranked = score_and_rank(fw, units)
    assert [(s.unit.code, s.rank) for s in ranked] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


def test_it_breaks_ties_with_explicit_subtotals_in_order() -> None:
    fw = get_builtin("hagiang-2023-commune")
    units = [
        _unit("x", a_ratio="90%", c_late=1),  # A 9, C −1 → 8
        _unit("y", a_ratio="80%"),  # A 8, C 0 → 8
        _unit("z", a_ratio="30%", b_task=5),  # A 3, B 5 → 8
    ]
    assert [s.rank for s in score_and_rank(fw, units)] == [1, 1, 1]
    by_a = score_and_rank(fw, units, tie_breakers=("A",))
    assert [(s.unit.code, s.rank) for s in by_a] == [("x", 1), ("y", 2), ("z", 3)]
    by_fewer_deductions = score_and_rank(fw, units, tie_breakers=("C", "A"))
    assert [(s.unit.code, s.rank) for s in by_fewer_deductions] == [("y", 1), ("z", 2), ("x", 3)]


def test_it_refuses_an_unknown_tie_breaker() -> None:
    with pytest.raises(TieBreakerError) as info:
        check_tie_breakers(get_builtin("dti-commune"), ("Z",))
    assert "Z" in str(info.value)
