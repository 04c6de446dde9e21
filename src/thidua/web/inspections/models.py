"""Inspection plans, their teams and visits, the units' reports and the recommendations.

The plan's rows mirror :class:`thidua.scheduling.Plan` (see docs/scheduling.md);
``services.core_plan`` turns them back into the core's dataclasses, so the
scheduler, the checks and the documents are never re-implemented here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from thidua.web.inspections.choices import (
    ACTIVE_JOB_STATES,
    QUEUED,
    RESEND,
    SENT,
    UNSENT,
    EditKind,
    FindingKind,
    JobState,
    RecStatus,
    ReportStatus,
    TeamRole,
)
from thidua.web.units.models import Unit


class InspectionPlan(models.Model):
    code = models.SlugField(max_length=64, unique=True)
    title = models.TextField()
    #: The unit that issues the plan (a district): its admins run it, its readers see it.
    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inspection_plans")
    issuing_body = models.CharField(max_length=300, blank=True)
    window_start = models.DateField()
    window_end = models.DateField()
    register_by = models.DateField()
    notice_working_days = models.PositiveSmallIntegerField(default=2)
    result_notice_working_days = models.PositiveSmallIntegerField(default=5)
    report_due = models.DateField()
    visits_per_team_per_day = models.PositiveSmallIntegerField(default=1)
    #: Parts of the YAML the pages do not edit (issuing body details, document number,
    #: outlines, notes, excluded dates), kept so documents print as the source does.
    extra = models.JSONField(default=dict, blank=True)
    #: "" until scheduled, then the solver's status ("optimal" or "feasible").
    schedule_status = models.CharField(max_length=16, blank=True)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    #: The last schedule's warnings and notes, as [{"vi": ..., "en": ...}].
    schedule_messages = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: Grows by one on every change of the plan (header, units, teams, edits): a form or an
    #: import naming an older version is refused, and a solve started on an older version
    #: is not stored. Storing a schedule does not change it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("-window_start", "code")

    def __str__(self) -> str:
        return self.code


class PlanUnit(models.Model):
    """A unit as the plan names it, linked to the platform's unit when there is one."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=32, default="khac")
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "id")
        constraints = (models.UniqueConstraint(fields=["plan", "code"], name="plan_unit_once"),)

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="teams")
    code = models.CharField(max_length=32)
    name = models.CharField(max_length=200)
    lead = models.ForeignKey(PlanUnit, on_delete=models.PROTECT, related_name="+")
    secretary = models.CharField(max_length=200, blank=True)
    visits_per_day = models.PositiveSmallIntegerField(null=True, blank=True)
    report_due = models.DateField(null=True, blank=True)
    #: Dates the team cannot go out, as ISO text (scheduling.Team.unavailable_dates).
    unavailable_dates = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)
    # Deadlines of the stored schedule (scheduling.TeamSummary).
    first_visit = models.DateField(null=True, blank=True)
    last_visit = models.DateField(null=True, blank=True)
    result_notice_due = models.DateField(null=True, blank=True)
    report_deadline = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("position", "id")
        constraints = (models.UniqueConstraint(fields=["plan", "code"], name="team_once"),)

    def __str__(self) -> str:
        return self.name

    @property
    def away_dates(self) -> list[dt.date]:
        """The days the team is unavailable, as dates."""
        return [dt.date.fromisoformat(d) for d in self.unavailable_dates]


class TeamUnit(models.Model):
    """A member unit of a team, or a unit the team inspects, in plan order."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="links")
    unit = models.ForeignKey(PlanUnit, on_delete=models.CASCADE, related_name="team_links")
    role = models.CharField(max_length=16, choices=TeamRole.choices)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "id")
        constraints = (
            models.UniqueConstraint(fields=["team", "unit", "role"], name="team_unit_once"),
        )


class Edit(models.Model):
    """A manual edit of the plan: a pinned visit, or a date a unit receives none."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="edits")
    kind = models.CharField(max_length=8, choices=EditKind.choices)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True)
    unit = models.ForeignKey(PlanUnit, on_delete=models.CASCADE, related_name="edits")
    date = models.DateField()

    class Meta:
        ordering = ("date", "id")


class Visit(models.Model):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="visits")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="visits")
    unit = models.ForeignKey(PlanUnit, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField()
    notice_date = models.DateField()
    #: The notice ("thông báo kiểm tra") as sent: when, its document number, who recorded it,
    #: and the visit date it announced. A visit moved after that needs a new notice.
    notice_sent_on = models.DateField(null=True, blank=True)
    notice_number = models.CharField(max_length=100, blank=True)
    notice_sent_for = models.DateField(null=True, blank=True)
    notice_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("date", "team__position", "id")
        constraints = (models.UniqueConstraint(fields=["team", "unit"], name="visit_once"),)

    def __str__(self) -> str:
        return f"{self.team.code} → {self.unit.code} {self.date}"

    @property
    def notice_state(self) -> str:
        """``unsent``, ``sent``, or ``resend`` when the visit moved after its notice went out."""
        if self.notice_sent_on is None:
            return UNSENT
        return SENT if self.notice_sent_for == self.date else RESEND

    @property
    def notice_late(self) -> bool:
        """Whether the notice went out after its due date (fewer working days than the plan asks)."""
        return self.notice_sent_on is not None and self.notice_sent_on > self.notice_date


class UnitReport(models.Model):
    """The inspected unit's report along the plan's outline (answers keyed by question key)."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="report")
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class Finding(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=16, choices=FindingKind.choices)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("created_at", "id")


class Recommendation(models.Model):
    """A recommendation ("kiến nghị") the team makes to the inspected unit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    #: Who carries it out, as the team writes it ("Chủ tịch UBND xã", "Công an xã").
    responsible = models.CharField(max_length=200)
    due = models.DateField()
    status = models.CharField(max_length=16, choices=RecStatus.choices, default=RecStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(blank=True)

    class Meta:
        ordering = ("due", "id")

    def age_days(self, today: dt.date) -> int:
        """Days since the recommendation was made."""
        return (today - self.created_at.date()).days


class Progress(models.Model):
    """What the inspected unit reports on a recommendation."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="progress"
    )
    text = models.TextField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("at", "id")


class SolveJob(models.Model):
    """One press of the schedule button (or a manual edit to re-plan): a row the worker runs.

    At most one job per plan is queued or running (a partial unique constraint). A job
    carrying ``edit`` stores that pin or forbidden date together with the schedule, and
    neither when the plan cannot be scheduled with it. See docs/scheduling.md, "Solving in
    the background".
    """

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="solve_jobs")
    state = models.CharField(max_length=16, choices=JobState.choices, default=QUEUED)
    #: A manual edit to apply with the schedule: {"kind", "team", "unit", "date"}.
    edit = models.JSONField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: Who runs it ("host:pid:thread") and the claim's token: only the claimant stores a result.
    worker = models.CharField(max_length=200, blank=True)
    token = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    #: The plan version the solver read; a result for an older version is not stored.
    plan_version = models.PositiveIntegerField(null=True, blank=True)
    #: The solver's status ("optimal", "feasible", "infeasible", "unknown"), once known.
    result_status = models.CharField(max_length=16, blank=True)
    #: Why it failed, {"vi", "en"}; the explanation lines and the warnings, [{"vi", "en"}].
    message = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(state__in=list(ACTIVE_JOB_STATES)),
                name="one_active_solve_per_plan",
            ),
        )

    def __str__(self) -> str:
        return f"{self.plan_id}#{self.pk} {self.state}"

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_JOB_STATES

    def elapsed_seconds(self, now: dt.datetime | None = None) -> int:
        """Seconds waited (queued), run so far (running), or taken (finished)."""
        now = now or timezone.now()
        if self.state == QUEUED:
            return max(0, int((now - self.created_at).total_seconds()))
        start = self.started_at or self.created_at
        end = self.finished_at or now
        return max(0, int((end - start).total_seconds()))
