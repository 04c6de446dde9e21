"""Appraisal pages: accept, correct (reason required), return (reason required), bulk accept,
and reopen one row after the deadline (administrators above the unit)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.campaigns.scoring import framework_for, unit_score
from thidua.web.errors import BadInput, Denied, ServiceError
from thidua.web.results import services
from thidua.web.results.inputs import parse_form
from thidua.web.results.models import Result
from thidua.web.results.tables import annex_lines, results_by_code
from thidua.web.shell import campaign_unit_or_404, error_response
from thidua.web.ui import pick

REOPEN_DAYS = 3  # the date the reopen form suggests: three days from today


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(Msg("Ngày không hợp lệ", "Invalid date")) from None


@require_GET
@login_required
def appraisal(request: HttpRequest, campaign_code: str, unit_code: str) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    if not policy.can_appraise(request.user, campaign, unit):
        raise Http404
    fw = framework_for(campaign, unit.level)
    rows = results_by_code(
        Result.objects.filter(campaign=campaign, unit=unit).prefetch_related(
            "evidence", "documents"
        )
    )
    for r in rows.values():  # the policy reads them for every row: no query per row
        r.campaign, r.unit = campaign, unit
    return render(
        request,
        "results/appraisal.html",
        {
            "campaign": campaign,
            "unit": unit,
            "framework": fw,
            "lines": annex_lines(fw, unit, rows),
            "score": unit_score(campaign, unit, basis="final"),
            "untouched": sum(1 for r in rows.values() if r.status == "submitted"),
            "reopenable": {c for c, r in rows.items() if policy.can_reopen(request.user, r)},
            "reopen_default": timezone.localdate() + dt.timedelta(days=REOPEN_DAYS),
        },
    )


@require_POST
@login_required
def appraise_row(
    request: HttpRequest, campaign_code: str, unit_code: str, criterion: str
) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    fw = framework_for(campaign, unit.level)
    node = fw.by_code.get(criterion)
    if node is None or node.rule is None:
        raise Http404
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    try:
        version = int(request.POST.get("version", "0"))
    except ValueError:
        version = -1
    try:
        if action == "accept":
            services.accept(
                request.user,
                campaign=campaign,
                unit=unit,
                criterion=criterion,
                expected_version=version,
            )
        elif action == "correct":
            services.correct(
                request.user,
                campaign=campaign,
                unit=unit,
                criterion=criterion,
                value=parse_form(node.rule, request.POST),
                reason=reason,
                expected_version=version,
            )
        elif action == "return":
            services.return_to_unit(
                request.user,
                campaign=campaign,
                unit=unit,
                criterion=criterion,
                reason=reason,
                expected_version=version,
            )
        elif action == "reopen":
            services.reopen(
                request.user,
                campaign=campaign,
                unit=unit,
                criterion=criterion,
                until=_date(request.POST.get("until", "")),
                reason=reason,
                expected_version=version,
            )
        else:
            raise BadInput(Msg("Thao tác không hợp lệ", "Unknown action"))
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, f"{criterion}: {pick(exc.msg)}")
    return redirect(reverse("appraisal", args=[campaign.code, unit.code]) + f"#row-{criterion}")


@require_POST
@login_required
def bulk_accept(request: HttpRequest, campaign_code: str, unit_code: str) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    try:
        n = services.bulk_accept(request.user, campaign=campaign, unit=unit)
    except ServiceError as exc:
        return error_response(request, exc)
    messages.success(request, pick(Msg(f"Đã chấp nhận {n} kết quả", f"{n} results accepted")))
    return redirect(reverse("appraisal", args=[campaign.code, unit.code]))
