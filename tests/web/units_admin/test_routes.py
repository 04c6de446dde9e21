"""Every new page, tried by every named user: administrators manage their subtree, nobody else.

Pages for administrators answer 403 to users who administer nothing; an object
the user may not read answers 404, one they may read but not change 403.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.conftest import World
from thidua.web.accounts.models import Membership

USERS = ("owner", "peer", "outsider", "appraiser", "admin")
ADMIN_ONLY = {"owner": 403, "peer": 403, "outsider": 403, "appraiser": 403, "admin": 200}


def _get(world: World, who: str, path: str) -> int:
    return world.client(getattr(world, who)).get(path).status_code


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize(
    "name",
    [
        "manage",
        "manage_units",
        "manage_unit_create",
        "manage_units_import",
        "manage_units_merge",
        "manage_group_create",
        "manage_accounts",
        "account_create",
        "manage_campaigns",
        "manage_campaign_create",
    ],
)
def test_it_opens_the_administration_pages_to_administrators_only(
    world: World, who: str, name: str
) -> None:
    assert _get(world, who, reverse(name)) == ADMIN_ONLY[who]


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 404), ("outsider", 404), ("appraiser", 403), ("admin", 200)],
)
def test_it_lets_only_administrators_above_edit_a_unit(
    world: World, who: str, expected: int
) -> None:
    assert _get(world, who, reverse("manage_unit_edit", args=[world.commune.code])) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("peer", 404), ("outsider", 404), ("appraiser", 200), ("admin", 200)],
)
def test_it_shows_a_units_history_to_its_readers(world: World, who: str, expected: int) -> None:
    assert _get(world, who, reverse("unit_history", args=[world.commune.code])) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 404), ("peer", 404), ("outsider", 404), ("appraiser", 404), ("admin", 200)],
)
@pytest.mark.parametrize("name", ["account_detail", "account_password"])
def test_it_shows_an_account_to_administrators_of_its_units(
    world: World, who: str, expected: int, name: str
) -> None:
    assert _get(world, who, reverse(name, args=[world.peer.pk])) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 403), ("peer", 403), ("outsider", 404), ("appraiser", 403), ("admin", 200)],
)
def test_it_lets_only_the_owners_administrators_edit_a_campaign(
    world: World, who: str, expected: int
) -> None:
    path = reverse("manage_campaign_edit", args=[world.campaign.code])
    assert _get(world, who, path) == expected


@pytest.mark.parametrize("who", USERS)
def test_it_lets_everyone_change_their_own_password(world: World, who: str) -> None:
    assert _get(world, who, reverse("password_change")) == 200


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 404), ("peer", 404), ("outsider", 404), ("appraiser", 404), ("admin", 302)],
)
def test_it_lets_only_administrators_take_a_role_away(
    world: World, who: str, expected: int
) -> None:
    Membership.objects.create(user=world.peer, unit=world.district, role="viewer")
    m = Membership.objects.get(user=world.peer, unit=world.district)
    path = reverse("account_revoke", args=[world.peer.pk, m.pk])
    assert world.client(getattr(world, who)).post(path).status_code == expected
    assert Membership.objects.filter(pk=m.pk).exists() is (expected != 302)


@pytest.mark.parametrize(
    "path",
    [
        "/manage/",
        "/manage/units/",
        "/manage/units/import/",
        "/manage/accounts/",
        "/manage/campaigns/new/",
        "/accounts/password/",
        "/units/HG.DV.LC/history/",
    ],
)
def test_it_sends_strangers_to_the_login_page(world: World, path: str) -> None:
    response = world.client(None).get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_keeps_a_district_administrator_inside_the_district(
    world: World, district_admin: object
) -> None:
    client = world.client(district_admin)  # type: ignore[arg-type]
    assert client.get(reverse("manage_unit_edit", args=[world.commune.code])).status_code == 200
    assert client.get(reverse("manage_unit_edit", args=[world.district.code])).status_code == 200
    assert client.get(reverse("manage_unit_edit", args=[world.province.code])).status_code == 404
    assert (
        client.get(reverse("manage_unit_edit", args=[world.other_district.code])).status_code == 404
    )
    listed = client.get(reverse("manage_units")).content.decode()
    assert "Xã Lũng Cú" in listed and "Huyện Bắc Mê" not in listed


def test_it_links_the_administration_from_the_home_page(world: World) -> None:
    assert reverse("manage") in world.client(world.admin).get("/").content.decode()
    assert reverse("manage") not in world.client(world.owner).get("/").content.decode()


def test_it_speaks_english_on_request(world: World) -> None:
    client = world.client(world.admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("manage")).content.decode()
    assert "Import units" in html and "Create account" in html and "Nhập đơn vị" not in html
    html = client.get(reverse("unit_history", args=[world.commune.code])).content.decode()
    assert "Results across campaigns" in html
