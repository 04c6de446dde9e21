"""Writing results through the API: drafts, optimistic locking, pushes by token, evidence."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.api.conftest import CallAs
from tests.web.conftest import World
from tests.web.helpers import BINARY, COUNT, RATIO, fill_all
from thidua.web.audit.models import AuditEntry
from thidua.web.results.models import Result

CU = "/api/campaigns/hg-2023/units/HG.DV.LC"
PEER = "/api/campaigns/hg-2023/units/HG.DV.SP"


def test_it_refuses_a_stale_write_and_shows_the_newer_value(world: World, call_as: CallAs) -> None:
    owner, admin = call_as("owner", "token"), call_as("admin", "token")
    row = owner.get(f"{CU}/results/{RATIO}").json()
    assert (row["status"], row["version"]) == (None, 0)

    first = owner.send("put", f"{CU}/results/{RATIO}", {"value": "60%", "version": 0})
    assert first.status_code == 200 and first.json()["version"] == 1
    # The province admin saves on top of version 1 ...
    newer = admin.send("put", f"{CU}/results/{RATIO}", {"value": "75%", "version": 1})
    assert newer.status_code == 200 and newer.json()["version"] == 2
    # ... so the owner's write, still based on version 1, is refused.
    stale = owner.send("put", f"{CU}/results/{RATIO}", {"value": "65%", "version": 1})
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale"
    assert body["details"][0]["current"]["self_value"] == "75%"
    assert body["details"][0]["current"]["version"] == 2
    assert body["details"][0]["current"]["updated_by"] == "admin"
    assert Result.objects.get(criterion=RATIO).self_value == "75%"


def test_it_refuses_a_second_creation_of_the_same_row(world: World, call_as: CallAs) -> None:
    owner = call_as("owner", "token")
    assert owner.send("put", f"{CU}/results/{COUNT}", {"value": 3, "version": 0}).status_code == 200
    again = owner.send("put", f"{CU}/results/{COUNT}", {"value": 4, "version": 0})
    assert again.status_code == 409 and again.json()["details"][0]["current"]["self_value"] == 3


def test_it_lets_a_reporter_push_a_ratio_by_token_for_its_own_unit(
    world: World, call_as: CallAs
) -> None:
    machine = call_as("owner", "token")
    response = machine.send(
        "put",
        f"{CU}/results/{RATIO}",
        {"value": {"numerator": 850, "denominator": 1000}, "note": "Cổng DVC", "version": 0},
    )
    assert response.status_code == 200
    assert response.json()["self_value"] == {"numerator": 850, "denominator": 1000}
    entry = AuditEntry.objects.filter(action="result.save").get()
    assert (entry.actor_name, entry.unit, entry.object_id) == (
        "owner",
        "HG.DV.LC",
        f"hg-2023/HG.DV.LC/{RATIO}",
    )
    # The points are the core's: 85% against the 70% target caps at the maximum (20).
    score = machine.get(CU + "/score", {"basis": "self"}).json()
    assert next(c for c in score["criteria"] if c["code"] == RATIO)["points"] == "20.00"


def test_it_hides_a_peer_unit_from_a_reporter_pushing_by_token(
    world: World, call_as: CallAs
) -> None:
    machine = call_as("owner", "token")
    response = machine.send("put", f"{PEER}/results/{RATIO}", {"value": 0.9, "version": 0})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert not Result.objects.exists()
    assert machine.get(f"{PEER}/results/{RATIO}").status_code == 404


def test_it_refuses_a_value_the_core_cannot_score_with_its_reason(
    world: World, call_as: CallAs
) -> None:
    response = call_as("owner", "token").send(
        "put", f"{CU}/results/{RATIO}", {"value": "150%", "version": 0}
    )
    assert response.status_code == 422
    body = response.json()
    assert "tỷ lệ phải từ 0 đến 1" in body["message_vi"]
    assert "a ratio must be between 0 and 1" in body["message_en"]
    assert not Result.objects.exists()


def test_it_answers_404_for_a_criterion_outside_the_units_framework(
    world: World, call_as: CallAs
) -> None:
    owner = call_as("owner", "token")
    assert owner.get(f"{CU}/results/Z.9").status_code == 404
    assert owner.send("put", f"{CU}/results/A", {"value": 1, "version": 0}).status_code == 404


def test_it_lists_every_criterion_of_the_table_with_blanks_at_version_0(
    world: World, call_as: CallAs
) -> None:
    from thidua.scoring import get_builtin

    Result.objects.create(
        campaign=world.campaign, unit=world.commune, criterion=BINARY, self_value=True
    )
    page = call_as("owner", "token").get(CU + "/results", {"limit": 1000}).json()
    codes = [c.code for c in get_builtin("hagiang-2023-commune").criteria]
    assert [r["criterion"] for r in page["items"]] == codes and page["count"] == len(codes)
    by_code = {r["criterion"]: r for r in page["items"]}
    assert (by_code[BINARY]["status"], by_code[BINARY]["version"]) == ("draft", 1)
    assert (by_code[RATIO]["status"], by_code[RATIO]["version"]) == (None, 0)


def test_it_submits_a_complete_table_and_refuses_an_incomplete_one(
    world: World, call_as: CallAs
) -> None:
    owner = call_as("owner", "token")
    incomplete = owner.send("post", CU + "/submit")
    assert incomplete.status_code == 422 and "No result entered yet" in incomplete.json()["message"]
    fill_all(world.campaign, world.commune)
    done = owner.send("post", CU + "/submit")
    assert done.status_code == 200 and done.json()["count"] == Result.objects.count()
    assert set(Result.objects.values_list("status", flat=True)) == {"submitted"}


def test_it_takes_evidence_checked_by_content_and_serves_it_back(
    world: World, call_as: CallAs
) -> None:
    owner = call_as("owner", "token")
    path = f"{CU}/results/{RATIO}/evidence"
    fake = owner.upload(path, {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")})
    assert fake.status_code == 422 and "PDF" in fake.json()["message_en"]
    ok = owner.upload(path, {"file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7 x")})
    assert ok.status_code == 201
    url = ok.json()["url"]
    download = owner.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7 x"
    assert call_as("peer", "token").get(url).status_code == 404
    listed = owner.get(f"{CU}/results/{RATIO}").json()
    assert [e["name"] for e in listed["evidence"]] == ["bao-cao.pdf"]


def test_it_appraises_through_the_services(world: World, call_as: CallAs) -> None:
    Result.objects.create(
        campaign=world.campaign,
        unit=world.commune,
        criterion=COUNT,
        self_value=5,
        status="submitted",
    )
    appraiser = call_as("appraiser", "token")
    row = f"{CU}/results/{COUNT}"
    no_reason = appraiser.send("post", row + "/correct", {"value": 3, "reason": " ", "version": 1})
    assert no_reason.status_code == 422 and no_reason.json()["message_en"] == (
        "A correction needs a reason"
    )
    fixed = appraiser.send(
        "post", row + "/correct", {"value": 3, "reason": "2 VB trùng", "version": 1}
    )
    assert fixed.status_code == 200
    assert (fixed.json()["status"], fixed.json()["final_value"]) == ("corrected", 3)
    stale = appraiser.send("post", row + "/accept", {"version": 1})
    assert stale.status_code == 409 and stale.json()["details"][0]["current"]["version"] == 2
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="result.")] == [
        "result.correct"
    ]


@pytest.mark.parametrize("version", [-1, "one", None])
def test_it_refuses_a_write_without_a_valid_version(
    world: World, call_as: CallAs, version: object
) -> None:
    body = {"value": "50%"} if version is None else {"value": "50%", "version": version}
    response = call_as("owner", "token").send("put", f"{CU}/results/{RATIO}", body)
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "body.payload.version"
