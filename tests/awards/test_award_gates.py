"""Award gates: each operator, thresholds at the boundary, city and township increases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from awards_synth import commune, district

from thidua.awards import (
    AwardsError,
    AwardsInputError,
    check_all,
    check_unit,
    compare,
    get_builtin_plan,
)
from thidua.awards.gates import check_framework
from thidua.awards.model import Gate, GateOverride, Level
from thidua.scoring import UnitInput, resolve, score_unit

D = Decimal
PLAN = get_builtin_plan("hagiang-2023")


@pytest.mark.parametrize(
    ("op", "value", "threshold", "expected"),
    [
        (">", D("0.7001"), D("0.70"), True),
        (">", D("0.70"), D("0.70"), False),
        (">", D("0.69"), D("0.70"), False),
        (">=", D("1"), D("1"), True),
        (">=", D("0.9999"), D("1"), False),
        (">=", D("2"), D("1"), True),
        ("<", D("2"), D("3"), True),
        ("<", D("3"), D("3"), False),
        ("<=", D("3"), D("3"), True),
        ("<=", D("3.01"), D("3"), False),
        ("==", D("1"), D("1.0"), True),
        ("==", D("1"), D("2"), False),
        ("==", True, True, True),
        ("==", False, True, False),
    ],
)
def test_it_compares_with_each_operator(op, value, threshold, expected):
    assert compare(op, value, threshold) is expected


def _fact_level(gate: Gate) -> Level:
    return Level(
        code="t", title="t", title_en="t", unit_kinds=(), framework=None, gates=(gate,), forms=()
    )


def _score_with_facts(facts, *, kind=None, parent_kind=None):
    fw = resolve("hagiang-2023-commune")
    return score_unit(fw, UnitInput(code="U1", kind=kind, parent_kind=parent_kind, facts=facts))


@pytest.mark.parametrize(
    ("op", "threshold", "display", "fact", "passed"),
    [
        (">", D("0.8"), "percent", "80%", False),
        (">", D("0.8"), "percent", "80,1%", True),
        (">", D("0.8"), "percent", {"numerator": 81, "denominator": 100}, True),
        (">=", D("1"), "percent", 1, True),
        (">=", D("1"), "percent", "99.99%", False),
        ("<", D("3"), "number", 2, True),
        ("<", D("3"), "number", "3", False),
        ("<=", D("3"), "number", "3", True),
        ("==", D("2"), "number", "2,0", True),
        (">=", D("1"), "number", 0, False),
        ("==", True, "yes_no", "có", True),
        ("==", True, "yes_no", False, False),
        ("==", False, "yes_no", "không", True),
    ],
)
def test_it_applies_a_fact_gate(op, threshold, display, fact, passed):
    gate = Gate(
        code="g", label="g", label_en="g", op=op, threshold=threshold, display=display, fact="f"
    )
    result = check_unit(_fact_level(gate), _score_with_facts({"f": fact})).results[0]
    assert result.passed is passed
    assert ("→ đạt" if passed else "→ không đạt") in result.explanation.vi


def test_it_fails_a_gate_without_a_result():
    gate = Gate(
        code="g",
        label="g",
        label_en="g",
        op=">=",
        threshold=D(1),
        display="number",
        fact="models_registered",
    )
    result = check_unit(_fact_level(gate), _score_with_facts({})).results[0]
    assert not result.passed
    assert result.value is None
    assert "no result (fact 'models_registered')" in result.explanation.en


def test_it_rejects_a_malformed_fact_naming_unit_and_fact():
    gate = Gate(
        code="g",
        label="g",
        label_en="g",
        op=">",
        threshold=D("0.8"),
        display="percent",
        fact="ratio",
    )
    with pytest.raises(AwardsInputError) as info:
        check_all(_fact_level(gate), [_score_with_facts({"ratio": "lots"})])
    assert "unit U1, fact 'ratio'" in str(info.value)


def test_it_matches_an_override_on_a_fact():
    o = GateOverride(reason="thị trấn", fact="commune_kind", equals="thi_tran", add=D("0.10"))
    gate = Gate(
        code="g",
        label="g",
        label_en="g",
        op=">",
        threshold=D("0.8"),
        display="percent",
        fact="r",
        overrides=(o,),
    )
    level = _fact_level(gate)
    in_town = check_unit(
        level, _score_with_facts({"r": "85%", "commune_kind": "thi_tran"})
    ).results[0]
    elsewhere = check_unit(level, _score_with_facts({"r": "85%", "commune_kind": "xa"})).results[0]
    assert in_town.threshold.value == D("0.90") and not in_town.passed
    assert elsewhere.threshold.value == D("0.8") and elsewhere.passed
    assert "0,8" not in in_town.explanation.vi and "90%" in in_town.explanation.vi


def _commune_gate(unit: UnitInput, code: str):
    level = PLAN.level("commune")
    score = score_unit(resolve("hagiang-2023-commune"), unit)
    return next(r for r in check_unit(level, score).results if r.gate.code == code)


# "Trên 75% ... (Địa bàn thị trấn của các huyện tăng thêm 10%; địa bàn các xã,
# phường của thành phố tăng thêm 15%)": thresholds 75%, 85%, 90%.
@pytest.mark.parametrize(
    ("kind", "parent_kind", "ratio", "passed", "threshold"),
    [
        ("xa", "huyen", "76%", True, D("0.75")),
        ("xa", "huyen", "75%", False, D("0.75")),
        ("thi_tran", "huyen", "85%", False, D("0.85")),
        ("thi_tran", "huyen", "86%", True, D("0.85")),
        ("phuong", "thanh_pho", "90%", False, D("0.90")),
        ("xa", "thanh_pho", "91%", True, D("0.90")),
    ],
)
def test_it_raises_the_commune_registration_gate_for_towns_and_cities(
    kind, parent_kind, ratio, passed, threshold
):
    unit = commune("X1", "D1", kind=kind, parent_kind=parent_kind, results={"A.IV.2": ratio})
    result = _commune_gate(unit, "eid_registration")
    assert result.threshold.value == threshold
    assert result.passed is passed


@pytest.mark.parametrize(("kind", "passed"), [("huyen", True), ("thanh_pho", False)])
def test_it_asks_a_city_for_more_than_85_percent(kind, passed):
    # District gate (2) "Trên 70%", "Địa bàn thành phố tăng thêm 15%": 85% passes a huyện, not a city.
    level = PLAN.level("district")
    score = score_unit(
        resolve("hagiang-2023-district"), district("H1", kind=kind, results={"A.IV.2": "85%"})
    )
    result = next(r for r in check_unit(level, score).results if r.gate.code == "eid_registration")
    assert result.passed is passed


def test_it_keeps_the_gate_apart_from_the_scoring_row():
    # 97% of population data cleaned earns A.V.1's full 10 points (target 95%)
    # but fails gate (4) "Làm sạch dữ liệu dân cư đạt trên 98%".
    fw = resolve("hagiang-2023-district")
    score = score_unit(fw, district("H1", results={"A.V.1": "97%"}))
    assert score.criteria["A.V.1"].points == D("10.00")
    eligibility = check_unit(PLAN.level("district"), score)
    assert [r.gate.code for r in eligibility.failed] == ["population_data_cleaned"]
    assert "97%" in str(eligibility.summary()) and "> 98%" in str(eligibility.summary())


@pytest.mark.parametrize(
    "gate",
    [
        "cccd_issued",
        "eid_registration",
        "eid_activation",
        "population_data_cleaned",
        "online_services",
        "staff_eid_level2",
        "model_815",
    ],
)
def test_it_fails_a_commune_on_each_printed_condition(gate):
    eligibility = check_unit(
        PLAN.level("commune"),
        score_unit(resolve("hagiang-2023-commune"), commune("X1", "D1", fail=gate)),
    )
    assert [r.gate.code for r in eligibility.failed] == [gate]


def test_it_passes_a_commune_meeting_every_condition():
    eligibility = check_unit(
        PLAN.level("commune"), score_unit(resolve("hagiang-2023-commune"), commune("X1", "D1"))
    )
    assert eligibility.eligible
    assert str(eligibility.summary()) == "đạt tất cả 7 điều kiện / meets all 7 conditions"


def test_it_shows_enough_digits_to_explain_a_near_miss():
    result = _commune_gate(
        commune("X1", "D1", results={"A.IV.1": {"numerator": 99999, "denominator": 100000}}),
        "cccd_issued",
    )
    assert not result.passed
    assert "99,999%" in result.explanation.vi


def test_it_refuses_a_framework_without_the_gate_criteria():
    with pytest.raises(AwardsError, match=r"needs criterion A\.IV\.1"):
        check_framework(PLAN.level("commune"), resolve("dti-commune"))
