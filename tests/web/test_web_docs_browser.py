"""GET /docs in a real headless Chromium against the real gunicorn server:
Swagger UI renders every operation of openapi.yaml from /openapi.json, and
the page asks nothing of any server but this one."""

from __future__ import annotations

import json
import urllib.request

import pytest
import yaml
from browsing import ARTIFACTS, ROOT, watch_page

SPEC = yaml.safe_load((ROOT / "service" / "openapi.yaml").read_text(encoding="utf-8"))
OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in SPEC["paths"].items()
    for method, op in item.items()
    if method in {"get", "post"} and isinstance(op, dict)
)


@pytest.fixture
def docs(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    watch_page(page)
    page.goto(server.base_url + "/docs")
    page.wait_for_selector(".opblock-summary-path")
    yield page
    context.close()


def test_docs_render_every_operation(docs, server):
    shown = docs.eval_on_selector_all(
        ".opblock",
        """blocks => blocks.map(b => [
            b.querySelector('.opblock-summary-method').textContent.trim(),
            b.querySelector('.opblock-summary-path').getAttribute('data-path')])""",
    )
    assert ("POST", "/v1/quotes") in {tuple(s) for s in shown}
    assert {tuple(s) for s in shown if s[0] in {"GET", "POST"}} == set(OPERATIONS)
    assert docs.is_visible("text=Quotation attribution service")
    ARTIFACTS.mkdir(exist_ok=True)
    docs.screenshot(path=str(ARTIFACTS / "docs.png"))
    assert docs.problems == []


def test_docs_make_no_request_outside_the_service(docs, server):
    # Open an operation too: its schemas and examples render then.
    docs.click("#operations-default-extractQuotes .opblock-summary")
    docs.wait_for_selector("#operations-default-extractQuotes .opblock-body")
    docs.wait_for_timeout(500)
    assert docs.requested, "the page made no request at all"
    outside = [u for u in docs.requested
               if not u.startswith(server.base_url + "/") and not u.startswith("data:")]
    assert outside == []
    assert server.base_url + "/openapi.json" in docs.requested
    assert server.base_url + "/docs/swagger-ui-bundle.js" in docs.requested
    assert docs.problems == []


def test_openapi_json_is_the_yaml_document(server):
    with urllib.request.urlopen(server.base_url + "/openapi.json", timeout=10) as response:
        assert response.headers.get_content_type() == "application/json"
        assert json.load(response) == SPEC


def test_the_demo_page_links_to_the_docs(browser, server):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.base_url + "/")
        page.click("text=API description")
        page.wait_for_selector(".opblock-summary-path")
        assert page.url == server.base_url + "/docs"
    finally:
        context.close()
