"""The scheduler's answer: visits, per-team deadlines, status and explanations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from thidua.scheduling.calendar import WorkingCalendar
from thidua.scheduling.messages import Message, vn_date
from thidua.scheduling.plan import Plan

Status = Literal["optimal", "feasible", "infeasible", "unknown"]
STATUS_VI: Mapping[str, str] = {
    "optimal": "tối ưu",
    "feasible": "khả thi (chưa chứng minh tối ưu)",
    "infeasible": "không xếp được",
    "unknown": "chưa tìm được lịch trong thời gian cho phép",
}


@dataclass(frozen=True)
class Visit:
    """One team's visit to one unit, and the day its notice goes out."""

    team: str
    unit: str
    date: dt.date
    notice_date: dt.date


@dataclass(frozen=True)
class TeamSummary:
    """A team's round: its last visit and the deadlines that follow from it."""

    team: str
    visits: int
    first_visit: dt.date | None
    last_visit: dt.date | None
    result_notice_due: dt.date | None
    report_due: dt.date


@dataclass(frozen=True)
class SolveStats:
    """How the solver fared, for benchmarks and the curious."""

    wall_seconds: float
    objective: float | None = None
    best_bound: float | None = None
    #: Value of each soft goal in the returned schedule, by name.
    goals: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Schedule:
    """The result of scheduling a plan."""

    plan: str
    status: Status
    visits: tuple[Visit, ...] = ()
    teams: tuple[TeamSummary, ...] = ()
    explanation: tuple[Message, ...] = ()
    warnings: tuple[Message, ...] = ()
    notes: tuple[Message, ...] = ()
    stats: SolveStats | None = None

    @property
    def ok(self) -> bool:
        """Return True when the schedule meets every hard constraint."""
        return self.status in ("optimal", "feasible")

    def visits_of(self, team: str) -> tuple[Visit, ...]:
        """Return the team's visits in date order."""
        return tuple(v for v in self.visits if v.team == team)

    def visit(self, team: str, unit: str) -> Visit:
        """Return the visit of ``team`` to ``unit`` (KeyError if none)."""
        for visit in self.visits:
            if visit.team == team and visit.unit == unit:
                return visit
        raise KeyError((team, unit))

    def summary(self, team: str) -> TeamSummary:
        """Return the summary of ``team`` (KeyError if none)."""
        for summary in self.teams:
            if summary.team == team:
                return summary
        raise KeyError(team)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form printed by ``thidua inspections schedule --format json``."""
        return {
            "plan": self.plan,
            "status": self.status,
            "visits": [
                {
                    "team": v.team,
                    "unit": v.unit,
                    "date": v.date.isoformat(),
                    "notice_date": v.notice_date.isoformat(),
                }
                for v in self.visits
            ],
            "teams": [
                {
                    "team": t.team,
                    "visits": t.visits,
                    "first_visit": _iso(t.first_visit),
                    "last_visit": _iso(t.last_visit),
                    "result_notice_due": _iso(t.result_notice_due),
                    "report_due": t.report_due.isoformat(),
                }
                for t in self.teams
            ],
            "explanation": [str(m) for m in self.explanation],
            "warnings": [str(m) for m in self.warnings],
            "notes": [str(m) for m in self.notes],
            "solver": None
            if self.stats is None
            else {
                "wall_seconds": round(self.stats.wall_seconds, 3),
                "objective": self.stats.objective,
                "best_bound": self.stats.best_bound,
                "goals": dict(self.stats.goals),
            },
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def notice_date(plan: Plan, calendar: WorkingCalendar, visit_day: dt.date) -> dt.date:
    """Return the latest day a notice can go out and still give the required working days."""
    return calendar.add_working_days(visit_day, -plan.notice_working_days)


def make_visits(
    plan: Plan, calendar: WorkingCalendar, dates: Mapping[tuple[str, str], dt.date]
) -> tuple[Visit, ...]:
    """Return visits for the given (team, unit) -> date map, sorted by date, team, unit."""
    order = {pair: index for index, pair in enumerate(plan.pairs())}
    visits = [
        Visit(team=team, unit=unit, date=day, notice_date=notice_date(plan, calendar, day))
        for (team, unit), day in dates.items()
    ]
    visits.sort(key=lambda v: (v.date, order.get((v.team, v.unit), len(order))))
    return tuple(visits)


def summarize(
    plan: Plan, calendar: WorkingCalendar, visits: Iterable[Visit]
) -> tuple[tuple[TeamSummary, ...], tuple[Message, ...]]:
    """Return each team's summary and warnings about deadlines that collide."""
    by_team: dict[str, list[dt.date]] = {team.code: [] for team in plan.teams}
    for visit in visits:
        by_team.setdefault(visit.team, []).append(visit.date)
    summaries: list[TeamSummary] = []
    warnings: list[Message] = []
    for team in plan.teams:
        days = sorted(by_team[team.code])
        last = days[-1] if days else None
        due = (
            calendar.add_working_days(last, plan.result_notice_working_days)
            if last is not None
            else None
        )
        report_due = plan.team_report_due(team)
        summaries.append(
            TeamSummary(
                team=team.code,
                visits=len(days),
                first_visit=days[0] if days else None,
                last_visit=last,
                result_notice_due=due,
                report_due=report_due,
            )
        )
        if due is not None and due > report_due:
            warnings.append(
                Message(
                    f"{team.name}: hạn thông báo kết quả {vn_date(due)} muộn hơn hạn báo cáo "
                    f"{vn_date(report_due)}",
                    f"Team {team.code}: the result notice is due {due.isoformat()}, after the report "
                    f"deadline {report_due.isoformat()}",
                )
            )
    return tuple(summaries), tuple(warnings)


def previous_dates(data: Mapping[str, Any]) -> dict[tuple[str, str], dt.date]:
    """Return the (team, unit) -> date map of a schedule in its JSON form."""
    result: dict[tuple[str, str], dt.date] = {}
    for item in data.get("visits", []):
        result[(str(item["team"]), str(item["unit"]))] = dt.date.fromisoformat(str(item["date"]))
    return result
