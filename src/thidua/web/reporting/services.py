"""Reporting actions: obligations, instances, submissions, waivers, and C.1 recomputation.

Every action checks :mod:`thidua.web.policy`, writes in one transaction and
appends to the audit log in it. Lateness and events are decided by the pure
:mod:`thidua.reporting`; the unit's C.1 row is then rewritten from its
unwaived events (:mod:`thidua.web.results.system_results`), so the points
come from the scoring core and the unit's framework.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from thidua import reporting as core
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.campaigns.models import Campaign
from thidua.web.campaigns.scoring import NoFramework, framework_for
from thidua.web.errors import BadInput, Denied
from thidua.web.reporting import clock
from thidua.web.reporting.choices import Frequency, Scope
from thidua.web.reporting.models import (
    CutoffSweep,
    LatenessEvent,
    Obligation,
    ReportingSetup,
    ReportInstance,
    Submission,
    SubmissionFile,
)
from thidua.web.results.evidence import read_upload
from thidua.web.results.system_results import sync_events
from thidua.web.units.choices import Level
from thidua.web.units.models import Unit

Upload = tuple[IO[bytes], str]  # an open file and its original name


def cutoff_of(campaign: Campaign) -> dt.date:
    """The campaign's reporting cut-off: its setting, else the end of its period."""
    setup = ReportingSetup.objects.filter(campaign=campaign).first()
    return setup.cutoff if setup is not None else campaign.period_end


def set_cutoff(user: Any, *, campaign: Campaign, cutoff: dt.date) -> None:
    if not policy.can_manage_reporting(user, campaign):
        raise Denied()
    if not campaign.period_start <= cutoff:
        raise BadInput(
            Msg(
                "Ngày chốt phải sau ngày bắt đầu đợt thi đua",
                "The cut-off must be after the campaign starts",
            )
        )
    with transaction.atomic():
        before = cutoff_of(campaign)
        ReportingSetup.objects.update_or_create(campaign=campaign, defaults={"cutoff": cutoff})
        record(
            user,
            "report.cutoff",
            object_type="campaign",
            object_id=campaign.code,
            campaign=campaign.code,
            before={"cutoff": before},
            after={"cutoff": cutoff},
        )
        refresh_campaign(campaign, actor=user)


# --- obligations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ObligationSpec:
    """What an administrator fills in to create an obligation."""

    title: str
    recipient: Unit
    scope: str
    frequency: str
    level: str = ""
    root: Unit | None = None
    units: Sequence[Unit] = ()
    day: int | None = None
    month: int | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    due_date: dt.date | None = None  # the first (only) instance of an ad-hoc obligation
    note: str = ""


def _check_spec(campaign: Campaign, spec: ObligationSpec) -> core.Recurrence:
    problems: list[Msg] = []
    if not spec.title.strip():
        problems.append(Msg("Cần tên báo cáo", "A title is needed"))
    if spec.scope not in Scope.values:
        problems.append(Msg("Phạm vi không hợp lệ", "Unknown scope"))
    if spec.level and spec.level not in Level.values:
        problems.append(Msg("Cấp không hợp lệ", "Unknown level"))
    if spec.scope == Scope.LEVEL and not spec.level:
        problems.append(Msg("Cần chọn cấp phải báo cáo", "Choose the level that reports"))
    if spec.scope == Scope.SUBTREE and spec.root is None:
        problems.append(Msg("Cần chọn địa bàn", "Choose the unit whose subtree reports"))
    if spec.scope == Scope.LIST:
        if not spec.units:
            problems.append(Msg("Cần chọn ít nhất một đơn vị", "Choose at least one unit"))
        ids = {u.pk for u in spec.units}
        outside = ids - set(campaign.participants.filter(pk__in=ids).values_list("pk", flat=True))
        if outside:
            problems.append(
                Msg(
                    "Có đơn vị không tham gia đợt thi đua",
                    "Some units do not take part in the campaign",
                )
            )
    if spec.frequency not in Frequency.values:
        problems.append(Msg("Tần suất không hợp lệ", "Unknown frequency"))
        raise BadInput(_joined(problems))
    rule = core.Recurrence(spec.frequency, day=spec.day, month=spec.month)  # type: ignore[arg-type]
    problems.extend(rule.problems())
    if spec.frequency == Frequency.AD_HOC and spec.due_date is None:
        problems.append(Msg("Báo cáo đột xuất cần hạn nộp", "An ad-hoc report needs a due date"))
    if spec.starts_on and spec.ends_on and spec.ends_on < spec.starts_on:
        problems.append(Msg("Ngày kết thúc trước ngày bắt đầu", "The end is before the start"))
    if problems:
        raise BadInput(_joined(problems))
    return rule


def _joined(problems: Iterable[Msg]) -> Msg:
    items = list(problems)
    return Msg("; ".join(p.vi for p in items), "; ".join(p.en for p in items))


def create_obligation(user: Any, *, campaign: Campaign, spec: ObligationSpec) -> Obligation:
    """Create the obligation and its instances (recurring: every due date up to the cut-off)."""
    if not policy.can_manage_reporting(user, campaign):
        raise Denied()
    rule = _check_spec(campaign, spec)
    with transaction.atomic():
        ob = Obligation.objects.create(
            campaign=campaign,
            title=spec.title.strip(),
            recipient=spec.recipient,
            scope=spec.scope,
            level=spec.level,
            root=spec.root if spec.scope == Scope.SUBTREE else None,
            frequency=spec.frequency,
            day=spec.day if spec.frequency != Frequency.AD_HOC else None,
            month=spec.month
            if spec.frequency in (Frequency.SIX_MONTHLY, Frequency.YEARLY)
            else None,
            starts_on=spec.starts_on,
            ends_on=spec.ends_on,
            note=spec.note.strip(),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        if spec.scope == Scope.LIST:
            ob.units.set(spec.units)
        start = spec.starts_on or campaign.period_start
        end = spec.ends_on or cutoff_of(campaign)
        for occ in core.occurrences(rule, start=start, end=end):
            ReportInstance.objects.create(obligation=ob, label=occ.label.vi, due_date=occ.due)
        if spec.frequency == Frequency.AD_HOC and spec.due_date is not None:
            label = core.period_label("ad_hoc", spec.due_date).vi
            ReportInstance.objects.create(obligation=ob, label=label, due_date=spec.due_date)
        record(
            user,
            "report.obligation.create",
            object_type="report_obligation",
            object_id=str(ob.pk),
            campaign=campaign.code,
            after=_obligation_json(ob),
        )
        for unit in ob.owing_units():
            refresh_unit(campaign, unit, actor=user)
    return ob


def _obligation_json(ob: Obligation) -> dict[str, Any]:
    return {
        "title": ob.title,
        "recipient": ob.recipient.code,
        "scope": ob.scope,
        "level": ob.level,
        "root": ob.root.code if ob.root else None,
        "units": [u.code for u in ob.owing_units()] if ob.scope == Scope.LIST else None,
        "frequency": ob.frequency,
        "day": ob.day,
        "month": ob.month,
        "instances": [[i.label, i.due_date] for i in ob.instances.all()],
    }


def add_instance(
    user: Any, *, obligation: Obligation, due_date: dt.date, label: str = ""
) -> ReportInstance:
    """Add one due date to an obligation (an ad-hoc report, or an extra one)."""
    campaign = obligation.campaign
    if not policy.can_manage_reporting(user, campaign):
        raise Denied()
    label = label.strip() or core.period_label("ad_hoc", due_date).vi
    try:
        with transaction.atomic():
            inst = ReportInstance.objects.create(
                obligation=obligation, label=label[:100], due_date=due_date
            )
            record(
                user,
                "report.instance.add",
                object_type="report_obligation",
                object_id=str(obligation.pk),
                campaign=campaign.code,
                after={"label": inst.label, "due_date": due_date},
            )
            for unit in obligation.owing_units():
                refresh_unit(campaign, unit, actor=user)
    except IntegrityError:
        raise BadInput(
            Msg("Báo cáo này đã có kỳ với hạn nộp đó", "This report already has that due date")
        ) from None
    return inst


# --- submissions -----------------------------------------------------------------------------


def owes(instance: ReportInstance, unit: Unit) -> bool:
    return instance.obligation.owing_units().filter(pk=unit.pk).exists()


def _read(upload: IO[bytes], name: str) -> tuple[bytes, str, str]:
    checked = read_upload(upload, label=name)
    return checked.data, checked.file_type, checked.sha256


def submit_report(
    user: Any,
    *,
    instance: ReportInstance,
    unit: Unit,
    files: Sequence[Upload],
    document_number: str = "",
    note: str = "",
) -> Submission:
    """Record that ``unit`` sent the report, stamped with the server's time; a resend adds a row.

    At least one file is needed. The first submission decides the C.1 event;
    later ones are kept as history (see :mod:`thidua.reporting`).
    """
    campaign = instance.obligation.campaign
    if not policy.can_submit_report(user, campaign, unit):
        raise Denied()
    if not owes(instance, unit):
        raise BadInput(
            Msg("Đơn vị không phải nộp báo cáo này", "The unit does not owe this report")
        )
    if not files:
        raise BadInput(Msg("Cần đính kèm tệp báo cáo", "Attach the report file"))
    checked = [(*_read(fh, name), name) for fh, name in files]
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one writer per unit
        earlier = Submission.objects.filter(instance=instance, unit=unit).count()
        sub = Submission.objects.create(
            instance=instance,
            unit=unit,
            submitted_at=clock.now(),
            submitted_by=user,
            document_number=document_number.strip()[:100],
            note=note.strip(),
        )
        for data, file_type, digest, name in checked:
            f = SubmissionFile(
                submission=sub,
                file_type=file_type,
                original_name=name[-255:] or f"bao-cao.{file_type}",
                size=len(data),
                sha256=digest,
            )
            f.file.save(f"{digest}.{file_type}", ContentFile(data), save=False)
            f.save()
        record(
            user,
            "report.submit",
            object_type="report_instance",
            object_id=str(instance.pk),
            campaign=campaign.code,
            unit=unit.code,
            after={
                "submission": sub.pk,
                "at": sub.submitted_at,
                "resubmission": earlier > 0,
                "document_number": sub.document_number,
                "files": [[f.original_name, f.sha256] for f in sub.files.all()],
            },
        )
        refresh_unit(campaign, unit, actor=user)
    return sub


# --- events ----------------------------------------------------------------------------------


def _event_json(e: LatenessEvent) -> dict[str, Any]:
    return {
        "instance": e.instance_id,
        "kind": e.kind,
        "days_late": e.days_late,
        "submission": e.submission_id,
        "waived": e.waived,
    }


@dataclass(frozen=True)
class Refreshed:
    created: int = 0
    changed: int = 0
    removed: int = 0


def owed_instances(campaign: Campaign, unit: Unit) -> list[ReportInstance]:
    """Every instance of the campaign's obligations that ``unit`` owes, by due date."""
    out: list[ReportInstance] = []
    for ob in Obligation.objects.filter(campaign=campaign).select_related("campaign", "root"):
        if ob.owing_units().filter(pk=unit.pk).exists():
            out.extend(ob.instances.select_related("obligation"))
    return sorted(out, key=lambda i: (i.due_date, i.pk))


def first_submissions(
    instances: Iterable[ReportInstance], unit: Unit
) -> dict[int, list[Submission]]:
    subs: dict[int, list[Submission]] = {}
    ids = [i.pk for i in instances]
    for s in Submission.objects.filter(instance_id__in=ids, unit=unit).order_by("submitted_at"):
        subs.setdefault(s.instance_id, []).append(s)
    return subs


def refresh_unit(
    campaign: Campaign, unit: Unit, *, actor: Any, now: dt.datetime | None = None
) -> Refreshed:
    """Recompute ``unit``'s reporting events at ``now`` and rewrite its C.1 row from them.

    Creates events for reports that became late or missing, updates or
    removes events whose cause changed (a due date added or changed), keeps
    waivers on events whose kind did not change. System work: no policy check
    here; the callers are checked actions and the administrators' command.
    """
    now = now or clock.now()
    cutoff = cutoff_of(campaign)
    created = changed = removed = 0
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        instances = owed_instances(campaign, unit)
        subs = first_submissions(instances, unit)
        existing = {
            e.instance_id: e
            for e in LatenessEvent.objects.select_for_update().filter(
                unit=unit, instance__obligation__campaign=campaign
            )
        }
        owed_ids = {i.pk for i in instances}
        for inst in instances:
            rows = subs.get(inst.pk, [])
            a = core.assess(
                due=inst.due_date,
                cutoff=cutoff,
                submissions=[s.submitted_at for s in rows],
                now=now,
            )
            counted = next((s for s in rows if s.submitted_at == a.counted), None)
            old = existing.get(inst.pk)
            if a.event is None:
                if old is not None:
                    _remove(old, actor, campaign, unit)
                    removed += 1
                continue
            days = a.days_late if a.event != core.MISSING else None
            sub_id = counted.pk if counted is not None and a.event != core.MISSING else None
            if old is None:
                ev = LatenessEvent.objects.create(
                    instance=inst,
                    unit=unit,
                    kind=a.event,
                    days_late=days,
                    submission_id=sub_id,
                    generated_at=now,
                )
                record(
                    actor,
                    "report.event.generate",
                    object_type="report_event",
                    object_id=ev.audit_id,
                    campaign=campaign.code,
                    unit=unit.code,
                    after=_event_json(ev),
                )
                created += 1
            elif (old.kind, old.days_late, old.submission_id) != (a.event, days, sub_id):
                before = _event_json(old)
                if old.kind != a.event and old.waived:
                    # A waiver was given for what happened then; a different event needs its own.
                    old.waived, old.waive_reason, old.waived_at, old.waived_by = (
                        False,
                        "",
                        None,
                        None,
                    )
                old.kind, old.days_late, old.submission_id = a.event, days, sub_id
                old.generated_at = now
                old.save()
                record(
                    actor,
                    "report.event.update",
                    object_type="report_event",
                    object_id=old.audit_id,
                    campaign=campaign.code,
                    unit=unit.code,
                    before=before,
                    after=_event_json(old),
                )
                changed += 1
        for inst_id, old in existing.items():
            if inst_id not in owed_ids:
                _remove(old, actor, campaign, unit)
                removed += 1
        _sync_c1(campaign, unit, actor=actor)
    return Refreshed(created, changed, removed)


def _remove(ev: LatenessEvent, actor: Any, campaign: Campaign, unit: Unit) -> None:
    before = _event_json(ev)
    audit_id = ev.audit_id
    ev.delete()
    record(
        actor,
        "report.event.remove",
        object_type="report_event",
        object_id=audit_id,
        campaign=campaign.code,
        unit=unit.code,
        before=before,
    )


def c1_criterion(campaign: Campaign, unit: Unit) -> str | None:
    """The unit's reporting criterion code (C.1) in its framework; None without one."""
    try:
        return core.reporting_criterion(framework_for(campaign, unit.level))
    except NoFramework:
        return None


def _sync_c1(campaign: Campaign, unit: Unit, *, actor: Any) -> None:
    criterion = c1_criterion(campaign, unit)
    if criterion is None:
        return
    kinds = LatenessEvent.objects.filter(
        unit=unit, instance__obligation__campaign=campaign, waived=False
    ).values_list("kind", flat=True)
    events = core.events_value(kinds)
    n = sum(int(str(e["count"])) for e in events)
    sync_events(
        campaign=campaign,
        unit=unit,
        criterion=criterion,
        events=events,
        reason=f"Tính tự động từ chế độ báo cáo: {n} lần chậm/không báo cáo",
        actor=actor,
    )


def refresh_campaign(
    campaign: Campaign, *, actor: Any, now: dt.datetime | None = None
) -> Refreshed:
    """Recompute every owing unit of the campaign (after the cut-off passes, after changes)."""
    now = now or clock.now()
    total = Refreshed()
    units: dict[int, Unit] = {}
    for ob in Obligation.objects.filter(campaign=campaign):
        for u in ob.owing_units().select_related("parent"):
            units[u.pk] = u
    for u in units.values():
        r = refresh_unit(campaign, u, actor=actor, now=now)
        total = Refreshed(
            total.created + r.created, total.changed + r.changed, total.removed + r.removed
        )
    cutoff = cutoff_of(campaign)
    if core.local_date(now) > cutoff:
        # Everything was recomputed after the cut-off: the sweep (sweep.py) has nothing left.
        CutoffSweep.objects.update_or_create(
            campaign=campaign, defaults={"cutoff": cutoff, "swept_at": now, "units": len(units)}
        )
    return total


def refresh_as(user: Any, campaign: Campaign) -> Refreshed:
    """An administrator's "recompute C.1 now"."""
    if not policy.can_manage_reporting(user, campaign):
        raise Denied()
    return refresh_campaign(campaign, actor=user)


def waive(user: Any, *, event: LatenessEvent, reason: str) -> LatenessEvent:
    """Take an event out of the unit's C.1 (a reason is required); it stays listed, waived."""
    campaign = event.instance.obligation.campaign
    if not policy.can_manage_reporting(user, campaign):
        raise Denied()
    if not reason.strip():
        raise BadInput(Msg("Miễn trừ phải có lý do", "A waiver needs a reason"))
    with transaction.atomic():
        ev = LatenessEvent.objects.select_for_update().get(pk=event.pk)
        if ev.waived:
            raise BadInput(Msg("Sự kiện này đã được miễn trừ", "This event is already waived"))
        before = _event_json(ev)
        ev.waived = True
        ev.waive_reason = reason.strip()
        ev.waived_at = clock.now()
        ev.waived_by = user
        ev.save()
        record(
            user,
            "report.event.waive",
            object_type="report_event",
            object_id=ev.audit_id,
            campaign=campaign.code,
            unit=ev.unit.code,
            before=before,
            after=_event_json(ev),
            reason=ev.waive_reason,
        )
        _sync_c1(campaign, ev.unit, actor=user)
    return ev
