"""One unit's result for one criterion of a campaign, and the evidence behind it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.web.campaigns.models import Campaign
from thidua.web.results.choices import APPRAISED, ResultStatus
from thidua.web.units.models import Unit


class Result(models.Model):
    """``self_value`` is what the unit entered, ``appraised_value`` what the level above fixed.

    Values are stored as the JSON the scoring core accepts for the criterion's
    rule kind. ``version`` grows by one on every change; a write that names an
    older version is refused (optimistic locking).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="results")
    criterion = models.CharField(_("Chỉ tiêu"), max_length=64)
    self_value = models.JSONField(null=True, blank=True)
    appraised_value = models.JSONField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=ResultStatus.choices, default=ResultStatus.DRAFT
    )
    note = models.TextField(_("Ghi chú"), blank=True)
    appraisal_reason = models.TextField(_("Lý do"), blank=True)
    # Set when an administrator reopens the row after the deadline: the unit's
    # reporters may fix and resubmit this row (only) up to this date.
    reopened_until = models.DateField(_("Mở lại đến ngày"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["campaign", "unit", "criterion"], name="one_result_per_criterion"
            ),
        )
        indexes = (models.Index(fields=["campaign", "status"]),)

    def __str__(self) -> str:
        return f"{self.campaign.code}/{self.unit.code}/{self.criterion}"

    @property
    def audit_id(self) -> str:
        return f"{self.campaign.code}/{self.unit.code}/{self.criterion}"

    @property
    def final_value(self) -> object:
        """The value that counts: appraised when appraised, else the submitted self value."""
        if self.status in APPRAISED:
            return self.appraised_value
        if self.status == ResultStatus.SUBMITTED:
            return self.self_value
        return None


def evidence_path(instance: Evidence, filename: str) -> str:
    # The stored name never comes from the user: the checksum plus the checked type's suffix.
    return f"evidence/{instance.result.campaign.code}/{instance.result.unit.code}/{instance.sha256}.{instance.file_type}"


class LiveEvidence(models.Manager["Evidence"]):
    """Evidence not taken down: what pages, the API and scores' explanations see."""

    def get_queryset(self) -> models.QuerySet[Evidence]:
        return super().get_queryset().filter(removed_at__isnull=True)


class Evidence(models.Model):
    """An uploaded file backing a result.

    A file uploaded by mistake is taken down, never deleted: it disappears from
    every page and the API (the default manager hides it, and so do
    ``result.evidence`` and downloads by id), while the row, the stored file
    and the audit entry stay for the record (``Evidence.every``).
    """

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=300)
    file_type = models.CharField(max_length=8)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LiveEvidence()
    every = models.Manager()

    class Meta:
        ordering = ("uploaded_at",)
        base_manager_name = "every"


class DocumentRef(models.Model):
    """A document cited as evidence without uploading it ("Kế hoạch số 186/KH-UBND ngày 14/6/2023")."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="documents")
    number = models.CharField(_("Số, ký hiệu"), max_length=100)
    date = models.DateField(_("Ngày"), null=True, blank=True)
    title = models.CharField(_("Trích yếu"), max_length=500)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("added_at",)
