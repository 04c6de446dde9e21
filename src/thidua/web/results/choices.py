"""Result statuses (DESIGN §4: self-assessment → appraisal)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ResultStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", pgettext_lazy("status", "Trả lại")  # the button is "action"
    ACCEPTED = "accepted", _("Chấp nhận")
    CORRECTED = "corrected", _("Điều chỉnh")


# Plain strings: statuses the unit may still edit, and statuses that hold an appraised value.
EDITABLE: tuple[str, ...] = ("draft", "returned")
APPRAISED: tuple[str, ...] = ("accepted", "corrected")
