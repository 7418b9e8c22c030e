"""The time budget holds whatever the text: ``extract(text, time_budget=...)``
raises ``EngineTimeout`` soon after the budget is spent, on the shapes of
text that once ran for seconds before the engine first looked at the clock
(runs of apostrophes, thousands of short quotations or quoted terms in one
paragraph, paragraphs dense with sentences).  Every loop that grows with the
text checks the deadline, and no unit of work between two checks grows with
the paragraph (``bench linear`` holds the stages to linear time)."""

from __future__ import annotations

import time

import pytest

from service import benchmark
from service.engine import QUOTE_ACTS, EngineTimeout, cues, extract

BUDGET = 0.5
#: Several times what the engine reads within the budget on this machine,
#: so that each text still runs past it on one a few times faster.
SIZE = 1_000_000
SLOW = [
    "apostrophe runs",
    "short quotations, one para",
    "quoted terms after naming",
    "sentence-dense paragraph",
    "mixed and direct quotes",
    "pronoun-attributed quotes",
    "many speakers",
    "one huge paragraph",
]


@pytest.mark.parametrize("name", SLOW)
def test_a_long_text_stops_soon_after_its_budget(name, own_heap):
    text = benchmark.ADVERSARIAL[name](SIZE)
    started = time.monotonic()
    with pytest.raises(EngineTimeout):
        extract(text, acts=QUOTE_ACTS, time_budget=BUDGET)
    # The budget is wall-clock time, and so is this: the engine looks at the
    # clock every few milliseconds of work, and a busy machine gets half a
    # second more.
    assert time.monotonic() - started < BUDGET + 0.5


@pytest.mark.parametrize("name", SLOW)
def test_the_same_shapes_finish_when_short(name):
    # the shapes are no trap for the engine, only long: a page of each is quick
    result = extract(benchmark.ADVERSARIAL[name](5_000), acts=QUOTE_ACTS, time_budget=5)
    assert isinstance(result.quotes, list)


def test_the_words_found_a_chunk_at_a_time_are_those_of_one_pass(monkeypatch):
    # the article's words are read in chunks cut at white space, with a look
    # at the clock between them; no word is cut or lost at a chunk's end
    text = "Jane O’Neil-Smith said\u00a0it’s “well-known”.\n\n'90s rock ’n’ roll, 2,400 times —x-y z" * 3
    whole = [(m.start(), m.end(), m.group()) for m in cues.WHOLE_WORD.finditer(text)]
    for chunk in (1, 2, 3, 5, 8, 13):
        monkeypatch.setattr(cues, "WORD_CHUNK", chunk)
        words = cues.word_tokens(text)
        assert list(zip(words.starts, words.ends, words.words)) == whole, chunk
