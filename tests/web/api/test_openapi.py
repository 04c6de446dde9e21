"""The OpenAPI document and the interactive docs page."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.conftest import World

ERRORS = {"400", "401", "403", "404", "409", "422"}


@pytest.mark.django_db
def test_it_serves_the_openapi_document_listing_every_error() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    operations = [op for item in schema["paths"].values() for op in item.values()]
    assert len(operations) >= 20
    for op in operations:
        assert set(op["responses"]) >= ERRORS, op["operationId"]
        assert op["responses"]["404"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }
        assert {"TokenAuth": []} in op["security"]
    error = schema["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) >= {"code", "message", "message_vi", "message_en"}
    assert "StaleOut" in schema["components"]["schemas"]
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }


@pytest.mark.django_db
def test_it_documents_pagination_on_lists() -> None:
    schema = Client().get("/api/openapi.json").json()
    params = {p["name"]: p for p in schema["paths"]["/api/units"]["get"]["parameters"]}
    assert params["limit"]["schema"]["maximum"] == 1000
    assert "offset" in params


def test_it_serves_the_docs_page_from_installed_assets(world: World) -> None:
    page = world.client(world.owner).get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "/api/openapi.json" in html
    assert 'data-csrf-token="' in html and 'data-csrf-token=""' not in html
