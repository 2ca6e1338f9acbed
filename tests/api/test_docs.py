import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ROUTES = {
    "/api/v1/units": {"get"},
    "/api/v1/units/{code}": {"get"},
    "/api/v1/people": {"get", "post"},
    "/api/v1/people/{person_code}": {"get", "patch"},
}


def test_the_openapi_document_lists_every_route_without_logging_in():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path, methods in ROUTES.items():
        assert methods <= set(paths[path]), path


def test_the_openapi_document_describes_both_ways_to_authenticate_and_the_error_shape():
    schema = Client().get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["BearerToken"] == {"type": "http", "scheme": "bearer"}
    assert schemes["Session"]["in"] == "cookie"
    patch = schema["paths"]["/api/v1/people/{person_code}"]["patch"]
    assert {"401", "403", "404", "409", "422"} <= set(patch["responses"])
    error = schema["components"]["schemas"]["ErrorOut"]
    assert set(error["properties"]) == {"code", "message", "field"}


def test_the_docs_page_loads_nothing_from_outside():
    """Swagger UI comes from the static files ninja ships, so the docs work offline."""
    client = Client()
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert not re.search(r"(?i)(https?:)?//[a-z0-9]", html), "external URL in the docs page"
    assert '"validatorUrl": null' in html  # no badge fetched from validator.swagger.io
    assets = re.findall(r'(?:src|href)="(/[^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        if hasattr(served, "streaming_content"):
            served.close()


def test_the_api_root_points_to_the_docs():
    body = Client().get("/api/v1/").json()
    assert body["openapi"] == "/api/v1/openapi.json" and body["docs"] == "/api/v1/docs"


def test_an_unknown_address_or_method_answers_json():
    client = Client()
    unknown = client.get("/api/v1/no-such-thing")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    wrong = client.delete("/api/v1/units")
    assert wrong.status_code == 405 and wrong.json()["code"] == "method_not_allowed"
