"""Bodies of the inspections API (``api/inspections.py``): plans, their document fields, their
schedule, solve jobs and notices, and the functions that fill them from ``web/inspections``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any, Literal

from ninja import Field, Schema

from thidua.scheduling.reading import parse_date
from thidua.web.api.errors import ErrorOut
from thidua.web.api.schemas import MsgOut
from thidua.web.inspections.choices import TeamRole
from thidua.web.inspections.models import Edit, InspectionPlan, PlanUnit, SolveJob, Team, Visit
from thidua.web.inspections.plan_document import DocumentForm, document_form_of

JOB_STATES = "queued → running → done | failed"


def _msgs(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{"vi": m["vi"], "en": m["en"]} for m in rows]


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


# --- solve jobs ------------------------------------------------------------------------------


class JobOut(Schema):
    id: int
    plan: str
    state: str = Field(description=JOB_STATES)
    active: bool = Field(description="queued or running: the plan is being scheduled")
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    elapsed_seconds: int = Field(description="waited (queued), run so far (running), or taken")
    requested_by: str | None
    edit: dict[str, str] | None = Field(
        None, description="a manual edit stored with the schedule: {kind, team, unit, date}"
    )
    plan_version: int | None = Field(description="the plan version the solver read")
    result_status: str = Field(description='the solver\'s status ("optimal", "infeasible"…)')
    message: MsgOut | None = Field(None, description="why the job failed")
    problems: list[MsgOut] = Field(description="the rules no schedule can meet, when it failed")
    warnings: list[MsgOut]


def job_out(job: SolveJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "plan": job.plan.code,
        "state": job.state,
        "active": job.active,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "elapsed_seconds": job.elapsed_seconds(),
        "requested_by": _username(job.requested_by),
        "edit": job.edit,
        "plan_version": job.plan_version,
        "result_status": job.result_status,
        "message": {"vi": job.message["vi"], "en": job.message["en"]} if job.message else None,
        "problems": _msgs(job.problems),
        "warnings": _msgs(job.warnings),
    }


class BusyDetail(Schema):
    current: JobOut


class BusyOut(ErrorOut):
    """409 ``busy``: ``details[0].current`` is the job already queued or running."""

    details: list[BusyDetail] = Field(default_factory=list)  # type: ignore[assignment]


# --- plans -----------------------------------------------------------------------------------


class PlanSummaryOut(Schema):
    code: str
    title: str
    owner: str = Field(description="the issuing unit's code")
    owner_name: str
    issuing_body: str
    window_start: dt.date
    window_end: dt.date
    schedule_status: str = Field(description='"" until scheduled, then "optimal" or "feasible"')
    scheduled_at: dt.datetime | None
    version: int = Field(description="grows by one on every change of the plan")


def plan_summary_out(plan: InspectionPlan) -> dict[str, Any]:
    return {
        "code": plan.code,
        "title": plan.title,
        "owner": plan.owner.code,
        "owner_name": plan.owner.name,
        "issuing_body": plan.issuing_body,
        "window_start": plan.window_start,
        "window_end": plan.window_end,
        "schedule_status": plan.schedule_status,
        "scheduled_at": plan.scheduled_at,
        "version": plan.version,
    }


class PlanUnitOut(Schema):
    code: str = Field(description="the unit's code in the plan")
    name: str
    kind: str
    unit: str | None = Field(description="the platform unit it is linked to, if any")


class TeamOut(Schema):
    code: str
    name: str
    lead: str = Field(description="the plan unit leading the team")
    lead_name: str
    secretary: str
    visits_per_day: int | None
    report_due: dt.date | None
    unavailable_dates: list[dt.date]
    members: list[str] = Field(description="plan units on the team")
    inspects: list[str] = Field(description="plan units the team inspects, in plan order")
    first_visit: dt.date | None
    last_visit: dt.date | None
    result_notice_due: dt.date | None
    report_deadline: dt.date | None


class VisitOut(Schema):
    id: int
    team: str
    unit: str
    unit_name: str
    date: dt.date
    notice_date: dt.date = Field(description="the last day the notice may go out")
    notice_state: str = Field(description="unsent, sent, or resend (the visit moved since)")


class EditOut(Schema):
    kind: str = Field(description="pin (a fixed visit date) or forbid (a day without visits)")
    team: str | None
    unit: str
    date: dt.date


class PlanPermissionsOut(Schema):
    manage: bool
    schedule: bool
    record_notices: bool


class PlanOut(PlanSummaryOut):
    register_by: dt.date
    notice_working_days: int
    result_notice_working_days: int
    report_due: dt.date
    visits_per_team_per_day: int
    schedule_messages: list[MsgOut] = Field(description="the last schedule's warnings and notes")
    units: list[PlanUnitOut]
    teams: list[TeamOut]
    visits: list[VisitOut] = Field(description="the stored schedule, by date and team")
    edits: list[EditOut]
    job: JobOut | None = Field(description="the latest solve job, if any")
    permissions: PlanPermissionsOut


def plan_unit_out(u: PlanUnit) -> dict[str, Any]:
    return {
        "code": u.code,
        "name": u.name,
        "kind": u.kind,
        "unit": u.unit.code if u.unit is not None else None,
    }


def team_out(t: Team) -> dict[str, Any]:
    links = list(t.links.all())
    return {
        "code": t.code,
        "name": t.name,
        "lead": t.lead.code,
        "lead_name": t.lead.name,
        "secretary": t.secretary,
        "visits_per_day": t.visits_per_day,
        "report_due": t.report_due,
        "unavailable_dates": t.away_dates,
        "members": [link.unit.code for link in links if link.role == TeamRole.MEMBER],
        "inspects": [link.unit.code for link in links if link.role == TeamRole.INSPECTED],
        "first_visit": t.first_visit,
        "last_visit": t.last_visit,
        "result_notice_due": t.result_notice_due,
        "report_deadline": t.report_deadline,
    }


def visit_out(v: Visit) -> dict[str, Any]:
    return {
        "id": v.pk,
        "team": v.team.code,
        "unit": v.unit.code,
        "unit_name": v.unit.name,
        "date": v.date,
        "notice_date": v.notice_date,
        "notice_state": v.notice_state,
    }


def edit_out(e: Edit) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "team": e.team.code if e.team is not None else None,
        "unit": e.unit.code,
        "date": e.date,
    }


# --- notices ---------------------------------------------------------------------------------


class NoticeOut(Schema):
    visit: int
    team: str
    unit: str
    unit_name: str
    date: dt.date = Field(description="the visit's date in the current schedule")
    due: dt.date = Field(description="the last day the notice may go out")
    state: str = Field(description="unsent, sent, or resend (the visit moved after its notice)")
    sent_on: dt.date | None
    number: str = Field(description="the notice's document number")
    sent_for: dt.date | None = Field(description="the visit date the notice announced")
    late: bool = Field(description="sent after its due day")
    recorded_by: str | None


def notice_out(v: Visit) -> dict[str, Any]:
    return {
        "visit": v.pk,
        "team": v.team.code,
        "unit": v.unit.code,
        "unit_name": v.unit.name,
        "date": v.date,
        "due": v.notice_date,
        "state": v.notice_state,
        "sent_on": v.notice_sent_on,
        "number": v.notice_number,
        "sent_for": v.notice_sent_for,
        "late": v.notice_late,
        "recorded_by": _username(v.notice_recorded_by),
    }


class NoticeFilter(Schema):
    team: str | None = Field(None, description="only this team's visits")
    state: Literal["unsent", "sent", "resend"] | None = Field(
        None, description="unsent, sent, or resend (the visit moved after its notice)"
    )


class NoticeIn(Schema):
    sent_on: dt.date = Field(description="the day the notice went out (not in the future)")
    number: str = Field(description="its document number, e.g. 15/TB-TCT")
    team: str = Field("", description="only this team's visits (with no `visit`)")
    visit: int | None = Field(
        None, description="one visit (its id): recorded even if it already has a notice"
    )


class NoticesRecordedOut(Schema):
    recorded: int = Field(description="how many visits this call recorded")
    items: list[NoticeOut] = Field(description="every visit of the plan now under this notice")


# --- the plan's document fields --------------------------------------------------------------


class SignerDoc(Schema):
    sign_as: Literal["", "KT.", "TM."] = Field(
        description='"" (in their own name), "KT." (ký thay) or "TM." (thay mặt); stored as '
        "the start of the first title line"
    )
    on_behalf: str = Field(
        description='whom the signer signs for with KT./TM., e.g. "Tổ trưởng"; "" otherwise'
    )
    titles: list[str] = Field(description="the signer's own title lines (3 at most)")
    name: str


class IssuingBodyDoc(Schema):
    parent: str = Field(description="the parent body printed above the issuing body")
    name: str = Field(description="the issuing body (required)")
    place: str = Field(description='the place before the date ("Đồng Văn, ngày …")')
    standing_agency: str = Field(description='a unit code of the plan, or ""')
    signer: SignerDoc


class DocumentNumberDoc(Schema):
    number: str = Field(description='the document number, e.g. "15/KH-TCT"')
    date: dt.date | None = Field(description="the date of issue, not after the window starts")


class PlanDocumentFields(Schema):
    """The fields the plan's documents print, laid out as in the plan's YAML."""

    issuing_body: IssuingBodyDoc
    document: DocumentNumberDoc
    title: str = Field(description="the subject (the plan's title; required)")
    outlines: str | None = Field(description="the shipped report outline set, or null for none")


class PlanDocumentOut(PlanDocumentFields):
    version: int = Field(description="grows by one on every change of the plan")


class PlanDocumentIn(PlanDocumentFields):
    version: int = Field(
        ge=1, description="the plan version last read; an older one is refused with 409"
    )


class PlanDocumentStaleDetail(Schema):
    current: PlanDocumentOut


class PlanDocumentStaleOut(ErrorOut):
    """409 ``stale``: ``details[0].current`` is the plan's document as stored now."""

    details: list[PlanDocumentStaleDetail] = Field(default_factory=list)  # type: ignore[assignment]


def plan_document_out(plan: InspectionPlan) -> dict[str, Any]:
    """The document fields as the plan's document form shows them."""
    f = document_form_of(plan)
    return {
        "issuing_body": {
            "parent": f.parent,
            "name": f.body,
            "place": f.place,
            "standing_agency": f.standing_agency,
            "signer": {
                "sign_as": f.sign_as,
                "on_behalf": f.on_behalf,
                "titles": f.title_lines,
                "name": f.signer_name,
            },
        },
        "document": {
            "number": f.document_number,
            "date": parse_date(f.document_date) if f.document_date else None,
        },
        "title": f.title,
        "outlines": f.outlines or None,
        "version": plan.version,
    }


def plan_document_post(payload: PlanDocumentFields) -> dict[str, str]:
    """The body as the values of the plan's document form, for ``plan_document.save_document``
    (which checks them, as it checks the form)."""
    body, signer = payload.issuing_body, payload.issuing_body.signer
    form = DocumentForm(
        parent=body.parent,
        body=body.name,
        place=body.place,
        standing_agency=body.standing_agency,
        document_number=payload.document.number,
        document_date=payload.document.date.isoformat() if payload.document.date else "",
        title=payload.title,
        sign_as=signer.sign_as,
        on_behalf=signer.on_behalf,
        signer_titles="\n".join(signer.titles),
        signer_name=signer.name,
        outlines=payload.outlines or "",
    )
    return asdict(form)
