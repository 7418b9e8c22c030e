"""Properties that hold for any text: no exception, every span inside the
text and equal to its slice, the same answer twice, and speech alone is the
speech of both acts."""

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.engine import QUOTE_ACTS, SPEAKER_KINDS, extract

QUOTE_SOUP = st.text(alphabet=st.sampled_from(list("\"'“”‘’„«»‹›「」 ,.:;?!\n—-") + list("aZs said he Ana Ruiz")), max_size=300)
ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)
NEWSY = st.lists(
    st.sampled_from([
        "“We are ready,” ", "said Ana Ruiz", ", the mayor of Tilbury", ". ", "she said", "“", "”", "\"",
        "'", "’", "\n\n", "Advertisement\n", "Scroll to Continue\n", "he told reporters: ", "the so-called ",
        "Mr. Ruiz", " asked", "?", "according to officials, ", "\ud800", "🙂", "e\u0301", "\u200b", "\r\n",
    ]),
    max_size=40,
).map("".join)


def check(text):
    result = extract(text, acts=QUOTE_ACTS)
    for quote in result.quotes:
        assert quote.act in QUOTE_ACTS
        assert quote.speaker is None or quote.speaker.kind in SPEAKER_KINDS
        assert 0 <= quote.start <= quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker is not None:
            assert text[quote.speaker.start : quote.speaker.end] == quote.speaker.text
        if quote.verb is not None:
            assert text[quote.verb.start : quote.verb.end] == quote.verb.text
        assert 0 <= quote.confidence <= 1
    for speaker in result.speakers:
        assert speaker.kind in SPEAKER_KINDS
        for mention in speaker.mentions:
            assert text[mention.start : mention.end] == mention.text
    assert extract(text, acts=QUOTE_ACTS) == result
    # the default, speech alone, is the same quotes less the positions (quote ids number what is returned)
    speech = extract(text).quotes
    assert [replace(q, id="") for q in speech] == [replace(q, id="") for q in result.quotes if q.act == "speech"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUOTE_SOUP)
def test_quote_mark_soup(text):
    check(text)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_arbitrary_unicode_including_surrogates(text):
    check(text)


@settings(max_examples=300, deadline=None)
@given(NEWSY)
def test_news_like_fragments(text):
    check(text)


def test_time_budget_stops_a_long_extraction():
    import pytest

    from service.engine import EngineTimeout

    article = "“We are ready,” said Ana Ruiz, the mayor of Tilbury.\n\n" * 3000
    with pytest.raises(EngineTimeout):
        extract(article, time_budget=0.001)
    assert extract("“We are ready,” said Ana Ruiz.", time_budget=5).quotes
