"""Every rule kind of DESIGN §3.2, as tables of (rule, input, expected points)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.scoring.helpers import one_criterion, points
from thidua.scoring import ScoringInputError, UnitInput, score_unit

D = Decimal


@pytest.mark.parametrize(
    ("rule", "max_points", "value", "expected"),
    [
        ({"kind": "binary"}, 3, True, D("3")),
        ({"kind": "binary"}, 3, False, D("0")),
        ({"kind": "binary"}, 3, "có", D("3")),
        ({"kind": "binary"}, 3, "Không", D("0")),
        ({"kind": "binary"}, 3, 1, D("3")),
        ({"kind": "binary", "points_yes": 5}, 6, True, D("5")),  # Annex 3 A.I.4
    ],
)
def test_it_scores_binary(rule: dict, max_points: float, value: object, expected: Decimal) -> None:
    assert points(one_criterion(rule, max_points=max_points), value) == expected


RATIO_70 = {
    "kind": "ratio",
    "target": 0.70,
    "overrides": [
        {"unit_kind": "thanh_pho", "target": 0.85, "reason": "Thành phố đạt trên 85%"},
        {"unit_kind": "thi_tran", "add": 0.10, "reason": "thị trấn tăng thêm 10%"},
        {
            "parent_kind": "thanh_pho",
            "add": 0.15,
            "reason": "xã, phường của thành phố tăng thêm 15%",
        },
    ],
}


@pytest.mark.parametrize(
    ("rule", "value", "kind", "parent_kind", "expected"),
    [
        ({"kind": "ratio"}, 0.8, "xa", "huyen", D("8.00")),
        ({"kind": "ratio"}, "85%", "xa", "huyen", D("8.50")),
        ({"kind": "ratio"}, "85,5%", "xa", "huyen", D("8.55")),
        ({"kind": "ratio"}, "0,855", "xa", "huyen", D("8.55")),
        ({"kind": "ratio"}, {"numerator": 30, "denominator": 40}, "xa", "huyen", D("7.50")),
        ({"kind": "ratio"}, {"numerator": 1, "denominator": 3}, "xa", "huyen", D("3.33")),
        ({"kind": "ratio"}, 1, "xa", "huyen", D("10")),
        ({"kind": "ratio"}, 0, "xa", "huyen", D("0")),
        # 62% of a 70% target: 0.62 / 0.70 x 10 = 8.857 -> 8.86
        (RATIO_70, "62%", "xa", "huyen", D("8.86")),
        (RATIO_70, "70%", "xa", "huyen", D("10")),
        (RATIO_70, "95%", "xa", "huyen", D("10")),
        # city: target 85%; 0.62 / 0.85 x 10 = 7.294 -> 7.29
        (RATIO_70, "62%", "thanh_pho", "tinh", D("7.29")),
        # township: 70% + 10% = 80%; 0.62 / 0.80 x 10 = 7.75
        (RATIO_70, "62%", "thi_tran", "huyen", D("7.75")),
        # ward of a city: 70% + 15% = 85%
        (RATIO_70, "62%", "phuong", "thanh_pho", D("7.29")),
        # raw basis ignores the target for the points
        ({"kind": "ratio", "target": 0.7, "basis": "raw"}, "62%", "xa", "huyen", D("6.20")),
        # a half-cent exactly: 0.7 x 10 / 0.8 = 8.75 (exact), and 0.0125 x 10 = 0.125 -> 0.13 (half up)
        ({"kind": "ratio", "target": 0.8}, 0.7, "xa", "huyen", D("8.75")),
        ({"kind": "ratio"}, 0.0125, "xa", "huyen", D("0.13")),
    ],
)
def test_it_scores_ratio(
    rule: dict, value: object, kind: str, parent_kind: str, expected: Decimal
) -> None:
    assert points(one_criterion(rule), value, kind=kind, parent_kind=parent_kind) == expected


def test_it_explains_the_target_and_why() -> None:
    fw = one_criterion(RATIO_70)
    score = score_unit(
        fw, UnitInput("U1", kind="thi_tran", parent_kind="huyen", results={"A.1": "62%"})
    )
    text = score.criteria["A.1"].explanation
    assert "thị trấn: 70% + 10%" in text.vi
    assert "7,75" in text.vi
    assert "township: 70% + 10%" in text.en


@pytest.mark.parametrize(
    ("rule", "max_points", "value", "expected"),
    [
        ({"kind": "count", "per_unit": 1}, 5, 3, D("3")),
        ({"kind": "count", "per_unit": 1}, 5, 9, D("5")),  # capped at the maximum
        ({"kind": "count", "per_unit": 0.5, "max_count": 16}, 8, 16, D("8")),
        ({"kind": "count", "per_unit": 0.5, "max_count": 16}, 8, 7, D("3.5")),
        ({"kind": "count", "per_unit": 3}, 6, "2", D("6")),
        ({"kind": "count", "per_unit": 1}, 5, 0, D("0")),
    ],
)
def test_it_scores_count(rule: dict, max_points: float, value: object, expected: Decimal) -> None:
    assert points(one_criterion(rule, max_points=max_points), value) == expected


ARTICLES = {
    "kind": "tiers",
    "tiers": [
        {"gte": 12, "fraction": 1},
        {"gte": 8, "lte": 11, "fraction": 0.75},
        {"gte": 5, "lte": 7, "fraction": 0.5},
        {"lt": 0, "fraction": 0},
    ],
}
OPEN_TIERS = {
    "kind": "tiers",
    "domain": "number",
    "tiers": [
        {"gt": 90, "fraction": 1},
        {"gt": 50, "lte": 90, "fraction": 0.5},
        {"lte": 50, "fraction": 0},
    ],
}


@pytest.mark.parametrize(
    ("rule", "value", "expected"),
    [
        (ARTICLES, 12, D("1")),
        (ARTICLES, 30, D("1")),
        (ARTICLES, 11, D("0.75")),
        (ARTICLES, 8, D("0.75")),
        (ARTICLES, 7, D("0.5")),
        (ARTICLES, 5, D("0.5")),
        (ARTICLES, 4, D("0")),  # in no tier: 0 with a warning
        (OPEN_TIERS, 90, D("0.5")),
        (OPEN_TIERS, "90,5", D("1")),
        (OPEN_TIERS, 50, D("0")),
        (OPEN_TIERS, 50.01, D("0.5")),
    ],
)
def test_it_scores_tiers(rule: dict, value: object, expected: Decimal) -> None:
    assert points(one_criterion(rule, max_points=1), value) == expected


def test_it_warns_when_a_value_falls_in_no_tier() -> None:
    fw = one_criterion(ARTICLES, max_points=1)
    score = score_unit(fw, UnitInput("X9", kind="xa", results={"A.1": 3}))
    assert score.criteria["A.1"].points == 0
    assert len(score.warnings) == 1
    assert "A.1" in score.warnings[0].vi and "3" in score.warnings[0].vi


CHOICE = {
    "kind": "choice",
    "options": [
        {"key": "hang_ngay", "label": "Cập nhật hằng ngày", "fraction": 1},
        {"key": "hang_thang", "label": "Cập nhật hàng tháng", "fraction": 0.5},
        {"key": "khong_thuong_xuyen", "label": "Cập nhật không thường xuyên", "fraction": 0},
    ],
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("hang_ngay", D("1")),
        ("hang_thang", D("0.5")),
        ("khong_thuong_xuyen", D("0")),
        ("Cập nhật hàng tháng", D("0.5")),
    ],
)
def test_it_scores_choice(value: str, expected: Decimal) -> None:
    assert points(one_criterion(CHOICE, max_points=1), value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100, D("5")), (80, D("4")), ("72,5", D("3.63")), (0, D("0")), (120, D("5"))],
)
def test_it_scores_scaled(value: object, expected: Decimal) -> None:
    assert points(one_criterion({"kind": "scaled", "scale": 100}, max_points=5), value) == expected


B2 = {
    "kind": "events",
    "cap": 20,
    "kinds": [{"key": "commended", "points": 5}, {"key": "replicated", "points": 10}],
}
B5 = {"kind": "events", "kinds": [{"key": "task", "min_points": 5, "max_points": 15}]}
C1 = {
    "kind": "events",
    "kinds": [
        {"key": "late_1_2_days", "points": -1},
        {"key": "late_3_plus_days", "points": -2},
        {"key": "missing", "points": -10},
    ],
}


@pytest.mark.parametrize(
    ("rule", "max_points", "value", "expected"),
    [
        (B2, 20, [{"kind": "commended", "count": 1}], D("5")),
        (B2, 20, [{"kind": "commended", "count": 2}, {"kind": "replicated"}], D("20")),
        (B2, 20, [{"kind": "replicated", "count": 3}], D("20")),  # capped
        (
            B5,
            None,
            [{"kind": "task", "points": 8}, {"kind": "task", "points": 15}],
            D("23"),
        ),  # no cap
        (
            C1,
            None,
            [{"kind": "late_1_2_days", "count": 2}, {"kind": "missing", "count": 1}],
            D("-12"),
        ),
        (C1, None, [{"kind": "late_3_plus_days", "count": 30}], D("-60")),  # "Không hạn chế"
        (C1, None, [], D("0")),
    ],
)
def test_it_scores_events(
    rule: dict, max_points: float | None, value: object, expected: Decimal
) -> None:
    assert points(one_criterion(rule, max_points=max_points), value) == expected


@pytest.mark.parametrize(
    ("rule", "max_points", "value", "needle"),
    [
        ({"kind": "ratio"}, 10, 1.3, "1.3"),
        ({"kind": "ratio"}, 10, -0.1, "-0.1"),
        ({"kind": "ratio"}, 10, "130%", "130%"),
        ({"kind": "ratio"}, 10, {"numerator": 5, "denominator": 0}, "denominator"),
        ({"kind": "ratio"}, 10, {"numerator": 50, "denominator": 40}, "numerator"),
        ({"kind": "count", "per_unit": 1}, 5, -2, "-2"),
        ({"kind": "count", "per_unit": 1}, 5, 2.5, "2.5"),
        ({"kind": "count", "per_unit": 0.5, "max_count": 16}, 8, 17, "17"),
        (CHOICE, 1, "hang_nam", "hang_nam"),
        (B2, 20, [{"kind": "praised", "count": 1}], "praised"),
        (B5, None, [{"kind": "task", "points": 20}], "20"),
        (B5, None, [{"kind": "task"}], "points"),
        (B2, 20, [{"kind": "commended", "points": 7}], "7"),
        ({"kind": "binary"}, 3, "maybe", "maybe"),
        (ARTICLES, 1, -1, "-1"),
    ],
)
def test_it_refuses_bad_input_naming_unit_criterion_and_value(
    rule: dict, max_points: float | None, value: object, needle: str
) -> None:
    fw = one_criterion(rule, max_points=max_points)
    with pytest.raises(ScoringInputError) as info:
        score_unit(fw, UnitInput("X7", kind="xa", results={"A.1": value}))
    (error,) = info.value.errors
    assert error.unit == "X7"
    assert error.criterion == "A.1"
    text = str(error)
    assert needle in text
    assert "đơn vị X7" in text and "unit X7" in text


def test_it_refuses_a_result_for_a_criterion_the_framework_lacks() -> None:
    fw = one_criterion({"kind": "binary"}, max_points=3)
    with pytest.raises(ScoringInputError) as info:
        score_unit(fw, UnitInput("X7", kind="xa", results={"A.9": True}))
    assert info.value.errors[0].criterion == "A.9"
