"""GET /docs, its Swagger UI files and GET /openapi.json as the app serves
them (test_web_docs_browser.py renders the page in Chromium)."""

from __future__ import annotations

import re

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from service.http.docs import DOCS_ASSETS, SWAGGER_UI_DIST

from browsing import ROOT

NEWSROOM = "https://newsroom.example"


def test_docs_page_loads_only_files_of_this_server(client):
    response = client.get("/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    page = response.get_data(as_text=True)
    urls = [u for u in re.findall(r'(?:src|href)="([^"]+)"', page) if u != "data:,"]
    assert "/docs/swagger-ui-bundle.js" in urls and "/static/docs.js" in urls
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("asset", sorted(DOCS_ASSETS))
def test_swagger_ui_files_come_from_the_installed_package(client, asset):
    response = client.get(f"/docs/{asset}")
    assert response.status_code == 200
    assert response.get_data() == (SWAGGER_UI_DIST / asset).read_bytes()
    assert response.cache_control.max_age > 0


@pytest.mark.parametrize("name", ["VERSION", "oauth2-redirect.html", "index.css", "..%2Fflask_swagger_ui.py", "nope.js"])
def test_other_files_are_not_served(client, name):
    response = client.get(f"/docs/{name}")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_the_start_up_script_reaches_no_other_server():
    script = (ROOT / "service" / "static" / "docs.js").read_text("utf-8")
    assert "validatorUrl: null" in script
    assert "http://" not in script and "https://" not in script


def test_openapi_json_is_the_same_document_as_the_yaml(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == yaml.safe_load(client.get("/openapi.yaml").get_data(as_text=True))


def test_without_the_document_docs_and_json_are_404(make_app, tmp_path):
    client = make_app(OPENAPI_PATH=str(tmp_path / "missing.yaml")).test_client()
    assert client.get("/openapi.json").status_code == 404
    assert client.get("/docs").status_code == 404


@pytest.mark.parametrize("path", ["/docs", "/docs/swagger-ui.css", "/openapi.json", "/problems/validation"])
def test_docs_answer_browsers_on_other_origins(client, path):
    assert client.get(path, headers={"Origin": NEWSROOM}).headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(path, headers={"Origin": NEWSROOM, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 204 and preflight.headers["Access-Control-Allow-Origin"] == "*"


def _count(client, endpoint: str) -> float:
    text = client.get("/metrics").get_data(as_text=True)
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "quotes_http_requests_total"
        and sample.labels == {"endpoint": endpoint, "method": "GET", "status": "200"}
    )


@pytest.mark.parametrize(("path", "endpoint"), [
    ("/docs", "/docs"),
    ("/docs/swagger-ui.css", "/docs/<asset>"),
    ("/openapi.json", "/openapi.json"),
    ("/problems/too-large", "/problems/<name>"),
])
def test_docs_are_counted_by_route_in_the_metrics(client, path, endpoint):
    before = _count(client, endpoint)
    client.get(path).close()
    client.get(path).close()
    assert _count(client, endpoint) - before == 2
