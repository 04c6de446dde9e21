"""A campaign's award plan and issuing office, and the proposals drawn up from the allocation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.web.awards_web.choices import DossierStatus
from thidua.web.campaigns.models import Campaign
from thidua.web.units.choices import Level
from thidua.web.units.models import Unit


class AwardSetup(models.Model):
    """Which award plan (a built-in code) a campaign follows, and who signs its dossier."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="award_setup")
    plan = models.CharField(_("Kế hoạch khen thưởng"), max_length=64)
    plan_document = models.CharField(_("Văn bản kế hoạch"), max_length=300, blank=True)
    issuer_parent = models.CharField(_("Cơ quan chủ quản"), max_length=200, blank=True)
    issuer = models.CharField(_("Cơ quan trình"), max_length=200, blank=True)
    issuer_short = models.CharField(max_length=200, blank=True)
    symbol = models.CharField(_("Ký hiệu tờ trình"), max_length=50, default="TTr")
    place = models.CharField(_("Địa danh"), max_length=100, blank=True)
    addressee = models.CharField(_("Kính gửi"), max_length=300, blank=True)
    signer_title = models.CharField(_("Chức danh người ký"), max_length=100, default="Thủ trưởng")
    signer_name = models.CharField(_("Người ký"), max_length=100, blank=True)


class Proposal(models.Model):
    """One collective proposed for a form, as the allocation decided when the list was drawn up."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="proposals")
    level = models.CharField(max_length=20, choices=Level.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="award_proposals")
    form = models.CharField(max_length=64)
    form_title = models.CharField(max_length=300)
    rank = models.PositiveIntegerField()
    nominees = models.PositiveIntegerField()
    rank_overall = models.PositiveIntegerField()
    units = models.PositiveIntegerField()
    total = models.DecimalField(max_digits=12, decimal_places=2)
    reason_vi = models.TextField()
    reason_en = models.TextField()
    status = models.CharField(
        max_length=12, choices=DossierStatus.choices, default=DossierStatus.DRAFTED
    )
    status_reason = models.TextField(blank=True)
    drawn_at = models.DateTimeField()
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("level", "rank", "unit__code")
        constraints = (
            models.UniqueConstraint(fields=["campaign", "unit"], name="one_proposal_per_unit"),
        )

    @property
    def audit_id(self) -> str:
        return f"{self.campaign.code}/{self.unit.code}"
