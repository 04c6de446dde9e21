"""Statuses and kinds of the inspection pages (NetBox style: choices in one place)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamRole(models.TextChoices):
    MEMBER = "member", _("Thành viên")
    INSPECTED = "inspected", _("Được kiểm tra")


class EditKind(models.TextChoices):
    PIN = "pin", _("Cố định ngày")
    FORBID = "forbid", _("Không tiếp đoàn")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")


class FindingKind(models.TextChoices):
    FINDING = "finding", _("Kết quả kiểm tra")
    CONCLUSION = "conclusion", _("Kết luận")


class RecStatus(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    CLOSED = "closed", _("Đã hoàn thành")
