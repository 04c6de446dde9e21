"""Schedule a plan: counting checks, then CP-SAT, then an explanation if it fails."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from thidua.scheduling.diagnose import explain_infeasible
from thidua.scheduling.domains import Pair, compute_domains
from thidua.scheduling.greedy import greedy_dates
from thidua.scheduling.messages import Message
from thidua.scheduling.model import SchedulingModel
from thidua.scheduling.plan import Plan
from thidua.scheduling.precheck import precheck
from thidua.scheduling.schedule import Schedule, SolveStats, Status, make_visits, summarize
from thidua.scheduling.verify import check_visits


@dataclass(frozen=True)
class SolverOptions:
    """How hard and how reproducibly to search."""

    #: Wall-clock limit of the main search, in seconds.
    time_limit: float = 20.0
    #: Search workers; the default uses at most two cores.
    workers: int = min(2, os.cpu_count() or 1)
    seed: int = 0
    #: If set, stop on CP-SAT's deterministic time instead (reproducible runs).
    deterministic_time: float | None = None
    #: Wall-clock budget for explaining an infeasible plan.
    diagnose_time_limit: float = 10.0
    #: Same plan, same schedule: CP-SAT's interleaved (deterministic) parallel
    #: search. None chooses it for plans of up to DETERMINISTIC_UP_TO visits,
    #: where it finds the optimum quickly; larger plans get the free-running
    #: parallel search, which improves a schedule faster.
    deterministic: bool | None = None


DETERMINISTIC_UP_TO = 200


class SchedulerBug(RuntimeError):
    """The solver returned a schedule that breaks a hard constraint (never expected)."""


def schedule(
    plan: Plan,
    *,
    options: SolverOptions | None = None,
    previous: Mapping[Pair, dt.date] | None = None,
) -> Schedule:
    """Return the schedule of ``plan``: visits and deadlines, or why there is none.

    ``previous`` (a earlier schedule's dates) makes the solver keep visits where
    they were whenever the plan's edits allow it; pins and forbidden dates are
    part of ``plan`` (see :meth:`Plan.with_edits`).
    """
    opts = options or SolverOptions()
    started = time.perf_counter()
    calendar = plan.calendar()
    domains = compute_domains(plan, calendar)
    findings = precheck(plan, calendar, domains)
    if findings.errors:
        head = Message(
            "Không thể xếp lịch kiểm tra (kiểm tra bằng phép đếm trước khi giải):",
            "No schedule is possible (found by counting before solving):",
        )
        return Schedule(
            plan=plan.code,
            status="infeasible",
            explanation=(head, *findings.errors),
            warnings=findings.warnings,
            notes=findings.notes,
            stats=SolveStats(wall_seconds=time.perf_counter() - started),
        )
    sm = SchedulingModel(plan, domains, previous=previous)
    start = greedy_dates(plan, domains)
    sm.add_hint(dict(previous) if previous else start)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = max(1, opts.workers)
    params.random_seed = opts.seed
    params.max_time_in_seconds = opts.time_limit
    deterministic = opts.deterministic
    if deterministic is None:
        deterministic = len(plan.pairs()) <= DETERMINISTIC_UP_TO
    params.interleave_search = deterministic
    if opts.deterministic_time is not None:
        params.max_deterministic_time = opts.deterministic_time
    code = solver.solve(sm.model)
    status: Status
    if code == cp_model.OPTIMAL:
        status = "optimal"
    elif code == cp_model.FEASIBLE:
        status = "feasible"
    elif code == cp_model.INFEASIBLE:
        status = "infeasible"
    else:
        status = "unknown"
    fallback: tuple[Message, ...] = ()
    if status == "unknown" and len(start) == len(plan.pairs()):
        # CP-SAT ran out of time before its first solution (a very loaded
        # machine): the greedy schedule, if it breaks nothing, is still a schedule.
        greedy_visits = make_visits(plan, calendar, start)
        if not check_visits(plan, greedy_visits, calendar=calendar):
            status = "feasible"
            fallback = (
                Message(
                    "Bộ giải hết thời gian; đây là lịch dựng nhanh, đáp ứng mọi ràng buộc nhưng "
                    "chưa tối ưu (tăng --time-limit để cải thiện)",
                    "The solver ran out of time; this is the quick schedule, which meets every "
                    "constraint but is not optimised (raise --time-limit to improve it)",
                ),
            )
    if status in ("optimal", "feasible"):
        dates = sm.solution_dates(solver) if not fallback else start
        visits = make_visits(plan, calendar, dates)
        broken = check_visits(plan, visits, calendar=calendar)
        if broken:  # pragma: no cover - a modelling bug, never a user error
            raise SchedulerBug("; ".join(str(v.message) for v in broken))
        teams, deadline_warnings = summarize(plan, calendar, visits)
        stats = SolveStats(
            wall_seconds=time.perf_counter() - started,
            objective=solver.objective_value if not fallback else None,
            best_bound=solver.best_objective_bound if not fallback else None,
            goals=sm.goal_values(solver) if not fallback else {},
        )
        return Schedule(
            plan=plan.code,
            status=status,
            visits=visits,
            teams=teams,
            warnings=fallback + findings.warnings + deadline_warnings,
            notes=findings.notes,
            stats=stats,
        )
    if status == "infeasible":
        explanation = explain_infeasible(
            plan, domains, time_limit=opts.diagnose_time_limit, seed=opts.seed
        )
    else:
        explanation = (
            Message(
                f"Chưa tìm được lịch trong {opts.time_limit:g} giây; hãy tăng thời gian giải "
                "(--time-limit) hoặc nới các điều kiện",
                f"No schedule found within {opts.time_limit:g} s; allow more time (--time-limit) "
                "or relax the plan",
            ),
        )
    return Schedule(
        plan=plan.code,
        status=status,
        explanation=explanation,
        warnings=findings.warnings,
        notes=findings.notes,
        stats=SolveStats(wall_seconds=time.perf_counter() - started),
    )
