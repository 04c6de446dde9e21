"""Every route, called by every named user, by session and by token (DESIGN §7: named users).

What matters most: a reporter of one commune never reads or changes another
commune's results, drafts or evidence (404, as on the pages); actions on what
a user may read but not change are 403; nobody without credentials gets in.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.api.conftest import USERS, CallAs, Caller
from tests.web.api.routes import Route
from tests.web.api.test_facts_api import FACT_OPERATIONS
from tests.web.awards_web.test_individuals_api import INDIVIDUAL_OPERATIONS
from tests.web.conftest import World
from tests.web.helpers import BINARY, RATIO, fill_all
from tests.web.inspections.test_api import INSPECTION_OPERATIONS
from thidua.web.audit.models import AuditEntry
from thidua.web.results import evidence as evidence_service
from thidua.web.results.models import Evidence, Result

PDF = b"%PDF-1.4\n% minh chung\n"
CU = "/api/campaigns/hg-2023/units/HG.DV.LC"

# Who reads the owner's commune: its reporter and the levels above; never the peer commune.
READ = {"owner": 200, "peer": 404, "outsider": 404, "appraiser": 200, "admin": 200}
# Who enters its results: its reporter and the province admin; the appraiser reads but may not.
ENTER = {"owner": 200, "peer": 404, "outsider": 404, "appraiser": 403, "admin": 200}
UPLOAD = {who: 201 if code == 200 else code for who, code in ENTER.items()}
# Who appraises it: the district appraiser and the province admin; the owner reads but may not.
APPRAISE = {"owner": 403, "peer": 404, "outsider": 404, "appraiser": 200, "admin": 200}
EVERYONE = dict.fromkeys(USERS, 200)
IN_PROVINCE = {**EVERYONE, "outsider": 404}


ROUTES = [
    Route("me", "get", "/api/me", EVERYONE),
    Route("list_units", "get", "/api/units", EVERYONE),
    Route("get_unit", "get", "/api/units/HG.DV.LC", READ),
    Route("list_frameworks", "get", "/api/frameworks", EVERYONE),
    Route("get_framework", "get", "/api/frameworks/hagiang-2023-commune", EVERYONE),
    Route("list_campaigns", "get", "/api/campaigns", EVERYONE),
    Route("get_campaign", "get", "/api/campaigns/hg-2023", IN_PROVINCE),
    Route("list_participants", "get", "/api/campaigns/hg-2023/units", IN_PROVINCE),
    Route(
        "set_state",
        "post",
        "/api/campaigns/hg-2023/state",
        {"owner": 403, "peer": 403, "outsider": 404, "appraiser": 403, "admin": 200},
        body={"state": "appraisal"},
    ),
    Route("list_results", "get", CU + "/results", READ),
    Route("get_result", "get", f"{CU}/results/{RATIO}", READ),
    Route(
        "save_result",
        "put",
        f"{CU}/results/{RATIO}",
        ENTER,
        body={"value": "90%", "note": "", "version": 1},
    ),
    Route("submit", "post", CU + "/submit", ENTER),
    Route("upload_evidence", "post", f"{CU}/results/{RATIO}/evidence", UPLOAD, upload=True),
    Route(
        "add_document",
        "post",
        f"{CU}/results/{RATIO}/documents",
        UPLOAD,
        body={"number": "186/KH-UBND", "title": "Kế hoạch triển khai"},
    ),
    Route("download_evidence", "get", "/api/evidence/{evidence}", READ),
    Route(
        "remove_evidence",
        "delete",
        "/api/evidence/{evidence}",
        {who: 204 if code == 200 else code for who, code in ENTER.items()},
    ),
    Route("accept", "post", f"{CU}/results/{BINARY}/accept", APPRAISE, body={"version": 1}),
    Route(
        "correct",
        "post",
        f"{CU}/results/{BINARY}/correct",
        APPRAISE,
        body={"value": False, "reason": "Không có văn bản", "version": 1},
    ),
    Route(
        "return_to_unit",
        "post",
        f"{CU}/results/{BINARY}/return",
        APPRAISE,
        body={"reason": "Thiếu minh chứng", "version": 1},
    ),
    Route(
        "reopen",
        "post",
        f"{CU}/results/{BINARY}/reopen",
        {"owner": 403, "peer": 404, "outsider": 404, "appraiser": 403, "admin": 200},
        body={"reason": "Bổ sung minh chứng", "until": "2099-12-31", "version": 1},
    ),
    Route("accept_submitted", "post", CU + "/accept-submitted", APPRAISE),
    Route("get_score", "get", CU + "/score", READ),
    Route(
        "get_ranking",
        "get",
        "/api/campaigns/hg-2023/ranking/commune",
        {"owner": 404, "peer": 404, "outsider": 404, "appraiser": 200, "admin": 200},
    ),
]


@pytest.fixture
def evidence(world: World) -> Evidence:
    """The owner's commune with a complete draft table, one submitted row and one evidence file."""
    fill_all(world.campaign, world.commune)
    Result.objects.filter(campaign=world.campaign, unit=world.commune, criterion=BINARY).update(
        status="submitted"
    )
    ratio = Result.objects.get(campaign=world.campaign, unit=world.commune, criterion=RATIO)
    return evidence_service.attach(
        world.owner, result=ratio, upload=io.BytesIO(PDF), name="ke-hoach.pdf"
    )


def _call(caller: Caller, route: Route, evidence: Evidence) -> Any:
    path = route.path.format(evidence=evidence.pk)
    if route.upload:
        return caller.upload(path, {"file": SimpleUploadedFile("bien-ban.pdf", PDF)})
    return caller.send(route.method, path, route.body)


def test_it_covers_every_route_of_the_api() -> None:
    from thidua.web.api.main import api

    schema = api.get_openapi_schema()
    operations = {op["operationId"] for item in schema["paths"].values() for op in item.values()}
    assert (
        operations
        == {r.name for r in ROUTES}
        | FACT_OPERATIONS
        | INDIVIDUAL_OPERATIONS
        | INSPECTION_OPERATIONS
    )


@pytest.mark.parametrize("via", ["session", "token"])
@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_it_answers_each_named_user_as_the_policy_says(
    world: World, call_as: CallAs, evidence: Evidence, route: Route, who: str, via: str
) -> None:
    caller = call_as(who, via)
    entries = AuditEntry.objects.count()
    response = _call(caller, route, evidence)
    expected = route.expected[who]
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response.json()["code"] == {403: "forbidden", 404: "not_found"}[expected]
    if route.writes:
        # Every accepted change is in the audit log; a refused one leaves no trace.
        assert (AuditEntry.objects.count() > entries) is (expected < 300)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_it_refuses_every_route_without_credentials(
    world: World, call_as: CallAs, evidence: Evidence, route: Route
) -> None:
    response = _call(call_as("anonymous", "token"), route, evidence)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("who", USERS)
def test_it_never_leaks_a_communes_drafts_or_evidence(
    world: World, call_as: CallAs, evidence: Evidence, who: str
) -> None:
    Result.objects.filter(criterion=RATIO).update(note="bí mật")
    for path in (CU + "/results", f"{CU}/results/{RATIO}"):
        text = json.dumps(call_as(who, "token").get(path).json(), ensure_ascii=False)
        assert ("bí mật" in text) is (READ[who] == 200)
        assert ("ke-hoach.pdf" in text) is (READ[who] == 200)
