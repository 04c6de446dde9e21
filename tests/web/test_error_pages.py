"""Error pages in Vietnamese first and English, not Django's bare English ones (DEBUG off)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template
from django.test import Client, override_settings
from django.urls import path, reverse

from tests.web.conftest import World
from thidua.web.urls import urlpatterns as platform_urls


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns: list[Any] = [
    path("test-403/", _forbidden),
    path("test-500/", _broken),
    *platform_urls,
]
HERE = {"ROOT_URLCONF": __name__, "DEBUG": False}


@override_settings(**HERE)
def test_it_answers_404_with_the_platforms_page(world: World) -> None:
    response = world.client(world.owner).get("/units/HG.DV/")  # the district: not readable
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and "Page not found" in html
    assert html.index("Không tìm thấy trang") < html.index("Page not found")
    assert "Đăng xuất" in html and 'href="/"' in html  # the base template, with its menu
    assert "Huyện Đồng Văn" not in html


@override_settings(**HERE)
def test_it_answers_404_in_both_languages_when_english_is_chosen(world: World) -> None:
    client = world.client(world.owner)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get("/no/such/page/").content.decode()
    assert 'lang="en"' in html and "Log out" in html
    assert "Page not found" in html and "Không tìm thấy trang" in html


@override_settings(**HERE)
def test_it_answers_403_with_the_platforms_page(world: World) -> None:
    response = world.client(world.owner).get("/test-403/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Bạn không có quyền" in html and "You may not do this" in html and "Đăng xuất" in html


@override_settings(**HERE)
def test_it_answers_500_with_a_standalone_page(world: World) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.owner)
    response = client.get("/test-500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Máy chủ gặp sự cố" in html and "Something went wrong on the server" in html
    assert "a bug" not in html and "Traceback" not in html


def test_it_renders_the_500_page_without_context_or_database() -> None:
    # No ``db`` fixture: pytest-django refuses any query, as a broken database would.
    html = get_template("500.html").render()
    assert "Máy chủ gặp sự cố" in html and 'href="/"' in html


@pytest.mark.parametrize("name", ["403.html", "404.html"])
def test_it_extends_the_base_template(name: str) -> None:
    source = get_template(name).template.source  # type: ignore[attr-defined]
    assert source.startswith('{% extends "base.html" %}')
