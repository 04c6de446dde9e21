"""An independent checker of schedules, written from the issue text alone.

It reads the plan as a plain YAML-like mapping and the schedule in its JSON
form, computes working days straight from the ``holidays`` package, and
returns every hard constraint the schedule breaks. It shares no code with
``thidua.scheduling`` on purpose: the solver's own safety net (``verify.py``)
could share a misreading with the model; this file cannot.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

import holidays


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


class WorkingDays:
    def __init__(self, excluded: set[dt.date]) -> None:
        self.excluded = excluded
        self.cache: dict[int, Any] = {}

    def is_working(self, day: dt.date) -> bool:
        if day.year not in self.cache:
            self.cache[day.year] = holidays.country_holidays("VN", years=day.year)
        return day.weekday() < 5 and day not in self.cache[day.year] and day not in self.excluded

    def shift(self, day: dt.date, n: int) -> dt.date:
        step = dt.timedelta(days=1 if n > 0 else -1)
        left = abs(n)
        while left:
            day += step
            if self.is_working(day):
                left -= 1
        return day


def check(plan: dict[str, Any], result: dict[str, Any]) -> list[str]:
    """Return a description of every broken hard constraint (empty if none)."""
    problems: list[str] = []
    start, end = _date(plan["window"]["start"]), _date(plan["window"]["end"])
    register_by = _date(plan["register_by"])
    notice_n = int(plan["notice_working_days"])
    result_n = int(plan["result_notice_working_days"])
    default_cap = int(plan.get("visits_per_team_per_day", 1))
    cal = WorkingDays({_date(d) for d in plan.get("excluded_dates") or []})
    teams = {t["code"]: t for t in plan["teams"]}
    crew = {code: {t["lead"], *t.get("members", [])} for code, t in teams.items()}
    wanted = {(code, u) for code, t in teams.items() for u in t.get("inspects", [])}
    forbidden = {
        (f["unit"], _date(d)) for f in plan.get("forbidden") or [] for d in f.get("dates", [])
    }
    pins = {(p["team"], p["unit"]): _date(p["date"]) for p in plan.get("pins") or []}
    away = {(code, _date(d)) for code, t in teams.items() for d in t.get("unavailable_dates") or []}

    visits = [
        (v["team"], v["unit"], _date(v["date"]), _date(v["notice_date"])) for v in result["visits"]
    ]
    counts = Counter((t, u) for t, u, _, _ in visits)
    for pair in wanted:
        if counts[pair] != 1:
            problems.append(f"{pair} visited {counts[pair]} times")
    for pair in counts:
        if pair not in wanted:
            problems.append(f"{pair} is not a visit of the plan")

    out: dict[dt.date, Counter[str]] = defaultdict(Counter)
    received: dict[dt.date, Counter[str]] = defaultdict(Counter)
    for team, unit, day, notice in visits:
        out[day][team] += 1
        received[day][unit] += 1
        if not start <= day <= end:
            problems.append(f"{team}/{unit} on {day}: outside the window")
        if not cal.is_working(day):
            problems.append(f"{team}/{unit} on {day}: not a working day")
        latest = cal.shift(day, -notice_n)
        if notice != latest:
            problems.append(f"{team}/{unit} on {day}: notice {notice}, expected {latest}")
        if latest < register_by:
            problems.append(
                f"{team}/{unit} on {day}: notice {latest} before registration {register_by}"
            )
        if (unit, day) in forbidden:
            problems.append(f"{team}/{unit} on {day}: forbidden date")
        if (team, day) in away:
            problems.append(f"{team}/{unit} on {day}: the team is unavailable")
        if (team, unit) in pins and pins[(team, unit)] != day:
            problems.append(f"{team}/{unit} on {day}: pinned to {pins[(team, unit)]}")

    for day in out:
        for team, n in out[day].items():
            cap = int(teams[team].get("visits_per_day") or default_cap)
            if n > cap:
                problems.append(f"{day}: team {team} makes {n} visits (cap {cap})")
        for unit, n in received[day].items():
            if n > 1:
                problems.append(f"{day}: {unit} receives {n} visits")
            for team in teams:
                if unit in crew[team] and out[day][team]:
                    problems.append(f"{day}: {unit} inspected while its team {team} is out")
        units_on_teams = set().union(*crew.values())
        for unit in units_on_teams:
            busy = [t for t in teams if unit in crew[t] and out[day][t]]
            if len(busy) > 1:
                problems.append(f"{day}: {unit} needed by teams {busy}")

    summaries = {s["team"]: s for s in result["teams"]}
    for code in teams:
        days = [d for t, _, d, _ in visits if t == code]
        if not days:
            continue
        summary = summaries.get(code)
        if summary is None:
            problems.append(f"team {code}: no summary")
            continue
        last = max(days)
        if _date(summary["last_visit"]) != last:
            problems.append(f"team {code}: last visit {summary['last_visit']}, expected {last}")
        if _date(summary["result_notice_due"]) != cal.shift(last, result_n):
            problems.append(f"team {code}: result notice due {summary['result_notice_due']}")
        report_due = _date(teams[code].get("report_due") or plan["report_due"])
        if _date(summary["report_due"]) != report_due:
            problems.append(f"team {code}: report due {summary['report_due']}")
    return problems
