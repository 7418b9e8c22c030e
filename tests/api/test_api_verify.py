"""POST /v1/quotes/verify: the quote check through the API — its shape,
HTML drafts, UTF-16 offsets, limits, errors, CORS, metrics."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.engine import EngineTimeout
import service.verify.check as verify_check

PRESS_BRIEFING = (
    "MINISTER ORLA FENN: The tunnel will carry its first trains in March 🚆 next year. "
    "We have tested every signal twice.\n"
    "Q: And the cost?\n"
    "MINISTER ORLA FENN: The cost is what the contract says.\n"
)
DRAFT = (
    "Transport minister Orla Fenn spoke on Monday 😀.\n\n"
    "“The tunnel will carry its first trains in April next year,” Fenn said. "
    "“We have tested every signal twice.”\n\n"
    "She said the cost was fixed by the contract."
)
SOURCES = [{"id": "briefing", "text": PRESS_BRIEFING}]


def _verify(client, body):
    return client.post("/v1/quotes/verify", json=body)


def test_the_answer_is_the_quotes_with_their_checks(client):
    response = _verify(client, {"text": DRAFT, "sources": SOURCES})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"quotes", "speakers", "meta"}
    statuses = [(q["type"], q["check"]["status"]) for q in body["quotes"]]
    assert statuses == [("direct", "altered"), ("direct", "verbatim"), ("indirect", "not_checked")]
    altered = body["quotes"][0]["check"]
    assert altered["source_id"] == "briefing"
    (difference,) = altered["differences"]
    assert (difference["op"], difference["draft"], difference["source"]) == ("replace", "April", "March")
    assert DRAFT[difference["draft_start"]:difference["draft_end"]] == "April"
    for quote in body["quotes"]:
        assert DRAFT[quote["start"]:quote["end"]] == quote["text"]
        check = quote["check"]
        if check["source_id"] is not None:
            assert PRESS_BRIEFING[check["source_start"]:check["source_end"]]
    assert body["meta"]["checks"] == {"verbatim": 1, "altered": 1, "not_found": 0, "not_checked": 1}
    assert body["meta"]["sources"] == 1
    assert body["meta"]["source_characters"] == len(PRESS_BRIEFING)
    assert body["meta"]["quote_count"] == 3
    assert body["speakers"][0]["name"] == "Orla Fenn"


def test_the_same_quotes_as_v1_quotes(client):
    checked = _verify(client, {"text": DRAFT, "sources": SOURCES}).get_json()["quotes"]
    plain = client.post("/v1/quotes", json={"text": DRAFT}).get_json()["quotes"]
    assert [{k: v for k, v in q.items() if k != "check"} for q in checked] == plain


def test_utf16_offsets_in_draft_and_source(client):
    body = _verify(client, {"text": DRAFT, "sources": SOURCES, "options": {"offsets": "utf16"}}).get_json()
    assert body["meta"]["offsets"] == "utf16"
    draft16 = DRAFT.encode("utf-16-le")
    source16 = PRESS_BRIEFING.encode("utf-16-le")

    def draft_slice(start, end):
        return draft16[2 * start:2 * end].decode("utf-16-le")

    def source_slice(start, end):
        return source16[2 * start:2 * end].decode("utf-16-le")

    quote = body["quotes"][0]
    assert draft_slice(quote["start"], quote["end"]) == quote["text"]
    (difference,) = quote["check"]["differences"]
    assert draft_slice(difference["draft_start"], difference["draft_end"]) == "April"
    assert source_slice(difference["source_start"], difference["source_end"]) == "March"
    second = body["quotes"][1]["check"]
    assert source_slice(second["source_start"], second["source_end"]) == "We have tested every signal twice"


def test_an_html_draft(client):
    html = ("<article><h1>Tunnel</h1><p>&ldquo;The tunnel will carry its <em>first</em> trains in March "
            "next year,&rdquo; said Orla Fenn.</p></article>")
    body = _verify(client, {"html": html, "sources": SOURCES}).get_json()
    (quote,) = body["quotes"]
    assert quote["check"]["status"] == "verbatim"
    assert body["text"][quote["start"]:quote["end"]] == quote["text"]
    assert "<em>first</em>" in html[quote["html_start"]:quote["html_end"]]


def test_sources_are_named_by_id_and_place(client):
    # ids are the caller's labels: the same one twice is no error, and the
    # place in the list tells the two apart (offsets index that source)
    sources = [{"id": "notes", "text": "Nothing here about tunnels."}, {"id": "notes", "text": "😀 " + PRESS_BRIEFING}]
    body = _verify(client, {"text": DRAFT, "sources": sources, "options": {"offsets": "utf16"}}).get_json()
    check = body["quotes"][1]["check"]
    assert (check["source_id"], check["source_index"]) == ("notes", 1)
    text16 = sources[1]["text"].encode("utf-16-le")
    assert text16[2 * check["source_start"]:2 * check["source_end"]].decode("utf-16-le") == (
        "We have tested every signal twice")


def test_a_transcript_line_of_someone_else(client):
    draft = "“The cost is what the contract says,” said the auditor, Piet Lunde."
    (quote,) = _verify(client, {"text": draft, "sources": SOURCES}).get_json()["quotes"]
    mismatch = quote["check"]["speaker_mismatch"]
    assert quote["check"]["status"] == "verbatim"
    assert mismatch["speaker"] == "MINISTER ORLA FENN"
    assert PRESS_BRIEFING[mismatch["source_start"]:mismatch["source_end"]] == "MINISTER ORLA FENN"


@pytest.mark.parametrize("sources", [
    pytest.param([], id="no sources"),
    pytest.param([{"id": "empty", "text": ""}], id="an empty source"),
])
def test_nothing_to_check_against(client, sources):
    body = _verify(client, {"text": DRAFT, "sources": sources}).get_json()
    assert [q["check"]["status"] for q in body["quotes"]] == ["not_found", "not_found", "not_checked"]


def test_sources_at_the_limits_are_checked(make_app):
    client = make_app(MAX_SOURCES=2, MAX_SOURCE_CHARS=len(PRESS_BRIEFING)).test_client()
    half = len(PRESS_BRIEFING) // 2
    sources = [{"id": "a", "text": PRESS_BRIEFING[:half]}, {"id": "b", "text": PRESS_BRIEFING[half:]}]
    response = _verify(client, {"text": DRAFT, "sources": sources})
    assert response.status_code == 200
    assert response.get_json()["meta"]["source_characters"] == len(PRESS_BRIEFING)


@pytest.mark.parametrize("sources, detail", [
    pytest.param([{"id": str(k), "text": "a"} for k in range(3)], "3 sources; the limit is 2", id="too many sources"),
    pytest.param([{"id": "a", "text": PRESS_BRIEFING + "x"}], "characters in all", id="one character too many"),
])
def test_sources_over_the_limits_are_413(make_app, sources, detail):
    client = make_app(MAX_SOURCES=2, MAX_SOURCE_CHARS=len(PRESS_BRIEFING)).test_client()
    response = _verify(client, {"text": DRAFT, "sources": sources})
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert detail in response.get_json()["detail"]


def test_a_long_draft_is_413(make_app):
    client = make_app(MAX_TEXT_CHARS=10).test_client()
    response = _verify(client, {"text": DRAFT, "sources": SOURCES})
    assert response.status_code == 413


@pytest.mark.parametrize("body, field", [
    pytest.param({"text": DRAFT}, "sources", id="sources missing"),
    pytest.param({"sources": SOURCES}, "$", id="no draft"),
    pytest.param({"text": DRAFT, "html": "<p>x</p>", "sources": SOURCES}, "$", id="text and html"),
    pytest.param({"text": DRAFT, "sources": [{"id": "a"}]}, "sources.0.text", id="a source without text"),
    pytest.param({"text": DRAFT, "sources": [{"id": 7, "text": "x"}]}, "sources.0.id", id="a number as id"),
    pytest.param({"text": DRAFT, "sources": "briefing"}, "sources", id="sources not a list"),
    pytest.param({"text": DRAFT, "sources": SOURCES, "options": {"types": ["quoted"]}}, "options.types.0",
                 id="a bad option"),
    pytest.param({"text": DRAFT, "sources": SOURCES, "extra": 1}, "extra", id="an unknown key"),
])
def test_invalid_requests_are_422(client, body, field):
    response = _verify(client, body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_engine_timeout_is_503(client, monkeypatch):
    def too_slow(*args, **kwargs):
        raise EngineTimeout("slow")

    monkeypatch.setattr(verify_check, "extract", too_slow)
    response = _verify(client, {"text": DRAFT, "sources": SOURCES})
    assert response.status_code == 503
    assert response.headers["Retry-After"]


def test_a_tiny_time_budget_is_503(make_app, own_heap):
    client = make_app(ENGINE_TIMEOUT_S=0.001).test_client()
    big = [{"id": "big", "text": "signal " * 100_000}]
    response = _verify(client, {"text": DRAFT, "sources": big})
    assert response.status_code == 503


def test_cors_preflight_and_answer(client):
    preflight = client.options("/v1/quotes/verify", headers={
        "Origin": "https://desk.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    response = client.post("/v1/quotes/verify", json={"text": DRAFT, "sources": SOURCES},
                           headers={"Origin": "https://desk.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def _samples(client) -> dict:
    text = client.get("/metrics").get_data(as_text=True)
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_metrics_count_the_endpoint(client):
    before = _samples(client)
    _verify(client, {"text": DRAFT, "sources": SOURCES}).close()
    after = _samples(client)
    ok = ("quotes_http_requests_total",
          (("endpoint", "/v1/quotes/verify"), ("method", "POST"), ("status", "200")))
    engine = ("quotes_engine_duration_seconds_count", (("endpoint", "/v1/quotes/verify"),))
    assert after[ok] - before.get(ok, 0) == 1
    assert after[engine] - before.get(engine, 0) == 1


def test_too_many_sources_with_a_malformed_one_is_a_validation_problem(client):
    sources = [{"id": f"s{k}", "text": "The pier opens in May."} for k in range(25)]
    sources[3] = {"text": "No id here."}
    response = _verify(client, {"text": DRAFT, "sources": sources})
    assert response.status_code == 422
    assert response.get_json()["type"].endswith("/problems/validation")
