"""Lateness → C.1 events, as a table (thidua.reporting is pure: no Django).

Times are written in Vietnam's local time (UTC+7) unless a case says
otherwise; "calendar days" are counted on local dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from thidua.reporting import (
    LATE_1_2,
    LATE_3_PLUS,
    MISSING,
    TIMEZONE,
    Assessment,
    Recurrence,
    assess,
    days_late,
    event_points,
    events_value,
    exposure,
    local_date,
    occurrences,
    reporting_criterion,
)
from thidua.scoring import get_builtin

UTC = dt.UTC


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0, ss: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=TIMEZONE)


DUE = dt.date(2023, 7, 20)  # a Thursday
SUNDAY = dt.date(2023, 7, 23)
CUTOFF = dt.date(2023, 11, 30)
LATER = vn(2023, 12, 31)  # any time after the cut-off


@dataclass(frozen=True)
class Case:
    name: str
    submissions: tuple[dt.datetime, ...]
    status: str
    event: str | None
    days: int | None = None
    due: dt.date = DUE
    now: dt.datetime = LATER


CASES = [
    Case("early", (vn(2023, 7, 18),), "on_time", None, 0),
    Case("on the due date in the morning", (vn(2023, 7, 20, 8),), "on_time", None, 0),
    Case("at 23:59 on the due date", (vn(2023, 7, 20, 23, 59),), "on_time", None, 0),
    Case("at 23:59:59 on the due date", (vn(2023, 7, 20, 23, 59, 59),), "on_time", None, 0),
    Case("at 00:00 the next day", (vn(2023, 7, 21, 0, 0),), "late", LATE_1_2, 1),
    Case("2 days late", (vn(2023, 7, 22, 17),), "late", LATE_1_2, 2),
    Case("3 days late", (vn(2023, 7, 23, 8),), "late", LATE_3_PLUS, 3),
    Case("40 days late", (vn(2023, 8, 29),), "late", LATE_3_PLUS, 40),
    # 16:59 UTC is 23:59 in Hà Nội: still the due date there.
    Case(
        "23:59 local given in UTC",
        (dt.datetime(2023, 7, 20, 16, 59, tzinfo=UTC),),
        "on_time",
        None,
        0,
    ),
    # 17:00 UTC is midnight in Hà Nội: the next calendar day.
    Case(
        "00:00 local given in UTC",
        (dt.datetime(2023, 7, 20, 17, 0, tzinfo=UTC),),
        "late",
        LATE_1_2,
        1,
    ),
    # Calendar days: a Sunday due date does not move to Monday.
    Case("due on a Sunday, sent that Sunday", (vn(2023, 7, 23, 22),), "on_time", None, 0, SUNDAY),
    Case("due on a Sunday, sent on Monday", (vn(2023, 7, 24, 8),), "late", LATE_1_2, 1, SUNDAY),
    Case("due on a Sunday, sent Wednesday", (vn(2023, 7, 26, 8),), "late", LATE_3_PLUS, 3, SUNDAY),
    # The first submission counts; resubmissions never change the event.
    Case(
        "late first, resubmitted later",
        (vn(2023, 7, 22), vn(2023, 7, 30)),
        "late",
        LATE_1_2,
        2,
    ),
    Case(
        "on time first, resubmitted late",
        (vn(2023, 7, 20, 23, 59), vn(2023, 7, 28)),
        "on_time",
        None,
        0,
    ),
    Case(
        "given out of order, the earliest counts",
        (vn(2023, 7, 30), vn(2023, 7, 21)),
        "late",
        LATE_1_2,
        1,
    ),
    Case("nothing by the cut-off", (), "missing", MISSING),
    Case("first sent after the cut-off", (vn(2023, 12, 1, 8),), "missing", MISSING),
    Case("sent on the cut-off day", (vn(2023, 11, 30, 23),), "late", LATE_3_PLUS, 133),
    Case(
        "due after the cut-off",
        (),
        "after_cutoff",
        None,
        None,
        dt.date(2023, 12, 5),
    ),
    # Before the cut-off an unsent report is open, not missing.
    Case("not due yet", (), "not_due", None, None, DUE, vn(2023, 7, 10)),
    Case("due today", (), "due_today", None, None, DUE, vn(2023, 7, 20, 23, 59)),
    Case("overdue", (), "overdue", None, 4, DUE, vn(2023, 7, 24)),
    Case("last day before the cut-off passes", (), "overdue", None, 133, DUE, vn(2023, 11, 30, 23)),
    Case("cut-off passed at midnight", (), "missing", MISSING, None, DUE, vn(2023, 12, 1, 0)),
    # A submission "in the future" of now has not happened yet.
    Case(
        "submission after now is ignored",
        (vn(2023, 7, 25),),
        "overdue",
        None,
        1,
        DUE,
        vn(2023, 7, 21),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_it_turns_lateness_into_c1_events(case: Case) -> None:
    a = assess(due=case.due, cutoff=CUTOFF, submissions=case.submissions, now=case.now)
    assert (a.status, a.event, a.days_late) == (case.status, case.event, case.days)


def test_it_counts_resubmissions_but_keeps_the_first() -> None:
    a = assess(
        due=DUE,
        cutoff=CUTOFF,
        submissions=[vn(2023, 7, 22), vn(2023, 7, 30), vn(2023, 8, 2)],
        now=LATER,
    )
    assert a.counted == vn(2023, 7, 22)
    assert a.resubmissions == 2


@pytest.mark.parametrize(
    ("now", "if_today"),
    [
        (vn(2023, 7, 19), None),
        (vn(2023, 7, 20), None),
        (vn(2023, 7, 21), LATE_1_2),
        (vn(2023, 7, 22), LATE_1_2),
        (vn(2023, 7, 23), LATE_3_PLUS),
    ],
)
def test_it_tells_an_open_report_what_sending_today_would_cost(
    now: dt.datetime, if_today: str | None
) -> None:
    a = assess(due=DUE, cutoff=CUTOFF, submissions=(), now=now)
    assert a.open
    assert (a.if_sent_today, a.if_never) == (if_today, MISSING)


def test_it_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="time zone"):
        local_date(dt.datetime(2023, 7, 20, 23, 59))


def test_it_counts_calendar_days_across_months_and_years() -> None:
    assert days_late(dt.date(2023, 12, 31), vn(2024, 1, 2)) == 2
    assert days_late(dt.date(2024, 2, 28), vn(2024, 3, 1)) == 2  # 2024 is a leap year


# --- recurrence -------------------------------------------------------------------------------


def _dues(rule: Recurrence, start: dt.date, end: dt.date) -> list[str]:
    return [f"{o.due:%d/%m/%Y}" for o in occurrences(rule, start=start, end=end)]


def test_it_generates_monthly_instances_on_day_n_within_the_period() -> None:
    dues = _dues(Recurrence("monthly", day=20), dt.date(2023, 6, 14), dt.date(2023, 11, 30))
    assert dues == [
        "20/06/2023",
        "20/07/2023",
        "20/08/2023",
        "20/09/2023",
        "20/10/2023",
        "20/11/2023",
    ]


def test_it_moves_day_31_to_the_last_day_of_short_months() -> None:
    dues = _dues(Recurrence("monthly", day=31), dt.date(2024, 1, 1), dt.date(2024, 4, 30))
    assert dues == ["31/01/2024", "29/02/2024", "31/03/2024", "30/04/2024"]


def test_it_generates_six_monthly_and_yearly_instances() -> None:
    six = occurrences(
        Recurrence("six_monthly", day=15, month=6),
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 12, 31),
    )
    assert [(f"{o.due:%d/%m}", o.label.vi) for o in six] == [
        ("15/06", "6 tháng đầu năm 2023"),
        ("15/12", "6 tháng cuối năm 2023"),
    ]
    yearly = occurrences(
        Recurrence("yearly", day=10, month=11), start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 31)
    )
    assert [o.due for o in yearly] == [dt.date(2023, 11, 10), dt.date(2024, 11, 10)]
    assert yearly[0].label.vi == "Năm 2023"


def test_it_labels_monthly_instances_by_month() -> None:
    (o,) = occurrences(
        Recurrence("monthly", day=5), start=dt.date(2023, 7, 1), end=dt.date(2023, 7, 31)
    )
    assert (o.label.vi, o.label.en) == ("Tháng 7/2023", "July 2023")


@pytest.mark.parametrize(
    "rule",
    [
        Recurrence("monthly"),
        Recurrence("monthly", day=0),
        Recurrence("monthly", day=32),
        Recurrence("six_monthly", day=15),
        Recurrence("six_monthly", day=15, month=7),
        Recurrence("yearly", day=1, month=13),
    ],
)
def test_it_refuses_bad_recurrences(rule: Recurrence) -> None:
    assert rule.problems()
    with pytest.raises(ValueError):
        occurrences(rule, start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))


def test_ad_hoc_obligations_generate_nothing() -> None:
    assert (
        occurrences(Recurrence("ad_hoc"), start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
        == ()
    )


# --- events and points ------------------------------------------------------------------------


def test_it_aggregates_events_in_c1_order() -> None:
    assert events_value([MISSING, LATE_1_2, LATE_1_2, LATE_3_PLUS]) == [
        {"kind": LATE_1_2, "count": 2},
        {"kind": LATE_3_PLUS, "count": 1},
        {"kind": MISSING, "count": 1},
    ]
    assert events_value([]) == []
    with pytest.raises(ValueError):
        events_value(["criticized"])


@pytest.mark.parametrize(
    ("framework", "missing_points"),
    [("hagiang-2023-district", Decimal(-10)), ("hagiang-2023-commune", Decimal(-5))],
)
def test_it_reads_the_points_from_the_units_framework(
    framework: str, missing_points: Decimal
) -> None:
    # Annex 2 (districts) "không báo cáo trừ 10 điểm/VB"; Annex 3 (communes) "trừ 05 điểm/VB".
    fw = get_builtin(framework)
    assert reporting_criterion(fw) == "C.1"
    assert event_points(fw, "C.1") == {
        LATE_1_2: Decimal(-1),
        LATE_3_PLUS: Decimal(-2),
        MISSING: missing_points,
    }


def test_a_framework_without_a_reporting_row_has_no_criterion() -> None:
    assert reporting_criterion(get_builtin("dti-commune")) is None


def test_it_sums_what_open_reports_expose() -> None:
    points = {LATE_1_2: Decimal(-1), LATE_3_PLUS: Decimal(-2), MISSING: Decimal(-5)}
    now = vn(2023, 7, 22)
    rows: list[Assessment] = [
        assess(due=DUE, cutoff=CUTOFF, submissions=(), now=now),  # 2 days over: -1 today
        assess(due=dt.date(2023, 7, 19), cutoff=CUTOFF, submissions=(), now=now),  # 3 days: -2
        assess(due=dt.date(2023, 8, 20), cutoff=CUTOFF, submissions=(), now=now),  # not due: 0
        assess(due=DUE, cutoff=CUTOFF, submissions=(vn(2023, 7, 20),), now=now),  # sent: closed
    ]
    e = exposure(rows, points)
    assert (e.if_all_sent_today, e.if_none_sent, e.open_reports) == (Decimal(-3), Decimal(-15), 3)
