"""Mounted at ``/api/`` by ``thidua.web.urls``.

Around ninja's routes: ``/api/`` itself points to the documents, and any other
path under ``/api/`` answers the JSON 404 rather than the site's HTML page.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from thidua.web.api.errors import MESSAGES, body
from thidua.web.api.main import api


def index(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"openapi": request.path + "openapi.json", "docs": request.path + "docs"})


def unknown(request: HttpRequest) -> JsonResponse:
    return JsonResponse(body(404, MESSAGES[404]), status=404)


urlpatterns = [
    path("", index, name="api-index"),
    path("", api.urls),
    re_path(r"^", unknown),
]
