"""A whole article written for the project with its reported speech, and
floors on what the engine must find: indirect and mixed quotations, group and
organisation speakers, and speakers followed across the article."""

import pytest

from service.engine import QUOTE_ACTS, extract

DAM_ARTICLE = """Water board approves Lendle dam repairs after months of delay

By Ruth Okonedo, Environment Reporter

The Lendle Valley Water Board voted on Tuesday to spend £14 million repairing the Lendle dam, ending a dispute that had left residents downstream without flood protection for most of the year.

The board's chief engineer, Maya Trent, said the spillway had cracked in two places and that repairs would begin in March.

“We should have done this two years ago,” Trent said. “Nobody on this board is proud of the delay.”

Residents said the decision came too late. According to the Lendle Flood Action Group, at least 40 homes flooded in February.

Its chair, Owen Pryce, said the board had treated the valley as “an afterthought” and called for an independent inquiry.

The repairs would take about eight months, Trent told reporters after the vote.

Officials at the Environment Agency said they welcomed the decision.

Asked whether bills would rise, Pryce said: “They always do.”
"""

EXPECTED = [
    # (type, text, speaker name, verb)
    # a body's vote is its stated position, found by the positions model
    ("indirect", "to spend £14 million repairing the Lendle dam", "Lendle Valley Water Board", "voted"),
    # two clauses under one cue ("said A and that B") are one reported quotation
    ("indirect", "the spillway had cracked in two places and that repairs would begin in March", "Maya Trent", "said"),
    ("direct", "We should have done this two years ago,", "Maya Trent", "said"),
    ("direct", "Nobody on this board is proud of the delay.", "Maya Trent", "said"),
    ("indirect", "the decision came too late", "Residents", "said"),
    ("indirect", "at least 40 homes flooded in February", "Lendle Flood Action Group", "According to"),
    ("mixed", "the board had treated the valley as “an afterthought”", "Owen Pryce", "said"),
    ("indirect", "an independent inquiry", "Owen Pryce", "called for"),
    ("indirect", "The repairs would take about eight months", "Maya Trent", "told"),
    ("indirect", "they welcomed the decision", "Officials at the Environment Agency", "said"),
    ("direct", "They always do.", "Owen Pryce", "said"),
]
# the positions among them (a vote, a call for an inquiry); the rest is speech
POSITIONS = {"to spend £14 million repairing the Lendle dam", "an independent inquiry"}


@pytest.fixture(scope="module")
def dam():
    return extract(DAM_ARTICLE, acts=QUOTE_ACTS)


def _found(result, row):
    kind, text, name, verb = row
    for quote in result.quotes:
        if quote.text == text:
            return quote
    return None


def test_recall_floor(dam):
    found = [row for row in EXPECTED if _found(dam, row) is not None]
    assert len(found) / len(EXPECTED) >= 0.9, [row for row in EXPECTED if row not in found]


def test_no_false_alarms(dam):
    expected_texts = {row[1] for row in EXPECTED}
    extra = [q.text for q in dam.quotes if q.text not in expected_texts]
    assert not extra, extra


@pytest.mark.parametrize("field", ["type", "speaker", "verb"])
def test_field_floors(dam, field):
    hits = total = 0
    for row in EXPECTED:
        quote = _found(dam, row)
        if quote is None:
            continue
        total += 1
        if field == "type":
            hits += quote.type == row[0]
        elif field == "speaker":
            hits += quote.speaker is not None and row[2] in quote.speaker.name
        else:
            hits += quote.verb is not None and quote.verb.text == row[3]
    assert total and hits / total >= 0.9


def test_acts(dam):
    for row in EXPECTED:
        quote = _found(dam, row)
        if quote is not None:
            assert quote.act == ("position" if row[1] in POSITIONS else "speech"), row


def test_speech_alone_is_the_speech_of_both_acts(dam):
    speech = extract(DAM_ARTICLE)
    assert [(q.text, q.speaker and q.speaker.id) for q in speech.quotes] == [
        (q.text, q.speaker and q.speaker.id) for q in dam.quotes if q.act == "speech"
    ]
    assert not POSITIONS & {q.text for q in speech.quotes}


def test_speaker_kinds(dam):
    kinds = {s.name: s.kind for s in dam.speakers}
    assert kinds == {
        "Lendle Valley Water Board": "organisation",
        "Maya Trent": "person",
        "Residents": "group",
        "Lendle Flood Action Group": "organisation",
        "Owen Pryce": "person",
        "Officials at the Environment Agency": "group",
    }
    for quote in dam.quotes:
        assert quote.speaker is None or quote.speaker.kind == kinds[quote.speaker.name]


def test_speaker_followed_across_the_article(dam):
    trent = next(s for s in dam.speakers if s.name == "Maya Trent")
    assert (trent.role, trent.affiliation) == ("chief engineer", "Lendle Valley Water Board")
    assert {"Maya Trent", "Trent"} <= {m.text for m in trent.mentions}
    assert len(trent.quote_ids) >= 4
    pryce = next(s for s in dam.speakers if s.name == "Owen Pryce")
    assert pryce.role == "chair"


def test_every_offset_points_into_the_article(dam):
    for quote in dam.quotes:
        assert DAM_ARTICLE[quote.start : quote.end] == quote.text
    for speaker in dam.speakers:
        for mention in speaker.mentions:
            assert DAM_ARTICLE[mention.start : mention.end] == mention.text
