"""Dossier statuses of a proposal and the moves between them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.TextChoices):
    DRAFTED = "drafted", _("Đang lập hồ sơ")
    SUBMITTED = "submitted", _("Đã gửi hồ sơ")
    REVIEWED = "reviewed", _("Đã thẩm định")
    APPROVED = "approved", _("Được khen thưởng")
    REJECTED = "rejected", _("Không được khen thưởng")


# action → (statuses it starts from, status it leads to, who: "manage" or "review")
MOVES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "submit": (("drafted",), "submitted", "manage"),
    "review": (("submitted",), "reviewed", "review"),
    "approve": (("reviewed",), "approved", "review"),
    "reject": (("submitted", "reviewed"), "rejected", "review"),
    "redraft": (("rejected",), "drafted", "manage"),
}
