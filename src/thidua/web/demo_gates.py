"""Which award gates each demo unit meets, and results aimed at them.

The award plan ``hagiang-2023`` proposes only units that meet every gate of
their level (100% of the citizen-ID target, more than 75% of citizens on
VNeID, 100% of population data cleaned, at least one registered model …).
Results drawn independently per criterion almost never meet seven gates at
once, so the demo award pages would stay empty. Instead, per nominating
group (the communes of one district; the districts of the province), a
seeded share of the units whose results count (appraised or submitted) is
*exemplary*: it meets every gate, and registers a model. Every other unit
misses one or two gates, by a plausible margin — a town at 80% where towns
need more than 85%, 96% of population data cleaned where 100% is asked —
or has no model registered. The gate pages thus show both kinds of unit
with their reasons, and drawing up proposals fills the plan's places.

All of it is demo data (generated, seeded, the same on every machine); it
says nothing about how the named units actually did.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from thidua import awards
from thidua.awards import Gate
from thidua.scoring import UnitInput
from thidua.web.units.models import Unit

PLAN = "hagiang-2023"
# Stages (see thidua.web.demo.PLAN) whose results count in the ranking and gates.
COUNTED = ("appraised", "submitted", "returned")
# Share of a group's units that meet every gate, drawn per group in this range.
EXEMPLARY = {"commune": (0.25, 0.55), "district": (0.3, 0.45)}

# Plausible denominators per gate (commune, district): citizens aged 14 and
# over, applications, insured people, staff.
DENOMINATORS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "cccd_issued": ((1_500, 9_000), (25_000, 90_000)),
    "eid_registration": ((1_500, 9_000), (25_000, 90_000)),
    "eid_activation": ((1_500, 9_000), (25_000, 90_000)),
    "population_data_cleaned": ((2_000, 12_000), (35_000, 120_000)),
    "online_services": ((150, 2_500), (3_000, 40_000)),
    "bhxh_bhyt_sync": ((1_500, 10_000), (30_000, 110_000)),
    "cccd_health_insurance": ((300, 4_000), (8_000, 60_000)),
    "staff_eid_level2": ((25, 90), (400, 1_600)),
}


@dataclass(frozen=True)
class Aim:
    """What one gate criterion's result of one unit should show."""

    gate: Gate
    threshold: Decimal
    base: Decimal  # the threshold before a town's or the city's increase
    passes: bool


@dataclass(frozen=True)
class UnitAims:
    """The gates a unit meets or misses; ``exemplary`` when it meets them all."""

    exemplary: bool
    misses: frozenset[str]
    criteria: Mapping[str, Aim]  # by criterion code


def _rng(*parts: object) -> random.Random:
    return random.Random("/".join(["gates", *map(str, parts)]))


def _unit_input(unit: Unit) -> UnitInput:
    parent = unit.parent
    return UnitInput(
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        parent_kind=parent.kind if parent else None,
        parent=parent.code if parent else None,
    )


def _misses(
    gates: list[Gate], rng: random.Random, *, has_model: bool, fact_gate: str | None
) -> frozenset[str]:
    """One or two gates a non-exemplary unit misses (the model gate when it has no model)."""
    criterion_gates = [g.code for g in gates if g.criterion]
    if not has_model and fact_gate is not None:
        extra = rng.sample(criterion_gates, 1) if rng.random() < 0.35 else []
        return frozenset([fact_gate, *extra])
    return frozenset(rng.sample(criterion_gates, 1 if rng.random() < 0.6 else 2))


def plan_aims(
    units: Iterable[Unit], stage_of: Mapping[str, str], has_model: Callable[[str], bool]
) -> dict[str, UnitAims]:
    """The gates every district and commune of ``units`` meets, by unit code.

    ``stage_of`` is each unit's demo stage; ``has_model`` tells whether the
    unit registers a model (the models registry's demo decides).
    """
    plan = awards.get_builtin_plan(PLAN)
    units = list(units)
    out: dict[str, UnitAims] = {}
    for level_code in ("district", "commune"):
        level = awards.get_level(plan, level_code)
        gates = list(level.gates)
        fact_gate = next((g.code for g in gates if g.fact == "models_registered"), None)
        groups: dict[str, list[Unit]] = {}
        for u in sorted(units, key=lambda u: u.code):
            if u.kind in level.unit_kinds:
                key = u.parent.code if level.nomination and u.parent else level_code
                groups.setdefault(key, []).append(u)
        for key, members in groups.items():
            rng = _rng(level_code, key)
            low, high = EXEMPLARY[level_code]
            wanted = max(1, round(len(members) * rng.uniform(low, high)))
            candidates = [
                u for u in members if stage_of.get(u.code) in COUNTED and has_model(u.code)
            ]
            rng.shuffle(candidates)
            chosen = {u.code for u in candidates[:wanted]}
            for u in members:
                urng = _rng(level_code, u.code)
                exemplary = u.code in chosen
                misses = (
                    frozenset()
                    if exemplary
                    else _misses(gates, urng, has_model=has_model(u.code), fact_gate=fact_gate)
                )
                ui = _unit_input(u)
                criteria = {}
                for g in gates:
                    if g.criterion is None or isinstance(g.threshold, bool):
                        continue
                    used = g.threshold_for(ui)
                    assert isinstance(used.value, Decimal) and isinstance(used.base, Decimal)
                    criteria[g.criterion] = Aim(g, used.value, used.base, g.code not in misses)
                out[u.code] = UnitAims(exemplary, misses, criteria)
    return out


def _meets(op: str, value: Fraction, threshold: Decimal) -> bool:
    t = Fraction(threshold)
    return {
        ">": value > t,
        ">=": value >= t,
        "<": value < t,
        "<=": value <= t,
        "==": value == t,
    }[op]


def aimed_value(aim: Aim, level: str, rng: random.Random) -> dict[str, int]:
    """A numerator and denominator that meet (or miss) the gate, by a plausible margin."""
    ranges = DENOMINATORS.get(aim.gate.code, ((200, 4_000), (5_000, 60_000)))
    lo, hi = ranges[1] if level == "district" else ranges[0]
    den = rng.randint(lo, hi)
    t = float(aim.threshold)
    if aim.passes:
        if t >= 1:
            num = den
        else:
            ratio = rng.uniform(t + 0.004, min(1.0, t + 0.2))
            num = min(den, max(math.floor(den * ratio), math.floor(den * t) + 1))
    else:
        if t >= 1:
            ratio = rng.uniform(0.93, 0.995)
        elif aim.base < aim.threshold and rng.random() < 0.7:
            # Meets the general threshold, not the town's or the city's higher one.
            ratio = rng.uniform(float(aim.base) + 0.01, t)
        else:
            ratio = rng.uniform(t - 0.09, t)
        num = min(math.floor(den * ratio), den - 1)
    value = Fraction(num, den)
    if _meets(aim.gate.op, value, aim.threshold) != aim.passes:
        # Rounding put it on the wrong side of the threshold: step one past it.
        edge = math.floor(den * Fraction(aim.threshold))
        num = min(den, edge + 1) if aim.passes else max(0, edge - 1)
    return {"numerator": num, "denominator": den}
