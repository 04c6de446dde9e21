"""The plan forms: a new plan, its header, its document (issuing body, number, date, signer,
outlines), its units (picked from the unit tree or typed), its teams. Views parse, call
:mod:`thidua.web.inspections.editing` (the document form:
:mod:`thidua.web.inspections.plan_document`), render (DESIGN.md §7)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.errors import Denied, ServiceError
from thidua.web.inspections import editing, plan_document
from thidua.web.inspections.choices import PLAN_UNIT_KINDS
from thidua.web.inspections.followup import OWNER_KINDS
from thidua.web.inspections.models import InspectionPlan, PlanUnit, Team
from thidua.web.inspections.services import PlanInvalid
from thidua.web.shell import error_response
from thidua.web.ui import pick
from thidua.web.units.choices import KIND_CHOICES
from thidua.web.units.models import Unit


def _editable_plan_or_404(user: Any, code: str) -> InspectionPlan:
    """The plan, if the user may see it (else 404); 403 comes from the service when not editable."""
    plan = get_object_or_404(InspectionPlan.objects.select_related("owner"), code=code)
    if not policy.can_view_inspection_plan(user, plan):
        raise Http404
    return plan


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _problems(exc: ServiceError) -> list[Msg]:
    return exc.problems if isinstance(exc, PlanInvalid) else [exc.msg]


def _unit_kinds(extra: str = "") -> list[tuple[str, str]]:
    kinds = [(k, str(label)) for k, label in PLAN_UNIT_KINDS]
    if extra and extra not in {k for k, _ in kinds}:
        kinds.append((extra, dict(KIND_CHOICES).get(extra, extra)))
    return kinds


# --- header ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    """A new plan: issuing unit, code, title, window, deadlines, working-day rules."""
    owners = list(policy.admin_units(request.user).filter(kind__in=OWNER_KINDS))
    if not owners:
        raise Http404
    header = editing.Header()
    owner = None
    problems: list[Msg] = []
    status = 200
    if request.method == "POST":
        header = editing.header_from_post(request.POST)
        owner = Unit.objects.filter(code=request.POST.get("owner", "")).first()
        try:
            plan = editing.create_plan(request.user, owner=owner, post=request.POST)
        except ServiceError as exc:
            if exc.status == 403:
                return error_response(request, exc)
            problems, status = _problems(exc), exc.status
        else:
            messages.success(
                request,
                pick(
                    Msg(
                        "Đã tạo kế hoạch; tiếp theo: thêm các đơn vị",
                        "Plan created; next, add its units",
                    )
                ),
            )
            return redirect(reverse("inspection_units", args=[plan.code]))
    return render(
        request,
        "inspections/plan_form.html",
        {"plan": None, "header": header, "owners": owners, "owner": owner, "problems": problems},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_header(request: HttpRequest, code: str) -> HttpResponse:
    plan = _editable_plan_or_404(request.user, code)
    if not policy.can_edit_inspection_plan(request.user, plan):
        return error_response(request, Denied())
    header = editing.header_of(plan)
    problems: list[Msg] = []
    status = 200
    if request.method == "POST":
        header = editing.header_from_post(request.POST)
        try:
            editing.save_header(request.user, plan, post=request.POST, version=_version(request))
        except ServiceError as exc:
            if exc.status == 403:
                return error_response(request, exc)
            problems, status = _problems(exc), exc.status
        else:
            messages.success(request, pick(Msg("Đã lưu kế hoạch", "Plan saved")))
            return redirect(reverse("inspection_plan", args=[plan.code]))
    return render(
        request,
        "inspections/plan_form.html",
        {"plan": plan, "header": header, "problems": problems},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_document_form(request: HttpRequest, code: str) -> HttpResponse:
    """What the plan's documents print: issuing body, number and date, subject, signer, and
    the report outlines (Phụ lục 2)."""
    plan = _editable_plan_or_404(request.user, code)
    if not policy.can_edit_inspection_plan(request.user, plan):
        return error_response(request, Denied())
    values = plan_document.document_form_of(plan)
    problems: list[Msg] = []
    status = 200
    if request.method == "POST":
        values = plan_document.document_form_from_post(request.POST)
        try:
            plan_document.save_document(
                request.user, plan, post=request.POST, version=_version(request)
            )
        except ServiceError as exc:
            if exc.status == 403:
                return error_response(request, exc)
            problems, status = _problems(exc), exc.status
        else:
            messages.success(request, pick(Msg("Đã lưu văn bản kế hoạch", "Plan document saved")))
            return redirect(reverse("inspection_plan", args=[plan.code]))
    return render(
        request,
        "inspections/document_form.html",
        {
            "plan": plan,
            "values": values,
            "problems": problems,
            "units": list(plan.units.all()),
            "sign_as": plan_document.SIGN_AS,
            "outline_choices": plan_document.outline_choices(values.outlines),
            "max_title_lines": plan_document.MAX_TITLE_LINES,
        },
        status=status,
    )


# --- units -----------------------------------------------------------------------------------


def _units_page(
    request: HttpRequest, plan: InspectionPlan, *, problems: list[Msg], status: int = 200
) -> HttpResponse:
    campaigns = [c for c in policy.visible_campaigns(request.user) if c.state != "archived"]
    chosen = next((c for c in campaigns if c.code == request.GET.get("campaign")), None)
    query, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    units = list(plan.units.select_related("unit").prefetch_related("edits"))
    used: dict[int, list[str]] = {u.pk: [] for u in units}
    for team in plan.teams.select_related("lead").prefetch_related("links"):
        used[team.lead_id].append(f"{team.code}: {pick(Msg('trưởng đoàn', 'lead'))}")
        for link in team.links.all():
            role = (
                Msg("thành viên", "member")
                if link.role == "member"
                else Msg("được kiểm tra", "inspected")
            )
            used[link.unit_id].append(f"{team.code}: {pick(role)}")
    rows = [
        {
            "unit": u,
            "teams": used[u.pk],
            "forbidden": ", ".join(
                e.date.strftime("%d/%m/%Y") for e in u.edits.all() if e.kind == "forbid"
            ),
            "kinds": _unit_kinds(u.kind),
            "kind_label": dict(_unit_kinds(u.kind)).get(u.kind, u.kind),
        }
        for u in units
    ]
    searched = bool(query or kind or chosen)
    return render(
        request,
        "inspections/units.html",
        {
            "plan": plan,
            "rows": rows,
            "problems": problems,
            "candidates": editing.pick_candidates(plan, query=query, kind=kind, campaign=chosen)
            if searched
            else [],
            "searched": searched,
            "query": query,
            "kind": kind,
            "campaigns": campaigns,
            "campaign": chosen,
            "tree_kinds": KIND_CHOICES,
            "kinds": _unit_kinds(),
            "post": request.POST if request.method == "POST" else {},
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_units(request: HttpRequest, code: str) -> HttpResponse:
    """The plan's units; POST adds a unit typed by hand."""
    plan = _editable_plan_or_404(request.user, code)
    if not policy.can_edit_inspection_plan(request.user, plan):
        return error_response(request, Denied())
    if request.method == "POST":
        try:
            editing.add_unit(request.user, plan, post=request.POST, version=_version(request))
        except ServiceError as exc:
            if exc.status == 403:
                return error_response(request, exc)
            return _units_page(request, plan, problems=_problems(exc), status=exc.status)
        messages.success(request, pick(Msg("Đã thêm đơn vị", "Unit added")))
        return redirect(reverse("inspection_units", args=[plan.code]))
    return _units_page(request, plan, problems=[])


def _unit_action(request: HttpRequest, code: str, unit_id: int | None, action: str) -> HttpResponse:
    plan = _editable_plan_or_404(request.user, code)
    unit = get_object_or_404(PlanUnit, plan=plan, pk=unit_id) if unit_id is not None else None
    try:
        if action == "pick":
            editing.add_picked(
                request.user, plan, codes=request.POST.getlist("pick"), version=_version(request)
            )
        elif action == "update" and unit is not None:
            editing.update_unit(
                request.user, plan, unit, post=request.POST, version=_version(request)
            )
        elif action == "remove" and unit is not None:
            editing.remove_unit(request.user, plan, unit, version=_version(request))
    except ServiceError as exc:
        if exc.status == 403:
            return error_response(request, exc)
        return _units_page(request, plan, problems=_problems(exc), status=exc.status)
    messages.success(request, pick(Msg("Đã lưu các đơn vị", "Units saved")))
    return redirect(reverse("inspection_units", args=[plan.code]))


@require_POST
@login_required
def units_pick(request: HttpRequest, code: str) -> HttpResponse:
    """Add the units ticked in the unit tree."""
    return _unit_action(request, code, None, "pick")


@require_POST
@login_required
def unit_update(request: HttpRequest, code: str, unit_id: int) -> HttpResponse:
    return _unit_action(request, code, unit_id, "update")


@require_POST
@login_required
def unit_remove(request: HttpRequest, code: str, unit_id: int) -> HttpResponse:
    return _unit_action(request, code, unit_id, "remove")


# --- teams -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def team_form(request: HttpRequest, code: str, team_id: int | None = None) -> HttpResponse:
    """Create or change a team: each plan unit's role in it, and the team's own details."""
    plan = _editable_plan_or_404(request.user, code)
    if not policy.can_edit_inspection_plan(request.user, plan):
        return error_response(request, Denied())
    team = get_object_or_404(Team, plan=plan, pk=team_id) if team_id is not None else None
    values = editing.team_form_of(team) if team is not None else editing.TeamForm()
    problems: list[Msg] = []
    status = 200
    if request.method == "POST":
        values = editing.team_form_from_post(plan, request.POST)
        try:
            editing.save_team(
                request.user, plan, team, post=request.POST, version=_version(request)
            )
        except ServiceError as exc:
            if exc.status == 403:
                return error_response(request, exc)
            problems, status = _problems(exc), exc.status
        else:
            messages.success(request, pick(Msg("Đã lưu đoàn kiểm tra", "Team saved")))
            return redirect(reverse("inspection_plan", args=[plan.code]))
    units = list(plan.units.all())
    return render(
        request,
        "inspections/team_form.html",
        {
            "plan": plan,
            "team": team,
            "values": values,
            "rows": [{"unit": u, "role": values.role_of(u)} for u in units],
            "problems": problems,
        },
        status=status,
    )


@require_POST
@login_required
def team_remove(request: HttpRequest, code: str, team_id: int) -> HttpResponse:
    plan = _editable_plan_or_404(request.user, code)
    team = get_object_or_404(Team, plan=plan, pk=team_id)
    try:
        editing.remove_team(request.user, plan, team, version=_version(request))
    except ServiceError as exc:
        if exc.status == 403:
            return error_response(request, exc)
        messages.error(request, pick(exc.msg))
        return redirect(reverse("inspection_team", args=[plan.code, team.pk]))
    messages.success(request, pick(Msg("Đã xóa đoàn kiểm tra", "Team removed")))
    return redirect(reverse("inspection_plan", args=[plan.code]))
