"""Report obligations, their instances, submissions (with history) and the C.1 events they cause.

Lateness and events are decided by the pure :mod:`thidua.reporting`; these
tables only store what happened (who sent what, when, by server time) and the
events generated from it, each linked to the instance and the submission
that caused it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.web.campaigns.models import Campaign
from thidua.web.reporting.choices import EventKind, Frequency, Scope
from thidua.web.units.choices import LEVEL_OF_KIND, Level
from thidua.web.units.models import Unit


class ReportingSetup(models.Model):
    """A campaign's reporting cut-off: reports not sent by the end of this date are missing."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="reporting")
    cutoff = models.DateField(_("Ngày chốt báo cáo"))


class Obligation(models.Model):
    """A report some units owe a recipient: monthly, six-monthly, yearly or ad hoc."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="obligations")
    title = models.CharField(_("Tên báo cáo"), max_length=300)
    recipient = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Nơi nhận")
    )
    scope = models.CharField(_("Đơn vị phải báo cáo"), max_length=10, choices=Scope.choices)
    level = models.CharField(_("Cấp"), max_length=20, choices=Level.choices, blank=True)
    root = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    units = models.ManyToManyField(Unit, blank=True, related_name="+")
    frequency = models.CharField(_("Tần suất"), max_length=12, choices=Frequency.choices)
    day = models.PositiveSmallIntegerField(_("Ngày đến hạn"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("Tháng"), null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("title", "pk")

    def __str__(self) -> str:
        return self.title

    def owing_units(self) -> models.QuerySet[Unit]:
        """The units that owe this report, among the campaign's participants (list: as given)."""
        if self.scope == Scope.LIST:
            return self.units.all().order_by("path")
        units = self.campaign.participants.all()
        if self.scope == Scope.SUBTREE and self.root is not None:
            units = units.filter(path__startswith=self.root.path)
        if self.level:
            units = units.filter(kind__in=kinds_of_level(self.level))
        return units.order_by("path")


def kinds_of_level(level: str) -> list[str]:
    return [k for k, lv in LEVEL_OF_KIND.items() if lv == level]


class ReportInstance(models.Model):
    """One due date of an obligation ("Tháng 7/2023", due 20/07/2023)."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="instances")
    label = models.CharField(_("Kỳ báo cáo"), max_length=100)
    due_date = models.DateField(_("Hạn nộp"))

    class Meta:
        ordering = ("due_date", "pk")
        constraints = (
            models.UniqueConstraint(fields=["obligation", "due_date"], name="one_instance_per_due"),
        )

    def __str__(self) -> str:
        return f"{self.obligation.title} — {self.label}"


class Submission(models.Model):
    """One sending of a report by a unit; resubmissions are further rows (the first counts)."""

    instance = models.ForeignKey(
        ReportInstance, on_delete=models.PROTECT, related_name="submissions"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="report_submissions")
    submitted_at = models.DateTimeField(_("Thời điểm nộp"))  # server time, never from the form
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    document_number = models.CharField(_("Số, ký hiệu văn bản"), max_length=100, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)

    class Meta:
        ordering = ("submitted_at", "pk")
        indexes = (models.Index(fields=["instance", "unit", "submitted_at"]),)


def report_path(instance: SubmissionFile, filename: str) -> str:
    sub = instance.submission
    campaign = sub.instance.obligation.campaign.code
    return f"reports/{campaign}/{sub.unit.code}/{instance.sha256}.{instance.file_type}"


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to=report_path, max_length=300)
    file_type = models.CharField(max_length=8)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ("pk",)


class LatenessEvent(models.Model):
    """A C.1 event of a unit for one report instance, generated from the submissions.

    ``submission`` is the submission that counted (None for ``missing``). A
    waived event stays here, with its reason, but is left out of the unit's C.1.
    """

    instance = models.ForeignKey(ReportInstance, on_delete=models.PROTECT, related_name="events")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="lateness_events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    days_late = models.PositiveIntegerField(null=True, blank=True)
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    generated_at = models.DateTimeField()
    waived = models.BooleanField(default=False)
    waive_reason = models.TextField(blank=True)
    waived_at = models.DateTimeField(null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("instance__due_date", "pk")
        constraints = (
            models.UniqueConstraint(fields=["instance", "unit"], name="one_event_per_report"),
        )

    @property
    def audit_id(self) -> str:
        return f"{self.instance_id}/{self.unit.code}"


class CutoffSweep(models.Model):
    """The cut-off date whose passing has been applied: every report unsent by then is missing.

    Written once the campaign's cut-off day has ended in Vietnam and the
    ``missing`` events were generated (sweep.py); a later change of cut-off
    makes the row stale and the next reader sweeps again.
    """

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="cutoff_sweep")
    cutoff = models.DateField()
    swept_at = models.DateTimeField()
    units = models.PositiveIntegerField(default=0)  # units recomputed by the sweep
