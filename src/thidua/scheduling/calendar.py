"""The working-day calendar: weekends, Vietnamese public holidays, plan exclusions.

A *working day* is a Monday to Friday that is not a Vietnamese public holiday,
not the day off observed for a holiday that fell on a weekend (nghỉ bù), not a
day off swapped by the government (ngày nghỉ thay), and not a date the plan
excludes. Holidays come from the ``holidays`` package (country ``VN``).

Judgement call: when the government swaps a day off against a Saturday
(30/4/2024: Monday 29/4 off, Saturday 4/5 worked), the Monday is a day off
here but the Saturday is *not* treated as a working day. Inspections are never
scheduled on a Saturday, and counting such a Saturday when computing notice
dates would only make notices later; leaving it out keeps every notice at
least the required number of working days ahead under either reading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import holidays

from thidua.scheduling.messages import Message

ONE_DAY = dt.timedelta(days=1)

# A search for the n-th working day never needs to look further than this: the
# longest run of non-working days in Vietnam (Tết plus a weekend) is ~10 days.
_MAX_STEPS_PER_WORKING_DAY = 40


@dataclass(frozen=True)
class Holiday:
    """A public holiday or observed day off, named in both languages."""

    date: dt.date
    name_vi: str
    name_en: str


@lru_cache(maxsize=128)
def vietnam_holidays(year: int) -> dict[dt.date, Holiday]:
    """Return the Vietnamese public holidays and days off of ``year``, by date."""
    names_vi = holidays.country_holidays("VN", years=year, language="vi")
    names_en = holidays.country_holidays("VN", years=year, language="en_US")
    result: dict[dt.date, Holiday] = {}
    for day in sorted(names_vi):
        result[day] = Holiday(
            date=day, name_vi=str(names_vi[day]), name_en=str(names_en.get(day, ""))
        )
    return result


def holiday_on(day: dt.date) -> Holiday | None:
    """Return the holiday falling on ``day``, or None."""
    return vietnam_holidays(day.year).get(day)


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days in Vietnam, minus the dates a plan excludes."""

    excluded: frozenset[dt.date] = frozenset()

    def is_working_day(self, day: dt.date) -> bool:
        """Return True if ``day`` is a working day."""
        return day.weekday() < 5 and holiday_on(day) is None and day not in self.excluded

    def reason_not_working(self, day: dt.date) -> Message | None:
        """Return why ``day`` is not a working day, or None if it is one."""
        if day.weekday() == 5:
            return Message("thứ Bảy", "Saturday")
        if day.weekday() == 6:
            return Message("Chủ nhật", "Sunday")
        holiday = holiday_on(day)
        if holiday is not None:
            return Message(f"nghỉ lễ: {holiday.name_vi}", f"public holiday: {holiday.name_en}")
        if day in self.excluded:
            return Message("ngày kế hoạch loại trừ", "a date the plan excludes")
        return None

    def days(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """Yield every calendar day from ``start`` to ``end`` inclusive."""
        day = start
        while day <= end:
            yield day
            day += ONE_DAY

    def working_days(self, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
        """Return the working days from ``start`` to ``end`` inclusive, in order."""
        return tuple(day for day in self.days(start, end) if self.is_working_day(day))

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """Return the working day ``count`` working days after ``day`` (before, if negative).

        ``add_working_days(visit, -2)`` is the latest day that still leaves two
        working days before the visit: for a Thursday visit, the Tuesday. With
        ``count == 0`` the day itself is returned.
        """
        step = ONE_DAY if count > 0 else -ONE_DAY
        remaining = abs(count)
        limit = _MAX_STEPS_PER_WORKING_DAY * (remaining + 1)
        current = day
        while remaining > 0:
            current += step
            limit -= 1
            if limit < 0:  # pragma: no cover - would need a month without working days
                raise ValueError(f"no working day within reach of {day}")
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Return the number of working days in the half-open range (start, end]."""
        if end <= start:
            return 0
        return len(self.working_days(start + ONE_DAY, end))
