"""The plan's document fields through the API: read as the document form shows them, changed
through the form's own service (``plan_document.save_document``: its checks, the plan writer,
the version and the audit), printed in the plan's Word document.

Who may call the routes is in test_api.py; here the admin writes and the appraiser reads.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.web.conftest import World
from tests.web.inspections.test_api import DOCUMENT, P, caller
from tests.web.inspections.test_plan_document_form import _at, _plan_docx, _yaml
from thidua.web.audit.models import AuditEntry
from thidua.web.inspections import services
from thidua.web.inspections.models import InspectionPlan, Visit

D = P + "/document"


def _changed(body: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """``body`` with ``changes`` at dotted paths ("issuing_body.signer.name": ...)."""
    out = copy.deepcopy(body)
    for path, value in changes.items():
        *parents, last = path.split(".")
        target = out
        for key in parents:
            target = target[key]
        target[last] = value
    return out


def _refused(response: Any, vi: str, en: str) -> dict[str, Any]:
    assert response.status_code == 422, response.content
    body: dict[str, Any] = response.json()
    assert body["code"] == "invalid"
    assert vi in body["message_vi"] and en in body["message_en"], body
    return body


def test_it_reads_the_document_fields_of_the_plan(world: World, plan: InspectionPlan) -> None:
    response = caller(world, "appraiser").get(D)
    assert response.status_code == 200, response.content
    assert response.json() == DOCUMENT | {"document": {"number": "", "date": None}}


def test_a_round_trip_stores_what_it_sends_and_reads_it_back(
    world: World, plan: InspectionPlan
) -> None:
    admin = caller(world, "admin")
    sent = _changed(
        admin.get(D).json(),
        **{
            "issuing_body.parent": "Ủy ban nhân dân huyện Đồng Văn",
            "issuing_body.name": "Ban Chỉ đạo Đề án 06 huyện Đồng Văn",
            "issuing_body.place": "Phố Cáo",
            "issuing_body.standing_agency": "ca_huyen",
            "issuing_body.signer.titles": ["Trưởng ban", "Chủ tịch UBND huyện"],
            "issuing_body.signer.name": "Vàng Mí Súa",
            "document.number": "15/KH-BCĐ",
            "document.date": "2023-07-20",
            "title": "Kế hoạch kiểm tra lại Đề án 06 năm 2023",
            "outlines": None,
        },
    )
    response = admin.send("put", D, sent)
    assert response.status_code == 200, response.content
    assert response.json() == sent | {"version": 2}
    assert caller(world, "appraiser").get(D).json() == sent | {"version": 2}
    data = _yaml(world, plan)
    assert _at(data, "issuing_body.signer") == {
        "titles": ["Trưởng ban", "Chủ tịch UBND huyện"],
        "name": "Vàng Mí Súa",
    }
    assert (_at(data, "document.date"), _at(data, "outlines")) == ("2023-07-20", None)
    plan.refresh_from_db()
    assert (plan.title, plan.issuing_body) == (sent["title"], sent["issuing_body"]["name"])
    entry = AuditEntry.objects.get(action="inspection_plan.document", object_id=plan.code)
    assert entry.actor_name == "admin"
    assert _at(entry.before, "document.number") is None
    assert entry.after["document"] == {"number": "15/KH-BCĐ", "date": "2023-07-20"}
    # Sent back unchanged, the body changes nothing but the version.
    again = admin.send("put", D, response.json())
    assert again.status_code == 200 and again.json() == sent | {"version": 3}
    assert _yaml(world, plan) == data


def test_it_reads_kt_and_tm_from_the_yaml_and_sends_them_back_unchanged(
    world: World, plan: InspectionPlan
) -> None:
    data = services.plan_mapping(plan)
    data["issuing_body"] |= {
        "abbreviation": "TCTĐA06",
        "signer": {
            "titles": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
            "name": "Lý Văn Hoa",
        },
    }
    services.write_plan(world.admin, owner=plan.owner, data=data, source="test")
    admin = caller(world, "admin")
    body = admin.get(D).json()
    assert body["issuing_body"]["signer"] == {
        "sign_as": "TM.",
        "on_behalf": "ỦY BAN NHÂN DÂN",
        "titles": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        "name": "Lý Văn Hoa",
    }
    before = _yaml(world, plan)["issuing_body"]
    assert admin.send("put", D, body).status_code == 200
    after = _yaml(world, plan)["issuing_body"]
    assert after == before and after["abbreviation"] == "TCTĐA06"


def test_a_kt_signer_is_printed_in_the_plan_document_and_the_schedule_stays(
    world: World, solved: InspectionPlan
) -> None:
    visits = {v.pk: v.date for v in Visit.objects.filter(plan=solved)}
    before = _plan_docx(world, solved)
    assert "KT. TỔ TRƯỞNG" not in before and "Số: 15/KH-TCT" not in before
    admin = caller(world, "admin")
    sent = _changed(
        admin.get(D).json(),
        **{
            "issuing_body.signer": {
                "sign_as": "KT.",
                "on_behalf": "Tổ trưởng",
                "titles": ["Phó Tổ trưởng"],
                "name": "Vàng Mí Súa",
            },
            "document.number": "15/KH-TCT",
            "document.date": "2023-07-20",
        },
    )
    response = admin.send("put", D, sent)
    assert response.status_code == 200, response.content
    assert response.json()["issuing_body"]["signer"]["sign_as"] == "KT."
    assert _at(_yaml(world, solved), "issuing_body.signer.titles") == [
        "KT. Tổ trưởng",
        "Phó Tổ trưởng",
    ]
    solved.refresh_from_db()
    after = _plan_docx(world, solved)
    for text in (
        "KT. TỔ TRƯỞNG\nPHÓ TỔ TRƯỞNG",
        "Vàng Mí Súa",
        "Số: 15/KH-TCT",
        "Đồng Văn, ngày 20 tháng 7 năm 2023",
    ):
        assert text in after, text
    # Only what the documents print changed: the stored schedule stays.
    assert solved.schedule_status in ("optimal", "feasible")
    assert {v.pk: v.date for v in Visit.objects.filter(plan=solved)} == visits


def test_it_refuses_a_bad_date_naming_the_field_and_stores_nothing(
    world: World, plan: InspectionPlan
) -> None:
    admin = caller(world, "admin")
    current = admin.get(D).json()
    entries = AuditEntry.objects.count()
    late = admin.send("put", D, _changed(current, **{"document.date": "2023-08-08"}))
    _refused(
        late,
        "Ngày ban hành ('document.date'): kế hoạch phải ban hành trước khi kiểm tra, "
        "không sau ngày 07/08/2023",
        "Date of issue ('document.date'): the plan is issued before the inspections, "
        "not after 07/08/2023",
    )
    # Not a date at all: the body's schema refuses it, naming the field too.
    impossible = admin.send("put", D, _changed(current, **{"document.date": "2023-02-31"}))
    assert impossible.status_code == 422
    assert [d["field"] for d in impossible.json()["details"]] == ["body.payload.document.date"]
    assert admin.get(D).json() == current
    assert AuditEntry.objects.count() == entries


def test_it_names_every_bad_field_in_both_languages(world: World, plan: InspectionPlan) -> None:
    admin = caller(world, "admin")
    current = admin.get(D).json()
    response = admin.send(
        "put",
        D,
        _changed(
            current,
            **{
                "issuing_body.name": " ",
                "issuing_body.standing_agency": "khong_co",
                "issuing_body.signer.sign_as": "KT.",
                "issuing_body.signer.titles": ["Phó Tổ trưởng"],
                "outlines": "outlines-khong-co",
            },
        ),
    )
    body = _refused(
        response,
        "Cơ quan ban hành ('issuing_body.name'): cần điền",
        "Issuing body ('issuing_body.name'): is required",
    )
    for vi, en in [
        (
            "Cơ quan thường trực ('issuing_body.standing_agency'): đơn vị 'khong_co' không có",
            "Standing agency ('issuing_body.standing_agency'): unit 'khong_co' is not in the plan",
        ),
        (
            "Ký thay / thay mặt cho ('issuing_body.signer.titles'): cần điền khi ký KT.",
            "Signing for ('issuing_body.signer.titles'): is required when signing KT.",
        ),
        (
            "Đề cương báo cáo ('outlines'): không có bộ đề cương 'outlines-khong-co'",
            "Report outlines ('outlines'): no outline set 'outlines-khong-co'",
        ),
    ]:
        assert vi in body["message_vi"] and en in body["message_en"], (vi, en)
    # How the signer signs is one of three: anything else is refused by the schema.
    other = admin.send("put", D, _changed(current, **{"issuing_body.signer.sign_as": "UQ."}))
    assert other.status_code == 422
    assert admin.get(D).json() == current


def test_it_refuses_a_stale_version_with_the_stored_document(
    world: World, plan: InspectionPlan
) -> None:
    admin = caller(world, "admin")
    read = admin.get(D).json()
    first = admin.send("put", D, _changed(read, **{"document.number": "1/KH"}))
    assert first.status_code == 200
    stale = admin.send("put", D, _changed(read, **{"document.number": "2/KH"}))
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale"
    assert body["message"] == f"{body['message_vi']} / {body['message_en']}"
    assert "đã được người khác sửa" in body["message_vi"]
    assert body["details"] == [{"current": first.json()}]
    assert body["details"][0]["current"]["document"]["number"] == "1/KH"
    assert admin.get(D).json() == first.json()
    assert AuditEntry.objects.filter(action="inspection_plan.document").count() == 1
