"""service.engine.offsets: code points to UTF-16 code units."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
import pytest

from service.engine import Extraction, Mention, Quote, QuoteSpeaker, Speaker, Verb
from service.engine.offsets import Utf16Offsets, remap, to_utf16, utf16_length


def _js_index(text: str, offset: int) -> int:
    """What JavaScript's string index of code point ``offset`` is."""
    return len(text[:offset].encode("utf-16-le")) // 2


@given(st.text())
def test_every_offset_matches_javascript(text):
    convert = Utf16Offsets(text)
    assert [convert(i) for i in range(len(text) + 1)] == [
        _js_index(text, i) for i in range(len(text) + 1)
    ]
    assert utf16_length(text) == len(text.encode("utf-16-le")) // 2


def test_astral_characters_count_twice():
    text = "a\U0001f600b\U0001f680\U0001f680c"
    assert Utf16Offsets(text).many(range(len(text) + 1)) == [0, 1, 3, 4, 6, 8, 9]


def test_text_without_astral_characters_is_identity():
    convert = Utf16Offsets("café — “naïve” 日本")
    assert convert.identity
    assert convert(7) == 7


@pytest.mark.parametrize("offset", [-1, 4])
def test_offsets_outside_the_text_are_refused(offset):
    with pytest.raises(ValueError):
        Utf16Offsets("abc")(offset)


def test_remap_converts_engine_results_without_changing_them():
    text = '\U0001f600 "We \U0001f680 won," said Ann Lee.'
    speaker = QuoteSpeaker("s1", "Ann Lee", "person", "Ann Lee", 19, 26)
    quote = Quote("q1", "direct", "speech", "We \U0001f680 won,", 3, 11, speaker, Verb("said", "say", 14, 18), 0.9)
    result = Extraction([quote], [Speaker("s1", "Ann Lee", "person", mentions=[Mention("Ann Lee", 19, 26)])])

    converted = to_utf16(text, result)

    assert result.quotes[0].start == 3  # the input is untouched
    q = converted.quotes[0]
    assert (q.start, q.end) == (4, 13)
    assert (q.speaker.start, q.speaker.end) == (21, 28)
    assert (q.verb.start, q.verb.end) == (16, 20)
    assert (converted.speakers[0].mentions[0].start, converted.speakers[0].mentions[0].end) == (21, 28)
    assert q.text == quote.text and q.confidence == 0.9
    assert (q.act, q.speaker.kind, converted.speakers[0].kind) == ("speech", "person", "person")


def test_remap_walks_dicts_and_lists_and_leaves_other_keys():
    value = {"start": 1, "end": 2, "count": 1, "flag": True,
             "items": [{"start": 3, "end": None}], "pair": ({"end": 4},)}
    assert remap(value, lambda o: o * 10) == {
        "start": 10, "end": 20, "count": 1, "flag": True,
        "items": [{"start": 30, "end": None}], "pair": ({"end": 40},),
    }


def test_text_without_astral_characters_returns_the_value_itself():
    value = {"start": 1}
    assert to_utf16("plain text", value) is value
