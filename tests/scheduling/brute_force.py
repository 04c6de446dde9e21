"""Exhaustive search over tiny plans: the known answers the solver is compared with.

Written independently of the solver from the issue's rules. Returns whether a
schedule exists and the least possible sum over teams of (index of the last
visit day among the window's working days + 1), the solver's first goal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .independent_checker import WorkingDays, _date


@dataclass(frozen=True)
class Answer:
    feasible: bool
    min_finish: int | None


def brute_force(plan: dict[str, Any]) -> Answer:
    cal = WorkingDays({_date(x) for x in plan.get("excluded_dates") or []})
    start, end = _date(plan["window"]["start"]), _date(plan["window"]["end"])
    days = []
    day = start
    while day <= end:
        if cal.is_working(day):
            days.append(day)
        day += dt.timedelta(days=1)
    register_by = _date(plan["register_by"])
    n = int(plan["notice_working_days"])
    open_days = [i for i, x in enumerate(days) if cal.shift(x, -n) >= register_by]
    teams = {t["code"]: t for t in plan["teams"]}
    crew = {c: {t["lead"], *t.get("members", [])} for c, t in teams.items()}
    cap = {
        c: int(t.get("visits_per_day") or plan.get("visits_per_team_per_day", 1))
        for c, t in teams.items()
    }
    forbidden = {
        (f["unit"], _date(x)) for f in plan.get("forbidden") or [] for x in f.get("dates", [])
    }
    pins = {(p["team"], p["unit"]): _date(p["date"]) for p in plan.get("pins") or []}
    pairs = [(c, u) for c, t in teams.items() for u in t.get("inspects", [])]
    domains = []
    for team, unit in pairs:
        options = [i for i in open_days if (unit, days[i]) not in forbidden]
        if (team, unit) in pins:
            options = [i for i in options if days[i] == pins[(team, unit)]]
        domains.append(options)

    out: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    received: dict[int, set[str]] = defaultdict(set)
    last: dict[str, list[int]] = defaultdict(list)
    best: list[int | None] = [None]

    def allowed(team: str, unit: str, i: int) -> bool:
        if out[i][team] >= cap[team] or unit in received[i]:
            return False
        going = {t for t, k in out[i].items() if k} | {team}
        if any(unit in crew[t] for t in going):
            return False  # the unit would be inspected while a team it sits on is out
        if out[i][team] == 0:  # the team goes out today: its units must be free
            for member in crew[team]:
                if member in received[i]:
                    return False
                if any(member in crew[t] for t, k in out[i].items() if k and t != team):
                    return False
        return True

    def search(k: int) -> None:
        if k == len(pairs):
            finish = sum(max(v) + 1 for v in last.values() if v)
            if best[0] is None or finish < best[0]:
                best[0] = finish
            return
        team, unit = pairs[k]
        for i in domains[k]:
            if not allowed(team, unit, i):
                continue
            out[i][team] += 1
            received[i].add(unit)
            last[team].append(i)
            search(k + 1)
            last[team].pop()
            received[i].discard(unit)
            out[i][team] -= 1

    search(0)
    return Answer(feasible=best[0] is not None, min_finish=best[0])
