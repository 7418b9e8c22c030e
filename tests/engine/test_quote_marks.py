"""Which quoted spans are quotations: mark styles, apostrophes, nesting,
multi-paragraph quotes, and spans that are not speech."""

import pytest

from service.engine import QUOTE_ACTS, extract


def direct_texts(text):
    return [q.text for q in extract(text, types=("direct",)).quotes]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param('"We are ready," said Ana Ruiz.', ["We are ready,"], id="straight double marks"),
        pytest.param("“We are ready,” said Ana Ruiz.", ["We are ready,"], id="curly double marks"),
        pytest.param("‘We are ready,’ said Ana Ruiz.", ["We are ready,"], id="curly single marks"),
        pytest.param("'We are ready,' said Ana Ruiz.", ["We are ready,"], id="straight single marks"),
        pytest.param("«We are ready», said Ana Ruiz.", ["We are ready"], id="guillemets"),
        pytest.param("« We are ready », said Ana Ruiz.", ["We are ready"], id="spaced guillemets"),
        pytest.param("„We are ready“, said Ana Ruiz.", ["We are ready"], id="low-high marks"),
        pytest.param("‹We are ready›, said Ana Ruiz.", ["We are ready"], id="single guillemets"),
        pytest.param("🙂 “We are ready,” said Ana Ruiz.", ["We are ready,"], id="quote after an emoji"),
        pytest.param("\u200b\"We are ready,\" said Ana Ruiz.", ["We are ready,"], id="zero-width space before a straight mark"),
        pytest.param("It rained.\u200b “We are ready,” said Ana Ruiz.", ["We are ready,"], id="zero-width space after a full stop"),
        pytest.param("\ufeff“We are ready,” said Ana Ruiz.", ["We are ready,"], id="byte-order mark first"),
        pytest.param('“We are ready," said Ana Ruiz.', ["We are ready,"], id="mixed pair curly open straight close"),
        pytest.param("”We are ready,” said Ana Ruiz.", ["We are ready,"], id="two closing-shaped marks"),
        pytest.param("''We are ready,'' said Ana Ruiz.", ["We are ready,"], id="archive double apostrophes"),
        pytest.param("``We are ready,'' said Ana Ruiz.", ["We are ready,"], id="backquote pair"),
        pytest.param("''We are ready, '' said Ana Ruiz. ''We always were.''", ["We are ready,", "We always were."],
                     id="archive closing mark set off by a space"),
        pytest.param("''We hate the term 'ferry town,'  '' said Ana Ruiz.", ["We hate the term 'ferry town,'"],
                     id="inner quote closed, then the outer mark after a space"),
    ],
)
def test_mark_styles(text, expected):
    assert direct_texts(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("“Don’t go,” she said.", ["Don’t go,"], id="apostrophe inside a word"),
        pytest.param("“Back in the ’90s it was fine,” Ana Ruiz said.", ["Back in the ’90s it was fine,"],
                     id="apostrophe before a decade"),
        pytest.param("“The Joneses’ farm flooded,” Ana Ruiz said.", ["The Joneses’ farm flooded,"],
                     id="plural possessive apostrophe"),
        pytest.param("“They call it ‘the pit’ now,” Ana Ruiz said.", ["They call it ‘the pit’ now,"],
                     id="nested single quote belongs to the outer quote"),
        pytest.param("‘They call it “the pit” now,’ Ana Ruiz said.", ["They call it “the pit” now,"],
                     id="UK style: double inside single"),
    ],
)
def test_apostrophes_and_nesting(text, expected):
    assert direct_texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Critics call it the so-called “reform package” and little else.", id="so-called term"),
        pytest.param("The town backs “moderate” rebels in the north.", id="scare quotes"),
        pytest.param("She starred in “Harbour Lights” for two seasons.", id="title of a work"),
        pytest.param("The boat, nicknamed “Old Rusty”, sank in May.", id="nickname"),
        pytest.param("“Harbour Lights” won three awards.", id="title at sentence start"),
        pytest.param("Two shows return this winter. “Harbour Lights,” the longest-running, comes back in May.",
                     id="title with a comma inside the marks"),
        pytest.param("The vote was close.\n\n‘Nobody Saw It Coming’\n\nThe count ended at dawn.", id="sub-head in quote marks"),
        pytest.param("“You squeezed the staff to breaking point” to lift the share price, Vogt said.",
                     id="quote that runs on into the writer's sentence"),
    ],
)
def test_terms_are_not_quotations(text):
    assert direct_texts(text) == []


def test_multi_paragraph_quote_is_one_quote():
    text = (
        "Ana Ruiz, the mayor, said:\n\n"
        "“We will rebuild the bridge. It will take time.\n\n"
        "“And we will not stop until it is done.”\n\n"
        "The council meets on Monday."
    )
    quotes = extract(text, acts=QUOTE_ACTS).quotes
    assert len(quotes) == 1
    assert quotes[0].text.startswith("We will rebuild") and quotes[0].text.endswith("until it is done.")
    assert quotes[0].speaker.name == "Ana Ruiz"


def test_quote_split_by_its_attribution_gives_two_attributed_quotes():
    text = "“We tried,” said Ana Ruiz, the mayor of Tilbury, “and we will try again.”"
    quotes = extract(text, acts=QUOTE_ACTS).quotes
    assert [q.text for q in quotes] == ["We tried,", "and we will try again."]
    assert {q.speaker.name for q in quotes} == {"Ana Ruiz"}


def test_page_noise_does_not_break_a_quote_or_become_a_speaker():
    text = (
        "“We will rebuild the bridge,” said Ana Ruiz.\n\n"
        "Advertisement\n\n"
        "Scroll to Continue\n\n"
        "“It will take two years,” she said."
    )
    quotes = extract(text, acts=QUOTE_ACTS).quotes
    assert [q.speaker.name for q in quotes] == ["Ana Ruiz", "Ana Ruiz"]
    assert all("Advertisement" not in m.text for s in extract(text, acts=QUOTE_ACTS).speakers for m in s.mentions)


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("“By the way, the pier is closed,” said Ana Ruiz.", "By the way, the pier is closed,",
                     id="a quotation opening like a byline"),
        pytest.param("''Follow us,'' Ana Ruiz told the boys.", "Follow us,", id="a quotation opening like a social-media prompt"),
    ],
)
def test_a_line_opening_with_a_quotation_is_not_page_furniture(text, expected):
    assert [q.text for q in extract(text, acts=QUOTE_ACTS).quotes] == [expected]


def test_a_line_opening_with_by_and_a_number_is_prose_not_a_byline():
    text = "By 58%-33%, voters said the pier should stay open."
    assert [(q.text, q.speaker.name) for q in extract(text, acts=QUOTE_ACTS).quotes] == [("the pier should stay open", "voters")]
