"""Importing a plan and pressing the schedule button."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from tests.web.conftest import World
from tests.web.inspections.conftest import PLAN_YAML
from thidua import scheduling
from thidua.web.audit.models import AuditEntry
from thidua.web.inspections import services
from thidua.web.inspections.models import InspectionPlan, PlanUnit, Visit


def test_it_imports_a_plan_from_yaml_and_links_the_communes(world: World) -> None:
    response = world.client(world.admin).post(
        reverse("inspection_import"), {"owner": world.district.code, "text": PLAN_YAML}
    )
    assert response.status_code == 302
    plan = InspectionPlan.objects.get(code="dv-2023")
    assert plan.owner == world.district and plan.teams.count() == 2
    assert PlanUnit.objects.get(plan=plan, code="lc").unit == world.commune
    assert PlanUnit.objects.get(plan=plan, code="phong_noi_vu").unit is None
    assert AuditEntry.objects.filter(action="inspection_plan.import").exists()


def test_it_reports_every_problem_of_a_bad_file(world: World) -> None:
    bad = PLAN_YAML.replace("inspects: [phong_b, sp]", "inspects: [phong_b, nowhere]")
    response = world.client(world.admin).post(
        reverse("inspection_import"), {"owner": world.district.code, "text": bad}
    )
    assert response.status_code == 422
    assert "nowhere" in response.content.decode()
    assert not InspectionPlan.objects.exists()


def test_it_refuses_an_import_by_a_commune_reporter(world: World) -> None:
    response = world.client(world.owner).post(
        reverse("inspection_import"), {"owner": world.district.code, "text": PLAN_YAML}
    )
    assert response.status_code == 403
    assert not InspectionPlan.objects.exists()


def test_it_schedules_from_the_button_and_the_core_accepts_the_schedule(
    world: World, plan: InspectionPlan
) -> None:
    response = world.client(world.admin).post(reverse("inspection_schedule", args=[plan.code]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.schedule_status in ("optimal", "feasible")
    core = services.core_plan(plan)
    visits = [
        scheduling.Visit(v.team.code, v.unit.code, v.date, v.notice_date)
        for v in Visit.objects.filter(plan=plan).select_related("team", "unit")
    ]
    assert len(visits) == 4
    assert scheduling.check_visits(core, visits) == ()
    team = plan.teams.get(code="01")
    assert team.result_notice_due is not None and team.report_deadline is not None
    page = world.client(world.admin).get(reverse("inspection_plan", args=[plan.code]))
    assert "Xã Lũng Cú" in page.content.decode()


def test_it_keeps_a_commune_reporter_from_scheduling(world: World, plan: InspectionPlan) -> None:
    response = world.client(world.owner).post(reverse("inspection_schedule", args=[plan.code]))
    assert response.status_code == 404  # the commune does not even see the plan
    plan.refresh_from_db()
    assert plan.schedule_status == ""


def test_it_shows_the_plan_to_the_district_appraiser_only(
    world: World, scheduled: InspectionPlan
) -> None:
    url = reverse("inspection_plan", args=[scheduled.code])
    assert world.client(world.appraiser).get(url).status_code == 200
    assert world.client(world.owner).get(url).status_code == 404
    assert world.client(world.peer).get(url).status_code == 404
    assert world.client(world.outsider).get(url).status_code == 404
    assert world.client(None).get(url).status_code == 302


def test_it_keeps_visits_and_their_reports_on_reimport(
    world: World, scheduled: InspectionPlan
) -> None:
    visit = Visit.objects.get(plan=scheduled, unit__code="lc")
    services.import_plan(world.admin, owner=world.district, text=PLAN_YAML)
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_it_downloads_documents_that_open_with_python_docx(
    world: World, scheduled: InspectionPlan
) -> None:
    import docx
    import openpyxl

    client = world.client(world.admin)
    plan_doc = client.get(reverse("inspection_document", args=[scheduled.code, "plan"]))
    assert plan_doc.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(plan_doc.content)).paragraphs)
    assert "KẾ HOẠCH" in text.upper()
    visit = Visit.objects.get(plan=scheduled, unit__code="lc")
    for kind in ("notice", "result", "report"):
        r = client.get(reverse("inspection_visit_document", args=[scheduled.code, visit.pk, kind]))
        assert r.status_code == 200
        docx.Document(io.BytesIO(r.content))
    xlsx = client.get(reverse("inspection_document", args=[scheduled.code, "xlsx"]))
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames
    assert (
        client.get(reverse("inspection_document", args=[scheduled.code, "zip"])).status_code == 200
    )


@pytest.mark.parametrize("kind", ["notice", "result"])
def test_it_gives_the_inspected_commune_its_own_notices_only(
    world: World, scheduled: InspectionPlan, kind: str
) -> None:
    own = Visit.objects.get(plan=scheduled, unit__code="lc")
    other = Visit.objects.get(plan=scheduled, unit__code="sp")
    client = world.client(world.owner)
    url = "inspection_visit_document"
    assert client.get(reverse(url, args=[scheduled.code, own.pk, kind])).status_code == 200
    assert client.get(reverse(url, args=[scheduled.code, other.pk, kind])).status_code == 404
    assert client.get(reverse(url, args=[scheduled.code, own.pk, "report"])).status_code == 404
    assert (
        client.get(reverse("inspection_document", args=[scheduled.code, "plan"])).status_code == 404
    )


def test_it_lists_plans_to_the_people_who_see_them(world: World, plan: InspectionPlan) -> None:
    url = reverse("inspections")
    assert plan.code in world.client(world.appraiser).get(url).content.decode()
    assert plan.code not in world.client(world.peer).get(url).content.decode()
    assert plan.code not in world.client(world.outsider).get(url).content.decode()


def test_it_prefills_the_edit_form_with_the_plan_as_yaml(
    world: World, plan: InspectionPlan
) -> None:
    url = reverse("inspection_import") + f"?plan={plan.code}"
    page = world.client(world.admin).get(url).content.decode()
    assert "phong_noi_vu" in page and "Đoàn kiểm tra số 02" in page
    assert world.client(world.peer).get(url).status_code == 404


def test_it_shows_open_recommendations_to_the_team_only(
    world: World, scheduled: InspectionPlan
) -> None:
    url = reverse("inspection_recommendations", args=[scheduled.code])
    assert world.client(world.appraiser).get(url).status_code == 200
    assert world.client(world.owner).get(url).status_code == 404
    assert world.client(world.peer).get(url).status_code == 404
