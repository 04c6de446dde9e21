"""Random small plans: the solver agrees with exhaustive search and the independent checker."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from thidua.scheduling import SolverOptions, plan_from_mapping, schedule
from thidua.scheduling.loader import plan_to_mapping
from thidua.scheduling.synthetic import SyntheticSpec, synthetic_plan

from .brute_force import brute_force
from .conftest import OPTIONS
from .independent_checker import check


def random_tiny_plan(seed: int) -> dict[str, Any]:
    """A plan small enough to enumerate: 2-3 teams, 1-3 visits each, 3-6 working days."""
    rng = random.Random(seed)
    n_teams = rng.randint(2, 3)
    offices = [f"o{i}" for i in range(2 * n_teams + 1)]
    teams = []
    for t in range(n_teams):
        lead = offices[2 * t]
        members = [offices[2 * t + 1]]
        if rng.random() < 0.4:  # sit on a second team as well
            members.append(rng.choice([o for o in offices if o not in (lead, *members)]))
        others = [o for o in offices if o not in (lead, *members)]
        inspects = rng.sample(others, rng.randint(0, 1)) + [
            f"x{t}{i}" for i in range(rng.randint(1, 2))
        ]
        team: dict[str, Any] = {
            "code": f"T{t + 1}",
            "lead": lead,
            "members": members,
            "inspects": inspects,
        }
        if rng.random() < 0.2:
            team["visits_per_day"] = 2
        teams.append(team)
    start = dt.date(2025, 8, 25) + dt.timedelta(days=rng.choice([0, 7, 3]))
    end = start + dt.timedelta(days=rng.randint(2, 8))
    units = sorted(
        {t["lead"] for t in teams}
        | {m for t in teams for m in t["members"]}
        | {u for t in teams for u in t["inspects"]}
    )
    data: dict[str, Any] = {
        "code": f"tiny-{seed}",
        "window": {"start": start, "end": end},
        "register_by": start - dt.timedelta(days=rng.choice([1, 3, 6])),
        "notice_working_days": rng.randint(0, 3),
        "result_notice_working_days": 5,
        "report_due": end + dt.timedelta(days=14),
        "visits_per_team_per_day": 1,
        "units": [
            {"code": u, "name": u.upper(), "kind": "xa" if u.startswith("x") else "phong_ban"}
            for u in units
        ],
        "teams": teams,
    }
    if rng.random() < 0.3:
        data["forbidden"] = [
            {"unit": rng.choice(units), "dates": [start + dt.timedelta(days=rng.randint(0, 3))]}
        ]
    if rng.random() < 0.2:
        data["excluded_dates"] = [start + dt.timedelta(days=1)]
    return data


@pytest.mark.parametrize("seed", range(60))
def test_it_agrees_with_exhaustive_search_on_tiny_plans(seed: int) -> None:
    data = random_tiny_plan(seed)
    plan = plan_from_mapping(data, source=f"tiny-{seed}.yaml")
    known = brute_force(data)
    result = schedule(plan, options=OPTIONS)
    assert result.ok == known.feasible, [str(m) for m in result.explanation]
    if result.ok:
        assert check(data, result.to_json()) == []
        assert result.status == "optimal"
        assert result.stats is not None and result.stats.goals["finish"] == known.min_finish
    else:
        assert result.status == "infeasible"
        assert len(result.explanation) >= 2


@pytest.mark.parametrize("seed", range(8))
def test_it_meets_every_constraint_on_random_district_sized_plans(seed: int) -> None:
    spec = SyntheticSpec(
        teams=4,
        visits_per_team=6,
        office_visits_per_team=2,
        members_per_team=3,
        shared_members=2,
        window_start=dt.date(2025, 8, 18),
        working_days=15,
        visits_per_team_per_day=1 + seed % 2,
        notice_working_days=seed % 3,
        excluded_dates=seed % 2,
        forbidden_dates=3,
        seed=seed,
    )
    plan = synthetic_plan(spec)
    result = schedule(
        plan,
        options=SolverOptions(
            time_limit=30, workers=1, seed=1, deterministic=True, deterministic_time=10
        ),
    )
    assert result.ok, [str(m) for m in result.explanation]
    assert check(plan_to_mapping(plan), result.to_json()) == []


def test_it_returns_a_valid_schedule_even_when_time_runs_out() -> None:
    from thidua.scheduling.synthetic import PROVINCE

    plan = synthetic_plan(PROVINCE)
    result = schedule(plan, options=SolverOptions(time_limit=0.01, workers=1))
    assert result.status == "feasible"  # the quick schedule, or CP-SAT's first one
    assert check(plan_to_mapping(plan), result.to_json()) == []
