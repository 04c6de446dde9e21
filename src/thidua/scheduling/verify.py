"""Check a set of visits against every hard constraint of a plan.

Used on the solver's output (a safety net), on pinned visits before solving,
and on schedules an officer edits by hand: every broken constraint is
reported in words, nothing is silently accepted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from thidua.scheduling.calendar import WorkingCalendar
from thidua.scheduling.messages import Message, vn_date
from thidua.scheduling.plan import Plan
from thidua.scheduling.schedule import Visit, notice_date


@dataclass(frozen=True)
class Violation:
    """A broken hard constraint: ``rule`` names it, ``message`` explains it."""

    rule: str
    message: Message


def check_visits(
    plan: Plan,
    visits: Iterable[Visit],
    *,
    calendar: WorkingCalendar | None = None,
    complete: bool = True,
) -> tuple[Violation, ...]:
    """Return every hard constraint the visits break (empty when all hold).

    With ``complete=False`` the visits may be a part of the schedule (pinned
    visits, say): missing visits and unmet pins are then not reported.
    """
    cal = calendar or plan.calendar()
    visits = tuple(visits)
    found: list[Violation] = []
    pairs = set(plan.pairs())
    name = plan.unit_name

    def report(rule: str, vi: str, en: str) -> None:
        found.append(Violation(rule, Message(vi, en)))

    counts = Counter((v.team, v.unit) for v in visits)
    for (team, unit), count in counts.items():
        if (team, unit) not in pairs:
            report(
                "unknown_pair",
                f"Đoàn '{team}' không kiểm tra '{name(unit)}' theo kế hoạch",
                f"Team '{team}' does not inspect '{unit}' in the plan",
            )
        elif count > 1:
            report(
                "coverage",
                f"{_team(plan, team)} kiểm tra {name(unit)} {count} lần",
                f"Team {team} visits {unit} {count} times",
            )
    if complete:
        for team, unit in pairs - set(counts):
            report(
                "coverage",
                f"{_team(plan, team)} chưa có lịch kiểm tra {name(unit)}",
                f"Team {team} has no visit to {unit}",
            )
        pinned = {(p.team, p.unit): p.date for p in plan.pins}
        for v in visits:
            want = pinned.get((v.team, v.unit))
            if want is not None and want != v.date:
                report(
                    "pin",
                    f"{_team(plan, v.team)} kiểm tra {name(v.unit)} ngày {vn_date(v.date)}, không đúng ngày cố định {vn_date(want)}",
                    f"Team {v.team} visits {v.unit} on {v.date}, not on its pinned date {want}",
                )

    for v in visits:
        where_vi = f"{_team(plan, v.team)} kiểm tra {name(v.unit)} ngày {vn_date(v.date)}"
        where_en = f"team {v.team} visiting {v.unit} on {v.date.isoformat()}"
        if not plan.window_start <= v.date <= plan.window_end:
            report(
                "window",
                f"{where_vi}: ngoài thời gian kiểm tra {vn_date(plan.window_start)}–{vn_date(plan.window_end)}",
                f"{where_en}: outside the window {plan.window_start}–{plan.window_end}",
            )
        reason = cal.reason_not_working(v.date)
        if reason is not None:
            report(
                "working_day",
                f"{where_vi}: không phải ngày làm việc ({reason.vi})",
                f"{where_en}: not a working day ({reason.en})",
            )
        latest = notice_date(plan, cal, v.date)
        if latest < plan.register_by:
            report(
                "notice",
                f"{where_vi}: thông báo phải gửi trước {plan.notice_working_days} ngày làm việc (ngày {vn_date(latest)}), trước hạn đăng ký lịch {vn_date(plan.register_by)}",
                f"{where_en}: the notice would have to go out on {latest}, before the schedule is registered on {plan.register_by}",
            )
        if v.notice_date > latest:
            report(
                "notice",
                f"{where_vi}: thông báo ngày {vn_date(v.notice_date)} không đủ {plan.notice_working_days} ngày làm việc",
                f"{where_en}: a notice on {v.notice_date} leaves fewer than {plan.notice_working_days} working days",
            )
        if v.date in plan.forbidden_dates(v.unit):
            report(
                "forbidden",
                f"{where_vi}: đơn vị không tiếp đoàn ngày này",
                f"{where_en}: the unit cannot receive a visit that day",
            )
        if v.date in plan.unavailable_dates(v.team):
            report(
                "team_unavailable",
                f"{where_vi}: đoàn không đi kiểm tra được ngày này",
                f"{where_en}: the team is unavailable that day",
            )

    found.extend(_conflicts(plan, visits))
    return tuple(found)


def _team(plan: Plan, code: str) -> str:
    try:
        return plan.team(code).name
    except KeyError:
        return f"Đoàn '{code}'"


def _conflicts(plan: Plan, visits: tuple[Visit, ...]) -> list[Violation]:
    found: list[Violation] = []
    team_codes = {t.code for t in plan.teams}
    out: dict[dt.date, Counter[str]] = defaultdict(Counter)
    inspected: dict[dt.date, Counter[str]] = defaultdict(Counter)
    for v in visits:
        out[v.date][v.team] += 1
        inspected[v.date][v.unit] += 1
    name = plan.unit_name
    for day in sorted(out):
        d_vi, d_en = vn_date(day), day.isoformat()
        for team, count in sorted(out[day].items()):
            if team in team_codes and count > plan.capacity(plan.team(team)):
                cap = plan.capacity(plan.team(team))
                found.append(
                    Violation(
                        "team_capacity",
                        Message(
                            f"Ngày {d_vi}: {_team(plan, team)} đi {count} buổi, quá {cap} buổi/ngày",
                            f"{d_en}: team {team} makes {count} visits, more than {cap} a day",
                        ),
                    )
                )
        for unit, count in sorted(inspected[day].items()):
            if count > 1:
                found.append(
                    Violation(
                        "unit_once",
                        Message(
                            f"Ngày {d_vi}: {name(unit)} tiếp {count} đoàn",
                            f"{d_en}: {unit} receives {count} visits",
                        ),
                    )
                )
            for crew_team in plan.teams_of(unit):
                if out[day][crew_team.code]:
                    leads = crew_team.lead == unit
                    role_vi = "trưởng đoàn" if leads else "thành viên"
                    found.append(
                        Violation(
                            "duty",
                            Message(
                                f"Ngày {d_vi}: {name(unit)} được kiểm tra trong khi {crew_team.name} (đơn vị là {role_vi}) đang đi kiểm tra",
                                f"{d_en}: {unit} is inspected while team {crew_team.code}, which it {'leads' if leads else 'sits on'}, is out",
                            ),
                        )
                    )
        for unit in sorted({u for t in plan.teams for u in t.crew}):
            busy = [t for t in plan.teams_of(unit) if out[day][t.code]]
            if len(busy) > 1:
                names = ", ".join(t.name for t in busy)
                found.append(
                    Violation(
                        "two_teams",
                        Message(
                            f"Ngày {d_vi}: {name(unit)} phải có mặt ở cả {names}",
                            f"{d_en}: {unit} is needed by {len(busy)} teams at once ({', '.join(t.code for t in busy)})",
                        ),
                    )
                )
    return found
