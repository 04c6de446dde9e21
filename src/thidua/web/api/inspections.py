"""Inspection plans: read them with their schedule, read and change what their documents print,
start a solve job and follow it, and record the notices sent to the inspected units, through
``web/inspections`` (docs/scheduling.md).

The schedule goes through :func:`jobs.request_schedule`, so ``THIDUA_SOLVER_MODE`` (thread,
worker, inline) behaves exactly as behind the page's button, and the job route calls
:func:`jobs.poke` as the page's poll does.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.api.auth import caller
from thidua.web.api.errors import body, responses
from thidua.web.api.inspection_schemas import (
    BusyOut,
    JobOut,
    NoticeFilter,
    NoticeIn,
    NoticeOut,
    NoticesRecordedOut,
    PlanDocumentIn,
    PlanDocumentOut,
    PlanDocumentStaleOut,
    PlanOut,
    PlanSummaryOut,
    edit_out,
    job_out,
    notice_out,
    plan_document_out,
    plan_document_post,
    plan_summary_out,
    plan_unit_out,
    team_out,
    visit_out,
)
from thidua.web.api.pagination import Paginator
from thidua.web.errors import BadInput, ServiceError
from thidua.web.inspections import jobs, notices, plan_document
from thidua.web.inspections.models import InspectionPlan, Visit
from thidua.web.inspections.services import StalePlan

router = Router(tags=["inspections"])

P = "/inspections/plans/{code}"
READERS = (
    "Administrators, appraisers and viewers of the issuing unit or above (policy."
    "can_view_inspection_plan); anyone else gets 404."
)
MANAGERS = "Administrators of the issuing unit or above; the plan's other readers get 403."

NO_JOB = Msg(
    "Kế hoạch chưa được xếp lịch lần nào", "The plan has not been scheduled yet (no solve job)"
)
NOT_IN_PLAN = Msg(
    "Buổi kiểm tra không thuộc kế hoạch này", "The visit does not belong to this plan"
)
TEAM_OR_VISIT = Msg(
    "Chọn một đoàn hoặc một buổi kiểm tra, không chọn cả hai",
    "Give a team or a visit, not both",
)


class NoJob(ServiceError):
    status = 404

    def __init__(self) -> None:
        super().__init__(NO_JOB)


def _plan_or_404(user: Any, code: str) -> InspectionPlan:
    """As the pages: a plan the caller may not read is 404, like an unknown one."""
    plan = get_object_or_404(InspectionPlan.objects.select_related("owner"), code=code)
    if not policy.can_view_inspection_plan(user, plan):
        raise Http404
    return plan


def _visits(plan: InspectionPlan) -> Any:
    return plan.visits.select_related("team", "unit", "notice_recorded_by").order_by(
        "date", "team__position", "id"
    )


@router.get(
    "/inspections/plans",
    response=responses({200: list[PlanSummaryOut]}),
    summary="Inspection plans the caller may read",
    description="Administrators, appraisers and viewers of a plan's issuing unit or above read "
    "it (policy.can_view_inspection_plan); others see none of it.",
)
@paginate(Paginator)
def list_inspection_plans(request: HttpRequest) -> list[dict[str, Any]]:
    user = caller(request)
    return [
        plan_summary_out(p)
        for p in InspectionPlan.objects.select_related("owner")
        if policy.can_view_inspection_plan(user, p)
    ]


@router.get(
    P,
    response=responses({200: PlanOut}),
    summary="One plan: its units, teams, the stored schedule (visits), edits and latest job",
    description=READERS,
)
def get_inspection_plan(request: HttpRequest, code: str) -> dict[str, Any]:
    user = caller(request)
    plan = _plan_or_404(user, code)
    latest = jobs.latest_job(plan)
    return {
        **plan_summary_out(plan),
        "register_by": plan.register_by,
        "notice_working_days": plan.notice_working_days,
        "result_notice_working_days": plan.result_notice_working_days,
        "report_due": plan.report_due,
        "visits_per_team_per_day": plan.visits_per_team_per_day,
        "schedule_messages": [{"vi": m["vi"], "en": m["en"]} for m in plan.schedule_messages],
        "units": [plan_unit_out(u) for u in plan.units.select_related("unit")],
        "teams": [
            team_out(t) for t in plan.teams.select_related("lead").prefetch_related("links__unit")
        ],
        "visits": [visit_out(v) for v in _visits(plan)],
        "edits": [edit_out(e) for e in plan.edits.select_related("team", "unit")],
        "job": job_out(latest) if latest is not None else None,
        "permissions": {
            "manage": policy.can_manage_inspections(user, plan.owner),
            "schedule": policy.can_schedule_inspections(user, plan),
            "record_notices": policy.can_record_notice(user, plan),
        },
    }


@router.get(
    P + "/document",
    response=responses({200: PlanDocumentOut}),
    summary="What the plan's documents print: issuing body, number and date, subject, signer, "
    "report outlines",
    description=READERS + " The fields of the plan's document form, laid out as in the plan's "
    "YAML, with the plan `version` to send back with a change.",
)
def get_inspection_plan_document(request: HttpRequest, code: str) -> dict[str, Any]:
    return plan_document_out(_plan_or_404(caller(request), code))


@router.put(
    P + "/document",
    response={**responses({200: PlanDocumentOut}), 409: PlanDocumentStaleOut},
    summary="Change what the plan's documents print (every field, as `GET …/document` reads)",
    description=MANAGERS + " Goes through the plan's document form (the same checks, the "
    "same writer, audited as `inspection_plan.document`): 422 names each bad field by its "
    "label and YAML field, in both languages. `version` must be the version last read: a "
    "stale write is refused with 409 and the stored document in `details[0].current`. The "
    "stored schedule is kept (nothing it depends on changes).",
)
def update_inspection_plan_document(
    request: HttpRequest, code: str, payload: PlanDocumentIn
) -> Status[dict[str, Any]]:
    user = caller(request)
    plan = _plan_or_404(user, code)
    try:
        saved = plan_document.save_document(
            user, plan, post=plan_document_post(payload), version=payload.version
        )
    except StalePlan as exc:
        current = plan_document_out(_plan_or_404(user, code))
        return Status(409, body(409, exc.msg, [{"current": current}]))
    return Status(200, plan_document_out(saved))


@router.post(
    P + "/schedule",
    response={**responses({202: JobOut}), 409: BusyOut},
    summary="Start scheduling the plan: queue a solve job and answer at once (202)",
    description=MANAGERS + " Follow the job with `GET …/job` until it is `done` or `failed`. "
    "Where the job runs depends on the server's THIDUA_SOLVER_MODE: its own thread, a worker, "
    "or inside this request (then the job is already over in the answer). A job of the plan "
    "already queued or running answers 409 `busy` with that job in `details[0].current`.",
)
def schedule_inspection_plan(request: HttpRequest, code: str) -> Status[dict[str, Any]]:
    user = caller(request)
    plan = _plan_or_404(user, code)
    try:
        job = jobs.request_schedule(user, plan)
    except jobs.Busy as exc:
        active = jobs.active_job(plan)
        details = [{"current": job_out(active)}] if active is not None else []
        return Status(409, {**body(409, exc.msg, details), "code": "busy"})
    return Status(202, job_out(job))


@router.get(
    P + "/job",
    response=responses({200: JobOut}),
    summary="The plan's latest solve job: its state and, once over, why it failed",
    description=READERS + " A plan never scheduled answers 404 with its own message. Like the "
    "page's poll, each call puts lost jobs back in the queue and starts this server's solver "
    "thread for jobs nobody runs.",
)
def get_inspection_job(request: HttpRequest, code: str) -> dict[str, Any]:
    user = caller(request)
    plan = _plan_or_404(user, code)
    if not policy.can_view_solve_job(user, plan):
        raise Http404
    jobs.poke(plan)
    job = jobs.latest_job(plan)
    if job is None:
        raise NoJob()
    return job_out(job)


@router.get(
    P + "/notices",
    response=responses({200: list[NoticeOut]}),
    summary="The notice of each visit: sent (when, number, by whom), unsent, or to send again",
    description=READERS,
)
@paginate(Paginator)
def list_inspection_notices(
    request: HttpRequest, code: str, filters: Query[NoticeFilter]
) -> list[dict[str, Any]]:
    plan = _plan_or_404(caller(request), code)
    visits = _visits(plan)
    if filters.team:
        visits = visits.filter(team__code=filters.team)
    rows = [notice_out(v) for v in visits]
    return [r for r in rows if filters.state is None or r["state"] == filters.state]


@router.post(
    P + "/notices",
    response=responses({200: NoticesRecordedOut}),
    summary="Record a notice as sent: for every visit without one (of the plan or a team), "
    "or for one visit",
    description=MANAGERS + " The schedule must be made; the date may not be in the future; "
    "the number is required (422 with the reason otherwise). Without `visit`, one notice "
    "covers every visit whose current date has none yet (422 when there is none).",
)
def record_inspection_notice(request: HttpRequest, code: str, payload: NoticeIn) -> dict[str, Any]:
    user = caller(request)
    plan = _plan_or_404(user, code)
    if payload.visit is not None:
        if payload.team:
            raise BadInput(TEAM_OR_VISIT)
        visit = (
            Visit.objects.select_related("plan__owner", "team", "unit__unit")
            .filter(pk=payload.visit, plan=plan)
            .first()
        )
        if visit is None:
            raise BadInput(NOT_IN_PLAN)
        notices.mark_visit_sent(user, visit, sent_on=payload.sent_on, number=payload.number)
        recorded = 1
    else:
        recorded = notices.mark_plan_sent(
            user, plan, sent_on=payload.sent_on, number=payload.number, team=payload.team
        )
    covered = _visits(plan).filter(
        notice_sent_on=payload.sent_on, notice_number=payload.number.strip()
    )
    return {"recorded": recorded, "items": [notice_out(v) for v in covered]}


@router.delete(
    P + "/notices/{visit}",
    response=responses({200: NoticeOut}),
    summary="Take back the notice recorded for one visit by mistake",
    description=MANAGERS + " The visit's notice is unsent again (the audit log keeps what was "
    "recorded, `inspection_visit.notice_cleared`); a visit of another plan is 404, a visit "
    "without a recorded notice 422.",
)
def clear_inspection_notice(request: HttpRequest, code: str, visit: int) -> dict[str, Any]:
    user = caller(request)
    plan = _plan_or_404(user, code)
    found = _visits(plan).filter(pk=visit).first()
    if found is None:
        raise Http404
    notices.clear_notice(user, found)
    return notice_out(found)
