"""Where attributions sit and what they give: speaker, role, affiliation, verb."""

import pytest

from service.engine import QUOTE_ACTS, extract
from service.engine.cues import find_cues


def first(text):
    quotes = extract(text, types=("direct",)).quotes
    assert quotes, "no quotation found"
    return quotes[0]


@pytest.mark.parametrize(
    "text, name, verb",
    [
        pytest.param("“The pier is safe,” said Tomas Brenner.", "Tomas Brenner", "said", id="inverted said-Smith"),
        pytest.param("“The pier is safe,” Tomas Brenner said.", "Tomas Brenner", "said", id="name then verb after quote"),
        pytest.param("Tomas Brenner said: “The pier is safe.”", "Tomas Brenner", "said", id="colon before quote"),
        pytest.param("Tomas Brenner said, “The pier is safe.”", "Tomas Brenner", "said", id="comma before quote"),
        pytest.param("Tomas Brenner told reporters: “The pier is safe.”", "Tomas Brenner", "told",
                     id="told reporters colon"),
        pytest.param("“Is the pier safe?” asked Tomas Brenner.", "Tomas Brenner", "asked", id="question quote"),
        pytest.param("“The pier is safe,” Tomas Brenner said in a statement.", "Tomas Brenner", "said",
                     id="said in a statement"),
        pytest.param("Tomas Brenner wrote on X: “The pier is safe.”", "Tomas Brenner", "wrote", id="wrote on X"),
        pytest.param("“The pier is safe,” Rep. Tomas Brenner (D-Ore.) said.", "Tomas Brenner", "said",
                     id="party tag between name and verb"),
        pytest.param("“The pier is safe.” ― Tomas Brenner", "Tomas Brenner", None, id="dash credit"),
        pytest.param("“The pier is safe,” said Jose\u0301 Marti\u0301.", "Jose\u0301 Marti\u0301", "said",
                     id="decomposed accents in a name"),
        pytest.param("Tomas Brenner declared “The pier is safe.”", "Tomas Brenner", "declared",
                     id="cue right before a capitalised quote"),
        pytest.param("The mayor was asked about it, Tomas Brenner asking, “Is the pier safe?”", "Tomas Brenner",
                     "asking", id="participle cue"),
        pytest.param("The board was unmoved - “The pier is safe,” Tomas Brenner said - and voted to close it.",
                     "Tomas Brenner", "said", id="quotation set off by spaced hyphens"),
        pytest.param("The pier reopened in May. (“The pier is safe,” Tomas Brenner said.) Boats returned.",
                     "Tomas Brenner", "said", id="quotation in brackets"),
    ],
)
def test_speaker_and_verb(text, name, verb):
    quote = first(text)
    assert quote.speaker is not None and quote.speaker.name == name
    assert (quote.verb.text if quote.verb else None) == verb
    assert text[quote.speaker.start : quote.speaker.end] == quote.speaker.text


@pytest.mark.parametrize(
    "text, name, role, affiliation",
    [
        pytest.param("“We are ready,” said Lena Vogt, the chief executive of Marlow Foods.",
                     "Lena Vogt", "chief executive", "Marlow Foods", id="Smith, the X of Y, said"),
        pytest.param("Marlow Foods spokeswoman Lena Vogt said: “We are ready.”",
                     "Lena Vogt", "spokeswoman", "Marlow Foods", id="Y spokeswoman Jane Smith said"),
        pytest.param("Marlow Foods’ chief executive, Lena Vogt, said: “We are ready.”",
                     "Lena Vogt", "chief executive", "Marlow Foods", id="Y's chief executive, Jane Smith"),
        pytest.param("“We are ready,” Lena Vogt, an analyst at Pell Securities, said.",
                     "Lena Vogt", "analyst", "Pell Securities", id="appositive between name and verb"),
        pytest.param("“We are ready,” said Sen. Lena Vogt.", "Lena Vogt", "senator", None,
                     id="abbreviated title gives the role"),
        pytest.param("“We are ready,” said Mayor Lena Vogt of Northby. She left soon after.",
                     "Lena Vogt", "Mayor", "Northby", id="title, name, of place"),
        pytest.param("“We are ready,” said the head librarian, Lena Vogt.", "Lena Vogt", "head librarian", None,
                     id="two-word role then the name"),
        pytest.param("“We are ready,” said a spokesman for the Ministry of Transport.",
                     "a spokesman for the Ministry of Transport", "spokesman", "Ministry of Transport",
                     id="a spokesman for the ministry"),
    ],
)
def test_role_and_affiliation(text, name, role, affiliation):
    speaker = first(text).speaker
    assert (speaker.name, speaker.role, speaker.affiliation) == (name, role, affiliation)


def test_surname_and_pronoun_resolve_to_the_full_name():
    text = (
        "Harbour Board chair Irene Castell said the vote was close.\n\n"
        "“It was the right call,” Castell said.\n\n"
        "“We had no other option,” she added."
    )
    quotes = extract(text, types=("direct",)).quotes
    assert [q.speaker.name for q in quotes] == ["Irene Castell", "Irene Castell"]
    assert [q.speaker.text for q in quotes] == ["Castell", "she"]
    assert quotes[1].speaker.role == "chair"
    everything = extract(text, acts=QUOTE_ACTS)
    assert [q.type for q in everything.quotes] == ["indirect", "direct", "direct"]
    assert len(everything.speakers) == 1 and everything.speakers[0].quote_ids == ["q1", "q2", "q3"]
    assert [m.text for m in everything.speakers[0].mentions] == ["Irene Castell", "Castell", "she"]


def test_speaker_in_the_previous_sentence():
    text = "Irene Castell spoke at the harbour on Friday. “It was the right call.”"
    assert first(text).speaker.name == "Irene Castell"


def test_floating_quote_continues_the_last_speaker():
    text = (
        "“The harbour will reopen in May,” said Irene Castell.\n\n"
        "“Until then, boats will use the north pier.”"
    )
    quotes = extract(text, acts=QUOTE_ACTS).quotes
    assert [q.speaker.name for q in quotes] == ["Irene Castell", "Irene Castell"]
    assert quotes[1].confidence < quotes[0].confidence


def test_dialogue_alternates_between_two_speakers():
    text = (
        "The hearing pitted Irene Castell against the harbour master, Piet Lund.\n\n"
        "“Did you inspect the pier, Mr. Lund?” Castell asked.\n\n"
        "“Twice a year.”\n\n"
        "“And last year?”\n\n"
        "“Once.”"
    )
    quotes = extract(text, acts=QUOTE_ACTS).quotes
    assert [q.speaker.name for q in quotes] == ["Irene Castell", "Piet Lund", "Irene Castell", "Piet Lund"]


def test_unattributed_quote_has_no_speaker():
    quote = first("The sign on the gate read simply: “Closed until spring.”")
    assert quote.speaker is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("That said, the pier is safe.", id="that said"),
        pytest.param("The said property was sold in May.", id="said as an adjective"),
    ],
)
def test_said_in_other_senses_is_not_a_cue(text):
    assert extract(text, acts=QUOTE_ACTS).quotes == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Ana Ruiz leads by 271 pledged delegates.", id="after a number"),
        pytest.param("The board kept its stated aim.", id="after a possessive determiner"),
        pytest.param("The announced closure never came.", id="after an article"),
        pytest.param("The mayor's reported savings never came.", id="after a possessive"),
    ],
)
def test_a_participle_used_as_an_adjective_is_no_cue(text):
    assert find_cues(text, 0, len(text)) == []


def test_member_role_without_organisation_belongs_to_the_lead_organisation():
    text = (
        "Brightwater Ferries cancelled all sailings on Friday after a fault in its booking system left hundreds of "
        "passengers stranded at the port.\n\n"
        "“We are confident the fix is holding,” a spokesman said.\n\n"
        "“Prices will keep rising,” said Nora Lind, an analyst at Pell Securities."
    )
    quotes = extract(text, acts=QUOTE_ACTS).quotes
    assert quotes[0].speaker.affiliation == "Brightwater Ferries"
    assert quotes[1].speaker.affiliation == "Pell Securities"


def test_possessive_head_word_names_the_organisation_given_earlier():
    text = (
        "Thieves broke into the Harwick Municipal Museum early on Sunday and took a painting, police said.\n\n"
        "The museum’s director, Dr. Helena Voss, said: “We are heartbroken.”"
    )
    speaker = first(text).speaker
    assert (speaker.name, speaker.role, speaker.affiliation) == ("Helena Voss", "director", "Harwick Municipal Museum")


def test_the_attribution_of_a_quotation_is_not_reported_by_according_to():
    text = "The board was impressed. “The pier is safe,” Ana Ruiz told them, according to Tomas Brenner."
    quotes = extract(text, acts=QUOTE_ACTS).quotes
    assert [(q.type, q.text) for q in quotes] == [("direct", "The pier is safe,")]


def test_an_inverted_source_is_the_longest_role_phrase():
    quote = first("“The ferry could stop,” said a senior harbour official.")
    assert quote.speaker.name == "a senior harbour official"


@pytest.mark.parametrize(
    "text, name",
    [
        pytest.param(
            "Jane Hollis, the harbour master, opened the meeting. Tomas Reyes, a fisherman, listened.\n\n"
            "“The channel is silting up,” the harbour master said.",
            "Jane Hollis",
            id="the role written beside a name earlier",
        ),
        pytest.param(
            "Sen. Maria Okafor spoke at the harbour on Monday. Tomas Reyes, a fisherman who has worked "
            "the estuary for thirty years, listened from the quay with his two daughters.\n\n"
            "“We will fund the dredging,” the senator said.",
            "Maria Okafor",
            id="the role a title stands for",
        ),
        pytest.param(
            "Tomas Reyes, a fisherman, opened the meeting. Jane Hollis spoke next.\n\n"
            "“The channel is silting up,” the harbour master said.",
            "the harbour master",
            id="no earlier name holds the role",
        ),
    ],
)
def test_a_role_description_refers_back_to_the_name_it_described(text, name):
    assert first(text).speaker.name == name
