"""Self-assessment: saving drafts, submitting, and appraisal actions on results.

Every action checks :mod:`thidua.web.policy`, validates values through the
scoring core, writes with optimistic locking (``version``), and appends to the
audit log in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from thidua.scoring import ScoringInputError
from thidua.scoring.model import Framework
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.scoring import first_error, framework_for, score_one
from thidua.web.errors import BadInput, Denied, Stale
from thidua.web.results.choices import APPRAISED, EDITABLE, ResultStatus
from thidua.web.results.models import Result
from thidua.web.units.models import Unit


def _snapshot(r: Result) -> dict[str, Any]:
    return {
        "self_value": r.self_value,
        "appraised_value": r.appraised_value,
        "status": r.status,
        "note": r.note,
        "version": r.version,
    }


def _check_value(fw: Framework, unit: Unit, criterion: str, value: object) -> None:
    if criterion not in fw.by_code or not fw.by_code[criterion].is_criterion:
        raise BadInput(
            Msg(
                f"Bảng điểm không có chỉ tiêu {criterion}",
                f"The framework has no criterion {criterion}",
            )
        )
    if value is None:
        return
    try:
        score_one(fw, unit, criterion, value)
    except ScoringInputError as exc:
        raise BadInput(first_error(exc)) from None


def get_result(campaign: Campaign, unit: Unit, criterion: str) -> Result:
    """The stored row, or an unsaved blank one (version 0) when nothing was entered yet."""
    found = Result.objects.filter(campaign=campaign, unit=unit, criterion=criterion).first()
    return found or Result(campaign=campaign, unit=unit, criterion=criterion, version=0)


def _write(
    result: Result, expected_version: int, changes: dict[str, Any], *, allowed: tuple[str, ...]
) -> Result:
    """Apply ``changes`` if the row is still at ``expected_version`` in one of ``allowed`` statuses."""
    if expected_version == 0:
        if result.pk is not None:
            raise Stale(result)
        for k, v in changes.items():
            setattr(result, k, v)
        result.version = 1
        try:
            with transaction.atomic():
                result.save()
        except IntegrityError:
            raise Stale(get_result(result.campaign, result.unit, result.criterion)) from None
        return result
    n = Result.objects.filter(pk=result.pk, version=expected_version, status__in=allowed).update(
        version=F("version") + 1, **changes
    )
    if n == 0:
        raise Stale(Result.objects.get(pk=result.pk))
    result.refresh_from_db()
    return result


def save_draft(
    user: Any,
    *,
    campaign: Campaign,
    unit: Unit,
    criterion: str,
    value: object,
    note: str,
    expected_version: int,
) -> Result:
    """Store the unit's own value for one criterion; raises Denied, BadInput or Stale."""
    if not policy.can_enter_results(user, campaign, unit):
        stored = get_result(campaign, unit, criterion)
        if stored.pk is None or not policy.can_fix_reopened(user, stored):
            raise Denied()
    fw = framework_for(campaign, unit.level)
    _check_value(fw, unit, criterion, value)
    with transaction.atomic():
        result = get_result(campaign, unit, criterion)
        if result.pk is not None and result.status not in EDITABLE:
            raise Stale(result)
        before = _snapshot(result) if result.pk else None
        result = _write(
            result,
            expected_version,
            {"self_value": value, "note": note, "updated_by": user},
            allowed=EDITABLE,
        )
        record(
            user,
            "result.save",
            object_type="result",
            object_id=result.audit_id,
            campaign=campaign.code,
            unit=unit.code,
            before=before,
            after=_snapshot(result),
        )
    return result


def submit(user: Any, *, campaign: Campaign, unit: Unit) -> int:
    """Submit every draft or returned row of the unit; returns how many were submitted.

    Refused while a scored (non-event) criterion has no value: a unit submits
    its whole table, not part of it. After the deadline only the rows an
    administrator reopened are submitted (and their reopening ends).
    """
    whole_table = policy.can_enter_results(user, campaign, unit)
    fw = framework_for(campaign, unit.level)
    with transaction.atomic():
        rows = {
            r.criterion: r
            for r in Result.objects.select_for_update()
            .select_related("campaign", "unit")
            .filter(campaign=campaign, unit=unit)
        }
        if not whole_table and not any(policy.can_fix_reopened(user, r) for r in rows.values()):
            raise Denied()
        missing = [
            c.code
            for c in fw.criteria
            if not c.is_events and (c.code not in rows or rows[c.code].self_value is None)
        ]
        if missing:
            raise BadInput(
                Msg(
                    f"Chưa nhập kết quả cho các chỉ tiêu: {', '.join(missing)}",
                    f"No result entered yet for: {', '.join(missing)}",
                )
            )
        count = 0
        for r in rows.values():
            if r.status not in EDITABLE:
                continue
            if not whole_table and not policy.can_fix_reopened(user, r):
                continue
            before = _snapshot(r)
            r.status = ResultStatus.SUBMITTED
            r.version += 1
            r.updated_by = user
            r.reopened_until = None
            r.save(
                update_fields=["status", "version", "updated_by", "updated_at", "reopened_until"]
            )
            record(
                user,
                "result.submit",
                object_type="result",
                object_id=r.audit_id,
                campaign=campaign.code,
                unit=unit.code,
                before=before,
                after=_snapshot(r),
            )
            count += 1
    return count


# --- appraisal -----------------------------------------------------------------------------

APPRAISABLE: tuple[str, ...] = ("submitted", *APPRAISED)


def accept(
    user: Any, *, campaign: Campaign, unit: Unit, criterion: str, expected_version: int
) -> Result:
    """The appraiser agrees with the unit's value: it becomes the appraised value."""
    if not policy.can_appraise(user, campaign, unit):
        raise Denied()
    with transaction.atomic():
        result = get_result(campaign, unit, criterion)
        if result.pk is None:
            raise BadInput(
                Msg("Đơn vị chưa gửi kết quả này", "The unit has not submitted this result")
            )
        before = _snapshot(result)
        result = _write(
            result,
            expected_version,
            {
                "status": ResultStatus.ACCEPTED,
                "appraised_value": result.self_value,
                "appraisal_reason": "",
                "updated_by": user,
            },
            allowed=APPRAISABLE,
        )
        record(
            user,
            "result.accept",
            object_type="result",
            object_id=result.audit_id,
            campaign=campaign.code,
            unit=unit.code,
            before=before,
            after=_snapshot(result),
        )
    return result


def correct(
    user: Any,
    *,
    campaign: Campaign,
    unit: Unit,
    criterion: str,
    value: object,
    reason: str,
    expected_version: int,
) -> Result:
    """The appraiser fixes the value (a reason is required); also records appraiser-only events."""
    if not policy.can_appraise(user, campaign, unit):
        raise Denied()
    if not reason.strip():
        raise BadInput(Msg("Điều chỉnh phải có lý do", "A correction needs a reason"))
    fw = framework_for(campaign, unit.level)
    _check_value(fw, unit, criterion, value)
    with transaction.atomic():
        result = get_result(campaign, unit, criterion)
        if result.pk is not None and result.status not in APPRAISABLE:
            raise Stale(result)
        before = _snapshot(result) if result.pk else None
        result = _write(
            result,
            expected_version,
            {
                "status": ResultStatus.CORRECTED,
                "appraised_value": value,
                "appraisal_reason": reason.strip(),
                "updated_by": user,
            },
            allowed=APPRAISABLE,
        )
        record(
            user,
            "result.correct",
            object_type="result",
            object_id=result.audit_id,
            campaign=campaign.code,
            unit=unit.code,
            before=before,
            after=_snapshot(result),
            reason=reason.strip(),
        )
    return result


def return_to_unit(
    user: Any, *, campaign: Campaign, unit: Unit, criterion: str, reason: str, expected_version: int
) -> Result:
    """Send a row back for the unit to fix (a reason is required)."""
    result = get_result(campaign, unit, criterion)
    if not (
        policy.can_appraise(user, campaign, unit) or (result.pk and policy.can_reopen(user, result))
    ):
        raise Denied()
    if not reason.strip():
        raise BadInput(Msg("Trả lại phải có lý do", "Returning a result needs a reason"))
    if result.pk is None:
        raise BadInput(Msg("Đơn vị chưa gửi kết quả này", "The unit has not submitted this result"))
    with transaction.atomic():
        before = _snapshot(result)
        result = _write(
            result,
            expected_version,
            {
                "status": ResultStatus.RETURNED,
                "appraised_value": None,
                "appraisal_reason": reason.strip(),
                "updated_by": user,
            },
            allowed=APPRAISABLE,
        )
        record(
            user,
            "result.return",
            object_type="result",
            object_id=result.audit_id,
            campaign=campaign.code,
            unit=unit.code,
            before=before,
            after=_snapshot(result),
            reason=reason.strip(),
        )
    return result


def reopen(
    user: Any,
    *,
    campaign: Campaign,
    unit: Unit,
    criterion: str,
    until: dt.date,
    reason: str,
    expected_version: int,
) -> Result:
    """Send one row back to the unit after the deadline, for it to fix until ``until``.

    Administrators above the unit (policy.can_reopen). The row is returned
    (its appraised value cleared) and only its unit's reporters may change and
    resubmit it, up to the end of ``until``; a reason is required and audited.
    """
    result = get_result(campaign, unit, criterion)
    if result.pk is None or not policy.can_reopen(user, result):
        raise Denied()
    if not reason.strip():
        raise BadInput(Msg("Mở lại phải có lý do", "Reopening a result needs a reason"))
    if until < timezone.localdate():
        raise BadInput(
            Msg("Hạn sửa phải từ hôm nay trở đi", "The date to fix it by cannot be in the past")
        )
    with transaction.atomic():
        before = _snapshot(result)
        result = _write(
            result,
            expected_version,
            {
                "status": ResultStatus.RETURNED,
                "appraised_value": None,
                "appraisal_reason": reason.strip(),
                "reopened_until": until,
                "updated_by": user,
            },
            allowed=APPRAISABLE,
        )
        after = _snapshot(result) | {"reopened_until": until.isoformat()}
        record(
            user,
            "result.reopen",
            object_type="result",
            object_id=result.audit_id,
            campaign=campaign.code,
            unit=unit.code,
            before=before,
            after=after,
            reason=reason.strip(),
        )
    return result


def bulk_accept(user: Any, *, campaign: Campaign, unit: Unit) -> int:
    """Accept every submitted row the appraiser has not touched; returns how many."""
    if not policy.can_appraise(user, campaign, unit):
        raise Denied()
    count = 0
    with transaction.atomic():
        for r in Result.objects.select_for_update().filter(
            campaign=campaign, unit=unit, status=ResultStatus.SUBMITTED
        ):
            before = _snapshot(r)
            r.status = ResultStatus.ACCEPTED
            r.appraised_value = r.self_value
            r.version += 1
            r.updated_by = user
            r.save(
                update_fields=["status", "appraised_value", "version", "updated_by", "updated_at"]
            )
            record(
                user,
                "result.accept",
                object_type="result",
                object_id=r.audit_id,
                campaign=campaign.code,
                unit=unit.code,
                before=before,
                after=_snapshot(r),
                reason="bulk",
            )
            count += 1
    return count
