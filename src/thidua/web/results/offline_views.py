"""Offline form pages: download the unit's form, upload it, see the changes, confirm."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import BadInput, Denied, ServiceError, Stale
from thidua.web.results import offline
from thidua.web.shell import campaign_unit_or_404, error_response
from thidua.web.ui import pick
from thidua.web.units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(
    request: HttpRequest, campaign: Campaign, unit: Unit, *, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "results/offline.html",
        {
            "campaign": campaign,
            "unit": unit,
            "can_enter": policy.can_enter_results(request.user, campaign, unit),
            "max_mb": offline.FORM_MAX_BYTES // 1024 // 1024,
            **extra,
        },
        status=status,
    )


@require_GET
@login_required
def offline_page(request: HttpRequest, campaign_code: str, unit_code: str) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    return _page(request, campaign, unit)


@require_GET
@login_required
def offline_download(request: HttpRequest, campaign_code: str, unit_code: str) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    try:
        data, name = offline.download(request.user, campaign=campaign, unit=unit)
    except ServiceError as exc:
        return error_response(request, exc)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@login_required
def offline_upload(request: HttpRequest, campaign_code: str, unit_code: str) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise BadInput(Msg("Chưa chọn tệp", "No file chosen"))
        if upload.size is not None and upload.size > offline.FORM_MAX_BYTES:
            # Refused before reading it into memory; preview_upload checks again.
            raise BadInput(Msg("Tệp quá lớn", "The file is too large"))
        preview = offline.preview_upload(
            request.user, campaign=campaign, unit=unit, data=upload.read()
        )
    except Denied as exc:
        return error_response(request, exc)
    except offline.UploadRejected as exc:
        return _page(
            request,
            campaign,
            unit,
            status=exc.status,
            error=pick(exc.msg),
            problems=[pick(p.text) for p in exc.problems],
            file_name=upload.name if upload is not None else "",
        )
    except ServiceError as exc:
        return _page(request, campaign, unit, status=exc.status, error=pick(exc.msg))
    return _page(
        request,
        campaign,
        unit,
        preview=preview,
        file_name=upload.name if upload is not None else "",
    )


_STALE = Msg(
    "Một kết quả đã được cập nhật sau khi xem trước thay đổi; không có gì được lưu. "
    "Hãy tải tệp lên lại để xem thay đổi so với dữ liệu mới nhất",
    "A result was updated after the changes were previewed; nothing was saved. "
    "Upload the file again to see the changes against the newest data",
)


@require_POST
@login_required
def offline_confirm(request: HttpRequest, campaign_code: str, unit_code: str) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    try:
        n = offline.apply_upload(
            request.user, campaign=campaign, unit=unit, token=request.POST.get("token", "")
        )
    except Denied as exc:
        return error_response(request, exc)
    except Stale as exc:
        return _page(request, campaign, unit, status=exc.status, error=pick(_STALE))
    except ServiceError as exc:
        return _page(request, campaign, unit, status=exc.status, error=pick(exc.msg))
    messages.success(
        request,
        pick(
            Msg(
                f"Đã lưu {n} thay đổi từ tệp Excel (bản nháp)",
                f"{n} changes from the Excel file saved (drafts)",
            )
        ),
    )
    return redirect(reverse("self_assessment", args=[campaign.code, unit.code]))
