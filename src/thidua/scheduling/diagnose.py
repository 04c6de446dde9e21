"""Explain, after the solver proved a plan infeasible, which conditions clash.

Each group of constraints (a team's daily limit, one unit's duty on one team,
a pin...) is switched on by an assumption literal; CP-SAT returns a set of
assumptions that is already infeasible, which is then shrunk by trying to
drop each group in turn. The groups left are described in words, with the
counts behind them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from ortools.sat.python import cp_model

from thidua.scheduling.domains import Domains
from thidua.scheduling.messages import Message, vn_date
from thidua.scheduling.model import GroupKey, SchedulingModel
from thidua.scheduling.plan import Plan
from thidua.scheduling.precheck import days_needed

_ORDER = {
    "pin": 0,
    "forbid": 1,
    "away": 1,
    "notice": 2,
    "capacity": 3,
    "two_teams": 4,
    "duty": 5,
    "unit_once": 6,
}


def _core(
    sm: SchedulingModel, keys: Iterable[GroupKey], *, time_limit: float, seed: int
) -> set[GroupKey] | None:
    """Return an infeasible subset of ``keys``, or None if they are (or may be) satisfiable."""
    keys = list(keys)
    by_index = {sm.groups[k].index: k for k in keys}
    sm.model.clear_assumptions()
    sm.model.add_assumptions([sm.groups[k] for k in keys])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(time_limit, 0.05)
    status = solver.solve(sm.model)
    if status != cp_model.INFEASIBLE:
        return None
    found = {
        by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index
    }
    return found or set(keys)


def explain_infeasible(
    plan: Plan, domains: Domains, *, time_limit: float = 10.0, seed: int = 0
) -> tuple[Message, ...]:
    """Return the explanation of an infeasible plan, most telling conditions first."""
    deadline = time.perf_counter() + time_limit
    sm = SchedulingModel(plan, domains, diagnose=True)
    core = _core(sm, sm.groups, time_limit=time_limit / 2, seed=seed)
    if core is None:
        return (
            Message(
                "Bộ giải xác định không có lịch nào thỏa mọi điều kiện nhưng chưa chỉ ra được "
                "nhóm điều kiện mâu thuẫn",
                "The solver proved that no schedule meets every condition but could not single "
                "out the conflicting ones",
            ),
        )
    for key in sorted(core, key=_sort_key, reverse=True):
        remaining = deadline - time.perf_counter()
        if remaining <= 0.1 or len(core) == 1:
            break
        if key not in core:
            continue
        smaller = _core(sm, core - {key}, time_limit=min(2.0, remaining), seed=seed)
        if smaller is not None:
            core = smaller
    n_days = len(domains.days)
    head = Message(
        f"Không thể xếp lịch: trong {n_days} ngày làm việc từ {vn_date(plan.window_start)} đến "
        f"{vn_date(plan.window_end)}, các điều kiện sau không thể cùng đáp ứng:",
        f"No schedule exists: in the {n_days} working days from {plan.window_start.isoformat()} "
        f"to {plan.window_end.isoformat()}, these conditions cannot all hold:",
    )
    lines = [describe(plan, domains, key) for key in sorted(core, key=_sort_key)]
    lines.extend(_clique_summary(plan, domains, core))
    return (head, *lines)


def _sort_key(key: GroupKey) -> tuple[int, GroupKey]:
    return (_ORDER.get(key[0], 9), key)


def describe(plan: Plan, domains: Domains, key: GroupKey) -> Message:
    """Return one condition of the plan in words."""
    kind = key[0]
    name = plan.unit_name
    if kind == "capacity":
        team = plan.team(key[1])
        cap = plan.capacity(team)
        need = days_needed(plan, team)
        return Message(
            f"{team.name} có {len(team.inspects)} buổi kiểm tra, tối đa {cap} buổi/ngày, nên cần "
            f"ít nhất {need} ngày đi kiểm tra",
            f"Team {team.code} has {len(team.inspects)} visits, at most {cap} a day, so it needs at "
            f"least {need} visit days",
        )
    if kind == "duty":
        unit, team = key[1], plan.team(key[2])
        leads = team.lead == unit
        role_vi = "trưởng đoàn" if leads else "thành viên"
        return Message(
            f"{name(unit)} ({role_vi} {team.name}) không được kiểm tra vào ngày {team.name} đi kiểm tra",
            f"{unit} ({'leads' if leads else 'sits on'} team {team.code}) cannot be inspected on a "
            f"day team {team.code} is out",
        )
    if kind == "two_teams":
        teams = plan.teams_of(key[1])
        return Message(
            f"{name(key[1])} tham gia {', '.join(t.name for t in teams)}, nên các đoàn này không "
            "đi kiểm tra cùng một ngày",
            f"{key[1]} sits on teams {', '.join(t.code for t in teams)}, so they cannot be out "
            "on the same day",
        )
    if kind == "unit_once":
        teams = plan.inspectors_of(key[1])
        return Message(
            f"{name(key[1])} được {len(teams)} đoàn kiểm tra và mỗi ngày chỉ tiếp một đoàn",
            f"{key[1]} is inspected by {len(teams)} teams and receives one a day",
        )
    if kind == "notice":
        earliest = domains.earliest
        when_vi = vn_date(earliest) if earliest else "—"
        when_en = earliest.isoformat() if earliest else "—"
        return Message(
            f"Lịch đăng ký trước ngày {vn_date(plan.register_by)} và thông báo gửi trước ít nhất "
            f"{plan.notice_working_days} ngày làm việc, nên buổi kiểm tra sớm nhất là ngày {when_vi}",
            f"Schedules are registered by {plan.register_by.isoformat()} and notices need "
            f"{plan.notice_working_days} working days, so the earliest visit is on {when_en}",
        )
    if kind == "forbid":
        dates = sorted(plan.forbidden_dates(key[1]))
        return Message(
            f"{name(key[1])} không tiếp đoàn các ngày {', '.join(vn_date(d) for d in dates)}",
            f"{key[1]} cannot receive visits on {', '.join(d.isoformat() for d in dates)}",
        )
    if kind == "away":
        team = plan.team(key[1])
        dates = sorted(team.unavailable_dates)
        return Message(
            f"{team.name} không đi kiểm tra được các ngày {', '.join(vn_date(d) for d in dates)}",
            f"Team {team.code} is unavailable on {', '.join(d.isoformat() for d in dates)}",
        )
    if kind == "pin":
        team_code, unit_code = key[1], key[2]
        day = next(p.date for p in plan.pins if (p.team, p.unit) == (team_code, unit_code))
        return Message(
            f"Lịch cố định: {plan.team(team_code).name} kiểm tra {name(unit_code)} ngày "
            f"{vn_date(day)}",
            f"Pinned: team {team_code} visits {unit_code} on {day.isoformat()}",
        )
    return Message(f"{'/'.join(key)}", f"{'/'.join(key)}")  # pragma: no cover


def _clique_summary(plan: Plan, domains: Domains, core: set[GroupKey]) -> list[Message]:
    """Return the count behind a core of teams that pairwise cannot be out together."""
    teams = sorted(key[1] for key in core if key[0] == "capacity")
    if len(teams) < 2:
        return []
    apart: set[frozenset[str]] = set()
    for key in core:
        if key[0] == "two_teams":
            codes = [t.code for t in plan.teams_of(key[1])]
            apart.update(frozenset((a, b)) for a in codes for b in codes if a != b)
    if any(frozenset((a, b)) not in apart for a in teams for b in teams if a < b):
        return []
    needs = [days_needed(plan, plan.team(code)) for code in teams]
    n_open = len(domains.open_days)
    names = ", ".join(plan.team(code).name for code in teams)
    sums = " + ".join(str(n) for n in needs)
    return [
        Message(
            f"Vì vậy {names} không có hai đoàn nào đi cùng một ngày: cần {sums} = {sum(needs)} "
            f"ngày khác nhau, nhưng chỉ có {n_open} ngày làm việc có thể kiểm tra",
            f"So no two of teams {', '.join(teams)} can be out on the same day: they need "
            f"{sums} = {sum(needs)} different days, but only {n_open} working days are available",
        )
    ]
