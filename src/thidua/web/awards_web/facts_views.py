"""Named facts pages: record or withdraw a unit's fact with evidence, download evidence, a level
at a glance.

A unit's facts are shown and edited on its award page (``views.unit_awards``,
with :func:`unit_context`); the level page lists every unit in the user's
scope with its facts, missing ones first to the eye.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.awards_web import fact_rows, facts
from thidua.web.awards_web.models import FactEvidence
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import BadInput, Denied, ServiceError
from thidua.web.results.evidence import attachment
from thidua.web.shell import campaign_or_404, campaign_unit_or_404, error_response
from thidua.web.ui import pick
from thidua.web.units.models import Unit


def unit_context(user: Any, campaign: Campaign, unit: Unit) -> dict[str, Any]:
    """What the unit's award page shows of its facts (the caller has checked it may read)."""
    return {
        "facts": fact_rows.facts_of(user, campaign, unit),
        "platform_facts": facts.PLATFORM_FACTS,
        "can_record_facts": policy.can_record_fact(user, campaign, unit),
    }


def _back(campaign: Campaign, unit: Unit, name: str) -> HttpResponse:
    return redirect(reverse("unit_awards", args=[campaign.code, unit.code]) + f"#fact-{name}")


def _spec_or_404(campaign: Campaign, unit: Unit, name: str) -> facts.FactSpec:
    spec = facts.spec_for(campaign, unit, name)
    if spec is None:
        raise Http404
    return spec


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # never current: the write is refused as stale


@require_POST
@login_required
def save_fact(request: HttpRequest, campaign_code: str, unit_code: str, name: str) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    spec = _spec_or_404(campaign, unit, name)
    upload = request.FILES.get("file")
    try:
        facts.record_fact(
            request.user,
            campaign=campaign,
            unit=unit,
            name=name,
            value=facts.value_from_form(spec, request.POST),
            note=request.POST.get("note", ""),
            expected_version=_version(request),
            upload=upload,
            upload_name=(upload.name or "") if upload is not None else "",
        )
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    else:
        messages.success(request, pick(Msg("Đã lưu dữ kiện", "Fact saved")))
    return _back(campaign, unit, name)


@require_POST
@login_required
def withdraw_fact(
    request: HttpRequest, campaign_code: str, unit_code: str, name: str
) -> HttpResponse:
    """Withdraw a fact recorded by mistake (reason required); the platform's facts are refused
    with where to change them."""
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    if name not in facts.PLATFORM_FACTS:
        _spec_or_404(campaign, unit, name)
    try:
        facts.withdraw_fact(
            request.user,
            campaign=campaign,
            unit=unit,
            name=name,
            reason=request.POST.get("reason", ""),
            expected_version=_version(request),
        )
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    else:
        done = Msg(
            "Đã rút dữ kiện; giá trị cũ vẫn còn trong lịch sử",
            "Fact withdrawn; the old value stays in its history",
        )
        messages.success(request, pick(done))
    return _back(campaign, unit, name)


@require_POST
@login_required
def fact_evidence(
    request: HttpRequest, campaign_code: str, unit_code: str, name: str
) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    _spec_or_404(campaign, unit, name)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise BadInput(Msg("Chưa chọn tệp", "No file chosen"))
        facts.attach(
            request.user,
            fact=facts.get_fact(campaign, unit, name),
            upload=upload,
            name=upload.name or "",
        )
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    else:
        messages.success(request, pick(Msg("Đã tải minh chứng", "Evidence uploaded")))
    return _back(campaign, unit, name)


@require_GET
@login_required
def download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    ev = get_object_or_404(
        FactEvidence.objects.select_related("fact__campaign__owner", "fact__unit"), pk=evidence_id
    )
    if not policy.can_view_fact_evidence(request.user, ev):
        raise Http404
    return attachment(ev)


@require_GET
@login_required
def level_facts(request: HttpRequest, campaign_code: str, level: str) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_code)
    try:
        overview = fact_rows.level_overview(request.user, campaign, level)
    except Denied:
        raise Http404 from None
    except ServiceError as exc:
        return error_response(request, exc)
    rows = overview.rows
    only_missing = request.GET.get("missing") == "1"
    if only_missing:
        rows = [(u, fs) for u, fs in rows if any(f.missing for f in fs)]
    return render(
        request,
        "awards_web/facts_level.html",
        {
            "campaign": campaign,
            "overview": overview,
            "rows": rows,
            "only_missing": only_missing,
        },
    )
