"""Sentence breaks are found once per article and answered for any stretch of
it: the answer must be what a scan of that stretch alone would give."""

from hypothesis import given, settings
from hypothesis import strategies as st

from service.engine import text as layout

PROSE = st.lists(
    st.sampled_from([
        "The pier closed", ". ", ".  ", "! ", "? ", "… ", "Mr. Ruiz", " said", " the U.S. ", "He ", "she ",
        "“", "”", "'", "\"", ") ", "(", "J. Smith", " in 2019. ", "12 boats", "\n", " a.m. ", "Inc. ", "It ",
        "\u00a0", "St. Ives", " e.g. ", "“Yes.” ", "Ana",
    ]),
    max_size=30,
).map("".join)


def breaks_by_scanning(text: str, start: int, end: int) -> list[int]:
    """Where sentences begin in ``text[start:end]``, read from that stretch alone."""
    found = []
    for terminal in layout.TERMINAL.finditer(text, max(0, start - 1), end):
        match = layout.SENTENCE_END.match(text, terminal.end(), end)
        if match is None:
            continue
        dot = match.start() - 1
        if text[dot] == "." and (kind := layout._abbreviation(text, dot)) is not None:
            if kind != "end" or not layout._opens_sentence(text, match.end()):
                continue
        found.append(match.end())
    return found


@settings(max_examples=400, deadline=None)
@given(PROSE, st.data())
def test_every_stretch_gets_the_breaks_a_scan_of_it_finds(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = breaks_by_scanning(text, start, end)
    assert layout.sentence_breaks(text, start, end) == expected
    assert layout.first_sentence_break(text, start, end) == (expected[0] if expected else None)


def test_a_stretch_ending_before_the_capital_holds_no_break():
    text = "The pier closed. Boats left."
    assert layout.sentence_breaks(text, 0, len(text)) == [17]
    assert layout.sentence_breaks(text, 0, 17) == []  # the capital that shows a new sentence lies outside
    assert layout.sentence_breaks(text, 0, 18) == [17]
