"""Benchmark the inspection scheduler: prints solve time and status, asserts nothing.

    .venv/bin/python bench/bench_scheduling.py [--time-limit S] [--workers N]

Plans: the shipped Quảng Xương plan (41 visits), a synthetic district-sized plan
(5 teams, 45 visits) and a synthetic province-sized plan (30 teams, 600 visits,
two visits a team a day, a 30-working-day window across the 2/9 holidays). The
target for the province-sized plan is a schedule within 30 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from thidua.scheduling import SolverOptions, load_builtin_plan, schedule
from thidua.scheduling.plan import Plan
from thidua.scheduling.synthetic import DISTRICT, PROVINCE, synthetic_plan


def describe(plan: Plan) -> str:
    shared = sum(1 for u in {u for t in plan.teams for u in t.crew} if len(plan.teams_of(u)) > 1)
    days = len(plan.calendar().working_days(plan.window_start, plan.window_end))
    return (
        f"{len(plan.teams)} teams, {len(plan.pairs())} visits, {days} working days, "
        f"{plan.visits_per_team_per_day}/team/day, {shared} units on two teams"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args()
    options = SolverOptions(time_limit=args.time_limit, workers=args.workers)
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cpus, workers={args.workers}, time limit {args.time_limit:g} s"
    )
    cases = [
        ("quangxuong-2023", load_builtin_plan("quangxuong-2023")),
        ("district (synthetic)", synthetic_plan(DISTRICT)),
        ("province (synthetic)", synthetic_plan(PROVINCE)),
    ]
    print(f"{'plan':<22} {'status':<10} {'seconds':>8}  goals (finish, spread, near_duty)  shape")
    for name, plan in cases:
        started = time.perf_counter()
        result = schedule(plan, options=options)
        elapsed = time.perf_counter() - started
        goals = result.stats.goals if result.stats else {}
        goal_text = ", ".join(str(goals.get(k, "-")) for k in ("finish", "spread", "near_duty"))
        print(f"{name:<22} {result.status:<10} {elapsed:>8.2f}  {goal_text:<33} {describe(plan)}")


if __name__ == "__main__":
    main()
