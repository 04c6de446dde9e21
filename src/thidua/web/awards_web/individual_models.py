"""Individuals ("cá nhân"): the people units nominate, and the list drawn up from their allocation.

Imported by ``awards_web.models`` (Django finds an app's models there); kept apart so the
individuals' part of the app reads on its own (docs/awards.md, "Individuals").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.web.awards_web.choices import DossierStatus
from thidua.web.campaigns.models import Campaign
from thidua.web.units.choices import Level
from thidua.web.units.models import Unit


def person_code(pk: int) -> str:
    """The id the awards core knows a nomination by ("CN000012"): padded, so text order is
    creation order, which is what decides between two people of one unit with equal priority."""
    return f"CN{pk:06d}"


class IndividualNomination(models.Model):
    """A person a unit puts forward at one level of a campaign.

    ``proposer`` is the nominating unit: for a level with a per-parent quota, the
    parent that nominates the level's units (the district for communes and
    villages); otherwise the unit itself. ``unit`` is the person's unit at the
    level. ``priority`` is the proposer's order of preference (1 first).
    ``version`` grows by one on every change; a write naming an older one is refused.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="individual_nominations"
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    proposer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="individual_nominations_made"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="individual_nominations")
    name = models.CharField(_("Họ và tên"), max_length=200)
    position = models.CharField(_("Chức vụ"), max_length=200, blank=True)
    achievements = models.TextField(_("Thành tích"), blank=True)
    priority = models.PositiveIntegerField(_("Thứ tự ưu tiên"), default=1)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("level", "proposer__path", "priority", "pk")
        indexes = (
            models.Index(fields=["campaign", "level", "proposer"], name="nomination_proposer"),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        return person_code(self.pk)

    @property
    def audit_id(self) -> str:
        return f"{self.campaign.code}/{self.level}/{self.code}"


class IndividualProposal(models.Model):
    """One individual proposed for a form, as the allocation decided when the list was drawn up.

    Who the person is (name, position, achievements) is copied from the
    nomination, so the dossier stays as drawn up; statuses move exactly like a
    collective's (``services.move``).
    """

    audit_type = "individual_proposal"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="individual_proposals"
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    nomination = models.OneToOneField(
        IndividualNomination, null=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    code = models.CharField(max_length=20)  # the nomination's code when drawn up
    proposer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="individual_award_proposals"
    )
    name = models.CharField(max_length=200)
    position = models.CharField(max_length=200, blank=True)
    achievements = models.TextField(blank=True)
    form = models.CharField(max_length=64)
    form_title = models.CharField(max_length=300)
    rank = models.PositiveIntegerField()  # position among the level's nominated individuals
    nominees = models.PositiveIntegerField()
    unit_rank_overall = models.PositiveIntegerField()
    units = models.PositiveIntegerField()
    unit_total = models.DecimalField(max_digits=12, decimal_places=2, null=True)
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
        ordering = ("level", "rank", "code")
        constraints = (
            models.UniqueConstraint(
                fields=["campaign", "code"], name="one_individual_proposal_per_person"
            ),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def audit_id(self) -> str:
        return f"{self.campaign.code}/{self.level}/{self.code}"
