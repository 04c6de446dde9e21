"""Individual nominations through the API, as every named user, by session and by token.

Đồng Văn's list at the commune level (``/api/campaigns/hg-2023/awards/commune/
nominations/HG.DV``) is read by its officials and the province; its reporter
(``officer``) and the province admin change it; the district appraiser reads but
may not; communes and the other district never see it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.web.api.conftest import Caller, token_for
from tests.web.api.routes import Route
from tests.web.awards_web.people_world import BANG_KHEN, PeopleWorld, make_people_world
from tests.web.conftest import World
from thidua.web.audit.models import AuditEntry
from thidua.web.awards_web.models import IndividualNomination

USERS = ("owner", "peer", "outsider", "appraiser", "admin", "officer", "bm_officer")
L = "/api/campaigns/hg-2023/awards/commune"
P = L + "/nominations/HG.DV"

READ = {
    "owner": 404,
    "peer": 404,
    "outsider": 404,
    "appraiser": 200,
    "admin": 200,
    "officer": 200,
    "bm_officer": 404,
}
CHANGE = {**READ, "appraiser": 403}
# The allocation: those who see the level's proposal lists (oversight roles before publication).
OVERSEE = {**READ, "officer": 404}


BODY = {"unit": "HG.DV.SP", "name": "Lò Thị Mai", "position": "Công chức Tư pháp - Hộ tịch"}
ROUTES = [
    Route("list_nominations", "get", P, READ),
    Route("create_nomination", "post", P, CHANGE, BODY, ok=201),
    Route(
        "update_nomination",
        "put",
        P + "/{nomination}",
        CHANGE,
        {**BODY, "unit": "HG.DV.LC", "name": "Giàng Seo Cáy", "version": 1},
    ),
    Route("delete_nomination", "delete", P + "/{nomination}?version=1", CHANGE, ok=204),
    Route("get_individual_allocation", "get", L + "/individuals", OVERSEE),
]
INDIVIDUAL_OPERATIONS = {r.name for r in ROUTES}


@pytest.fixture
def pw(world: World) -> PeopleWorld:
    pw = make_people_world(world)
    pw.nominate(pw.commune, "Giàng Mí Cáy", user=pw.officer)
    pw.nominate(pw.bm_commune, "Hoàng Văn Sơn", user=pw.bm_officer)
    return pw


def caller(pw: PeopleWorld, who: str, via: str = "token") -> Caller:
    if who == "anonymous":
        return Caller(Client())
    user = getattr(pw, who)
    if via == "session":
        return Caller(pw.client(user))
    return Caller(Client(), {"Authorization": f"Bearer {token_for(user)}"})


def _call(c: Caller, route: Route, pw: PeopleWorld) -> Any:
    n = IndividualNomination.objects.get(name="Giàng Mí Cáy")
    return c.send(route.method, route.path.format(nomination=n.pk), route.body)


@pytest.mark.parametrize("via", ["session", "token"])
@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_it_answers_each_named_user_as_the_policy_says(
    pw: PeopleWorld, route: Route, who: str, via: str
) -> None:
    c = caller(pw, who, via)  # a new token is itself in the audit log
    entries = AuditEntry.objects.count()
    response = _call(c, route, pw)
    expected = route.expected[who]
    if expected == 200:
        expected = route.ok
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response.json()["code"] == {403: "forbidden", 404: "not_found"}[expected]
    if route.writes:
        # Every accepted change is in the audit log; a refused one leaves no trace.
        assert (AuditEntry.objects.count() > entries) is (expected < 300)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_it_refuses_every_route_without_credentials(pw: PeopleWorld, route: Route) -> None:
    response = _call(caller(pw, "anonymous"), route, pw)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_it_lists_the_districts_people_with_its_quota(pw: PeopleWorld) -> None:
    body = caller(pw, "officer").get(P).json()
    assert (body["quota"], body["used"], body["can_edit"], body["count"]) == (2, 1, True, 1)
    assert "mỗi huyện, thành phố đề cử 1" in body["quota_reason"]["vi"]
    # Where the people may end up: the commune level's places per form, within the caps.
    assert [(p["form"], p["individuals"], p["cap"]) for p in body["places"]] == [
        ("bang_khen_ubnd_tinh", 5, 23),
        ("giay_khen_ca_tinh", 10, 27),
    ]
    assert "toàn tỉnh không quá 23 cá nhân" in body["places_reason"]["vi"]
    assert "at most 27 individuals province-wide" in body["places_reason"]["en"]
    (item,) = body["items"]
    assert (item["name"], item["unit"], item["priority"], item["version"]) == (
        "Giàng Mí Cáy",
        "HG.DV.LC",
        1,
        1,
    )
    assert item["created_by"] == "officer" and item["code"].startswith("CN")
    assert caller(pw, "appraiser").get(P).json()["can_edit"] is False


def test_it_refuses_a_person_beyond_the_quota_with_the_reason(pw: PeopleWorld) -> None:
    officer = caller(pw, "officer")
    assert officer.send("post", P, BODY).status_code == 201
    response = officer.send("post", P, {**BODY, "name": "Vàng Seo Dính"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert "Huyện Đồng Văn đã đề nghị đủ 2 cá nhân Cấp xã" in body["message_vi"]
    assert "has already put forward 2 individuals at the Commune level" in body["message_en"]


def test_it_names_the_wrong_fields(pw: PeopleWorld) -> None:
    response = caller(pw, "officer").send("post", P, {"unit": "HG.BM.YC", "name": " "})
    assert response.status_code == 422
    body = response.json()
    assert "Họ và tên ('name')" in body["message_vi"] and "Unit ('unit')" in body["message_en"]
    assert "'HG.BM.YC'" in body["message"] and "Yên Cường" not in body["message"]  # not its name
    missing = caller(pw, "officer").send("post", P, {"name": "Lò Thị Mai"})
    assert missing.status_code == 422
    assert missing.json()["details"][0]["field"] == "body.payload.unit"


def test_a_stale_write_answers_409_with_the_stored_nomination(pw: PeopleWorld) -> None:
    n = IndividualNomination.objects.get(name="Giàng Mí Cáy")
    officer = caller(pw, "officer")
    path = f"{P}/{n.pk}"
    first = officer.send("put", path, {**BODY, "unit": "HG.DV.LC", "name": "A", "version": 1})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = caller(pw, "admin").send(
        "put", path, {**BODY, "unit": "HG.DV.LC", "name": "B", "version": 1}
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale" and body["details"][0]["current"]["name"] == "A"
    assert body["details"][0]["current"]["version"] == 2
    gone = officer.send("delete", f"{path}?version=1")
    assert gone.status_code == 409
    assert officer.send("delete", f"{path}?version=2").status_code == 204
    assert not IndividualNomination.objects.filter(pk=n.pk).exists()


@pytest.mark.parametrize(
    ("who", "names"),
    [("admin", ["Giàng Mí Cáy", "Hoàng Văn Sơn"]), ("appraiser", ["Giàng Mí Cáy"])],
)
def test_the_allocation_lists_the_people_the_reader_may_see(
    pw: PeopleWorld, who: str, names: list[str]
) -> None:
    body = caller(pw, who).get(L + "/individuals").json()
    assert body["places"] == 15
    assert [f["form"] for f in body["forms"]] == [BANG_KHEN, "giay_khen_ca_tinh"]
    assert [d["name"] for d in body["proposals"]] == names
    assert body["hidden"] == 2 - len(names)
    first = body["proposals"][0]
    assert (first["form"], first["rank"], first["nomination_kind"], first["proposer"]) == (
        BANG_KHEN,
        1,
        "base",
        "HG.DV",
    )
    assert "Đề nghị Bằng khen" in first["reason"]["vi"]
    assert "Proposed for the" in first["reason"]["en"]
    text = json.dumps(body, ensure_ascii=False)
    assert ("Hoàng Văn Sơn" in text) is (who == "admin")
