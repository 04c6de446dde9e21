"""Golden tests: whole units scored on each shipped framework.

Every expected figure below was computed by hand from the source table (the
row's printed maximum, method and target), written next to the input, and is
NOT taken from the program's output.
"""

from __future__ import annotations

from decimal import Decimal

from thidua.scoring import UnitInput, get_builtin, score_and_rank, score_unit

D = Decimal

# Hà Giang Annex 2 (002_…, "PHỤ LỤC 2"), one district with every criterion filled.
DISTRICT_RESULTS: dict[str, object] = {
    "A.I.1": True,  # có → 3
    "A.I.2": 0.9,  # 0,9 × 5 = 4,5
    "A.I.3": 7,  # 7 VB × 1 = 7, max 5 → 5
    "A.I.4": False,  # 0
    "A.I.5": True,  # 3
    "A.I.6": {"numerator": 11, "denominator": 12},  # 11/12 × 9 = 8,25
    "A.II.1": "63%",  # trên 70%: 0,63 / 0,70 × 20 = 18
    "A.II.2": "87,5%",  # 0,875 × 9 = 7,875 → 7,88 (half up)
    "A.II.3": 0.5,  # 100%: 0,5 × 9 = 4,5
    "A.II.4": 1,  # 6
    "A.II.5": {"numerator": 2, "denominator": 3},  # 2/3 × 6 = 4
    "A.III.1": 1,  # 5
    "A.III.2": 0.4,  # 50% target: 0,4 / 0,5 × 8 = 6,4
    "A.III.3": 0.72,  # trên 70%: met → 8
    "A.III.4": 0.98,  # 100%: 0,98 × 5 = 4,9
    "A.III.5": 0.6,  # trên 50%: met → 5
    "A.III.6": 0.3,  # 50%: 0,3 / 0,5 × 6 = 3,6
    "A.III.7": 0,  # 0
    "A.III.8": 0.955,  # 0,955 × 8 = 7,64
    "A.IV.1": 0.97,  # 100%: 9,7
    "A.IV.2": 0.80,  # huyện, trên 70%: met → 10
    "A.IV.3": 0.56,  # 0,56 / 0,70 × 10 = 8
    "A.IV.4": True,  # 5
    "A.IV.5": 0.45,  # 0,45 × 5 = 2,25
    "A.V.1": 0.9,  # trên 95%: 0,9 / 0,95 × 10 = 9,4736… → 9,47
    "A.V.2": 0.5,  # 2,5
    **{f"A.V.{i}": 1 for i in range(3, 14)},  # 4+5+4+4+4+4+4+4+4+4+4 = 45
    "A.VI.1": True,  # 4
    "A.VI.2": True,  # 4
    "A.VI.3": False,  # 0
    "A.VI.4": True,  # 4
    "A.VI.5": 3,  # 3 tin bài × 1 = 3
    "A.VI.6": 13,  # 13 DVC × 0,5 = 6,5
    "A.VI.7": True,  # 3
    "A.VI.8": 0.75,  # 100%: 0,75 × 7 = 5,25
    "A.VI.9": 1,  # 1 phóng sự × 3 = 3
    "A.VI.10": 6,  # 6 × 1 = 6, max 5 → 5
    "A.VII.1": True,  # 7
    "A.VII.2": False,  # 0
    "A.VII.3": True,  # 7
    "B.1": [{"kind": "dataset", "count": 2}],  # 2 × 5 = 10 (no cap)
    "B.2": [
        {"kind": "commended", "count": 3},
        {"kind": "replicated", "count": 1},
    ],  # 15 + 10 = 25, cap 20 → 20
    "B.3": [{"kind": "commended", "count": 1}],  # 3
    "B.4": True,  # 5
    "B.5": [{"kind": "task", "points": 8}],  # 8
    "C.1": [
        {"kind": "late_1_2_days", "count": 2},  # −2
        {"kind": "late_3_plus_days", "count": 1},  # −2
        {"kind": "missing", "count": 1},  # −10 (districts)
    ],
    "C.3": [{"kind": "criticized", "count": 1}],  # −10
    "C.5": [{"kind": "criticized", "count": 2}],  # −6
}
# Sections: I 23,75; II 40,38; III 40,54; IV 34,95; V 9,47 + 2,5 + 45 = 56,97; VI 37,75; VII 14
# A = 248,34; B = 10 + 20 + 3 + 5 + 8 = 46; C = −14 − 10 − 6 = −30; total 264,34.


def test_it_scores_a_district_on_hagiang_annex_2() -> None:
    fw = get_builtin("hagiang-2023-district")
    s = score_unit(
        fw, UnitInput("bac_quang", "Huyện Bắc Quang", "huyen", "tinh", results=DISTRICT_RESULTS)
    )
    expected_sections = {
        "A.I": D("23.75"),
        "A.II": D("40.38"),
        "A.III": D("40.54"),
        "A.IV": D("34.95"),
        "A.V": D("56.97"),
        "A.VI": D("37.75"),
        "A.VII": D("14"),
    }
    assert {k: s.sections[k] for k in expected_sections} == expected_sections
    assert s.groups == {"A": D("248.34"), "B": D("46"), "C": D("-30")}
    assert s.total == D("264.34")
    assert s.criteria["A.II.2"].points == D("7.88")
    assert s.criteria["A.V.1"].points == D("9.47")
    assert s.missing == ()
    assert s.index is None


def test_it_applies_the_city_target_on_annex_2() -> None:
    # Thành phố: IV.2 and IV.3 "Thành phố đạt trên 85%":
    # IV.2: 0,80 / 0,85 × 10 = 9,411… → 9,41; IV.3: 0,56 / 0,85 × 10 = 6,588… → 6,59.
    # IV = 9,7 + 9,41 + 6,59 + 5 + 2,25 = 32,95; total 264,34 − 2 = 262,34.
    fw = get_builtin("hagiang-2023-district")
    s = score_unit(
        fw,
        UnitInput(
            "tp_ha_giang", "Thành phố Hà Giang", "thanh_pho", "tinh", results=DISTRICT_RESULTS
        ),
    )
    assert s.criteria["A.IV.2"].points == D("9.41")
    assert s.criteria["A.IV.3"].points == D("6.59")
    assert s.sections["A.IV"] == D("32.95")
    assert s.total == D("262.34")
    assert "85%" in s.criteria["A.IV.2"].explanation.vi


# Hà Giang Annex 3 (communes). IV.2 / IV.3: "Trên 75% … (địa bàn thị trấn của các huyện tăng
# thêm 10%; địa bàn các xã, phường của thành phố tăng thêm 15%)", max 11.
COMMUNE_RESULTS: dict[str, object] = {
    "A.I.1": True,  # 5
    "A.I.4": True,  # "Có được 5đ" under a max of 6 → 5
    "A.IV.2": "80%",
    "A.IV.3": "90%",
    "A.VI.5": 9,  # 9 × 1 = 9, max 8 → 8
    "A.VI.10": 2,  # 2
    "B.3": [{"kind": "replicated", "count": 3}],  # 3 × 5 = 15, cap 10 (communes) → 10
    "C.1": [{"kind": "missing", "count": 1}],  # −5 (communes)
    "C.2": [{"kind": "incident", "count": 1}],  # −50 (communes)
}


def test_it_scores_communes_with_township_and_city_increases() -> None:
    fw = get_builtin("hagiang-2023-commune")
    units = [
        # thị trấn: 75% + 10% = 85%: IV.2 0,80 / 0,85 × 11 = 10,352… → 10,35; IV.3 90% ≥ 85% → 11
        # A = 5 + 5 + 10,35 + 11 + 8 + 2 = 41,35; B = 10; C = −55; total −3,65 (may go below zero)
        UnitInput(
            "tt_viet_quang", "Thị trấn Việt Quang", "thi_tran", "huyen", results=COMMUNE_RESULTS
        ),
        # phường của thành phố: 75% + 15% = 90%: IV.2 0,80 / 0,90 × 11 = 9,777… → 9,78; IV.3 → 11
        # A = 40,78; total −4,22
        UnitInput(
            "p_minh_khai", "Phường Minh Khai", "phuong", "thanh_pho", results=COMMUNE_RESULTS
        ),
        # xã của huyện: 75%: IV.2 → 11; IV.3 → 11; A = 42; total −3
        UnitInput("x_tan_quang", "Xã Tân Quang", "xa", "huyen", results=COMMUNE_RESULTS),
    ]
    ranked = score_and_rank(fw, units)
    by_code = {s.unit.code: s for s in ranked}
    assert by_code["tt_viet_quang"].criteria["A.IV.2"].points == D("10.35")
    assert by_code["tt_viet_quang"].criteria["A.I.4"].points == D("5")
    assert by_code["tt_viet_quang"].groups == {"A": D("41.35"), "B": D("10"), "C": D("-55")}
    assert by_code["tt_viet_quang"].total == D("-3.65")
    assert by_code["p_minh_khai"].criteria["A.IV.2"].points == D("9.78")
    assert by_code["p_minh_khai"].total == D("-4.22")
    assert by_code["x_tan_quang"].total == D("-3")
    assert [(s.unit.code, s.rank) for s in ranked] == [
        ("x_tan_quang", 1),
        ("tt_viet_quang", 2),
        ("p_minh_khai", 3),
    ]
    assert "A.II.1" in by_code["x_tan_quang"].missing
    assert "C.3" not in by_code["x_tan_quang"].missing  # no events is not a missing result


def test_it_scores_a_township_on_the_2832_annex() -> None:
    # 2832 prints no township increase: IV.2 "trên 70%" for every commune; 0,63 / 0,70 × 10 = 9.
    # VI.6: 16 DVC × 0,5 = 8 (max 8). C.1 "không báo cáo trừ 10 điểm/VB" as 2832 prints it: −10.
    # B.3 cap 15 as 2832 prints it: 4 × 5 = 20 → 15. Total = 9 + 8 + 15 − 10 = 22.
    fw = get_builtin("district-2832-2023-commune")
    s = score_unit(
        fw,
        UnitInput(
            "tt_1",
            "Thị trấn",
            "thi_tran",
            "huyen",
            results={
                "A.IV.2": "63%",
                "A.VI.6": 16,
                "B.3": [{"kind": "replicated", "count": 4}],
                "C.1": [{"kind": "missing", "count": 1}],
            },
        ),
    )
    assert s.criteria["A.IV.2"].points == D("9")
    assert s.criteria["A.VI.6"].points == D("8")
    assert s.criteria["B.3"].points == D("15")
    assert s.criteria["C.1"].points == D("-10")
    assert s.total == D("22")


def test_it_scores_the_dti_with_tiers_choice_scale_bonus_and_index() -> None:
    # 004_…: I.1.1.1 "2-3 lần/năm: 75%" → 3 times = 0,75; I.1.1.2 yes → 1; I.1.1.3 50% × 1 = 0,5;
    # I.1.1.4 "Từ 8-11 bài: 75%" → 9 = 0,75; I.1.1.5 1 bài falls in no tier → 0 with a warning;
    # I.T.1 (ĐIỂM THƯỞNG) yes → 1; II.6 (no printed max; "Có: 1 điểm") → 1;
    # IV.4.1.2 "Cập nhật hàng tháng: 50%" → 0,5; VI.20 "(Điểm chấm Cổng × 5)/100" 80 → 4.
    # Total 9,5; index 9,5 / 63 = 0,150793… → 0,1508.
    fw = get_builtin("dti-commune")
    s = score_unit(
        fw,
        UnitInput(
            "x1",
            "Xã Một",
            "xa",
            "huyen",
            results={
                "I.1.1.1": 3,
                "I.1.1.2": True,
                "I.1.1.3": 0.5,
                "I.1.1.4": 9,
                "I.1.1.5": 1,
                "I.T.1": True,
                "II.6": True,
                "IV.4.1.2": "hang_thang",
                "VI.20": 80,
            },
        ),
    )
    assert s.total == D("9.5")
    # Pillar I: sub-section 1.1 = 0,75 + 1 + 0,5 + 0,75 + 0 = 3, plus the bonus I.T.1 = 4.
    assert s.groups["I"] == D("4")
    assert s.sections["I.1.1"] == D("3")
    assert s.sections["I.T"] == D("1")
    assert s.index == D("0.1508")
    assert len(s.warnings) == 1 and "I.1.1.5" in s.warnings[0].vi
