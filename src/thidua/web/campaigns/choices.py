"""Campaign states and milestone kinds (DESIGN §4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    OPEN = "open", _("Đang tự chấm")
    APPRAISAL = "appraisal", _("Đang thẩm định")
    PUBLISHED = "published", _("Đã công bố")
    ARCHIVED = "archived", _("Lưu trữ")


# The only moves a campaign can make; anything else is refused by the service.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("open",),
    "open": ("appraisal",),
    "appraisal": ("open", "published"),
    "published": ("archived",),
    "archived": (),
}


class MilestoneKind(models.TextChoices):
    LAUNCH = "launch", _("Phát động")
    MIDTERM = "midterm", _("Sơ kết")
    FINAL = "final", _("Tổng kết")
    SUBMISSION = "submission", _("Hạn gửi kết quả tự chấm")
    DOSSIER = "dossier", _("Hạn nộp hồ sơ")
