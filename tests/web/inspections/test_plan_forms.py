"""Making a plan in forms, without YAML: header, units from the tree or by hand, teams.

The forms store through the same parser as the YAML import, so a plan made either way
exports to the same YAML and imports back unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from django.contrib.auth.models import User
from django.urls import reverse

from tests.web.conftest import World
from tests.web.inspections.conftest import PLAN_YAML
from thidua.web.accounts.models import Membership, Role
from thidua.web.audit.models import AuditEntry
from thidua.web.inspections import services
from thidua.web.inspections.models import InspectionPlan, PlanUnit, Team

HEADER = {
    "owner": "HG.DV",
    "code": "dv-2024",
    "title": "Kế hoạch kiểm tra Đề án 06 năm 2024",
    "issuing_body": "Tổ công tác Đề án 06 huyện Đồng Văn",
    "place": "Đồng Văn",
    "window_start": "05/08/2024",
    "window_end": "16/08/2024",
    "register_by": "31/07/2024",
    "report_due": "30/08/2024",
    "notice_working_days": "2",
    "result_notice_working_days": "5",
    "visits_per_team_per_day": "1",
    "excluded_dates": "",
}


@pytest.fixture
def other_admin(world: World) -> User:
    """An administrator of Bắc Mê, the other district of the province."""
    user = User.objects.create_user("other_admin")
    Membership.objects.create(user=user, unit=world.other_district, role=Role.ADMIN)
    return user


def _create(world: World, **changes: str) -> Any:
    return world.client(world.admin).post(reverse("inspection_new"), {**HEADER, **changes})


def _role(plan: InspectionPlan, code: str) -> str:
    return f"role-{PlanUnit.objects.get(plan=plan, code=code).pk}"


def _team_post(plan: InspectionPlan, roles: dict[str, str], **fields: str) -> dict[str, Any]:
    return {"version": plan.version, **fields, **{_role(plan, c): r for c, r in roles.items()}}


@pytest.fixture
def built(world: World) -> InspectionPlan:
    """The conftest plan's content, entered in the forms instead of YAML."""
    client = world.client(world.admin)
    assert (
        _create(
            world,
            code="dv-form",
            window_start="07/08/2023",
            window_end="11/08/2023",
            register_by="01/08/2023",
            report_due="25/08/2023",
        ).status_code
        == 302
    )
    plan = InspectionPlan.objects.get(code="dv-form")
    units = reverse("inspection_units", args=[plan.code])
    for name, code, kind in [
        ("Công an huyện", "ca_huyen", "phong_ban"),
        ("Văn phòng HĐND - UBND huyện", "vp", "phong_ban"),
        ("Phòng Nội vụ", "phong_noi_vu", "phong_ban"),
        ("Phòng Tư pháp", "phong_b", "phong_ban"),
    ]:
        plan.refresh_from_db()
        r = client.post(units, {"version": plan.version, "name": name, "code": code, "kind": kind})
        assert r.status_code == 302
    plan.refresh_from_db()
    pick = reverse("inspection_units_pick", args=[plan.code])
    assert (
        client.post(pick, {"version": plan.version, "pick": ["HG.DV.LC", "HG.DV.SP"]}).status_code
        == 302
    )
    new_team = reverse("inspection_team_new", args=[plan.code])
    plan.refresh_from_db()
    r = client.post(
        new_team,
        _team_post(
            plan,
            {"ca_huyen": "lead", "phong_noi_vu": "inspected", "HG.DV.LC": "inspected"},
            name="Đoàn kiểm tra số 01",
        ),
    )
    assert r.status_code == 302, r.content.decode()
    plan.refresh_from_db()
    r = client.post(
        new_team,
        _team_post(
            plan,
            {
                "vp": "lead",
                "phong_noi_vu": "member",
                "phong_b": "inspected",
                "HG.DV.SP": "inspected",
            },
            name="Đoàn kiểm tra số 02",
            secretary="Nguyễn Văn An",
        ),
    )
    assert r.status_code == 302, r.content.decode()
    plan.refresh_from_db()
    return plan


def test_it_creates_a_plan_from_the_header_form_and_audits_it(world: World) -> None:
    response = _create(world)
    assert response.status_code == 302
    plan = InspectionPlan.objects.get(code="dv-2024")
    assert plan.owner == world.district and plan.window_start == dt.date(2024, 8, 5)
    assert plan.issuing_body == "Tổ công tác Đề án 06 huyện Đồng Văn"
    assert AuditEntry.objects.filter(action="inspection_plan.create", object_id="dv-2024").exists()
    page = world.client(world.admin).get(reverse("inspection_plan", args=[plan.code]))
    assert "chưa có đoàn kiểm tra nào" in page.content.decode()


def test_it_names_every_bad_header_field_in_both_languages(world: World) -> None:
    response = _create(
        world, window_end="01/08/2024", register_by="31/13/2024", notice_working_days="hai"
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "ngày kết thúc trước ngày bắt đầu" in page
    assert "register_by" in page and "Hạn đăng ký lịch" in page
    assert "notice_working_days" in page and "phải là số nguyên" in page
    assert not InspectionPlan.objects.filter(code="dv-2024").exists()
    assert 'value="31/13/2024"' in page  # what was typed is shown again


def test_it_refuses_a_taken_or_reserved_plan_code(world: World, plan: InspectionPlan) -> None:
    assert "đã có" in _create(world, code=plan.code).content.decode()
    assert _create(world, code="new").status_code == 422


def test_it_builds_the_same_plan_as_the_yaml_import(
    world: World, built: InspectionPlan, plan: InspectionPlan
) -> None:
    core_form = services.core_plan(built)
    core_yaml = services.core_plan(plan)
    assert [(t.code, t.lead, t.members, t.inspects, t.secretary.name) for t in core_form.teams] == [
        ("01", "ca_huyen", (), ("phong_noi_vu", "HG.DV.LC"), None),
        ("02", "vp", ("phong_noi_vu",), ("phong_b", "HG.DV.SP"), "Nguyễn Văn An"),
    ]
    assert [len(t.inspects) for t in core_form.teams] == [len(t.inspects) for t in core_yaml.teams]
    assert PlanUnit.objects.get(plan=built, code="HG.DV.LC").unit == world.commune
    # Export as YAML, import again: nothing changes.
    text = world.client(world.admin).get(reverse("inspection_export", args=[built.code]))
    before = services.plan_mapping(built)
    services.import_plan(world.admin, owner=world.district, text=text.content.decode())
    built.refresh_from_db()
    assert services.plan_mapping(built) == before


def test_it_edits_an_imported_plan_in_the_forms(world: World, plan: InspectionPlan) -> None:
    team = Team.objects.get(plan=plan, code="02")
    url = reverse("inspection_team", args=[plan.code, team.pk])
    page = world.client(world.admin).get(url).content.decode()
    assert "Nguyễn Văn An" in page and "selected" in page
    response = world.client(world.admin).post(
        url,
        _team_post(
            plan,
            {"vp": "lead", "phong_noi_vu": "member", "phong_b": "inspected", "sp": "inspected"},
            name="Đoàn kiểm tra số 02",
            unavailable_dates="08/08/2023, 2023-08-09",
            visits_per_day="2",
        ),
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.unavailable_dates == ["2023-08-08", "2023-08-09"] and team.visits_per_day == 2
    assert services.core_plan(plan).team("02").unavailable_dates == (
        dt.date(2023, 8, 8),
        dt.date(2023, 8, 9),
    )
    assert yaml.safe_load(services.plan_yaml(plan))["teams"][1]["unavailable_dates"] == [
        "2023-08-08",
        "2023-08-09",
    ]
    assert AuditEntry.objects.filter(action="inspection_plan.team").exists()


def test_it_names_the_team_and_field_of_a_bad_team(world: World, plan: InspectionPlan) -> None:
    url = reverse("inspection_team_new", args=[plan.code])
    client = world.client(world.admin)
    no_lead = client.post(url, _team_post(plan, {"lc": "inspected"}, code="03"))
    text = no_lead.content.decode()
    assert no_lead.status_code == 422
    assert "đoàn 03: thiếu trường &#x27;lead&#x27; (Đơn vị trưởng đoàn)" in text
    two_leads = client.post(url, _team_post(plan, {"vp": "lead", "ca_huyen": "lead"}, code="03"))
    assert "chọn một đơn vị trưởng đoàn, không phải 2" in two_leads.content.decode()
    bad_day = client.post(
        url, _team_post(plan, {"vp": "lead"}, code="03", unavailable_dates="30/02/2023")
    )
    assert "unavailable_dates" in bad_day.content.decode()
    assert "Ngày đoàn bận" in bad_day.content.decode()
    assert not Team.objects.filter(plan=plan, code="03").exists()


def test_it_shows_form_errors_in_english_too(world: World, plan: InspectionPlan) -> None:
    client = world.client(world.admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.post(
        reverse("inspection_team_new", args=[plan.code]),
        _team_post(plan, {"lc": "inspected"}, code="03"),
    ).content.decode()
    assert "team 03: field &#x27;lead&#x27; (Lead unit) is missing" in page


def test_it_refuses_a_stale_form(world: World, plan: InspectionPlan) -> None:
    old = plan.version
    client = world.client(world.admin)
    header = {
        **HEADER,
        "code": plan.code,
        "window_start": "07/08/2023",
        "window_end": "11/08/2023",
        "register_by": "01/08/2023",
        "report_due": "25/08/2023",
    }
    first = client.post(reverse("inspection_header", args=[plan.code]), {**header, "version": old})
    assert first.status_code == 302
    second = client.post(
        reverse("inspection_header", args=[plan.code]), {**header, "title": "Khác", "version": old}
    )
    assert second.status_code == 409
    assert "đã được người khác sửa" in second.content.decode()
    plan.refresh_from_db()
    assert plan.title != "Khác" and plan.version == old + 1


def test_it_refuses_a_stale_yaml_import_of_the_same_plan(
    world: World, plan: InspectionPlan
) -> None:
    old = plan.version
    services.import_plan(world.admin, owner=world.district, text=PLAN_YAML)
    response = world.client(world.admin).post(
        reverse("inspection_import"),
        {"owner": world.district.code, "text": PLAN_YAML, "plan": plan.code, "version": old},
    )
    assert response.status_code == 409


def test_it_keeps_forbidden_dates_per_unit(world: World, plan: InspectionPlan) -> None:
    unit = PlanUnit.objects.get(plan=plan, code="lc")
    world.client(world.admin).post(
        reverse("inspection_unit", args=[plan.code, unit.pk]),
        {
            "version": plan.version,
            "name": "Xã Lũng Cú",
            "kind": "xa",
            "forbidden": "08/08/2023 09/08/2023",
        },
    )
    assert services.core_plan(plan).forbidden_dates("lc") == {
        dt.date(2023, 8, 8),
        dt.date(2023, 8, 9),
    }
    page = world.client(world.admin).get(reverse("inspection_units", args=[plan.code]))
    assert "08/08/2023, 09/08/2023" in page.content.decode()


def test_it_refuses_to_remove_a_unit_a_team_uses(world: World, plan: InspectionPlan) -> None:
    unit = PlanUnit.objects.get(plan=plan, code="phong_noi_vu")
    response = world.client(world.admin).post(
        reverse("inspection_unit_remove", args=[plan.code, unit.pk]), {"version": plan.version}
    )
    assert response.status_code == 422
    assert "Đoàn kiểm tra số 01" in response.content.decode()
    assert PlanUnit.objects.filter(pk=unit.pk).exists()


def test_it_lists_the_districts_communes_to_pick(world: World, plan: InspectionPlan) -> None:
    page = (
        world.client(world.admin)
        .get(reverse("inspection_units", args=[plan.code]), {"kind": "xa"})
        .content.decode()
    )
    # Lũng Cú and Sà Phìn are linked already (by name): nothing left to pick.
    assert 'value="HG.DV.LC"' not in page
    PlanUnit.objects.filter(plan=plan, code="sp").update(unit=None)
    page = (
        world.client(world.admin)
        .get(reverse("inspection_units", args=[plan.code]), {"q": "sà phìn"})
        .content.decode()
    )
    assert 'value="HG.DV.SP"' in page and "Huyện Bắc Mê" not in page


def test_it_removes_a_team_and_its_pins(world: World, plan: InspectionPlan) -> None:
    team = Team.objects.get(plan=plan, code="01")
    response = world.client(world.admin).post(
        reverse("inspection_team_remove", args=[plan.code, team.pk]), {"version": plan.version}
    )
    assert response.status_code == 302
    assert list(plan.teams.values_list("code", flat=True)) == ["02"]


# --- who may use the forms ---------------------------------------------------------------------


def _routes(plan: InspectionPlan) -> list[str]:
    unit = PlanUnit.objects.get(plan=plan, code="lc")
    team = Team.objects.get(plan=plan, code="01")
    return (
        [
            reverse("inspection_header", args=[plan.code]),
            reverse("inspection_units", args=[plan.code]),
            reverse("inspection_team_new", args=[plan.code]),
            reverse("inspection_team", args=[plan.code, team.pk]),
        ]
        + [
            reverse(name, args=[plan.code, unit.pk])
            for name in ("inspection_unit", "inspection_unit_remove")
        ]
        + [
            reverse("inspection_units_pick", args=[plan.code]),
            reverse("inspection_team_remove", args=[plan.code, team.pk]),
        ]
    )


def test_it_lets_the_province_admin_open_every_form(world: World, plan: InspectionPlan) -> None:
    client = world.client(world.admin)
    for url in _routes(plan)[:4]:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("inspection_new")).status_code == 200
    assert client.get(reverse("inspection_export", args=[plan.code])).status_code == 200


def test_it_refuses_the_forms_to_the_district_appraiser(world: World, plan: InspectionPlan) -> None:
    client = world.client(world.appraiser)
    for url in _routes(plan):
        assert client.post(url, {"version": plan.version}).status_code == 403, url
    assert client.get(reverse("inspection_new")).status_code == 404  # administers nothing
    assert client.post(reverse("inspection_new"), HEADER).status_code == 404
    # It still reads the plan, and may download it as YAML.
    assert client.get(reverse("inspection_export", args=[plan.code])).status_code == 200


@pytest.mark.parametrize("who", ["owner", "peer", "outsider", "other_admin"])
def test_it_hides_the_forms_from_units_outside_the_issuer(
    world: World, plan: InspectionPlan, other_admin: User, who: str
) -> None:
    user = other_admin if who == "other_admin" else getattr(world, who)
    client = world.client(user)
    for url in _routes(plan):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"version": plan.version}).status_code == 404, url
    assert client.get(reverse("inspection_export", args=[plan.code])).status_code == 404
    before = plan.version
    plan.refresh_from_db()
    assert plan.version == before


def test_it_refuses_a_plan_under_another_district(world: World, other_admin: User) -> None:
    response = world.client(other_admin).post(reverse("inspection_new"), HEADER)
    assert response.status_code == 403
    assert not InspectionPlan.objects.exists()
    ok = world.client(other_admin).post(
        reverse("inspection_new"), {**HEADER, "owner": world.other_district.code}
    )
    assert ok.status_code == 302


def test_a_blank_body_name_in_the_header_keeps_the_signer(world: World) -> None:
    text = PLAN_YAML.replace(
        "issuing_body: {name: Tổ công tác Đề án 06 huyện Đồng Văn, place: Đồng Văn}",
        "issuing_body: {name: Tổ công tác Đề án 06 huyện Đồng Văn, place: Đồng Văn, "
        "signer: {titles: [TỔ TRƯỞNG], name: Nguyễn Văn Bình}}",
    )
    plan = services.import_plan(world.admin, owner=world.district, text=text)
    header = {
        **HEADER,
        "code": plan.code,
        "issuing_body": "",
        "window_start": "07/08/2023",
        "window_end": "11/08/2023",
        "register_by": "01/08/2023",
        "report_due": "25/08/2023",
        "version": plan.version,
    }
    response = world.client(world.admin).post(
        reverse("inspection_header", args=[plan.code]), header
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    body = yaml.safe_load(services.plan_yaml(plan))["issuing_body"]
    assert body["signer"] == {"titles": ["TỔ TRƯỞNG"], "name": "Nguyễn Văn Bình"}
    assert body["name"] == "Tổ công tác Đề án 06 huyện Đồng Văn"
