"""The fast path (compiled criteria) gives exactly the reference path's results.

``score_all`` scores the usual inputs through :mod:`thidua.scoring.compiled`
and leaves everything else to the rules; ``score_all_reference`` runs the
rules alone. Every figure (with its Decimal representation: "8.50" is not
"8.5", "-0.00" is not "0.00"), missing list, warning, explanation, rank and
error must be the same.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.scoring.helpers import one_criterion
from thidua.scoring import (
    Framework,
    ScoringInputError,
    UnitInput,
    UnitScore,
    get_builtin,
    rank,
    score_all,
    score_unit,
)
from thidua.scoring.compiled import CENTS, K, Memo, compile_criterion, default_context
from thidua.scoring.evaluate import score_all_reference
from thidua.scoring.loader import parse_framework
from thidua.scoring.rules import (
    BinaryRule,
    ChoiceRule,
    CountRule,
    EventsRule,
    RatioRule,
    ScaledRule,
    TiersRule,
    UnitContext,
)
from thidua.scoring.rules.base import CENT

FRAMEWORKS = [
    "hagiang-2023-district",
    "hagiang-2023-commune",
    "district-2832-2023-commune",
    "dti-commune",
]
# Every kind an override of the shipped frameworks names, kinds they do not, no kind, and
# an unknown kind (an input error).
KINDS = ["xa", "phuong", "thi_tran", "huyen", "thanh_pho", "thon", None, "nope"]
PARENT_KINDS = ["huyen", "thanh_pho", "tinh", None, "nope"]
CONTEXTS = [
    UnitContext("", kind, parent)
    for kind in ("xa", "phuong", "thi_tran", "huyen", "thanh_pho", None)
    for parent in ("huyen", "thanh_pho", None)
]


def figures(scores: list[UnitScore], *, explain: bool = False) -> list[object]:
    """Everything a score shows, Decimals by repr so that representations must match."""
    out: list[object] = []
    for s in scores:
        row: list[object] = [
            s.unit,
            s.rank,
            repr(s.total),
            repr(s.index),
            [(k, repr(v)) for k, v in s.groups.items()],
            [(k, repr(v)) for k, v in s.sections.items()],
            [(k, repr(v)) for k, v in s.points.items()],
            s.missing,
            s.warnings,
        ]
        if explain:
            row.append(
                [
                    (c.code, repr(c.points), c.input, repr(c.value), c.explanation)
                    for c in s.criteria.values()
                ]
            )
        out.append(row)
    return out


def outcome(fn: object, fw: Framework, units: list[UnitInput]) -> object:
    """The figures of a batch, ranked, or the error it raised."""
    try:
        scores = fn(fw, units)  # type: ignore[operator]
    except ScoringInputError as e:
        return ("input errors", e.errors)
    except Exception as e:
        return (type(e).__name__, str(e))
    return figures(rank(scores), explain=True) + figures(
        rank(scores, tie_breakers=("total", fw.nodes[-1].code))
    )


def assert_same(fw: Framework, units: list[UnitInput]) -> None:
    assert outcome(score_all, fw, units) == outcome(score_all_reference, fw, units)


# -- values ---------------------------------------------------------------------------

junk = st.one_of(
    st.booleans(),
    st.integers(-3, 40),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True, places=3),
    st.sampled_from(
        ["", " ", "có", "không", "x", "85%", "85,5%", "-0%", "-0", "0,855", "abc", "1e3", "NaN"]
    ),
    st.text(max_size=4),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["numerator", "denominator", "kind"]), st.integers(-2, 5)),
)


@st.composite
def ratio_value(draw: st.DrawFn) -> object:
    shape = draw(st.integers(0, 9))
    if shape <= 4:  # the machines' shape, small denominators (half cents) and large ones
        d = draw(
            st.one_of(st.integers(1, 400), st.integers(1, 10**6), st.integers(2**30 - 5, 2**30 + 5))
        )
        return {"numerator": draw(st.integers(0, d)), "denominator": d}
    if shape == 5:  # bad or unusual numerators and denominators
        return {
            "numerator": draw(st.one_of(st.integers(-3, 50), st.floats(0, 50), st.just("3"))),
            "denominator": draw(st.one_of(st.integers(-1, 50), st.just("40"), st.just(True))),
        }
    if shape == 6:
        return f"{draw(st.decimals(0, 100, places=2))}%".replace(".", draw(st.sampled_from(".,")))
    if shape == 7:
        return draw(st.sampled_from([0, 1, "0", "1", "0.855", "0,7", 0.7, Decimal("0.75")]))
    return draw(junk)


@st.composite
def events_value(draw: st.DrawFn, rule: EventsRule) -> object:
    if draw(st.integers(0, 9)) == 0:
        return draw(junk)
    entries: list[object] = []
    for _ in range(draw(st.integers(0, 4))):
        k = draw(st.sampled_from(rule.kinds))
        entry: dict[str, object] = {"kind": k.key}
        odd = draw(st.integers(0, 12))
        if k.ranged:
            lo, hi = int(k.min_points or 0), int(k.max_points or 0)
            entry["points"] = draw(st.integers(lo, hi)) if odd else draw(junk)
            if draw(st.booleans()):
                entry["count"] = draw(st.integers(0, 3))
        else:
            if odd == 0:
                entry["count"] = draw(junk)
            elif odd == 1:
                entry["points"] = draw(st.sampled_from([k.points, 0, "", None, "x"]))
            elif odd != 2:  # 2: no count (one occurrence)
                entry["count"] = draw(st.integers(0, 40))
        if odd == 3:
            entry["kind"] = draw(st.sampled_from(["nope", 3, None]))
        entries.append(entry)
    shape = draw(st.integers(0, 9))
    if shape == 0 and entries:
        return entries[0]  # a single event, not in a list
    if shape == 1:
        return tuple(entries)
    return entries


@st.composite
def value_for(draw: st.DrawFn, fw: Framework, code: str) -> object:
    r = fw.by_code[code].rule
    if draw(st.integers(0, 14)) == 0:
        return draw(junk)
    if isinstance(r, BinaryRule):
        return draw(st.one_of(st.booleans(), st.sampled_from([0, 1, "có", "Không", "2"])))
    if isinstance(r, RatioRule):
        return draw(ratio_value())
    if isinstance(r, CountRule):
        hi = r.max_count + 2 if r.max_count else 60
        return draw(st.one_of(st.integers(0, hi), st.sampled_from(["3", 2.0, -1, 10**12])))
    if isinstance(r, TiersRule):
        return draw(st.one_of(st.integers(0, 30), st.sampled_from(["4", 2.5, -1, "1,0"])))
    if isinstance(r, ChoiceRule):
        keys = [o.key for o in r.options] + [o.label for o in r.options]
        return draw(st.one_of(st.sampled_from(keys), st.just("hằng tuần")))
    if isinstance(r, ScaledRule):
        return draw(st.one_of(st.integers(0, int(r.scale) + 20), st.decimals(0, 150, places=2)))
    if isinstance(r, EventsRule):
        return draw(events_value(r))
    return draw(junk)


@st.composite
def units_for(draw: st.DrawFn, fw: Framework, *, clean: bool = False) -> list[UnitInput]:
    codes = [c.code for c in fw.criteria]
    units: list[UnitInput] = []
    for i in range(draw(st.integers(1, 6))):
        results: dict[str, object] = {}
        for code in codes:
            presence = draw(st.integers(0, 9))
            if presence == 0:
                continue  # missing
            if presence == 1 and not clean:
                results[code] = None  # missing, written out
            elif presence == 2 and units and code in units[-1].results:
                results[code] = units[-1].results[code]  # the same value again (memo)
            else:
                results[code] = draw(value_for(fw, code))
        if not clean and draw(st.integers(0, 19)) == 0:
            results["Z.9"] = 1  # not a criterion of the framework
        code = f"U{i}"
        if not clean and draw(st.integers(0, 29)) == 0:
            code = draw(st.sampled_from(["", "U0"]))  # no code, a repeated code
        units.append(
            UnitInput(
                code,
                kind=draw(st.sampled_from(KINDS[:6] if clean else KINDS)),
                parent_kind=draw(st.sampled_from(PARENT_KINDS[:3] if clean else PARENT_KINDS)),
                results=results,
            )
        )
    return units


# -- the whole engine -----------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(data=st.data(), code=st.sampled_from(FRAMEWORKS))
def test_it_scores_like_the_reference_whatever_the_input(data: st.DataObject, code: str) -> None:
    fw = get_builtin(code)
    assert_same(fw, data.draw(units_for(fw)))


@settings(max_examples=75, deadline=None)
@given(data=st.data(), code=st.sampled_from(FRAMEWORKS))
def test_it_scores_like_the_reference_on_acceptable_input(data: st.DataObject, code: str) -> None:
    fw = get_builtin(code)
    units = data.draw(units_for(fw, clean=True))
    fast = outcome(score_all, fw, units)
    assert fast == outcome(score_all_reference, fw, units)
    for u in units:  # and score_unit, one by one
        assert outcome(lambda f, us: [score_unit(f, us[0])], fw, [u]) == outcome(
            score_all_reference, fw, [u]
        )


def test_it_uses_the_reference_under_another_decimal_context() -> None:
    fw = get_builtin("hagiang-2023-commune")
    units = [
        UnitInput(
            "U1",
            kind="xa",
            parent_kind="huyen",
            results={"A.II.2": {"numerator": 1, "denominator": 3}},
        )
    ]
    assert default_context()
    with decimal.localcontext() as ctx:
        ctx.prec = 6
        assert not default_context()
        assert figures(score_all(fw, units)) == figures(score_all_reference(fw, units))
    with decimal.localcontext() as ctx:
        ctx.traps[decimal.Inexact] = True
        assert not default_context()
        with pytest.raises(decimal.Inexact):
            score_all(fw, units)


def test_it_scores_a_synthetic_country_like_the_reference() -> None:
    """The benchmark's shapes (bench/bench_scoring.py), every unit kind, many units."""
    import random

    fw = get_builtin("hagiang-2023-commune")
    rng = random.Random(7)
    kinds = [("xa", "huyen"), ("thi_tran", "huyen"), ("phuong", "thanh_pho"), ("xa", "thanh_pho")]
    units = []
    for i in range(400):
        results: dict[str, object] = {}
        for c in fw.criteria:
            r = c.rule
            if isinstance(r, BinaryRule):
                results[c.code] = rng.random() < 0.8
            elif isinstance(r, RatioRule):
                d = rng.randint(1, 400)
                results[c.code] = {"numerator": rng.randint(0, d), "denominator": d}
            elif isinstance(r, CountRule):
                results[c.code] = rng.randint(0, 12)
            elif isinstance(r, EventsRule):
                results[c.code] = [
                    {"kind": k.key, "points": int(k.min_points or 0)}
                    if k.ranged
                    else {"kind": k.key, "count": rng.randint(0, 3)}
                    for k in rng.sample(r.kinds, rng.randint(0, len(r.kinds)))
                ]
        kind, parent = kinds[i % len(kinds)]
        units.append(UnitInput(f"X{i:04d}", kind=kind, parent_kind=parent, results=results))
    assert_same(fw, units)


# -- the pieces -----------------------------------------------------------------------


def test_its_cents_are_what_the_rounding_returns() -> None:
    for c in range(-K, K + 1):
        expected = (Decimal(c) / 100).quantize(CENT, ROUND_HALF_UP)
        assert repr(CENTS[c]) == repr(expected)


def _reference_points(rule: RatioRule, value: object, m: Decimal, unit: UnitContext) -> Decimal:
    return rule.evaluate(value, max_points=m, unit=unit).raw.quantize(CENT, ROUND_HALF_UP)


RATIO_CRITERIA = [
    (code, c.code)
    for code in FRAMEWORKS
    for c in get_builtin(code).criteria
    if isinstance(c.rule, RatioRule)
]


@settings(max_examples=400, deadline=None)
@given(
    which=st.sampled_from(RATIO_CRITERIA),
    unit=st.sampled_from(CONTEXTS),
    d=st.one_of(st.integers(1, 1000), st.integers(1, 2**31), st.integers(1, 10**18)),
    data=st.data(),
)
@example(which=("hagiang-2023-commune", "A.II.2"), unit=CONTEXTS[0], d=8, data=None)
def test_its_ratio_cents_are_the_rules_points(
    which: tuple[str, str], unit: UnitContext, d: int, data: st.DataObject | None
) -> None:
    """Integer arithmetic against the rule's Decimal arithmetic, half cents included."""
    fw = get_builtin(which[0])
    node = fw.by_code[which[1]]
    rule = node.rule
    assert isinstance(rule, RatioRule)
    m = node.max_points if node.max_points is not None else Decimal(0)
    fast, _memo = compile_criterion(rule, m, unit)
    numerators = {0, d, d // 2, d // 3, d - 1}
    if data is not None:
        numerators.add(data.draw(st.integers(0, d)))
    # Numerators near a half cent: n ≈ (k + 1/2) / 100 × d × target / max.
    target = rule.target_for(unit).target if rule.basis == "target" else Decimal(1)
    if m:
        for k in (0, 1, 7, 33, 50, int(m * 100) - 1):
            exact = (Fraction(2 * k + 1, 200) * Fraction(target) / Fraction(m)) * d
            numerators.update(int(exact) + i for i in (-1, 0, 1))
    for n in sorted(x for x in numerators if 0 <= x <= d):
        value = {"numerator": n, "denominator": d}
        got = fast(value)
        want = _reference_points(rule, value, m, unit)
        if got is not None:
            assert repr(CENTS[got]) == repr(want), (value, got, want)
        exact_points = Fraction(n, d) * Fraction(m) / Fraction(target)
        if Fraction(n, d) < Fraction(target) and (exact_points * 200) % 2 == 1:
            assert got is None  # an exact half cent is left to the rule


def test_it_leaves_exact_half_cents_to_the_rule() -> None:
    fw = get_builtin("hagiang-2023-commune")
    rule = fw.by_code["A.II.2"].rule  # ratio × 10, no target
    assert isinstance(rule, RatioRule)
    fast, _ = compile_criterion(rule, Decimal(10), CONTEXTS[0])
    half = {"numerator": 1, "denominator": 16}  # 0.625 points exactly: 0.63 by the rule
    assert fast(half) is None
    assert _reference_points(rule, half, Decimal(10), CONTEXTS[0]) == Decimal("0.63")
    assert fast({"numerator": 1, "denominator": 8}) == 125
    assert fast({"numerator": 1, "denominator": 3}) == 333
    assert fast({"numerator": 3, "denominator": 4}) == 750


def test_it_never_memoises_a_negative_zero() -> None:
    memo = Memo()
    memo.remember("-0%", Decimal("-0.00"))
    memo.remember("0%", Decimal("0.00"))
    memo.remember(7, Decimal("1E+6"))
    assert memo.by_type[str] == {"0%": 0}
    assert memo.by_type[int] == {}


def test_it_keeps_the_sign_of_a_negative_zero_ratio() -> None:
    """ "-0%" rounds to Decimal("-0.00") by the rule; the fast path must not make it 0.00."""
    fw = get_builtin("hagiang-2023-commune")
    units = [
        UnitInput(f"U{i}", kind="xa", parent_kind="huyen", results={"A.II.2": "-0%"})
        for i in range(3)
    ]
    fast = score_all(fw, units)
    assert repr(fast[2].points["A.II.2"]) == "Decimal('-0.00')"
    assert figures(fast) == figures(score_all_reference(fw, units))


@pytest.mark.parametrize(
    ("rule", "max_points"),
    [
        # A cap of 0 (the rule's -cap is then +0).
        ({"kind": "events", "cap": 0, "kinds": [{"key": "late", "points": -1}]}, None),
        # Points that are not whole cents, and a cap that is not either.
        (
            {
                "kind": "events",
                "cap": 0.125,
                "kinds": [{"key": "a", "points": 0.005}, {"key": "b", "points": -0.001}],
            },
            None,
        ),
        # A ratio with an odd maximum and a target with many digits.
        ({"kind": "ratio", "target": 0.333}, 7.5),
        ({"kind": "ratio", "basis": "raw"}, 0.125),
        ({"kind": "count", "per_unit": 0.125}, 1),
        ({"kind": "binary", "points_yes": 0.005}, 1),
    ],
)
def test_it_scores_unusual_rules_like_the_reference(rule: dict, max_points: float | None) -> None:
    fw = one_criterion(rule, max_points=max_points)
    values: list[object] = [
        [{"kind": "late", "count": 3}],
        [{"kind": "late", "count": 0}],
        [{"kind": "a", "count": 1}, {"kind": "b", "count": 3}],
        [{"kind": "b", "count": 4}],
        [{"kind": "a", "count": 50}],
        {"numerator": 1, "denominator": 3},
        {"numerator": 111, "denominator": 1000},
        {"numerator": 1, "denominator": 16},
        "33,3%",
        3,
        True,
        "có",
    ]
    units = [
        UnitInput(f"U{i}", kind="xa", parent_kind="huyen", results={"A.1": v})
        for i, v in enumerate(values)
    ]
    for u in units + units:  # twice: the second time from the memo where there is one
        assert outcome(score_all, fw, [u]) == outcome(score_all_reference, fw, [u])


def test_compiled_plans_are_bounded_and_never_mixed_up() -> None:
    from thidua.scoring import evaluate
    from thidua.scoring.builtin import _dir

    text = (_dir() / "hagiang-2023-commune.yaml").read_text(encoding="utf-8")
    unit = UnitInput(code="X", name="X", kind="xa", results={})
    reference = score_all(get_builtin("hagiang-2023-commune"), [unit])[0].total
    for i in range(evaluate._PLANS_MAX + 8):
        fw = parse_framework(text, origin=f"copy-{i}.yaml")
        assert score_all(fw, [unit])[0].total == reference
        assert len(evaluate._PLANS) <= evaluate._PLANS_MAX
