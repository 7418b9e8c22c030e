"""Whole articles written for the project, with every expected quotation, and
score floors: a change that loses a quote, a speaker, a role or a verb fails."""

import pytest

from service.engine import extract

FERRY_ARTICLE = """Ferry service to Brannock Island suspended after hull cracks found

By Morag Lindqvist, Transport Correspondent

Published 7:40 a.m. Thursday

Ferries to Brannock Island will stop running from Monday after inspectors found cracks in the hull of the only vessel on the route, the operator said on Wednesday.

“We cannot put passengers on a boat we are not sure of,” said Callum Rennie, the chief executive of Westsound Ferries. “The inspection found three cracks, and one of them is close to the waterline.”

Advertisement

Rennie said a replacement vessel was being sought from operators in Norway.

Island council leader Agnes Mowbray said residents felt abandoned. “This is the fourth suspension in two years,” she said. “People here depend on that boat for everything: doctors, schools, food.”

Scroll to Continue

Westsound Ferries’ head of operations, Dev Anand, told reporters: “We expect the repairs to take six weeks at the very least.”

“Six weeks is a long time on an island,” Mowbray said.

Asked whether compensation would be paid, Anand replied: “We are looking at that.”

The ferry, nicknamed “Old Faithful” by islanders, has served the route since 1998. Critics call the timetable the so-called “winter plan”.

Photo: The ferry at Brannock pier on Tuesday. (Westsound Ferries)
"""

FERRY_EXPECTED = [
    ("We cannot put passengers on a boat we are not sure of,", "Callum Rennie", "said", "chief executive", "Westsound Ferries"),
    ("The inspection found three cracks, and one of them is close to the waterline.", "Callum Rennie", "said", "chief executive", "Westsound Ferries"),
    ("This is the fourth suspension in two years,", "Agnes Mowbray", "said", "leader", "Island council"),
    ("People here depend on that boat for everything: doctors, schools, food.", "Agnes Mowbray", "said", "leader", "Island council"),
    ("We expect the repairs to take six weeks at the very least.", "Dev Anand", "told", "head of operations", "Westsound Ferries"),
    ("Six weeks is a long time on an island,", "Agnes Mowbray", "said", "leader", "Island council"),
    ("We are looking at that.", "Dev Anand", "replied", "head of operations", "Westsound Ferries"),
]


def _field_rate(quotes, expected, field):
    by_text = {q.text: q for q in quotes}
    hits = 0
    for row in expected:
        quote = by_text.get(row[0])
        if quote is None:
            continue
        value = {
            "speaker": quote.speaker and quote.speaker.name,
            "verb": quote.verb and quote.verb.text,
            "role": quote.speaker and quote.speaker.role,
            "affiliation": quote.speaker and quote.speaker.affiliation,
        }[field]
        want = row[{"speaker": 1, "verb": 2, "role": 3, "affiliation": 4}[field]]
        hits += value is not None and want.casefold() in value.casefold()
    return hits / len(expected)


@pytest.fixture(scope="module")
def ferry():
    return extract(FERRY_ARTICLE, types=("direct",))


def test_every_quotation_found_and_nothing_else(ferry):
    assert [q.text for q in ferry.quotes] == [row[0] for row in FERRY_EXPECTED]


def test_offsets_point_into_the_article(ferry):
    for quote in ferry.quotes:
        assert FERRY_ARTICLE[quote.start : quote.end] == quote.text
        assert FERRY_ARTICLE[quote.speaker.start : quote.speaker.end] == quote.speaker.text
        assert FERRY_ARTICLE[quote.verb.start : quote.verb.end] == quote.verb.text


@pytest.mark.parametrize("field, floor", [("speaker", 1.0), ("verb", 1.0), ("role", 0.85), ("affiliation", 0.85)])
def test_field_floors(ferry, field, floor):
    assert _field_rate(ferry.quotes, FERRY_EXPECTED, field) >= floor


def test_speakers_listed_once_with_their_quotes(ferry):
    names = [s.name for s in ferry.speakers]
    assert sorted(names) == ["Agnes Mowbray", "Callum Rennie", "Dev Anand"]
    by_name = {s.name: s for s in ferry.speakers}
    assert by_name["Agnes Mowbray"].quote_ids == ["q3", "q4", "q6"]
    assert {"she", "Mowbray"} <= {m.text for m in by_name["Agnes Mowbray"].mentions}


def test_byline_and_noise_never_speak(ferry):
    assert all(s.name not in ("Morag Lindqvist", "Advertisement") for s in ferry.speakers)
