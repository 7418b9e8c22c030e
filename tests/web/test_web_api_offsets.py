"""options.offsets: UTF-16 offsets so that JavaScript's string slicing finds
the same words as Python's, whatever emoji come before them; and GET /version."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service import __version__
from service.engine import LEXICON_VERSION

ARTICLE = (
    "Harbour 🌊 news 🚀🚀 today. "
    "“We will 🛟 rescue every 🐟 boat,” said Mayor Odile Fenwick of Port Ellery. "
    "Rafael Dunmore 🎣 said the repairs were overdue. "
    "“I have waited 🕰️ for years,” he said."
)


def js_slice(text: str, start: int, end: int) -> str:
    """``text.slice(start, end)`` as a JavaScript engine computes it."""
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


def _spans(body):
    """Every (text, start, end) in a response."""
    for quote in body["quotes"]:
        yield quote["text"], quote["start"], quote["end"]
        for part in ("speaker", "verb"):
            if quote[part]:
                yield quote[part]["text"], quote[part]["start"], quote[part]["end"]
    for speaker in body["speakers"]:
        for mention in speaker["mentions"]:
            yield mention["text"], mention["start"], mention["end"]


def _post(client, text, **options):
    return client.post("/v1/quotes", json={"text": text, "options": options})


def test_utf16_offsets_slice_like_javascript(client):
    body = _post(client, ARTICLE, offsets="utf16").get_json()
    assert body["meta"]["offsets"] == "utf16"
    texts = [q["text"] for q in body["quotes"]]
    assert "We will 🛟 rescue every 🐟 boat," in texts
    spans = list(_spans(body))
    assert len(spans) >= 6
    for text, start, end in spans:
        assert js_slice(ARTICLE, start, end) == text


def test_utf16_and_code_point_answers_differ_only_in_offsets(client):
    points = _post(client, ARTICLE).get_json()
    units = _post(client, ARTICLE, offsets="utf16").get_json()
    assert points["meta"]["offsets"] == "codepoints"
    assert [t for t, _, _ in _spans(points)] == [t for t, _, _ in _spans(units)]
    for (text, start, end), (_, ustart, uend) in zip(_spans(points), _spans(units)):
        assert ARTICLE[start:end] == text
        # Every astral character before an offset adds one unit.
        assert ustart == start + sum(ord(c) > 0xFFFF for c in ARTICLE[:start])
        assert uend == end + sum(ord(c) > 0xFFFF for c in ARTICLE[:end])
    assert points["quotes"][0]["start"] < units["quotes"][0]["start"]


def test_default_is_code_points(client):
    body = client.post("/v1/quotes", json={"text": ARTICLE, "options": {"types": ["direct"]}}).get_json()
    assert body["meta"]["offsets"] == "codepoints"
    for text, start, end in _spans(body):
        assert ARTICLE[start:end] == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.text(alphabet=st.sampled_from("a é😀𝄞 \n"), max_size=12),
       inside=st.text(alphabet=st.sampled_from("b ü🚀"), min_size=1, max_size=8))
def test_any_astral_text_round_trips_in_javascript(client, prefix, inside):
    text = f"{prefix}“We {inside} will,” said Jane Smith."
    body = _post(client, text, offsets="utf16").get_json()
    for span_text, start, end in _spans(body):
        assert js_slice(text, start, end) == span_text


@pytest.mark.parametrize("path", ["/version", "/ready"])
def test_versions(client, path):
    body = client.get(path).get_json()
    assert body["version"] == __version__
    assert body["lexicon_version"] == LEXICON_VERSION


def test_version_is_exactly_two_fields(client):
    assert client.get("/version").get_json() == {
        "version": __version__, "lexicon_version": LEXICON_VERSION,
    }
    meta = client.post("/v1/quotes", json={"text": "a"}).get_json()["meta"]
    assert meta["version"] == __version__
