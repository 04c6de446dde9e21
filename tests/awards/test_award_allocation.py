"""Allocation on small hand-built provinces whose outcome is worked out in the comments."""

from __future__ import annotations

import random

import pytest
from awards_synth import commune, district

from thidua.awards import AwardsError, AwardsInputError, allocate, get_builtin_plan
from thidua.scoring import UnitInput, resolve

PLAN = get_builtin_plan("hagiang-2023")
BK = "bang_khen_ubnd_tinh"
GK = "giay_khen_ca_tinh"


def _by_unit(allocation):
    return {d.unit: d for d in allocation.decisions}


def _eleven_districts():
    # District Di (i = 0..10) has two eligible communes scoring 70 + 20 - i and
    # 70 + 10 - i. Base nominees: the 11 best (90..80). Extra nominations fill
    # the 14 places with the 3 best runners-up: D0 (80), D1 (79), D2 (78).
    units = []
    for i in range(11):
        units.append(commune(f"D{i:02d}-A", f"D{i:02d}", points=20 - i))
        units.append(commune(f"D{i:02d}-B", f"D{i:02d}", points=10 - i))
    return units


def test_it_nominates_each_districts_best_and_fills_with_the_best_runners_up():
    a = allocate(PLAN, "commune", _eleven_districts())
    d = _by_unit(a)
    assert {u for u, x in d.items() if x.nomination == "base"} == {f"D{i:02d}-A" for i in range(11)}
    assert {u for u, x in d.items() if x.nomination == "extra"} == {"D00-B", "D01-B", "D02-B"}
    assert a.nominee_count == 14
    # The 5 best nominees (90, 89, 88, 87, 86) get the Bằng khen, the next 9 the Giấy khen.
    assert [x.unit for x in a.proposals if x.form == BK] == [
        "D00-A",
        "D01-A",
        "D02-A",
        "D03-A",
        "D04-A",
    ]
    assert len([x for x in a.proposals if x.form == GK]) == 9
    assert d["D03-B"].status == "not_nominee"
    assert "3 extra nominations went to higher-ranked runners-up" in d["D03-B"].reason.en


def test_it_reports_rank_among_nominees_and_overall():
    a = allocate(PLAN, "commune", _eleven_districts())
    d = _by_unit(a)
    # D00-B (80) ties D10-A (80): both rank 11 of 14 nominees; overall both 11 of 22.
    assert (d["D00-B"].rank, d["D00-B"].nominee_count, d["D00-B"].rank_overall) == (11, 14, 11)
    assert d["D02-A"].reason.vi.startswith(
        "Đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (hạng 3/14 trong số đơn vị được đề cử; hạng chung 3/22)"
    )
    assert "(rank 3 of 14 nominees; overall rank 3 of 22)" in d["D02-A"].reason.en


def test_it_skips_an_ineligible_best_commune():
    units = [
        commune("D1-A", "D1", points=30, fail="eid_registration"),
        commune("D1-B", "D1", points=5),
        commune("D1-C", "D1", points=3),
    ]
    d = _by_unit(allocate(PLAN, "commune", units))
    assert d["D1-A"].status == "gate_failed"
    assert d["D1-A"].failed_gates == ("eid_registration",)
    assert "(2) Trên 75% công dân" in d["D1-A"].reason.vi
    assert "result 75%, needed > 75% → not met" in d["D1-A"].reason.en
    assert d["D1-B"].nomination == "base" and d["D1-B"].form == BK
    # With 13 places left and one parent, D1-C takes D1's one extra nomination.
    assert d["D1-C"].nomination == "extra" and d["D1-C"].form == BK


def test_it_nominates_nobody_from_a_district_without_an_eligible_commune():
    units = [commune(f"D{i}-A", f"D{i}", points=i) for i in range(1, 6)]
    units += [
        commune("D9-A", "D9", points=50, fail="model_815"),
        commune("D9-B", "D9", points=40, fail="cccd_issued"),
    ]
    d = _by_unit(allocate(PLAN, "commune", units))
    assert d["D9-A"].status == d["D9-B"].status == "gate_failed"
    assert "model_815" in d["D9-A"].reason.en
    assert all(d[f"D{i}-A"].proposed for i in range(1, 6))


def test_it_exhausts_the_quota_when_base_nominees_outnumber_the_places():
    # 16 districts with one eligible commune each: 14 places, the two lowest get nothing.
    units = [commune(f"D{i:02d}-A", f"D{i:02d}", points=40 - i) for i in range(16)]
    a = allocate(PLAN, "commune", units)
    d = _by_unit(a)
    assert len(a.proposals) == 14
    assert [d["D14-A"].status, d["D15-A"].status] == ["quota_exhausted", "quota_exhausted"]
    assert "quota exhausted (rank 15 of 16 nominees" in d["D14-A"].reason.en
    assert d["D14-A"].reason.vi.startswith("Không đề nghị: đã hết số lượng khen thưởng")


def test_it_breaks_a_tie_inside_a_district_by_unit_code_and_says_so():
    units = [
        commune("D1-B", "D1", points=10),
        commune("D1-A", "D1", points=10),
        commune("D1-C", "D1", points=10),
    ]
    units += [commune(f"D{i:02d}-A", f"D{i:02d}", points=20 + i) for i in range(2, 15)]
    d = _by_unit(allocate(PLAN, "commune", units))
    # 14 districts' best fill the 14 places, so D1's runners-up get no extra.
    assert d["D1-A"].nomination == "base"
    assert d["D1-B"].status == d["D1-C"].status == "not_nominee"
    assert d["D1-A"].rank_overall == d["D1-B"].rank_overall == d["D1-C"].rank_overall
    assert "tied with D1-B (same total), placed ahead by unit code" in d["D1-A"].reason.en
    assert "đồng hạng với D1-A (bằng tổng điểm), xếp sau theo mã đơn vị" in d["D1-B"].reason.vi
    assert [t.decided_by for t in d["D1-B"].ties] == ["unit_code"]


def _boundary_tie(**kwargs):
    # Four clear leaders, then two nominees tied on 80 points for the fifth Bằng khen.
    units = [commune(f"D{i}-A", f"D{i}", points=20 + i) for i in range(1, 5)]
    units += [commune("D8-A", "D8", points=5, a_points=5), commune("D7-A", "D7", points=10)]
    return _by_unit(allocate(PLAN, "commune", units, **kwargs))


def test_it_shows_a_tie_at_the_boundary_between_forms():
    d = _boundary_tie()
    assert (d["D7-A"].form, d["D8-A"].form) == (BK, GK)  # no tie-breaker: unit code
    assert d["D7-A"].rank == d["D8-A"].rank == 5
    assert "tied with D8-A (same total), placed ahead by unit code" in d["D7-A"].reason.en
    assert "tied with D7-A (same total), placed behind by unit code" in d["D8-A"].reason.en


def test_it_breaks_a_tie_with_the_campaigns_tie_breaker():
    # D8-A has 75 points in group A against D7-A's 70: with tie-breaker A it goes first.
    d = _boundary_tie(tie_breakers=("A",))
    assert (d["D8-A"].form, d["D7-A"].form) == (BK, GK)
    assert (d["D8-A"].rank, d["D7-A"].rank) == (5, 6)
    assert d["D8-A"].ties[0].decided_by == "A"
    assert "same total 80 as D7-A, decided by tie-breaker A: 75 vs 70" in d["D8-A"].reason.en
    assert "phân định bằng tiêu chí phụ A: 70 so với 75" in d["D7-A"].reason.vi


def test_it_allocates_districts_without_a_per_parent_quota():
    units = [district(f"H{i}", points=10 - i) for i in range(5)]
    units.append(district("TP", kind="thanh_pho", points=30, results={"A.IV.2": "85%"}))
    a = allocate(PLAN, "district", units)
    d = _by_unit(a)
    assert [x.unit for x in a.proposals] == ["H0", "H1", "H2"]
    assert {d["H3"].status, d["H4"].status} == {"quota_exhausted"}
    # The city's 85% registration is not "trên 85%" (70% + 15% for a city).
    assert d["TP"].failed_gates == ("eid_registration",)


def _villages():
    units = []
    for p in ("D1", "D2", "D3"):
        for i, pts in enumerate((9, 7, 5)):
            results = {"A.I.3": pts}  # scored on a framework given by the user
            facts = {
                "cccd_mobilised_ratio": 1,
                "eid_registration_ratio": "85%",
                "eid_activation_ratio": "85%",
                "population_data_cleaned_ratio": 1,
                "online_services_outreach": True,
            }
            units.append(
                UnitInput(
                    code=f"{p}-T{i}",
                    kind="thon",
                    parent=p,
                    parent_kind="huyen",
                    results=results,
                    facts=facts,
                )
            )
    return units


def test_it_needs_a_framework_for_villages():
    with pytest.raises(AwardsError, match="names no framework for level village"):
        allocate(PLAN, "village", _villages())


def test_it_nominates_two_villages_per_district():
    a = allocate(PLAN, "village", _villages(), framework=resolve("hagiang-2023-commune"))
    d = _by_unit(a)
    assert {x.unit for x in a.proposals} == {
        f"{p}-T{i}" for p in ("D1", "D2", "D3") for i in (0, 1)
    }
    assert all(d[f"{p}-T2"].status == "not_nominee" for p in ("D1", "D2", "D3"))
    assert [f.places for f in a.forms] == [5, 17]
    assert [len(f.given) for f in a.forms] == [5, 1]


@pytest.mark.parametrize(
    ("units", "message"),
    [
        (
            [commune("X1", "D1", kind="huyen")],
            "unit X1: kind 'huyen' (district) is not of level commune",
        ),
        ([UnitInput(code="X1", kind="xa")], "unit X1: 'parent' is missing"),
    ],
)
def test_it_refuses_units_that_do_not_fit_the_level(units, message):
    with pytest.raises(AwardsInputError) as info:
        allocate(PLAN, "commune", units)
    assert message in str(info.value)


def test_it_refuses_an_unknown_level():
    with pytest.raises(AwardsError, match="has no level 'province'"):
        allocate(PLAN, "province", [])


def test_it_allocates_nothing_for_no_units():
    a = allocate(PLAN, "commune", [])
    assert a.decisions == () and [len(f.given) for f in a.forms] == [0, 0]


def test_it_is_deterministic_whatever_the_input_order():
    units = [
        *_eleven_districts(),
        commune("D00-C", "D00", points=10),
        commune("D05-C", "D05", points=5),
    ]
    first = allocate(PLAN, "commune", units)
    shuffled = list(units)
    random.Random(7).shuffle(shuffled)
    assert allocate(PLAN, "commune", shuffled).decisions == first.decisions


def test_it_gives_every_unit_a_bilingual_reason():
    units = [*_eleven_districts(), commune("D05-X", "D05", points=40, fail="online_services")]
    a = allocate(PLAN, "commune", units)
    assert len(a.decisions) == len(units)
    for x in a.decisions:
        assert x.reason.vi.startswith("Đề nghị" if x.proposed else "Không đề nghị")
        assert x.reason.en.startswith("Proposed" if x.proposed else "Not proposed")
