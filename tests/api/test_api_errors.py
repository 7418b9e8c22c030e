"""Every error the API can give is a problem+json with the documented type."""

from __future__ import annotations

import io

import pytest

import service.http.routes as routes
from service.http.errors import VALIDATION, MALFORMED_JSON as MALFORMED, TOO_LARGE, UNSUPPORTED_MEDIA_TYPE as MEDIA, NOT_READY

BLANK = "about:blank"

JSON = "application/json"


def _post(client, body, content_type=JSON):
    data = body.encode("utf-8") if isinstance(body, str) else body
    return client.post("/v1/quotes", data=data, content_type=content_type)


def assert_problem(response, status, type_, errors=None):
    """The response is a well-formed problem of this status and type."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status
    assert body["type"] == type_
    assert body["title"] and body["detail"]
    if errors is None:
        assert "errors" not in body
    else:
        assert body["errors"] == errors
    return body


MALFORMED_BODIES = {
    "truncated": '{"text": ',
    "empty-body": "",
    "whitespace-body": "   ",
    "nan": '{"text": NaN}',
    "infinity": '{"text": "a", "options": {"types": [Infinity]}}',
    "minus-infinity": '{"text": -Infinity}',
    "duplicate-key": '{"text": "a", "text": "b"}',
    "single-quotes": "{'text': 'a'}",
    "trailing-comma": '{"text": "a",}',
    "not-utf8": b'{"text": "caf\xe9"}',
    "utf8-bom": b'\xef\xbb\xbf{"text": "a"}',
    "huge-integer": '{"text": ' + "9" * 5000 + "}",
    "deep-nesting": "[" * 100_000 + "]" * 100_000,
}


@pytest.mark.parametrize("body", MALFORMED_BODIES.values(), ids=MALFORMED_BODIES.keys())
def test_400_malformed_json(client, body):
    assert_problem(_post(client, body), 400, MALFORMED)


WRONG_MEDIA = {
    "text-plain": "text/plain",
    "form": "application/x-www-form-urlencoded",
    "xml": "application/xml",
    "json-lookalike": "text/json",
    "none": None,
}


@pytest.mark.parametrize("content_type", WRONG_MEDIA.values(), ids=WRONG_MEDIA.keys())
def test_415_body_not_declared_as_json(client, content_type):
    response = client.post("/v1/quotes", data=b'{"text": "a"}', content_type=content_type)
    body = assert_problem(response, 415, MEDIA)
    assert "application/json" in body["detail"]


@pytest.mark.parametrize(
    "content_type",
    ["application/json; charset=utf-8", "APPLICATION/JSON", "application/merge-patch+json"],
)
def test_json_media_types_are_accepted(client, content_type):
    response = client.post("/v1/quotes", data=b'{"text": "a"}', content_type=content_type)
    assert response.status_code == 200


INVALID = {
    "body-is-array": ('["text"]', {"$": ["Must be a JSON object."]}),
    "body-is-string": ('"text"', {"$": ["Must be a JSON object."]}),
    "body-is-null": ("null", {"$": ["Must be a JSON object."]}),
    "body-is-number": ("12", {"$": ["Must be a JSON object."]}),
    "missing-text": ("{}", {"$": ["Exactly one of text and html is required."]}),
    "text-and-html": ('{"text": "a", "html": "<p>a</p>"}', {"$": ["Exactly one of text and html is required."]}),
    "html-number": ('{"html": 12}', {"html": ["Not a valid string."]}),
    "html-null": ('{"html": null}', {"html": ["Field may not be null."]}),
    "offsets-unknown": (
        '{"text": "a", "options": {"offsets": "bytes"}}',
        {"options.offsets": ["Must be one of: codepoints, utf16."]},
    ),
    "offsets-null": (
        '{"text": "a", "options": {"offsets": null}}',
        {"options.offsets": ["Field may not be null."]},
    ),
    "text-null": ('{"text": null}', {"text": ["Field may not be null."]}),
    "text-number": ('{"text": 12}', {"text": ["Not a valid string."]}),
    "text-object": ('{"text": {"a": 1}}', {"text": ["Not a valid string."]}),
    "unknown-field": ('{"text": "a", "colour": "red"}', {"colour": ["Unknown field."]}),
    "unknown-and-missing": (
        '{"colour": "red"}',
        {"colour": ["Unknown field."]},
    ),
    "options-not-object": ('{"text": "a", "options": []}', {"options": ["Invalid input type."]}),
    "options-null": ('{"text": "a", "options": null}', {"options": ["Field may not be null."]}),
    "options-unknown-key": (
        '{"text": "a", "options": {"lang": "en"}}',
        {"options.lang": ["Unknown field."]},
    ),
    "types-empty": (
        '{"text": "a", "options": {"types": []}}',
        {"options.types": ["Must contain at least one quote type."]},
    ),
    "types-repeated": (
        '{"text": "a", "options": {"types": ["direct", "direct"]}}',
        {"options.types": ["Values must be distinct."]},
    ),
    "types-unknown-value": (
        '{"text": "a", "options": {"types": ["direct", "paraphrase"]}}',
        {"options.types.1": ["Must be one of: direct, indirect, mixed."]},
    ),
    "types-not-list": (
        '{"text": "a", "options": {"types": "direct"}}',
        {"options.types": ["Not a valid list."]},
    ),
    "types-null": (
        '{"text": "a", "options": {"types": null}}',
        {"options.types": ["Field may not be null."]},
    ),
    "types-item-number": (
        '{"text": "a", "options": {"types": [1]}}',
        {"options.types.0": ["Not a valid string."]},
    ),
    "acts-empty": (
        '{"text": "a", "options": {"acts": []}}',
        {"options.acts": ["Must contain at least one act."]},
    ),
    "acts-repeated": (
        '{"text": "a", "options": {"acts": ["speech", "speech"]}}',
        {"options.acts": ["Values must be distinct."]},
    ),
    "acts-unknown-value": (
        '{"text": "a", "options": {"acts": ["speech", "rumour"]}}',
        {"options.acts.1": ["Must be one of: speech, position."]},
    ),
    "acts-not-list": (
        '{"text": "a", "options": {"acts": "speech"}}',
        {"options.acts": ["Not a valid list."]},
    ),
    "acts-null": (
        '{"text": "a", "options": {"acts": null}}',
        {"options.acts": ["Field may not be null."]},
    ),
    "acts-item-number": (
        '{"text": "a", "options": {"acts": [1]}}',
        {"options.acts.0": ["Not a valid string."]},
    ),
}


@pytest.mark.parametrize(
    ("body", "errors"), INVALID.values(), ids=INVALID.keys()
)
def test_422_names_the_field(client, body, errors):
    assert_problem(_post(client, body), 422, VALIDATION, errors)


def test_413_body_over_byte_limit(make_app):
    client = make_app(MAX_BODY_BYTES=100).test_client()
    body = assert_problem(_post(client, '{"text": "%s"}' % ("x" * 200)), 413, TOO_LARGE)
    assert "100 bytes" in body["detail"]


def test_413_oversized_body_is_not_parsed(make_app):
    client = make_app(MAX_BODY_BYTES=100).test_client()
    assert_problem(_post(client, "{" * 500), 413, TOO_LARGE)


def test_body_at_byte_limit_is_accepted(make_app):
    body = '{"text": "%s"}' % ("x" * 80)
    client = make_app(MAX_BODY_BYTES=len(body)).test_client()
    assert _post(client, body).status_code == 200


def test_413_text_over_character_limit(make_app):
    client = make_app(MAX_TEXT_CHARS=5).test_client()
    body = assert_problem(_post(client, '{"text": "\U0001f600\U0001f600\U0001f600abc"}'), 413, TOO_LARGE)
    assert "6 characters" in body["detail"] and "limit is 5" in body["detail"]


def test_text_at_character_limit_is_accepted(make_app):
    # Characters are code points: five emoji are five, not ten or twenty.
    client = make_app(MAX_TEXT_CHARS=5).test_client()
    assert _post(client, '{"text": "\U0001f600\U0001f600\U0001f600\U0001f600\U0001f600"}').status_code == 200


NOT_FOUND = ["/nope", "/index.html", "/v1", "/v1/quotes/", "/v2/quotes", "/health/", "/static/x.css"]


@pytest.mark.parametrize("path", NOT_FOUND)
def test_404_unknown_path(client, path):
    assert_problem(client.get(path), 404, BLANK)


def test_404_for_post_to_unknown_path(client):
    assert_problem(client.post("/nope", json={"text": "a"}), 404, BLANK)


WRONG_METHOD = [
    ("get", "/v1/quotes", {"POST", "OPTIONS"}),
    ("put", "/v1/quotes", {"POST", "OPTIONS"}),
    ("delete", "/v1/quotes/batch", {"POST", "OPTIONS"}),
    ("post", "/version", {"GET", "HEAD", "OPTIONS"}),
    ("put", "/", {"GET", "HEAD", "OPTIONS"}),
    ("post", "/health", {"GET", "HEAD", "OPTIONS"}),
    ("delete", "/ready", {"GET", "HEAD", "OPTIONS"}),
    ("patch", "/openapi.yaml", {"GET", "HEAD", "OPTIONS"}),
]


@pytest.mark.parametrize(
    ("method", "path", "allowed"), WRONG_METHOD, ids=[f"{m}-{p}" for m, p, _ in WRONG_METHOD]
)
def test_405_wrong_method_lists_allowed(client, method, path, allowed):
    response = getattr(client, method)(path)
    assert_problem(response, 405, BLANK)
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allowed


def test_500_unexpected_error_is_a_problem_without_details(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(routes, "extract", broken)
    body = assert_problem(_post(client, '{"text": "a"}'), 500, BLANK)
    assert "secret" not in body["detail"]


def test_503_not_ready_when_engine_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no lexicons")

    monkeypatch.setattr(routes, "extract", broken)
    assert_problem(client.get("/ready"), 503, NOT_READY)


def test_titles_are_fixed_per_type(client):
    first = _post(client, "{}").get_json(force=True)
    second = _post(client, '{"text": 1}').get_json(force=True)
    assert first["title"] == second["title"] == "Validation Failed"


def _post_chunked(client, data: bytes):
    return client.post(
        "/v1/quotes",
        input_stream=io.BytesIO(data),
        content_type=JSON,
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )


def test_413_chunked_body_over_byte_limit(make_app):
    # Without a Content-Length the body must not be silently cut at the limit.
    client = make_app(MAX_BODY_BYTES=100).test_client()
    assert_problem(_post_chunked(client, b'{"text": "%s"}' % (b"x" * 200)), 413, TOO_LARGE)


def test_chunked_body_at_byte_limit_is_accepted(make_app):
    body = b'{"text": "%s"}' % (b"x" * 80)
    client = make_app(MAX_BODY_BYTES=len(body)).test_client()
    response = _post_chunked(client, body)
    assert response.status_code == 200
    assert response.get_json()["meta"]["characters"] == 80
