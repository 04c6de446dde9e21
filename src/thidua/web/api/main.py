"""The API instance: routers per resource, token or session authentication, bilingual errors."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.operation import Operation

from thidua.web.api import (
    appraisal,
    campaigns,
    facts,
    frameworks,
    individuals,
    inspections,
    results,
    scores,
    units,
)
from thidua.web.api.auth import SessionAuth, TokenAuth
from thidua.web.api.errors import install

DESCRIPTION = """\
API của nền tảng thi đua Đề án 06 / The Đề án 06 emulation platform's API.

Authenticate with `Authorization: Bearer <token>` (tokens: `thidua api-token create USER
--label L`) or, in this page, with your logged-in session. Every error is JSON:
`{"code", "message": "<vi> / <en>", "message_vi", "message_en", "details"}`.
Objects you may not read answer 404; actions you may not take on objects you can read, 403.
Writes name the `version` they read; a stale one answers 409 with the stored row.
"""


class ThiduaAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The view's own name ("save_result"), unique across the routers, reads better in clients.
        return operation.view_func.__name__


api = ThiduaAPI(
    title="thidua",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
)
install(api)
for module in (units, frameworks, campaigns, results, appraisal, scores, facts, individuals):
    api.add_router("", module.router)
api.add_router("", inspections.router)
