"""The offline form on the platform: the unit's stored rows in, a confirmed upload out.

Download → fill in Excel or LibreOffice → upload → diff → confirm. Reading
and comparing the file is :mod:`thidua.exports.offline_form` (pure); this
module asks :mod:`thidua.web.policy`, gathers what is stored, and applies a
confirmed upload through :func:`services.save_draft` (the core's validation,
optimistic locking, the audit log) in one transaction: a row changed by
someone else between the preview and the confirmation refuses the whole
upload, so nothing is half-written.

Between the preview and the confirmation the changes travel in a signed
token (``django.core.signing``, tied to the user, campaign and unit, valid
for an hour), not in the session: app processes stay stateless.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import transaction

from thidua.exports.offline_form import (
    CellProblem,
    Change,
    FormInfo,
    OfflineFormError,
    StoredRow,
    plan_changes,
    points_of,
    read_form,
    write_form,
)
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.scoring import framework_for, unit_input
from thidua.web.errors import BadInput, Denied
from thidua.web.results import services
from thidua.web.results.choices import EDITABLE
from thidua.web.results.models import Result
from thidua.web.units.models import Unit

FORM_MAX_BYTES = 2 * 1024 * 1024  # a filled form is ~30 kB; anything this big is not one
TOKEN_MAX_AGE = 3600
_SALT = "thidua.offline-upload"

STATUS: dict[str, Msg] = {
    "draft": Msg("Nháp", "Draft"),
    "submitted": Msg("Đã gửi", "Submitted"),
    "returned": Msg("Trả lại", "Returned"),
    "accepted": Msg("Chấp nhận", "Accepted"),
    "corrected": Msg("Điều chỉnh", "Corrected"),
}


class UploadRejected(BadInput):
    """The file cannot be used; ``problems`` name the sheet, row and column of each."""

    def __init__(self, problems: tuple[CellProblem, ...]) -> None:
        n = len(problems)
        super().__init__(
            Msg(
                f"Tệp có {n} lỗi; không có gì được thay đổi",
                f"The file has {n} problem{'s' if n != 1 else ''}; nothing was changed",
            )
        )
        self.problems = problems


@dataclass(frozen=True)
class Preview:
    changes: list[Change]
    token: str


def form_info(campaign: Campaign, unit: Unit) -> FormInfo:
    return FormInfo(
        campaign=campaign.code, campaign_title=campaign.title, unit=unit_input(unit, {})
    )


def stored_rows(user: Any, campaign: Campaign, unit: Unit) -> dict[str, StoredRow]:
    """Every criterion as stored, locked where the user may not change it now."""
    fw = framework_for(campaign, unit.level)
    info = form_info(campaign, unit)
    can_enter = policy.can_enter_results(user, campaign, unit)
    rows = {r.criterion: r for r in Result.objects.filter(campaign=campaign, unit=unit)}
    out: dict[str, StoredRow] = {}
    for node in fw.criteria:
        r = rows.get(node.code)
        if r is None:
            out[node.code] = StoredRow(locked=not can_enter)
            continue
        out[node.code] = StoredRow(
            value=r.self_value,
            note=r.note,
            version=r.version,
            locked=not (can_enter and r.status in EDITABLE),
            status=STATUS.get(r.status, Msg(r.status, r.status)),
            points=points_of(fw, info.unit, node.code, r.self_value),
        )
    return out


def download(user: Any, *, campaign: Campaign, unit: Unit) -> tuple[bytes, str]:
    """The unit's form as XLSX bytes and a file name; rows the user may not change are locked."""
    if not policy.can_view_results(user, campaign, unit):
        raise Denied()
    fw = framework_for(campaign, unit.level)
    data = write_form(fw, form_info(campaign, unit), stored_rows(user, campaign, unit))
    return data, f"bieu-mau-{campaign.code}-{unit.code}.xlsx"


def preview_upload(user: Any, *, campaign: Campaign, unit: Unit, data: bytes) -> Preview:
    """What the uploaded file would change; raises Denied or UploadRejected (nothing stored)."""
    if not policy.can_enter_results(user, campaign, unit):
        raise Denied()
    if len(data) > FORM_MAX_BYTES:
        raise BadInput(
            Msg(
                f"Tệp quá lớn (tối đa {FORM_MAX_BYTES // 1024 // 1024} MB)",
                f"The file is too large (at most {FORM_MAX_BYTES // 1024 // 1024} MB)",
            )
        )
    fw = framework_for(campaign, unit.level)
    info = form_info(campaign, unit)
    try:
        form = read_form(data, fw, info)
        changes = plan_changes(fw, info, form, stored_rows(user, campaign, unit))
    except OfflineFormError as exc:
        raise UploadRejected(exc.problems) from None
    token = signing.dumps(
        {
            "campaign": campaign.code,
            "unit": unit.code,
            "user": user.pk,
            "changes": [
                {
                    "code": c.code,
                    "value": c.new_value,
                    "note": c.new_note,
                    "version": c.expected_version,
                }
                for c in changes
            ],
        },
        salt=_SALT,
        compress=True,
    )
    return Preview(changes, token)


_EXPIRED = Msg(
    "Phiên xác nhận không hợp lệ hoặc đã quá 1 giờ; hãy tải tệp lên lại",
    "The confirmation is invalid or older than an hour; upload the file again",
)


def apply_upload(user: Any, *, campaign: Campaign, unit: Unit, token: str) -> int:
    """Store a previewed upload in one transaction; returns how many rows changed.

    Raises Denied, BadInput (a bad or expired token) or Stale (a row changed
    since the preview: nothing of the upload is stored).
    """
    if not policy.can_enter_results(user, campaign, unit):
        raise Denied()
    try:
        payload = signing.loads(token, salt=_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise BadInput(_EXPIRED) from None
    if (payload.get("campaign"), payload.get("unit"), payload.get("user")) != (
        campaign.code,
        unit.code,
        user.pk,
    ):
        raise BadInput(_EXPIRED)
    changes = payload.get("changes", [])
    with transaction.atomic():
        for c in changes:
            services.save_draft(
                user,
                campaign=campaign,
                unit=unit,
                criterion=c["code"],
                value=c["value"],
                note=c["note"],
                expected_version=c["version"],
            )
        if changes:
            record(
                user,
                "result.offline_upload",
                object_type="unit",
                object_id=f"{campaign.code}/{unit.code}",
                campaign=campaign.code,
                unit=unit.code,
                after={"criteria": [c["code"] for c in changes]},
            )
    return len(changes)
