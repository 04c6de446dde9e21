"""Manual edits: pins and forbidden dates are re-planned; a broken rule is reported, not saved."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.web.conftest import World
from thidua.web.audit.models import AuditEntry
from thidua.web.inspections.models import Edit, InspectionPlan, Visit

WEDNESDAY = "09/08/2023"


def _pin(world: World, plan: InspectionPlan, team: str, unit: str, day: str) -> str:
    response = world.client(world.admin).post(
        reverse("inspection_add_edit", args=[plan.code]),
        {"kind": "pin", "team": team, "unit": unit, "date": day},
        follow=True,
    )
    return response.content.decode()


def test_it_pins_a_visit_and_replans_around_it(world: World, scheduled: InspectionPlan) -> None:
    _pin(world, scheduled, "01", "lc", WEDNESDAY)
    visit = Visit.objects.get(plan=scheduled, unit__code="lc")
    assert visit.date == dt.date(2023, 8, 9)
    assert visit.notice_date == dt.date(2023, 8, 7)
    assert Edit.objects.filter(plan=scheduled, kind="pin").count() == 1
    assert AuditEntry.objects.filter(action="inspection_plan.pin").exists()


def test_it_reports_a_pin_on_a_saturday_and_saves_nothing(
    world: World, scheduled: InspectionPlan
) -> None:
    before = {v.pk: v.date for v in Visit.objects.filter(plan=scheduled)}
    page = _pin(world, scheduled, "01", "lc", "12/08/2023")
    assert "Không lưu" in page and "không phải ngày làm việc" in page
    assert not Edit.objects.filter(plan=scheduled).exists()
    assert {v.pk: v.date for v in Visit.objects.filter(plan=scheduled)} == before


def test_it_reports_two_pins_that_need_phong_a_in_two_places(
    world: World, scheduled: InspectionPlan
) -> None:
    _pin(world, scheduled, "01", "phong_noi_vu", WEDNESDAY)
    # Phòng A sits on team 02: team 02 cannot be out the day Phòng A is inspected.
    page = _pin(world, scheduled, "02", "sp", WEDNESDAY)
    assert "Không lưu" in page and "Phòng Nội vụ" in page
    assert Edit.objects.filter(plan=scheduled).count() == 1
    assert Visit.objects.get(plan=scheduled, unit__code="sp").date != dt.date(2023, 8, 9)


def test_it_moves_a_visit_off_a_forbidden_date(world: World, scheduled: InspectionPlan) -> None:
    day = Visit.objects.get(plan=scheduled, unit__code="lc").date
    world.client(world.admin).post(
        reverse("inspection_add_edit", args=[scheduled.code]),
        {"kind": "forbid", "unit": "lc", "date": day.strftime("%d/%m/%Y")},
    )
    assert Visit.objects.get(plan=scheduled, unit__code="lc").date != day
    edit = Edit.objects.get(plan=scheduled)
    world.client(world.admin).post(
        reverse("inspection_remove_edit", args=[scheduled.code, edit.pk])
    )
    assert not Edit.objects.filter(plan=scheduled).exists()


def test_it_refuses_edits_from_the_district_appraiser(
    world: World, scheduled: InspectionPlan
) -> None:
    response = world.client(world.appraiser).post(
        reverse("inspection_add_edit", args=[scheduled.code]),
        {"kind": "pin", "team": "01", "unit": "lc", "date": WEDNESDAY},
    )
    assert response.status_code == 403
    assert not Edit.objects.exists()
