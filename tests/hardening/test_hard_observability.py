"""Operability in one process (the Flask test client): X-Request-ID on every
response, one JSON log line per request without the article's text, and
GET /metrics.  tests/hardening/test_hard_server.py checks the same through
a real multi-worker gunicorn."""

from __future__ import annotations

import json
import re

import pytest
from prometheus_client.parser import text_string_to_metric_families

import service.http.routes as routes

HEX32 = re.compile(r"[0-9a-f]{32}")


def _requests(client):
    """One request of every kind of answer, as (name, response)."""
    yield "quotes", client.post("/v1/quotes", json={"text": '"Go," she said.'})
    yield "batch", client.post("/v1/quotes/batch", json={"documents": [{"id": 1, "text": "a"}]})
    yield "health", client.get("/health")
    yield "head", client.head("/health")
    yield "metrics", client.get("/metrics")
    yield "static", client.get("/static/app.js")
    yield "not-found", client.get("/nope")
    yield "wrong-method", client.delete("/v1/quotes")
    yield "bad-media", client.post("/v1/quotes", data="x", content_type="text/plain")
    yield "validation", client.post("/v1/quotes", json={"txt": "a"})
    yield "preflight", client.options(
        "/v1/quotes", headers={"Origin": "https://a.example", "Access-Control-Request-Method": "POST"}
    )


def test_every_response_gets_a_fresh_id(client):
    seen = set()
    for name, response in _requests(client):
        rid = response.headers.get("X-Request-ID")
        assert rid and HEX32.fullmatch(rid), (name, rid)
        seen.add(rid)
    assert len(seen) == len(list(_requests(client)))


def test_an_unexpected_error_gets_an_id_too(client, monkeypatch):
    monkeypatch.setattr(routes, "extract", lambda *a, **k: 1 / 0)
    response = client.post("/v1/quotes", json={"text": "a"}, headers={"X-Request-ID": "trace-500"})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "trace-500"


GOOD_IDS = ["a", "A-1", "req_2024.01.31-abc", "x" * 128, "0" * 32, "..", "-_-"]
BAD_IDS = {
    "empty": "",
    "too-long": "x" * 129,
    "space": "a b",
    "slash": "a/b",
    "colon": "urn:uuid:1",
    "non-ascii": "caf\u00e9",
    "newline-escape": "a\\nb",
    "quote": 'a"b',
    "semicolon": "a;b",
}


@pytest.mark.parametrize("value", GOOD_IDS)
def test_a_valid_client_id_is_echoed(client, value):
    response = client.get("/health", headers={"X-Request-ID": value})
    assert response.headers["X-Request-ID"] == value
    assert response.headers.getlist("X-Request-ID") == [value]


@pytest.mark.parametrize("value", BAD_IDS.values(), ids=BAD_IDS.keys())
def test_an_invalid_client_id_is_replaced(client, value):
    headers = {"X-Request-ID": value.encode("utf-8").decode("latin-1")}
    response = client.get("/health", headers=headers)
    assert HEX32.fullmatch(response.headers["X-Request-ID"])


def test_browsers_may_read_the_id(client):
    response = client.get("/health", headers={"Origin": "https://a.example"})
    exposed = {h.strip().lower() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"x-request-id", "retry-after"} <= exposed


def _log_lines(text: str) -> list[dict]:
    lines = [line for line in text.splitlines() if line.strip()]
    return [json.loads(line) for line in lines]  # every line is JSON


SECRET = "Xylophone-Quasar-7731"


def test_one_json_line_per_request_without_the_text(client, capsys):
    capsys.readouterr()
    article = f'"We will win {SECRET}," said Jane Smith.\n\n' + "é" * 100
    response = client.post("/v1/quotes", json={"text": article}, headers={"X-Request-ID": "log-1"})
    response.close()  # the line is written once the answer has been sent
    err = capsys.readouterr().err
    assert SECRET not in err
    lines = [line for line in _log_lines(err) if line.get("request_id") == "log-1"]
    assert len(lines) == 1, err
    line = lines[0]
    assert line["logger"] == "service.access" and line["level"] == "info"
    assert (line["method"], line["path"], line["endpoint"], line["status"]) == (
        "POST", "/v1/quotes", "/v1/quotes", 200,
    )
    assert line["text_chars"] == len(article)
    assert line["quotes"] == 1
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert isinstance(line["pid"], int) and line["ts"].endswith("Z")


def test_batch_lines_count_documents_and_characters(client, capsys):
    capsys.readouterr()
    documents = [{"id": 1, "text": "abc"}, {"id": 2, "html": "<p>de</p>"}, {"id": 3}, "junk"]
    client.post("/v1/quotes/batch", json={"documents": documents},
                headers={"X-Request-ID": "log-batch"}).close()
    line = next(l for l in _log_lines(capsys.readouterr().err) if l.get("request_id") == "log-batch")
    assert (line["documents"], line["text_chars"], line["errors"]) == (4, 3 + 9, 2)


def test_error_records_carry_the_request_id(client, capsys, monkeypatch):
    monkeypatch.setattr(routes, "extract", lambda *a, **k: 1 / 0)
    capsys.readouterr()
    client.post("/v1/quotes", json={"text": SECRET}, headers={"X-Request-ID": "log-500"}).close()
    lines = [l for l in _log_lines(capsys.readouterr().err) if l.get("request_id") == "log-500"]
    kinds = {(l["logger"], l["level"]) for l in lines}
    assert ("service.access", "error") in kinds
    crash = next(l for l in lines if l["logger"] != "service.access")
    assert "ZeroDivisionError" in crash["exc_info"]
    assert all(SECRET not in json.dumps(l) for l in lines)


def test_a_hostile_path_stays_one_short_line(client, capsys):
    capsys.readouterr()
    client.get("/" + "a\u2028\"}{\n" * 200, headers={"X-Request-ID": "log-path"}).close()
    line = next(l for l in _log_lines(capsys.readouterr().err) if l.get("request_id") == "log-path")
    assert line["status"] == 404 and line["endpoint"] == "unmatched"
    assert len(line["path"]) <= 260


def _metrics(client) -> dict[tuple, float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert "version=0.0.4" in response.headers["Content-Type"]
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def _value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_count_requests_engine_time_and_quotes(client):
    before = _metrics(client)
    text = '"Go now," said Jane Smith. "Stop," said Ana Ruiz.'
    for _ in range(3):
        client.post("/v1/quotes", json={"text": text}).close()
    client.get("/no/such/path").close()
    client.open("/health", method="BREW").close()
    after = _metrics(client)

    ok = {"endpoint": "/v1/quotes", "method": "POST", "status": "200"}
    assert _value(after, "quotes_http_requests_total", **ok) - _value(before, "quotes_http_requests_total", **ok) == 3
    assert (_value(after, "quotes_http_request_duration_seconds_count", **ok)
            - _value(before, "quotes_http_request_duration_seconds_count", **ok)) == 3
    engine = {"endpoint": "/v1/quotes"}
    assert (_value(after, "quotes_engine_duration_seconds_count", **engine)
            - _value(before, "quotes_engine_duration_seconds_count", **engine)) == 3
    direct = {"endpoint": "/v1/quotes", "type": "direct"}
    assert _value(after, "quotes_returned_total", **direct) - _value(before, "quotes_returned_total", **direct) == 6
    unmatched = {"endpoint": "unmatched", "method": "GET", "status": "404"}
    assert _value(after, "quotes_http_requests_total", **unmatched) >= 1
    other = {"endpoint": "unmatched", "method": "other", "status": "405"}
    assert _value(after, "quotes_http_requests_total", **other) >= 1


TOKEN = "metrics-token-0123456789abcdef"


def test_metrics_can_be_turned_off(make_app):
    client = make_app(METRICS="off").test_client()
    response = client.get("/metrics")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert client.get("/health").status_code == 200  # and nothing else changes


@pytest.mark.parametrize("authorization", [
    None, "", "Bearer", f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN,
    f"Bearer {TOKEN.upper()}",
])
def test_metrics_behind_a_token_refuse_anything_else(make_app, authorization):
    client = make_app(METRICS_TOKEN=TOKEN).test_client()
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert TOKEN not in response.get_data(as_text=True)


@pytest.mark.parametrize("authorization", [f"Bearer {TOKEN}", f"bearer {TOKEN}", f"BEARER  {TOKEN} "])
def test_metrics_behind_a_token_answer_it(make_app, authorization):
    client = make_app(METRICS_TOKEN=TOKEN).test_client()
    response = client.get("/metrics", headers={"Authorization": authorization})
    assert response.status_code == 200
    assert "quotes_http_requests_total" in response.get_data(as_text=True)


def test_metrics_settings_from_the_environment():
    from service.config import Config

    assert Config(environ={}).METRICS == "on" and Config(environ={}).METRICS_TOKEN is None
    assert Config(environ={"QUOTES_METRICS": "OFF"}).METRICS == "off"
    assert Config(environ={"QUOTES_METRICS_TOKEN": f" {TOKEN} "}).METRICS_TOKEN == TOKEN
    for name, value in [("QUOTES_METRICS", "maybe"), ("QUOTES_METRICS_TOKEN", "short"),
                        ("QUOTES_METRICS_TOKEN", "has spaces in the middle of it")]:
        with pytest.raises(ValueError, match=name):
            Config(environ={name: value})
