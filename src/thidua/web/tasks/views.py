"""Department task pages: lists, agency name review, a task's report, contributions, confirmation."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua import tasklists as core
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.errors import BadInput, Denied, ServiceError
from thidua.web.results.evidence import attachment
from thidua.web.shell import campaign_or_404, error_response
from thidua.web.tasks import services
from thidua.web.tasks.choices import TaskStatus
from thidua.web.tasks.models import AgencyName, Task, TaskEvidence, TaskList
from thidua.web.ui import pick
from thidua.web.units.models import Unit


def _date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


@require_GET
@login_required
def lists(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_code)
    return render(
        request,
        "tasks/lists.html",
        {
            "campaign": campaign,
            "lists": TaskList.objects.filter(campaign=campaign),
            "builtin": core.builtin_tasklist_codes(),
            "can_manage": policy.can_manage_tasklists(request.user, campaign),
        },
    )


@require_POST
@login_required
def load(request: HttpRequest, campaign_code: str) -> HttpResponse:
    campaign = campaign_or_404(request.user, campaign_code)
    due = _date(request.POST.get("default_due", "")) or campaign.period_end
    try:
        upload = request.FILES.get("file")
        if upload is not None:
            tl = services.load_xlsx(
                request.user,
                campaign=campaign,
                data=upload.read(settings.EVIDENCE_MAX_BYTES + 1),
                filename=upload.name or "nhiem-vu.xlsx",
                code=request.POST.get("code", ""),
                title=request.POST.get("title", ""),
                default_due=due,
            )
        else:
            tl = services.load_builtin(
                request.user,
                campaign=campaign,
                code=request.POST.get("builtin", ""),
                default_due=due,
            )
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
        return redirect(reverse("task_lists", args=[campaign.code]))
    messages.success(
        request,
        pick(
            Msg("Đã nạp danh sách; hãy rà soát tên cơ quan", "List loaded; review the agency names")
        ),
    )
    return redirect(reverse("task_names", args=[campaign.code, tl.pk]))


def _list_or_404(request: HttpRequest, campaign_code: str, list_id: int) -> TaskList:
    campaign = campaign_or_404(request.user, campaign_code)
    return get_object_or_404(
        TaskList.objects.select_related("campaign__owner"), pk=list_id, campaign=campaign
    )


@require_GET
@login_required
def task_list(request: HttpRequest, campaign_code: str, list_id: int) -> HttpResponse:
    tl = _list_or_404(request, campaign_code, list_id)
    res = services.resolution(tl)
    today = timezone.localdate()
    only = request.GET.get("unit", "")
    rows = []
    for t in tl.tasks.all():
        leads = res.units(t.lead_names)
        if only and only not in {u.code for u in leads}:
            continue
        rows.append({"task": t, "leads": leads, "overdue": t.overdue_on(today)})
    return render(
        request,
        "tasks/list.html",
        {
            "campaign": tl.campaign,
            "tl": tl,
            "rows": rows,
            "summary": services.department_summary(tl, today=today),
            "pending_names": len(res.pending),
            "only": only,
            "can_manage": policy.can_manage_tasklists(request.user, tl.campaign),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def names(request: HttpRequest, campaign_code: str, list_id: int) -> HttpResponse:
    tl = _list_or_404(request, campaign_code, list_id)
    campaign = tl.campaign
    if request.method == "POST":
        name = get_object_or_404(AgencyName, pk=request.POST.get("name", 0), task_list=tl)
        ids = [int(i) for i in request.POST.getlist("units") if i.isdigit()]
        try:
            services.review_name(request.user, name=name, units=Unit.objects.filter(pk__in=ids))
        except Denied as exc:
            return error_response(request, exc)
        except ServiceError as exc:
            messages.error(request, pick(exc.msg))
        return redirect(reverse("task_names", args=[campaign.code, tl.pk]) + f"#n{name.pk}")
    return render(
        request,
        "tasks/names.html",
        {
            "campaign": campaign,
            "tl": tl,
            "names": tl.names.prefetch_related("units"),
            "candidates": services.candidates(campaign),
            "can_manage": policy.can_manage_tasklists(request.user, campaign),
        },
    )


def _task_or_404(request: HttpRequest, campaign_code: str, task_id: int) -> Task:
    campaign = campaign_or_404(request.user, campaign_code)
    return get_object_or_404(
        Task.objects.select_related("task_list__campaign__owner"),
        pk=task_id,
        task_list__campaign=campaign,
    )


@require_GET
@login_required
def task_page(request: HttpRequest, campaign_code: str, task_id: int) -> HttpResponse:
    task = _task_or_404(request, campaign_code, task_id)
    campaign = task.task_list.campaign
    res = services.resolution(task.task_list)
    leads = res.units(task.lead_names)
    coordinating = res.units(task.coordinating_names)
    return render(
        request,
        "tasks/task.html",
        {
            "campaign": campaign,
            "task": task,
            "leads": leads,
            "coordinating": coordinating,
            "pending": [
                n for n in [*task.lead_names, *task.coordinating_names] if n in res.pending
            ],
            "report_as": [u for u in leads if policy.can_report_task(request.user, campaign, u)],
            "contribute_as": [
                u for u in coordinating if policy.can_contribute_task(request.user, campaign, u)
            ],
            "evidence_as": [
                u
                for u in {**{x.pk: x for x in leads}, **{x.pk: x for x in coordinating}}.values()
                if policy.can_contribute_task(request.user, campaign, u)
            ],
            "can_confirm": services.can_confirm(request.user, task),
            "can_manage": policy.can_manage_tasklists(request.user, campaign),
            "statuses": TaskStatus.choices,
            "overdue": task.overdue_on(timezone.localdate()),
        },
    )


def _back(task: Task) -> HttpResponse:
    return redirect(reverse("task", args=[task.task_list.campaign.code, task.pk]))


def _unit(request: HttpRequest) -> Unit:
    return get_object_or_404(Unit, code=request.POST.get("unit", ""))


def _version(request: HttpRequest) -> int:
    v = request.POST.get("version", "")
    return int(v) if v.isdigit() else -1


def _act(request: HttpRequest, task: Task, action: str) -> HttpResponse:
    try:
        if action == "report":
            services.report(
                request.user,
                task=task,
                unit=_unit(request),
                status=request.POST.get("status", ""),
                result_text=request.POST.get("result_text", ""),
                completed_on=_date(request.POST.get("completed_on", "")),
                expected_version=_version(request),
            )
        elif action == "contribute":
            services.contribute(
                request.user, task=task, unit=_unit(request), text=request.POST.get("text", "")
            )
        elif action == "evidence":
            upload = request.FILES.get("file")
            if upload is None:
                raise BadInput(Msg("Chưa chọn tệp", "No file chosen"))
            services.attach(
                request.user, task=task, unit=_unit(request), upload=upload, name=upload.name or ""
            )
        elif action == "confirm":
            services.confirm(
                request.user,
                task=task,
                accept=request.POST.get("accept") == "1",
                note=request.POST.get("note", ""),
                expected_version=_version(request),
            )
        elif action == "due":
            due = _date(request.POST.get("due_date", ""))
            if due is None:
                raise BadInput(Msg("Ngày không hợp lệ", "Invalid date"))
            services.set_due(
                request.user, task=task, due_date=due, reason=request.POST.get("reason", "")
            )
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    else:
        messages.success(request, pick(Msg("Đã lưu", "Saved")))
    return _back(task)


@require_POST
@login_required
def task_action(
    request: HttpRequest, campaign_code: str, task_id: int, action: str
) -> HttpResponse:
    task = _task_or_404(request, campaign_code, task_id)
    if action not in ("report", "contribute", "evidence", "confirm", "due"):
        return redirect(reverse("task", args=[campaign_code, task_id]))
    return _act(request, task, action)


@require_GET
@login_required
def evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    ev = get_object_or_404(
        TaskEvidence.objects.select_related("task__task_list__campaign__owner"), pk=evidence_id
    )
    if not policy.can_view_task_evidence(request.user, ev):
        raise Http404
    return attachment(ev)
