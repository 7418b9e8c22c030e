"""Bad and hostile request bodies, one named row each: every one is answered
with the documented status (a problem+json for errors), never a 500.

Body-level rows run against both POST endpoints; field-level rows against
the endpoint whose fields they break.  The decisions the table pins down:

* ``charset``: JSON is UTF-8 (RFC 8259).  No charset or ``utf-8``/``utf8``
  (any case, quoted or not) is read; any other charset is a 415, even when
  the bytes happen to be ASCII, rather than decoded as declared.
* Numbers that overflow a double (``1e999``) are refused like ``Infinity``.
* Arrays and objects nest at most 32 levels; deeper is a 400, however deep.
* Empty and whitespace-only ``text`` are valid articles with no quotations.
"""

from __future__ import annotations

import json

import pytest

from service.http.errors import MALFORMED_JSON as MALFORMED, UNSUPPORTED_MEDIA_TYPE as MEDIA, VALIDATION, TOO_LARGE


JSON = "application/json"
ENDPOINTS = ["/v1/quotes", "/v1/quotes/batch", "/v1/quotes/verify"]
GOOD = {"/v1/quotes": b'{"text": "a"}', "/v1/quotes/batch": b'{"documents": [{"id": 1, "text": "a"}]}',
        "/v1/quotes/verify": b'{"text": "a", "sources": [{"id": "s", "text": "a"}]}'}


def _nested(depth: int, opener: str = "[", closer: str = "]") -> str:
    """A body nesting ``depth`` levels deep: the body object, then arrays (or objects)."""
    if opener == "[":
        inner = "[" * (depth - 1) + "]" * (depth - 1)
    else:
        inner = '{"a": ' * (depth - 1) + "1" + "}" * (depth - 1)
    return '{"text": "a", "extra": %s}' % inner


# (body, content type, status, problem type or None for a 2xx)
BODY_CASES = {
    # not JSON at all
    "empty-body": (b"", JSON, 400, MALFORMED),
    "whitespace-body": (b" \r\n\t", JSON, 400, MALFORMED),
    "truncated": (b'{"text": ', JSON, 400, MALFORMED),
    "single-quotes": (b"{'text': 'a'}", JSON, 400, MALFORMED),
    "trailing-comma": (b'{"text": "a",}', JSON, 400, MALFORMED),
    "comment": (b'{"text": "a" /* hi */}', JSON, 400, MALFORMED),
    "two-documents": (b'{"text": "a"} {"text": "b"}', JSON, 400, MALFORMED),
    "control-char-in-string": (b'{"text": "a\x01b"}', JSON, 400, MALFORMED),
    "bad-escape": (b'{"text": "\\x41"}', JSON, 400, MALFORMED),
    # not UTF-8
    "latin-1-bytes": (b'{"text": "caf\xe9"}', JSON, 400, MALFORMED),
    "utf-8-bom": (b'\xef\xbb\xbf{"text": "a"}', JSON, 400, MALFORMED),
    "utf-16-bytes": ('{"text": "a"}'.encode("utf-16"), JSON, 400, MALFORMED),
    "overlong-utf-8": (b'{"text": "\xc0\xaf"}', JSON, 400, MALFORMED),
    "encoded-surrogate": (b'{"text": "\xed\xa0\x80"}', JSON, 400, MALFORMED),
    # JSON this API does not take
    "nan": (b'{"text": NaN}', JSON, 400, MALFORMED),
    "infinity": (b'{"text": "a", "x": Infinity}', JSON, 400, MALFORMED),
    "minus-infinity": (b'{"text": -Infinity}', JSON, 400, MALFORMED),
    "float-overflow": (b'{"text": "a", "x": 1e999}', JSON, 400, MALFORMED),
    "negative-float-overflow": (b'{"text": "a", "x": -1.5e400}', JSON, 400, MALFORMED),
    "integer-of-5000-digits": (b'{"text": "a", "x": ' + b"9" * 5000 + b"}", JSON, 400, MALFORMED),
    "duplicate-key": (b'{"text": "a", "text": "b"}', JSON, 400, MALFORMED),
    "duplicate-nested-key": (b'{"text": "a", "options": {"offsets": "utf16", "offsets": "utf16"}}',
                             JSON, 400, MALFORMED),
    "arrays-33-deep": (_nested(33).encode(), JSON, 400, MALFORMED),
    "objects-33-deep": (_nested(33, "{", "}").encode(), JSON, 400, MALFORMED),
    "arrays-100000-deep": (b"[" * 100_000 + b"]" * 100_000, JSON, 400, MALFORMED),
    "objects-100000-deep": (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, JSON, 400, MALFORMED),
    "unclosed-100000-deep": (b"[" * 100_000, JSON, 400, MALFORMED),
    # JSON, but not an object
    "body-is-array": (b'["text"]', JSON, 422, VALIDATION),
    "body-is-null": (b"null", JSON, 422, VALIDATION),
    "body-is-number": (b"12", JSON, 422, VALIDATION),
    "body-is-string": (b'"text"', JSON, 422, VALIDATION),
    "body-is-true": (b"true", JSON, 422, VALIDATION),
    "body-is-empty-array": (b"[]", JSON, 422, VALIDATION),
    # media type
    "no-content-type": (b'{"text": "a"}', None, 415, MEDIA),
    "text-plain": (b'{"text": "a"}', "text/plain", 415, MEDIA),
    "form": (b"text=a", "application/x-www-form-urlencoded", 415, MEDIA),
    "multipart": (b"--x--", "multipart/form-data; boundary=x", 415, MEDIA),
    "text-json": (b'{"text": "a"}', "text/json", 415, MEDIA),
    "xml": (b"<text>a</text>", "application/xml", 415, MEDIA),
    "charset-latin-1": (b'{"text": "a"}', "application/json; charset=latin-1", 415, MEDIA),
    "charset-iso-8859-1": (b'{"text": "caf\xe9"}', "application/json; charset=ISO-8859-1", 415, MEDIA),
    "charset-utf-16": ('{"text": "a"}'.encode("utf-16"), "application/json; charset=utf-16", 415, MEDIA),
    "charset-empty": (b'{"text": "a"}', 'application/json; charset=""', 415, MEDIA),
    # accepted spellings
    "charset-utf-8": (None, "application/json; charset=utf-8", 200, None),
    "charset-UTF-8": (None, "application/json; charset=UTF-8", 200, None),
    "charset-utf8": (None, "application/json;charset=utf8", 200, None),
    "charset-quoted": (None, 'application/json; charset="utf-8"', 200, None),
    "upper-case-type": (None, "APPLICATION/JSON", 200, None),
    "plus-json": (None, "application/merge-patch+json", 200, None),
    "other-parameter": (None, "application/json; profile=x", 200, None),
    # exactly at the nesting limit: read, then refused for its unknown fields
    "arrays-32-deep": (_nested(32).encode(), JSON, 422, VALIDATION),
    "objects-32-deep": (_nested(32, "{", "}").encode(), JSON, 422, VALIDATION),
}


def assert_problem(response, status: int, type_: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/problem+json"
    problem = response.get_json(force=True)
    assert problem["status"] == status
    assert problem["type"] == type_
    assert problem["title"] and problem["detail"]
    return problem


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("body", "content_type", "status", "type_"), BODY_CASES.values(), ids=BODY_CASES.keys()
)
def test_body_level_input(client, endpoint, body, content_type, status, type_):
    # A row without a body sends a valid one for the endpoint.
    data = GOOD[endpoint] if body is None else body
    response = client.post(endpoint, data=data, content_type=content_type)
    if type_ is None:
        assert response.status_code == status, response.get_data(as_text=True)
    else:
        assert_problem(response, status, type_)


# (body, status, problem type or None, errors or None)
QUOTES_FIELD_CASES = {
    "missing-text": ({}, 422, VALIDATION, {"$": ["Exactly one of text and html is required."]}),
    "text-and-html": ({"text": "a", "html": "a"}, 422, VALIDATION,
                      {"$": ["Exactly one of text and html is required."]}),
    "text-null": ({"text": None}, 422, VALIDATION, {"text": ["Field may not be null."]}),
    "text-number": ({"text": 12}, 422, VALIDATION, {"text": ["Not a valid string."]}),
    "text-float": ({"text": 1.5}, 422, VALIDATION, {"text": ["Not a valid string."]}),
    "text-true": ({"text": True}, 422, VALIDATION, {"text": ["Not a valid string."]}),
    "text-list": ({"text": ["a"]}, 422, VALIDATION, {"text": ["Not a valid string."]}),
    "text-object": ({"text": {"a": 1}}, 422, VALIDATION, {"text": ["Not a valid string."]}),
    "html-number": ({"html": 12}, 422, VALIDATION, {"html": ["Not a valid string."]}),
    "unknown-field": ({"text": "a", "colour": "red"}, 422, VALIDATION, {"colour": ["Unknown field."]}),
    "unknown-surrogate-key": ({"text": "a", "\ud800": 1}, 422, VALIDATION, {"\ud800": ["Unknown field."]}),
    "options-list": ({"text": "a", "options": []}, 422, VALIDATION, {"options": ["Invalid input type."]}),
    "options-string": ({"text": "a", "options": "utf16"}, 422, VALIDATION,
                       {"options": ["Invalid input type."]}),
    "options-unknown-key": ({"text": "a", "options": {"lang": "en"}}, 422, VALIDATION,
                            {"options.lang": ["Unknown field."]}),
    "types-object": ({"text": "a", "options": {"types": {"direct": True}}}, 422, VALIDATION,
                     {"options.types": ["Not a valid list."]}),
    "types-huge-integer": ({"text": "a", "options": {"types": [10**300]}}, 422, VALIDATION,
                           {"options.types.0": ["Not a valid string."]}),
    "offsets-number": ({"text": "a", "options": {"offsets": 16}}, 422, VALIDATION,
                       {"options.offsets": ["Not a valid string."]}),
    "empty-text": ({"text": ""}, 200, None, None),
    "whitespace-only-text": ({"text": " \n\t\r\n\u00a0\u2003 "}, 200, None, None),
    "empty-html": ({"html": ""}, 200, None, None),
    "whitespace-only-html": ({"html": "  <p> </p>\n"}, 200, None, None),
}


@pytest.mark.parametrize(
    ("body", "status", "type_", "errors"), QUOTES_FIELD_CASES.values(), ids=QUOTES_FIELD_CASES.keys()
)
def test_quotes_fields(client, body, status, type_, errors):
    response = client.post("/v1/quotes", data=json.dumps(body), content_type=JSON)
    if type_ is None:
        assert response.status_code == status
        assert response.get_json()["quotes"] == []
        assert response.get_json()["speakers"] == []
        return
    problem = assert_problem(response, status, type_)
    assert problem["errors"] == errors


BATCH_FIELD_CASES = {
    "documents-missing": ({}, 422, {"documents": ["Missing data for required field."]}),
    "documents-null": ({"documents": None}, 422, {"documents": ["Field may not be null."]}),
    "documents-object": ({"documents": {"id": 1}}, 422, {"documents": ["Not a valid list."]}),
    "documents-string": ({"documents": "a"}, 422, {"documents": ["Not a valid list."]}),
    "unknown-field": ({"documents": [], "colour": 1}, 422, {"colour": ["Unknown field."]}),
    "options-bad": ({"documents": [], "options": {"types": []}}, 422,
                    {"options.types": ["Must contain at least one quote type."]}),
    "acts-empty": ({"documents": [], "options": {"acts": []}}, 422,
                   {"options.acts": ["Must contain at least one act."]}),
    "acts-unknown": ({"documents": [], "options": {"acts": ["rumour"]}}, 422,
                     {"options.acts.0": ["Must be one of: speech, position."]}),
}


@pytest.mark.parametrize(
    ("body", "status", "errors"), BATCH_FIELD_CASES.values(), ids=BATCH_FIELD_CASES.keys()
)
def test_batch_envelope_fields(client, body, status, errors):
    response = client.post("/v1/quotes/batch", data=json.dumps(body), content_type=JSON)
    assert assert_problem(response, status, VALIDATION)["errors"] == errors


# A document of a batch that cannot be read gets its problem as its result.
BATCH_DOCUMENT_CASES = {
    "null": (None, {"$": ["Must be a JSON object."]}),
    "number": (7, {"$": ["Must be a JSON object."]}),
    "list": ([], {"$": ["Must be a JSON object."]}),
    "id-missing": ({"text": "a"}, {"id": ["Missing data for required field."]}),
    "id-float": ({"id": 1.5, "text": "a"}, {"id": ["Must be a string or an integer."]}),
    "id-bool": ({"id": True, "text": "a"}, {"id": ["Must be a string or an integer."]}),
    "id-null": ({"id": None, "text": "a"}, {"id": ["Field may not be null."]}),
    "text-number": ({"id": 1, "text": 3}, {"text": ["Not a valid string."]}),
    "neither-text-nor-html": ({"id": 1}, {"$": ["Exactly one of text and html is required."]}),
    "unknown-field": ({"id": 1, "text": "a", "options": {}}, {"options": ["Unknown field."]}),
}


@pytest.mark.parametrize(
    ("document", "errors"), BATCH_DOCUMENT_CASES.values(), ids=BATCH_DOCUMENT_CASES.keys()
)
def test_batch_documents(client, document, errors):
    body = {"documents": [document, {"id": "ok", "text": '"Go," said Jane Smith.'}]}
    response = client.post("/v1/quotes/batch", json=body)
    assert response.status_code == 200
    bad, good = response.get_json()["results"]
    assert bad["error"]["status"] == 422 and bad["error"]["type"] == VALIDATION
    assert bad["error"]["errors"] == errors
    assert good["id"] == "ok" and good["quotes"]


# --- size limits (the Flask test client; tests/hardening/test_hard_server.py
# --- sends the same through the real gunicorn)

SIZE_CASES = {
    "text-over-characters": ({"MAX_TEXT_CHARS": 10}, {"text": "x" * 11}, 413),
    "text-at-characters": ({"MAX_TEXT_CHARS": 10}, {"text": "x" * 10}, 200),
    "emoji-count-as-one-character": ({"MAX_TEXT_CHARS": 10}, {"text": "\U0001f600" * 10}, 200),
    "html-over-characters": ({"MAX_TEXT_CHARS": 10}, {"html": "<p>" * 4}, 413),
    "body-over-bytes": ({"MAX_BODY_BYTES": 100}, {"text": "x" * 100}, 413),
    "batch-over-documents": ({"MAX_BATCH_DOCUMENTS": 2},
                             {"documents": [{"id": i, "text": "a"} for i in range(3)]}, 413),
}


@pytest.mark.parametrize(("settings", "body", "status"), SIZE_CASES.values(), ids=SIZE_CASES.keys())
def test_size_limits(make_app, settings, body, status):
    client = make_app(**settings).test_client()
    path = "/v1/quotes/batch" if "documents" in body else "/v1/quotes"
    response = client.post(path, json=body)
    if status == 200:
        assert response.status_code == 200
    else:
        assert_problem(response, status, TOO_LARGE)
