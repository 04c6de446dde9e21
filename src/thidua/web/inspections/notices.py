"""Notices of visits ("thông báo kiểm tra"): recording that they were sent, and to whom anew.

A notice is recorded on its visit with the day it went out, its document number, who
recorded it and the visit date it announced. When the schedule later moves the visit,
that date no longer matches and the visit's notice must be sent again
(``Visit.notice_state == "resend"``); a visit moved back needs nothing new. Every mark is
in the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.errors import BadInput, Denied
from thidua.web.inspections.choices import SENT
from thidua.web.inspections.models import InspectionPlan, Visit

OBJECT = "inspection_visit"
NO_NOTICE = Msg(
    "Buổi kiểm tra chưa có thông báo nào được ghi nhận để rút lại",
    "The visit has no recorded notice to take back",
)


def _check(user: Any, plan: InspectionPlan, *, sent_on: dt.date | None, number: str) -> None:
    if not policy.can_record_notice(user, plan):
        raise Denied()
    if not plan.schedule_status:
        raise BadInput(
            Msg(
                "Lịch chưa được xếp (hoặc kế hoạch đã sửa sau khi xếp): hãy xếp lịch trước khi "
                "ghi nhận thông báo",
                "The schedule is not made (or the plan changed since): schedule it before "
                "recording notices",
            )
        )
    if sent_on is None:
        raise BadInput(Msg("Ngày gửi không hợp lệ (dd/mm/yyyy)", "Invalid date sent (dd/mm/yyyy)"))
    if sent_on > timezone.localdate():
        raise BadInput(
            Msg("Ngày gửi thông báo ở tương lai", "The date the notice was sent is in the future")
        )
    if not number.strip():
        raise BadInput(Msg("Hãy nhập số văn bản thông báo", "Enter the notice's document number"))


def _state(visit: Visit) -> dict[str, Any]:
    return {
        "sent_on": visit.notice_sent_on,
        "number": visit.notice_number,
        "for": visit.notice_sent_for,
    }


def _mark(visits: Iterable[Visit], user: Any, *, sent_on: dt.date, number: str) -> list[Any]:
    changes = []
    for visit in visits:
        before = _state(visit)
        visit.notice_sent_on = sent_on
        visit.notice_number = number.strip()
        visit.notice_sent_for = visit.date
        visit.notice_recorded_by = user if getattr(user, "is_authenticated", False) else None
        visit.save(
            update_fields=[
                "notice_sent_on",
                "notice_number",
                "notice_sent_for",
                "notice_recorded_by",
            ]
        )
        changes.append({"visit": visit.pk, "unit": visit.unit.code, "before": before})
    return changes


@transaction.atomic
def mark_visit_sent(user: Any, visit: Visit, *, sent_on: dt.date | None, number: str) -> Visit:
    """Record that the notice of ``visit`` went out on ``sent_on`` under ``number``."""
    _check(user, visit.plan, sent_on=sent_on, number=number)
    assert sent_on is not None
    before = _state(visit)
    _mark([visit], user, sent_on=sent_on, number=number)
    record(
        user,
        "inspection_visit.notice_sent",
        object_type=OBJECT,
        object_id=str(visit.pk),
        unit=visit.unit.unit.code if visit.unit.unit else visit.unit.code,
        before=before,
        after=_state(visit),
    )
    return visit


@transaction.atomic
def mark_plan_sent(
    user: Any, plan: InspectionPlan, *, sent_on: dt.date | None, number: str, team: str = ""
) -> int:
    """Record one notice (one document) for every visit of the plan, or of ``team``, whose
    current date has no notice yet (never sent, or sent for a date the visit has left).
    Return how many visits it covered."""
    _check(user, plan, sent_on=sent_on, number=number)
    assert sent_on is not None
    visits = plan.visits.select_related("team", "unit")
    if team:
        visits = visits.filter(team__code=team)
    due = [v for v in visits if v.notice_state != SENT]
    if not due:
        raise BadInput(
            Msg(
                "Mọi buổi kiểm tra đã có thông báo đúng ngày",
                "Every visit already has a notice for its date",
            )
        )
    changes = _mark(due, user, sent_on=sent_on, number=number)
    record(
        user,
        "inspection_plan.notices_sent",
        object_type="inspection_plan",
        object_id=plan.code,
        unit=plan.owner.code,
        before=changes,
        after={"sent_on": sent_on, "number": number.strip(), "team": team},
    )
    return len(due)


@transaction.atomic
def clear_notice(user: Any, visit: Visit) -> Visit:
    """Take back a notice recorded by mistake (BadInput when the visit has none)."""
    if not policy.can_record_notice(user, visit.plan):
        raise Denied()
    if visit.notice_sent_on is None:
        raise BadInput(NO_NOTICE)
    before = _state(visit)
    visit.notice_sent_on = visit.notice_sent_for = None
    visit.notice_number = ""
    visit.notice_recorded_by = None
    visit.save(
        update_fields=["notice_sent_on", "notice_number", "notice_sent_for", "notice_recorded_by"]
    )
    record(
        user,
        "inspection_visit.notice_cleared",
        object_type=OBJECT,
        object_id=str(visit.pk),
        unit=visit.unit.unit.code if visit.unit.unit else visit.unit.code,
        before=before,
    )
    return visit
