"""Account pages: login, own password, and the administrators' account management.

Views parse the request, call :mod:`thidua.web.accounts.services`, render. Pages
for administrators answer 403 to users who administer nothing; an account the
user may not see answers 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.web import policy
from thidua.web.accounts import services
from thidua.web.accounts.forms import (
    AccountCreateForm,
    AccountEditForm,
    GrantForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
)
from thidua.web.accounts.models import Membership
from thidua.web.errors import Denied, ServiceError
from thidua.web.shell import error_response
from thidua.web.ui import pick


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "lock", None) is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.lock.retry_after)
        return response


login_view = LoginView.as_view()


def require_admin(request: HttpRequest) -> None:
    if not policy.is_admin_anywhere(request.user):
        raise Denied()


def _status(form: Any) -> int:
    return 422 if form.is_bound and form.errors else 200


def _service_failed(request: HttpRequest, form: Any, exc: ServiceError) -> HttpResponse | None:
    """A refused action: 403 page when Denied, otherwise the message on the form (None)."""
    if isinstance(exc, Denied):
        return error_response(request, exc)
    form.add_error(None, pick(exc.msg))
    return None


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_own_password(user, password=form.cleaned_data["password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form}, status=_status(form))


@login_required
def manage_home(request: HttpRequest) -> HttpResponse:
    try:
        require_admin(request)
    except Denied as exc:
        return error_response(request, exc)
    return render(
        request,
        "accounts/manage_home.html",
        {
            "units": policy.home_units(request.user),
            "can_create_root": policy.can_place_unit(request.user, None),
        },
    )


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    try:
        require_admin(request)
    except Denied as exc:
        return error_response(request, exc)
    q = request.GET.get("q", "").strip()
    accounts = policy.visible_accounts(request.user)
    if q:
        accounts = accounts.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(memberships__unit__code__iexact=q)
            | Q(memberships__unit__name__icontains=q)
        ).distinct()
    page = Paginator(accounts.order_by("username"), 50).get_page(request.GET.get("page"))
    roles: dict[int, list[Membership]] = {}
    for m in Membership.objects.filter(user__in=list(page.object_list)).select_related("unit"):
        roles.setdefault(m.user_id, []).append(m)
    return render(
        request,
        "accounts/account_list.html",
        {"page": page, "q": q, "rows": [(u, roles.get(u.pk, [])) for u in page.object_list]},
    )


@login_required
def account_create(request: HttpRequest) -> HttpResponse:
    try:
        require_admin(request)
    except Denied as exc:
        return error_response(request, exc)
    form = AccountCreateForm(request.POST or None, initial={"unit": request.GET.get("unit", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.create_account(
                request.user,
                username=d["username"],
                full_name=d["full_name"],
                email=d["email"],
                password=d["password1"],
                unit=services.unit_by_code(d["unit"]),
                role=d["role"],
            )
        except ServiceError as exc:
            refused = _service_failed(request, form, exc)
            if refused:
                return refused
        else:
            messages.success(request, _("Đã tạo tài khoản %(name)s.") % {"name": user.username})
            return redirect("account_detail", user_id=user.pk)
    return render(request, "accounts/account_form.html", {"form": form}, status=_status(form))


def _account_or_404(request: HttpRequest, user_id: int) -> User:
    target = get_object_or_404(User, pk=user_id)
    if not policy.can_view_account(request.user, target):
        raise Http404
    return target


@login_required
def account_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    target = _account_or_404(request, user_id)
    can_manage = policy.can_manage_account(request.user, target)
    edit = AccountEditForm(
        request.POST if request.POST.get("action") == "edit" else None,
        initial={
            "full_name": target.first_name,
            "email": target.email,
            "is_active": target.is_active,
        },
    )
    grant = GrantForm(request.POST if request.POST.get("action") == "grant" else None)
    if request.method == "POST":
        form: Any = edit if request.POST.get("action") == "edit" else grant
        if form.is_valid():
            d = form.cleaned_data
            try:
                if form is edit:
                    services.update_account(
                        request.user,
                        target,
                        full_name=d["full_name"],
                        email=d["email"],
                        is_active=d["is_active"],
                    )
                else:
                    services.grant_role(
                        request.user,
                        target,
                        unit=services.unit_by_code(d["unit"]),
                        role=d["role"],
                    )
            except ServiceError as exc:
                refused = _service_failed(request, form, exc)
                if refused:
                    return refused
            else:
                messages.success(request, _("Đã lưu."))
                return redirect("account_detail", user_id=target.pk)
    memberships = [
        (m, policy.can_grant_role(request.user, m.unit))
        for m in Membership.objects.filter(user=target)
        .select_related("unit")
        .order_by("unit__path")
    ]
    status = 422 if (edit.is_bound and edit.errors) or (grant.is_bound and grant.errors) else 200
    return render(
        request,
        "accounts/account_detail.html",
        {
            "target": target,
            "can_manage": can_manage,
            "is_self": target.pk == request.user.pk,
            "edit": edit,
            "grant": grant,
            "memberships": memberships,
        },
        status=status,
    )


@require_POST
@login_required
def account_revoke(request: HttpRequest, user_id: int, membership_id: int) -> HttpResponse:
    target = _account_or_404(request, user_id)
    membership = get_object_or_404(
        Membership.objects.select_related("unit", "user"), pk=membership_id, user=target
    )
    try:
        services.revoke_role(request.user, membership)
    except Denied as exc:
        return error_response(request, exc)
    except ServiceError as exc:
        messages.error(request, pick(exc.msg))
    else:
        messages.success(request, _("Đã bỏ vai trò."))
    return redirect(reverse("account_detail", args=[target.pk]))


@login_required
def account_password(request: HttpRequest, user_id: int) -> HttpResponse:
    target = _account_or_404(request, user_id)
    if not policy.can_manage_account(request.user, target):
        return error_response(request, Denied())
    form = PasswordResetForm(target, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(request.user, target, password=form.cleaned_data["password1"])
        except ServiceError as exc:
            refused = _service_failed(request, form, exc)
            if refused:
                return refused
        else:
            messages.success(
                request,
                _("Đã đặt lại mật khẩu cho %(name)s; các phiên đăng nhập cũ đã kết thúc.")
                % {"name": target.username},
            )
            return redirect("account_detail", user_id=target.pk)
    return render(
        request,
        "accounts/password_reset.html",
        {"form": form, "target": target},
        status=_status(form),
    )
