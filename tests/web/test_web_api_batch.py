"""POST /v1/quotes/batch: many documents in one request, one result each in
the order sent; a bad document gets its own error and spoils nothing else."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import service.http.routes as routes
from service.http.errors import VALIDATION, TOO_LARGE, MALFORMED_JSON as MALFORMED


FIRST = "“We will have it open by midsummer,” said Odile Fenwick, the mayor of Port Ellery."
SECOND = "Rafael Dunmore said the repairs were overdue. “I have waited 🕰️ years,” he said."
PAGE = "<p>&ldquo;We are <em>borrowing</em> money,&rdquo; said Ines Achterberg.</p><script>'“No,” said X.'</script>"


def _batch(client, documents, **options):
    body = {"documents": documents}
    if options:
        body["options"] = options
    return client.post("/v1/quotes/batch", json=body)


def test_results_in_input_order_with_ids(client):
    docs = [{"id": "a", "text": FIRST}, {"id": 2, "text": SECOND}, {"id": "page", "html": PAGE}]
    response = _batch(client, docs)
    assert response.status_code == 200
    body = response.get_json()
    assert [r["id"] for r in body["results"]] == ["a", 2, "page"]
    assert all("error" not in r for r in body["results"])
    first, second, page = body["results"]
    assert set(first) == {"id", "quotes", "speakers"}
    assert first["quotes"][0]["text"] == "We will have it open by midsummer,"
    assert first["quotes"][0]["speaker"]["name"] == "Odile Fenwick"
    assert any(q["text"] == "I have waited 🕰️ years," for q in second["quotes"])
    assert page["text"].startswith("“We are borrowing money,” said Ines Achterberg.")
    quote = page["quotes"][0]
    assert PAGE[quote["html_start"]:quote["html_end"]] == "We are <em>borrowing</em> money,"
    meta = body["meta"]
    assert meta["documents"] == 3 and meta["errors"] == 0
    assert meta["quote_count"] == sum(len(r["quotes"]) for r in body["results"])
    assert meta["offsets"] == "codepoints"


def test_same_answer_as_one_at_a_time(client):
    docs = [{"id": i, "text": t} for i, t in enumerate([FIRST, SECOND, "", "no quotes here"])]
    results = _batch(client, docs, types=["direct"]).get_json()["results"]
    for doc, result in zip(docs, results):
        single = client.post("/v1/quotes", json={"text": doc["text"], "options": {"types": ["direct"]}}).get_json()
        assert result["quotes"] == single["quotes"]
        assert result["speakers"] == single["speakers"]


def test_acts_apply_to_every_document(client):
    vote = "The harbour board voted on Monday to rebuild the pier. Odile Fenwick said the vote was close."
    docs = [{"id": 1, "text": vote}, {"id": 2, "text": SECOND}]
    default = _batch(client, docs).get_json()["results"]
    both = _batch(client, docs, acts=["speech", "position"]).get_json()["results"]
    assert {q["act"] for r in default for q in r["quotes"]} == {"speech"}
    assert [q["text"] for q in both[0]["quotes"] if q["act"] == "position"] == ["to rebuild the pier"]
    for doc, result in zip(docs, both):
        single = client.post("/v1/quotes", json={"text": doc["text"], "options": {"acts": ["speech", "position"]}}).get_json()
        assert result["quotes"] == single["quotes"]
        assert result["speakers"] == single["speakers"]


def test_options_apply_to_every_document(client):
    body = _batch(client, [{"id": 1, "text": SECOND}, {"id": 2, "html": PAGE}], offsets="utf16").get_json()
    assert body["meta"]["offsets"] == "utf16"
    units = SECOND.encode("utf-16-le")
    for quote in body["results"][0]["quotes"]:
        assert units[2 * quote["start"]:2 * quote["end"]].decode("utf-16-le") == quote["text"]


def test_bad_documents_get_their_own_errors(make_app):
    client = make_app(MAX_TEXT_CHARS=200).test_client()
    docs = [
        {"id": "ok-1", "text": FIRST},
        {"id": "no-text"},
        {"id": "both", "text": "a", "html": "<p>a</p>"},
        {"id": "wrong-type", "text": 42},
        {"id": "too-long", "text": "x" * 201},
        {"text": "no id"},
        {"id": True, "text": "boolean id"},
        {"id": 1.5, "text": "float id"},
        "not an object",
        None,
        {"id": "extra", "text": "a", "colour": "red"},
        {"id": "ok-2", "html": PAGE},
    ]
    response = _batch(client, docs)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert len(results) == len(docs)

    def error(i):
        return results[i]["error"]

    assert results[0]["id"] == "ok-1" and results[0]["quotes"]
    assert results[-1]["id"] == "ok-2" and results[-1]["quotes"]
    assert error(1) == {
        "type": VALIDATION, "title": "Validation Failed", "status": 422,
        "detail": "The document has invalid fields.",
        "errors": {"$": ["Exactly one of text and html is required."]},
    }
    assert error(2)["errors"] == {"$": ["Exactly one of text and html is required."]}
    assert error(3)["errors"] == {"text": ["Not a valid string."]}
    assert error(4)["status"] == 413 and error(4)["type"] == TOO_LARGE
    assert "text has 201 characters; the limit is 200" in error(4)["detail"]
    assert "errors" not in error(4)
    assert results[5]["id"] is None and error(5)["errors"] == {"id": ["Missing data for required field."]}
    assert results[6]["id"] is None and error(6)["errors"] == {"id": ["Must be a string or an integer."]}
    assert results[7]["id"] is None and error(7)["errors"] == {"id": ["Must be a string or an integer."]}
    assert results[8] == results[9] == {"id": None, "error": {
        "type": VALIDATION, "title": "Validation Failed", "status": 422,
        "detail": "The document must be a JSON object.", "errors": {"$": ["Must be a JSON object."]},
    }}
    assert error(10)["errors"] == {"colour": ["Unknown field."]}
    assert [r["id"] for r in results[1:5]] == ["no-text", "both", "wrong-type", "too-long"]
    meta = response.get_json()["meta"]
    assert meta["documents"] == 12 and meta["errors"] == 10


def test_engine_failure_on_one_document_spares_the_others(client, monkeypatch):
    real = routes.extract

    def flaky(text=None, **options):
        if "explode" in text:
            raise RuntimeError("secret internals")
        return real(text, **options)

    monkeypatch.setattr(routes, "extract", flaky)
    results = _batch(client, [{"id": 1, "text": "please explode"}, {"id": 2, "text": FIRST}]).get_json()["results"]
    assert results[0]["error"]["status"] == 500
    assert "secret" not in results[0]["error"]["detail"]
    assert results[1]["quotes"]


def test_empty_batch(client):
    body = _batch(client, []).get_json()
    assert body["results"] == [] and body["meta"]["documents"] == 0


MALFORMED_ENVELOPES = {
    "array": ([{"id": 1, "text": "a"}], {"$": ["Must be a JSON object."]}),
    "no-documents": ({}, {"documents": ["Missing data for required field."]}),
    "documents-object": ({"documents": {"id": 1}}, {"documents": ["Not a valid list."]}),
    "documents-null": ({"documents": None}, {"documents": ["Field may not be null."]}),
    "unknown-key": ({"documents": [], "text": "a"}, {"text": ["Unknown field."]}),
    "bad-options": (
        {"documents": [], "options": {"offsets": "bytes"}},
        {"options.offsets": ["Must be one of: codepoints, utf16."]},
    ),
}


@pytest.mark.parametrize(("body", "errors"), MALFORMED_ENVELOPES.values(), ids=MALFORMED_ENVELOPES.keys())
def test_malformed_envelope_is_422(client, body, errors):
    response = client.post("/v1/quotes/batch", json=body)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"] == errors


def test_bad_json_is_400(client):
    response = client.post("/v1/quotes/batch", data=b'{"documents": [', content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["type"] == MALFORMED


def test_too_many_documents_is_413(make_app):
    client = make_app(MAX_BATCH_DOCUMENTS=3).test_client()
    assert _batch(client, [{"id": i, "text": "a"} for i in range(3)]).status_code == 200
    response = _batch(client, [{"id": i, "text": "a"} for i in range(4)])
    assert response.status_code == 413
    assert response.get_json()["type"] == TOO_LARGE
    assert "4 documents; the limit is 3" in response.get_json()["detail"]


def test_whole_batch_is_bounded_by_the_body_limit(make_app):
    client = make_app(MAX_BODY_BYTES=500).test_client()
    response = _batch(client, [{"id": i, "text": "x" * 100} for i in range(5)])
    assert response.status_code == 413


def test_batch_limit_from_the_environment():
    from service.config import Config

    assert Config(environ={}).MAX_BATCH_DOCUMENTS == 100
    assert Config(environ={"QUOTES_MAX_BATCH_DOCUMENTS": "7"}).MAX_BATCH_DOCUMENTS == 7
    with pytest.raises(ValueError, match="QUOTES_MAX_BATCH_DOCUMENTS"):
        Config(environ={"QUOTES_MAX_BATCH_DOCUMENTS": "0"})


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "text", "html", "x"]), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents=st.lists(_json, max_size=5))
def test_any_documents_get_one_result_each(client, documents):
    response = client.post("/v1/quotes/batch", data=json.dumps({"documents": documents}),
                           content_type="application/json")
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert len(results) == len(documents)
    for doc, result in zip(documents, results):
        ok = (
            isinstance(doc, dict) and set(doc) <= {"id", "text", "html"}
            and isinstance(doc.get("id"), (str, int)) and not isinstance(doc.get("id"), bool)
            and (("text" in doc) != ("html" in doc))
            and isinstance(doc.get("text", doc.get("html")), str)
        )
        assert ("error" not in result) == ok, (doc, result)
