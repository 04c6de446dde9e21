"""A unit's page: the criteria with points still missing, and the points needed to rank higher.

Hà Giang commune annex (hagiang-2023-commune), appraised values:
Lũng Cú  A.I.1 yes → 5, A.I.3 three documents → 3: total 8 (group A 8);
Sà Phìn  A.I.1 yes → 5, A.I.3 seven documents → 7: total 12 (group A 12).
Sà Phìn ranks 1, Lũng Cú 2. To reach rank 1 Lũng Cú needs 12 − 8 = 4 points,
plus 0,01 because the campaign's tie-breaker (group A: 8 < 12) would not lift
it on equal totals: 4,01.
"""

from __future__ import annotations

from django.urls import reverse

from tests.web.conftest import World
from tests.web.helpers import BINARY, COUNT
from thidua.web.campaigns.services import change_state
from thidua.web.results.models import Result


def _appraised(world: World) -> None:
    for unit, count in ((world.commune, 3), (world.peer_commune, 7)):
        for code, value in ((BINARY, True), (COUNT, count)):
            Result.objects.create(
                campaign=world.campaign,
                unit=unit,
                criterion=code,
                self_value=value,
                appraised_value=value,
                status="accepted",
            )
    world.campaign.state = "appraisal"
    world.campaign.save()


def _page(world: World, user: object) -> str:
    response = world.client(user).get(reverse("unit", args=[world.commune.code]))  # type: ignore[arg-type]
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_criteria_by_points_missing(world: World) -> None:
    _appraised(world)
    html = _page(world, world.owner)
    advice = html[html.index('id="advice"') :]
    # A.II.1 (ratio, max 20) and B.2 (bonus, cap 20) miss 20 each, in table order, then
    # A.IV.1 (max 12); A.I.3 misses 7 − 3 = 4; A.I.1 (5 of 5) misses nothing.
    assert advice.index("A.II.1") < advice.index("B.2") < advice.index("A.IV.1")
    assert (
        '<td class="text-right">3 / 7</td><td class="text-right font-weight-bold">4</td>' in advice
    )
    assert ">A.I.1<" not in advice
    assert "Tổng điểm: <strong>8</strong> / 300" in html


def test_it_shows_the_points_to_the_next_rank_to_those_who_see_the_ranking(world: World) -> None:
    _appraised(world)
    html = _page(world, world.admin)
    assert "Xếp hạng 2 với 8 điểm; cần thêm <strong>4,01</strong> điểm để đạt hạng 1" in html
    assert "Xã Sà Phìn, 12 điểm" in html
    assert "Gồm 0,01 điểm" in html


def test_it_needs_no_extra_cent_without_tie_breakers(world: World) -> None:
    _appraised(world)
    world.campaign.tie_breakers = []
    world.campaign.save()
    assert "cần thêm <strong>4</strong> điểm" in _page(world, world.admin)


def test_it_hides_the_next_rank_from_a_reporter_before_publication(world: World) -> None:
    _appraised(world)
    html = _page(world, world.owner)
    assert 'id="next-rank"' not in html and "Sà Phìn" not in html


def test_it_shows_the_frozen_ranking_to_the_unit_once_published(world: World) -> None:
    _appraised(world)
    change_state(world.admin, world.campaign, "published")
    html = _page(world, world.owner)
    assert "cần thêm <strong>4,01</strong> điểm để đạt hạng 1 (Xã Sà Phìn" in html


def test_it_says_when_the_unit_ranks_first(world: World) -> None:
    _appraised(world)
    response = world.client(world.admin).get(reverse("unit", args=[world.peer_commune.code]))
    assert "Đang xếp hạng nhất với 12 điểm." in response.content.decode()


def test_it_gives_the_advice_in_english(world: World) -> None:
    _appraised(world)
    client = world.client(world.admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("unit", args=[world.commune.code])).content.decode()
    assert "Rank 2 with 8 points; <strong>4.01</strong> more points reach rank 1" in html
