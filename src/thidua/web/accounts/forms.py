"""Forms of the account pages: login (rate limited), accounts, roles, passwords."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.web.accounts import throttle
from thidua.web.accounts.models import Role


class BootstrapForm(forms.Form):
    """A form whose inputs carry Bootstrap 4 classes (rendered by ``accounts/_fields.html``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif not isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


class LoginForm(AuthenticationForm):
    """Django's login form, refusing without checking the password once the pair is locked."""

    lock: throttle.Lock | None = None

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request) if self.request else ""
        self.lock = throttle.locked(username, address)
        if self.lock is not None:
            minutes = max(1, (self.lock.retry_after + 59) // 60)
            raise ValidationError(
                gettext("Đăng nhập sai quá nhiều lần. Hãy thử lại sau %(minutes)s phút.")
                % {"minutes": minutes},
                code="rate_limited",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                throttle.failed(username, address)
            raise
        throttle.succeeded(username, address)
        return cleaned


class _PasswordPair(BootstrapForm):
    password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def password_user(self) -> User | None:
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", gettext("Hai mật khẩu không khớp."))
        elif p1:
            try:
                password_validation.validate_password(p1, self.password_user())
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class AccountCreateForm(_PasswordPair):
    username = forms.CharField(
        label=_("Tên đăng nhập"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    unit = forms.CharField(label=_("Mã đơn vị"), max_length=64)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)

    field_order = ("username", "full_name", "email", "unit", "role", "password1", "password2")

    def password_user(self) -> User | None:
        return User(
            username=self.cleaned_data.get("username", ""),
            first_name=self.cleaned_data.get("full_name", ""),
            email=self.cleaned_data.get("email", ""),
        )


class AccountEditForm(BootstrapForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False)


class GrantForm(BootstrapForm):
    unit = forms.CharField(label=_("Mã đơn vị"), max_length=64)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)


class PasswordResetForm(_PasswordPair):
    def __init__(self, target: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target

    def password_user(self) -> User | None:
        return self.target


class PasswordChangeForm(_PasswordPair):
    old_password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ("old_password", "password1", "password2")

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def password_user(self) -> User | None:
        return self.user

    def clean_old_password(self) -> str:
        old = str(self.cleaned_data.get("old_password") or "")
        if not self.user.check_password(old):
            raise ValidationError(gettext("Mật khẩu hiện tại không đúng."), code="wrong_password")
        return old
