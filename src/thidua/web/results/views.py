"""Self-assessment pages: parse the request, call a service, render."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thidua.scoring.model import Framework, Node
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import trail
from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.scoring import framework_for, unit_score
from thidua.web.errors import BadInput, Denied, ServiceError, Stale
from thidua.web.results import evidence as evidence_service
from thidua.web.results import services
from thidua.web.results.inputs import display, parse_form
from thidua.web.results.models import Evidence, Result
from thidua.web.results.tables import annex_lines, line_for, results_by_code
from thidua.web.shell import campaign_unit_or_404, error_response
from thidua.web.ui import dom_id, pick
from thidua.web.units.models import Unit


def _criterion(fw: Framework, code: str) -> Node:
    node = fw.by_code.get(code)
    if node is None or node.rule is None:
        raise Http404
    return node


def _shown(node: Node, snap: object) -> str:
    """A trail snapshot as text: status, the unit's value and the appraised value."""
    if not isinstance(snap, dict) or node.rule is None:
        return ""
    if "self_value" not in snap:
        return ", ".join(f"{k}: {v}" for k, v in snap.items())
    out = f"{snap.get('status')}: {display(node.rule, snap.get('self_value'))}"
    if snap.get("appraised_value") is not None:
        out += f" → {display(node.rule, snap.get('appraised_value'))}"
    return out


def _fixable(user: Any, rows: Iterable[Result]) -> set[str]:
    """Criteria of rows reopened after the deadline that ``user`` may fix."""
    return {r.criterion for r in rows if policy.can_fix_reopened(user, r)}


def _page_url(campaign: Campaign, unit: Unit) -> str:
    return reverse("self_assessment", args=[campaign.code, unit.code])


@require_GET
@login_required
def self_assessment(request: HttpRequest, campaign_code: str, unit_code: str) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    fw = framework_for(campaign, unit.level)
    rows = results_by_code(
        Result.objects.filter(campaign=campaign, unit=unit).prefetch_related(
            "evidence", "documents"
        )
    )
    return render(
        request,
        "results/self_assessment.html",
        {
            "campaign": campaign,
            "unit": unit,
            "framework": fw,
            "lines": annex_lines(fw, unit, rows),
            "score": unit_score(campaign, unit, basis="self"),
            "can_enter": policy.can_enter_results(request.user, campaign, unit),
            "fixable": _fixable(request.user, rows.values()),
            "can_appraise": policy.can_appraise(request.user, campaign, unit),
            "deadline": campaign.submission_deadline(),
        },
    )


@require_POST
@login_required
def preview(
    request: HttpRequest, campaign_code: str, unit_code: str, criterion: str
) -> HttpResponse:
    """The points a value would give, without saving it (the live score of a row)."""
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    fw = framework_for(campaign, unit.level)
    node = _criterion(fw, criterion)
    assert node.rule is not None
    value = parse_form(node.rule, request.POST)
    draft = Result(campaign=campaign, unit=unit, criterion=criterion, self_value=value)
    line = line_for(fw, unit, node, draft)
    return render(request, "results/_score.html", {"line": line})


def _row_response(
    request: HttpRequest, campaign: Campaign, unit: Unit, node: Node, *, error: str = ""
) -> HttpResponse:
    fw = framework_for(campaign, unit.level)
    result = services.get_result(campaign, unit, node.code)
    return render(
        request,
        "results/_row.html",
        {
            "campaign": campaign,
            "unit": unit,
            "line": line_for(fw, unit, node, result if result.pk else None),
            "can_enter": policy.can_enter_results(request.user, campaign, unit),
            "fixable": _fixable(request.user, [result] if result.pk else []),
            "row_error": error,
            "saved": not error,
        },
    )


@require_POST
@login_required
def save_row(
    request: HttpRequest, campaign_code: str, unit_code: str, criterion: str
) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    fw = framework_for(campaign, unit.level)
    node = _criterion(fw, criterion)
    assert node.rule is not None
    try:
        version = int(request.POST.get("version", "0"))
    except ValueError:
        version = -1
    try:
        services.save_draft(
            request.user,
            campaign=campaign,
            unit=unit,
            criterion=criterion,
            value=parse_form(node.rule, request.POST),
            note=request.POST.get("note", "").strip(),
            expected_version=version,
        )
    except (Stale, ServiceError) as exc:
        if isinstance(exc, Denied) or not request.htmx:
            return error_response(request, exc)
        response = _row_response(request, campaign, unit, node, error=pick(exc.msg))
        if not isinstance(exc, Stale):
            # Keep what the user typed so it can be fixed; the stored row is unchanged.
            response.status_code = exc.status
        return response
    if request.htmx:
        return _row_response(request, campaign, unit, node)
    messages.success(request, pick(_SAVED))
    return redirect(_page_url(campaign, unit) + f"#row-{dom_id(criterion)}")


_SAVED = Msg("Đã lưu nháp", "Draft saved")


@require_POST
@login_required
def submit(request: HttpRequest, campaign_code: str, unit_code: str) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    try:
        n = services.submit(request.user, campaign=campaign, unit=unit)
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
        return redirect(_page_url(campaign, unit))
    messages.success(
        request,
        pick(Msg(f"Đã gửi {n} kết quả để thẩm định", f"{n} results submitted for appraisal")),
    )
    return redirect(_page_url(campaign, unit))


def _result_for_upload(
    request: HttpRequest, campaign: Campaign, unit: Unit, criterion: str
) -> Result:
    result = services.get_result(campaign, unit, criterion)
    if result.pk is None:
        result = services.save_draft(
            request.user,
            campaign=campaign,
            unit=unit,
            criterion=criterion,
            value=None,
            note="",
            expected_version=0,
        )
    return result


@require_POST
@login_required
def upload_evidence(
    request: HttpRequest, campaign_code: str, unit_code: str, criterion: str
) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    _criterion(framework_for(campaign, unit.level), criterion)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise BadInput(Msg("Chưa chọn tệp", "No file chosen"))
        with transaction.atomic():
            result = _result_for_upload(request, campaign, unit, criterion)
            evidence_service.attach(
                request.user, result=result, upload=upload, name=upload.name or ""
            )
    except ServiceError as exc:
        return error_response(request, exc)
    messages.success(request, pick(Msg("Đã tải lên tài liệu minh chứng", "Evidence uploaded")))
    return redirect(reverse("criterion_detail", args=[campaign.code, unit.code, criterion]))


@require_POST
@login_required
def add_document(
    request: HttpRequest, campaign_code: str, unit_code: str, criterion: str
) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    _criterion(framework_for(campaign, unit.level), criterion)
    try:
        with transaction.atomic():
            result = _result_for_upload(request, campaign, unit, criterion)
            evidence_service.add_document(
                request.user,
                result=result,
                number=request.POST.get("number", ""),
                title=request.POST.get("title", ""),
            )
    except ServiceError as exc:
        return error_response(request, exc)
    return redirect(reverse("criterion_detail", args=[campaign.code, unit.code, criterion]))


@require_GET
@login_required
def download_evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    ev = get_object_or_404(
        Evidence.objects.select_related("result__campaign__owner", "result__unit"), pk=evidence_id
    )
    if not policy.can_view_evidence(request.user, ev):
        raise Http404
    return evidence_service.attachment(ev)


@require_POST
@login_required
def remove_evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """Take a file down (uploaded by mistake): it is hidden and audited, not deleted."""
    ev = get_object_or_404(
        Evidence.objects.select_related("result__campaign__owner", "result__unit"), pk=evidence_id
    )
    if not policy.can_view_evidence(request.user, ev):
        raise Http404
    try:
        evidence_service.remove(request.user, evidence=ev)
    except ServiceError as exc:
        return error_response(request, exc)
    r = ev.result
    messages.success(
        request, pick(Msg(f"Đã gỡ tệp {ev.original_name}", f"{ev.original_name} taken down"))
    )
    return redirect(reverse("criterion_detail", args=[r.campaign.code, r.unit.code, r.criterion]))


@require_GET
@login_required
def criterion_detail(
    request: HttpRequest, campaign_code: str, unit_code: str, criterion: str
) -> HttpResponse:
    """Drill-down: the rule, the values, the explanation, evidence and the audit trail of one row."""
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    fw = framework_for(campaign, unit.level)
    node = _criterion(fw, criterion)
    assert node.rule is not None
    result = services.get_result(campaign, unit, criterion)
    line = line_for(fw, unit, node, result if result.pk else None)
    entries = [
        {"entry": e, "before": _shown(node, e.before), "after": _shown(node, e.after)}
        for e in (trail("result", result.audit_id) if result.pk else [])
    ]
    return render(
        request,
        "results/criterion_detail.html",
        {
            "campaign": campaign,
            "unit": unit,
            "node": node,
            "line": line,
            "result": result if result.pk else None,
            "rule_text": node.rule.describe(node.max_points),
            "trail": entries,
            "can_edit": (
                result.pk is None and policy.can_enter_results(request.user, campaign, unit)
            )
            or (result.pk is not None and policy.can_edit_result(request.user, result)),
        },
    )
