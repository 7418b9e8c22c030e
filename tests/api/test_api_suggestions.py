"""A 422 for an unknown key names the field the client most likely meant:
at the top of a request, inside ``options``, in a batch's envelope and in
each batch document."""

from __future__ import annotations

import time

import pytest

from service.http.errors import VALIDATION
from service.http.schemas import MAX_SUGGESTIONS, closest_field


def _errors(response) -> dict:
    assert response.status_code == 422, response.get_data(as_text=True)
    body = response.get_json(force=True)
    assert body["type"] == VALIDATION
    return body["errors"]


SINGLE = {
    "typo-of-text": ({"txt": "Rain fell."}, "txt", "text"),
    "typo-of-html": ({"htlm": "<p>Rain fell.</p>"}, "htlm", "html"),
    "singular-option-name": ({"text": "a", "option": {}}, "option", "options"),
    "options-type-for-types": ({"text": "a", "options": {"type": ["direct"]}}, "options.type", "types"),
    "options-act-for-acts": ({"text": "a", "options": {"act": ["speech"]}}, "options.act", "acts"),
    "options-offset-for-offsets": ({"text": "a", "options": {"offset": "utf16"}}, "options.offset", "offsets"),
    "capitalised-key": ({"Text": "Rain fell."}, "Text", "text"),
}


@pytest.mark.parametrize(("body", "path", "meant"), SINGLE.values(), ids=SINGLE.keys())
def test_a_typo_in_a_quotes_request_suggests_the_field(client, body, path, meant):
    errors = _errors(client.post("/v1/quotes", json=body))
    key = path.rsplit(".", 1)[-1]
    assert errors[path] == [f"Unknown field `{key}`; did you mean `{meant}`?"]


BATCH_ENVELOPES = {
    "docs-for-documents": ({"docs": [{"id": 1, "text": "a"}]}, "docs", "documents"),
    "singular-document": ({"document": [], "documents": []}, "document", "documents"),
    "options-inside-batch": ({"documents": [], "options": {"typs": ["direct"]}}, "options.typs", "types"),
}


@pytest.mark.parametrize(("body", "path", "meant"), BATCH_ENVELOPES.values(), ids=BATCH_ENVELOPES.keys())
def test_a_typo_in_a_batch_envelope_suggests_the_field(client, body, path, meant):
    errors = _errors(client.post("/v1/quotes/batch", json=body))
    key = path.rsplit(".", 1)[-1]
    assert errors[path] == [f"Unknown field `{key}`; did you mean `{meant}`?"]


def test_a_typo_in_one_batch_document_is_that_documents_error(client):
    body = {"documents": [{"id": "a", "text": "Rain fell."}, {"id": "b", "txt": "Rain fell."}, {"idd": 3, "text": "x"}]}
    response = client.post("/v1/quotes/batch", json=body)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert "quotes" in results[0]
    assert results[1]["error"]["errors"] == {"txt": ["Unknown field `txt`; did you mean `text`?"]}
    assert results[2]["error"]["errors"]["idd"] == ["Unknown field `idd`; did you mean `id`?"]


NO_SUGGESTION = {
    "nothing-alike": ({"text": "a", "colour": "red"}, "colour"),
    "options-nothing-alike": ({"text": "a", "options": {"lang": "en"}}, "options.lang"),
    "very-long-key": ({"text": "a", "t" * 5000: 1}, "t" * 100 + "..."),
}


@pytest.mark.parametrize(("body", "path"), NO_SUGGESTION.values(), ids=NO_SUGGESTION.keys())
def test_a_key_like_no_field_is_plainly_unknown(client, body, path):
    assert _errors(client.post("/v1/quotes", json=body))[path] == ["Unknown field."]


def test_suggestions_are_bounded_whatever_the_number_of_unknown_keys(client):
    keys = {f"text{i}": 1 for i in range(100_000)}  # each one close to `text`
    started = time.perf_counter()
    errors = _errors(client.post("/v1/quotes", json={"text": "a", **keys}))
    assert time.perf_counter() - started < 10
    suggested = [m for ms in errors.values() for m in ms if "did you mean" in m]
    assert 0 < len(suggested) <= MAX_SUGGESTIONS


@pytest.mark.parametrize(("key", "known", "meant"), [
    ("txt", ["text", "html", "options"], "text"),
    ("optoins", ["text", "html", "options"], "options"),
    ("colour", ["text", "html", "options"], None),
    ("x" * 1000, ["text"], None),
    ("text", [], None),
])
def test_closest_field(key, known, meant):
    assert closest_field(key, known) == meant
