"""Reporting obligations and the C.1 deduction, as pure functions (DESIGN §4 "Reports").

A unit owes a report by a *due date*. Lateness is counted in calendar days in
Vietnam's time zone (Asia/Ho_Chi_Minh), from the due date to the local date of
the submission that counts:

* submitted on or before the due date (any time up to 23:59:59 local time) →
  on time, no event;
* 1 or 2 days late → ``late_1_2_days``; 3 days or more → ``late_3_plus_days``;
* nothing by the end of the campaign's cut-off date → ``missing``.

Weekends and public holidays are not skipped: a report due on a Sunday and
sent on the Monday is one day late, as the plan's "chậm từ 1-2 ngày" counts
days, not working days. An administrator who wants to give the next working
day sets that date as the due date.

**The first submission counts.** A resubmission (a corrected file, a missing
annex) is kept in the history but never changes the event: a report first
sent 2 days late stays ``late_1_2_days`` even if resubmitted on day 5, and a
report sent on time stays on time when corrected later. A first submission
after the cut-off does not save the report from ``missing``.

The points are not decided here: each event kind is an event of the unit's
framework criterion (C.1 in the Hà Giang tables: −1, −2, and −10 for districts
or −5 for communes), and the scoring core scores the list of events. No
Django, no I/O: plain data in, frozen dataclasses out.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

from thidua.scoring.model import Framework
from thidua.scoring.rules.events import EventsRule
from thidua.scoring.text import Msg

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")

LATE_1_2 = "late_1_2_days"
LATE_3_PLUS = "late_3_plus_days"
MISSING = "missing"
EVENT_KINDS: tuple[str, ...] = (LATE_1_2, LATE_3_PLUS, MISSING)

Frequency = Literal["monthly", "six_monthly", "yearly", "ad_hoc"]
FREQUENCIES: tuple[Frequency, ...] = ("monthly", "six_monthly", "yearly", "ad_hoc")

Status = Literal["not_due", "due_today", "overdue", "on_time", "late", "missing", "after_cutoff"]
STATUS_TEXT: dict[str, Msg] = {
    "not_due": Msg("Chưa đến hạn", "Not due yet"),
    "due_today": Msg("Hạn hôm nay", "Due today"),
    "overdue": Msg("Quá hạn, chưa nộp", "Overdue, not sent"),
    "on_time": Msg("Đúng hạn", "On time"),
    "late": Msg("Nộp chậm", "Late"),
    "missing": Msg("Không báo cáo", "Missing"),
    "after_cutoff": Msg("Hạn sau ngày chốt, không tính điểm", "Due after the cut-off, not scored"),
}
EVENT_TEXT: dict[str, Msg] = {
    LATE_1_2: Msg("Chậm từ 1-2 ngày", "1-2 days late"),
    LATE_3_PLUS: Msg("Chậm từ 3 ngày trở lên", "3 or more days late"),
    MISSING: Msg("Không báo cáo", "Not reported"),
}


# --- time ------------------------------------------------------------------------------------


def local_date(at: dt.datetime) -> dt.date:
    """The calendar date of ``at`` in Vietnam; ValueError for a naive datetime."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("a submission time needs a time zone (naive datetime given)")
    return at.astimezone(TIMEZONE).date()


def days_late(due: dt.date, at: dt.datetime) -> int:
    """Calendar days from ``due`` to the local date of ``at`` (0 or less: on time)."""
    return (local_date(at) - due).days


def event_for(days: int) -> str | None:
    """The C.1 event kind for a report sent ``days`` calendar days after its due date."""
    if days <= 0:
        return None
    return LATE_1_2 if days <= 2 else LATE_3_PLUS


# --- recurrence ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recurrence:
    """When a recurring obligation falls due.

    ``monthly``: day ``day`` of every month. ``six_monthly``: day ``day`` of
    month ``month`` (1-6) and of six months later. ``yearly``: day ``day`` of
    month ``month``. A day past the end of a month means its last day (day 31
    in June is 30/6). ``ad_hoc`` obligations have no recurrence; their
    instances are added one by one.
    """

    frequency: Frequency
    day: int | None = None
    month: int | None = None

    def problems(self) -> list[Msg]:
        """What is wrong with this recurrence (empty when it is valid)."""
        out: list[Msg] = []
        if self.frequency not in FREQUENCIES:
            return [
                Msg(
                    f"tần suất không hợp lệ: {self.frequency}",
                    f"unknown frequency: {self.frequency}",
                )
            ]
        if self.frequency == "ad_hoc":
            return out
        if self.day is None or not 1 <= self.day <= 31:
            out.append(Msg("ngày đến hạn phải từ 1 đến 31", "the due day must be 1 to 31"))
        if self.frequency == "six_monthly" and (self.month is None or not 1 <= self.month <= 6):
            out.append(
                Msg(
                    "báo cáo 6 tháng cần tháng đầu tiên từ 1 đến 6",
                    "a six-monthly report needs its first month, 1 to 6",
                )
            )
        if self.frequency == "yearly" and (self.month is None or not 1 <= self.month <= 12):
            out.append(
                Msg("báo cáo năm cần tháng từ 1 đến 12", "a yearly report needs a month, 1 to 12")
            )
        return out

    def months(self) -> tuple[int, ...]:
        """The months of the year the obligation falls due in."""
        if self.frequency == "monthly":
            return tuple(range(1, 13))
        if self.frequency == "six_monthly":
            assert self.month is not None
            return (self.month, self.month + 6)
        if self.frequency == "yearly":
            assert self.month is not None
            return (self.month,)
        return ()


def _clamped(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One instance of a recurring obligation: its due date and the period it reports on."""

    due: dt.date
    label: Msg


_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def period_label(frequency: Frequency, due: dt.date) -> Msg:
    """The reporting period a due date stands for: "Tháng 7/2023", "6 tháng đầu năm 2023"."""
    if frequency == "monthly":
        return Msg(f"Tháng {due.month}/{due.year}", f"{_MONTHS_EN[due.month - 1]} {due.year}")
    if frequency == "six_monthly":
        if due.month <= 6:
            return Msg(f"6 tháng đầu năm {due.year}", f"First half of {due.year}")
        return Msg(f"6 tháng cuối năm {due.year}", f"Second half of {due.year}")
    if frequency == "yearly":
        return Msg(f"Năm {due.year}", f"Year {due.year}")
    return Msg(f"Hạn {due:%d/%m/%Y}", f"Due {due:%d/%m/%Y}")


def occurrences(rule: Recurrence, *, start: dt.date, end: dt.date) -> tuple[Occurrence, ...]:
    """Every due date of ``rule`` from ``start`` to ``end`` (both included), in order.

    ValueError when the rule is invalid; empty for ``ad_hoc`` or an empty range.
    """
    problems = rule.problems()
    if problems:
        raise ValueError("; ".join(str(p) for p in problems))
    if rule.frequency == "ad_hoc" or end < start:
        return ()
    assert rule.day is not None
    out: list[Occurrence] = []
    for year in range(start.year, end.year + 1):
        for month in rule.months():
            due = _clamped(year, month, rule.day)
            if start <= due <= end:
                out.append(Occurrence(due, period_label(rule.frequency, due)))
    return tuple(out)


# --- assessment ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assessment:
    """Where one unit stands on one report.

    ``event`` is the C.1 event the report has earned (final: only for
    ``late`` and ``missing``). ``counted`` is the submission time that counts
    (the first one by the cut-off). For reports not sent yet, ``if_sent_today``
    is the event a submission today would earn and ``if_never`` the one the
    unit gets when nothing arrives by the cut-off.
    """

    status: Status
    due: dt.date
    cutoff: dt.date
    event: str | None = None
    days_late: int | None = None
    counted: dt.datetime | None = None
    resubmissions: int = 0
    if_sent_today: str | None = None
    if_never: str | None = None

    @property
    def open(self) -> bool:
        """True while the unit can still change the outcome by sending the report."""
        return self.status in ("not_due", "due_today", "overdue")

    @property
    def text(self) -> Msg:
        base = STATUS_TEXT[self.status]
        if self.status == "late" and self.days_late is not None:
            return Msg(f"{base.vi} {self.days_late} ngày", f"{base.en} by {self.days_late} days")
        if self.status == "overdue" and self.days_late is not None:
            return Msg(
                f"Quá hạn {self.days_late} ngày, chưa nộp",
                f"Overdue by {self.days_late} days, not sent",
            )
        return base


def assess(
    *,
    due: dt.date,
    cutoff: dt.date,
    submissions: Iterable[dt.datetime],
    now: dt.datetime,
) -> Assessment:
    """Assess one (report, unit) pair at time ``now`` from its submission times.

    Submissions after ``now`` are ignored (they have not happened yet at that
    time). A report due after the cut-off is ``after_cutoff`` and never gives an
    event.
    """
    today = local_date(now)
    times = sorted(t for t in submissions if t <= now)
    by_cutoff = [t for t in times if local_date(t) <= cutoff]
    if due > cutoff:
        return Assessment("after_cutoff", due, cutoff, counted=times[0] if times else None)
    if by_cutoff:
        first = by_cutoff[0]
        late = days_late(due, first)
        event = event_for(late)
        return Assessment(
            "late" if event else "on_time",
            due,
            cutoff,
            event=event,
            days_late=max(late, 0),
            counted=first,
            resubmissions=len(times) - 1,
        )
    if today > cutoff:
        return Assessment(
            "missing", due, cutoff, event=MISSING, resubmissions=max(len(times) - 1, 0)
        )
    so_far = (today - due).days
    status: Status = "not_due" if so_far < 0 else ("due_today" if so_far == 0 else "overdue")
    return Assessment(
        status,
        due,
        cutoff,
        days_late=so_far if so_far > 0 else None,
        if_sent_today=event_for(so_far),
        if_never=MISSING,
    )


# --- events and points -----------------------------------------------------------------------


def events_value(kinds: Iterable[str]) -> list[dict[str, object]]:
    """The events as the scoring core takes them: ``[{"kind", "count"}]``, in C.1 order.

    Each kind appears once with its count; kinds with no occurrence are left
    out, so no events gives ``[]`` (0 points).
    """
    counts = Counter(kinds)
    unknown = set(counts) - set(EVENT_KINDS)
    if unknown:
        raise ValueError(f"unknown reporting event kinds: {sorted(unknown)}")
    return [{"kind": k, "count": counts[k]} for k in EVENT_KINDS if counts[k]]


def reporting_criterion(framework: Framework) -> str | None:
    """The code of the framework's reporting deduction (C.1 in the Hà Giang tables), if any.

    It is the events criterion whose kinds include all of ``late_1_2_days``,
    ``late_3_plus_days`` and ``missing``; None when the framework has none.
    """
    for node in framework.criteria:
        rule = node.rule
        if isinstance(rule, EventsRule) and set(EVENT_KINDS) <= {k.key for k in rule.kinds}:
            return node.code
    return None


def event_points(framework: Framework, criterion: str) -> dict[str, Decimal]:
    """Points per occurrence of each reporting event kind in ``criterion`` (negative)."""
    rule = framework.node(criterion).rule
    if not isinstance(rule, EventsRule):
        raise ValueError(f"{criterion} is not an events criterion")
    return {k.key: k.points for k in rule.kinds if k.key in EVENT_KINDS and k.points is not None}


@dataclass(frozen=True, slots=True)
class Exposure:
    """What a unit stands to lose on its open reports, in the framework's points."""

    if_all_sent_today: Decimal
    if_none_sent: Decimal
    open_reports: int


def exposure(assessments: Sequence[Assessment], points: dict[str, Decimal]) -> Exposure:
    """Sum, over the open reports, of what sending today and never sending would cost."""
    today = sum(
        (
            points.get(a.if_sent_today, Decimal(0))
            for a in assessments
            if a.open and a.if_sent_today
        ),
        Decimal(0),
    )
    never = sum(
        (points.get(a.if_never, Decimal(0)) for a in assessments if a.open and a.if_never),
        Decimal(0),
    )
    return Exposure(today, never, sum(1 for a in assessments if a.open))
