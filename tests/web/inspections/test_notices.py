"""Notices of visits: recorded as sent (date, number, by whom), re-sent when the visit moves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.web.conftest import World
from thidua.web.audit.models import AuditEntry
from thidua.web.inspections.models import InspectionPlan, Visit

SENT_ON = "03/08/2023"


@pytest.fixture(autouse=True)
def _friday_before_the_visits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is Friday 4/8/2023: the plan's visits (7–11/8) are all ahead."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2023, 8, 4))


def _visit(plan: InspectionPlan, unit: str) -> Visit:
    return Visit.objects.get(plan=plan, unit__code=unit)


def _mark(world: World, plan: InspectionPlan, visit: Visit, user: object = None, **post: str):  # type: ignore[no-untyped-def]
    data = {"action": "sent", "number": "15/TB-TCT", "sent_on": SENT_ON, **post}
    return world.client(user or world.admin).post(  # type: ignore[arg-type]
        reverse("inspection_visit_notice", args=[plan.code, visit.pk]), data
    )


def test_it_records_a_visits_notice_and_audits_it(world: World, scheduled: InspectionPlan) -> None:
    visit = _visit(scheduled, "lc")
    assert visit.notice_state == "unsent"
    assert _mark(world, scheduled, visit).status_code == 302
    visit.refresh_from_db()
    assert visit.notice_state == "sent"
    assert (visit.notice_sent_on, visit.notice_number) == (dt.date(2023, 8, 3), "15/TB-TCT")
    assert visit.notice_sent_for == visit.date and visit.notice_recorded_by == world.admin
    entry = AuditEntry.objects.get(action="inspection_visit.notice_sent")
    assert entry.after["number"] == "15/TB-TCT" and entry.actor_name == "admin"
    page = world.client(world.admin).get(
        reverse("inspection_visit", args=[scheduled.code, visit.pk])
    )
    assert "số 15/TB-TCT, gửi ngày 03/08/2023" in page.content.decode()


def test_it_shows_the_notice_on_the_communes_home_page(
    world: World, scheduled: InspectionPlan
) -> None:
    visit = _visit(scheduled, "lc")
    home = reverse("unit", args=[world.commune.code])
    assert "Đã có thông báo" not in world.client(world.owner).get(home).content.decode()
    _mark(world, scheduled, visit)
    page = world.client(world.owner).get(home).content.decode()
    assert "Đã có thông báo số 15/TB-TCT ngày 03/08/2023" in page


def test_it_asks_for_a_new_notice_when_the_visit_moves(
    world: World, scheduled: InspectionPlan
) -> None:
    visit = _visit(scheduled, "lc")
    _mark(world, scheduled, visit)
    new_day = next(d for d in ("08/08/2023", "09/08/2023") if d != visit.date.strftime("%d/%m/%Y"))
    world.client(world.admin).post(
        reverse("inspection_add_edit", args=[scheduled.code]),
        {"kind": "pin", "team": "01", "unit": "lc", "date": new_day},
    )
    visit.refresh_from_db()
    assert visit.date.strftime("%d/%m/%Y") == new_day
    assert visit.notice_state == "resend"
    home = world.client(world.owner).get(reverse("unit", args=[world.commune.code]))
    assert "Lịch đã đổi: chờ thông báo kiểm tra mới" in home.content.decode()
    plan_page = world.client(world.admin).get(reverse("inspection_plan", args=[scheduled.code]))
    assert "1 thông báo phải gửi lại vì ngày kiểm tra đã thay đổi" in plan_page.content.decode()
    assert "Phải gửi lại" in plan_page.content.decode()
    # One notice for the whole plan covers the moved visit and those never sent.
    response = world.client(world.admin).post(
        reverse("inspection_notices", args=[scheduled.code]),
        {"number": "20/TB-TCT", "sent_on": "04/08/2023"},
        follow=True,
    )
    assert "Đã ghi nhận 4 thông báo" in response.content.decode()
    visit.refresh_from_db()
    assert visit.notice_state == "sent" and visit.notice_number == "20/TB-TCT"
    assert AuditEntry.objects.filter(action="inspection_plan.notices_sent").count() == 1


def test_it_records_a_teams_notices_only(world: World, scheduled: InspectionPlan) -> None:
    world.client(world.admin).post(
        reverse("inspection_notices", args=[scheduled.code]),
        {"number": "21/TB", "sent_on": SENT_ON, "team": "02"},
    )
    states = {v.unit.code: v.notice_state for v in scheduled.visits.select_related("unit")}
    assert states == {"phong_noi_vu": "unsent", "lc": "unsent", "phong_b": "sent", "sp": "sent"}


@pytest.mark.parametrize(
    ("post", "expected"),
    [
        ({"number": ""}, "số văn bản"),
        ({"sent_on": "31/02/2023"}, "Ngày gửi không hợp lệ"),
        ({"sent_on": "01/01/2099"}, "ở tương lai"),
    ],
)
def test_it_refuses_a_notice_without_number_or_with_a_bad_date(
    world: World, scheduled: InspectionPlan, post: dict[str, str], expected: str
) -> None:
    visit = _visit(scheduled, "lc")
    response = world.client(world.admin).post(
        reverse("inspection_visit_notice", args=[scheduled.code, visit.pk]),
        {"action": "sent", "number": "15/TB", "sent_on": SENT_ON, **post},
        follow=True,
    )
    assert expected in response.content.decode()
    visit.refresh_from_db()
    assert visit.notice_state == "unsent"


def test_it_refuses_notices_before_the_schedule_is_made(
    world: World, scheduled: InspectionPlan
) -> None:
    InspectionPlan.objects.filter(pk=scheduled.pk).update(schedule_status="")
    response = world.client(world.admin).post(
        reverse("inspection_notices", args=[scheduled.code]),
        {"number": "21/TB", "sent_on": SENT_ON},
        follow=True,
    )
    assert "hãy xếp lịch trước" in response.content.decode()
    assert not Visit.objects.filter(plan=scheduled, notice_sent_on__isnull=False).exists()


def test_it_takes_back_a_notice_recorded_by_mistake(
    world: World, scheduled: InspectionPlan
) -> None:
    visit = _visit(scheduled, "lc")
    _mark(world, scheduled, visit)
    _mark(world, scheduled, visit, action="clear")
    visit.refresh_from_db()
    assert visit.notice_state == "unsent" and visit.notice_number == ""
    assert AuditEntry.objects.filter(action="inspection_visit.notice_cleared").exists()


# --- who may record notices --------------------------------------------------------------------


def test_it_refuses_notices_to_the_appraiser_and_the_inspected_commune(
    world: World, scheduled: InspectionPlan
) -> None:
    visit = _visit(scheduled, "lc")
    assert _mark(world, scheduled, visit, world.appraiser).status_code == 403
    # The commune reads its visit (and the notice on it) but does not record it.
    assert _mark(world, scheduled, visit, world.owner).status_code == 403
    plan_url = reverse("inspection_notices", args=[scheduled.code])
    assert (
        world.client(world.appraiser)
        .post(plan_url, {"number": "1", "sent_on": SENT_ON})
        .status_code
        == 403
    )
    assert (
        world.client(world.owner).post(plan_url, {"number": "1", "sent_on": SENT_ON}).status_code
        == 404
    )
    visit.refresh_from_db()
    assert visit.notice_state == "unsent"


@pytest.mark.parametrize("who", ["peer", "outsider"])
def test_it_hides_a_visits_notice_from_other_units(
    world: World, scheduled: InspectionPlan, who: str
) -> None:
    visit = _visit(scheduled, "lc")
    user = getattr(world, who)
    assert _mark(world, scheduled, visit, user).status_code == 404
    plan_url = reverse("inspection_notices", args=[scheduled.code])
    assert world.client(user).post(plan_url, {"number": "1", "sent_on": SENT_ON}).status_code == 404
    _mark(world, scheduled, visit)
    home = world.client(user).get(reverse("unit", args=[world.commune.code]))
    assert "15/TB-TCT" not in home.content.decode()
