"""The API's 405 in the API's JSON error shape.

django-ninja answers a known path called with a method it does not route
with Django's plain-text ``HttpResponseNotAllowed`` before any exception
handler runs, so api/errors.py cannot reshape it. This middleware does, for
paths under ``/api/`` only, keeping the ``Allow`` header.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from thidua.scoring.text import Msg

API_PREFIX = "/api/"


class ApiMethodNotAllowed:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or not request.path_info.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        # Imported here: the API's modules import models, not ready at middleware load time.
        from thidua.web.api.errors import MESSAGES, body

        allowed = response.get("Allow", "")
        msg = MESSAGES[405]
        if allowed:
            msg = Msg(f"{msg.vi} (cho phép: {allowed})", f"{msg.en} (allowed: {allowed})")
        reshaped = JsonResponse(
            body(405, msg, [{"allowed": [m.strip() for m in allowed.split(",") if m.strip()]}]),
            status=405,
        )
        if allowed:
            reshaped["Allow"] = allowed
        return reshaped
