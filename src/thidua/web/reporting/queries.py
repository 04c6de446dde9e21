"""What the reporting pages show: assessments computed live, beside the stored events.

Pages read; the only write is the cut-off sweep (sweep.py), which the first
reader after a campaign's cut-off triggers so that missing reports carry
their events before anyone looks. The assessment is recomputed for the page's
time by :func:`thidua.reporting.assess`; the stored events are what the C.1
row (and so the score) holds until the next recomputation, and a page shows
when the two differ (an administrator's "recompute" or the cron command then
brings them together).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from thidua import reporting as core
from thidua.web import policy
from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.scoring import framework_for
from thidua.web.reporting import clock
from thidua.web.reporting.models import LatenessEvent, Obligation, ReportInstance, Submission
from thidua.web.reporting.services import c1_criterion, cutoff_of, owed_instances
from thidua.web.reporting.sweep import ensure_swept
from thidua.web.units.models import Unit

REMIND_DAYS = 14  # reports due within this many days are shown on the unit's home page


@dataclass
class Row:
    """One (report instance, unit): the live assessment, the submissions and the stored event."""

    instance: ReportInstance
    unit: Unit
    assessment: core.Assessment
    submissions: list[Submission] = field(default_factory=list)
    event: LatenessEvent | None = None
    points: Decimal | None = None  # what the stored event costs (None: no event or waived)
    if_today: Decimal | None = None  # what sending today would cost (open reports)
    if_never: Decimal | None = None  # what nothing by the cut-off would cost

    @property
    def pending_refresh(self) -> bool:
        """The stored event differs from the live assessment (recompute not run yet)."""
        stored = self.event.kind if self.event is not None else None
        return stored != self.assessment.event


def points_for(campaign: Campaign, unit: Unit) -> dict[str, Decimal]:
    criterion = c1_criterion(campaign, unit)
    if criterion is None:
        return {}
    return core.event_points(framework_for(campaign, unit.level), criterion)


def _row(
    inst: ReportInstance,
    unit: Unit,
    subs: list[Submission],
    event: LatenessEvent | None,
    *,
    cutoff: dt.date,
    now: dt.datetime,
    points: dict[str, Decimal],
) -> Row:
    a = core.assess(
        due=inst.due_date, cutoff=cutoff, submissions=[s.submitted_at for s in subs], now=now
    )
    return Row(
        instance=inst,
        unit=unit,
        assessment=a,
        submissions=subs,
        event=event,
        points=points.get(event.kind) if event is not None and not event.waived else None,
        if_today=points.get(a.if_sent_today) if a.if_sent_today else None,
        if_never=points.get(a.if_never) if a.if_never else None,
    )


def unit_record(campaign: Campaign, unit: Unit, *, now: dt.datetime | None = None) -> list[Row]:
    """Every report the unit owes in the campaign, by due date."""
    now = now or clock.now()
    ensure_swept(campaign, now=now)
    cutoff = cutoff_of(campaign)
    instances = owed_instances(campaign, unit)
    subs: dict[int, list[Submission]] = {}
    for s in (
        Submission.objects.filter(instance__in=instances, unit=unit)
        .select_related("submitted_by")
        .prefetch_related("files")
        .order_by("submitted_at")
    ):
        subs.setdefault(s.instance_id, []).append(s)
    events = {
        e.instance_id: e
        for e in LatenessEvent.objects.filter(unit=unit, instance__in=instances).select_related(
            "waived_by"
        )
    }
    points = points_for(campaign, unit)
    return [
        _row(
            i,
            unit,
            subs.get(i.pk, []),
            events.get(i.pk),
            cutoff=cutoff,
            now=now,
            points=points,
        )
        for i in instances
    ]


@dataclass(frozen=True)
class Summary:
    on_time: int
    late: int
    missing: int
    open: int
    waived: int
    points: Decimal


def summarise(rows: Sequence[Row]) -> Summary:
    st = [r.assessment.status for r in rows]
    return Summary(
        on_time=st.count("on_time"),
        late=st.count("late"),
        missing=st.count("missing"),
        open=sum(1 for r in rows if r.assessment.open),
        waived=sum(1 for r in rows if r.event is not None and r.event.waived),
        points=sum((r.points for r in rows if r.points is not None), Decimal(0)),
    )


def compliance(user: Any, instance: ReportInstance, *, now: dt.datetime | None = None) -> list[Row]:
    """Every owing unit the user may see, for one instance: who sent, who is late, who is missing."""
    now = now or clock.now()
    ob = instance.obligation
    campaign = ob.campaign
    ensure_swept(campaign, now=now)
    cutoff = cutoff_of(campaign)
    units = list(
        policy.units_in_scope(user, ob.owing_units()).select_related("parent").order_by("path")
    )
    subs: dict[int, list[Submission]] = {}
    for s in (
        Submission.objects.filter(instance=instance, unit__in=units)
        .select_related("submitted_by")
        .prefetch_related("files")
        .order_by("submitted_at")
    ):
        subs.setdefault(s.unit_id, []).append(s)
    events = {
        e.unit_id: e
        for e in LatenessEvent.objects.filter(instance=instance, unit__in=units).select_related(
            "waived_by"
        )
    }
    points_by_level: dict[str, dict[str, Decimal]] = {}
    rows = []
    for u in units:
        if u.level not in points_by_level:
            points_by_level[u.level] = points_for(campaign, u)
        rows.append(
            _row(
                instance,
                u,
                subs.get(u.pk, []),
                events.get(u.pk),
                cutoff=cutoff,
                now=now,
                points=points_by_level[u.level],
            )
        )
    return rows


def obligations_overview(campaign: Campaign) -> list[tuple[Obligation, int, ReportInstance | None]]:
    """Each obligation with its number of owing units and its next (or last) instance."""
    today = core.local_date(clock.now())
    out = []
    for ob in (
        Obligation.objects.filter(campaign=campaign)
        .select_related("recipient", "root")
        .prefetch_related("instances")
    ):
        ob.campaign = campaign  # owing_units reads it: no query per obligation
        instances = list(ob.instances.all())
        upcoming = [i for i in instances if i.due_date >= today]
        current = upcoming[0] if upcoming else (instances[-1] if instances else None)
        out.append((ob, ob.owing_units().count(), current))
    return out


@dataclass(frozen=True)
class Reminder:
    campaign: Campaign
    row: Row


def reminders(user: Any, unit: Unit, *, now: dt.datetime | None = None) -> list[Reminder]:
    """Open reports of ``unit`` due within two weeks or overdue, in campaigns the user may see."""
    now = now or clock.now()
    today = core.local_date(now)
    out: list[Reminder] = []
    for campaign in unit.campaigns.filter(state__in=policy.RUNNING).select_related("owner"):
        if not policy.can_view_results(user, campaign, unit):
            continue
        for row in unit_record(campaign, unit, now=now):
            a = row.assessment
            if a.open and (a.due - today).days <= REMIND_DAYS:
                out.append(Reminder(campaign, row))
    return out
