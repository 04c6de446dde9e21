"""A campaign's department task lists: tasks, agency names resolved to units, reports, evidence."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.web.campaigns.models import Campaign
from thidua.web.tasks.choices import Confirmation, NameStatus, TaskStatus
from thidua.web.units.models import Unit


class TaskList(models.Model):
    """A task list loaded into a campaign (a shipped list, or an XLSX in the Annex 1 columns)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="task_lists")
    code = models.SlugField(max_length=64)
    title = models.CharField(_("Tên danh sách"), max_length=300)
    source = models.CharField(max_length=300)  # "builtin:<code>" or the uploaded file's name
    document = models.CharField(max_length=300, blank=True)
    default_due = models.DateField(_("Hạn hoàn thành mặc định"))
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("loaded_at", "pk")
        constraints = (
            models.UniqueConstraint(fields=["campaign", "code"], name="one_tasklist_code"),
        )

    def __str__(self) -> str:
        return self.title


class AgencyName(models.Model):
    """An agency as printed in the list, and the unit(s) a reviewer resolved it to.

    A collective name ("UBND các huyện, TP") may stand for many units; a name
    that is no agency of the platform is confirmed with no unit.
    """

    task_list = models.ForeignKey(TaskList, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=300)
    units = models.ManyToManyField(Unit, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=NameStatus.choices, default=NameStatus.PENDING)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("name",)
        constraints = (
            models.UniqueConstraint(fields=["task_list", "name"], name="one_agency_name"),
        )


class Task(models.Model):
    task_list = models.ForeignKey(TaskList, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField()
    group_label = models.CharField(max_length=20)
    group_title = models.CharField(max_length=500)
    label = models.CharField(_("TT"), max_length=20)
    label_printed = models.CharField(max_length=20)
    title = models.TextField(_("Nhiệm vụ, giải pháp"))
    lead_names = models.JSONField(default=list)
    coordinating_names = models.JSONField(default=list)
    deadline_text = models.CharField(_("Thời gian hoàn thành"), max_length=300, blank=True)
    due_date = models.DateField(_("Hạn hoàn thành"))
    source_note = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    result_text = models.TextField(_("Kết quả thực hiện"), blank=True)
    completed_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True)
    reported_by_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmation = models.CharField(
        max_length=10, choices=Confirmation.choices, default=Confirmation.PENDING
    )
    confirmation_note = models.TextField(blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("task_list", "position")
        constraints = (
            models.UniqueConstraint(fields=["task_list", "label"], name="one_task_label"),
        )

    def __str__(self) -> str:
        return f"{self.label}. {self.title[:60]}"

    def overdue_on(self, today: dt.date) -> bool:
        """Not done and past its due date."""
        return self.status != TaskStatus.DONE and today > self.due_date

    @property
    def done_late(self) -> bool:
        return (
            self.status == TaskStatus.DONE
            and self.completed_on is not None
            and self.completed_on > self.due_date
        )

    @property
    def audit_id(self) -> str:
        return f"{self.task_list_id}/{self.label}"


class Contribution(models.Model):
    """What a coordinating unit did for a task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="contributions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("Nội dung phối hợp"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("created_at", "pk")


def task_evidence_path(instance: TaskEvidence, filename: str) -> str:
    campaign = instance.task.task_list.campaign.code
    return f"tasks/{campaign}/{instance.unit.code}/{instance.sha256}.{instance.file_type}"


class TaskEvidence(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="evidence")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=task_evidence_path, max_length=300)
    file_type = models.CharField(max_length=8)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("uploaded_at", "pk")
