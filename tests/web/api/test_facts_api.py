"""Named facts through the API, as every named user, by session and by token.

The village Thôn Lũng Cú (HG.DV.LC.T1) lies in the owner's commune: the owner
reads its facts but may not record them; the district appraiser and the
province admin record them; the peer and the outsider never see them.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.api.conftest import USERS, CallAs, Caller
from tests.web.api.routes import Route
from tests.web.awards_web.fact_world import PDF, FactWorld, make_fact_world
from tests.web.conftest import World
from thidua.web.audit.models import AuditEntry
from thidua.web.awards_web import facts
from thidua.web.awards_web.models import FactEvidence, UnitFact

CU = "/api/campaigns/hg-2023/units/HG.DV.LC.T1"
NAME = "eid_registration_ratio"

READ = {"owner": 200, "peer": 404, "outsider": 404, "appraiser": 200, "admin": 200}
RECORD = {"owner": 403, "peer": 404, "outsider": 404, "appraiser": 200, "admin": 200}


ROUTES = [
    Route("list_facts", "get", CU + "/facts", READ),
    Route("get_fact", "get", f"{CU}/facts/{NAME}", READ),
    Route("save_fact", "put", f"{CU}/facts/{NAME}", RECORD, body={"value": "86%", "version": 1}),
    Route(
        "upload_fact_evidence",
        "post",
        f"{CU}/facts/{NAME}/evidence",
        {who: 201 if code == 200 else code for who, code in RECORD.items()},
        upload=True,
    ),
    Route("download_fact_evidence", "get", "/api/fact-evidence/{evidence}", READ),
    Route(
        "withdraw_fact",
        "delete",
        f"{CU}/facts/{NAME}",
        RECORD,
        body={"reason": "Nhập nhầm thôn", "version": 1},
    ),
]
# Read by tests/web/api/test_permissions.py, which checks every operation is covered somewhere.
FACT_OPERATIONS = frozenset(r.name for r in ROUTES)


@pytest.fixture
def fw(world: World) -> FactWorld:
    """The village with its registration ratio recorded (version 1) and one evidence file."""
    fw = make_fact_world(world)
    facts.record_fact(
        fw.admin,
        campaign=fw.campaign,
        unit=fw.village,
        name=NAME,
        value="82%",
        note="Báo cáo của Công an xã",
        expected_version=0,
        upload=io.BytesIO(PDF),
        upload_name="bao-cao.pdf",
    )
    return fw


def _call(caller: Caller, route: Route) -> Any:
    path = route.path.format(evidence=FactEvidence.objects.get().pk)
    if route.upload:
        return caller.upload(path, {"file": SimpleUploadedFile("bien-ban.pdf", PDF)})
    return caller.send(route.method, path, route.body)


@pytest.mark.parametrize("via", ["session", "token"])
@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_it_answers_each_named_user_as_the_policy_says(
    fw: FactWorld, call_as: CallAs, route: Route, who: str, via: str
) -> None:
    caller = call_as(who, via)  # creating a token is audited too
    entries = AuditEntry.objects.count()
    response = _call(caller, route)
    expected = route.expected[who]
    assert response.status_code == expected, response.content
    if expected >= 400:
        body = response.json()
        assert body["code"] == {403: "forbidden", 404: "not_found"}[expected]
        assert body["message_vi"] and body["message_en"]
        assert "82%" not in response.content.decode()  # nothing of the fact leaks
    writes = route.method != "get" and expected < 400
    assert (AuditEntry.objects.count() > entries) is writes


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_it_refuses_every_fact_route_without_credentials(
    fw: FactWorld, call_as: CallAs, route: Route
) -> None:
    response = _call(call_as("anonymous", "token"), route)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
    assert UnitFact.objects.get(name=NAME).value == "82%"


def test_it_lists_every_needed_fact_recorded_or_blank(fw: FactWorld, call_as: CallAs) -> None:
    body = call_as("owner", "token").get(CU + "/facts").json()
    assert body["count"] == 5
    by_name = {f["name"]: f for f in body["items"]}
    recorded = by_name[NAME]
    assert (recorded["value"], recorded["version"], recorded["display"]) == ("82%", 1, "percent")
    assert recorded["words"] == {"vi": "82%", "en": "82%"}
    assert recorded["recorded_by"] == "admin" and recorded["note"] == "Báo cáo của Công an xã"
    assert recorded["gate"] == "eid_registration"
    assert recorded["label"]["en"].startswith("(2) Over 80% of citizens")
    (ev,) = recorded["evidence"]
    assert ev["name"] == "bao-cao.pdf" and ev["url"] == f"/api/fact-evidence/{ev['id']}"
    blank = by_name["online_services_outreach"]
    assert (blank["value"], blank["version"], blank["display"]) == (None, 0, "yes_no")


def test_it_refuses_a_stale_write_with_the_stored_fact(fw: FactWorld, call_as: CallAs) -> None:
    appraiser, admin = call_as("appraiser", "token"), call_as("admin", "token")
    ok = admin.send(
        "put", f"{CU}/facts/{NAME}", {"value": {"numerator": 86, "denominator": 100}, "version": 1}
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = appraiser.send("put", f"{CU}/facts/{NAME}", {"value": "90%", "version": 1})
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale" and "Dữ kiện đã được người khác cập nhật" in body["message_vi"]
    current = body["details"][0]["current"]
    assert current["value"] == {"numerator": 86, "denominator": 100} and current["version"] == 2
    assert current["words"]["vi"] == "86% (86/100)"
    assert UnitFact.objects.get(name=NAME).version == 2


def test_it_refuses_a_value_the_core_cannot_read(fw: FactWorld, call_as: CallAs) -> None:
    response = call_as("admin", "token").send(
        "put", f"{CU}/facts/online_services_outreach", {"value": "có lẽ", "version": 0}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["message_vi"].startswith(
        "Đơn vị Thôn Lũng Cú (HG.DV.LC.T1), dữ kiện 'online_services_outreach': cần có/không"
    )
    assert "yes/no is needed" in body["message_en"]
    assert not UnitFact.objects.filter(name="online_services_outreach").exists()


def test_it_records_a_yes_no_fact_as_a_boolean(fw: FactWorld, call_as: CallAs) -> None:
    response = call_as("appraiser", "token").send(
        "put", f"{CU}/facts/online_services_outreach", {"value": "có", "version": 0}
    )
    assert response.status_code == 200
    assert response.json()["value"] is True and response.json()["words"]["en"] == "yes"


def test_a_fact_the_plan_does_not_need_is_not_found(fw: FactWorld, call_as: CallAs) -> None:
    admin = call_as("admin", "token")
    assert admin.get(f"{CU}/facts/models_registered").status_code == 404
    put = admin.send("put", f"{CU}/facts/models_registered", {"value": 3, "version": 0})
    assert put.status_code == 404
    commune = admin.get("/api/campaigns/hg-2023/units/HG.DV.LC/facts").json()
    assert commune == {"items": [], "count": 0}


def test_facts_are_frozen_once_published(fw: FactWorld, call_as: CallAs) -> None:
    fw.campaign.state = "published"
    fw.campaign.save()
    admin = call_as("admin", "token")
    put = admin.send("put", f"{CU}/facts/{NAME}", {"value": "99%", "version": 1})
    assert put.status_code == 403
    upload = admin.upload(f"{CU}/facts/{NAME}/evidence", {"file": SimpleUploadedFile("b.pdf", PDF)})
    assert upload.status_code == 403
    assert admin.get(f"{CU}/facts/{NAME}").json()["value"] == "82%"


def test_an_upload_is_checked_by_content(fw: FactWorld, call_as: CallAs) -> None:
    response = call_as("admin", "token").upload(
        f"{CU}/facts/{NAME}/evidence", {"file": SimpleUploadedFile("so-lieu.pdf", b"not a pdf")}
    )
    assert response.status_code == 422
    assert "kiểm tra theo nội dung tệp" in response.json()["message_vi"]
    assert FactEvidence.objects.count() == 1


# --- withdrawing a fact ------------------------------------------------------------------------


def test_it_withdraws_a_fact_keeping_its_value_in_the_history(
    fw: FactWorld, call_as: CallAs
) -> None:
    appraiser = call_as("appraiser", "token")
    response = appraiser.send(
        "delete", f"{CU}/facts/{NAME}", {"reason": "Số liệu của thôn khác", "version": 1}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["value"], body["words"], body["version"], body["withdrawn"]) == (
        None,
        None,
        2,
        True,
    )
    assert body["recorded_by"] == "appraiser"
    recorded, withdrawn = body["history"]
    assert (recorded["action"], recorded["by"], recorded["value"]) == ("recorded", "admin", "82%")
    assert recorded["note"] == "Báo cáo của Công an xã" and recorded["version"] == 1
    assert (withdrawn["action"], withdrawn["by"], withdrawn["value"]) == (
        "withdrawn",
        "appraiser",
        "82%",
    )
    assert withdrawn["words"] == {"vi": "82%", "en": "82%"}
    assert (withdrawn["reason"], withdrawn["version"]) == ("Số liệu của thôn khác", 2)
    assert len(body["evidence"]) == 1  # the files stay with the fact
    read = call_as("owner", "token").get(f"{CU}/facts/{NAME}").json()
    assert read["withdrawn"] is True and read["history"] == body["history"]
    # Recorded again from the version the withdrawal answered.
    again = appraiser.send("put", f"{CU}/facts/{NAME}", {"value": "86%", "version": 2})
    assert again.status_code == 200 and again.json()["withdrawn"] is False
    assert [c["action"] for c in again.json()["history"]] == ["recorded", "withdrawn", "recorded"]


def test_it_refuses_a_withdrawal_without_a_reason(fw: FactWorld, call_as: CallAs) -> None:
    admin = call_as("admin", "token")
    response = admin.send("delete", f"{CU}/facts/{NAME}", {"reason": "  ", "version": 1})
    assert response.status_code == 422
    assert "Cần nêu lý do rút dữ kiện" in response.json()["message_vi"]
    assert "A reason is needed to withdraw" in response.json()["message_en"]
    missing = admin.send("delete", f"{CU}/facts/{NAME}", {"version": 1})
    assert missing.status_code == 422
    assert UnitFact.objects.get(name=NAME).value == "82%"


def test_it_refuses_a_stale_withdrawal_with_the_stored_fact(fw: FactWorld, call_as: CallAs) -> None:
    admin, appraiser = call_as("admin", "token"), call_as("appraiser", "token")
    assert (
        admin.send("put", f"{CU}/facts/{NAME}", {"value": "86%", "version": 1}).status_code == 200
    )
    stale = appraiser.send("delete", f"{CU}/facts/{NAME}", {"reason": "nhầm", "version": 1})
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale" and "Dữ kiện đã được người khác cập nhật" in body["message_vi"]
    current = body["details"][0]["current"]
    assert (current["value"], current["version"], current["withdrawn"]) == ("86%", 2, False)
    assert UnitFact.objects.get(name=NAME).value == "86%"
    assert not AuditEntry.objects.filter(action="fact.withdraw").exists()


@pytest.mark.parametrize(
    ("unit", "name", "where"),
    [
        ("HG.DV.LC", "models_registered", "/c/hg-2023/u/HG.DV.LC/models/"),
        ("HG.DV.LC.T1", "commune_kind", "/manage/units/HG.DV.LC/edit/"),
    ],
)
def test_it_says_where_a_platform_fact_is_changed(
    fw: FactWorld, call_as: CallAs, unit: str, name: str, where: str
) -> None:
    response = call_as("admin", "token").send(
        "delete", f"/api/campaigns/hg-2023/units/{unit}/facts/{name}", {"reason": "x", "version": 1}
    )
    assert response.status_code == 422
    body = response.json()
    assert (
        "do hệ thống tự tính, không rút được ở đây" in body["message_vi"]
        and where in body["message_vi"]
    )
    assert "cannot be withdrawn here" in body["message_en"] and where in body["message_en"]


def test_an_unknown_fact_cannot_be_withdrawn(fw: FactWorld, call_as: CallAs) -> None:
    response = call_as("admin", "token").send(
        "delete", f"{CU}/facts/no_such_fact", {"reason": "x", "version": 1}
    )
    assert response.status_code == 404
