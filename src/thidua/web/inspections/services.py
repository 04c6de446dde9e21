"""Inspection plans: storing (YAML import and forms), solving and storing a schedule, edits,
documents.

Views call these functions; they check permissions (``thidua.web.policy``),
call the pure scheduler (``thidua.scheduling``) and write the audit log. The
plan's rows are turned back into the core's ``Plan`` by :func:`core_plan`, so
every rule, notice date and deadline comes from the core. Background solving
is in :mod:`thidua.web.inspections.jobs`, the plan forms in ``editing``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thidua import scheduling
from thidua.scheduling.loader import plan_to_mapping
from thidua.scheduling.schedule import make_visits, summarize
from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.errors import BadInput, Denied, ServiceError
from thidua.web.inspections.choices import ACTIVE_JOB_STATES, EditKind, TeamRole
from thidua.web.inspections.models import Edit, InspectionPlan, PlanUnit, Team, TeamUnit, Visit
from thidua.web.units.models import Unit

#: Keys of the plan YAML kept verbatim in ``InspectionPlan.extra``.
EXTRA_KEYS = ("issuing_body", "document", "outlines", "source", "notes", "excluded_dates")
#: The keys of ``EXTRA_KEYS`` that only the documents read (the scheduler never does).
DOCUMENT_KEYS = ("issuing_body", "document", "outlines", "source", "notes")
OBJECT = "inspection_plan"


def _msg(message: scheduling.Message) -> Msg:
    return Msg(message.vi, message.en)


def _plain(value: Any) -> Any:
    """YAML data as JSON data (dates as ISO text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# --- from rows to the core and back ----------------------------------------------------------


def _teams(plan: InspectionPlan) -> list[Team]:
    return list(plan.teams.select_related("lead").prefetch_related("links__unit"))


def plan_mapping(plan: InspectionPlan, *, extra_edits: Iterable[Edit] = ()) -> dict[str, Any]:
    """Return the plan as the YAML mapping of ``thidua inspections schedule``."""
    data: dict[str, Any] = {k: v for k, v in plan.extra.items() if k in EXTRA_KEYS}
    data.update(
        code=plan.code,
        title=plan.title,
        window={"start": plan.window_start, "end": plan.window_end},
        register_by=plan.register_by,
        notice_working_days=plan.notice_working_days,
        result_notice_working_days=plan.result_notice_working_days,
        report_due=plan.report_due,
        visits_per_team_per_day=plan.visits_per_team_per_day,
        units=[{"code": u.code, "name": u.name, "kind": u.kind} for u in plan.units.all()],
        teams=[],
    )
    if "issuing_body" not in data and plan.issuing_body:
        data["issuing_body"] = plan.issuing_body
    for team in _teams(plan):
        links = list(team.links.all())
        item: dict[str, Any] = {
            "code": team.code,
            "name": team.name,
            "lead": team.lead.code,
            "members": [ln.unit.code for ln in links if ln.role == TeamRole.MEMBER],
            "inspects": [ln.unit.code for ln in links if ln.role == TeamRole.INSPECTED],
            "secretary": {"unit": team.lead.code, "name": team.secretary or None},
        }
        if team.visits_per_day:
            item["visits_per_day"] = team.visits_per_day
        if team.report_due:
            item["report_due"] = team.report_due
        if team.unavailable_dates:
            item["unavailable_dates"] = list(team.unavailable_dates)
        data["teams"].append(item)
    edits = [*plan.edits.select_related("team", "unit"), *extra_edits]
    pins = [e for e in edits if e.kind == EditKind.PIN and e.team is not None]
    forbids = [e for e in edits if e.kind == EditKind.FORBID]
    if pins:
        data["pins"] = [
            {"team": e.team.code, "unit": e.unit.code, "date": e.date}
            for e in pins
            if e.team is not None
        ]
    if forbids:
        data["forbidden"] = [{"unit": e.unit.code, "dates": [e.date]} for e in forbids]
    return data


def core_plan(plan: InspectionPlan, *, extra_edits: Iterable[Edit] = ()) -> scheduling.Plan:
    """Return the core's Plan of the stored plan (with its edits, and ``extra_edits``)."""
    try:
        return scheduling.plan_from_mapping(
            plan_mapping(plan, extra_edits=extra_edits), source=plan.code
        )
    except scheduling.PlanError as exc:
        raise _plan_error(exc) from exc


class PlanInvalid(BadInput):
    """The plan parser refused the plan; ``problems`` lists every reason (both languages)."""

    def __init__(self, problems: Iterable[Msg]) -> None:
        self.problems = list(problems)
        super().__init__(
            Msg("; ".join(m.vi for m in self.problems), "; ".join(m.en for m in self.problems))
        )


def _plan_error(exc: scheduling.PlanError) -> PlanInvalid:
    return PlanInvalid(_msg(m) for m in exc.problems)


def stored_schedule(plan: InspectionPlan, core: scheduling.Plan) -> scheduling.Schedule | None:
    """Return the stored visits as the core's Schedule (None before the first scheduling)."""
    if not plan.schedule_status:
        return None
    calendar = core.calendar()
    dates = {(v.team.code, v.unit.code): v.date for v in plan.visits.select_related("team", "unit")}
    visits = make_visits(core, calendar, dates)
    teams, warnings = summarize(core, calendar, visits)
    return scheduling.Schedule(
        plan=core.code,
        status="optimal" if plan.schedule_status == "optimal" else "feasible",
        visits=visits,
        teams=teams,
        warnings=warnings,
    )


# --- storing a plan (YAML import and the plan forms share this) ------------------------------


def _match_units(owner: Unit) -> tuple[dict[str, Unit], dict[str, Unit]]:
    units = list(Unit.objects.filter(path__startswith=owner.path))
    return {u.code: u for u in units}, {u.name.strip().casefold(): u for u in units}


def validate(data: object, *, source: str) -> scheduling.Plan:
    """Return the core's Plan of a YAML mapping; BadInput lists every problem (both languages)."""
    try:
        return scheduling.plan_from_mapping(data, source=source)
    except scheduling.PlanError as exc:
        raise _plan_error(exc) from exc


def active_job_exists(plan: InspectionPlan) -> bool:
    return plan.pk is not None and plan.solve_jobs.filter(state__in=ACTIVE_JOB_STATES).exists()


def ensure_idle(plan: InspectionPlan) -> None:
    """Refuse to change a plan while its schedule is being made (the result would be stale)."""
    if active_job_exists(plan):
        raise BadInput(
            Msg(
                "Kế hoạch đang được xếp lịch; hãy đợi xếp xong rồi sửa",
                "The plan is being scheduled; wait until it is done, then edit it",
            )
        )


def bump_version(plan: InspectionPlan, expected: int | None) -> None:
    """Count one change of ``plan``; Stale when ``expected`` names an older version."""
    rows = InspectionPlan.objects.filter(pk=plan.pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    if rows.update(version=F("version") + 1) == 0:
        raise StalePlan()
    plan.version = InspectionPlan.objects.values_list("version", flat=True).get(pk=plan.pk)


class StalePlan(ServiceError):
    """Someone changed the plan after the form was opened."""

    status = 409

    def __init__(self) -> None:
        super().__init__(
            Msg(
                "Kế hoạch đã được người khác sửa sau khi bạn mở trang; hãy tải lại trang và nhập lại",
                "Someone else changed the plan after you opened this page; reload it and enter "
                "your changes again",
            )
        )


@transaction.atomic
def write_plan(
    user: Any,
    *,
    owner: Unit,
    data: Mapping[str, Any],
    source: str,
    expected_version: int | None = None,
    action: str = "inspection_plan.import",
) -> InspectionPlan:
    """Create or update the plan described by ``data`` (the YAML mapping) under ``owner``.

    The one way a plan is stored: the YAML import and the plan forms both call it, so
    both accept exactly the plans :func:`scheduling.plan_from_mapping` accepts. Plan
    units are linked to the platform's units below ``owner`` by code, else by name.
    Visits (and their reports) of pairs still planned are kept; the stored schedule is
    marked out of date, unless only what the documents alone read changed (title, issuing
    body, document, signer, outlines, notes). ``expected_version`` (the version the form
    showed) guards an existing plan against lost updates.
    """
    if not policy.can_manage_inspections(user, owner):
        raise Denied()
    core = validate(data, source=source)
    plan = InspectionPlan.objects.select_for_update().filter(code=core.code).first()
    if plan is not None and plan.owner_id != owner.pk:
        raise BadInput(
            Msg(
                f"Mã kế hoạch '{core.code}' đã được đơn vị khác sử dụng",
                f"Plan code '{core.code}' is used by another unit",
            )
        )
    if plan is not None:
        ensure_idle(plan)
    before = _audited(core_plan(plan), plan.extra) if plan is not None else None
    body = core.issuing_body.name if core.issuing_body else ""
    extra = {k: _plain(data[k]) for k in EXTRA_KEYS if k in data}
    fields = {
        "title": core.title,
        "owner": owner,
        "issuing_body": body,
        "window_start": core.window_start,
        "window_end": core.window_end,
        "register_by": core.register_by,
        "notice_working_days": core.notice_working_days,
        "result_notice_working_days": core.result_notice_working_days,
        "report_due": core.report_due,
        "visits_per_team_per_day": core.visits_per_team_per_day,
        "extra": extra,
    }
    if plan is None:
        plan = InspectionPlan.objects.create(code=core.code, **fields)
    else:
        bump_version(plan, expected_version)
        for key, value in fields.items():
            setattr(plan, key, value)
        plan.save()
    after = _audited(core, extra)
    unchanged = before is not None and _schedule_inputs(before) == _schedule_inputs(after)
    _write_rows(plan, owner, core, keep_schedule=unchanged)
    record(
        user,
        action,
        object_type=OBJECT,
        object_id=plan.code,
        unit=owner.code,
        before=before,
        after=after,
    )
    return plan


def _audited(core: scheduling.Plan, extra: Mapping[str, Any]) -> dict[str, Any]:
    """The plan as audited: its YAML mapping with the keys only the documents read."""
    return plan_to_mapping(core) | {k: extra[k] for k in DOCUMENT_KEYS if k in extra}


def _schedule_inputs(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """What a schedule depends on: the audited mapping without the title and document keys."""
    return {k: v for k, v in mapping.items() if k != "title" and k not in DOCUMENT_KEYS}


def _write_rows(
    plan: InspectionPlan, owner: Unit, core: scheduling.Plan, *, keep_schedule: bool = False
) -> None:
    """Store the units, teams and edits of ``core`` on ``plan`` (replacing what was there);
    ``keep_schedule`` when nothing the schedule depends on changed."""
    by_code, by_name = _match_units(owner)
    units: dict[str, PlanUnit] = {}
    listed = {u.code: u for u in core.units}
    crew = [c for t in core.teams for c in t.crew if c not in listed]
    for position, code in enumerate([*listed, *dict.fromkeys(crew)]):
        unit = listed.get(code)
        name = unit.name if unit else code
        web = by_code.get(code) or by_name.get(name.strip().casefold())
        units[code], _ = PlanUnit.objects.update_or_create(
            plan=plan,
            code=code,
            defaults={
                "name": name,
                "kind": unit.kind if unit else "phong_ban",
                "unit": web,
                "position": position,
            },
        )
    keep_teams = set()
    for position, t in enumerate(core.teams):
        team, _ = Team.objects.update_or_create(
            plan=plan,
            code=t.code,
            defaults={
                "name": t.name,
                "lead": units[t.lead],
                "secretary": t.secretary.name or "",
                "visits_per_day": t.visits_per_day,
                "report_due": t.report_due,
                "unavailable_dates": [d.isoformat() for d in t.unavailable_dates],
                "position": position,
            },
        )
        keep_teams.add(team.pk)
        team.links.all().delete()
        TeamUnit.objects.bulk_create(
            [
                TeamUnit(team=team, unit=units[c], role=TeamRole.MEMBER, position=i)
                for i, c in enumerate(t.members)
            ]
            + [
                TeamUnit(team=team, unit=units[c], role=TeamRole.INSPECTED, position=i)
                for i, c in enumerate(t.inspects)
            ]
        )
    plan.visits.exclude(team_id__in=keep_teams).delete()
    planned = set(core.pairs())
    for visit in plan.visits.select_related("team", "unit"):
        if (visit.team.code, visit.unit.code) not in planned:
            visit.delete()
    plan.teams.exclude(pk__in=keep_teams).delete()
    plan.units.exclude(code__in=list(units)).delete()
    plan.edits.all().delete()
    Edit.objects.bulk_create(
        [
            Edit(
                plan=plan,
                kind=EditKind.PIN,
                team=plan.teams.get(code=p.team),
                unit=units[p.unit],
                date=p.date,
            )
            for p in core.pins
        ]
        + [
            Edit(plan=plan, kind=EditKind.FORBID, unit=units[f.unit], date=f.date)
            for f in core.forbids
        ]
    )
    if plan.schedule_status and not keep_schedule:
        # The stored schedule may no longer fit the plan: the officer schedules again.
        plan.schedule_status = ""
        plan.save(update_fields=["schedule_status"])


def import_plan(
    user: Any,
    *,
    owner: Unit,
    text: str,
    source: str = "plan.yaml",
    for_code: str = "",
    expected_version: int | None = None,
) -> InspectionPlan:
    """Create the plan in ``text`` (YAML) under ``owner``, or update the plan of that code.

    Re-importing keeps the visits (and their reports) of pairs still planned. When the
    text was opened from plan ``for_code`` at ``expected_version`` and still names that
    plan, a change made since by someone else is refused (StalePlan).
    """
    if not policy.can_manage_inspections(user, owner):
        raise Denied()
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise BadInput(
            Msg(f"Tệp {source}: YAML không hợp lệ", f"File {source}: invalid YAML")
        ) from exc
    if not isinstance(raw, Mapping):
        validate(raw, source=source)  # raises with the loader's own message
        raise BadInput(Msg(f"Tệp {source}: không đọc được", f"File {source}: unreadable"))
    same = bool(for_code) and str(raw.get("code", "")).strip() == for_code
    return write_plan(
        user,
        owner=owner,
        data=raw,
        source=source,
        expected_version=expected_version if same else None,
    )


# --- solving and storing a schedule --------------------------------------------------------


@dataclass
class Outcome:
    """What scheduling did: ``ok`` and the explanation, warnings and notes to show."""

    ok: bool
    status: str
    problems: list[Msg] = field(default_factory=list)
    warnings: list[Msg] = field(default_factory=list)


def solver_options() -> scheduling.SolverOptions:
    """The solver's limits: ``THIDUA_SCHEDULE_SECONDS`` (default 20 s)."""
    seconds = float(getattr(settings, "THIDUA_SCHEDULE_SECONDS", 20.0))
    return scheduling.SolverOptions(time_limit=seconds, diagnose_time_limit=min(10.0, seconds))


def solve(plan: InspectionPlan, core: scheduling.Plan) -> scheduling.Schedule:
    """Run the core's scheduler on ``core``, keeping the stored visits' dates where it can."""
    previous = {
        (v.team.code, v.unit.code): v.date for v in plan.visits.select_related("team", "unit")
    }
    return scheduling.schedule(core, options=solver_options(), previous=previous or None)


def _store(plan: InspectionPlan, result: scheduling.Schedule) -> None:
    """Save the schedule's visits in place (reports, findings and notices stay with their visit)."""
    teams = {t.code: t for t in plan.teams.all()}
    units = {u.code: u for u in plan.units.all()}
    existing = {(v.team_id, v.unit_id): v for v in plan.visits.all()}
    for v in result.visits:
        key = (teams[v.team].pk, units[v.unit].pk)
        row = existing.pop(key, None)
        if row is None:
            Visit.objects.create(
                plan=plan,
                team=teams[v.team],
                unit=units[v.unit],
                date=v.date,
                notice_date=v.notice_date,
            )
        elif (row.date, row.notice_date) != (v.date, v.notice_date):
            row.date, row.notice_date = v.date, v.notice_date
            row.save(update_fields=["date", "notice_date"])
    for row in existing.values():
        row.delete()
    for s in result.teams:
        team = teams[s.team]
        team.first_visit, team.last_visit = s.first_visit, s.last_visit
        team.result_notice_due, team.report_deadline = s.result_notice_due, s.report_due
        team.save(
            update_fields=["first_visit", "last_visit", "result_notice_due", "report_deadline"]
        )
    plan.schedule_status = result.status
    plan.scheduled_at = timezone.now()
    plan.schedule_messages = [{"vi": m.vi, "en": m.en} for m in (*result.warnings, *result.notes)]
    plan.save(update_fields=["schedule_status", "scheduled_at", "schedule_messages"])


def store_result(
    actor: Any, plan: InspectionPlan, result: scheduling.Schedule, *, edit: Edit | None = None
) -> None:
    """Save a valid schedule (and the edit it was made with) and audit it; call in a transaction."""
    if edit is not None:
        edit.save()
        bump_version(plan, None)
        record(
            actor,
            f"inspection_plan.{edit.kind}",
            object_type=OBJECT,
            object_id=plan.code,
            unit=plan.owner.code,
            after=edit_json(edit),
        )
    _store(plan, result)
    record(
        actor,
        "inspection_plan.schedule",
        object_type=OBJECT,
        object_id=plan.code,
        unit=plan.owner.code,
        after=result.to_json() | {"solver": None},
    )


def outcome_of(result: scheduling.Schedule) -> Outcome:
    return Outcome(
        ok=result.ok,
        status=result.status,
        problems=[_msg(m) for m in result.explanation],
        warnings=[_msg(m) for m in result.warnings],
    )


def run_schedule(user: Any, plan: InspectionPlan) -> Outcome:
    """Schedule the plan now, in this thread, and store it if it is valid (demo, scripts).

    The pages start a background job instead (:mod:`thidua.web.inspections.jobs`).
    """
    if not policy.can_manage_inspections(user, plan.owner):
        raise Denied()
    result = solve(plan, core_plan(plan))
    if result.ok:
        with transaction.atomic():
            store_result(user, plan, result)
    return outcome_of(result)


# --- manual edits ----------------------------------------------------------------------------


def edit_json(edit: Edit) -> dict[str, str]:
    return {
        "kind": edit.kind,
        "team": edit.team.code if edit.team else "",
        "unit": edit.unit.code,
        "date": edit.date.isoformat(),
    }


def build_edit(
    plan: InspectionPlan, *, kind: str, unit_code: str, day: dt.date, team_code: str = ""
) -> Edit:
    """Return the (unsaved) pin or forbidden date; BadInput names an unknown team or unit."""
    unit = plan.units.filter(code=unit_code).first()
    if unit is None:
        raise BadInput(Msg(f"Không có đơn vị '{unit_code}'", f"No unit '{unit_code}'"))
    team = None
    if kind == EditKind.PIN:
        team = plan.teams.filter(code=team_code).first()
        if team is None:
            raise BadInput(Msg(f"Không có đoàn '{team_code}'", f"No team '{team_code}'"))
    elif kind != EditKind.FORBID:
        raise BadInput(Msg("Loại điều chỉnh không hợp lệ", "Unknown kind of edit"))
    return Edit(plan=plan, kind=kind, team=team, unit=unit, date=day)


def edit_from_json(plan: InspectionPlan, data: Mapping[str, str]) -> Edit:
    return build_edit(
        plan,
        kind=data["kind"],
        unit_code=data["unit"],
        team_code=data.get("team", ""),
        day=dt.date.fromisoformat(data["date"]),
    )


def pin_problems(plan: InspectionPlan, edit: Edit) -> list[Msg]:
    """Rules the plan's pins (with ``edit``) break between them, found without solving."""
    core = core_plan(plan, extra_edits=[edit])
    pinned = [
        scheduling.Visit(
            team=p.team,
            unit=p.unit,
            date=p.date,
            notice_date=core.calendar().add_working_days(p.date, -core.notice_working_days),
        )
        for p in core.pins
    ]
    return [_msg(v.message) for v in scheduling.check_visits(core, pinned, complete=False)]


@transaction.atomic
def remove_edit(user: Any, plan: InspectionPlan, edit_id: int) -> None:
    """Drop a manual edit (the caller re-plans: removing a constraint never breaks a plan)."""
    if not policy.can_manage_inspections(user, plan.owner):
        raise Denied()
    ensure_idle(plan)
    edit = plan.edits.select_related("team", "unit").filter(pk=edit_id).first()
    if edit is None:
        raise BadInput(Msg("Không có điều chỉnh này", "No such edit"))
    before = edit_json(edit)
    edit.delete()
    bump_version(plan, None)
    record(
        user,
        "inspection_plan.edit_removed",
        object_type=OBJECT,
        object_id=plan.code,
        unit=plan.owner.code,
        before=before,
    )


def plan_yaml(plan: InspectionPlan) -> str:
    """Return the plan as YAML text (what the import form accepts back)."""
    text: str = yaml.safe_dump(
        _plain(plan_mapping(plan)), allow_unicode=True, sort_keys=False, width=100
    )
    return text
