"""Token authentication: a valid token acts as its owner; revoked, unknown or missing ones get 401."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from tests.web.api.conftest import CallAs, token_for
from tests.web.conftest import World
from thidua.web.api.models import ApiToken
from thidua.web.api.tokens import revoke_token
from thidua.web.audit.models import AuditEntry

ME = "/api/me"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_it_accepts_a_valid_token_as_its_owner(world: World) -> None:
    token = token_for(world.owner)
    response = Client().get(ME, headers=_bearer(token))
    assert response.status_code == 200
    assert response.json() == {
        "username": "owner",
        "roles": [{"unit": "HG.DV.LC", "unit_name": "Xã Lũng Cú", "role": "reporter"}],
    }
    assert ApiToken.objects.get().last_used is not None


def test_it_stores_only_the_tokens_sha256(world: World) -> None:
    token = token_for(world.owner)
    stored = ApiToken.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored.token_hash, stored.label, stored.prefix}


def test_it_refuses_a_revoked_token(world: World) -> None:
    token = token_for(world.owner)
    revoke_token(None, ApiToken.objects.get())
    response = Client().get(ME, headers=_bearer(token))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer thd_not-a-real-token",
        "Bearer nothd",
        "Token abc",
        "Basic b3duZXI6eA==",
    ],
)
def test_it_refuses_missing_or_unknown_tokens(world: World, header: str | None) -> None:
    token_for(world.owner)
    headers = {"Authorization": header} if header is not None else {}
    assert Client().get(ME, headers=headers).status_code == 401


def test_it_refuses_a_bad_token_even_with_a_logged_in_session(world: World) -> None:
    client = world.client(world.admin)
    assert client.get(ME).status_code == 200
    assert client.get(ME, headers=_bearer("thd_revoked-or-made-up")).status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(world: World) -> None:
    token = token_for(world.owner)
    world.owner.is_active = False
    world.owner.save()
    assert Client().get(ME, headers=_bearer(token)).status_code == 401


def test_it_records_token_creation_and_revocation_in_the_audit_log(world: World) -> None:
    token_for(world.owner, "cổng DVC")
    revoke_token(None, ApiToken.objects.get())
    revoke_token(None, ApiToken.objects.get())  # twice: recorded once
    actions = list(
        AuditEntry.objects.filter(object_type="api_token").values_list("action", flat=True)
    )
    assert actions == ["api_token.create", "api_token.revoke"]


def test_it_checks_csrf_on_session_writes_but_not_on_token_writes(
    world: World, call_as: CallAs
) -> None:
    path = "/api/campaigns/hg-2023/state"
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.admin)
    refused = browser.post(path, '{"state": "appraisal"}', content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["message_en"]
    assert browser.get("/api/campaigns/hg-2023").status_code == 200  # reads need no token
    machine = call_as("admin", "token")
    assert machine.send("post", path, {"state": "appraisal"}).status_code == 200


def test_it_creates_lists_and_revokes_tokens_from_the_command_line(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    from thidua.cli import main

    assert main(["api-token", "create", "owner", "--label", "Cổng DVC tỉnh"]) == 0
    out = capsys.readouterr().out
    token = next(line for line in out.splitlines() if line.startswith("thd_"))
    assert Client().get(ME, headers=_bearer(token)).status_code == 200

    assert main(["api-token", "list", "owner"]) == 0
    listed = capsys.readouterr().out
    assert "Cổng DVC tỉnh" in listed and token not in listed

    token_id = ApiToken.objects.get().pk
    assert main(["api-token", "revoke", str(token_id)]) == 0
    assert Client().get(ME, headers=_bearer(token)).status_code == 401


def test_it_names_the_problem_when_the_cli_cannot_create_a_token(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    from thidua.cli import main

    assert main(["api-token", "create", "nobody", "--label", "x"]) == 1
    assert "nobody" in capsys.readouterr().err
    assert main(["api-token", "create", "owner", "--label", "  "]) == 1
    assert "label" in capsys.readouterr().err
    assert main(["api-token", "revoke", "999"]) == 1
    assert not ApiToken.objects.exists()
