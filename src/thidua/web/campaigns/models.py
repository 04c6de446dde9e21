"""A campaign, its milestones, the framework each level is scored on, and frozen rankings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.web.campaigns.choices import CampaignState, MilestoneKind
from thidua.web.units.choices import Level
from thidua.web.units.models import Unit


class Campaign(models.Model):
    code = models.SlugField(_("Mã"), max_length=64, unique=True)
    title = models.CharField(_("Tên đợt thi đua"), max_length=300)
    owner = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="owned_campaigns",
        help_text="the unit that runs it",
    )
    period_start = models.DateField(_("Từ ngày"))
    period_end = models.DateField(_("Đến ngày"))
    state = models.CharField(
        _("Trạng thái"), max_length=16, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    participants = models.ManyToManyField(Unit, related_name="campaigns", blank=True)
    # Subtotal codes ("A", "C", "A.II") applied in order when totals are equal (DESIGN §3.3).
    tie_breakers = models.JSONField(default=list, blank=True)
    green_from = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.900"))
    amber_from = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.700"))

    class Meta:
        ordering = ("-period_start", "code")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="campaign_period"
            ),
            models.CheckConstraint(
                condition=models.Q(amber_from__lte=models.F("green_from")),
                name="campaign_colour_order",
            ),
        )

    def __str__(self) -> str:
        return self.title

    def submission_deadline(self) -> dt.date | None:
        """The date after which only an administrator may change self-assessments."""
        m = self.milestones.filter(kind=MilestoneKind.SUBMISSION).order_by("date").first()
        return m.date if m is not None else None


class Milestone(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=16, choices=MilestoneKind.choices)
    date = models.DateField(_("Ngày"))
    title = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("date",)


class LevelFramework(models.Model):
    """The framework (a built-in code) units of ``level`` are scored on in a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="frameworks")
    level = models.CharField(max_length=20, choices=Level.choices)
    # A built-in framework code; checked against the core when set (not a DB choice, so
    # a new built-in framework needs no migration).
    framework = models.CharField(max_length=64)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["campaign", "level"], name="one_framework_per_level"),
        )


class RankingSnapshot(models.Model):
    """The ranks of one level frozen when the campaign was published; never recomputed."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="snapshots")
    level = models.CharField(max_length=20, choices=Level.choices)
    framework = models.CharField(max_length=64)
    taken_at = models.DateTimeField()
    rows = models.JSONField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["campaign", "level"], name="one_snapshot_per_level"),
        )
