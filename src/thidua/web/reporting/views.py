"""Reporting pages: obligations, compliance per report and per unit, submissions, waivers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from thidua.reporting import TIMEZONE, local_date
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.campaigns.models import Campaign
from thidua.web.errors import BadInput, Denied, ServiceError
from thidua.web.reporting import clock, queries, services
from thidua.web.reporting.forms import CutoffForm, InstanceForm, ObligationForm
from thidua.web.reporting.models import LatenessEvent, Obligation, ReportInstance, SubmissionFile
from thidua.web.results.evidence import attachment
from thidua.web.shell import campaign_or_404, campaign_unit_or_404, error_response
from thidua.web.ui import pick
from thidua.web.units.models import Unit


def _overview_url(campaign: Campaign) -> str:
    return reverse("reports", args=[campaign.code])


def _obligation_form(request: HttpRequest, campaign: Campaign) -> ObligationForm:
    return ObligationForm(
        request.POST if request.method == "POST" else None,
        units=policy.units_in_scope(request.user, Unit.objects.all()),
        participants=campaign.participants.order_by("path"),
    )


@require_GET
@login_required
def overview(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_code)
    can_manage = policy.can_manage_reporting(request.user, campaign)
    return render(
        request,
        "reporting/overview.html",
        {
            "campaign": campaign,
            "obligations": queries.obligations_overview(campaign),
            "cutoff": services.cutoff_of(campaign),
            "can_manage": can_manage,
            "form": _obligation_form(request, campaign) if can_manage else None,
            "cutoff_form": CutoffForm(initial={"cutoff": services.cutoff_of(campaign)}),
            "my_units": policy.units_in_scope(request.user, campaign.participants.all()).order_by(
                "path"
            )[:50],
        },
    )


@require_POST
@login_required
def create_obligation(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_code)
    if not policy.can_manage_reporting(request.user, campaign):
        return error_response(request, Denied())
    form = _obligation_form(request, campaign)
    if not form.is_valid():
        messages.error(request, pick(Msg("Biểu mẫu chưa hợp lệ", "The form is not valid")))
        return render(
            request,
            "reporting/overview.html",
            {
                "campaign": campaign,
                "obligations": queries.obligations_overview(campaign),
                "cutoff": services.cutoff_of(campaign),
                "can_manage": policy.can_manage_reporting(request.user, campaign),
                "form": form,
                "cutoff_form": CutoffForm(initial={"cutoff": services.cutoff_of(campaign)}),
            },
            status=422,
        )
    d = form.cleaned_data
    spec = services.ObligationSpec(
        title=d["title"],
        recipient=d["recipient"],
        scope=d["scope"],
        frequency=d["frequency"],
        level=d["level"] or "",
        root=d["root"],
        units=list(d["units"] or []),
        day=d["day"],
        month=d["month"],
        starts_on=d["starts_on"],
        ends_on=d["ends_on"],
        due_date=d["due_date"],
        note=d["note"] or "",
    )
    try:
        ob = services.create_obligation(request.user, campaign=campaign, spec=spec)
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
        return redirect(_overview_url(campaign))
    messages.success(request, pick(Msg("Đã tạo báo cáo", "Report obligation created")))
    return redirect(reverse("report_obligation", args=[campaign.code, ob.pk]))


@require_POST
@login_required
def set_cutoff(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_code)
    form = CutoffForm(request.POST)
    try:
        if not form.is_valid():
            raise BadInput(Msg("Ngày không hợp lệ", "Invalid date"))
        services.set_cutoff(request.user, campaign=campaign, cutoff=form.cleaned_data["cutoff"])
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    return redirect(_overview_url(campaign))


@require_POST
@login_required
def refresh(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_code)
    try:
        r = services.refresh_as(request.user, campaign)
    except ServiceError as exc:
        return error_response(request, exc)
    messages.success(
        request,
        pick(
            Msg(
                f"Đã tính lại điểm trừ C.1: {r.created} mới, {r.changed} thay đổi, {r.removed} bỏ",
                f"C.1 recomputed: {r.created} new, {r.changed} changed, {r.removed} removed",
            )
        ),
    )
    return redirect(_overview_url(campaign))


def _obligation_or_404(request: HttpRequest, campaign_code: str, obligation_id: int) -> Obligation:
    campaign = campaign_or_404(request.user, campaign_code)
    return get_object_or_404(
        Obligation.objects.select_related("campaign__owner", "recipient", "root"),
        pk=obligation_id,
        campaign=campaign,
    )


@require_GET
@login_required
def obligation_page(request: HttpRequest, campaign_code: str, obligation_id: int) -> HttpResponse:
    ob = _obligation_or_404(request, campaign_code, obligation_id)
    instances = list(ob.instances.all())
    chosen = None
    if request.GET.get("instance", "").isdigit():
        chosen = next((i for i in instances if i.pk == int(request.GET["instance"])), None)
    if chosen is None and instances:
        today = local_date(clock.now())
        past = [i for i in instances if i.due_date <= today]
        chosen = past[-1] if past else instances[0]
    rows = queries.compliance(request.user, chosen) if chosen is not None else []
    return render(
        request,
        "reporting/obligation.html",
        {
            "campaign": ob.campaign,
            "obligation": ob,
            "instances": instances,
            "chosen": chosen,
            "rows": rows,
            "summary": queries.summarise(rows),
            "cutoff": services.cutoff_of(ob.campaign),
            "can_manage": policy.can_manage_reporting(request.user, ob.campaign),
            "instance_form": InstanceForm(),
        },
    )


@require_POST
@login_required
def add_instance(request: HttpRequest, campaign_code: str, obligation_id: int) -> HttpResponse:
    ob = _obligation_or_404(request, campaign_code, obligation_id)
    form = InstanceForm(request.POST)
    try:
        if not form.is_valid():
            raise BadInput(Msg("Hạn nộp không hợp lệ", "Invalid due date"))
        services.add_instance(
            request.user,
            obligation=ob,
            due_date=form.cleaned_data["due_date"],
            label=form.cleaned_data["label"] or "",
        )
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    return redirect(reverse("report_obligation", args=[ob.campaign.code, ob.pk]))


@require_GET
@login_required
def unit_reports(request: HttpRequest, campaign_code: str, unit_code: str) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    rows = queries.unit_record(campaign, unit)
    return render(
        request,
        "reporting/unit.html",
        {
            "campaign": campaign,
            "unit": unit,
            "rows": rows,
            "summary": queries.summarise(rows),
            "cutoff": services.cutoff_of(campaign),
            "criterion": services.c1_criterion(campaign, unit),
            "can_submit": policy.can_submit_report(request.user, campaign, unit),
            "can_manage": policy.can_manage_reporting(request.user, campaign),
        },
    )


@require_POST
@login_required
def submit(
    request: HttpRequest, campaign_code: str, unit_code: str, instance_id: int
) -> HttpResponse:
    campaign, unit = campaign_unit_or_404(request.user, campaign_code, unit_code)
    instance = get_object_or_404(
        ReportInstance.objects.select_related("obligation__campaign"),
        pk=instance_id,
        obligation__campaign=campaign,
    )
    files = [(f, f.name or "") for f in request.FILES.getlist("files")]
    try:
        sub = services.submit_report(
            request.user,
            instance=instance,
            unit=unit,
            files=files,  # type: ignore[arg-type]
            document_number=request.POST.get("document_number", ""),
            note=request.POST.get("note", ""),
        )
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
        return redirect(reverse("unit_reports", args=[campaign.code, unit.code]))
    at = sub.submitted_at.astimezone(TIMEZONE).strftime("%H:%M %d/%m/%Y")
    messages.success(
        request,
        pick(Msg(f"Đã nộp báo cáo lúc {at}", f"Report sent at {at}")),
    )
    return redirect(reverse("unit_reports", args=[campaign.code, unit.code]) + f"#i{instance.pk}")


@require_POST
@login_required
def waive(request: HttpRequest, campaign_code: str, event_id: int) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_code)
    event = get_object_or_404(
        LatenessEvent.objects.select_related("instance__obligation__campaign", "unit"),
        pk=event_id,
        instance__obligation__campaign=campaign,
    )
    if not policy.can_view_results(request.user, campaign, event.unit):
        raise Http404
    try:
        services.waive(request.user, event=event, reason=request.POST.get("reason", ""))
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    else:
        messages.success(request, pick(Msg("Đã miễn trừ", "Event waived")))
    nxt = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return redirect(nxt)
    return redirect(reverse("unit_reports", args=[campaign.code, event.unit.code]))


@require_GET
@login_required
def download(request: HttpRequest, file_id: int) -> HttpResponse:
    f = get_object_or_404(
        SubmissionFile.objects.select_related(
            "submission__unit", "submission__instance__obligation__campaign__owner"
        ),
        pk=file_id,
    )
    if not policy.can_view_report_file(request.user, f):
        raise Http404
    return attachment(f)
