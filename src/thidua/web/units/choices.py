"""Unit kinds (from the scoring core) and the levels campaigns score units at."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.scoring.kinds import UNIT_KINDS

KIND_CHOICES = [(code, msg.vi) for code, msg in UNIT_KINDS.items()]


class Level(models.TextChoices):
    """The level of a unit: one framework per level in a campaign, one ranking per level."""

    PROVINCE = "province", _("Cấp tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("Cấp huyện")
    DISTRICT_OFFICE = "district_office", _("Phòng, ban cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    VILLAGE = "village", _("Thôn, tổ dân phố")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")


LEVEL_OF_KIND: dict[str, str] = {
    "tinh": "province",
    "thanh_pho_tw": "province",
    "so_nganh": "department",
    "huyen": "district",
    "quan": "district",
    "thi_xa": "district",
    "thanh_pho": "district",
    "phong_ban": "district_office",
    "xa": "commune",
    "phuong": "commune",
    "thi_tran": "commune",
    "dac_khu": "commune",
    "thon": "village",
    "to_dan_pho": "village",
    "doanh_nghiep": "enterprise",
}
assert set(LEVEL_OF_KIND) == set(UNIT_KINDS), "every unit kind needs a level"
