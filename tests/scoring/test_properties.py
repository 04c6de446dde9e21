"""Property tests (Hypothesis) over the shipped frameworks."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.scoring import Framework, UnitInput, get_builtin, rank, score_all, score_unit
from thidua.scoring.rules import (
    BinaryRule,
    ChoiceRule,
    CountRule,
    EventsRule,
    RatioRule,
    ScaledRule,
    TiersRule,
)

FRAMEWORKS = [
    "hagiang-2023-district",
    "hagiang-2023-commune",
    "district-2832-2023-commune",
    "dti-commune",
]
KINDS = ["xa", "phuong", "thi_tran", "huyen", "thanh_pho"]


@st.composite
def unit_results(draw: st.DrawFn, fw: Framework) -> dict[str, object]:
    results: dict[str, object] = {}
    for c in fw.criteria:
        if not draw(st.booleans()):
            continue
        r = c.rule
        if isinstance(r, BinaryRule):
            results[c.code] = draw(st.booleans())
        elif isinstance(r, RatioRule):
            num = draw(st.integers(0, 1000))
            results[c.code] = {
                "numerator": num,
                "denominator": draw(st.integers(max(num, 1), 1000)),
            }
        elif isinstance(r, CountRule):
            results[c.code] = draw(st.integers(0, r.max_count if r.max_count else 40))
        elif isinstance(r, TiersRule):
            results[c.code] = draw(st.integers(0, 30))
        elif isinstance(r, ChoiceRule):
            results[c.code] = draw(st.sampled_from([o.key for o in r.options]))
        elif isinstance(r, ScaledRule):
            results[c.code] = draw(st.integers(0, int(r.scale)))
        elif isinstance(r, EventsRule):
            events = []
            for k in draw(st.lists(st.sampled_from(r.kinds), max_size=4)):
                if k.ranged:
                    events.append(
                        {
                            "kind": k.key,
                            "points": draw(
                                st.integers(int(k.min_points or 0), int(k.max_points or 0))
                            ),
                        }
                    )
                else:
                    events.append({"kind": k.key, "count": draw(st.integers(0, 5))})
            results[c.code] = events
    return results


@st.composite
def units_for(draw: st.DrawFn, fw: Framework) -> list[UnitInput]:
    n = draw(st.integers(1, 8))
    return [
        UnitInput(
            f"U{i:02d}",
            kind=draw(st.sampled_from(KINDS)),
            parent_kind=draw(st.sampled_from(["huyen", "thanh_pho"])),
            results=draw(unit_results(fw)),
        )
        for i in range(n)
    ]


@settings(max_examples=60, deadline=None)
@given(data=st.data(), code=st.sampled_from(FRAMEWORKS))
def test_it_keeps_points_within_bounds_and_totals_as_sums(data: st.DataObject, code: str) -> None:
    fw = get_builtin(code)
    units = data.draw(units_for(fw))
    for s in score_all(fw, units):
        for c in fw.criteria:
            p = s.criteria[c.code].points
            assert p == p.quantize(Decimal("0.01"))
            cap = c.max_points
            if isinstance(c.rule, EventsRule):
                if cap is not None:
                    assert -cap <= p <= cap
            else:
                assert cap is not None and Decimal(0) <= p <= cap
        assert s.total == sum((s.criteria[c.code].points for c in fw.criteria), Decimal(0))
        assert sum(s.groups.values(), Decimal(0)) == s.total


@settings(max_examples=60, deadline=None)
@given(
    a=st.integers(0, 1000),
    b=st.integers(0, 1000),
    kind=st.sampled_from(KINDS),
    parent=st.sampled_from(["huyen", "thanh_pho"]),
)
def test_it_never_lowers_ratio_points_when_the_ratio_grows(
    a: int, b: int, kind: str, parent: str
) -> None:
    lo, hi = sorted((a, b))
    for code in FRAMEWORKS:
        fw = get_builtin(code)
        for c in fw.criteria:
            if not isinstance(c.rule, RatioRule):
                continue
            s_lo = score_unit(
                fw,
                UnitInput(
                    "U",
                    kind=kind,
                    parent_kind=parent,
                    results={c.code: {"numerator": lo, "denominator": 1000}},
                ),
            )
            s_hi = score_unit(
                fw,
                UnitInput(
                    "U",
                    kind=kind,
                    parent_kind=parent,
                    results={c.code: {"numerator": hi, "denominator": 1000}},
                ),
            )
            assert s_lo.criteria[c.code].points <= s_hi.criteria[c.code].points


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_it_ranks_as_a_permutation_with_ties_sharing_ranks(data: st.DataObject) -> None:
    fw = get_builtin("hagiang-2023-commune")
    units = data.draw(units_for(fw))
    ranked = rank(score_all(fw, units))
    assert sorted(s.unit.code for s in ranked) == sorted(u.code for u in units)
    for i, s in enumerate(ranked, start=1):
        assert s.rank is not None and s.rank <= i
        if i > 1:
            prev = ranked[i - 2]
            assert prev.total >= s.total
            assert (s.rank == prev.rank) == (s.total == prev.total)
        else:
            assert s.rank == 1
