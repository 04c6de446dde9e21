"""A user's roles, each held in one unit and reaching that unit's whole subtree."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.web.units.models import Unit


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị")
    REPORTER = "reporter", _("Nhập kết quả")
    APPRAISER = "appraiser", _("Thẩm định")
    VIEWER = "viewer", _("Xem")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_once"),
        )

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
