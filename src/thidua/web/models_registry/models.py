"""Models (mô hình) units register, their evidence, and their commendations and replications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.web.campaigns.models import Campaign
from thidua.web.models_registry.choices import RecognitionKind, RecognitionLevel
from thidua.web.units.models import Unit


class RegisteredModel(models.Model):
    """A model a unit registered ("Đăng ký và triển khai thực hiện ... mô hình")."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="registered_models"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registered_models")
    title = models.CharField(_("Tên mô hình"), max_length=300)
    field = models.CharField(_("Lĩnh vực"), max_length=200)
    description = models.TextField(_("Mô tả"), blank=True)
    started_on = models.DateField(_("Ngày triển khai"))
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("unit__path", "started_on", "pk")

    def __str__(self) -> str:
        return self.title


def model_evidence_path(instance: ModelEvidence, filename: str) -> str:
    m = instance.model
    return f"models/{m.campaign.code}/{m.unit.code}/{instance.sha256}.{instance.file_type}"


class ModelEvidence(models.Model):
    model = models.ForeignKey(RegisteredModel, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=model_evidence_path, max_length=300)
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


class Recognition(models.Model):
    """A commendation or replication of a model, by decision; one B.2 or B.3 event of its unit."""

    model = models.ForeignKey(
        RegisteredModel, on_delete=models.PROTECT, related_name="recognitions"
    )
    level = models.CharField(_("Cấp biểu dương"), max_length=12, choices=RecognitionLevel.choices)
    kind = models.CharField(_("Hình thức"), max_length=12, choices=RecognitionKind.choices)
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=300)
    decision_number = models.CharField(_("Số quyết định, văn bản"), max_length=100)
    decision_date = models.DateField(_("Ngày ban hành"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("decision_date", "pk")
