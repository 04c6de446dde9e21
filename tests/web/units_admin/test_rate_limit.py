"""Login rate limiting: 5 failures for one username from one address lock that pair for 15 minutes
(counted in the database cache, so every app process sees them)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import PASSWORD, World
from thidua.web.accounts import services, throttle


def _try(password: str, *, username: str = "owner", ip: str = "10.0.0.1") -> int:
    client = Client(REMOTE_ADDR=ip)
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code


def _fail(n: int, **kw: str) -> None:
    for _ in range(n):
        assert _try("wrong", **kw) == 200


def test_it_locks_after_five_failures_even_for_the_right_password(world: World) -> None:
    _fail(5)
    assert _try(PASSWORD) == 429
    page = Client(REMOTE_ADDR="10.0.0.1").post(
        reverse("login"), {"username": "owner", "password": PASSWORD}
    )
    assert "thử lại sau 15 phút" in page.content.decode()
    assert int(page["Retry-After"]) > 800


def test_it_counts_per_username_and_address(world: World) -> None:
    _fail(5)
    assert _try(PASSWORD, ip="10.0.0.2") == 302  # another address
    assert _try(PASSWORD, username="peer") == 302  # another username from the same address
    assert _try(PASSWORD, username="OWNER ") == 429  # the same username, spelt differently


def test_it_forgets_failures_after_a_success(world: World) -> None:
    _fail(4)
    assert _try(PASSWORD) == 302
    _fail(4)
    assert _try(PASSWORD) == 302


def test_it_unlocks_when_the_window_ends(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1_000_000.0]
    monkeypatch.setattr(throttle, "_now", lambda: now[0])
    _fail(5)
    now[0] += 14 * 60
    assert _try(PASSWORD) == 429
    now[0] += 61
    assert _try(PASSWORD) == 302


def test_it_unlocks_when_an_administrator_resets_the_password(world: World) -> None:
    _fail(5)
    services.reset_password(world.admin, world.owner, password="mot mat khau moi rat dai 2025")
    assert _try("mot mat khau moi rat dai 2025") == 302


def test_it_uses_the_configured_limit(world: World, settings: object) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2  # type: ignore[attr-defined]
    _fail(2)
    assert _try(PASSWORD) == 429


def test_it_reads_the_client_address_from_a_trusted_proxy_header(
    world: World, settings: object
) -> None:
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"  # type: ignore[attr-defined]
    for _ in range(5):
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9").post(
            reverse("login"), {"username": "owner", "password": "wrong"}
        )
    locked = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9").post(
        reverse("login"), {"username": "owner", "password": PASSWORD}
    )
    other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.10").post(
        reverse("login"), {"username": "owner", "password": PASSWORD}
    )
    assert (locked.status_code, other.status_code) == (429, 302)
