"""POST /v1/quotes: the response shape and offsets into the text as sent."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import service.http.routes as routes
from service import __version__
from service.engine import LEXICON_VERSION, Extraction, Mention, Quote, QuoteSpeaker, Speaker, Verb

ARTICLE = (
    'Café owners 😀 met on Monday. "We will not back down," said Jane Smith, '
    "the mayor of Springfield. “Prices must fall,” she added.\n"
    'Critics were unimpressed: "It is too little, too late."'
)

QUOTE_KEYS = {"id", "type", "act", "text", "start", "end", "speaker", "verb", "confidence"}
META_KEYS = {"characters", "quote_count", "elapsed_ms", "version", "lexicon_version", "offsets"}


def _quotes(client, text, **options):
    body = {"text": text}
    if options:
        body["options"] = options
    return client.post("/v1/quotes", json=body)


def test_response_shape(client):
    response = _quotes(client, ARTICLE)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"quotes", "speakers", "meta"}
    assert body["quotes"], "the sample article has direct quotes"
    for quote in body["quotes"]:
        assert set(quote) == QUOTE_KEYS
        assert quote["type"] in {"direct", "indirect", "mixed"}
        assert quote["act"] == "speech"
        assert 0 <= quote["confidence"] <= 1
    assert set(body["meta"]) == META_KEYS
    meta = body["meta"]
    assert meta["characters"] == len(ARTICLE)
    assert meta["quote_count"] == len(body["quotes"])
    assert meta["version"] == __version__
    assert meta["lexicon_version"] == LEXICON_VERSION
    assert meta["elapsed_ms"] >= 0
    assert meta["offsets"] == "codepoints"


def test_offsets_are_code_points_into_the_text_as_sent(client):
    body = _quotes(client, ARTICLE).get_json()
    for quote in body["quotes"]:
        assert ARTICLE[quote["start"]:quote["end"]] == quote["text"]
    assert "We will not back down," in [q["text"] for q in body["quotes"]]


def test_speaker_offsets_and_links(client):
    body = _quotes(client, ARTICLE).get_json()
    ids = {q["id"] for q in body["quotes"]}
    for quote in body["quotes"]:
        if quote["speaker"]:
            s = quote["speaker"]
            assert ARTICLE[s["start"]:s["end"]] == s["text"]
        if quote["verb"]:
            v = quote["verb"]
            assert ARTICLE[v["start"]:v["end"]] == v["text"]
    for speaker in body["speakers"]:
        assert set(speaker["quote_ids"]) <= ids
        for mention in speaker["mentions"]:
            assert ARTICLE[mention["start"]:mention["end"]] == mention["text"]


@pytest.mark.parametrize("text", ["", " ", "\n\t  \r\n"], ids=["empty", "space", "whitespace"])
def test_blank_text_gives_empty_lists(client, text):
    body = _quotes(client, text).get_json()
    assert body["quotes"] == [] and body["speakers"] == []
    assert body["meta"]["characters"] == len(text)
    assert body["meta"]["quote_count"] == 0


@pytest.mark.parametrize("types", [["direct"], ["indirect"], ["mixed", "direct"], ["indirect", "mixed"]])
def test_types_option_filters(client, types):
    body = _quotes(client, ARTICLE, types=types).get_json()
    assert {q["type"] for q in body["quotes"]} <= set(types)


def test_types_default_to_all(client, monkeypatch):
    seen = []

    def spy(text=None, types=(), acts=(), **options):
        seen.append(tuple(types))
        return Extraction(quotes=[], speakers=[])

    monkeypatch.setattr(routes, "extract", spy)
    _quotes(client, "a")
    client.post("/v1/quotes", json={"text": "a", "options": {}})
    _quotes(client, "a", types=["mixed", "direct"])
    assert seen == [("direct", "indirect", "mixed")] * 2 + [("direct", "mixed")]


def test_acts_default_to_speech(client, monkeypatch):
    seen = []

    def spy(text=None, types=(), acts=(), **options):
        seen.append(tuple(acts))
        return Extraction(quotes=[], speakers=[])

    monkeypatch.setattr(routes, "extract", spy)
    _quotes(client, "a")
    client.post("/v1/quotes", json={"text": "a", "options": {}})
    _quotes(client, "a", acts=["position", "speech"])
    _quotes(client, "a", acts=["position"])
    assert seen == [("speech",)] * 2 + [("speech", "position"), ("position",)]


POSITIONS = (
    "The harbour board voted on Monday to close the north pier. "
    "Its chair, Irene Castell, said the vote was close. "
    "Castell believes the pier can reopen by spring."
)


@pytest.mark.parametrize(
    ("acts", "expected"),
    [
        (None, [("the vote was close", "speech")]),
        (["speech"], [("the vote was close", "speech")]),
        (["position"], [("to close the north pier", "position"), ("the pier can reopen by spring", "position")]),
        (["speech", "position"], [("to close the north pier", "position"), ("the vote was close", "speech"),
                                  ("the pier can reopen by spring", "position")]),
    ],
    ids=["default", "speech", "position", "both"],
)
def test_acts_option_filters(client, acts, expected):
    body = _quotes(client, POSITIONS, **({} if acts is None else {"acts": acts})).get_json()
    assert [(q["text"], q["act"]) for q in body["quotes"]] == expected
    # speakers hold only the speakers of the quotes returned
    quoted = {q["speaker"]["id"] for q in body["quotes"]}
    assert {s["id"] for s in body["speakers"]} == quoted
    assert all(set(s["quote_ids"]) <= {q["id"] for q in body["quotes"]} for s in body["speakers"])


def test_a_speech_quote_is_the_same_with_or_without_positions(client):
    """Positions are found and resolved either way: only the quote ids, which
    number the quotes returned, differ."""
    def without_id(quote):
        return {key: value for key, value in quote.items() if key != "id"}

    speech = _quotes(client, POSITIONS).get_json()["quotes"]
    both = _quotes(client, POSITIONS, acts=["speech", "position"]).get_json()["quotes"]
    assert [without_id(q) for q in speech] == [without_id(q) for q in both if q["act"] == "speech"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Irene Castell said the vote was close.", "person"),
        ("The harbour judge said the vote was close.", "person"),
        ("The Lakeport Harbour Board said the vote was close.", "organisation"),
        ("Residents said the vote was close.", "group"),
        ("A person familiar with the talks said the vote was close.", "anonymous"),
        ("“It was close,” he said.", "unresolved"),
    ],
    ids=["person", "description", "organisation", "group", "anonymous", "unresolved"],
)
def test_speaker_kind_in_quotes_and_speakers(client, text, kind):
    body = _quotes(client, text).get_json()
    [quote] = body["quotes"]
    [speaker] = body["speakers"]
    assert quote["speaker"]["kind"] == speaker["kind"] == kind


def test_full_engine_output_is_serialised(client, monkeypatch):
    """Every field the engine can fill reaches the client, nulls included."""
    text = '"We are ready," said Jane Smith, the mayor. She left.'
    jane = QuoteSpeaker("s1", "Jane Smith", "person", "Jane Smith", 21, 31, "mayor", None)
    said = Verb("said", "say", 16, 20)
    quotes = [
        Quote("q1", "direct", "speech", "We are ready,", 1, 14, jane, said, 0.93),
        Quote("q2", "indirect", "position", "She left", 44, 52, None, None, 0.0),
    ]
    speakers = [
        Speaker("s1", "Jane Smith", "person", "mayor", None, [Mention("Jane Smith", 21, 31)], ["q1"]),
    ]
    monkeypatch.setattr(routes, "extract", lambda text=None, **options: Extraction(quotes, speakers, text))
    body = _quotes(client, text).get_json()
    assert body["quotes"] == [
        {
            "id": "q1", "type": "direct", "act": "speech", "text": "We are ready,", "start": 1, "end": 14,
            "speaker": {
                "id": "s1", "name": "Jane Smith", "kind": "person", "text": "Jane Smith", "start": 21,
                "end": 31, "role": "mayor", "affiliation": None,
            },
            "verb": {"text": "said", "lemma": "say", "start": 16, "end": 20},
            "confidence": 0.93,
        },
        {
            "id": "q2", "type": "indirect", "act": "position", "text": "She left", "start": 44, "end": 52,
            "speaker": None, "verb": None, "confidence": 0.0,
        },
    ]
    assert body["speakers"] == [
        {
            "id": "s1", "name": "Jane Smith", "kind": "person", "role": "mayor", "affiliation": None,
            "mentions": [{"text": "Jane Smith", "start": 21, "end": 31}], "quote_ids": ["q1"],
        }
    ]
    assert body["meta"]["quote_count"] == 2


_fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_fuzz
@given(text=st.text())
def test_any_text_round_trips_its_offsets(client, text):
    response = _quotes(client, text, acts=["speech", "position"])
    assert response.status_code == 200
    body = response.get_json()
    assert body["meta"]["characters"] == len(text)
    for quote in body["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_bodies = _json | st.fixed_dictionaries(
    {"text": st.text()},
    optional={"options": st.dictionaries(st.sampled_from(["types", "acts", "x"]), _json, max_size=2)
              | st.fixed_dictionaries({"types": st.lists(st.sampled_from(["direct", "indirect", "mixed", "other"])),
                                       "acts": st.lists(st.sampled_from(["speech", "position", "other"]))})},
)


@_fuzz
@given(body=_bodies)
def test_no_json_body_causes_a_server_error(client, body):
    response = client.post("/v1/quotes", data=json.dumps(body), content_type="application/json")
    assert response.status_code in {200, 422}


@_fuzz
@given(raw=st.binary(max_size=200))
def test_no_byte_string_causes_a_server_error(client, raw):
    response = client.post("/v1/quotes", data=raw, content_type="application/json")
    assert response.status_code in {200, 400, 422}
