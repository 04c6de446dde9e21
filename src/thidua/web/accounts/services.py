"""Accounts and roles: create, edit, grant, revoke, reset and change passwords.

Every action checks :mod:`thidua.web.policy` and appends to the audit log in the
same transaction. Passwords never reach the log; only the fact that one was set.
Setting a password ends the account's other sessions (Django ties a session to
the password hash) and clears its failed-login counts.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.accounts import throttle
from thidua.web.accounts.models import Membership, Role
from thidua.web.audit.services import record
from thidua.web.errors import BadInput, Denied
from thidua.web.units.models import Unit


def snapshot(user: User) -> dict[str, Any]:
    return {
        "username": user.get_username(),
        "full_name": user.first_name,
        "email": user.email,
        "is_active": user.is_active,
        "roles": sorted(
            f"{code}:{role}"
            for code, role in Membership.objects.filter(user=user).values_list("unit__code", "role")
        ),
    }


def _audit(actor: Any, action: str, target: User, before: Any, reason: str = "") -> None:
    record(
        actor,
        action,
        object_type="account",
        object_id=target.get_username(),
        before=before,
        after=snapshot(target),
        reason=reason,
    )


def _role(role: str) -> str:
    if role not in Role.values:
        raise BadInput(Msg(f"Vai trò '{role}' không hợp lệ", f"Unknown role '{role}'"))
    return role


def unit_by_code(code: str) -> Unit:
    unit = Unit.objects.filter(code=code.strip()).first()
    if unit is None:
        raise BadInput(Msg(f"Không có đơn vị mã '{code}'", f"No unit with code '{code}'"))
    return unit


def create_account(
    actor: Any,
    *,
    username: str,
    full_name: str,
    email: str,
    password: str,
    unit: Unit,
    role: str,
) -> User:
    """A new account holding ``role`` in ``unit`` (the actor must administer the unit)."""
    if not policy.can_grant_role(actor, unit):
        raise Denied()
    _role(role)
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise BadInput(
                Msg(
                    f"Tên đăng nhập '{username}' đã được dùng",
                    f"The username '{username}' is taken",
                )
            )
        user = User(username=username, first_name=full_name.strip(), email=email.strip())
        user.set_password(password)
        user.save()
        Membership.objects.create(user=user, unit=unit, role=role)
        _audit(actor, "account.create", user, None)
    return user


def update_account(
    actor: Any, target: User, *, full_name: str, email: str, is_active: bool
) -> User:
    if not policy.can_manage_account(actor, target):
        raise Denied()
    if target.pk == getattr(actor, "pk", None) and not is_active:
        raise BadInput(
            Msg("Không thể tự khóa tài khoản của mình", "You cannot deactivate your own account")
        )
    with transaction.atomic():
        target = User.objects.select_for_update().get(pk=target.pk)
        before = snapshot(target)
        target.first_name, target.email, target.is_active = (
            full_name.strip(),
            email.strip(),
            is_active,
        )
        target.save(update_fields=["first_name", "email", "is_active"])
        if snapshot(target) != before:
            _audit(actor, "account.update", target, before)
    return target


def grant_role(actor: Any, target: User, *, unit: Unit, role: str) -> Membership:
    if not policy.can_grant_role_to(actor, target, unit):
        raise Denied()
    _role(role)
    with transaction.atomic():
        before = snapshot(target)
        membership, created = Membership.objects.get_or_create(user=target, unit=unit, role=role)
        if created:
            _audit(actor, "account.grant", target, before)
    return membership


def revoke_role(actor: Any, membership: Membership) -> None:
    if not policy.can_grant_role(actor, membership.unit):
        raise Denied()
    target = membership.user
    if target.pk == getattr(actor, "pk", None) and membership.role == Role.ADMIN:
        raise BadInput(
            Msg(
                "Không thể tự bỏ vai trò quản trị của mình",
                "You cannot take away your own administrator role",
            )
        )
    if not Membership.objects.filter(user=target).exclude(pk=membership.pk).exists():
        raise BadInput(
            Msg(
                "Đây là vai trò cuối cùng của tài khoản; hãy khóa tài khoản thay vì bỏ vai trò",
                "This is the account's last role; deactivate the account instead",
            )
        )
    with transaction.atomic():
        before = snapshot(target)
        membership.delete()
        _audit(actor, "account.revoke", target, before)


def reset_password(actor: Any, target: User, *, password: str) -> None:
    """An administrator sets ``target``'s password (validated by the form)."""
    if not policy.can_manage_account(actor, target):
        raise Denied()
    if target.pk == getattr(actor, "pk", None):
        raise BadInput(
            Msg(
                "Hãy dùng trang đổi mật khẩu cho tài khoản của mình",
                "Use the change-password page for your own account",
            )
        )
    with transaction.atomic():
        target.set_password(password)
        target.save(update_fields=["password"])
        record(
            actor,
            "account.password_reset",
            object_type="account",
            object_id=target.get_username(),
        )
    throttle.clear_user(target.get_username())


def change_own_password(user: User, *, password: str) -> None:
    """The user's own new password (the form has checked the current one)."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record(
            user,
            "account.password_change",
            object_type="account",
            object_id=user.get_username(),
        )
    throttle.clear_user(user.get_username())
