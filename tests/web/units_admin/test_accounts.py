"""Accounts: administrators create them, assign roles and reset passwords (audited); everyone
changes their own password; sessions end when a password is set."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.web.conftest import PASSWORD, World
from thidua.web.accounts import services
from thidua.web.accounts.models import Membership
from thidua.web.audit.models import AuditEntry
from thidua.web.errors import BadInput, Denied

NEW_PASSWORD = "mot mat khau moi rat dai 2025"


def _login(username: str, password: str) -> Client:
    c = Client()
    assert c.login(username=username, password=password)
    return c


def test_it_creates_an_account_with_a_role(world: World) -> None:
    response = world.client(world.admin).post(
        reverse("account_create"),
        {
            "username": "canbo_lc",
            "full_name": "Nguyễn Văn An",
            "email": "",
            "unit": "HG.DV.LC",
            "role": "reporter",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="canbo_lc")
    assert user.get_full_name() == "Nguyễn Văn An" and user.check_password(NEW_PASSWORD)
    assert list(Membership.objects.filter(user=user).values_list("unit__code", "role")) == [
        ("HG.DV.LC", "reporter")
    ]
    entry = AuditEntry.objects.get(action="account.create")
    assert entry.after["roles"] == ["HG.DV.LC:reporter"] and "password" not in str(entry.after)


def test_it_refuses_weak_or_mismatched_passwords(world: World) -> None:
    data = {"username": "x1", "full_name": "X", "unit": "HG", "role": "viewer"}
    page = world.client(world.admin).post(
        reverse("account_create"), {**data, "password1": "123", "password2": "123"}
    )
    assert page.status_code == 422 and not User.objects.filter(username="x1").exists()
    page = world.client(world.admin).post(
        reverse("account_create"),
        {**data, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
    )
    assert page.status_code == 422 and "không khớp" in page.content.decode()


def test_it_refuses_roles_outside_the_administrators_reach(
    world: World, district_admin: User
) -> None:
    with pytest.raises(Denied):
        services.create_account(
            district_admin,
            username="x2",
            full_name="X",
            email="",
            password=NEW_PASSWORD,
            unit=world.other_district,
            role="viewer",
        )
    with pytest.raises(Denied):
        services.grant_role(district_admin, world.owner, unit=world.province, role="admin")
    page = world.client(district_admin).post(
        reverse("account_detail", args=[world.owner.pk]),
        {"action": "grant", "unit": "HG.BM", "role": "viewer"},
    )
    assert page.status_code == 403
    assert not Membership.objects.filter(user=world.owner, unit=world.other_district).exists()


def test_it_grants_and_revokes_roles(world: World) -> None:
    client = world.client(world.admin)
    client.post(
        reverse("account_detail", args=[world.owner.pk]),
        {"action": "grant", "unit": "HG.DV", "role": "viewer"},
    )
    m = Membership.objects.get(user=world.owner, unit=world.district)
    assert m.role == "viewer"
    client.post(reverse("account_revoke", args=[world.owner.pk, m.pk]))
    assert not Membership.objects.filter(pk=m.pk).exists()
    assert [e.action for e in AuditEntry.objects.order_by("seq")] == [
        "account.grant",
        "account.revoke",
    ]
    last = Membership.objects.get(user=world.owner)
    with pytest.raises(BadInput, match="last role"):
        services.revoke_role(world.admin, last)


def test_it_resets_a_password_audited_and_ends_the_old_sessions(world: World) -> None:
    old_session = _login("owner", PASSWORD)
    assert old_session.get("/").status_code == 200
    response = world.client(world.admin).post(
        reverse("account_password", args=[world.owner.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    world.owner.refresh_from_db()
    assert world.owner.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="account.password_reset")
    assert (entry.actor, entry.object_id) == (world.admin, "owner")
    assert NEW_PASSWORD not in str(entry.before) + str(entry.after) + entry.reason
    assert old_session.get("/").status_code == 302  # logged out
    assert _login("owner", NEW_PASSWORD).get("/").status_code == 200


def test_it_refuses_resets_by_administrators_who_do_not_cover_every_role(
    world: World, district_admin: User
) -> None:
    Membership.objects.create(user=world.owner, unit=world.other_district, role="viewer")
    assert (
        world.client(district_admin).get(reverse("account_password", args=[world.owner.pk]))
    ).status_code == 403
    with pytest.raises(Denied):
        services.reset_password(district_admin, world.owner, password=NEW_PASSWORD)
    services.reset_password(world.admin, world.owner, password=NEW_PASSWORD)


def test_it_never_lets_an_administrator_touch_a_superuser(world: World, root: User) -> None:
    Membership.objects.create(user=root, unit=world.commune, role="viewer")
    with pytest.raises(Denied):
        services.reset_password(world.admin, root, password=NEW_PASSWORD)


def test_it_lets_users_change_their_own_password(world: World) -> None:
    client = _login("owner", PASSWORD)
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "nope", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 422 and "không đúng" in wrong.content.decode()
    ok = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert ok.status_code == 302
    assert client.get("/").status_code == 200  # this session stays logged in
    world.owner.refresh_from_db()
    assert world.owner.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="account.password_change", actor=world.owner).exists()


def test_it_deactivates_an_account_but_not_ones_own(world: World) -> None:
    client = world.client(world.admin)
    client.post(
        reverse("account_detail", args=[world.owner.pk]),
        {"action": "edit", "full_name": "Chủ", "email": "", "is_active": ""},
    )
    world.owner.refresh_from_db()
    assert not world.owner.is_active
    page = client.post(
        reverse("account_detail", args=[world.admin.pk]),
        {"action": "edit", "full_name": "Admin", "email": "", "is_active": ""},
    )
    assert page.status_code == 422
    world.admin.refresh_from_db()
    assert world.admin.is_active


def test_it_lists_only_accounts_within_reach(world: World, district_admin: User) -> None:
    html = world.client(district_admin).get(reverse("manage_accounts")).content.decode()
    assert "owner" in html and "peer" in html and "outsider" not in html
    html = (
        world.client(world.admin).get(reverse("manage_accounts") + "?q=HG.DV.LC").content.decode()
    )
    assert ">owner<" in html and ">peer<" not in html
