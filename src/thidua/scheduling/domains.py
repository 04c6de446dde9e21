"""The days on which each visit may take place, before any conflict is considered.

A visit may take place on a working day of the window whose notice date (the
working day ``notice_working_days`` before it) is on or after ``register_by``:
the schedule is registered by that date and a notice may go out the same day.
Dates forbidden for the inspected unit, and dates the visiting team is
unavailable, are then removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from thidua.scheduling.calendar import WorkingCalendar
from thidua.scheduling.plan import Plan
from thidua.scheduling.schedule import notice_date

Pair = tuple[str, str]


@dataclass(frozen=True)
class Domains:
    """Candidate days for a plan's visits."""

    #: Working days of the window, in order.
    days: tuple[dt.date, ...]
    #: The working days of the window on which a notice can be sent in time.
    open_days: tuple[dt.date, ...]
    #: Per (team, unit): open days minus the unit's forbidden dates and the team's unavailable ones.
    pair_days: Mapping[Pair, tuple[dt.date, ...]]

    @property
    def earliest(self) -> dt.date | None:
        """Return the first day a visit can take place, or None."""
        return self.open_days[0] if self.open_days else None


def compute_domains(plan: Plan, calendar: WorkingCalendar) -> Domains:
    """Return the candidate days of every visit of ``plan``."""
    days = calendar.working_days(plan.window_start, plan.window_end)
    open_days = tuple(d for d in days if notice_date(plan, calendar, d) >= plan.register_by)
    pair_days: dict[Pair, tuple[dt.date, ...]] = {}
    for team, unit in plan.pairs():
        blocked = plan.forbidden_dates(unit) | plan.unavailable_dates(team)
        pair_days[(team, unit)] = tuple(d for d in open_days if d not in blocked)
    return Domains(days=days, open_days=open_days, pair_days=pair_days)
