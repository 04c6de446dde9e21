"""Notices of visits through the API: listed with their state, recorded as sent with the
page's checks and audit (``inspections/notices.py``), re-sent when a visit moves.

Who may call the routes is in test_api.py; here the admin records and the appraiser reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.web.conftest import World
from tests.web.inspections.test_api import P, caller
from thidua.web.audit.models import AuditEntry
from thidua.web.inspections import jobs
from thidua.web.inspections.models import InspectionPlan, Visit

N = P + "/notices"
NOTICE = {"sent_on": "2023-08-03", "number": " 15/TB-TCT "}


def _refused(response: Any, en: str) -> None:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid" and body["message_en"] == en and body["message_vi"]


def test_it_lists_every_visits_notice_as_unsent_at_first(
    world: World, solved: InspectionPlan
) -> None:
    body = caller(world, "appraiser").get(N).json()
    assert body["count"] == 4 and len(body["items"]) == 4
    for item in body["items"]:
        visit = Visit.objects.get(pk=item["visit"])
        assert (item["unit"], item["team"], item["date"], item["due"]) == (
            visit.unit.code,
            visit.team.code,
            visit.date.isoformat(),
            visit.notice_date.isoformat(),
        )
        assert item["state"] == "unsent" and item["sent_on"] is None and item["late"] is False


def test_it_records_one_notice_for_every_visit_and_audits_it(
    world: World, solved: InspectionPlan
) -> None:
    response = caller(world, "admin").send("post", N, NOTICE)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["recorded"] == 4 and len(body["items"]) == 4
    for item in body["items"]:
        assert (item["state"], item["sent_on"], item["number"]) == (
            "sent",
            "2023-08-03",
            "15/TB-TCT",
        )
        assert item["sent_for"] == item["date"] and item["recorded_by"] == "admin"
    entry = AuditEntry.objects.get(action="inspection_plan.notices_sent")
    assert entry.object_id == "dv-2023" and entry.actor_name == "admin"
    listed = caller(world, "appraiser").get(N, {"state": "sent"}).json()
    assert listed["count"] == 4
    # Nothing is left without a notice: the page's refusal, in both languages.
    _refused(
        caller(world, "admin").send("post", N, NOTICE),
        "Every visit already has a notice for its date",
    )


def test_it_records_one_teams_notices_only(world: World, solved: InspectionPlan) -> None:
    body = caller(world, "admin").send("post", N, {**NOTICE, "team": "01"}).json()
    assert body["recorded"] == 2 and {i["team"] for i in body["items"]} == {"01"}
    appraiser = caller(world, "appraiser")
    assert appraiser.get(N, {"state": "unsent"}).json()["count"] == 2
    assert {i["team"] for i in appraiser.get(N, {"team": "02"}).json()["items"]} == {"02"}
    assert appraiser.get(N, {"state": "lost"}).status_code == 422


def test_it_records_one_visit_and_asks_to_resend_when_it_moves(
    world: World, solved: InspectionPlan
) -> None:
    visit = Visit.objects.get(plan=solved, unit__code="lc")
    body = caller(world, "admin").send("post", N, {**NOTICE, "visit": visit.pk}).json()
    assert body["recorded"] == 1 and [i["visit"] for i in body["items"]] == [visit.pk]
    entry = AuditEntry.objects.get(action="inspection_visit.notice_sent")
    assert entry.object_id == str(visit.pk) and entry.after["number"] == "15/TB-TCT"
    Visit.objects.filter(pk=visit.pk).update(date=visit.date + dt.timedelta(days=1))
    items = caller(world, "appraiser").get(N).json()["items"]
    assert [i["state"] for i in items if i["visit"] == visit.pk] == ["resend"]


@pytest.mark.parametrize(
    ("change", "en"),
    [
        ({"number": "  "}, "Enter the notice's document number"),
        ({"sent_on": "2999-01-01"}, "The date the notice was sent is in the future"),
        ({"visit": 999_999}, "The visit does not belong to this plan"),
        ({"visit": 1, "team": "01"}, "Give a team or a visit, not both"),
    ],
)
def test_it_refuses_what_the_page_refuses(
    world: World, solved: InspectionPlan, change: dict[str, Any], en: str
) -> None:
    admin = caller(world, "admin")  # a new token is itself in the audit log
    entries = AuditEntry.objects.count()
    _refused(admin.send("post", N, {**NOTICE, **change}), en)
    assert AuditEntry.objects.count() == entries
    assert not Visit.objects.filter(notice_sent_on__isnull=False).exists()


def test_it_refuses_a_date_that_is_not_a_date(world: World, solved: InspectionPlan) -> None:
    response = caller(world, "admin").send("post", N, {**NOTICE, "sent_on": "03/08/2023"})
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["details"]] == ["body.payload.sent_on"]


def test_it_refuses_notices_before_the_schedule_is_made(world: World, plan: InspectionPlan) -> None:
    response = caller(world, "admin").send("post", N, NOTICE)
    _refused(
        response,
        "The schedule is not made (or the plan changed since): schedule it before "
        "recording notices",
    )
    assert caller(world, "admin").get(N).json() == {"items": [], "count": 0}


def test_it_does_not_take_a_visit_of_another_plan(world: World, solved: InspectionPlan) -> None:
    from tests.web.inspections.conftest import PLAN_YAML
    from thidua.web.inspections import services

    other = services.import_plan(
        world.admin, owner=world.district, text=PLAN_YAML.replace("code: dv-2023", "code: dv-b")
    )
    assert jobs.request_schedule(world.admin, other).state == "done"
    foreign = Visit.objects.filter(plan=other).first()
    assert foreign is not None
    _refused(
        caller(world, "admin").send("post", N, {**NOTICE, "visit": foreign.pk}),
        "The visit does not belong to this plan",
    )
    foreign.refresh_from_db()
    assert foreign.notice_sent_on is None


def test_it_takes_back_a_notice_recorded_by_mistake(world: World, solved: InspectionPlan) -> None:
    admin = caller(world, "admin")
    admin.send("post", N, NOTICE)
    visit = Visit.objects.filter(plan=solved).order_by("date", "id").first()
    assert visit is not None
    response = admin.send("delete", f"{N}/{visit.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["visit"], body["state"], body["sent_on"], body["number"]) == (
        visit.pk,
        "unsent",
        None,
        "",
    )
    visit.refresh_from_db()
    assert visit.notice_sent_on is None and visit.notice_number == ""
    entry = AuditEntry.objects.filter(action="inspection_visit.notice_cleared").get()
    assert entry.before["number"] == "15/TB-TCT"
    # The other visits keep their notice.
    assert Visit.objects.filter(plan=solved, notice_sent_on__isnull=False).count() == 3


def test_it_refuses_to_take_back_a_notice_never_recorded(
    world: World, solved: InspectionPlan
) -> None:
    visit = Visit.objects.filter(plan=solved).first()
    assert visit is not None
    response = caller(world, "admin").send("delete", f"{N}/{visit.pk}")
    _refused(response, "The visit has no recorded notice to take back")
    assert not AuditEntry.objects.filter(action="inspection_visit.notice_cleared").exists()


def test_a_visit_of_another_plan_is_not_found(world: World, solved: InspectionPlan) -> None:
    response = caller(world, "admin").send("delete", f"{N}/999999")
    assert response.status_code == 404
