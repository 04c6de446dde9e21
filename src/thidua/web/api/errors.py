"""Every API error as JSON with its reason in Vietnamese and English, and the schema that says so.

Body: ``{"code", "message": "<vi> / <en>", "message_vi", "message_en", "details": [...]}``.
Service errors keep their status (Denied 403, BadInput 422, Stale 409 with
the newer stored row in ``details``); objects the caller may not read are 404
exactly like unknown ones, so their existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from thidua.scoring.text import Msg
from thidua.web.api.fact_schemas import FactOut, fact_out
from thidua.web.api.individual_schemas import nomination_out
from thidua.web.api.schemas import ResultOut, result_out
from thidua.web.awards_web.fact_rows import row_of
from thidua.web.awards_web.facts import StaleFact
from thidua.web.awards_web.individuals import StaleNomination
from thidua.web.campaigns.scoring import NoFramework
from thidua.web.errors import ServiceError, Stale

if TYPE_CHECKING:
    from ninja import NinjaAPI

CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "stale",
    422: "invalid",
}

MESSAGES: dict[int, Msg] = {
    400: Msg("Yêu cầu không đọc được", "The request cannot be read"),
    401: Msg(
        "Cần đăng nhập hoặc mã truy cập (token) hợp lệ",
        "Log in or send a valid token (Authorization: Bearer <token>)",
    ),
    403: Msg("Bạn không có quyền thực hiện thao tác này", "You may not do this"),
    404: Msg("Không tìm thấy", "Not found"),
    405: Msg("Phương thức không được hỗ trợ", "Method not allowed"),
    409: Msg("Dữ liệu đã được người khác cập nhật", "Someone else updated this first"),
    422: Msg("Dữ liệu gửi lên không hợp lệ", "The data sent is not valid"),
}
# OpenAPI of an operation answering a file (evidence downloads): the 200 is binary.
FILE_DOWNLOAD: dict[str, Any] = {
    "responses": {
        "200": {
            "description": "the file, as an attachment",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
}
BAD_BODY = Msg("Nội dung yêu cầu không phải JSON hợp lệ", "The request body is not valid JSON")
CSRF = Msg(
    "Thiếu hoặc sai mã CSRF (phiên đăng nhập trình duyệt)",
    "CSRF check failed (browser session)",
)
NO_FRAMEWORK = Msg(
    "Đợt thi đua chưa gán bảng điểm cho cấp của đơn vị này",
    "The campaign has no framework for this unit's level",
)


class ErrorOut(Schema):
    code: str
    message: str
    message_vi: str
    message_en: str
    details: list[dict[str, Any]] = Field(default_factory=list)


class StaleDetail(Schema):
    current: ResultOut


class StaleOut(ErrorOut):
    """409: ``details[0].current`` is the row as stored now (its newer value and version)."""

    details: list[StaleDetail] = Field(default_factory=list)  # type: ignore[assignment]


class FactStaleDetail(Schema):
    current: FactOut


class FactStaleOut(ErrorOut):
    """409 on a fact: ``details[0].current`` is the fact as stored now."""

    details: list[FactStaleDetail] = Field(default_factory=list)  # type: ignore[assignment]


def _current(exc: ServiceError) -> list[dict[str, Any]]:
    """The stored row a stale write lost to, for ``details``."""
    if isinstance(exc, Stale):
        return [{"current": result_out(exc.current)}]
    if isinstance(exc, StaleFact):
        row = row_of(exc.current)
        return [{"current": fact_out(row)}] if row is not None else []
    if isinstance(exc, StaleNomination):
        return [{"current": nomination_out(exc.current)}]
    return []


def responses(ok: Mapping[int, Any]) -> dict[int, Any]:
    """``ok`` plus every error status an operation may answer, for the OpenAPI document."""
    return {
        **ok,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: StaleOut,
        422: ErrorOut,
    }


def body(status: int, msg: Msg, details: Iterable[Any] = ()) -> dict[str, Any]:
    return {
        "code": CODES.get(status, "error"),
        "message": str(msg),
        "message_vi": msg.vi,
        "message_en": msg.en,
        "details": list(details),
    }


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers so that no error leaves the API in another shape."""

    def send(request: HttpRequest, status: int, msg: Msg, details: Iterable[Any] = ()) -> Any:
        return api.create_response(request, body(status, msg, details), status=status)

    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return send(request, exc.status, exc.msg, _current(exc))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return send(request, 404, MESSAGES[404])

    @api.exception_handler(NoFramework)
    def no_framework(request: HttpRequest, exc: Exception) -> HttpResponse:
        return send(request, 404, NO_FRAMEWORK)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        response: HttpResponse = send(request, 401, MESSAGES[401])
        response["WWW-Authenticate"] = 'Bearer realm="thidua"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        if status == 403 and "CSRF" in exc.message:
            return send(request, 403, CSRF)
        if status == 400 and "parse request body" in exc.message:
            return send(request, 400, BAD_BODY)
        return send(request, status, MESSAGES.get(status, MESSAGES[400]))

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = [
            {
                "field": ".".join(str(p) for p in e.get("loc", ())),
                "message": e.get("msg", ""),
                "type": e.get("type", ""),
            }
            for e in exc.errors
        ]
        return send(request, 422, MESSAGES[422], details)
