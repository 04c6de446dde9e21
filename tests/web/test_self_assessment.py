"""A commune enters its results: inputs per rule kind, live points, drafts, locking, submission."""

from __future__ import annotations

import pytest

from tests.web.conftest import World
from tests.web.helpers import BINARY, COUNT, EVENTS, RATIO, fill_all, url
from thidua.web.audit.models import AuditEntry
from thidua.web.results.models import Result


def test_it_shows_the_annex_table_with_an_input_per_rule_kind(world: World) -> None:
    page = (
        world.client(world.owner)
        .get(url("self_assessment", world.campaign.code, world.commune))
        .content.decode()
    )
    assert "Ban hành kế hoạch thực hiện Đề án 06" in page  # A.I.1, binary
    assert 'name="num"' in page and 'name="den"' in page  # ratio: numerator / denominator
    assert 'name="ev-commended"' in page  # events: a count per kind
    assert 'value="yes"' in page  # binary: Có / Không


def test_it_previews_the_points_with_the_cores_explanation(world: World) -> None:
    path = url("preview", world.campaign.code, world.commune, RATIO)
    html = world.client(world.owner).post(path, {"num": "35", "den": "100"}).content.decode()
    # 35% of a 70% target → 0.35 / 0.7 × 20 = 10 points (A.II.1 of Annex 3).
    assert "<strong>10</strong>" in html
    assert "70%" in html
    assert not Result.objects.exists()


def test_it_explains_a_refused_value_in_vietnamese(world: World) -> None:
    path = url("preview", world.campaign.code, world.commune, RATIO)
    html = world.client(world.owner).post(path, {"num": "50", "den": "40"}).content.decode()
    assert "lớn hơn mẫu số" in html


def test_it_saves_a_draft_and_audits_it(world: World) -> None:
    path = url("save_row", world.campaign.code, world.commune, COUNT)
    response = world.client(world.owner).post(
        path, {"v": "3", "version": 0, "note": "3 văn bản"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    row = Result.objects.get(criterion=COUNT)
    assert (
        row.self_value == 3
        and row.status == "draft"
        and row.version == 1
        and row.note == "3 văn bản"
    )
    entry = AuditEntry.objects.get(action="result.save")
    assert entry.actor_name == "owner" and entry.after["self_value"] == 3 and entry.before is None


def test_it_stores_events_as_the_core_expects(world: World) -> None:
    path = url("save_row", world.campaign.code, world.commune, EVENTS)
    world.client(world.owner).post(
        path, {"ev-commended": "2", "version": 0}, HTTP_HX_REQUEST="true"
    )
    assert Result.objects.get(criterion=EVENTS).self_value == [{"kind": "commended", "count": 2}]


def test_it_refuses_a_stale_save_and_shows_the_newer_value(world: World) -> None:
    Result.objects.create(
        campaign=world.campaign, unit=world.commune, criterion=RATIO, self_value="80%", version=2
    )
    path = url("save_row", world.campaign.code, world.commune, RATIO)
    response = world.client(world.owner).post(
        path, {"pct": "50", "version": 1}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "người khác cập nhật" in html
    assert 'value="80"' in html  # the newer stored value is shown
    assert Result.objects.get(criterion=RATIO).self_value == "80%"


def test_it_refuses_an_invalid_value_without_storing_it(world: World) -> None:
    path = url("save_row", world.campaign.code, world.commune, RATIO)
    response = world.client(world.owner).post(
        path, {"pct": "130", "version": 0}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert not Result.objects.exists()


def test_it_refuses_to_submit_an_incomplete_table(world: World) -> None:
    Result.objects.create(
        campaign=world.campaign, unit=world.commune, criterion=BINARY, self_value=True
    )
    page = world.client(world.owner).post(
        url("submit", world.campaign.code, world.commune), follow=True
    )
    assert "Chưa nhập kết quả cho các chỉ tiêu" in page.content.decode()
    assert Result.objects.get(criterion=BINARY).status == "draft"


def test_it_submits_a_complete_table_and_then_locks_it(world: World) -> None:
    fill_all(world.campaign, world.commune)
    world.client(world.owner).post(url("submit", world.campaign.code, world.commune))
    assert set(Result.objects.values_list("status", flat=True)) == {"submitted"}
    row = Result.objects.get(criterion=RATIO)
    path = url("save_row", world.campaign.code, world.commune, RATIO)
    world.client(world.owner).post(
        path, {"pct": "10", "version": row.version}, HTTP_HX_REQUEST="true"
    )
    assert Result.objects.get(criterion=RATIO).self_value == "100%"


def test_it_lets_reporters_edit_only_until_the_deadline(world: World) -> None:
    from thidua.web.campaigns.models import Milestone

    Milestone.objects.create(campaign=world.campaign, kind="submission", date="2023-11-30")
    path = url("save_row", world.campaign.code, world.commune, COUNT)
    assert (
        world.client(world.owner)
        .post(path, {"v": "1", "version": 0}, HTTP_HX_REQUEST="true")
        .status_code
        == 403
    )
    assert (
        world.client(world.admin)
        .post(path, {"v": "1", "version": 0}, HTTP_HX_REQUEST="true")
        .status_code
        == 200
    )


@pytest.mark.parametrize("state", ["draft", "appraisal", "published", "archived"])
def test_it_refuses_entry_outside_the_open_state(world: World, state: str) -> None:
    world.campaign.state = state
    world.campaign.save()
    path = url("save_row", world.campaign.code, world.commune, COUNT)
    assert (
        world.client(world.owner)
        .post(path, {"v": "1", "version": 0}, HTTP_HX_REQUEST="true")
        .status_code
        == 403
    )
