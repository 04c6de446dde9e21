"""The plan's document form: issuing body, number, date, subject, signer, report outlines.

It writes through the same path as every plan edit (the parser, the version, the audit), so
what it saves is in the plan's YAML and in the Word documents made from the plan.
"""

from __future__ import annotations

import html
from typing import Any

import pytest
import yaml
from django.urls import reverse

from tests.web.conftest import World
from tests.web.inspections.conftest import PLAN_YAML
from thidua.exports.dossier import all_text
from thidua.scheduling.catalog import builtin_outline_codes
from thidua.web.audit.models import AuditEntry
from thidua.web.inspections import plan_document, services
from thidua.web.inspections.models import InspectionPlan, Team, Visit

OUTLINES = "outlines-quangxuong-2023"


def _url(plan: InspectionPlan) -> str:
    return reverse("inspection_document_form", args=[plan.code])


def _form(plan: InspectionPlan, **changes: str) -> dict[str, Any]:
    """The form as the page shows it for the stored plan, with ``changes`` typed in."""
    values = plan_document.document_form_of(plan)
    fields = {
        name: getattr(values, name) for name in plan_document.DocumentForm.__dataclass_fields__
    }
    return {**fields, "version": plan.version, **changes}


def _post(world: World, plan: InspectionPlan, **changes: str) -> Any:
    return world.client(world.admin).post(_url(plan), _form(plan, **changes))


def _plan_docx(world: World, plan: InspectionPlan) -> str:
    response = world.client(world.admin).get(
        reverse("inspection_document", args=[plan.code, "plan"])
    )
    assert response.status_code == 200, response.content[:300]
    return all_text(response.content)


def _yaml(world: World, plan: InspectionPlan) -> dict[str, Any]:
    response = world.client(world.admin).get(reverse("inspection_export", args=[plan.code]))
    data: dict[str, Any] = yaml.safe_load(response.content.decode())
    return data


def _at(data: dict[str, Any], path: str) -> Any:
    for key in path.split("."):
        data = data.get(key) if isinstance(data, dict) else None  # type: ignore[assignment]
    return data


def _page(response: Any) -> str:
    return html.unescape(response.content.decode())


# Each case: what is typed, text the plan .docx then holds (and no longer holds), and the
# YAML fields it sets.
CASES: dict[str, tuple[dict[str, str], list[str], list[str], dict[str, Any]]] = {
    "parent": (
        {"parent": "Ủy ban nhân dân huyện Đồng Văn"},
        ["ỦY BAN NHÂN DÂN HUYỆN ĐỒNG VĂN"],
        [],
        {"issuing_body.parent": "Ủy ban nhân dân huyện Đồng Văn"},
    ),
    "body": (
        {"body": "Ban Chỉ đạo Đề án 06 huyện Đồng Văn"},
        ["BAN CHỈ ĐẠO ĐỀ ÁN 06 HUYỆN ĐỒNG VĂN"],
        ["TỔ CÔNG TÁC ĐỀ ÁN 06 HUYỆN ĐỒNG VĂN"],
        {"issuing_body.name": "Ban Chỉ đạo Đề án 06 huyện Đồng Văn"},
    ),
    "place": (
        {"place": "Phố Cáo"},
        ["Phố Cáo, ngày"],
        ["Đồng Văn, ngày"],
        {"issuing_body.place": "Phố Cáo"},
    ),
    "standing_agency": (
        {"standing_agency": "ca_huyen"},
        ["Cơ quan thường trực (Công an huyện)"],
        [],
        {"issuing_body.standing_agency": "ca_huyen"},
    ),
    "document_number": (
        {"document_number": "15/KH-TCT"},
        ["Số: 15/KH-TCT"],
        [],
        {"document.number": "15/KH-TCT"},
    ),
    "document_date": (
        {"document_date": "20/07/2023"},
        ["Đồng Văn, ngày 20 tháng 7 năm 2023"],
        [],
        {"document.date": "2023-07-20"},
    ),
    "title": (
        {"title": "Kế hoạch kiểm tra lại Đề án 06 năm 2023"},
        ["Kiểm tra lại Đề án 06 năm 2023"],
        ["Kiểm tra Đề án 06 huyện Đồng Văn năm 2023"],
        {"title": "Kế hoạch kiểm tra lại Đề án 06 năm 2023"},
    ),
    "sign_as KT.": (
        {"sign_as": "KT.", "on_behalf": "Tổ trưởng", "signer_titles": "Phó Tổ trưởng"},
        ["KT. TỔ TRƯỞNG\nPHÓ TỔ TRƯỞNG"],
        [],
        {"issuing_body.signer.titles": ["KT. Tổ trưởng", "Phó Tổ trưởng"]},
    ),
    "sign_as TM.": (
        {"sign_as": "TM.", "on_behalf": "Ủy ban nhân dân", "signer_titles": "Chủ tịch"},
        ["TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"],
        [],
        {"issuing_body.signer.titles": ["TM. Ủy ban nhân dân", "Chủ tịch"]},
    ),
    "signer_titles": (
        {"signer_titles": "Tổ trưởng\r\nChủ tịch UBND huyện\r\n"},
        ["TỔ TRƯỞNG\nCHỦ TỊCH UBND HUYỆN"],
        [],
        {"issuing_body.signer.titles": ["Tổ trưởng", "Chủ tịch UBND huyện"]},
    ),
    "signer_name": (
        {"signer_titles": "Tổ trưởng", "signer_name": "Vàng Mí Súa"},
        ["Vàng Mí Súa"],
        [],
        {"issuing_body.signer.name": "Vàng Mí Súa"},
    ),
    "outlines none": (
        {"outlines": ""},
        [],
        ["PHỤ LỤC 2", "Đề cương (Phụ lục 2"],
        {"outlines": None},
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_field_shows_in_the_plan_document_and_the_yaml(
    world: World, scheduled: InspectionPlan, case: str
) -> None:
    typed, shown, gone, fields = CASES[case]
    before = _plan_docx(world, scheduled)
    for text in shown:
        assert text not in before, text
    for text in gone:
        assert text in before, text
    response = _post(world, scheduled, **typed)
    assert response.status_code == 302, _page(response)
    scheduled.refresh_from_db()
    after = _plan_docx(world, scheduled)
    for text in shown:
        assert text in after, text
    for text in gone:
        assert text not in after, text
    data = _yaml(world, scheduled)
    for path, value in fields.items():
        assert _at(data, path) == value, path
    # The form shows the stored values again.
    again = plan_document.document_form_of(scheduled)
    for name, value in typed.items():
        assert getattr(again, name) == value.replace("\r\n", "\n").strip(), name


def test_it_keeps_the_schedule_and_the_notices_use_the_new_values(
    world: World, scheduled: InspectionPlan
) -> None:
    visits = {v.pk: v.date for v in Visit.objects.filter(plan=scheduled)}
    status = scheduled.schedule_status
    response = _post(
        world,
        scheduled,
        body="Ban Chỉ đạo Đề án 06 huyện Đồng Văn",
        document_number="15/KH-BCĐ",
        document_date="20/07/2023",
    )
    assert response.status_code == 302
    scheduled.refresh_from_db()
    # Nothing the schedule depends on changed: it stays, with its visits.
    assert scheduled.schedule_status == status
    assert {v.pk: v.date for v in Visit.objects.filter(plan=scheduled)} == visits
    assert scheduled.issuing_body == "Ban Chỉ đạo Đề án 06 huyện Đồng Văn"
    visit = Visit.objects.get(plan=scheduled, unit__code="lc")
    client = world.client(world.admin)
    for kind in ("notice", "result", "report"):
        doc = client.get(
            reverse("inspection_visit_document", args=[scheduled.code, visit.pk, kind])
        )
        text = all_text(doc.content)
        assert (
            "Kế hoạch số 15/KH-BCĐ ngày 20/07/2023 của Ban Chỉ đạo Đề án 06 huyện Đồng Văn" in text
        ), kind
        assert "BAN CHỈ ĐẠO ĐỀ ÁN 06 HUYỆN ĐỒNG VĂN" in text, kind


def test_a_team_change_still_asks_for_a_new_schedule(
    world: World, scheduled: InspectionPlan
) -> None:
    team = Team.objects.get(plan=scheduled, code="02")
    services.write_plan(
        world.admin,
        owner=scheduled.owner,
        data={
            **services.plan_mapping(scheduled),
            "teams": [
                t | {"report_due": "2023-08-24"} if t["code"] == team.code else t
                for t in services.plan_mapping(scheduled)["teams"]
            ],
        },
        source="test",
        expected_version=scheduled.version,
    )
    scheduled.refresh_from_db()
    assert scheduled.schedule_status == ""


def test_it_audits_the_change_with_the_plan_before_and_after(
    world: World, plan: InspectionPlan
) -> None:
    response = _post(world, plan, signer_titles="Tổ trưởng", signer_name="Vàng Mí Súa")
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="inspection_plan.document", object_id=plan.code)
    assert entry.actor_name == "admin"
    assert "signer" not in entry.before["issuing_body"]
    assert entry.after["issuing_body"]["signer"] == {
        "titles": ["Tổ trưởng"],
        "name": "Vàng Mí Súa",
    }
    plan.refresh_from_db()
    assert plan.version == 2


def test_it_reads_kt_and_tm_back_from_the_yaml_and_keeps_what_it_does_not_show(
    world: World,
) -> None:
    text = PLAN_YAML.replace(
        "issuing_body: {name: Tổ công tác Đề án 06 huyện Đồng Văn, place: Đồng Văn}",
        "issuing_body:\n"
        "  name: Tổ công tác Đề án 06 huyện Đồng Văn\n"
        "  abbreviation: TCTĐA06\n"
        "  signer: {titles: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH], name: Lý Văn Hoa}",
    )
    plan = services.import_plan(world.admin, owner=world.district, text=text)
    values = plan_document.document_form_of(plan)
    assert (values.sign_as, values.on_behalf) == ("TM.", "ỦY BAN NHÂN DÂN")
    assert values.signer_titles == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    page = world.client(world.admin).get(_url(plan))
    assert '<option value="TM." selected>' in page.content.decode()
    before = _yaml(world, plan)["issuing_body"]
    assert _post(world, plan).status_code == 302  # saved as shown: the YAML is unchanged
    assert _yaml(world, plan)["issuing_body"] == before
    assert before["abbreviation"] == "TCTĐA06"
    assert before["signer"]["titles"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_it_offers_the_shipped_outline_sets(world: World, plan: InspectionPlan) -> None:
    page = world.client(world.admin).get(_url(plan)).content.decode()
    assert OUTLINES in builtin_outline_codes()
    for code in builtin_outline_codes():
        assert f'value="{code}"' in page, code
    assert f'value="{OUTLINES}" checked' in page
    assert "Phụ lục 2, Kế hoạch kiểm tra thực hiện Đề án 06" in page
    assert _post(world, plan, outlines="").status_code == 302
    plan.refresh_from_db()
    assert "outlines" not in plan.extra
    assert 'value="" checked' in world.client(world.admin).get(_url(plan)).content.decode()


def test_it_refuses_a_stale_form(world: World, plan: InspectionPlan) -> None:
    old = _form(plan, document_number="1/KH")
    client = world.client(world.admin)
    assert client.post(_url(plan), old).status_code == 302
    stale = client.post(_url(plan), {**old, "document_number": "2/KH"})
    assert stale.status_code == 409
    assert "đã được người khác sửa" in stale.content.decode()
    plan.refresh_from_db()
    assert plan.extra["document"] == {"number": "1/KH"} and plan.version == old["version"] + 1


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("31/02/2023", "'31/02/2023' không phải là ngày (dd/mm/yyyy)"),
        ("20/07/23", "'20/07/23' không phải là ngày (dd/mm/yyyy)"),
        ("ngày 20", "'ngày 20' không phải là ngày (dd/mm/yyyy)"),
        ("08/08/2023", "kế hoạch phải ban hành trước khi kiểm tra, không sau ngày 07/08/2023"),
    ],
)
def test_it_refuses_a_bad_date_naming_the_field(
    world: World, plan: InspectionPlan, typed: str, why: str
) -> None:
    version, extra = plan.version, dict(plan.extra)
    entries = AuditEntry.objects.count()
    response = _post(world, plan, document_date=typed, document_number="9/KH")
    page = _page(response)
    assert response.status_code == 422
    assert f"Ngày ban hành ('document.date'): {why}" in page
    assert f'value="{typed}"' in page  # what was typed is shown again
    plan.refresh_from_db()
    assert (plan.version, plan.extra) == (version, extra)
    assert AuditEntry.objects.count() == entries


def test_it_names_the_field_in_english_too(world: World, plan: InspectionPlan) -> None:
    client = world.client(world.admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = _page(client.post(_url(plan), _form(plan, document_date="31/02/2023")))
    assert "Date of issue ('document.date'): '31/02/2023' is not a date (dd/mm/yyyy)" in page
    assert "Number, date and subject" in page and "Signing for" in page


def test_it_names_every_bad_field_and_stores_nothing(world: World, plan: InspectionPlan) -> None:
    version, extra, title = plan.version, dict(plan.extra), plan.title
    response = _post(
        world,
        plan,
        parent="x" * 301,
        body="",
        place="y" * 101,
        standing_agency="khong_co",
        document_number="z" * 61,
        title="",
        sign_as="UQ.",
        signer_titles="Một\nHai\nBa\nBốn",
        signer_name="n" * 101,
        outlines="outlines-khong-co",
    )
    page = _page(response)
    assert response.status_code == 422
    for expected in [
        "Cơ quan cấp trên ('issuing_body.parent'): dài quá 300 ký tự",
        "Cơ quan ban hành ('issuing_body.name'): cần điền",
        "Địa danh ('issuing_body.place'): dài quá 100 ký tự",
        "Cơ quan thường trực ('issuing_body.standing_agency'): đơn vị 'khong_co' không có",
        "Số, ký hiệu văn bản ('document.number'): dài quá 60 ký tự",
        "Trích yếu ('title'): cần điền",
        "Hình thức ký ('issuing_body.signer.titles'): 'UQ.' không hợp lệ",
        "Chức danh người ký ('issuing_body.signer.titles'): nhiều nhất 3 dòng",
        "Họ và tên người ký ('issuing_body.signer.name'): dài quá 100 ký tự",
        "Đề cương báo cáo ('outlines'): không có bộ đề cương 'outlines-khong-co'",
    ]:
        assert expected in page, expected
    plan.refresh_from_db()
    assert (plan.version, plan.extra, plan.title) == (version, extra, title)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            {"sign_as": "KT.", "signer_titles": "Phó Tổ trưởng"},
            "Ký thay / thay mặt cho ('issuing_body.signer.titles'): cần điền khi ký KT.",
        ),
        (
            {"on_behalf": "Tổ trưởng", "signer_titles": "Phó Tổ trưởng"},
            "Ký thay / thay mặt cho ('issuing_body.signer.titles'): chỉ điền khi ký KT. hoặc TM.",
        ),
        (
            {"signer_name": "Vàng Mí Súa"},
            "Chức danh người ký ('issuing_body.signer.titles'): cần điền khi có người ký",
        ),
        (
            {"signer_titles": "Phó Tổ trưởng " + "x" * 120},
            "Chức danh người ký ('issuing_body.signer.titles'): dài quá 120 ký tự",
        ),
    ],
)
def test_it_checks_the_signer_lines_together(
    world: World, plan: InspectionPlan, typed: dict[str, str], expected: str
) -> None:
    response = _post(world, plan, **typed)
    assert response.status_code == 422
    assert expected in _page(response)
    plan.refresh_from_db()
    assert plan.version == 1


# --- who may use the form --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "get", "post"),
    [
        ("owner", 404, 404),
        ("peer", 404, 404),
        ("outsider", 404, 404),
        ("appraiser", 403, 403),
        ("admin", 200, 302),
    ],
)
def test_only_the_issuers_admins_change_the_document(
    world: World, plan: InspectionPlan, who: str, get: int, post: int
) -> None:
    client = world.client(getattr(world, who))
    assert client.get(_url(plan)).status_code == get
    assert (
        client.post(
            _url(plan), _form(plan, signer_name="Vàng Mí Súa", signer_titles="Tổ trưởng")
        ).status_code
        == post
    )
    plan.refresh_from_db()
    stored = plan.extra["issuing_body"].get("signer")
    assert (stored is not None) is (who == "admin")
    assert plan.version == (2 if who == "admin" else 1)


def test_it_sends_anonymous_visitors_to_the_login_page(world: World, plan: InspectionPlan) -> None:
    for response in (world.client(None).get(_url(plan)), world.client(None).post(_url(plan), {})):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_plan_pages_link_to_the_form(world: World, plan: InspectionPlan) -> None:
    page = world.client(world.admin).get(reverse("inspection_plan", args=[plan.code]))
    assert _url(plan) in page.content.decode()
    reader = world.client(world.appraiser).get(reverse("inspection_plan", args=[plan.code]))
    assert _url(plan) not in reader.content.decode()
