"""Invariants of the allocation on synthetic provinces: 11 districts of 5-25 communes.

Totals are drawn from a narrow range so that ties are common; some communes
fail a gate, and some districts have no eligible commune at all.
"""

from __future__ import annotations

import random
from collections import defaultdict

from awards_synth import COMMUNE_FAIL, commune
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.awards import Allocation, allocate, get_builtin_plan

PLAN = get_builtin_plan("hagiang-2023")
LEVEL = PLAN.level("commune")
GATES = [*COMMUNE_FAIL, "model_815"]


def _key(d):
    return d.total


def check_invariants(a: Allocation, *, tie_breakers=()) -> None:
    decisions = {d.unit: d for d in a.decisions}
    eligibility = {e.unit: e for e in a.eligibility}
    order = {d.unit: i for i, d in enumerate(a.decisions)}  # rank order, ties by code
    keys = {
        e.unit: (e.score.total, *(e.score.subtotal(t) for t in tie_breakers)) for e in a.eligibility
    }

    # Every unit gets exactly one decision; gate failures are exactly the ineligible units.
    assert len(decisions) == len(a.decisions)
    for code, d in decisions.items():
        assert (d.status == "gate_failed") == (not eligibility[code].eligible)
        assert d.reason.vi and d.reason.en

    # Totals per form and the caps.
    places = {q.form: q.collectives for q in LEVEL.forms}
    for f in a.forms:
        assert len(f.given) <= places[f.form.code] <= f.form.cap_collectives
        assert all(decisions[u].form == f.form.code for u in f.given)
    assert len(a.proposals) <= LEVEL.places

    # Nominees: per district a prefix of its eligible communes in rank order,
    # the best eligible always first, at most 1 + 1 per district.
    eligible_by_parent = defaultdict(list)
    for d in a.decisions:
        if d.status != "gate_failed":
            eligible_by_parent[d.parent].append(d)
    nominated = [d for d in a.decisions if d.nomination is not None]
    for group in eligible_by_parent.values():
        flags = [d.nomination is not None for d in group]
        assert flags[0], "every district with an eligible commune nominates its best"
        assert flags == sorted(flags, reverse=True), "nominees are the district's best eligible"
        assert sum(flags) <= 2
        assert [d.nomination for d in group if d.nomination][:1] == ["base"]

    # The nominees fill the level's places whenever runners-up allow it.
    base = sum(1 for d in nominated if d.nomination == "base")
    runners_up = sum(1 for g in eligible_by_parent.values() if len(g) >= 2)
    assert len(nominated) == base + min(runners_up, max(0, LEVEL.places - base))

    # Extra nominations go to the best runners-up.
    extras = [d for d in nominated if d.nomination == "extra"]
    left_out = [
        g[1] for g in eligible_by_parent.values() if len(g) >= 2 and g[1].nomination is None
    ]
    for x in extras:
        for y in left_out:
            assert keys[x.unit] >= keys[y.unit]
            assert order[x.unit] < order[y.unit]

    # Higher forms go to higher-ranked nominees; nominees beyond the places get nothing.
    bk = [d for d in nominated if d.form == "bang_khen_ubnd_tinh"]
    gk = [d for d in nominated if d.form == "giay_khen_ca_tinh"]
    none = [d for d in nominated if d.form is None]
    for hi, lo in ((bk, gk), (bk, none), (gk, none)):
        for x in hi:
            for y in lo:
                assert keys[x.unit] >= keys[y.unit]
                assert x.rank <= y.rank
                if keys[x.unit] == keys[y.unit] and not tie_breakers:
                    assert x.unit < y.unit
                    assert any(t.other == y.unit and t.decided_by == "unit_code" for t in x.ties)
    if len(nominated) >= LEVEL.places:
        assert len(a.proposals) == LEVEL.places
    else:
        assert not none and len(a.proposals) == len(nominated)

    # Ranks among nominees: 1..n, shared by equal figures.
    ranks = sorted(d.rank for d in nominated)
    assert all(r is not None and 1 <= r <= len(nominated) for r in ranks)
    if nominated:
        assert ranks[0] == 1


def _province(rng: random.Random, *, spread: int, p_fail: float, dead_districts: int):
    units = []
    dead = set(rng.sample(range(11), dead_districts))
    for i in range(11):
        for j in range(rng.randint(5, 25)):
            fail = rng.choice(GATES) if i in dead or rng.random() < p_fail else None
            units.append(
                commune(
                    f"D{i:02d}-X{j:02d}",
                    f"D{i:02d}",
                    points=rng.randint(0, spread),
                    a_points=rng.randint(0, 2),
                    fail=fail,
                    kind=rng.choice(["xa", "xa", "phuong", "thi_tran"]),
                )
            )
    rng.shuffle(units)
    return units


def test_it_holds_the_invariants_on_seeded_provinces():
    for seed in range(12):
        rng = random.Random(seed)
        units = _province(
            rng,
            spread=rng.choice([3, 10, 40]),
            p_fail=rng.choice([0.1, 0.5, 0.9]),
            dead_districts=rng.randint(0, 3),
        )
        check_invariants(allocate(PLAN, "commune", units))
        check_invariants(
            allocate(PLAN, "commune", units, tie_breakers=("A", "C")), tie_breakers=("A", "C")
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    spread=st.integers(min_value=0, max_value=30),
    p_fail=st.floats(min_value=0, max_value=1),
    dead=st.integers(min_value=0, max_value=11),
    tie_breakers=st.sampled_from([(), ("A",), ("A", "C")]),
)
def test_it_holds_the_invariants_on_random_provinces(seed, spread, p_fail, dead, tie_breakers):
    units = _province(random.Random(seed), spread=spread, p_fail=p_fail, dead_districts=dead)
    a = allocate(PLAN, "commune", units, tie_breakers=tie_breakers)
    check_invariants(a, tie_breakers=tie_breakers)
    # The same units in another order give the same allocation.
    shuffled = list(units)
    random.Random(seed + 1).shuffle(shuffled)
    assert allocate(PLAN, "commune", shuffled, tie_breakers=tie_breakers).decisions == a.decisions
