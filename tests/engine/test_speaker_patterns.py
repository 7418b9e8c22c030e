"""The speaker patterns' two forms: the quick-to-compile one a process starts
with and the quick-to-search one it moves to must give the same answers."""

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from service.engine.speaker_patterns import (
    OBJECT,
    SUBJECT,
    USES_BEFORE_FULL_PATTERN,
)
from service.engine.patterns import TieredPattern

WINDOWS = [
    "Harbour Board chair Irene Castell ",
    "the council’s head of highways, Daniel Okafor, ",
    "Russian Foreign Ministry spokeswoman Maria Zakharova ",
    "a spokesman for the Ministry of Fisheries ",
    "Republican state Sen. Ana Pell ",
    "chief executive officer Officer Dibble ",
    "a third of the Russian officials ",
    "she ",
    "Trump campaign spokesman Jason Miller ",
    "Detective Chief Inspector Gemma Ward of Hartfield Police ",
]
WORDS = ["the", "a", "chief", "executive", "officer", "spokesman", "for", "Ministry", "of", "Jane", "Smith", "Sen.",
         "Dr.", "officials", "Russian", "board", "chair", "’s", ",", "and", "union", "president", "she", "Acme"]


def _same(pattern: TieredPattern, method: str, window: str) -> None:
    full, called = regex.compile(pattern.source, pattern.flags), regex.compile(pattern.called_source, pattern.flags)
    a, b = getattr(full, method)(window), getattr(called, method)(window)
    assert (a and a.span()) == (b and b.span())
    if a:
        named = [name for name in full.groupindex if not name.endswith("_list")]
        assert {n: a.group(n) for n in named} == {n: b.group(n) for n in named}


@pytest.mark.parametrize("window", WINDOWS)
def test_subject_forms_agree_on_news_phrases(window):
    _same(SUBJECT, "search", window)


@pytest.mark.parametrize("window", WINDOWS)
def test_object_forms_agree_on_news_phrases(window):
    _same(OBJECT, "match", window)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9))
def test_forms_agree_on_word_soup(words):
    window = " ".join(words) + " "
    _same(SUBJECT, "search", window)
    _same(OBJECT, "match", window)


def test_the_quick_to_search_form_takes_over_after_enough_uses():
    pattern = TieredPattern(r"(?:\bx\b|\bchief(?: executive)?\b)", 0, {"word_list": r"(?:chief(?: executive)?)"}, 3)
    first = pattern.pattern
    for _ in range(3):
        assert pattern.search("the chief executive").group() == "chief executive"
    assert pattern.pattern is not first
    assert pattern.pattern.pattern == pattern.source
    assert USES_BEFORE_FULL_PATTERN > 0
