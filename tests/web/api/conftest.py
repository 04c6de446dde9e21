"""Calling the API as the named users of ``tests/web/conftest.py``, by session or by token."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.test.client import MULTIPART_CONTENT

from tests.web.conftest import World
from thidua.web.api.tokens import create_token

USERS = ("owner", "peer", "outsider", "appraiser", "admin")


@dataclass
class Caller:
    """A client that sends JSON, with an ``Authorization`` header when calling by token."""

    client: Client
    headers: dict[str, str] = field(default_factory=dict)

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, params or {}, headers=self.headers)

    def send(self, method: str, path: str, body: object = None) -> Any:
        if method == "get":
            return self.get(path)
        data = "" if body is None else json.dumps(body)
        return getattr(self.client, method)(
            path, data=data, content_type="application/json", headers=self.headers
        )

    def upload(self, path: str, files: dict[str, Any]) -> Any:
        return self.client.post(path, files, content_type=MULTIPART_CONTENT, headers=self.headers)


def token_for(user: User, label: str = "test") -> str:
    return create_token(None, user=user, label=label)[1]


CallAs = Callable[[str, str], Caller]


@pytest.fixture
def call_as(world: World) -> CallAs:
    """``call_as(who, via)``: ``who`` a named user or "anonymous"; ``via`` "session" or "token"."""

    def make(who: str, via: str = "token") -> Caller:
        if who == "anonymous":
            return Caller(Client())
        user: User = getattr(world, who)
        if via == "session":
            return Caller(world.client(user))
        return Caller(Client(), {"Authorization": f"Bearer {token_for(user)}"})

    return make
