"""Browsers on other origins (a browser extension, a newsroom tool) may call
the API: CORS headers on every response, errors included, and preflight."""

from __future__ import annotations

import pytest

import service.http.routes as routes
from service.config import Config

EXTENSION = "chrome-extension://abcdefghijklmnop"
NEWSROOM = "https://newsroom.example"
PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}


def _preflight(client, path="/v1/quotes", origin=EXTENSION, **headers):
    return client.options(path, headers={"Origin": origin, **PREFLIGHT, **headers})


def test_preflight_is_answered_for_any_origin_by_default(client):
    response = _preflight(client)
    assert response.status_code == 204
    assert response.get_data() == b""
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"].lower() == "content-type"
    assert int(response.headers["Access-Control-Max-Age"]) > 0
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert {m.strip() for m in response.headers["Allow"].split(",")} == {"POST", "OPTIONS"}


@pytest.mark.parametrize("path", ["/v1/quotes/batch", "/version", "/health", "/ready", "/openapi.yaml", "/"])
def test_every_path_answers_preflight(client, path):
    response = client.options(path, headers={"Origin": NEWSROOM, "Access-Control-Request-Method": "GET"})
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_plain_options_lists_the_methods(client):
    response = client.options("/health")
    assert response.status_code == 204
    assert {m.strip() for m in response.headers["Allow"].split(",")} == {"GET", "HEAD", "OPTIONS"}


def test_preflight_for_a_method_the_api_does_not_use_is_not_allowed(client):
    response = _preflight(client, **{"Access-Control-Request-Method": "DELETE"})
    assert "Access-Control-Allow-Methods" not in response.headers


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_still_405(client, method):
    response = getattr(client, method)("/v1/quotes", headers={"Origin": EXTENSION})
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_options_on_an_unknown_path_is_404(client):
    response = _preflight(client, path="/v2/quotes")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_actual_request_carries_the_header(client):
    response = client.post("/v1/quotes", json={"text": "a"}, headers={"Origin": EXTENSION})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def _errors(client, monkeypatch):
    """One response of each error status."""
    yield 400, client.post("/v1/quotes", data=b"{", content_type="application/json",
                           headers={"Origin": NEWSROOM})
    yield 404, client.get("/nope", headers={"Origin": NEWSROOM})
    yield 405, client.get("/v1/quotes", headers={"Origin": NEWSROOM})
    yield 415, client.post("/v1/quotes", data=b"a", content_type="text/plain",
                           headers={"Origin": NEWSROOM})
    yield 422, client.post("/v1/quotes", json={}, headers={"Origin": NEWSROOM})
    monkeypatch.setattr(routes, "extract", lambda *a, **k: 1 / 0)
    yield 500, client.post("/v1/quotes", json={"text": "a"}, headers={"Origin": NEWSROOM})
    yield 503, client.get("/ready", headers={"Origin": NEWSROOM})


def test_error_responses_carry_the_header(make_app, monkeypatch):
    client = make_app(CORS_ORIGINS=[NEWSROOM]).test_client()
    seen = []
    for status, response in _errors(client, monkeypatch):
        assert response.status_code == status
        assert response.mimetype == "application/problem+json"
        assert response.headers.get("Access-Control-Allow-Origin") == NEWSROOM, status
        seen.append(status)
    assert seen == [400, 404, 405, 415, 422, 500, 503]


def test_413_carries_the_header(make_app):
    client = make_app(MAX_BODY_BYTES=10).test_client()
    response = client.post("/v1/quotes", json={"text": "x" * 100}, headers={"Origin": EXTENSION})
    assert response.status_code == 413
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_configured_origins_only(make_app):
    client = make_app(CORS_ORIGINS=[EXTENSION, NEWSROOM]).test_client()
    allowed = _preflight(client, origin=NEWSROOM)
    assert allowed.status_code == 204
    assert allowed.headers["Access-Control-Allow-Origin"] == NEWSROOM
    assert "Origin" in allowed.headers.get("Vary", "")
    assert _preflight(client, origin=EXTENSION).headers["Access-Control-Allow-Origin"] == EXTENSION

    refused = _preflight(client, origin="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in refused.headers
    assert "Access-Control-Allow-Methods" not in refused.headers
    lookalike = _preflight(client, origin=NEWSROOM + ".evil.example")
    assert "Access-Control-Allow-Origin" not in lookalike.headers


def test_origins_from_the_environment():
    assert Config(environ={}).CORS_ORIGINS == "*"
    assert Config(environ={"QUOTES_CORS_ORIGINS": " * "}).CORS_ORIGINS == "*"
    config = Config(environ={"QUOTES_CORS_ORIGINS": f"{EXTENSION}, {NEWSROOM}/ ,"})
    assert config.CORS_ORIGINS == [EXTENSION, NEWSROOM]


@pytest.mark.parametrize("value", ["newsroom.example", "https://*.example", "*, https://a.example", ",", "https://a.example/path"])
def test_bad_origins_are_refused_at_start_up(value):
    with pytest.raises(ValueError, match="QUOTES_CORS_ORIGINS"):
        Config(environ={"QUOTES_CORS_ORIGINS": value})


def test_app_reads_origins_from_the_environment(monkeypatch):
    from service.app import create_app

    monkeypatch.setenv("QUOTES_CORS_ORIGINS", NEWSROOM)
    client = create_app().test_client()
    response = client.get("/health", headers={"Origin": NEWSROOM})
    assert response.headers["Access-Control-Allow-Origin"] == NEWSROOM
    other = client.get("/health", headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def _every_kind_of_answer(client, origin_headers):
    yield "quotes", client.post("/v1/quotes", json={"text": "a"}, headers=origin_headers)
    yield "health", client.get("/health", headers=origin_headers)
    yield "not-found", client.get("/nope", headers=origin_headers)
    yield "validation", client.post("/v1/quotes", json={}, headers=origin_headers)
    yield "preflight", client.options("/v1/quotes", headers={
        **origin_headers, "Access-Control-Request-Method": "POST"})


@pytest.mark.parametrize("origin", [None, NEWSROOM, "https://elsewhere.example"],
                         ids=["no-origin", "allowed", "not-allowed"])
def test_with_a_list_of_origins_every_answer_varies_on_origin(make_app, origin):
    """A cache keeps apart the answers to different origins, and to none: the
    CORS headers differ between them."""
    client = make_app(CORS_ORIGINS=[EXTENSION, NEWSROOM]).test_client()
    headers = {"Origin": origin} if origin else {}
    for name, response in _every_kind_of_answer(client, headers):
        assert "origin" in {v.strip().lower() for v in response.headers.get("Vary", "").split(",")}, name


def test_with_any_origin_answers_do_not_vary(client):
    # Access-Control-Allow-Origin: * is the same for every origin.
    for name, response in _every_kind_of_answer(client, {"Origin": NEWSROOM}):
        assert "Origin" not in response.headers.get("Vary", ""), name


@pytest.mark.parametrize("origins", ["*", [NEWSROOM]], ids=["any", "list"])
def test_metrics_carry_no_cors_headers(make_app, origins):
    client = make_app(CORS_ORIGINS=origins).test_client()
    for response in (
        client.get("/metrics", headers={"Origin": NEWSROOM}),
        client.get("/metrics"),
        client.options("/metrics", headers={"Origin": NEWSROOM, "Access-Control-Request-Method": "GET"}),
    ):
        cors = [h for h in response.headers.keys() if h.lower().startswith("access-control-")]
        assert not cors, cors
        assert "Origin" not in response.headers.get("Vary", "")
