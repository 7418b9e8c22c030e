"""The quote check, case by case: a draft's quotations against invented
sources (a council briefing transcript, a press release, an earlier article)."""

from __future__ import annotations

import pytest

from service.engine import EngineTimeout
from service.verify import ALTERED, NOT_CHECKED, NOT_FOUND, VERBATIM, Source, verify

BRIEFING = (
    "MAYOR LENA VARGA: The harbour will reopen on the first of June, and the fishing fleet "
    "will be back by the summer.\n"
    "Q: What about the ferry?\n"
    "MAYOR LENA VARGA: The ferry stays in dry dock until the inspectors sign it off. "
    "We cannot take risks with passengers. We don't know yet when that will be.\n"
    "COUNCILLOR OTTO BRANN: Frankly, the budget for the ferry was never enough.\n"
)

RELEASE = (
    "Port of Kessel, press release.\n\n"
    "The new quay cost 14 million crowns and was finished ahead of schedule. "
    "Repairs to the lighthouse begin in the autumn."
)

EARLIER_ARTICLE = (
    "The port's treasurer spoke after the vote.\n\n"
    "“We will keep the lights on at the harbour whatever happens,” said treasurer Ines Moll.\n"
)

SOURCES = [Source("briefing", BRIEFING), Source("release", RELEASE), Source("article", EARLIER_ARTICLE)]


def _only(draft: str, sources=SOURCES):
    """The check of the draft's one direct or mixed quotation."""
    result = verify(draft, sources)
    checked = [q for q in result.quotes if q.quote.type != "indirect"]
    assert len(checked) == 1, [q.quote for q in result.quotes]
    return checked[0].quote, checked[0].check


def _source_words(check, sources=SOURCES) -> str:
    text = {s.id: s.text for s in sources}[check.source_id]
    return text[check.source_start:check.source_end]


@pytest.mark.parametrize("draft, matched", [
    pytest.param("“The harbour will reopen on the first of June,” said Mayor Lena Varga.",
                 "The harbour will reopen on the first of June", id="verbatim"),
    pytest.param("“We don’t know yet when that will be,” Varga said.",
                 "We don't know yet when that will be", id="curly apostrophe against a straight one"),
    pytest.param("\"We don't know yet when that will be,\" Varga said.",
                 "We don't know yet when that will be", id="straight marks"),
    pytest.param("Varga said the ferry would wait: “we cannot take risks with passengers.”",
                 "We cannot take risks with passengers", id="case of the first letter"),
    pytest.param("“The ferry stays in dry dock until the inspectors sign it off,” she said.",
                 "The ferry stays in dry dock until the inspectors sign it off", id="comma inside the mark, full stop in the source"),
    pytest.param("“The harbour  will reopen   on the first of\u00a0June,” said Varga.",
                 "The harbour will reopen on the first of June", id="runs of spaces"),
    pytest.param("“The harbour will reopen … by the summer,” said Varga.",
                 BRIEFING[18:BRIEFING.index("summer") + 6], id="ellipsis for words left out"),
    pytest.param("“The harbour will reopen... the fishing fleet will be back,” said Varga.",
                 BRIEFING[18:BRIEFING.index("back") + 4], id="three dots"),
    pytest.param("“The new quay cost 14 million crowns,” the port said in a statement.",
                 "The new quay cost 14 million crowns", id="a press release"),
])
def test_verbatim(draft, matched):
    quote, check = _only(draft)
    assert check.status == VERBATIM
    assert check.similarity == 1.0
    assert check.differences == ()
    assert _source_words(check) == matched


@pytest.mark.parametrize("draft, op, draft_words, source_words", [
    pytest.param("“The harbour will reopen on the first of July,” said Varga.",
                 "replace", "July", "June", id="one word changed"),
    pytest.param("“The ferry stays in dock until the inspectors sign it off,” said Varga.",
                 "delete", "", "dry", id="a word dropped"),
    pytest.param("“The ferry stays in dry dock until the inspectors finally sign it off,” said Varga.",
                 "insert", "finally", "", id="a word added"),
    pytest.param("“We could not take risks with passengers,” said Varga.",
                 "replace", "could not", "cannot", id="tense changed"),
    pytest.param("“The Harbour will reopen on the first of June,” said Varga.",
                 "replace", "Harbour", "harbour", id="a capital inside the quotation"),
])
def test_altered(draft, op, draft_words, source_words):
    quote, check = _only(draft)
    assert check.status == ALTERED
    assert check.source_id == "briefing"
    assert 0.5 <= check.similarity < 1
    assert [(d.op, d.draft, d.source) for d in check.differences] == [(op, draft_words, source_words)]
    for d in check.differences:
        assert d.draft == draft[d.draft_start:d.draft_end]
        assert d.source == BRIEFING[d.source_start:d.source_end]


def test_tense_changed_in_one_word():
    quote, check = _only("“The harbour reopened on the first of June,” said Varga.")
    assert check.status == ALTERED
    assert any("reopened" in d.draft for d in check.differences)


def test_a_sentence_stitched_from_two_places_is_altered():
    quote, check = _only(
        "“The harbour will reopen on the first of June, and we cannot take risks with passengers,” said Varga.")
    assert check.status == ALTERED
    assert check.differences
    assert "take risks with passengers" in " ".join(d.draft for d in check.differences)


def test_an_ellipsis_joining_two_sources_is_not_verbatim():
    quote, check = _only("“The harbour will reopen on the first of June … ahead of schedule,” said Varga.")
    assert check.status != VERBATIM


def test_an_ellipsis_over_too_many_words_is_not_verbatim():
    quote, check = _only("“The harbour will reopen … was never enough,” said Varga.")
    assert check.status != VERBATIM


def test_a_paraphrase_inside_quote_marks_is_not_found():
    quote, check = _only("“Boats return once the weather turns warm again,” Varga said.")
    assert check.status == NOT_FOUND
    assert check.source_id is None and check.source_start is None
    assert check.similarity < 0.5


@pytest.mark.parametrize("draft, bracketed", [
    pytest.param("“We cannot take risks with [ferry] passengers,” said Varga.", ["[ferry]"], id="words added"),
    pytest.param("“The ferry stays in dry dock until the inspectors sign [the repairs] off,” said Varga.",
                 ["[the repairs]"], id="words replaced"),
    pytest.param("Varga said that “[t]he fishing fleet will be back by the summer.”", ["[t]he"], id="a letter's case"),
])
def test_brackets_are_the_editors_words(draft, bracketed):
    quote, check = _only(draft)
    assert check.status == VERBATIM
    assert [b.text for b in check.bracketed] == bracketed
    for b in check.bracketed:
        assert draft[b.start:b.end] == b.text


def test_a_quote_said_by_someone_else_in_a_transcript():
    quote, check = _only("“Frankly, the budget for the ferry was never enough,” said Mayor Lena Varga.")
    assert check.status == VERBATIM
    assert check.speaker_mismatch is not None
    assert check.speaker_mismatch.speaker == "COUNCILLOR OTTO BRANN"
    assert BRIEFING[check.speaker_mismatch.source_start:check.speaker_mismatch.source_end] == "COUNCILLOR OTTO BRANN"


def test_the_interviewers_question_is_not_the_mayors():
    quote, check = _only("“What about the ferry?” Varga asked.")
    assert check.status == VERBATIM
    assert check.speaker_mismatch.speaker == "Q"


def test_the_right_speaker_is_no_mismatch():
    quote, check = _only("“We cannot take risks with passengers,” said Mayor Lena Varga.")
    assert check.speaker_mismatch is None


def test_a_quote_said_by_someone_else_in_an_earlier_article():
    quote, check = _only("“We will keep the lights on at the harbour whatever happens,” said Mayor Lena Varga.")
    assert check.status == VERBATIM and check.source_id == "article"
    assert check.speaker_mismatch.speaker == "Ines Moll"
    mismatch = check.speaker_mismatch
    assert EARLIER_ARTICLE[mismatch.source_start:mismatch.source_end] == "Ines Moll"


def test_a_quote_split_by_its_attribution_is_checked_as_one_sentence():
    result = verify("“The ferry stays in dry dock,” Varga said, “until the inspectors sign it off.”", SOURCES)
    first, second = result.quotes
    assert first.check.status == second.check.status == VERBATIM
    assert (first.check.source_start, first.check.source_end) == (second.check.source_start, second.check.source_end)
    assert _source_words(first.check) == "The ferry stays in dry dock until the inspectors sign it off"


def test_a_split_quote_whose_halves_are_apart_in_the_source_is_altered():
    result = verify("“The ferry stays in dry dock,” Varga said, “with passengers.”", SOURCES)
    assert {q.check.status for q in result.quotes} == {ALTERED}


def test_each_fragment_of_a_mixed_quotation_is_checked():
    draft = "Varga said the ferry “stays in dry dock” and that the city “cannot take chances with passengers”."
    result = verify(draft, SOURCES)
    (item,) = [q for q in result.quotes if q.quote.type == "mixed"]
    statuses = [f.status for f in item.check.fragments]
    assert statuses == [VERBATIM, ALTERED]
    assert item.check.status == ALTERED
    assert [(d.draft, d.source) for d in item.check.differences] == [("chances", "risks")]
    for fragment in item.check.fragments:
        assert draft[fragment.start:fragment.end] == fragment.text


def test_a_multi_paragraph_quotation():
    draft = (
        "Varga was firm about the ferry.\n\n"
        "“The ferry stays in dry dock until the inspectors sign it off,” she said.\n\n"
        "“We cannot take risks with passengers.\n\n"
        "“We don't know yet when that will be.”\n"
    )
    result = verify(draft, SOURCES)
    multi = [q for q in result.quotes if "\n\n" in q.quote.text]
    assert multi, [q.quote.text for q in result.quotes]
    assert all(q.check.status == VERBATIM for q in result.quotes if q.quote.type == "direct")


def test_indirect_speech_is_not_checked():
    result = verify("Varga said the harbour would reopen in June.", SOURCES)
    (item,) = result.quotes
    assert item.quote.type == "indirect"
    assert item.check.status == NOT_CHECKED
    assert item.check.similarity is None


@pytest.mark.parametrize("sources", [
    pytest.param([], id="no sources"),
    pytest.param([Source("empty", "")], id="an empty source"),
    pytest.param([Source("blank", "  \n\n ")], id="a blank source"),
])
def test_nothing_to_check_against(sources):
    result = verify("“The harbour will reopen on the first of June,” said Varga. She said it was late.", sources)
    assert [q.check.status for q in result.quotes] == [NOT_FOUND, NOT_CHECKED]
    assert result.failing


def test_sources_as_a_mapping_or_pairs():
    draft = "“The new quay cost 14 million crowns,” the port said."
    assert verify(draft, {"release": RELEASE}).quotes[0].check.source_id == "release"
    assert verify(draft, [("release", RELEASE)]).quotes[0].check.source_id == "release"


def test_the_best_of_several_sources():
    near = Source("near", "The harbour will reopen on the first of July.")
    result = verify("“The harbour will reopen on the first of June,” said Varga.", [near, *SOURCES])
    assert result.quotes[0].check.status == VERBATIM
    assert result.quotes[0].check.source_id == "briefing"


def test_counts_and_failing():
    result = verify("“The harbour will reopen on the first of June,” said Varga. She said it was late.", SOURCES)
    assert result.counts() == {"verbatim": 1, "altered": 0, "not_found": 0, "not_checked": 1}
    assert not result.failing


def test_time_budget():
    sources = [Source("big", "bridge " * 200_000)]
    with pytest.raises(EngineTimeout):
        verify("“Bridge bridge bridge harbour,” she said.", sources, time_budget=0.001)
