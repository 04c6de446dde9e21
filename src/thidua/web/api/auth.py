"""Who is calling: a bearer token (machine clients) or the browser session (the docs page)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from thidua.web.api.tokens import user_for


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``. A token that is presented but not valid is refused
    outright (401), never silently replaced by the session."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for(token.strip())
        if user is None:
            raise AuthenticationError()
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session, with Django's CSRF check on writes.

    Without a logged-in user it answers None before looking at CSRF, so a
    client with no credentials gets 401 rather than a CSRF 403.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user


def caller(request: HttpRequest) -> Any:
    """The authenticated user of an API request (set by one of the auth classes above)."""
    return request.auth  # type: ignore[attr-defined]
