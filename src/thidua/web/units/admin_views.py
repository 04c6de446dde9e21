"""Unit administration pages: list, create, edit, import (preview then confirm), merge, groups.

Views parse the request, call a service, render. Users who administer nothing
get 403; a unit the user may not read answers 404, one they may read but not
administer 403.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from thidua.web import policy
from thidua.web.errors import Denied, ServiceError
from thidua.web.shell import error_response
from thidua.web.ui import pick
from thidua.web.units import services
from thidua.web.units.choices import KIND_CHOICES
from thidua.web.units.forms import GroupForm, ImportForm, MergeForm, UnitForm
from thidua.web.units.importing import (
    ImportPlan,
    ImportRejected,
    PlanChanged,
    apply_import,
    plan_import,
)
from thidua.web.units.models import Unit, UnitGroup
from thidua.web.units.services import UnitData
from thidua.web.units.succession import merge_units

MAX_IMPORT_BYTES = 10 * 1024 * 1024
STAGING_SECONDS = 3600


def _admin_only(request: HttpRequest) -> HttpResponse | None:
    if policy.is_admin_anywhere(request.user):
        return None
    return error_response(request, Denied())


def _status(*forms: Any) -> int:
    return 422 if any(f.is_bound and f.errors for f in forms) else 200


def _refused(request: HttpRequest, form: Any, exc: ServiceError) -> HttpResponse | None:
    if isinstance(exc, Denied):
        return error_response(request, exc)
    form.add_error(None, pick(exc.msg))
    return None


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    if refused := _admin_only(request):
        return refused
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    units = policy.admin_units(request.user).select_related("parent")
    if q:
        units = units.filter(Q(code__iexact=q) | Q(name__icontains=q) | Q(code__startswith=q))
    if kind:
        units = units.filter(kind=kind)
    page = Paginator(units.order_by("path"), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "units/manage_list.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": KIND_CHOICES,
            "groups": UnitGroup.objects.order_by("name"),
            "group_form": GroupForm(),
            "can_create_root": policy.can_place_unit(request.user, None),
        },
    )


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    if refused := _admin_only(request):
        return refused
    form = UnitForm(request.POST or None, initial={"parent": request.GET.get("parent", "")})
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(request.user, form.data_for())
        except ServiceError as exc:
            if page := _refused(request, form, exc):
                return page
        else:
            messages.success(request, _("Đã tạo đơn vị %(name)s.") % {"name": unit.name})
            return redirect("unit", unit_code=unit.code)
    return render(request, "units/unit_form.html", {"form": form}, status=_status(form))


@login_required
def unit_edit(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=unit_code)
    if not policy.can_view_unit(request.user, unit):
        raise Http404
    if not policy.can_admin_unit(request.user, unit):
        return error_response(request, Denied())
    initial = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent.code if unit.parent else "",
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "groups": list(unit.groups.all()),
    }
    form = UnitForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(request.user, unit, form.data_for())
        except ServiceError as exc:
            if page := _refused(request, form, exc):
                return page
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("unit", unit_code=unit.code)
    return render(
        request, "units/unit_form.html", {"form": form, "unit": unit}, status=_status(form)
    )


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    if refused := _admin_only(request):
        return refused
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_group(
                request.user, code=form.cleaned_data["code"], name=form.cleaned_data["name"]
            )
        except ServiceError as exc:
            if page := _refused(request, form, exc):
                return page
        else:
            messages.success(request, _("Đã tạo nhóm."))
            return redirect("manage_units")
    return render(request, "units/group_form.html", {"form": form}, status=_status(form))


# --- import --------------------------------------------------------------------------------


def _staging() -> BaseCache:
    return caches["shared" if "shared" in settings.CACHES else "default"]


def _staging_key(request: HttpRequest, token: str) -> str:
    return f"unit-import:{request.user.pk}:{token}"


@login_required
def unit_import(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST a file: check it and show the preview (or every error).
    POST ``confirm``: apply the previewed file; ``cancel``: forget it."""
    if refused := _admin_only(request):
        return refused
    form = ImportForm()
    ctx: dict[str, Any] = {"form": form}
    if request.method != "POST":
        return render(request, "units/import.html", ctx)
    token = request.POST.get("token", "")
    if token:
        staged = _staging().get(_staging_key(request, token))
        if request.POST.get("action") == "cancel" or staged is None:
            _staging().delete(_staging_key(request, token))
            if staged is None:
                messages.error(request, _("Bản xem trước đã hết hạn; hãy tải tệp lên lại."))
            return redirect("manage_units_import")
        try:
            plan = apply_import(
                request.user,
                staged["name"],
                staged["content"],
                expected_fingerprint=staged["fingerprint"],
            )
        except PlanChanged as exc:
            messages.warning(request, pick(exc.msg))
            return _preview(request, exc.plan, staged["name"], staged["content"])
        except ImportRejected as exc:
            return _preview(request, exc.plan, staged["name"], staged["content"])
        _staging().delete(_staging_key(request, token))
        n = plan.counts
        messages.success(
            request,
            _("Đã nhập %(file)s: %(created)s đơn vị mới, %(updated)s cập nhật.")
            % {"file": plan.file, "created": n["create"], "updated": n["update"]},
        )
        return redirect("manage_units")
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "units/import.html", {"form": form}, status=422)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_IMPORT_BYTES:
        form.add_error("file", _("Tệp lớn hơn 10 MB."))
        return render(request, "units/import.html", {"form": form}, status=422)
    content = upload.read()
    plan = plan_import(request.user, upload.name, content)
    return _preview(request, plan, upload.name, content)


def _preview(request: HttpRequest, plan: ImportPlan, name: str, content: bytes) -> HttpResponse:
    token = ""
    if plan.ok and (plan.counts["create"] or plan.counts["update"]):
        token = secrets.token_urlsafe(16)
        _staging().set(
            _staging_key(request, token),
            {"name": name, "content": content, "fingerprint": plan.fingerprint},
            timeout=STAGING_SECONDS,
        )
    return render(
        request,
        "units/import.html",
        {
            "form": ImportForm(),
            "plan": plan,
            "token": token,
            "creates": plan.of("create")[:1000],
            "updates": plan.of("update")[:1000],
            "field_labels": {
                "name": _("Tên"),
                "kind": _("Loại"),
                "parent": _("Cấp trên"),
                "valid_from": _("Hiệu lực từ"),
                "valid_to": _("Hiệu lực đến"),
                "groups": _("Nhóm"),
            },
        },
        status=200 if plan.ok else 422,
    )


# --- merge ---------------------------------------------------------------------------------


@login_required
def unit_merge(request: HttpRequest) -> HttpResponse:
    if refused := _admin_only(request):
        return refused
    form = MergeForm(
        request.POST or None,
        initial={"predecessors": request.GET.get("from", "")},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        codes = form.predecessor_codes()
        found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        missing = [
            c for c in codes if c not in found or not policy.can_view_unit(request.user, found[c])
        ]
        successor: Unit | UnitData | None = Unit.objects.filter(code=d["successor"]).first()
        if missing:
            form.add_error(
                "predecessors", _("Không có đơn vị: %(codes)s") % {"codes": ", ".join(missing)}
            )
        elif successor is None and not (d["name"] and d["kind"]):
            form.add_error("name", _("Đơn vị kế tục chưa có: hãy nhập tên và loại để tạo mới."))
        else:
            if successor is None:
                successor = UnitData(
                    code=d["successor"], name=d["name"], kind=d["kind"], parent_code=d["parent"]
                )
            try:
                done = merge_units(
                    request.user,
                    predecessors=[found[c] for c in codes],
                    successor=successor,
                    date=d["date"],
                    note=d["note"],
                    move_children=d["move_children"],
                )
            except ServiceError as exc:
                if page := _refused(request, form, exc):
                    return page
            else:
                messages.success(
                    request,
                    _("Đã ghi nhận sáp nhập vào %(name)s từ %(date)s.")
                    % {"name": done.successor.name, "date": done.date.strftime("%d/%m/%Y")},
                )
                return redirect("unit_history", unit_code=done.successor.code)
    return render(request, "units/merge.html", {"form": form}, status=_status(form))
