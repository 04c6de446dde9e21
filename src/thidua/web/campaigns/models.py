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


# --- live score snapshots (thidua.web.campaigns.snapshots) ---------------------------------


class LevelScores(models.Model):
    """The live snapshot of one level of a campaign: what its rows were computed with.

    ``fingerprint`` names the framework (code, version, content) and the
    tie-breakers; a mismatch rebuilds the level. ``generation`` grows by one on
    every recomputation that changed a row. Readers lock this row while they
    bring the level up to date (snapshots.py).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="score_levels")
    level = models.CharField(max_length=20, choices=Level.choices)
    framework = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64, blank=True)
    generation = models.PositiveBigIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True, help_text="last full rebuild")

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["campaign", "level"], name="one_score_level"),
        )


class UnitScoreSnapshot(models.Model):
    """One participant's score as the core computed it from final values, with its ranks.

    ``rank`` is within the level, ``parent_rank`` among the participants of the
    level with the same ``parent``; ``inputs_digest`` is a hash of everything
    the score was computed from (final values, kind, parent); ``generation`` is
    the level's generation when the row last changed.
    """

    # Deleting a unit leaves its row (no constraint): the participants trigger marks it, and
    # the next reader removes it and re-ranks, so the ranks never keep a hole.
    # No single-column indexes: the composite ones below serve every query, and each index
    # is one more entry to write for every row whose rank moves.
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="unit_scores", db_index=False
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    total = models.DecimalField(max_digits=12, decimal_places=2)
    sections = models.JSONField(default=dict)  # every group and section subtotal, as strings
    points = models.JSONField(default=dict)  # every criterion's points, as strings
    rank = models.PositiveIntegerField()
    parent_rank = models.PositiveIntegerField()
    inputs_digest = models.CharField(max_length=40)
    generation = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["campaign", "unit"], name="one_score_per_unit"),
        )
        indexes = (
            models.Index(fields=["campaign", "level", "rank"], name="unitscore_rank"),
            models.Index(
                fields=["campaign", "level", "parent", "parent_rank"], name="unitscore_parent_rank"
            ),
        )


class ScoreDirty(models.Model):
    """A unit whose score inputs changed since its level was last brought up to date.

    Written only by database triggers (migration 0002) on results, campaign
    participants and units, in the writing transaction; deleted by the reader
    that recomputes. No foreign-key constraints: rows may outlive what they name.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
