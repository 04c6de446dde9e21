"""Obligation scopes and frequencies (DESIGN §4 "Reports")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """Which units owe a report: every participant of a level, a subtree, or a list."""

    LEVEL = "level", _("Theo cấp")
    SUBTREE = "subtree", _("Theo địa bàn")
    LIST = "list", _("Danh sách đơn vị")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    SIX_MONTHLY = "six_monthly", _("6 tháng")
    YEARLY = "yearly", _("Hằng năm")
    AD_HOC = "ad_hoc", _("Đột xuất")


class EventKind(models.TextChoices):
    """The C.1 event kinds (their points come from the unit's framework)."""

    LATE_1_2 = "late_1_2_days", _("Chậm từ 1-2 ngày")
    LATE_3_PLUS = "late_3_plus_days", _("Chậm từ 3 ngày trở lên")
    MISSING = "missing", _("Không báo cáo")
