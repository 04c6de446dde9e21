"""Individual award proposals on small provinces whose outcome is worked out in the comments."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace

import pytest
from awards_synth import commune, district
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.awards import (
    AwardsInputError,
    IndividualAllocation,
    IndividualInput,
    allocate,
    allocate_individuals,
    get_builtin_plan,
)
from thidua.scoring import UnitInput, resolve

PLAN = get_builtin_plan("hagiang-2023")
BK = "bang_khen_ubnd_tinh"
GK = "giay_khen_ca_tinh"


def _person(unit, n=1, *, priority=1, pid=None):
    pid = pid or f"{unit}-p{n}"
    return IndividualInput(id=pid, name=f"Người {pid}", unit=unit, priority=priority)


def _by_id(ia):
    return {d.id: d for d in ia.decisions}


def _eleven_districts():
    # District Di (i = 0..10) has communes Di-A (90 - i points) and Di-B (80 - i).
    units = []
    for i in range(11):
        units.append(commune(f"D{i:02d}-A", f"D{i:02d}", points=20 - i))
        units.append(commune(f"D{i:02d}-B", f"D{i:02d}", points=10 - i))
    return units


def test_it_nominates_each_districts_first_and_fills_15_places_with_the_best_runners_up():
    a = allocate(PLAN, "commune", _eleven_districts())
    people = [_person(u.code) for u in _eleven_districts()]
    ia = allocate_individuals(a, people)
    d = _by_id(ia)
    # 11 base nominees (each district's A); 15 - 11 = 4 extras: the B's of D00..D03 (80..77).
    assert {x.id for x in ia.decisions if x.nomination == "base"} == {
        f"D{i:02d}-A-p1" for i in range(11)
    }
    assert {x.id for x in ia.decisions if x.nomination == "extra"} == {
        f"D{i:02d}-B-p1" for i in range(4)
    }
    assert ia.nominee_count == 15
    # The five best (units 90..86) get the Bằng khen; the other ten the Giấy khen.
    assert [f.form.code for f in ia.forms] == [BK, GK]
    assert [f.places for f in ia.forms] == [5, 10]
    assert ia.forms[0].given == tuple(f"D{i:02d}-A-p1" for i in range(5))
    assert len(ia.forms[1].given) == 10 and len(ia.proposals) == 15
    assert d["D04-B-p1"].status == "not_nominee"
    assert "the 4 extra nominations went to higher-ranked runners-up" in d["D04-B-p1"].reason.en
    assert "4 suất đề cử thêm đã dành cho các cá nhân xếp trên" in d["D04-B-p1"].reason.vi
    # The collectives are untouched: 14 places, 3 extras.
    assert a.nominee_count == 14


def test_it_explains_a_proposal_with_rank_unit_rank_and_nomination():
    a = allocate(PLAN, "commune", _eleven_districts())
    d = _by_id(allocate_individuals(a, [_person(u.code) for u in _eleven_districts()]))
    assert d["D01-A-p1"].reason.vi == (
        "Đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (thứ tự 2/15 cá nhân được đề cử; "
        "đơn vị D01-A hạng chung 2/22; được huyện, thành phố D01 đề cử)"
    )
    assert d["D01-A-p1"].reason.en == (
        "Proposed for the Certificate of merit of the Chairman of the Provincial People's Committee "
        "(2 of 15 nominated individuals; unit D01-A overall rank 2 of 22; nominated by district or city D01)"
    )
    x = d["D02-B-p1"]
    assert (x.form, x.nomination, x.rank, x.unit_rank_overall, x.parent) == (
        GK,
        "extra",
        14,
        14,
        "D02",
    )
    assert "extra nominee of district or city D02" in x.reason.en
    assert "đề cử thêm của huyện, thành phố D02" in x.reason.vi


def test_it_limits_each_parent_to_one_plus_one_extra():
    # One district, three communes, one person each: the first two are nominated
    # (base, extra), the third never, whatever places are left.
    units = [commune(f"D1-{c}", "D1", points=p) for c, p in (("A", 9), ("B", 5), ("C", 1))]
    ia = allocate_individuals(allocate(PLAN, "commune", units), [_person(u.code) for u in units])
    d = _by_id(ia)
    assert [d[f"D1-{c}-p1"].nomination for c in "ABC"] == ["base", "extra", None]
    assert [d[f"D1-{c}-p1"].form for c in "AB"] == [BK, BK]
    assert d["D1-C-p1"].status == "not_nominee"
    assert "each district or city nominates at most 2 individuals" in d["D1-C-p1"].reason.en
    assert "(3 of 3 individuals of D1" in d["D1-C-p1"].reason.en
    assert "nominated: D1-A-p1, D1-B-p1" in d["D1-C-p1"].reason.en


def test_it_gives_no_extra_when_the_first_nominees_fill_the_places():
    # 16 districts, two people each: 16 base nominees for 15 places, so no extras
    # and the last base nominee finds the quota exhausted.
    units = [commune(f"D{i:02d}-A", f"D{i:02d}", points=40 - i) for i in range(16)]
    people = [_person(u.code, n) for u in units for n in (1, 2)]
    ia = allocate_individuals(allocate(PLAN, "commune", units), people)
    d = _by_id(ia)
    assert {x.nomination for x in ia.decisions} == {"base", None}
    assert len(ia.proposals) == 15
    last = d["D15-A-p1"]
    assert (last.status, last.rank, last.form) == ("quota_exhausted", 16, None)
    assert last.reason.en.startswith(
        "Not proposed: quota exhausted (16 of 16 nominated individuals"
    )
    assert (
        "the level has 15 places for individuals: 5 Certificate of merit of the Chairman of the "
        "Provincial People's Committee, 10 Certificate of commendation of the Director"
        in last.reason.en
    )
    assert last.reason.vi.startswith("Không đề nghị: đã hết số lượng khen thưởng")
    second = d["D00-A-p2"]
    assert second.status == "not_nominee"
    assert "no extra nominations left: the first nominees already fill the 15 places" in (
        second.reason.en
    )


def test_it_never_gives_a_form_more_than_its_province_wide_cap():
    units = [commune(f"D{i:02d}-A", f"D{i:02d}", points=40 - i) for i in range(16)]
    a = allocate(PLAN, "commune", units)
    bk = replace(PLAN.form(BK), cap_individuals=3)
    a = replace(a, plan=replace(PLAN, forms=(bk, *PLAN.forms[1:])))
    ia = allocate_individuals(a, [_person(u.code) for u in units])
    assert [(f.places, len(f.given)) for f in ia.forms] == [(3, 3), (10, 10)]
    assert ia.forms[0].given == ("D00-A-p1", "D01-A-p1", "D02-A-p1")
    assert _by_id(ia)["D13-A-p1"].status == "quota_exhausted"


def test_a_unit_that_failed_a_gate_still_puts_its_people_forward():
    # D1-A is D1's best result but fails gate (2): the commune is out, its
    # official is ranked by the commune's result all the same.
    units = [
        commune("D1-A", "D1", points=30, fail="eid_registration"),
        commune("D1-B", "D1", points=5),
    ]
    a = allocate(PLAN, "commune", units)
    assert {x.unit: x.status for x in a.decisions}["D1-A"] == "gate_failed"
    d = _by_id(allocate_individuals(a, [_person("D1-B"), _person("D1-A")]))
    assert (d["D1-A-p1"].nomination, d["D1-A-p1"].form, d["D1-A-p1"].rank) == ("base", BK, 1)
    assert (d["D1-B-p1"].nomination, d["D1-B-p1"].rank) == ("extra", 2)


def test_priority_orders_people_of_one_unit_but_not_across_units():
    # X1 (85) ranks above X2 (75), both in D1. X1's second choice still goes
    # before X2's first choice: the unit's result comes first.
    units = [commune("X1", "D1", points=15), commune("X2", "D1", points=5)]
    people = [
        _person("X2", pid="b", priority=1),
        _person("X1", pid="z", priority=2),
        _person("X1", pid="y", priority=1),
    ]
    ia = allocate_individuals(allocate(PLAN, "commune", units), people)
    assert [x.id for x in ia.decisions] == ["y", "z", "b"]
    d = _by_id(ia)
    assert (d["y"].nomination, d["z"].nomination, d["b"].nomination) == ("base", "extra", None)
    assert "ordered by their unit's result, then priority" in d["b"].reason.en
    assert "unit X2 overall rank 2 of 2, priority 1" in d["b"].reason.en


def test_the_id_decides_between_equal_priorities_of_one_unit_and_says_so():
    units = [commune("X1", "D1", points=15)]
    people = [_person("X1", pid=p, priority=1) for p in ("c", "a", "b")]
    d = _by_id(allocate_individuals(allocate(PLAN, "commune", units), people))
    assert (d["a"].nomination, d["b"].nomination, d["c"].nomination) == ("base", "extra", None)
    assert "same unit X1 and priority 1 as c, placed ahead by id" in d["a"].reason.en
    assert "cùng đơn vị X1 và thứ tự ưu tiên 1 với a, xếp sau theo mã cá nhân" in d["c"].reason.vi
    # a was nominated first, b as the extra: the id decided that too.
    assert "same unit X1 and priority 1 as b, placed ahead by id" in d["a"].reason.en


def test_a_tie_that_changed_nothing_is_not_reported():
    # District level, no per-parent quota: six people of H0 with the same
    # priority; a..e get the Bằng khen's 5 places, f comes sixth and finds none.
    # Only the ties across that boundary are reported.
    units = [district(f"H{i}", points=10 - i) for i in range(2)]
    people = [_person("H0", pid=p) for p in "abcdef"]
    d = _by_id(allocate_individuals(allocate(PLAN, "district", units), people))
    assert [d[p].form for p in "abcdef"] == [BK] * 5 + [None]
    assert d["a"].reason.en.endswith("; same unit H0 and priority 1 as f, placed ahead by id")
    assert d["a"].reason.en.count("same unit") == 1
    assert "as a," not in d["b"].reason.en


def test_a_level_without_a_nomination_rule_nominates_everyone_in_order():
    # District level: 5 places for the Bằng khen, no per-parent quota.
    units = [district(f"H{i}", points=10 - i) for i in range(4)]
    a = allocate(PLAN, "district", units)
    people = [_person(f"H{i}", n, priority=n) for i in range(4) for n in (1, 2)]
    ia = allocate_individuals(a, people)
    assert {x.nomination for x in ia.decisions} == {"open"}
    assert [x.id for x in ia.proposals] == ["H0-p1", "H0-p2", "H1-p1", "H1-p2", "H2-p1"]
    assert {x.status for x in ia.not_proposed} == {"quota_exhausted"}
    h0 = _by_id(ia)["H0-p1"]
    assert h0.parent == "HG" and "nominated by" not in h0.reason.en
    assert h0.reason.en.endswith("(1 of 8 nominated individuals; unit H0 overall rank 1 of 4)")


def test_it_nominates_two_individuals_per_district_for_villages():
    units = [
        UnitInput(
            code=f"{p}-T{i}",
            kind="thon",
            parent=p,
            parent_kind="huyen",
            results={"A.I.3": pts},
            facts={
                "cccd_mobilised_ratio": 1,
                "eid_registration_ratio": "85%",
                "eid_activation_ratio": "85%",
                "population_data_cleaned_ratio": 1,
                "online_services_outreach": True,
            },
        )
        for p in ("D1", "D2")
        for i, pts in enumerate((9, 7, 5))
    ]
    a = allocate(PLAN, "village", units, framework=resolve("hagiang-2023-commune"))
    ia = allocate_individuals(a, [_person(u.code) for u in units])
    assert {x.id for x in ia.proposals} == {f"{p}-T{i}-p1" for p in ("D1", "D2") for i in (0, 1)}
    assert [f.places for f in ia.forms] == [5, 17]
    third = _by_id(ia)["D1-T2-p1"]
    assert third.status == "not_nominee"
    assert "each district or city nominates at most 2 individuals" in third.reason.en


def test_it_reports_every_bad_individual_at_once():
    a = allocate(PLAN, "commune", [commune("X1", "D1")])
    people = [
        _person("X9", pid="p1"),
        _person("X1", pid="p2"),
        _person("X1", pid="p2"),
        IndividualInput(id=" ", name="Ai đó", unit="X1"),
        IndividualInput(id="p3", name="", unit="X1"),
        _person("X1", pid="p4", priority=0),
    ]
    with pytest.raises(AwardsInputError) as info:
        allocate_individuals(a, people)
    en = [m.en for m in info.value.problems]
    assert en == [
        "individual p1: unit 'X9' ('unit') is not among the units of level commune being allocated",
        "individual p2: duplicate 'id' (2 times)",
        "individual #4: 'id' is empty",
        "individual p3: 'name' is empty",
        "individual p4: 'priority' must be a whole number of at least 1, got 0",
    ]
    assert info.value.problems[0].vi.startswith("cá nhân p1: đơn vị 'X9' ('unit') không có")


def test_no_individuals_leave_the_forms_empty():
    ia = allocate_individuals(allocate(PLAN, "commune", [commune("X1", "D1")]), [])
    assert ia.decisions == () and [(f.places, f.given) for f in ia.forms] == [(5, ()), (10, ())]


# -- invariants on random provinces ------------------------------------------


def _province(rng: random.Random):
    units, people = [], []
    for i in range(rng.randint(3, 16)):
        for j in range(rng.randint(1, 6)):
            code = f"D{i:02d}-X{j}"
            fail = "model_815" if rng.random() < 0.3 else None
            units.append(commune(code, f"D{i:02d}", points=rng.randint(0, 8), fail=fail))
            for n in range(rng.randint(0, 3)):
                people.append(_person(code, n, priority=rng.randint(1, 3)))
    return units, people


def check_invariants(a, ia: IndividualAllocation, people) -> None:
    level = a.level
    position = {d.unit: i for i, d in enumerate(a.decisions)}
    key = {p.id: (position[p.unit], p.priority, p.id) for p in people}
    order = sorted(key, key=key.__getitem__)
    assert [d.id for d in ia.decisions] == order
    assert {d.id: d.unit for d in ia.decisions} == {p.id: p.unit for p in people}

    # Forms: given <= places; every higher-form individual precedes every lower-form one.
    assert [f.places for f in ia.forms] == [q.individuals for q in level.forms]
    for f in ia.forms:
        assert len(f.given) <= f.places
    flat = [pid for f in ia.forms for pid in f.given]
    assert flat == [d.id for d in ia.proposals] == sorted(flat, key=key.__getitem__)
    nominees = [d for d in ia.decisions if d.nomination is not None]
    assert [d.rank for d in nominees] == list(range(1, len(nominees) + 1))
    assert ia.proposals == tuple(nominees[: level.individual_places])

    # Nomination: a prefix of each parent's order, its first always in, at most 1 + 1.
    by_parent = defaultdict(list)
    for d in ia.decisions:
        by_parent[d.parent].append(d)
    for group in by_parent.values():
        flags = [d.nomination is not None for d in group]
        assert flags[0] and flags == sorted(flags, reverse=True) and sum(flags) <= 2
        assert group[0].nomination == "base"
    base = len(by_parent)
    runners_up = [g[1] for g in by_parent.values() if len(g) >= 2]
    assert len(nominees) == base + min(len(runners_up), max(0, level.individual_places - base))
    extras = [d for d in runners_up if d.nomination == "extra"]
    left_out = [d for d in runners_up if d.nomination is None]
    assert all(key[x.id] < key[y.id] for x in extras for y in left_out)
    for d in ia.decisions:
        assert d.reason.vi.startswith("Đề nghị" if d.proposed else "Không đề nghị")
        assert d.reason.en.startswith("Proposed" if d.proposed else "Not proposed")


def test_it_holds_the_invariants_on_seeded_provinces():
    for seed in range(15):
        units, people = _province(random.Random(seed))
        a = allocate(PLAN, "commune", units)
        check_invariants(a, allocate_individuals(a, people), people)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_it_is_deterministic_whatever_the_input_order(seed):
    rng = random.Random(seed)
    units, people = _province(rng)
    a = allocate(PLAN, "commune", units)
    first = allocate_individuals(a, people)
    check_invariants(a, first, people)
    rng.shuffle(units)
    rng.shuffle(people)
    again = allocate_individuals(allocate(PLAN, "commune", units), people)
    assert again == first
