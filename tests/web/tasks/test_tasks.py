"""Department task lists in a campaign: load, review names, report, contribute, confirm, summarise.

"Công an tỉnh" (lead of 15 Annex 1 tasks) is resolved to Đồng Văn here, so
that the named users meet it: ``admin`` (province) is above it, ``appraiser``
holds a role in it but not above it, ``owner`` and ``peer`` are communes below it.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.web.conftest import World
from thidua.web.accounts.models import Membership
from thidua.web.errors import BadInput, Denied
from thidua.web.tasks import services
from thidua.web.tasks.models import AgencyName, Task, TaskList

DUE = dt.date(2023, 11, 30)


@pytest.fixture
def tasklist(world: World) -> TaskList:
    tl = services.load_builtin(
        world.admin, campaign=world.campaign, code="hagiang-2023-departments", default_due=DUE
    )
    services.review_name(
        world.admin, name=tl.names.get(name="Công an tỉnh"), units=[world.district]
    )
    services.review_name(
        world.admin, name=tl.names.get(name="UBND các huyện, TP"), units=[world.other_district]
    )
    return tl


def police_task(tl: TaskList) -> Task:
    return tl.tasks.get(label="1.1")  # lead: Công an tỉnh; coordinating: … UBND các huyện, TP


def test_it_loads_annex_1_with_every_name_waiting_for_review(world: World) -> None:
    tl = services.load_builtin(
        world.admin, campaign=world.campaign, code="hagiang-2023-departments", default_due=DUE
    )
    assert tl.tasks.count() == 71
    assert tl.tasks.get(label="1.2").label_printed == "1,2"
    # "Theo KH 69 và KH108 của UBND tỉnh" names no date: the list's default applies.
    assert set(tl.tasks.values_list("due_date", flat=True)) == {DUE}
    names = AgencyName.objects.filter(task_list=tl)
    assert names.count() > 20 and set(names.values_list("status", flat=True)) == {"pending"}
    # The district names are suggested as the campaign's districts, waiting for confirmation.
    suggested = {u.code for u in names.get(name="UBND các huyện, TP").units.all()}
    assert suggested == {"HG.DV", "HG.BM"}
    with pytest.raises(BadInput):
        services.load_builtin(
            world.admin, campaign=world.campaign, code="hagiang-2023-departments", default_due=DUE
        )


def test_only_confirmed_names_give_a_task_its_units(world: World) -> None:
    tl = services.load_builtin(
        world.admin, campaign=world.campaign, code="hagiang-2023-departments", default_due=DUE
    )
    task = police_task(tl)
    assert services.lead_units(task) == []
    services.review_name(
        world.admin, name=tl.names.get(name="Công an tỉnh"), units=[world.district]
    )
    assert services.lead_units(task) == [world.district]
    with pytest.raises(Denied):
        services.review_name(world.appraiser, name=tl.names.get(name="Sở Y tế"), units=[])


def test_the_lead_unit_reports_and_the_level_above_confirms(
    world: World, tasklist: TaskList
) -> None:
    lead_reporter = world.owner
    Membership.objects.create(user=lead_reporter, unit=world.district, role="reporter")
    lead_reporter._thidua_grants = None  # type: ignore[attr-defined]
    task = police_task(tasklist)
    with pytest.raises(BadInput):  # done needs a result
        services.report(
            lead_reporter,
            task=task,
            unit=world.district,
            status="done",
            result_text="",
            completed_on=dt.date(2023, 7, 1),
            expected_version=task.version,
        )
    task = services.report(
        lead_reporter,
        task=task,
        unit=world.district,
        status="done",
        result_text="Đã tham mưu Chỉ thị 27-CT/TU",
        completed_on=dt.date(2023, 12, 5),  # 5 days after the due date
        expected_version=task.version,
    )
    assert task.done_late
    with pytest.raises(Denied):  # a role in the lead unit itself does not confirm
        services.confirm(
            world.appraiser, task=task, accept=True, note="", expected_version=task.version
        )
    with pytest.raises(BadInput):
        services.confirm(
            world.admin, task=task, accept=False, note="", expected_version=task.version
        )
    task = services.confirm(
        world.admin, task=task, accept=True, note="", expected_version=task.version
    )
    assert task.confirmation == "confirmed"
    (row,) = [r for r in services.department_summary(tasklist) if r.unit == world.district]
    assert (row.tasks, row.done_on_time, row.done_late, row.confirmed) == (15, 0, 1, 1)
    assert row.open == 14


def test_returning_a_report_reopens_the_task(world: World, tasklist: TaskList) -> None:
    task = services.report(
        world.admin,
        task=police_task(tasklist),
        unit=world.district,
        status="done",
        result_text="xong",
        completed_on=dt.date(2023, 8, 1),
        expected_version=1,
    )
    task = services.confirm(
        world.admin, task=task, accept=False, note="Thiếu văn bản", expected_version=task.version
    )
    assert (task.status, task.confirmation, task.completed_on) == ("in_progress", "returned", None)


def test_a_stale_report_is_refused(world: World, tasklist: TaskList) -> None:
    from thidua.web.errors import Stale

    task = police_task(tasklist)
    services.report(
        world.admin,
        task=task,
        unit=world.district,
        status="in_progress",
        result_text="",
        completed_on=None,
        expected_version=1,
    )
    with pytest.raises(Stale):
        services.report(
            world.admin,
            task=task,
            unit=world.district,
            status="done",
            result_text="x",
            completed_on=None,
            expected_version=1,
        )


def test_open_tasks_past_their_due_date_count_as_overdue(world: World, tasklist: TaskList) -> None:
    (row,) = [
        r
        for r in services.department_summary(tasklist, today=dt.date(2023, 12, 1))
        if r.unit == world.district
    ]
    assert (row.open, row.overdue) == (15, 15)
    (row,) = [
        r
        for r in services.department_summary(tasklist, today=dt.date(2023, 11, 30))
        if r.unit == world.district
    ]
    assert row.overdue == 0


def test_coordinating_units_add_contributions(world: World, tasklist: TaskList) -> None:
    task = police_task(tasklist)
    with pytest.raises(BadInput):  # Đồng Văn leads, it does not coordinate
        services.contribute(world.admin, task=task, unit=world.district, text="x")
    c = services.contribute(
        world.admin, task=task, unit=world.other_district, text="Đã phối hợp tuyên truyền"
    )
    assert c.unit == world.other_district


def _xlsx(rows: list[list[str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(
        [
            "TT",
            "Nhiệm vụ, giải pháp",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
            "Kết quả thực hiện",
            "Ghi chú",
        ]
    )
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_admin_imports_a_list_from_excel(world: World) -> None:
    data = _xlsx([["1", "Nhóm"], ["1.1", "Rà soát dữ liệu", "Huyện Bắc Mê", "", "Tháng 9/2023"]])
    response = world.client(world.admin).post(
        reverse("task_load", args=[world.campaign.code]),
        {
            "file": SimpleUploadedFile("pl1.xlsx", data),
            "code": "pl1",
            "title": "Phụ lục 1 bổ sung",
            "default_due": "2023-11-30",
        },
    )
    assert response.status_code == 302
    tl = TaskList.objects.get(code="pl1")
    task = tl.tasks.get()
    assert task.due_date == dt.date(2023, 9, 30)
    assert [u.code for u in tl.names.get().units.all()] == ["HG.BM"]  # exact name suggested


def test_a_bad_excel_file_is_explained_row_by_row(world: World) -> None:
    response = world.client(world.admin).post(
        reverse("task_load", args=[world.campaign.code]),
        {
            "file": SimpleUploadedFile(
                "pl1.xlsx", _xlsx([["1", "Nhóm"], ["1.1", "Không chủ trì", ""]])
            ),
            "code": "pl1",
            "title": "x",
        },
        follow=True,
    )
    assert (
        "dòng 3, cột &#x27;Cơ quan chủ trì&#x27;: thiếu cơ quan chủ trì"
        in response.content.decode()
    )
    assert not TaskList.objects.exists()


WHO = ("owner", "peer", "outsider", "appraiser", "admin")


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("peer", 200), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
@pytest.mark.parametrize("route", ["task_lists", "task_list", "task_names", "task"])
def test_everyone_in_the_campaign_reads_the_task_pages(
    world: World, tasklist: TaskList, route: str, who: str, expected: int
) -> None:
    args: list[object] = [world.campaign.code]
    if route in ("task_list", "task_names"):
        args.append(tasklist.pk)
    if route == "task":
        args.append(police_task(tasklist).pk)
    response = world.client(getattr(world, who)).get(reverse(route, args=args))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 403), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
def test_only_the_lead_units_people_report(
    world: World, tasklist: TaskList, who: str, expected: int
) -> None:
    task = police_task(tasklist)
    response = world.client(getattr(world, who)).post(
        reverse("task_action", args=[world.campaign.code, task.pk, "report"]),
        {"unit": world.district.code, "status": "in_progress", "version": task.version},
    )
    assert response.status_code == expected
    task.refresh_from_db()
    assert (task.status == "in_progress") is (expected == 302)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 403), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
def test_only_appraisers_above_the_lead_confirm(
    world: World, tasklist: TaskList, who: str, expected: int
) -> None:
    task = services.report(
        world.admin,
        task=police_task(tasklist),
        unit=world.district,
        status="done",
        result_text="xong",
        completed_on=dt.date(2023, 8, 1),
        expected_version=1,
    )
    response = world.client(getattr(world, who)).post(
        reverse("task_action", args=[world.campaign.code, task.pk, "confirm"]),
        {"accept": "1", "version": task.version},
    )
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 403), ("outsider", 404), ("appraiser", 403), ("admin", 302)],
)
@pytest.mark.parametrize("route", ["task_load", "names", "due", "contribute", "evidence"])
def test_the_other_task_actions_follow_the_policy(
    world: World, tasklist: TaskList, route: str, who: str, expected: int
) -> None:
    task = police_task(tasklist)
    client = world.client(getattr(world, who))
    if route == "task_load":
        response = client.post(
            reverse("task_load", args=[world.campaign.code]),
            {"builtin": "hagiang-2023-departments"},
        )
        if expected == 302:
            assert response.status_code == 302  # refused as a duplicate, back to the lists
            return
    elif route == "names":
        response = client.post(
            reverse("task_names", args=[world.campaign.code, tasklist.pk]),
            {"name": tasklist.names.get(name="Sở Y tế").pk, "units": []},
        )
    elif route == "due":
        response = client.post(
            reverse("task_action", args=[world.campaign.code, task.pk, "due"]),
            {"due_date": "2023-12-10", "reason": "gia hạn"},
        )
    elif route == "contribute":
        response = client.post(
            reverse("task_action", args=[world.campaign.code, task.pk, "contribute"]),
            {"unit": world.other_district.code, "text": "đã phối hợp"},
        )
    else:
        response = client.post(
            reverse("task_action", args=[world.campaign.code, task.pk, "evidence"]),
            {"unit": world.district.code, "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")},
        )
    assert response.status_code == expected


def test_the_list_page_shows_the_summary_per_department(world: World, tasklist: TaskList) -> None:
    html = (
        world.client(world.admin)
        .get(reverse("task_list", args=[world.campaign.code, tasklist.pk]))
        .content.decode()
    )
    assert "Huyện Đồng Văn" in html and "Hoàn thành đúng hạn" in html
    assert "tên cơ quan chưa được rà soát" in html
