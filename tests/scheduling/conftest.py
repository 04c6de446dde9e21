"""Shared helpers for the scheduling tests: small plans and a deterministic solver."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from thidua.scheduling import SolverOptions, plan_from_mapping, schedule
from thidua.scheduling.loader import plan_to_mapping
from thidua.scheduling.plan import Plan
from thidua.scheduling.schedule import Schedule

from .independent_checker import check

#: One worker, a fixed seed and a deterministic time budget: the same answer on every run.
OPTIONS = SolverOptions(time_limit=60, workers=1, seed=7, deterministic=True, deterministic_time=30)


def small_plan(
    *,
    teams: list[dict[str, Any]],
    units: list[str] | None = None,
    start: str = "2025-08-25",
    end: str = "2025-08-29",
    register_by: str = "2025-08-20",
    notice: int = 2,
    per_day: int = 1,
    **extra: Any,
) -> Plan:
    """Return a plan from a compact description; units default to every code mentioned."""
    mentioned = units or sorted(
        {t["lead"] for t in teams}
        | {m for t in teams for m in t.get("members", [])}
        | {u for t in teams for u in t.get("inspects", [])}
    )
    data = {
        "code": "test",
        "title": "Kế hoạch thử",
        "window": {"start": start, "end": end},
        "register_by": register_by,
        "notice_working_days": notice,
        "result_notice_working_days": 5,
        "report_due": "2025-12-31",
        "visits_per_team_per_day": per_day,
        "units": [
            {"code": u, "name": u.upper(), "kind": "xa" if u.startswith("x") else "phong_ban"}
            for u in mentioned
        ],
        "teams": teams,
        **extra,
    }
    return plan_from_mapping(data, source="test.yaml")


def solve_and_check(plan: Plan) -> Schedule:
    """Solve deterministically and assert the independent checker finds nothing wrong."""
    result = schedule(plan, options=OPTIONS)
    if result.ok:
        problems = check(plan_to_mapping(plan), result.to_json())
        assert problems == [], problems
    return result


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(scope="session")
def quangxuong() -> Plan:
    from thidua.scheduling import load_builtin_plan

    return load_builtin_plan("quangxuong-2023")


@pytest.fixture(scope="session")
def quangxuong_schedule(quangxuong: Plan) -> Schedule:
    return schedule(quangxuong, options=OPTIONS)


@pytest.fixture
def triangle() -> Plan:
    """Three teams, each pair sharing a member: 6 team-days needed in 5 working days.

    Every unit passes the per-unit count (2 + 2 <= 5), so only the solver sees it.
    """
    return small_plan(
        teams=[
            {"code": "T1", "lead": "a", "members": ["s_ab", "s_ac"], "inspects": ["x1", "x2"]},
            {"code": "T2", "lead": "b", "members": ["s_ab", "s_bc"], "inspects": ["x3", "x4"]},
            {"code": "T3", "lead": "c", "members": ["s_bc", "s_ac"], "inspects": ["x5", "x6"]},
        ],
    )
