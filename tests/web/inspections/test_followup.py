"""The unit's report along the outline, findings, recommendations and their follow-up."""

from __future__ import annotations

from django.urls import reverse

from tests.web.conftest import World
from thidua.web.audit.models import AuditEntry
from thidua.web.inspections.models import InspectionPlan, Recommendation, UnitReport, Visit


def _visit(plan: InspectionPlan, unit: str) -> Visit:
    return Visit.objects.get(plan=plan, unit__code=unit)


def test_it_gives_the_commune_outline_b_and_the_office_outline_a(
    world: World, scheduled: InspectionPlan
) -> None:
    client = world.client(world.admin)
    commune = client.get(
        reverse("inspection_report", args=[scheduled.code, _visit(scheduled, "lc").pk])
    )
    assert "B.I." in commune.content.decode()
    office = client.get(
        reverse("inspection_report", args=[scheduled.code, _visit(scheduled, "phong_noi_vu").pk])
    )
    page = office.content.decode()
    assert "A.1" in page and "A.noi_vu" in page  # Phòng Nội vụ gets its extra questions


def test_it_lets_the_commune_fill_and_send_its_report(
    world: World, scheduled: InspectionPlan
) -> None:
    visit = _visit(scheduled, "lc")
    url = reverse("inspection_report", args=[scheduled.code, visit.pk])
    client = world.client(world.owner)
    page = client.get(url).content.decode()
    assert 'name="q-B.I.1' in page
    client.post(url, {"q-B.I.1.3.a": "Đã ban hành kế hoạch", "submit": "0"})
    report = UnitReport.objects.get(visit=visit)
    assert report.status == "draft" and report.answers
    client.post(url, {"q-B.I.1.3.a": "Đã ban hành kế hoạch số 12", "submit": "1"})
    report.refresh_from_db()
    assert report.status == "submitted"
    client.post(url, {"q-B.I.1.3.a": "sửa sau khi gửi", "submit": "0"})
    report.refresh_from_db()
    assert "sửa sau khi gửi" not in str(report.answers)
    assert AuditEntry.objects.filter(action="inspection_report.submit").exists()


def test_it_hides_a_communes_visit_and_report_from_its_peer(
    world: World, scheduled: InspectionPlan
) -> None:
    visit = _visit(scheduled, "lc")
    peer = world.client(world.peer)
    assert peer.get(reverse("inspection_visit", args=[scheduled.code, visit.pk])).status_code == 404
    assert (
        peer.get(reverse("inspection_report", args=[scheduled.code, visit.pk])).status_code == 404
    )
    r = peer.post(reverse("inspection_report", args=[scheduled.code, visit.pk]), {"submit": "1"})
    assert r.status_code == 404
    assert (
        world.client(world.owner)
        .get(reverse("inspection_visit", args=[scheduled.code, visit.pk]))
        .status_code
        == 200
    )
    assert (
        world.client(world.outsider)
        .get(reverse("inspection_visit", args=[scheduled.code, visit.pk]))
        .status_code
        == 404
    )


def test_it_refuses_a_number_that_is_not_one(world: World, scheduled: InspectionPlan) -> None:
    from thidua.web.inspections import followup

    visit = _visit(scheduled, "lc")
    form = followup.form_for(visit)
    assert form is not None
    number = next(q for q in form.leaves() if q.answer == "number")
    url = reverse("inspection_report", args=[scheduled.code, visit.pk])
    page = world.client(world.owner).post(
        url, {f"q-{number.key}": "mười", "submit": "0"}, follow=True
    )
    assert "không phải là số" in page.content.decode()
    assert not UnitReport.objects.filter(visit=visit).exclude(answers={}).exists()


def test_it_follows_a_recommendation_to_closure(world: World, scheduled: InspectionPlan) -> None:
    visit = _visit(scheduled, "lc")
    add = reverse("inspection_add_finding", args=[scheduled.code, visit.pk])
    team = world.client(world.appraiser)
    team.post(add, {"kind": "finding", "text": "Chưa cập nhật dữ liệu dân cư"})
    team.post(
        add,
        {
            "kind": "recommendation",
            "text": "Làm sạch dữ liệu",
            "responsible": "Công an xã",
            "due": "30/09/2023",
        },
    )
    rec = Recommendation.objects.get(visit=visit)
    # The commune cannot record findings; its peer cannot even see the recommendation.
    assert world.client(world.owner).post(add, {"kind": "finding", "text": "x"}).status_code == 403
    progress = reverse("inspection_recommendation", args=[rec.pk, "progress"])
    assert world.client(world.peer).post(progress, {"text": "x"}).status_code == 404
    world.client(world.owner).post(progress, {"text": "Đã làm sạch 80%"})
    assert rec.progress.count() == 1
    close = reverse("inspection_recommendation", args=[rec.pk, "close"])
    assert world.client(world.owner).post(close, {"note": ""}).status_code == 403
    overview = team.get(reverse("inspection_recommendations", args=[scheduled.code]))
    assert "Xã Lũng Cú" in overview.content.decode()
    team.post(close, {"note": "Đã hoàn thành"})
    rec.refresh_from_db()
    assert rec.status == "closed"
    assert AuditEntry.objects.filter(action="inspection_recommendation.close").exists()


def test_it_reminds_the_commune_on_its_home_page(world: World, scheduled: InspectionPlan) -> None:
    page = (
        world.client(world.owner).get(reverse("unit", args=[world.commune.code])).content.decode()
    )
    assert "Đoàn kiểm tra số 01" in page and "Chưa gửi báo cáo" in page
    peer_page = world.client(world.peer).get(reverse("unit", args=[world.peer_commune.code]))
    assert "Đoàn kiểm tra số 01" not in peer_page.content.decode()
