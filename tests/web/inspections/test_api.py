"""Inspection plans through the API, as every named user, by session and by token.

Đồng Văn's plan ``dv-2023`` (tests/web/inspections/conftest.py) is read by the district's
appraiser and the province's admin; only the admin schedules it and records its notices;
the communes (owner, peer) and the other province (outsider) never see it.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from tests.web.api.conftest import USERS, Caller, token_for
from tests.web.api.routes import Route
from tests.web.conftest import World
from tests.web.inspections.conftest import PLAN_YAML
from thidua.web.audit.models import AuditEntry
from thidua.web.inspections import jobs, notices, services
from thidua.web.inspections.models import InspectionPlan, SolveJob, Visit

P = "/api/inspections/plans/dv-2023"
KEYS = {"code", "message", "message_vi", "message_en", "details"}

# Who reads the district's plan: its appraiser and the province admin; never the communes.
READ = {"owner": 404, "peer": 404, "outsider": 404, "appraiser": 200, "admin": 200}
# Who schedules it and records its notices: the admin; the appraiser reads but may not.
MANAGE = {**READ, "appraiser": 403}
EVERYONE = dict.fromkeys(USERS, 200)
NOTICE = {"sent_on": "2023-08-03", "number": "15/TB-TCT"}
# The plan's document fields with a number given, at the version of the plan as imported.
DOCUMENT = {
    "issuing_body": {
        "parent": "",
        "name": "Tổ công tác Đề án 06 huyện Đồng Văn",
        "place": "Đồng Văn",
        "standing_agency": "",
        "signer": {"sign_as": "", "on_behalf": "", "titles": [], "name": ""},
    },
    "document": {"number": "15/KH-TCT", "date": None},
    "title": "Kế hoạch kiểm tra Đề án 06 huyện Đồng Văn năm 2023",
    "outlines": "outlines-quangxuong-2023",
    "version": 1,
}


ROUTES = [
    Route("list_inspection_plans", "get", "/api/inspections/plans", EVERYONE),
    Route("get_inspection_plan", "get", P, READ),
    Route("get_inspection_plan_document", "get", P + "/document", READ),
    Route("update_inspection_plan_document", "put", P + "/document", MANAGE, DOCUMENT),
    Route("schedule_inspection_plan", "post", P + "/schedule", MANAGE, ok=202),
    Route("get_inspection_job", "get", P + "/job", READ),
    Route("list_inspection_notices", "get", P + "/notices", READ),
    Route("record_inspection_notice", "post", P + "/notices", MANAGE, NOTICE),
    Route("clear_inspection_notice", "delete", P + "/notices/{visit}", MANAGE),
]
INSPECTION_OPERATIONS = frozenset(r.name for r in ROUTES)


@pytest.fixture
def worker_mode(settings: Any) -> None:
    """Jobs wait for the worker command, as in production with THIDUA_SOLVER_MODE=worker."""
    settings.THIDUA_SOLVER_MODE = "worker"


def caller(world: World, who: str, via: str = "token") -> Caller:
    if who == "anonymous":
        return Caller(Client())
    user = getattr(world, who)
    if via == "session":
        return Caller(world.client(user))
    return Caller(Client(), {"Authorization": f"Bearer {token_for(user)}"})


def _path(route: Route, world: World, plan: InspectionPlan) -> str:
    """The route's path; a visit's notice to take back is recorded first."""
    if "{visit}" not in route.path:
        return route.path
    visit = plan.visits.order_by("date", "id").first()
    assert visit is not None
    notices.mark_visit_sent(world.admin, visit, sent_on=dt.date(2023, 8, 3), number="1/TB")
    return route.path.format(visit=visit.pk)


def _bilingual(body: dict[str, Any], code: str) -> None:
    assert set(body) == KEYS and body["code"] == code
    assert body["message"] == f"{body['message_vi']} / {body['message_en']}"
    assert body["message_vi"] != body["message_en"]


# --- every route, every named user ------------------------------------------------------------


@pytest.mark.parametrize("via", ["session", "token"])
@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_it_answers_each_named_user_as_the_policy_says(
    world: World, solved: InspectionPlan, route: Route, who: str, via: str
) -> None:
    c = caller(world, who, via)  # a new token is itself in the audit log
    path = _path(route, world, solved)
    entries = AuditEntry.objects.count()
    jobs_before = SolveJob.objects.count()
    response = c.send(route.method, path, route.body)
    expected = route.expected[who]
    if expected == 200:
        expected = route.ok
    assert response.status_code == expected, response.content
    if expected >= 400:
        _bilingual(response.json(), {403: "forbidden", 404: "not_found"}[expected])
    if route.writes:
        # Every accepted change is in the audit log; a refused one leaves no trace.
        assert (AuditEntry.objects.count() > entries) is (expected < 300)
    if route.name == "schedule_inspection_plan":
        assert SolveJob.objects.count() == jobs_before + (1 if expected == 202 else 0)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_it_refuses_every_route_without_credentials(
    world: World, solved: InspectionPlan, route: Route
) -> None:
    response = caller(world, "anonymous").send(
        route.method, _path(route, world, solved), route.body
    )
    assert response.status_code == 401
    _bilingual(response.json(), "unauthorized")


@pytest.mark.parametrize("who", USERS)
def test_it_lists_only_the_plans_the_caller_may_read(
    world: World, plan: InspectionPlan, who: str
) -> None:
    body = caller(world, who).get("/api/inspections/plans").json()
    expected = ["dv-2023"] if READ[who] == 200 else []
    assert [p["code"] for p in body["items"]] == expected and body["count"] == len(expected)


# --- plans -------------------------------------------------------------------------------------


def test_it_shows_the_plan_with_its_teams_and_no_schedule_yet(
    world: World, plan: InspectionPlan
) -> None:
    body = caller(world, "appraiser").get(P).json()
    assert (body["code"], body["owner"], body["version"]) == ("dv-2023", "HG.DV", plan.version)
    assert (body["window_start"], body["window_end"]) == ("2023-08-07", "2023-08-11")
    assert body["schedule_status"] == "" and body["visits"] == [] and body["job"] is None
    teams = {t["code"]: t for t in body["teams"]}
    assert teams["02"]["lead"] == "vp" and teams["02"]["members"] == ["phong_noi_vu"]
    assert teams["02"]["inspects"] == ["phong_b", "sp"]
    assert teams["02"]["secretary"] == "Nguyễn Văn An"
    assert len(body["units"]) == 6
    # The appraiser reads the plan but may not change it; the admin may.
    assert body["permissions"] == {"manage": False, "schedule": False, "record_notices": False}
    assert caller(world, "admin").get(P).json()["permissions"] == {
        "manage": True,
        "schedule": True,
        "record_notices": True,
    }


def test_it_pages_the_plan_list(world: World, plan: InspectionPlan) -> None:
    other = PLAN_YAML.replace("code: dv-2023", "code: dv-2024")
    services.import_plan(world.admin, owner=world.district, text=other)
    admin = caller(world, "admin")
    first = admin.get("/api/inspections/plans", {"limit": 1}).json()
    second = admin.get("/api/inspections/plans", {"limit": 1, "offset": 1}).json()
    assert first["count"] == second["count"] == 2
    assert {first["items"][0]["code"], second["items"][0]["code"]} == {"dv-2023", "dv-2024"}
    assert admin.get("/api/inspections/plans", {"limit": 5000}).status_code == 422


# --- scheduling --------------------------------------------------------------------------------


def test_it_schedules_inline_and_answers_the_finished_job(
    world: World, plan: InspectionPlan
) -> None:
    admin = caller(world, "admin")
    response = admin.send("post", P + "/schedule")
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["state"] == "done" and job["active"] is False
    assert job["result_status"] in ("optimal", "feasible")
    assert job["id"] == SolveJob.objects.get(plan=plan).pk and job["created_at"]
    assert job["requested_by"] == "admin" and job["message"] is None and job["problems"] == []
    assert AuditEntry.objects.filter(
        action="inspection_plan.schedule_requested", object_id="dv-2023"
    ).exists()
    body = admin.get(P).json()
    assert body["schedule_status"] == job["result_status"] and body["job"]["id"] == job["id"]
    assert len(body["visits"]) == 4 == Visit.objects.filter(plan=plan).count()
    assert {v["unit"] for v in body["visits"]} == {"phong_noi_vu", "lc", "phong_b", "sp"}
    assert all("2023-08-07" <= v["date"] <= "2023-08-11" for v in body["visits"])
    assert all(v["notice_state"] == "unsent" for v in body["visits"])
    assert admin.get(P + "/job").json() == job


def test_it_answers_409_busy_while_a_job_is_queued_or_running(
    world: World, plan: InspectionPlan, worker_mode: None
) -> None:
    admin = caller(world, "admin")
    first = admin.send("post", P + "/schedule")
    assert first.status_code == 202 and first.json()["state"] == "queued"
    second = admin.send("post", P + "/schedule")
    assert second.status_code == 409
    body = second.json()
    _bilingual(body, "busy")
    assert (body["message_vi"], body["message_en"]) == (jobs.ALREADY.vi, jobs.ALREADY.en)
    assert body["details"][0]["current"]["id"] == first.json()["id"]
    SolveJob.objects.filter(plan=plan).update(state="running", started_at=timezone.now())
    third = admin.send("post", P + "/schedule").json()
    assert third["code"] == "busy" and third["details"][0]["current"]["state"] == "running"
    assert SolveJob.objects.filter(plan=plan).count() == 1
    assert AuditEntry.objects.filter(action="inspection_plan.schedule_requested").count() == 1


def test_it_follows_a_job_the_worker_runs(
    world: World, plan: InspectionPlan, worker_mode: None
) -> None:
    admin = caller(world, "admin")
    job_id = admin.send("post", P + "/schedule").json()["id"]
    queued = caller(world, "appraiser").get(P + "/job").json()
    assert (queued["id"], queued["state"], queued["active"]) == (job_id, "queued", True)
    assert admin.get(P).json()["visits"] == []
    call_command("inspections_worker", "--once")
    done = admin.get(P + "/job").json()
    assert (done["id"], done["state"], done["active"]) == (job_id, "done", False)
    assert done["started_at"] and done["finished_at"] and done["plan_version"] == plan.version
    assert len(admin.get(P).json()["visits"]) == 4


def test_polling_the_job_hands_a_job_nobody_runs_to_the_web_process(
    world: World, plan: InspectionPlan, worker_mode: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    kicked: list[bool] = []
    monkeypatch.setattr(jobs, "kick", lambda: kicked.append(True))
    admin = caller(world, "admin")
    admin.send("post", P + "/schedule")
    admin.get(P + "/job")
    assert kicked == []  # a worker may still take it
    SolveJob.objects.filter(plan=plan).update(created_at=timezone.now() - dt.timedelta(hours=1))
    admin.get(P + "/job")
    assert kicked == [True]


def test_polling_the_job_puts_a_lost_job_back_in_the_queue(
    world: World, plan: InspectionPlan, worker_mode: None
) -> None:
    admin = caller(world, "admin")
    admin.send("post", P + "/schedule")
    long_ago = timezone.now() - jobs.stale_after() - dt.timedelta(seconds=1)
    SolveJob.objects.filter(plan=plan).update(
        state="running", started_at=long_ago, attempts=1, token="dead"
    )
    assert admin.get(P + "/job").json()["state"] == "queued"


def test_it_reports_a_failed_job_in_both_languages(
    world: World, plan: InspectionPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(services, "solve", broken)
    admin = caller(world, "admin")
    job = admin.send("post", P + "/schedule").json()
    assert job["state"] == "failed"
    assert job["message"] == {
        "vi": "Lỗi khi xếp lịch: RuntimeError: solver exploded",
        "en": "Error while scheduling: RuntimeError: solver exploded",
    }
    assert admin.get(P + "/job").json()["message"] == job["message"]
    assert admin.get(P).json()["visits"] == []


def test_it_says_when_a_plan_was_never_scheduled(world: World, plan: InspectionPlan) -> None:
    response = caller(world, "appraiser").get(P + "/job")
    assert response.status_code == 404
    body = response.json()
    _bilingual(body, "not_found")
    assert body["message_en"] == "The plan has not been scheduled yet (no solve job)"


@pytest.mark.django_db(transaction=True)
def test_it_solves_in_a_thread_of_the_web_process(world: World, settings: Any) -> None:
    settings.THIDUA_SOLVER_MODE = "thread"
    plan = services.import_plan(world.admin, owner=world.district, text=PLAN_YAML)
    admin = caller(world, "admin")
    response = admin.send("post", P + "/schedule")
    assert response.status_code == 202 and response.json()["state"] in ("queued", "running")
    deadline = time.monotonic() + 60
    state = "queued"
    while state in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            state = admin.get(P + "/job").json()["state"]
        except OperationalError:  # the test database is SQLite's shared memory: the thread
            continue  # is writing the table right now, read again on the next turn
    assert state == "done"
    assert Visit.objects.filter(plan=plan).count() == 4


# --- the OpenAPI document ----------------------------------------------------------------------


def test_it_documents_the_routes_and_their_errors(world: World) -> None:
    schema = Client().get("/api/openapi.json").json()
    ops = {
        op["operationId"]: (path, method, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
    }
    for route in ROUTES:
        path, method, op = ops[route.name]
        assert (path, method) == (route.path.replace("dv-2023", "{code}"), route.method)
        assert set(op["responses"]) >= {str(route.ok), "400", "401", "403", "404", "409", "422"}
        assert op["tags"] == ["inspections"]
    schedule = ops["schedule_inspection_plan"][2]["responses"]
    assert schedule["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BusyOut"
    }
    assert schedule["202"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/JobOut"
    }
    params = {p["name"] for p in ops["list_inspection_notices"][2]["parameters"]}
    assert params >= {"limit", "offset", "team", "state"}
