"""A campaign's award plan and issuing office, and the proposals drawn up from the allocation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.web.awards_web.choices import DossierStatus
from thidua.web.awards_web.individual_models import (  # noqa: F401  (registers them with the app)
    IndividualNomination,
    IndividualProposal,
)
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

    audit_type = "proposal"

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


# --- named facts of the award gates (docs/awards.md, "Named facts in the platform") -----------


class UnitFactQuerySet(models.QuerySet["UnitFact"]):
    def values_for(self, campaign: Campaign, units: list[Unit]) -> dict[int, dict[str, object]]:
        """The recorded facts of ``units`` by unit id, as ``UnitInput.facts`` takes them."""
        out: dict[int, dict[str, object]] = {}
        for unit_id, name, value in self.filter(campaign=campaign, unit__in=units).values_list(
            "unit_id", "name", "value"
        ):
            if value is not None:
                out.setdefault(unit_id, {})[name] = value
        return out


class UnitFact(models.Model):
    """A named fact an award gate reads and no criterion holds ("eid_registration_ratio").

    ``value`` is the JSON :mod:`thidua.awards` reads for the gate's display (a
    ratio as ``{"numerator", "denominator"}`` or ``"85%"``, a number, yes/no),
    checked by the core's own reader before it is stored. ``version`` grows by
    one on every change; a write naming an older version is refused.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="unit_facts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="award_facts")
    name = models.CharField(_("Dữ kiện"), max_length=64)
    value = models.JSONField(null=True, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = UnitFactQuerySet.as_manager()

    class Meta:
        ordering = ("unit__path", "name")
        constraints = (
            models.UniqueConstraint(fields=["campaign", "unit", "name"], name="one_fact_per_name"),
        )

    def __str__(self) -> str:
        return self.audit_id

    @property
    def audit_id(self) -> str:
        return f"{self.campaign.code}/{self.unit.code}/{self.name}"


def fact_evidence_path(instance: FactEvidence, filename: str) -> str:
    # The stored name never comes from the user: the checksum plus the checked type's suffix.
    f = instance.fact
    return f"facts/{f.campaign.code}/{f.unit.code}/{instance.sha256}.{instance.file_type}"


class FactEvidence(models.Model):
    fact = models.ForeignKey(UnitFact, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=fact_evidence_path, max_length=300)
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
