"""The working-day calendar: weekends, Vietnamese holidays and their days off, 2023-2026.

Expected dates are the government's published holiday schedules (Tết, 30/4-1/5,
2/9 and the observed or swapped days off), checked against what the ``holidays``
package gives for Vietnam.
"""

from __future__ import annotations

import pytest

from thidua.scheduling.calendar import WorkingCalendar, holiday_on

from .conftest import d

CAL = WorkingCalendar()

NON_WORKING = [
    # Tết Nguyên Đán (29 Tết / Giao thừa to Mùng 5 or so, per year's decision)
    ("2023-01-20", "Tết 2023: 29 Tết"),
    ("2023-01-26", "Tết 2023: Mùng năm"),
    ("2024-02-08", "Tết 2024: 29 Tết"),
    ("2024-02-14", "Tết 2024: Mùng năm"),
    ("2025-01-27", "Tết 2025: 28 Tết (29 Tết in the package's naming)"),
    ("2025-01-31", "Tết 2025: Mùng ba"),
    ("2026-02-16", "Tết 2026: Giao thừa"),
    ("2026-02-20", "Tết 2026: Mùng bốn"),
    # New Year's Day and its observed day
    ("2023-01-02", "1/1/2023 was a Sunday: Monday off"),
    ("2025-01-01", "New Year's Day 2025"),
    # 30/4 - 1/5
    ("2023-05-01", "Labour Day 2023"),
    ("2023-05-02", "2023: Hùng Kings (Saturday 29/4) observed on Tuesday"),
    ("2023-05-03", "2023: 30/4 (Sunday) observed on Wednesday"),
    ("2024-04-29", "2024: Monday off, swapped for Saturday 4/5"),
    ("2024-04-30", "Reunification Day 2024"),
    ("2024-05-01", "Labour Day 2024"),
    ("2025-04-30", "Reunification Day 2025"),
    ("2025-05-02", "2025: Friday off, swapped for Saturday 26/4"),
    ("2026-04-30", "Reunification Day 2026"),
    ("2026-05-01", "Labour Day 2026"),
    # Hùng Kings' day
    ("2024-04-18", "Hùng Kings 2024"),
    ("2025-04-07", "Hùng Kings 2025"),
    ("2026-04-27", "2026: Hùng Kings (Sunday 26/4) observed on Monday"),
    # 2/9 National Day and its companion day
    ("2023-09-01", "2023: Friday before National Day"),
    ("2023-09-04", "2023: 2/9 (Saturday) observed on Monday"),
    ("2024-09-02", "National Day 2024"),
    ("2024-09-03", "2024: the day after National Day"),
    ("2025-09-01", "2025: Monday before National Day"),
    ("2025-09-02", "National Day 2025"),
    ("2026-08-31", "2026: Monday off, swapped for Saturday 22/8"),
    ("2026-09-01", "2026: the day before National Day"),
    ("2026-09-02", "National Day 2026"),
    ("2026-11-24", "Vietnam Culture Day, a holiday from 2026"),
]

WORKING = [
    ("2023-01-27", "the Friday after Tết 2023"),
    ("2023-05-04", "the Thursday after 30/4-1/5 2023"),
    ("2023-09-05", "the Tuesday after National Day 2023"),
    ("2024-02-15", "the Thursday after Tết 2024"),
    ("2024-05-02", "the Thursday after 1/5 2024"),
    ("2024-09-04", "the Wednesday after National Day 2024"),
    ("2025-02-03", "the Monday after Tết 2025"),
    ("2025-05-05", "the Monday after the 2025 break"),
    ("2025-09-03", "the Wednesday after National Day 2025"),
    ("2026-02-23", "the Monday after Tết 2026"),
    ("2026-09-03", "the Thursday after National Day 2026"),
    ("2023-08-03", "the first day of the Quảng Xương window"),
]


@pytest.mark.parametrize(("day", "why"), NON_WORKING)
def test_it_treats_holidays_and_days_off_as_non_working(day: str, why: str) -> None:
    assert not CAL.is_working_day(d(day)), why
    reason = CAL.reason_not_working(d(day))
    assert reason is not None and "nghỉ lễ" in reason.vi, why


@pytest.mark.parametrize(("day", "why"), WORKING)
def test_it_treats_ordinary_weekdays_as_working(day: str, why: str) -> None:
    assert CAL.is_working_day(d(day)), why
    assert CAL.reason_not_working(d(day)) is None


@pytest.mark.parametrize(
    ("day", "reason"),
    [("2023-08-05", "thứ Bảy"), ("2023-08-06", "Chủ nhật"), ("2024-05-04", "thứ Bảy")],
)
def test_it_never_counts_weekends_even_swapped_working_saturdays(day: str, reason: str) -> None:
    # 4/5/2024 was worked in exchange for 29/4; we still schedule no visit on it.
    message = CAL.reason_not_working(d(day))
    assert message is not None and message.vi == reason


def test_it_names_holidays_in_vietnamese_and_english() -> None:
    holiday = holiday_on(d("2025-09-02"))
    assert holiday is not None
    assert holiday.name_vi == "Quốc khánh"
    assert holiday.name_en == "National Day"


def test_it_treats_dates_the_plan_excludes_as_non_working() -> None:
    cal = WorkingCalendar(excluded=frozenset({d("2023-08-10")}))
    assert not cal.is_working_day(d("2023-08-10"))
    message = cal.reason_not_working(d("2023-08-10"))
    assert message is not None and "loại trừ" in message.vi


@pytest.mark.parametrize(
    ("start", "count", "expected", "why"),
    [
        ("2023-08-03", -2, "2023-08-01", "Thursday visit, 2 working days: Tuesday"),
        ("2023-08-07", -2, "2023-08-03", "Monday visit: the Thursday before (weekend skipped)"),
        ("2025-05-05", -2, "2025-04-28", "30/4, 1/5 and the 2/5 swap are skipped"),
        ("2025-02-03", -1, "2025-01-24", "the whole of Tết 2025 is skipped"),
        ("2025-08-29", 5, "2025-09-09", "result notice: 1/9 and 2/9 are skipped"),
        ("2023-08-24", 5, "2023-08-31", "result notice of a team ending on 24/8/2023"),
        ("2023-08-03", 0, "2023-08-03", "no notice period: the visit day itself"),
    ],
)
def test_it_counts_working_days(start: str, count: int, expected: str, why: str) -> None:
    assert CAL.add_working_days(d(start), count) == d(expected), why


def test_it_lists_the_sixteen_working_days_of_the_quang_xuong_window() -> None:
    days = CAL.working_days(d("2023-08-03"), d("2023-08-24"))
    assert len(days) == 16
    assert days[0] == d("2023-08-03") and days[-1] == d("2023-08-24")


def test_it_counts_working_days_between_two_dates() -> None:
    assert CAL.working_days_between(d("2023-08-01"), d("2023-08-03")) == 2
    assert CAL.working_days_between(d("2023-08-03"), d("2023-08-01")) == 0
