"""The schedule button starts a solve job; the page follows it until the schedule is stored."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, OperationalError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.web.conftest import World
from thidua.web.audit.models import AuditEntry
from thidua.web.inspections import jobs, services
from thidua.web.inspections.models import Edit, InspectionPlan, SolveJob, Visit


@pytest.fixture
def worker_mode(settings: Any) -> None:
    """Jobs wait for the worker command, as in production with THIDUA_SOLVER_MODE=worker."""
    settings.THIDUA_SOLVER_MODE = "worker"


def _press(world: World, plan: InspectionPlan, user: Any = None) -> Any:
    return world.client(user or world.admin).post(
        reverse("inspection_schedule", args=[plan.code]), follow=True
    )


def _poll(world: World, plan: InspectionPlan, job: SolveJob | None = None) -> Any:
    query = {"job": job.pk} if job is not None else {}
    return world.client(world.admin).get(
        reverse("inspection_job", args=[plan.code]), query, HTTP_HX_REQUEST="true"
    )


def test_it_queues_a_job_and_returns_at_once(
    world: World, plan: InspectionPlan, worker_mode: None
) -> None:
    page = _press(world, plan).content.decode()
    job = SolveJob.objects.get(plan=plan)
    assert job.state == "queued" and job.requested_by == world.admin
    assert "Đang chờ xếp lịch" in page and 'hx-trigger="every 2s"' in page
    assert not Visit.objects.filter(plan=plan).exists()
    assert AuditEntry.objects.filter(action="inspection_plan.schedule_requested").exists()


def test_it_runs_the_job_in_the_worker_then_the_page_reloads(
    world: World, plan: InspectionPlan, worker_mode: None
) -> None:
    _press(world, plan)
    job = SolveJob.objects.get(plan=plan)
    fragment = _poll(world, plan, job)
    assert fragment.status_code == 200 and "hx-get" in fragment.content.decode()
    call_command("inspections_worker", "--once")
    job.refresh_from_db()
    assert job.state == "done" and job.result_status in ("optimal", "feasible")
    assert job.started_at is not None and job.finished_at is not None and job.attempts == 1
    assert Visit.objects.filter(plan=plan).count() == 4
    plan.refresh_from_db()
    assert plan.schedule_status == job.result_status
    # The poll that sees the job over asks HTMX for a full reload, which shows the schedule.
    assert _poll(world, plan, job).headers["HX-Refresh"] == "true"
    page = world.client(world.admin).get(reverse("inspection_plan", args=[plan.code]))
    assert "Lần xếp lịch gần nhất" in page.content.decode()
    assert AuditEntry.objects.filter(action="inspection_plan.schedule").exists()


def test_it_runs_one_job_per_plan_at_a_time(
    world: World, plan: InspectionPlan, worker_mode: None
) -> None:
    _press(world, plan)
    page = _press(world, plan).content.decode()
    assert "đang được xếp lịch" in page
    assert SolveJob.objects.filter(plan=plan).count() == 1
    SolveJob.objects.filter(plan=plan).update(state="running", started_at=timezone.now())
    assert "đang được xếp lịch" in _press(world, plan).content.decode()
    # Two presses racing past the check meet the database's partial unique constraint.
    with pytest.raises(IntegrityError), transaction.atomic():
        SolveJob.objects.create(plan=plan)


def test_it_refuses_plan_changes_while_a_job_runs(
    world: World, plan: InspectionPlan, worker_mode: None
) -> None:
    _press(world, plan)
    response = world.client(world.admin).post(
        reverse("inspection_header", args=[plan.code]),
        {
            "version": plan.version,
            "title": "Khác",
            "window_start": "07/08/2023",
            "window_end": "11/08/2023",
            "register_by": "01/08/2023",
            "report_due": "25/08/2023",
            "notice_working_days": "2",
            "result_notice_working_days": "5",
            "visits_per_team_per_day": "1",
        },
    )
    assert response.status_code == 422
    assert "đang được xếp lịch" in response.content.decode()


def test_it_records_a_crash_as_a_failure_in_both_languages(
    world: World, plan: InspectionPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(services, "solve", broken)
    page = _press(world, plan).content.decode()
    job = SolveJob.objects.get(plan=plan)
    assert job.state == "failed" and job.finished_at is not None
    assert job.message == {
        "vi": "Lỗi khi xếp lịch: RuntimeError: solver exploded",
        "en": "Error while scheduling: RuntimeError: solver exploded",
    }
    assert "Xếp lịch không thành công" in page and "solver exploded" in page
    assert not Visit.objects.filter(plan=plan).exists()
    # Failed jobs do not hold the plan: the next press starts again.
    monkeypatch.undo()
    _press(world, plan)
    assert SolveJob.objects.filter(plan=plan).first().state == "done"  # type: ignore[union-attr]


def test_it_records_why_an_edit_cannot_be_scheduled(
    world: World, scheduled: InspectionPlan
) -> None:
    # Forbid Lũng Cú on every day of the window: no schedule, and the edit is not kept.
    client = world.client(world.admin)
    for day in ("07/08/2023", "08/08/2023", "09/08/2023", "10/08/2023"):
        client.post(
            reverse("inspection_add_edit", args=[scheduled.code]),
            {"kind": "forbid", "unit": "lc", "date": day},
        )
    assert Edit.objects.filter(plan=scheduled).count() == 4
    page = client.post(
        reverse("inspection_add_edit", args=[scheduled.code]),
        {"kind": "forbid", "unit": "lc", "date": "11/08/2023"},
        follow=True,
    ).content.decode()
    job = SolveJob.objects.filter(plan=scheduled).first()
    assert job is not None and job.state == "failed" and job.result_status == "infeasible"
    assert job.message["en"] == "Not saved: no schedule meets every rule"
    assert any("Lũng Cú" in p["vi"] for p in job.problems)
    assert "Không lưu" in page and "Xã Lũng Cú" in page
    assert Edit.objects.filter(plan=scheduled).count() == 4


def test_it_does_not_store_a_schedule_for_a_plan_changed_meanwhile(
    world: World, plan: InspectionPlan, worker_mode: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _press(world, plan)
    real = services.solve

    def edit_during_solve(p: InspectionPlan, core: Any) -> Any:
        InspectionPlan.objects.filter(pk=p.pk).update(version=p.version + 1)
        return real(p, core)

    monkeypatch.setattr(services, "solve", edit_during_solve)
    jobs.drain()
    job = SolveJob.objects.get(plan=plan)
    assert job.state == "failed" and "changed while" in job.message["en"]
    assert not Visit.objects.filter(plan=plan).exists()


def test_it_puts_a_lost_running_job_back_then_fails_it(
    world: World, plan: InspectionPlan, worker_mode: None
) -> None:
    _press(world, plan)
    long_ago = timezone.now() - jobs.stale_after() - dt.timedelta(seconds=1)
    SolveJob.objects.filter(plan=plan).update(
        state="running", started_at=long_ago, attempts=1, token="dead"
    )
    assert jobs.recover_stale() == 1
    job = SolveJob.objects.get(plan=plan)
    assert job.state == "queued" and job.token == ""
    SolveJob.objects.filter(pk=job.pk).update(
        state="running", started_at=long_ago, attempts=jobs.MAX_ATTEMPTS, token="dead"
    )
    _poll(world, plan)  # any poll recovers
    job.refresh_from_db()
    assert job.state == "failed" and "press Schedule again" in job.message["en"]


def test_it_keeps_a_lost_claim_from_storing(
    world: World, plan: InspectionPlan, worker_mode: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _press(world, plan)
    real = services.solve

    def taken_away(p: InspectionPlan, core: Any) -> Any:
        SolveJob.objects.filter(plan=p).update(token="someone-else")
        return real(p, core)

    monkeypatch.setattr(services, "solve", taken_away)
    jobs.drain()
    assert not Visit.objects.filter(plan=plan).exists()
    assert SolveJob.objects.get(plan=plan).state == "running"  # the other claimant decides


def test_it_hands_a_job_nobody_runs_to_the_web_process(
    world: World, plan: InspectionPlan, worker_mode: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    kicked: list[bool] = []
    monkeypatch.setattr(jobs, "kick", lambda: kicked.append(True))
    _press(world, plan)
    _poll(world, plan)
    assert kicked == []  # a worker may still take it
    SolveJob.objects.filter(plan=plan).update(created_at=timezone.now() - dt.timedelta(hours=1))
    _poll(world, plan)
    assert kicked == [True]


@pytest.mark.django_db(transaction=True)
def test_it_solves_in_a_thread_of_the_web_process(world: World, settings: Any) -> None:
    from tests.web.inspections.conftest import PLAN_YAML

    settings.THIDUA_SOLVER_MODE = "thread"
    plan = services.import_plan(world.admin, owner=world.district, text=PLAN_YAML)
    response = world.client(world.admin).post(reverse("inspection_schedule", args=[plan.code]))
    assert response.status_code == 302
    deadline = time.monotonic() + 60
    job = SolveJob.objects.get(plan=plan)
    while job.active and time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            job.refresh_from_db()
        except OperationalError:  # the test database is SQLite's shared memory: the thread
            continue  # is writing the table right now, read again on the next turn
    assert job.state == "done", job.message
    assert Visit.objects.filter(plan=plan).count() == 4


def test_the_thread_waits_out_a_locked_database(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def locked_twice() -> int:
        calls.append(1)
        if len(calls) <= 2:
            raise OperationalError("database table is locked: inspections_solvejob")
        return 1

    monkeypatch.setattr(jobs, "drain", locked_twice)
    monkeypatch.setattr(jobs, "RETRY_PAUSES", (0.0, 0.0, 0.0))
    jobs._drain_patiently()
    assert len(calls) == 3


def test_the_thread_gives_up_after_its_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def always_locked() -> int:
        calls.append(1)
        raise OperationalError("database is locked")

    monkeypatch.setattr(jobs, "drain", always_locked)
    monkeypatch.setattr(jobs, "RETRY_PAUSES", (0.0, 0.0))
    jobs._drain_patiently()  # logs and returns: the jobs wait for the next kick or poll
    assert len(calls) == 3


# --- who may start and follow jobs -------------------------------------------------------------


def test_it_lets_the_appraiser_follow_but_not_start_a_job(
    world: World, plan: InspectionPlan, worker_mode: None
) -> None:
    assert _press(world, plan, world.appraiser).status_code == 403
    _press(world, plan)
    job = SolveJob.objects.get(plan=plan)
    response = world.client(world.appraiser).get(
        reverse("inspection_job", args=[plan.code]), {"job": job.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Đang chờ" in response.content.decode()


@pytest.mark.parametrize("who", ["owner", "peer", "outsider"])
def test_it_hides_jobs_from_units_outside_the_issuer(
    world: World, plan: InspectionPlan, worker_mode: None, who: str
) -> None:
    user = getattr(world, who)
    assert _press(world, plan, user).status_code == 404
    assert not SolveJob.objects.exists()
    _press(world, plan)
    response = world.client(user).get(
        reverse("inspection_job", args=[plan.code]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404
    assert world.client(None).get(reverse("inspection_job", args=[plan.code])).status_code == 302
