"""Scores and ranks come from the scoring core; ranks are shown only where the policy allows."""

from __future__ import annotations

from decimal import Decimal

from tests.web.api.conftest import CallAs
from tests.web.conftest import World
from tests.web.helpers import fill_all
from thidua.web.campaigns.scoring import unit_score
from thidua.web.campaigns.services import change_state
from thidua.web.results.models import Result

RANKING = "/api/campaigns/hg-2023/ranking/commune"


def _submit_both(world: World) -> None:
    fill_all(world.campaign, world.commune, status="submitted")
    fill_all(world.campaign, world.peer_commune, status="submitted")
    Result.objects.filter(unit=world.peer_commune, criterion="A.II.1").update(self_value="35%")


def test_it_returns_the_cores_score_with_explanations(world: World, call_as: CallAs) -> None:
    _submit_both(world)
    body = call_as("owner", "token").get("/api/campaigns/hg-2023/units/HG.DV.LC/score").json()
    core = unit_score(world.campaign, world.commune, basis="final")
    assert Decimal(body["total"]) == core.total
    assert {g["code"]: Decimal(g["points"]) for g in body["groups"]} == dict(core.groups)
    row = next(c for c in body["criteria"] if c["code"] == "A.II.1")
    assert row["points"] == "20.00" and row["input"] == "100%"
    assert "%" in row["explanation"]["vi"] and row["explanation"]["en"]


def test_it_scores_drafts_only_on_the_self_basis(world: World, call_as: CallAs) -> None:
    fill_all(world.campaign, world.commune)  # drafts: nothing counts for the ranking yet
    owner = call_as("owner", "token")
    path = "/api/campaigns/hg-2023/units/HG.DV.LC/score"
    assert Decimal(owner.get(path).json()["total"]) == 0
    assert Decimal(owner.get(path, {"basis": "self"}).json()["total"]) > 0
    assert owner.get(path, {"basis": "other"}).status_code == 422


def test_it_ranks_only_the_rows_in_the_appraisers_subtree(world: World, call_as: CallAs) -> None:
    _submit_both(world)
    body = call_as("appraiser", "token").get(RANKING).json()
    assert body["frozen_at"] is None and body["framework"] == "hagiang-2023-commune"
    assert [(r["unit"], r["rank"]) for r in body["items"]] == [("HG.DV.LC", 1), ("HG.DV.SP", 2)]
    assert body["count"] == 2


def test_it_shows_the_frozen_ranking_to_every_participant_once_published(
    world: World, call_as: CallAs
) -> None:
    _submit_both(world)
    for r in Result.objects.all():  # the appraiser agreed with every row
        r.status, r.appraised_value = "accepted", r.self_value
        r.save()
    for state in ("appraisal", "published"):
        change_state(world.admin, world.campaign, state)
        world.campaign.refresh_from_db()
    body = call_as("peer", "token").get(RANKING).json()
    assert body["frozen_at"] is not None
    assert [r["unit"] for r in body["items"]] == ["HG.DV.LC", "HG.DV.SP"]
    assert call_as("outsider", "token").get(RANKING).status_code == 404


def test_it_ranks_within_a_unit_only_for_those_who_may_see_it(
    world: World, call_as: CallAs
) -> None:
    _submit_both(world)
    admin = call_as("admin", "token")
    assert [r["unit"] for r in admin.get(RANKING, {"within": "HG.DV"}).json()["items"]] == [
        "HG.DV.LC",
        "HG.DV.SP",
    ]
    appraiser = call_as("appraiser", "token")
    assert appraiser.get(RANKING, {"within": "HG.BM"}).status_code == 404
    assert appraiser.get(RANKING, {"within": "NOPE"}).status_code == 404


def test_it_pages_the_ranking(world: World, call_as: CallAs) -> None:
    _submit_both(world)
    page = call_as("admin", "token").get(RANKING, {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and [r["unit"] for r in page["items"]] == ["HG.DV.SP"]
