"""Synthetic plans shaped like real ones, for benchmarks and randomised tests.

A synthetic plan has offices that lead or sit on teams (a few on two teams),
teams that inspect some of those offices (never their own) and a set of
communes. Sizes and tightness are parameters; the plan may or may not be
feasible, which is what randomised tests want.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from thidua.scheduling.calendar import WorkingCalendar
from thidua.scheduling.plan import Forbid, Plan, Secretary, Team, Unit


@dataclass(frozen=True)
class SyntheticSpec:
    """The shape of a synthetic plan."""

    teams: int
    visits_per_team: int
    #: Offices inspected by each team (the rest of its visits are communes).
    office_visits_per_team: int
    members_per_team: int
    #: Number of offices that sit on two teams.
    shared_members: int
    window_start: dt.date
    working_days: int
    visits_per_team_per_day: int = 1
    notice_working_days: int = 2
    result_notice_working_days: int = 5
    excluded_dates: int = 0
    forbidden_dates: int = 0
    seed: int = 0


DISTRICT = SyntheticSpec(
    teams=5,
    visits_per_team=9,
    office_visits_per_team=3,
    members_per_team=4,
    shared_members=1,
    window_start=dt.date(2025, 8, 4),
    working_days=20,
)
PROVINCE = SyntheticSpec(
    teams=30,
    visits_per_team=20,
    office_visits_per_team=4,
    members_per_team=5,
    shared_members=10,
    window_start=dt.date(2025, 8, 18),
    working_days=30,
    visits_per_team_per_day=2,
)


def synthetic_plan(spec: SyntheticSpec, *, code: str | None = None) -> Plan:
    """Return a random plan of the given shape (deterministic for a given seed)."""
    rng = random.Random(spec.seed)
    calendar = WorkingCalendar()
    days = _working_days_from(calendar, spec.window_start, spec.working_days)
    excluded = tuple(sorted(rng.sample(days[1:], min(spec.excluded_dates, len(days) - 1))))
    crew_size = 1 + spec.members_per_team
    n_offices = spec.teams * (crew_size + 1)
    offices = [Unit(f"office_{i:03d}", f"Sở/Phòng số {i}", "phong_ban") for i in range(n_offices)]
    pool = [u.code for u in offices]
    rng.shuffle(pool)
    crews: list[list[str]] = [[] for _ in range(spec.teams)]
    # Deal offices to the teams' seats; some member seats (never a lead's)
    # reuse an office already on another team.
    seats = [(t, s) for t in range(spec.teams) for s in range(crew_size)]
    member_seats = [i for i, (_, s) in enumerate(seats) if s > 0]
    shared = set(rng.sample(member_seats, min(spec.shared_members, len(member_seats))))
    cursor = 0
    for index, (t, _) in enumerate(seats):
        if index in shared:
            candidates = [c for c in pool[:cursor] if c not in crews[t] and _teams_of(crews, c) < 2]
            if candidates:
                crews[t].append(rng.choice(candidates))
                continue
        crews[t].append(pool[cursor])
        cursor += 1
    crew_units = sorted({u for crew in crews for u in crew})
    unattached = [u.code for u in offices if u.code not in crew_units]
    n_communes = spec.teams * (spec.visits_per_team - spec.office_visits_per_team)
    communes = [Unit(f"xa_{i:04d}", f"Xã số {i}", "xa") for i in range(n_communes)]
    inspectable = crew_units + unattached
    taken: set[str] = set()
    teams: list[Team] = []
    for t in range(spec.teams):
        own = set(crews[t])
        choices = [u for u in inspectable if u not in own and u not in taken]
        rng.shuffle(choices)
        office_targets = choices[: spec.office_visits_per_team]
        taken.update(office_targets)
        per = spec.visits_per_team - len(office_targets)
        commune_targets = [c.code for c in communes[t * per : (t + 1) * per]]
        lead, *members = crews[t]
        teams.append(
            Team(
                code=f"T{t + 1:02d}",
                name=f"Đoàn kiểm tra số {t + 1:02d}",
                lead=lead,
                members=tuple(members),
                inspects=tuple(office_targets + commune_targets),
                secretary=Secretary(unit=lead),
            )
        )
    forbids = tuple(
        Forbid(unit=rng.choice(communes).code, date=rng.choice(days))
        for _ in range(spec.forbidden_dates if communes else 0)
    )
    register_by = calendar.add_working_days(days[0], -(spec.notice_working_days + 1))
    return Plan(
        code=code or f"synthetic-{spec.teams}x{spec.visits_per_team}-{spec.seed}",
        title=f"Kế hoạch kiểm tra tổng hợp ({spec.teams} đoàn, {spec.teams * spec.visits_per_team} buổi)",
        window_start=days[0],
        window_end=days[-1],
        register_by=register_by,
        notice_working_days=spec.notice_working_days,
        result_notice_working_days=spec.result_notice_working_days,
        report_due=calendar.add_working_days(days[-1], spec.result_notice_working_days + 2),
        units=tuple(offices + communes),
        teams=tuple(teams),
        visits_per_team_per_day=spec.visits_per_team_per_day,
        excluded_dates=excluded,
        forbids=forbids,
    )


def _teams_of(crews: list[list[str]], unit: str) -> int:
    return sum(1 for crew in crews if unit in crew)


def _working_days_from(calendar: WorkingCalendar, start: dt.date, count: int) -> list[dt.date]:
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if calendar.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days
