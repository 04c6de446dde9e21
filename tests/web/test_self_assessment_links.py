"""The self-assessment page without JavaScript, and its link to the offline (Excel) form."""

from __future__ import annotations

from tests.web.conftest import World
from tests.web.helpers import COUNT, url


def test_it_returns_to_the_saved_row_without_javascript(world: World) -> None:
    client = world.client(world.owner)
    response = client.post(
        url("save_row", "hg-2023", world.commune, COUNT), {"v": "3", "version": 0}
    )
    assert response.status_code == 302
    page, anchor = response["Location"].split("#")
    assert page == url("self_assessment", "hg-2023", world.commune) and anchor == "row-A-I-3"
    assert f'<tr id="{anchor}">' in client.get(page).content.decode()


def test_it_links_the_offline_form_for_users_who_may_enter_results(world: World) -> None:
    offline = url("offline", "hg-2023", world.commune)
    for user in (world.owner, world.admin):
        html = world.client(user).get(url("self_assessment", "hg-2023", world.commune)).content
        submit = html.decode().index(url("submit", "hg-2023", world.commune))
        assert html.decode().find(offline, submit) > submit  # next to the submit button
    # The appraiser only reads the unit's table: no entry, no upload.
    html = world.client(world.appraiser).get(url("self_assessment", "hg-2023", world.commune))
    assert offline not in html.content.decode()
    world.campaign.state = "appraisal"
    world.campaign.save()
    html = world.client(world.owner).get(url("self_assessment", "hg-2023", world.commune))
    assert offline not in html.content.decode()
