"""Recognition levels and kinds (the criterion and event of B.2 / B.3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecognitionLevel(models.TextChoices):
    NATIONAL = "national", _("Tổ công tác Đề án 06 Chính phủ, bộ, ngành Trung ương (B.2)")
    PROVINCIAL = "provincial", _("UBND tỉnh, Tổ công tác Đề án 06 tỉnh (B.3)")


class RecognitionKind(models.TextChoices):
    COMMENDED = "commended", _("Biểu dương")
    REPLICATED = "replicated", _("Được nhân rộng, khen thưởng")


# Suggested fields of work (free text is allowed too).
FIELDS = (
    "Dân cư, căn cước, định danh điện tử",
    "Dịch vụ công trực tuyến",
    "An sinh xã hội, thanh toán không dùng tiền mặt",
    "Y tế, bảo hiểm",
    "Giáo dục",
    "Làm sạch, kết nối dữ liệu",
    "Tuyên truyền, công dân số",
)
