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


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang xếp lịch")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thành công")


# The states as plain text, for code that compares them (and for mypy).
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
assert JobState.values == [QUEUED, RUNNING, DONE, FAILED]
#: States of a job that still holds its plan (one per plan at a time).
ACTIVE_JOB_STATES = (QUEUED, RUNNING)


class NoticeState(models.TextChoices):
    UNSENT = "unsent", _("Chưa gửi thông báo")
    SENT = "sent", _("Đã gửi thông báo")
    RESEND = "resend", _("Phải gửi lại thông báo")


UNSENT, SENT, RESEND = "unsent", "sent", "resend"
assert NoticeState.values == [UNSENT, SENT, RESEND]


#: Kinds a plan unit may have: the scheduler's outlines know the district offices
#: (outline A) and the commune-level units (outline B).
PLAN_UNIT_KINDS = (
    ("phong_ban", _("Phòng, ban, ngành, đoàn thể")),
    ("xa", _("Xã")),
    ("phuong", _("Phường")),
    ("thi_tran", _("Thị trấn")),
    ("khac", _("Khác")),
)
