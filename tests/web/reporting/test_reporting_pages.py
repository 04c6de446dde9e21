"""Every reporting route, tried by every named user; and what the pages tell a unit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.conftest import World
from tests.web.reporting.conftest import PDF, Clock, SendFn, instance, vn
from thidua.web.reporting.models import LatenessEvent, Obligation, Submission

JULY = dt.date(2023, 7, 20)
WHO = ("owner", "peer", "outsider", "appraiser", "admin")


def _get(world: World, who: str, path: str) -> int:
    return world.client(getattr(world, who)).get(path).status_code


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("peer", 200), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
def test_it_shows_the_overview_to_everyone_in_the_campaign(
    world: World, monthly: Obligation, who: str, expected: int
) -> None:
    assert _get(world, who, reverse("reports", args=[world.campaign.code])) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("peer", 404), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
def test_it_shows_a_units_record_only_to_its_tree(
    world: World, monthly: Obligation, who: str, expected: int
) -> None:
    path = reverse("unit_reports", args=[world.campaign.code, world.commune.code])
    assert _get(world, who, path) == expected


def test_the_compliance_page_lists_only_units_the_user_may_see(
    world: World, monthly: Obligation, send: SendFn, frozen: Clock
) -> None:
    send(instance(monthly, JULY), vn(2023, 7, 19))
    frozen.set(vn(2023, 7, 25))
    path = reverse("report_obligation", args=[world.campaign.code, monthly.pk])
    path += f"?instance={instance(monthly, JULY).pk}"
    admin_page = world.client(world.admin).get(path).content.decode()
    assert "Xã Lũng Cú" in admin_page and "Xã Sà Phìn" in admin_page
    assert "Đúng hạn" in admin_page and "Quá hạn 5 ngày, chưa nộp" in admin_page
    owner_page = world.client(world.owner).get(path).content.decode()
    assert "Xã Lũng Cú" in owner_page and "Xã Sà Phìn" not in owner_page
    assert _get(world, "outsider", path) == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 302), ("peer", 403), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
def test_only_the_units_reporters_and_admins_submit(
    world: World, monthly: Obligation, frozen: Clock, who: str, expected: int
) -> None:
    path = reverse(
        "report_submit", args=[world.campaign.code, world.commune.code, instance(monthly, JULY).pk]
    )
    response = world.client(getattr(world, who)).post(
        path,
        {"files": SimpleUploadedFile("bc.pdf", PDF), "document_number": "5/BC"},
    )
    if who == "peer":  # the peer cannot even read Lũng Cú's record
        expected = 404
    assert response.status_code == expected
    assert Submission.objects.exists() is (expected == 302)


def test_a_submission_through_the_page_is_stamped_by_the_server(
    world: World, monthly: Obligation, frozen: Clock
) -> None:
    frozen.set(vn(2023, 7, 21, 8, 30))
    path = reverse(
        "report_submit", args=[world.campaign.code, world.commune.code, instance(monthly, JULY).pk]
    )
    world.client(world.owner).post(
        path,
        {
            "files": [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF + b"2")],
            "submitted_at": "2023-07-19 08:00",  # ignored: the time is the server's
        },
    )
    sub = Submission.objects.get()
    assert sub.submitted_at == vn(2023, 7, 21, 8, 30)
    assert sub.files.count() == 2
    assert LatenessEvent.objects.get().kind == "late_1_2_days"


def test_it_refuses_a_file_that_is_not_a_document(
    world: World, monthly: Obligation, frozen: Clock
) -> None:
    path = reverse(
        "report_submit", args=[world.campaign.code, world.commune.code, instance(monthly, JULY).pk]
    )
    response = world.client(world.owner).post(
        path, {"files": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")}, follow=True
    )
    assert "chỉ nhận tệp PDF" in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("peer", 404), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
def test_it_serves_report_files_only_to_the_units_tree(
    world: World, monthly: Obligation, send: SendFn, who: str, expected: int
) -> None:
    sub = send(instance(monthly, JULY), vn(2023, 7, 19))
    f = sub.files.get()
    response = world.client(getattr(world, who)).get(reverse("report_file", args=[f.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 404), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
def test_only_the_campaign_admin_waives(
    world: World, monthly: Obligation, send: SendFn, who: str, expected: int
) -> None:
    send(instance(monthly, JULY), vn(2023, 7, 24))
    ev = LatenessEvent.objects.get()
    response = world.client(getattr(world, who)).post(
        reverse("report_waive", args=[world.campaign.code, ev.pk]), {"reason": "sự cố mạng"}
    )
    assert response.status_code == expected
    ev.refresh_from_db()
    assert ev.waived is (expected == 302)


@pytest.mark.parametrize(
    ("route", "data"),
    [
        (
            "reports_create",
            {
                "title": "BC quý",
                "scope": "level",
                "level": "commune",
                "frequency": "ad_hoc",
                "due_date": "2023-09-30",
            },
        ),
        ("reports_cutoff", {"cutoff": "2023-11-30"}),
        ("reports_refresh", {}),
    ],
)
@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 403), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
def test_only_the_campaign_admin_manages_obligations(
    world: World, monthly: Obligation, route: str, data: dict[str, str], who: str, expected: int
) -> None:
    data = {**data, "recipient": str(world.district.pk)}
    response = world.client(getattr(world, who)).post(
        reverse(route, args=[world.campaign.code]), data
    )
    assert response.status_code == expected


def test_an_admin_creates_an_ad_hoc_report_from_the_page(world: World, frozen: Clock) -> None:
    response = world.client(world.admin).post(
        reverse("reports_create", args=[world.campaign.code]),
        {
            "title": "Báo cáo kết quả tuyên truyền, quán triệt",
            "recipient": str(world.province.pk),
            "scope": "subtree",
            "root": str(world.district.pk),
            "frequency": "ad_hoc",
            "due_date": "2023-06-30",
        },
    )
    assert response.status_code == 302
    ob = Obligation.objects.get()
    assert [u.code for u in ob.owing_units()] == ["HG.DV", "HG.DV.LC", "HG.DV.SP"]
    assert [i.due_date for i in ob.instances.all()] == [dt.date(2023, 6, 30)]


def test_a_bad_recurrence_is_explained(world: World, frozen: Clock) -> None:
    response = world.client(world.admin).post(
        reverse("reports_create", args=[world.campaign.code]),
        {
            "title": "Báo cáo 6 tháng",
            "recipient": str(world.province.pk),
            "scope": "level",
            "level": "district",
            "frequency": "six_monthly",
            "day": "15",
            "month": "9",
        },
        follow=True,
    )
    assert "tháng đầu tiên từ 1 đến 6" in response.content.decode()
    assert not Obligation.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 403), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
def test_only_the_campaign_admin_adds_instances(
    world: World, monthly: Obligation, who: str, expected: int
) -> None:
    response = world.client(getattr(world, who)).post(
        reverse("report_add_instance", args=[world.campaign.code, monthly.pk]),
        {"due_date": "2023-12-05", "label": "Bổ sung"},
    )
    assert response.status_code == expected


def test_the_unit_sees_what_it_will_lose_before_the_deadline_passes(
    world: World, monthly: Obligation, frozen: Clock
) -> None:
    frozen.set(vn(2023, 7, 22, 9))  # July's report is 2 days overdue
    page = world.client(world.owner).get(reverse("unit", args=[world.commune.code]))
    html = page.content.decode()
    assert 'id="report-reminders"' in html
    assert "Báo cáo tháng Đề án 06 — Tháng 7/2023" in html
    assert "Nộp hôm nay bị trừ -1 điểm" in html
    assert "Không nộp trước ngày chốt 30/11/2023: -5 điểm" in html
    record = world.client(world.owner).get(
        reverse("unit_reports", args=[world.campaign.code, world.commune.code])
    )
    assert "Quá hạn 2 ngày, chưa nộp" in record.content.decode()


def test_reminders_disappear_once_the_report_is_sent(
    world: World, monthly: Obligation, send: SendFn, frozen: Clock
) -> None:
    send(instance(monthly, JULY), vn(2023, 7, 18))
    frozen.set(vn(2023, 7, 19))
    html = world.client(world.owner).get(reverse("unit", args=[world.commune.code])).content
    assert b"report-reminders" not in html


def test_the_record_speaks_english_on_request(
    world: World, monthly: Obligation, frozen: Clock
) -> None:
    frozen.set(vn(2023, 7, 22, 9))
    client = world.client(world.owner)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(
        reverse("unit_reports", args=[world.campaign.code, world.commune.code])
    ).content.decode()
    assert "Reports of" in html and "Overdue by 2 days, not sent" in html
    assert "Sending today costs -1" in html
