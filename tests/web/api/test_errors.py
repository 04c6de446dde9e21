"""Every error is JSON with the reason in Vietnamese and English."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.web.api.conftest import CallAs
from tests.web.conftest import World
from tests.web.helpers import RATIO
from thidua.web.results.models import Result

CU = "/api/campaigns/hg-2023/units/HG.DV.LC"
KEYS = {"code", "message", "message_vi", "message_en", "details"}


def _check_bilingual(body: dict[str, Any], code: str) -> None:
    assert set(body) == KEYS
    assert body["code"] == code
    assert body["message"] == f"{body['message_vi']} / {body['message_en']}"
    assert body["message_vi"] and body["message_en"]
    assert body["message_vi"] != body["message_en"]
    assert isinstance(body["details"], list)


def test_it_explains_401_in_both_languages(world: World) -> None:
    response = Client().get("/api/units")
    assert response.status_code == 401 and response["Content-Type"].startswith("application/json")
    _check_bilingual(response.json(), "unauthorized")


def test_it_explains_403_in_both_languages(world: World, call_as: CallAs) -> None:
    response = call_as("appraiser", "token").send(
        "put", f"{CU}/results/{RATIO}", {"value": "50%", "version": 0}
    )
    assert response.status_code == 403
    _check_bilingual(response.json(), "forbidden")


@pytest.mark.parametrize(
    "path",
    [
        "/api/units/NO-SUCH-UNIT",
        "/api/campaigns/no-such-campaign",
        "/api/frameworks/no-such-framework",
        "/api/campaigns/hg-2023/ranking/galaxy",
        "/api/evidence/999",
        "/api/campaigns/hg-2023/units/TH.QX/results",  # a unit outside the campaign
    ],
)
def test_it_explains_404_in_both_languages(world: World, call_as: CallAs, path: str) -> None:
    response = call_as("admin", "token").get(path)
    assert response.status_code == 404
    _check_bilingual(response.json(), "not_found")


def test_it_explains_409_with_the_stored_row(world: World, call_as: CallAs) -> None:
    Result.objects.create(
        campaign=world.campaign, unit=world.commune, criterion=RATIO, self_value="40%"
    )
    response = call_as("owner", "token").send(
        "put", f"{CU}/results/{RATIO}", {"value": "50%", "version": 0}
    )
    assert response.status_code == 409
    body = response.json()
    _check_bilingual(body, "stale")
    assert body["details"][0]["current"]["self_value"] == "40%"


def test_it_explains_422_and_names_the_field(world: World, call_as: CallAs) -> None:
    response = call_as("owner", "token").send("put", f"{CU}/results/{RATIO}", {"value": "5%"})
    assert response.status_code == 422
    body = response.json()
    _check_bilingual(body, "invalid")
    assert body["details"][0]["field"].endswith("version")


def test_it_explains_a_state_change_the_lifecycle_refuses(world: World, call_as: CallAs) -> None:
    response = call_as("admin", "token").send(
        "post", "/api/campaigns/hg-2023/state", {"state": "archived"}
    )
    assert response.status_code == 422
    _check_bilingual(response.json(), "invalid")


def test_it_explains_a_body_that_is_not_json(world: World, call_as: CallAs) -> None:
    caller = call_as("owner", "token")
    response = caller.client.put(
        f"{CU}/results/{RATIO}",
        data="{not json",
        content_type="application/json",
        headers=caller.headers,
    )
    assert response.status_code == 400
    _check_bilingual(response.json(), "bad_request")


def test_it_explains_a_campaign_level_without_a_framework(world: World, call_as: CallAs) -> None:
    world.campaign.participants.add(world.province)
    response = call_as("admin", "token").get("/api/campaigns/hg-2023/units/HG/score")
    assert response.status_code == 404
    _check_bilingual(response.json(), "not_found")
    assert "framework" in response.json()["message_en"]


@pytest.mark.parametrize("path", ["/api/nope", "/api/units/HG/extra"])
def test_it_answers_unknown_api_paths_with_the_json_404(world: World, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    _check_bilingual(response.json(), "not_found")


@pytest.mark.parametrize(
    ("method", "path"), [("delete", "/api/campaigns"), ("patch", "/api/units")]
)
def test_it_answers_an_unrouted_method_with_the_json_405(
    world: World, method: str, path: str
) -> None:
    response = getattr(Client(), method)(path)
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    _check_bilingual(response.json(), "method_not_allowed")
    assert response["Allow"] == "GET"
    assert response.json()["details"] == [{"allowed": ["GET"]}]
    assert "GET" in response.json()["message_en"]


@pytest.mark.django_db
def test_a_405_outside_the_api_keeps_its_page() -> None:
    response = Client().get("/accounts/logout/")  # Django's LogoutView takes POST only
    assert response.status_code == 405
    assert not response.get("Content-Type", "").startswith("application/json")


@pytest.mark.django_db
def test_it_points_the_api_root_to_the_documents() -> None:
    assert Client().get("/api/").json() == {
        "openapi": "/api/openapi.json",
        "docs": "/api/docs",
    }
