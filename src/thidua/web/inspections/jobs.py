"""Solving in the background: the schedule button queues a job; a worker runs it.

A job is a row (:class:`SolveJob`): ``queued → running → done | failed``. Any process
may run a queued job by *claiming* it, a conditional UPDATE that only one process can
win, which stamps a fresh token; only the holder of the token stores the result, in
one transaction with the plan row locked, and only if the plan's version is still the
one it solved. Where jobs run (``THIDUA_SOLVER_MODE``, docs/scheduling.md):

* ``thread`` (default): a daemon thread of the web process that queued the job drains
  the queue, one job at a time;
* ``worker``: ``python -m django inspections_worker`` polls the table;
  a job left queued longer than ``THIDUA_SOLVER_FALLBACK_SECONDS`` (no worker running)
  is taken by the web process's thread when the page next polls;
* ``inline``: inside the request (tests, scripts).

A process that dies mid-solve leaves its job ``running``; once it is older than any
solve can take (:func:`stale_after`) the next claim or poll puts it back in the queue
once, then fails it with a message.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid
from typing import Any

from django.conf import settings
from django.db import (
    IntegrityError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import F
from django.utils import timezone

from thidua.scoring.text import Msg
from thidua.web import policy
from thidua.web.audit.services import record
from thidua.web.errors import BadInput, Denied
from thidua.web.inspections import services
from thidua.web.inspections.choices import ACTIVE_JOB_STATES, DONE, FAILED, QUEUED, RUNNING
from thidua.web.inspections.models import Edit, InspectionPlan, SolveJob

log = logging.getLogger(__name__)

#: A job found running past its time is put back in the queue this many times, then failed.
MAX_ATTEMPTS = 2

#: Pauses (seconds) before the thread tries again after a locked or busy database; SQLite
#: locks a table while another connection writes it, which is not a reason to stop.
RETRY_PAUSES = (0.2, 0.5, 1.0, 2.0, 4.0)

ALREADY = Msg(
    "Kế hoạch đang được xếp lịch; hãy đợi kết quả",
    "The plan is already being scheduled; wait for the result",
)
STOPPED = Msg(
    "Việc xếp lịch bị dừng giữa chừng (máy chủ khởi động lại?); hãy bấm Xếp lịch lại",
    "Scheduling stopped half-way (was the server restarted?); press Schedule again",
)
CHANGED = Msg(
    "Kế hoạch đã được sửa trong lúc xếp lịch; lịch không được lưu, hãy xếp lịch lại",
    "The plan changed while it was being scheduled; the schedule was not saved, schedule again",
)
NOT_SAVED = Msg(
    "Không lưu: lịch không thỏa các ràng buộc",
    "Not saved: no schedule meets every rule",
)


class Busy(BadInput):
    """A job of the plan is already queued or running: one at a time (409 in the API)."""

    status = 409

    def __init__(self) -> None:
        super().__init__(ALREADY)


def _mode() -> str:
    return str(getattr(settings, "THIDUA_SOLVER_MODE", "thread"))


def stale_after() -> dt.timedelta:
    """How long a job may stay running before it is taken for lost: well past any solve."""
    options = services.solver_options()
    seconds = 3 * (options.time_limit + options.diagnose_time_limit) + 120
    return dt.timedelta(seconds=seconds)


def latest_job(plan: InspectionPlan) -> SolveJob | None:
    return plan.solve_jobs.select_related("requested_by").first()


def active_job(plan: InspectionPlan) -> SolveJob | None:
    return plan.solve_jobs.filter(state__in=ACTIVE_JOB_STATES).first()


# --- requesting ------------------------------------------------------------------------------


def request_schedule(user: Any, plan: InspectionPlan, *, edit: Edit | None = None) -> SolveJob:
    """Queue a solve of ``plan`` (with ``edit`` to store alongside) and return the job at once.

    :class:`Busy` when a job of the plan is already queued or running (one at a time).
    """
    if not policy.can_schedule_inspections(user, plan):
        raise Denied()
    recover_stale()
    try:
        with transaction.atomic():
            if services.active_job_exists(plan):
                raise Busy()
            job = SolveJob.objects.create(
                plan=plan,
                requested_by=user if getattr(user, "is_authenticated", False) else None,
                edit=services.edit_json(edit) if edit is not None else None,
            )
            record(
                user,
                "inspection_plan.schedule_requested",
                object_type=services.OBJECT,
                object_id=plan.code,
                unit=plan.owner.code,
                after={"job": job.pk, "edit": job.edit},
            )
    except IntegrityError as exc:  # a second press raced the first past the check
        raise Busy() from exc
    if _mode() == "inline":
        run_job(job.pk)
        job.refresh_from_db()
    elif _mode() == "thread":
        transaction.on_commit(kick)
    return job


def request_edit(
    user: Any,
    plan: InspectionPlan,
    *,
    kind: str,
    unit_code: str,
    day: dt.date,
    team_code: str = "",
) -> tuple[list[Msg], SolveJob | None]:
    """Check a pin or forbidden date and queue a re-plan that stores it if a schedule exists.

    Returns the rules the pins break between them (nothing queued then) or the job.
    """
    if not policy.can_schedule_inspections(user, plan):
        raise Denied()
    services.ensure_idle(plan)
    edit = services.build_edit(plan, kind=kind, unit_code=unit_code, day=day, team_code=team_code)
    problems = services.pin_problems(plan, edit)
    if problems:
        return problems, None
    return [], request_schedule(user, plan, edit=edit)


def remove_edit(user: Any, plan: InspectionPlan, edit_id: int) -> SolveJob:
    """Drop a manual edit, then queue a re-plan."""
    services.remove_edit(user, plan, edit_id)
    plan.refresh_from_db()
    return request_schedule(user, plan)


# --- running ---------------------------------------------------------------------------------


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"[:200]


def _claim(job_id: int) -> str | None:
    """Take a queued job for this thread; return the claim's token, or None if another won."""
    token = uuid.uuid4().hex
    won = SolveJob.objects.filter(pk=job_id, state=QUEUED).update(
        state=RUNNING,
        started_at=timezone.now(),
        finished_at=None,
        worker=_worker_name(),
        token=token,
        attempts=F("attempts") + 1,
    )
    return token if won else None


def _finish(
    job_id: int,
    token: str,
    *,
    state: str,
    status: str = "",
    message: Msg | None = None,
    problems: list[Msg] | None = None,
    warnings: list[Msg] | None = None,
) -> bool:
    """Record the end of a job this thread still holds; False if it was taken away."""
    return bool(
        SolveJob.objects.filter(pk=job_id, token=token, state=RUNNING).update(
            state=state,
            finished_at=timezone.now(),
            result_status=status,
            message={"vi": message.vi, "en": message.en} if message else {},
            problems=[{"vi": m.vi, "en": m.en} for m in problems or []],
            warnings=[{"vi": m.vi, "en": m.en} for m in warnings or []],
        )
    )


def run_job(job_id: int) -> bool:
    """Claim and run one queued job; return False if it was not queued (someone else has it)."""
    token = _claim(job_id)
    if token is None:
        return False
    job = SolveJob.objects.select_related("plan__owner", "requested_by").get(pk=job_id)
    try:
        _execute(job, token)
    except Exception as exc:  # a bug or a broken plan: the job fails, the worker goes on
        log.exception("inspection solve job %s failed", job_id)
        detail = f"{type(exc).__name__}: {exc}"
        text = getattr(exc, "msg", None)
        _finish(
            job_id,
            token,
            state=FAILED,
            message=text
            if isinstance(text, Msg)
            else Msg(f"Lỗi khi xếp lịch: {detail}", f"Error while scheduling: {detail}"),
        )
    return True


def _execute(job: SolveJob, token: str) -> None:
    plan = job.plan
    version = plan.version
    edit = services.edit_from_json(plan, job.edit) if job.edit else None
    core = services.core_plan(plan, extra_edits=[edit] if edit is not None else [])
    SolveJob.objects.filter(pk=job.pk).update(plan_version=version)
    result = services.solve(plan, core)
    outcome = services.outcome_of(result)
    with transaction.atomic():
        mine = (
            SolveJob.objects.select_for_update()
            .filter(pk=job.pk, token=token, state=RUNNING)
            .exists()
        )
        if not mine:
            return  # taken for lost and handed on: the newer claim decides
        current = InspectionPlan.objects.select_for_update().select_related("owner").get(pk=plan.pk)
        if current.version != version:
            _finish(job.pk, token, state=FAILED, status=result.status, message=CHANGED)
            return
        if not result.ok:
            _finish(
                job.pk,
                token,
                state=FAILED,
                status=result.status,
                message=NOT_SAVED,
                problems=outcome.problems,
                warnings=outcome.warnings,
            )
            return
        services.store_result(job.requested_by, current, result, edit=edit)
        _finish(job.pk, token, state=DONE, status=result.status, warnings=outcome.warnings)


def next_queued() -> int | None:
    return (
        SolveJob.objects.filter(state=QUEUED)
        .order_by("created_at", "id")
        .values_list("id", flat=True)
        .first()
    )


def drain() -> int:
    """Run queued jobs until none is left; return how many this thread ran."""
    ran = 0
    recover_stale()
    while (job_id := next_queued()) is not None:
        if run_job(job_id):
            ran += 1
    return ran


def recover_stale(now: dt.datetime | None = None) -> int:
    """Put running jobs whose process died back in the queue (once), or fail them."""
    now = now or timezone.now()
    found = 0
    lost = SolveJob.objects.filter(state=RUNNING, started_at__lt=now - stale_after())
    for job in lost.only("id", "token", "attempts"):
        rows = SolveJob.objects.filter(pk=job.pk, token=job.token, state=RUNNING)
        if job.attempts < MAX_ATTEMPTS:
            found += rows.update(state=QUEUED, token="", worker="", started_at=None)
        else:
            found += rows.update(
                state=FAILED,
                finished_at=now,
                message={"vi": STOPPED.vi, "en": STOPPED.en},
            )
    return found


# --- the in-process thread -------------------------------------------------------------------

_lock = threading.Lock()
_wake = threading.Event()
_thread: threading.Thread | None = None


def kick() -> None:
    """Make sure this process has a thread draining the queue (start one, or wake it)."""
    global _thread
    with _lock:
        if _thread is not None:
            _wake.set()
            return
        _thread = threading.Thread(target=_drain_forever, name="inspections-solver", daemon=True)
        _thread.start()


def _drain_forever() -> None:
    global _thread
    try:
        while True:
            close_old_connections()
            _drain_patiently()
            with _lock:
                if not _wake.is_set():
                    _thread = None
                    return
                _wake.clear()
    finally:
        connection.close()


def _drain_patiently() -> None:
    """Drain, trying again after a transient database error; give up on anything else."""
    for pause in (*RETRY_PAUSES, None):
        try:
            drain()
            return
        except OperationalError:
            if pause is None:  # still failing: leave the jobs for the next kick or poll
                log.exception("inspection solver thread stopped after retries")
                return
            log.warning("inspection solver: database busy, trying again in %.1f s", pause)
            time.sleep(pause)
        except Exception:  # the database went away: leave the jobs for the next kick
            log.exception("inspection solver thread stopped")
            return


def poke(plan: InspectionPlan) -> None:
    """On every poll of a plan's job: recover lost jobs and, where this process should, run them.

    In ``thread`` mode a queued job (left by a restart) is picked up; in ``worker`` mode
    only one that waited past ``THIDUA_SOLVER_FALLBACK_SECONDS``: no worker is running.
    """
    recover_stale()
    mode = _mode()
    if mode == "inline":
        return
    waiting = SolveJob.objects.filter(state=QUEUED)
    if mode == "worker":
        fallback = int(getattr(settings, "THIDUA_SOLVER_FALLBACK_SECONDS", 60))
        waiting = waiting.filter(created_at__lt=timezone.now() - dt.timedelta(seconds=fallback))
    if waiting.exists():
        kick()
