"""The demo page and its files, as served by the app (the browser test in
test_web_demo_browser.py drives the page itself)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "service" / "static"


def test_demo_page_is_served_at_the_root(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<textarea id="article"' in page
    assert 'id="speakers"' in page and 'id="quote-list"' in page
    assert 'href="/docs"' in page
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp


def test_page_uses_only_files_from_this_server(client):
    page = client.get("/").get_data(as_text=True)
    urls = [u for u in re.findall(r'(?:src|href)="([^"]+)"', page) if u != "data:,"]
    assert urls, "the page loads its script and stylesheet"
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(("name", "mimetypes"), [
    ("app.js", {"text/javascript", "application/javascript"}),
    ("check.js", {"text/javascript", "application/javascript"}),
    ("style.css", {"text/css"}),
    ("index.html", {"text/html"}),
])
def test_static_files(client, name, mimetypes):
    response = client.get(f"/static/{name}")
    assert response.status_code == 200
    assert response.mimetype in mimetypes
    assert response.get_data() == (STATIC / name).read_bytes()


def test_missing_static_file_is_a_404_problem(client):
    response = client.get("/static/nope.js")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_head_of_the_page(client):
    response = client.head("/")
    assert response.status_code == 200 and response.get_data() == b""


def test_script_asks_for_utf16_offsets():
    script = (STATIC / "app.js").read_text("utf-8")
    assert 'offsets: "utf16"' in script
    assert '["speech", "position"]' in script  # positions too while their box is ticked
    assert "http://" not in script and "https://" not in script


def test_check_script_asks_for_utf16_offsets_from_the_verify_endpoint():
    script = (STATIC / "check.js").read_text("utf-8")
    assert 'offsets: "utf16"' in script and '"/v1/quotes/verify"' in script
    assert "http://" not in script and "https://" not in script


def test_sample_source_gives_the_sample_article_every_check_status(client):
    page = client.get("/").get_data(as_text=True)
    sample = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1)
    source = re.search(r'<template id="sample-source">(.*?)</template>', page, re.S).group(1)
    body = client.post("/v1/quotes/verify", json={
        "text": sample, "sources": [{"id": "council-meeting", "text": source}],
        "options": {"acts": ["speech", "position"]},
    }).get_json()
    assert all(count > 0 for count in body["meta"]["checks"].values()), body["meta"]["checks"]


def test_sample_article_has_quotes_of_both_acts_and_no_emoji(client):
    page = client.get("/").get_data(as_text=True)
    sample = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1)
    # It renders with any system font; emoji are the browser test's own article.
    assert all(ord(c) < 0x2100 for c in sample)
    body = client.post("/v1/quotes", json={"text": sample, "options": {"acts": ["speech", "position"]}}).get_json()
    assert len(body["quotes"]) >= 4 and len(body["speakers"]) >= 3
    assert {q["act"] for q in body["quotes"]} == {"speech", "position"}


def test_static_files_are_package_data():
    import tomllib

    pyproject = tomllib.loads((STATIC.parents[1] / "pyproject.toml").read_text("utf-8"))
    assert "static/*" in pyproject["tool"]["setuptools"]["package-data"]["service"]
