"""Task statuses reported by the lead unit, and the appraiser's confirmation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TaskStatus(models.TextChoices):
    """What the lead unit reports; "overdue" is shown, not stored (not done after the due date)."""

    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")


class Confirmation(models.TextChoices):
    PENDING = "pending", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    RETURNED = "returned", pgettext_lazy("status", "Trả lại")  # the button is "action"


class NameStatus(models.TextChoices):
    PENDING = "pending", _("Chờ rà soát")
    CONFIRMED = "confirmed", _("Đã xác nhận")
