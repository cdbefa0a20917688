"""GET /api/schema/ is a valid OpenAPI 3 document; GET /api/docs/ serves Swagger UI from our own
static files and renders under the site's Content-Security-Policy."""

import pytest
import yaml
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on any violation of the OpenAPI 3 JSON schema


def test_schema_documents_the_geojson_endpoint_and_its_filters(schema):
    operation = schema["paths"]["/api/sites/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"status", "operator", "country", "kind", "collective", "q", "bbox", "at", "format"} <= names
    assert "application/geo+json" in operation["responses"]["200"]["content"]
    assert "text/csv" in operation["responses"]["200"]["content"]
    assert "400" in operation["responses"]
    assert "{bbox}" in operation["description"]  # the uMap recipe
    assert "ODbL" in schema["info"]["description"]
    for path in ("/api/sites/{slug}/", "/api/events/", "/api/collectives/", "/api/press/", "/api/companies/"):
        assert "get" in schema["paths"][path]
    event_params = {p["name"] for p in schema["paths"]["/api/events/"]["get"]["parameters"]}
    assert {"site", "collective", "kind", "from", "to", "page", "page_size"} <= event_params


def test_docs_page_uses_local_assets_only(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # no inline script: the start-up script is a separate file
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_docs_render_in_chromium_without_csp_errors(page, live_server, tmp_path):
    problems = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock-summary-path[data-path='/api/sites/']", timeout=15000)
    assert page.locator(".info .title").inner_text().startswith("Hubwatch open data API")
    page.screenshot(path=tmp_path / "api-docs.png")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert problems == []
    assert failed == []


def test_schema_documents_the_clusters_endpoint(schema):
    operation = schema["paths"]["/api/sites/clusters/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["bbox"]["required"] and parameters["zoom"]["required"]
    assert {"status", "operator", "country", "kind", "collective", "q"} <= set(parameters)
    assert "at" not in parameters
    assert "400" in operation["responses"]
