"""Counting checks run before the solver, with explanations an officer can follow.

Each check is a necessary condition: if it fails, no schedule exists, and the
message says why in numbers ("Đoàn 01 cần 9 ngày ... chỉ có 8 ngày"). Passing
every check does not prove a schedule exists; the solver decides that.

The per-unit count rests on one observation: the days a unit is *needed* are
the days each team it sits on is out plus the days it is inspected, and the
hard constraints make all of these different days. So their number cannot
exceed the working days of the window.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from thidua.scheduling.calendar import WorkingCalendar, holiday_on
from thidua.scheduling.domains import Domains
from thidua.scheduling.messages import Message, vn_date
from thidua.scheduling.plan import Plan, Team
from thidua.scheduling.schedule import Visit, notice_date
from thidua.scheduling.verify import check_visits


@dataclass(frozen=True)
class Findings:
    """What the counting checks found: blocking errors, warnings, and notes."""

    errors: tuple[Message, ...]
    warnings: tuple[Message, ...]
    notes: tuple[Message, ...]


def days_needed(plan: Plan, team: Team) -> int:
    """Return the fewest days ``team`` must be out to make all its visits."""
    return math.ceil(len(team.inspects) / plan.capacity(team))


def precheck(plan: Plan, calendar: WorkingCalendar, domains: Domains) -> Findings:
    """Return the counting findings for ``plan``."""
    errors: list[Message] = []
    warnings: list[Message] = list(plan.warnings)
    notes: list[Message] = []
    start, end = plan.window_start, plan.window_end
    n_days = len(domains.days)
    notes.append(
        Message(
            f"Thời gian kiểm tra {vn_date(start)}–{vn_date(end)} có {n_days} ngày làm việc",
            f"The window {start.isoformat()}–{end.isoformat()} has {n_days} working days",
        )
    )
    for day in calendar.days(start, end):
        holiday = holiday_on(day)
        if holiday is not None and day.weekday() < 5:
            notes.append(
                Message(
                    f"Nghỉ lễ ngày {vn_date(day)}: {holiday.name_vi}",
                    f"Public holiday on {day.isoformat()}: {holiday.name_en}",
                )
            )
    if n_days == 0:
        errors.append(
            Message(
                "Không có ngày làm việc nào trong thời gian kiểm tra",
                "There is no working day in the window",
            )
        )
        return Findings(tuple(errors), tuple(warnings), tuple(notes))
    if not domains.open_days:
        last = domains.days[-1]
        errors.append(
            Message(
                f"Lịch đăng ký trước ngày {vn_date(plan.register_by)} và thông báo phải gửi trước "
                f"{plan.notice_working_days} ngày làm việc, nên không buổi kiểm tra nào kịp trước "
                f"ngày {vn_date(last)} (ngày làm việc cuối cùng; thông báo phải gửi ngày "
                f"{vn_date(notice_date(plan, calendar, last))})",
                f"Schedules are registered by {plan.register_by.isoformat()} and notices need "
                f"{plan.notice_working_days} working days, so no visit fits before the last working "
                f"day {last.isoformat()} (its notice would go out on "
                f"{notice_date(plan, calendar, last).isoformat()})",
            )
        )
        return Findings(tuple(errors), tuple(warnings), tuple(notes))
    if domains.open_days[0] != domains.days[0]:
        notes.append(
            Message(
                f"Do hạn đăng ký lịch ({vn_date(plan.register_by)}) và thời hạn thông báo "
                f"{plan.notice_working_days} ngày làm việc, buổi kiểm tra sớm nhất là ngày "
                f"{vn_date(domains.open_days[0])}",
                f"Because schedules are registered by {plan.register_by.isoformat()} and notices "
                f"need {plan.notice_working_days} working days, the earliest visit is on "
                f"{domains.open_days[0].isoformat()}",
            )
        )
    errors.extend(_structure_errors(plan))
    errors.extend(_pin_errors(plan, calendar, domains))
    errors.extend(_counting_errors(plan, domains))
    return Findings(tuple(errors), tuple(warnings), tuple(notes))


def _structure_errors(plan: Plan) -> list[Message]:
    errors: list[Message] = []
    if not plan.pairs():
        errors.append(
            Message(
                "Kế hoạch chưa có buổi kiểm tra nào: hãy thêm đoàn kiểm tra và phân công đơn vị "
                "được kiểm tra",
                "The plan has no visits yet: add teams and the units they inspect",
            )
        )
    for team in plan.teams:
        for unit in team.inspects:
            if unit in team.crew:
                errors.append(
                    Message(
                        f"{team.name} kiểm tra chính đơn vị trong đoàn ({plan.unit_name(unit)}): "
                        "đơn vị không thể vừa đi kiểm tra vừa tiếp đoàn",
                        f"Team {team.code} inspects one of its own units ({unit}), which cannot be out "
                        "with the team and receive it on the same day",
                    )
                )
    return errors


def _pin_errors(plan: Plan, calendar: WorkingCalendar, domains: Domains) -> list[Message]:
    errors: list[Message] = []
    pairs = set(plan.pairs())
    seen: dict[tuple[str, str], Visit] = {}
    for pin in plan.pins:
        label_vi = f"Lịch cố định {pin.team}:{pin.unit}:{vn_date(pin.date)}"
        label_en = f"Pin {pin.team}:{pin.unit}:{pin.date.isoformat()}"
        key = (pin.team, pin.unit)
        if key not in pairs:
            errors.append(
                Message(
                    f"{label_vi}: đoàn '{pin.team}' không kiểm tra '{plan.unit_name(pin.unit)}' theo kế hoạch",
                    f"{label_en}: team '{pin.team}' does not inspect '{pin.unit}' in the plan",
                )
            )
            continue
        visit = Visit(pin.team, pin.unit, pin.date, notice_date(plan, calendar, pin.date))
        if key in seen and seen[key].date != pin.date:
            errors.append(
                Message(
                    f"{label_vi}: đã cố định ngày khác ({vn_date(seen[key].date)}) cho buổi này",
                    f"{label_en}: this visit is already pinned to {seen[key].date.isoformat()}",
                )
            )
            continue
        seen[key] = visit
    for violation in check_visits(plan, seen.values(), calendar=calendar, complete=False):
        errors.append(
            Message(
                f"Lịch cố định vi phạm ràng buộc: {violation.message.vi}",
                f"Pinned visits break a constraint: {violation.message.en}",
            )
        )
    return errors


def _counting_errors(plan: Plan, domains: Domains) -> list[Message]:
    errors: list[Message] = []
    n_open = len(domains.open_days)
    period_vi = f"{n_open} ngày làm việc có thể kiểm tra"
    period_en = f"{n_open} working days available for visits"
    for (team_code, unit), days in domains.pair_days.items():
        if not days:
            errors.append(
                Message(
                    f"{plan.team(team_code).name} không còn ngày nào để kiểm tra {plan.unit_name(unit)}: "
                    "mọi ngày có thể đều là ngày đơn vị không tiếp đoàn hoặc đoàn bận",
                    f"Team {team_code} has no day left to visit {unit}: on every available day the unit "
                    "cannot receive a visit or the team is unavailable",
                )
            )
    for team in plan.teams:
        need = days_needed(plan, team)
        away = len(plan.unavailable_dates(team.code) & set(domains.open_days))
        if need > n_open - away:
            free_vi = f"{n_open - away} ngày (trừ {away} ngày đoàn bận)" if away else period_vi
            free_en = (
                f"{n_open - away} days (less {away} days the team is unavailable)"
                if away
                else period_en
            )
            errors.append(
                Message(
                    f"{team.name} có {len(team.inspects)} buổi kiểm tra, tối đa {plan.capacity(team)} "
                    f"buổi/ngày, cần {need} ngày nhưng chỉ có {free_vi}",
                    f"Team {team.code} has {len(team.inspects)} visits at most {plan.capacity(team)} a day: "
                    f"it needs {need} days but there are only {free_en}",
                )
            )
    visits_to: dict[str, int] = defaultdict(int)
    for _, unit in plan.pairs():
        visits_to[unit] += 1
    for unit in sorted({u for t in plan.teams for u in t.crew} | set(visits_to)):
        teams = plan.teams_of(unit)
        inspected = visits_to.get(unit, 0)
        allowed = n_open - len(plan.forbidden_dates(unit) & set(domains.open_days))
        if inspected > allowed:
            errors.append(
                Message(
                    f"{plan.unit_name(unit)} được kiểm tra {inspected} lần, mỗi ngày một lần, nhưng "
                    f"chỉ có {allowed} ngày có thể tiếp đoàn",
                    f"{unit} receives {inspected} visits, one a day, but only {allowed} days are open to it",
                )
            )
        if len(teams) + (1 if inspected else 0) < 2:
            continue
        total = sum(days_needed(plan, t) for t in teams) + inspected
        if total > n_open:
            parts_vi = [f"{t.name} cần {days_needed(plan, t)} ngày" for t in teams]
            parts_en = [f"team {t.code} needs {days_needed(plan, t)} days" for t in teams]
            if inspected:
                parts_vi.append(f"đơn vị được kiểm tra {inspected} lần")
                parts_en.append(f"the unit is inspected {inspected} times")
            errors.append(
                Message(
                    f"{plan.unit_name(unit)} không thể có mặt ở hai nơi trong một ngày: "
                    f"{'; '.join(parts_vi)}; cộng lại {total} ngày khác nhau nhưng chỉ có {period_vi}",
                    f"{unit} cannot be in two places on one day: {'; '.join(parts_en)}; together "
                    f"{total} different days but there are only {period_en}",
                )
            )
    return errors
