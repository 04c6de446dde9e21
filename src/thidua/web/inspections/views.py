"""Inspection pages: plans, the schedule button, edits, documents, reports and recommendations.

Views parse, call a service, render (DESIGN.md §7); permissions come from policy.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.errors import BadInput, ServiceError
from thidua.web.inspections import downloads, editing, followup, jobs, notices, services
from thidua.web.inspections.choices import DONE, FAILED, EditKind, FindingKind, ReportStatus
from thidua.web.inspections.followup import OWNER_KINDS
from thidua.web.inspections.models import (
    InspectionPlan,
    Recommendation,
    SolveJob,
    UnitReport,
    Visit,
)
from thidua.web.shell import error_response
from thidua.web.ui import pick
from thidua.web.units.models import Unit

MAX_YAML = 2_000_000


def _date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _plan_or_404(user: Any, code: str) -> InspectionPlan:
    plan = get_object_or_404(InspectionPlan.objects.select_related("owner"), code=code)
    if not policy.can_view_inspection_plan(user, plan):
        raise Http404
    return plan


def _visit_or_404(user: Any, code: str, visit_id: int) -> Visit:
    visit = get_object_or_404(
        Visit.objects.select_related("plan__owner", "team__lead", "unit__unit"),
        pk=visit_id,
        plan__code=code,
    )
    if not policy.can_view_visit(user, visit):
        raise Http404
    return visit


def _refused(request: HttpRequest, exc: ServiceError) -> HttpResponse | None:
    """A 403 as a page; any other refusal as a message on the page the view goes back to."""
    if exc.status == 403:
        return error_response(request, exc)
    messages.error(request, pick(exc.msg))
    return None


def _to_plan(plan: InspectionPlan) -> HttpResponse:
    return redirect(reverse("inspection_plan", args=[plan.code]))


def job_context(plan: InspectionPlan) -> dict[str, Any]:
    """The plan's latest solve job for the page: state, elapsed seconds, why it failed."""
    job = jobs.latest_job(plan)
    failed = job is not None and job.state == FAILED
    return {
        "job": job,
        "elapsed": job.elapsed_seconds() if job is not None else 0,
        # A failure stays on the page until the plan changes or another job runs.
        "job_failed": failed and job is not None and job.plan_version in (None, plan.version),
        "job_message": Msg(**job.message) if job is not None and job.message else None,
        "job_problems": [Msg(**m) for m in job.problems] if job is not None else [],
    }


@require_GET
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = [
        p
        for p in InspectionPlan.objects.select_related("owner")
        if policy.can_view_inspection_plan(request.user, p)
    ]
    owners = [u for u in policy.admin_units(request.user).filter(kind__in=OWNER_KINDS)]
    return render(request, "inspections/list.html", {"plans": plans, "owners": owners})


@require_http_methods(["GET", "POST"])
@login_required
def plan_import(request: HttpRequest) -> HttpResponse:
    """Import a plan from YAML (a file or pasted text); GET ?plan=CODE prefills it for editing."""
    plan = None
    text = ""
    owners = list(policy.admin_units(request.user).filter(kind__in=OWNER_KINDS))
    if request.method == "GET":
        if request.GET.get("plan"):
            plan = _plan_or_404(request.user, request.GET["plan"])
            text = services.plan_yaml(plan)
        return render(
            request, "inspections/import.html", {"plan": plan, "text": text, "owners": owners}
        )
    owner = Unit.objects.filter(code=request.POST.get("owner", "")).first()
    upload = request.FILES.get("file")
    if upload is not None:
        text = upload.read(MAX_YAML).decode("utf-8", errors="replace")
        source = upload.name or "plan.yaml"
    else:
        text, source = request.POST.get("text", ""), "plan.yaml"
    if owner is None:
        return error_response(
            request, BadInput(Msg("Chọn đơn vị ban hành", "Choose the issuing unit"))
        )
    try:
        plan = services.import_plan(
            request.user,
            owner=owner,
            text=text,
            source=source,
            for_code=request.POST.get("plan", ""),
            expected_version=_int(request.POST.get("version", "")),
        )
    except ServiceError as exc:
        if exc.status == 403:
            return error_response(request, exc)
        messages.error(request, pick(exc.msg))
        return render(
            request,
            "inspections/import.html",
            {"plan": None, "text": text, "owners": owners, "owner": owner},
            status=exc.status,
        )
    messages.success(request, pick(Msg("Đã nhập kế hoạch", "Plan imported")))
    return _to_plan(plan)


def _int(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


@require_GET
@login_required
def plan_export(request: HttpRequest, code: str) -> HttpResponse:
    """The stored plan as a YAML file (what the import accepts back)."""
    plan = _plan_or_404(request.user, code)
    response = HttpResponse(services.plan_yaml(plan), content_type="application/yaml")
    response["Content-Disposition"] = f'attachment; filename="{plan.code}.yaml"'
    return response


@require_GET
@login_required
def plan_page(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan_or_404(request.user, code)
    today = timezone.localdate()
    teams = list(plan.teams.select_related("lead").prefetch_related("links__unit"))
    visits = list(plan.visits.select_related("team", "unit").order_by("date", "team__position"))
    by_day: dict[dt.date, list[Visit]] = defaultdict(list)
    for v in visits:
        by_day[v.date].append(v)
    return render(
        request,
        "inspections/plan.html",
        {
            "plan": plan,
            "teams": teams,
            "days": sorted(by_day.items()),
            "visits": visits,
            "units": list(plan.units.all()),
            "edits": list(plan.edits.select_related("team", "unit")),
            "reminders": followup.plan_reminders(plan, today=today),
            "warnings": [Msg(m["vi"], m["en"]) for m in plan.schedule_messages],
            "plan_warnings": editing.plan_warnings(plan),
            "can_manage": policy.can_manage_inspections(request.user, plan.owner),
            "can_notice": policy.can_record_notice(request.user, plan),
            "today": today,
            **job_context(plan),
        },
    )


def _started(request: HttpRequest, job: SolveJob) -> None:
    if job.state == DONE:
        messages.success(
            request,
            pick(Msg("Đã xếp lịch và lưu", "Scheduled and saved")) + f" ({job.result_status})",
        )
    elif job.active:
        messages.info(
            request,
            pick(
                Msg(
                    "Đã bắt đầu xếp lịch; trang sẽ tự cập nhật khi xong",
                    "Scheduling has started; this page updates itself when it is done",
                )
            ),
        )


@require_POST
@login_required
def schedule(request: HttpRequest, code: str) -> HttpResponse:
    """Start a solve job and come back at once; the page follows the job."""
    plan = _plan_or_404(request.user, code)
    try:
        job = jobs.request_schedule(request.user, plan)
    except ServiceError as exc:
        return _refused(request, exc) or _to_plan(plan)
    _started(request, job)
    return _to_plan(plan)


@require_GET
@login_required
def job_status(request: HttpRequest, code: str) -> HttpResponse:
    """The job block of the plan page, polled by HTMX; a full reload once the job is over."""
    plan = _plan_or_404(request.user, code)
    if not policy.can_view_solve_job(request.user, plan):
        raise Http404
    jobs.poke(plan)
    context = job_context(plan)
    job = context["job"]
    watched = request.GET.get("job", "")
    if not getattr(request, "htmx", False):
        return _to_plan(plan)
    if job is not None and watched == str(job.pk) and not job.active:
        return HttpResponseClientRefresh()
    return render(request, "inspections/_job.html", {"plan": plan, **context})


@require_POST
@login_required
def add_edit(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan_or_404(request.user, code)
    day = _date(request.POST.get("date", ""))
    try:
        if day is None:
            raise BadInput(Msg("Ngày không hợp lệ (dd/mm/yyyy)", "Invalid date (dd/mm/yyyy)"))
        problems, job = jobs.request_edit(
            request.user,
            plan,
            kind=request.POST.get("kind", EditKind.PIN),
            unit_code=request.POST.get("unit", ""),
            team_code=request.POST.get("team", ""),
            day=day,
        )
    except ServiceError as exc:
        return _refused(request, exc) or _to_plan(plan)
    if problems:
        head = Msg(
            "Không lưu: lịch không thỏa các ràng buộc", "Not saved: the schedule breaks a rule"
        )
        messages.error(request, " ".join([pick(head), *(pick(m) for m in problems)]))
    elif job is not None:
        _started(request, job)
    return _to_plan(plan)


@require_POST
@login_required
def remove_edit(request: HttpRequest, code: str, edit_id: int) -> HttpResponse:
    plan = _plan_or_404(request.user, code)
    try:
        job = jobs.remove_edit(request.user, plan, edit_id)
    except ServiceError as exc:
        return _refused(request, exc) or _to_plan(plan)
    _started(request, job)
    return _to_plan(plan)


def _download(
    request: HttpRequest, plan: InspectionPlan, kind: str, visit: Visit | None
) -> HttpResponse:
    try:
        doc = downloads.document(plan, kind=kind, visit=visit)
    except ServiceError as exc:
        return error_response(request, exc)
    response = HttpResponse(doc.content, content_type=doc.content_type)
    response["Content-Disposition"] = f'attachment; filename="{doc.filename}"'
    return response


@require_GET
@login_required
def plan_document(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """The plan with its annexes, the XLSX schedule, or every document in a zip."""
    plan = _plan_or_404(request.user, code)
    if kind not in ("plan", "xlsx", "zip"):
        raise Http404
    return _download(request, plan, kind, None)


@require_GET
@login_required
def visit_document(request: HttpRequest, code: str, visit_id: int, kind: str) -> HttpResponse:
    """A visit's notice or result notice (the unit may read its own); the team's report."""
    visit = _visit_or_404(request.user, code, visit_id)
    if kind not in ("notice", "result", "report"):
        raise Http404
    if kind == "report" and not policy.can_view_inspection_plan(request.user, visit.plan):
        raise Http404
    return _download(request, visit.plan, kind, visit)


@require_GET
@login_required
def visit_page(request: HttpRequest, code: str, visit_id: int) -> HttpResponse:
    visit = _visit_or_404(request.user, code, visit_id)
    report = UnitReport.objects.filter(visit=visit).first()
    return render(
        request,
        "inspections/visit.html",
        {
            "plan": visit.plan,
            "visit": visit,
            "report": report,
            "findings": list(visit.findings.all()),
            "recommendations": list(visit.recommendations.prefetch_related("progress")),
            "finding_kinds": FindingKind.choices,
            "can_record": policy.can_record_findings(request.user, visit.plan),
            "can_fill": policy.can_fill_unit_report(request.user, visit),
            "can_progress": policy.can_report_progress(request.user, visit),
            "sees_plan": policy.can_view_inspection_plan(request.user, visit.plan),
            "can_notice": policy.can_record_notice(request.user, visit.plan),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def report_form(request: HttpRequest, code: str, visit_id: int) -> HttpResponse:
    visit = _visit_or_404(request.user, code, visit_id)
    form = followup.form_for(visit)
    can_fill = policy.can_fill_unit_report(request.user, visit)
    if request.method == "POST":
        if form is None:
            raise Http404
        try:
            followup.save_report(
                request.user, visit, request.POST, submit=request.POST.get("submit") == "1"
            )
        except ServiceError as exc:
            if exc.status == 403:
                return error_response(request, exc)
            messages.error(request, pick(exc.msg))
        else:
            messages.success(request, pick(Msg("Đã lưu báo cáo", "Report saved")))
        return redirect(reverse("inspection_report", args=[code, visit.pk]))
    report = UnitReport.objects.filter(visit=visit).first()
    answers = report.answers if report is not None else {}
    locked = report is not None and report.status == ReportStatus.SUBMITTED
    return render(
        request,
        "inspections/report.html",
        {
            "plan": visit.plan,
            "visit": visit,
            "form": form,
            "rows": followup.form_rows(form, answers) if form is not None else [],
            "report": report,
            "editable": can_fill and not locked,
        },
    )


@require_POST
@login_required
def add_finding(request: HttpRequest, code: str, visit_id: int) -> HttpResponse:
    visit = _visit_or_404(request.user, code, visit_id)
    try:
        if request.POST.get("kind") == "recommendation":
            followup.add_recommendation(
                request.user,
                visit,
                text=request.POST.get("text", ""),
                responsible=request.POST.get("responsible", ""),
                due=_date(request.POST.get("due", "")),
            )
        else:
            followup.add_finding(
                request.user,
                visit,
                kind=request.POST.get("kind", ""),
                text=request.POST.get("text", ""),
            )
    except ServiceError as exc:
        if exc.status == 403:
            return error_response(request, exc)
        messages.error(request, pick(exc.msg))
    return redirect(reverse("inspection_visit", args=[code, visit.pk]))


def _rec_or_404(user: Any, rec_id: int) -> Recommendation:
    rec = get_object_or_404(
        Recommendation.objects.select_related("visit__plan__owner", "visit__unit__unit"),
        pk=rec_id,
    )
    if not policy.can_view_visit(user, rec.visit):
        raise Http404
    return rec


@require_POST
@login_required
def recommendation_action(request: HttpRequest, rec_id: int, action: str) -> HttpResponse:
    rec = _rec_or_404(request.user, rec_id)
    try:
        if action == "progress":
            followup.report_progress(request.user, rec, text=request.POST.get("text", ""))
        elif action == "close":
            followup.close_recommendation(request.user, rec, note=request.POST.get("note", ""))
        else:
            raise Http404
    except ServiceError as exc:
        if exc.status == 403:
            return error_response(request, exc)
        messages.error(request, pick(exc.msg))
    return redirect(reverse("inspection_visit", args=[rec.visit.plan.code, rec.visit.pk]))


@require_GET
@login_required
def recommendations(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan_or_404(request.user, code)
    today = timezone.localdate()
    return render(
        request,
        "inspections/recommendations.html",
        {
            "plan": plan,
            "rows": followup.overview(plan, today=today),
            "bands": [label for _, label in followup.AGE_BANDS],
            "open": list(followup.open_recommendations(plan)),
            "today": today,
        },
    )


# --- notices -----------------------------------------------------------------------------------


@require_POST
@login_required
def visit_notice(request: HttpRequest, code: str, visit_id: int) -> HttpResponse:
    """Record that the visit's notice went out (date, number), or take the record back."""
    visit = _visit_or_404(request.user, code, visit_id)
    try:
        if request.POST.get("action") == "clear":
            notices.clear_notice(request.user, visit)
        else:
            notices.mark_visit_sent(
                request.user,
                visit,
                sent_on=_date(request.POST.get("sent_on", "")),
                number=request.POST.get("number", ""),
            )
            messages.success(request, pick(Msg("Đã ghi nhận thông báo", "Notice recorded")))
    except ServiceError as exc:
        if (refused := _refused(request, exc)) is not None:
            return refused
    return redirect(reverse("inspection_visit", args=[code, visit.pk]))


@require_POST
@login_required
def plan_notices(request: HttpRequest, code: str) -> HttpResponse:
    """Record one notice for every visit (of the plan or one team) still without one."""
    plan = _plan_or_404(request.user, code)
    try:
        n = notices.mark_plan_sent(
            request.user,
            plan,
            sent_on=_date(request.POST.get("sent_on", "")),
            number=request.POST.get("number", ""),
            team=request.POST.get("team", ""),
        )
    except ServiceError as exc:
        return _refused(request, exc) or _to_plan(plan)
    messages.success(
        request, pick(Msg(f"Đã ghi nhận {n} thông báo", f"{n} notices recorded as sent"))
    )
    return _to_plan(plan)
