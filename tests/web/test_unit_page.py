"""A unit's page: award links only where the campaign has an award plan, readable breadcrumbs."""

from __future__ import annotations

from django.urls import reverse

from tests.web.conftest import World
from thidua.web.awards_web import services as awards


def _unit_page(world: World, user: object, code: str) -> str:
    response = world.client(user).get(reverse("unit", args=[code]))  # type: ignore[arg-type]
    assert response.status_code == 200
    return response.content.decode()


def test_it_hides_the_award_link_while_the_campaign_has_no_award_plan(world: World) -> None:
    awards_url = reverse("unit_awards", args=[world.campaign.code, world.commune.code])
    for user in (world.owner, world.appraiser, world.admin):
        page = _unit_page(world, user, world.commune.code)
        assert reverse("self_assessment", args=[world.campaign.code, world.commune.code]) in page
        assert awards_url not in page
    # The page itself still refuses: there is nothing to show without a plan.
    assert world.client(world.owner).get(awards_url).status_code == 422


def test_it_shows_the_award_link_once_the_campaign_has_an_award_plan(world: World) -> None:
    awards.set_plan(world.admin, campaign=world.campaign, plan="hagiang-2023")
    awards_url = reverse("unit_awards", args=[world.campaign.code, world.commune.code])
    for user in (world.owner, world.appraiser, world.admin):
        assert awards_url in _unit_page(world, user, world.commune.code)
    assert world.client(world.owner).get(awards_url).status_code == 200


def test_it_links_only_the_ancestors_the_user_may_read(world: World) -> None:
    province, district = 'href="/units/HG/"', 'href="/units/HG.DV/"'
    # The commune's reporter reads neither its district nor its province: names, no links.
    page = _unit_page(world, world.owner, world.commune.code)
    assert "Huyện Đồng Văn" in page and "Tỉnh Hà Giang" in page
    assert district not in page and province not in page
    assert world.client(world.owner).get("/units/HG.DV/").status_code == 404
    # The district's appraiser reads its district, not the province.
    page = _unit_page(world, world.appraiser, world.commune.code)
    assert district in page and province not in page
    page = _unit_page(world, world.appraiser, world.district.code)
    assert province not in page and "Tỉnh Hà Giang" in page
    # The province's admin reads every unit above.
    page = _unit_page(world, world.admin, world.commune.code)
    assert district in page and province in page
    for link in ("/units/HG/", "/units/HG.DV/"):
        assert world.client(world.admin).get(link).status_code == 200
