"""Speakers as news writes them: the shapes the attribution stages read,
with sentences written for the project."""

import pytest

from service.engine import extract
from service.engine.phrase_speakers import role_before


def _speakers(text, acts=("speech",)):
    return [(q.type, q.speaker and q.speaker.name, q.speaker and q.speaker.text) for q in extract(text, acts=acts).quotes]


def test_a_passive_agent_speaks_through_who():
    quotes = _speakers("The scheme was criticised by the geologist, who said the slope was unstable and had to be shored up.")
    assert quotes == [("indirect", "the geologist", "who")]


def test_who_after_a_named_agent_is_that_person():
    quotes = _speakers("The levy was backed by Sen. Olga Brisk, who said the county could not wait any longer.")
    assert quotes == [("indirect", "Olga Brisk", "who")]


def test_a_pronoun_resolves_to_a_person_introduced_earlier_who_has_not_spoken():
    quotes = _speakers("Emil Sorel arrived late. He said the train had been cancelled twice that week.")
    assert quotes == [("indirect", "Emil Sorel", "He")]


def test_a_quote_paragraph_after_reported_speech_goes_on_with_its_speaker():
    text = "Councillor Edda Ravn said the budget was sound.\n\n“We have done the work and the numbers add up.”"
    assert [name for _, name, _ in _speakers(text)] == ["Edda Ravn", "Edda Ravn"]


def test_a_paragraph_between_breaks_the_continuation():
    text = "Councillor Edda Ravn said the budget was sound.\n\nThe vote is on Monday.\n\n“We have done the work and the numbers add up.”"
    assert [name for _, name, _ in _speakers(text)] == ["Edda Ravn", None]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The audit was damning.\n\n“Nobody checked the valves, not once”--said Mr. Quist, the plant foreman.", id="typed double hyphen"),
        pytest.param("The audit was damning.\n\n“Nobody checked the valves.”—said Mr. Quist.", id="em dash"),
    ],
)
def test_a_dash_before_the_cue(text):
    assert [name for _, name, _ in _speakers(text)] == ["Quist"]


def test_a_compound_ending_in_a_cue_word_is_no_cue():
    assert _speakers("It was a well-said speech by the mayor of Tarn.") == []


def test_a_dash_introducer_after_the_cue():
    quotes = _speakers("Edda Ravn spoke after the vote. She added – “We will not back down.”")
    assert quotes == [("direct", "Edda Ravn", "She")]


def test_a_relative_pronoun_is_read_as_written():
    quotes = extract("The evidence that confirmed it heard what happened.", acts=("speech", "position")).quotes
    for quote in quotes:
        if quote.speaker is not None:
            text = "The evidence that confirmed it heard what happened."
            assert text[quote.speaker.start : quote.speaker.end] == quote.speaker.text


@pytest.mark.parametrize(
    "dateline",
    [
        pytest.param("BRANTFORD (Wire) — ", id="place-and-wire-credit"),
        pytest.param("BRANTFORD, Ont. (Wire) — ", id="place-region-and-wire-credit"),
        pytest.param("BRANTFORD (Wire) -- ", id="double-hyphen"),
    ],
)
def test_a_dateline_and_its_wire_credit_are_no_speaker_body(dateline):
    text = (
        f"{dateline}A news report published on Monday said the county campaign will move most of its staff to the lakeside towns before the vote.\n\n"
        "Spokeswoman Lina Oakes says the campaign has always run lean and will keep its office open."
    )
    (quote,) = [q for q in extract(text).quotes if q.speaker and q.speaker.name == "Lina Oakes"]
    assert quote.speaker.affiliation not in ("Wire", "BRANTFORD", "Brantford")


def test_a_dated_dateline_is_not_part_of_the_speakers_name():
    text = ("HALLSTADT, Oct. 3 (Wire) — Former harbour master Piet Aalders said the quay would have to close for the winter "
            "because the repairs had run late.")
    (quote,) = extract(text).quotes
    assert quote.speaker.name == "Piet Aalders"


@pytest.mark.parametrize(
    "text, name, role, affiliation",
    [
        pytest.param("The plan drew fire, with Sen. Ola Brisk saying it had been rushed through.",
                     "Ola Brisk", "senator", None, id="preposition-before-a-title-is-no-part-of-the-role"),
        pytest.param("It was a win for Gov. Ada Roeland (R) and her allies. “We earned it,” Roeland said.",
                     "Ada Roeland", "governor", "Republican", id="bare-party-code-after-the-name"),
        pytest.param("The union is suing President Ansel Marr, and Marr said the suit had no merit.",
                     "Ansel Marr", "president", None, id="participle-after-an-auxiliary-is-a-verb"),
        pytest.param("They will meet state Sen. Tova Lind on Monday, and Lind said the talks would be hard.",
                     "Tova Lind", "state senator", None, id="verb-after-a-modal-is-no-part-of-the-role"),
        pytest.param("Among the critics was former Sen. Ivo Marr, who said the deal had been rushed.",
                     "Ivo Marr", "former senator", None, id="role-modifier-after-a-being-verb-stays"),
        pytest.param("The figures were checked, according to election lawyer Pia Holm, who said they were sound.",
                     "Pia Holm", "election lawyer", None, id="according-to-keeps-the-role-whole"),
    ],
)
def test_what_stands_before_a_title_or_name(text, name, role, affiliation):
    speakers = {q.speaker.name: q.speaker for q in extract(text, acts=("speech", "position")).quotes if q.speaker}
    speaker = speakers[name]
    assert (speaker.role and speaker.role.casefold(), speaker.affiliation) == (role, affiliation)


@pytest.mark.parametrize(
    "lead, affiliation",
    [
        pytest.param("Tarnby Air cancelled forty flights on Friday after a computer fault grounded most of its fleet for the day.",
                     "Tarnby Air", id="a-body-that-acts-in-the-lead"),
        pytest.param("Orvane Marine’s shares fell sharply on Monday after the sale of its shipping arm was called off at the last minute.",
                     "Orvane Marine", id="a-possessive-body-in-the-lead"),
        pytest.param("Mayoral candidate Oren Vasquez is moving most of his campaign staff to the north side of the city this week.",
                     None, id="a-person-in-the-lead-is-no-body"),
        pytest.param("Republicans blocked the spending bill on Tuesday after a long night of debate and delay in the capital.",
                     None, id="a-party-in-the-lead-is-no-body"),
    ],
)
def test_an_unnamed_spokesperson_belongs_to_the_body_the_article_leads_with(lead, affiliation):
    text = f"{lead}\n\n“We are doing what we can,” a spokeswoman said."
    (quote,) = extract(text).quotes
    assert quote.speaker.affiliation == affiliation


@pytest.mark.parametrize(
    "text, affiliation",
    [
        pytest.param("Prosecuting for Halloway Borough Council, barrister Ines Korhonen told the court the wiring was unsafe.",
                     "Halloway Borough Council", id="participle-for-a-body-then-role-and-name"),
        pytest.param("Speaking on behalf of the Marsh Harbour Trust, Ida Berg said the pier would reopen in May.",
                     "Marsh Harbour Trust", id="on-behalf-of-a-body"),
        pytest.param("Speaking at the meeting, Ida Berg said the pier would reopen in May.", None, id="participle-without-a-body"),
    ],
)
def test_an_opening_participle_acting_for_a_body_gives_the_subject_that_body(text, affiliation):
    (quote,) = extract(text).quotes
    assert quote.speaker.affiliation == affiliation


@pytest.mark.parametrize(
    "text, role, affiliation",
    [
        pytest.param("Tenants’ champion Derek Ollis said promises were cheap.", "champion", "Tenants", id="plural-possessor"),
        pytest.param("Orvane’s fixer Mira Sol said the deal was done.", "fixer", "Orvane", id="possessor"),
    ],
)
def test_any_one_noun_after_a_possessor_is_a_role(text, role, affiliation):
    (quote,) = extract(text).quotes
    assert (quote.speaker.role, quote.speaker.affiliation) == (role, affiliation)


@pytest.mark.parametrize("before", ["he’s certain", "that’s what", "it’s plain"])
def test_a_contraction_is_no_possessor_before_a_role(before):
    text = f"Ivo Lund said {before} Mira Sol won."
    assert role_before(text, text.index("Mira")) is None


@pytest.mark.parametrize(
    "text, speaker",
    [
        pytest.param("Marta Quist: “We fly at dawn.”", "Marta Quist", id="name-and-colon"),
        pytest.param("Sen. Quist: “We fly at dawn.”", "Sen. Quist", id="title-surname-and-colon"),
        pytest.param("The club met twice.\n\nMarta Quist: “We fly at dawn.”\n\nIvo Lund: “And we land at noon.”", "Ivo Lund",
                     id="turns-of-a-transcript"),
        pytest.param("Update: “We fly at dawn.”", None, id="one-word-label"),
        pytest.param("Editor’s Note: “We fly at dawn.”", None, id="possessive-label"),
        pytest.param("Mayor Opens New Bridge: “We fly at dawn.”", None, id="headline-label"),
        pytest.param("“We fly at dawn and land by noon.” -- Marta Quist", "Marta Quist", id="double-hyphen-credit"),
        pytest.param("“We fly at dawn and land by noon.” - Marta Quist", "Marta Quist", id="hyphen-credit"),
    ],
)
def test_a_speaker_label_or_credit_without_a_verb(text, speaker):
    quote = extract(text).quotes[-1]
    assert (quote.speaker.text if quote.speaker else None) == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        pytest.param("“Who pays for it?” a Labour councillor in the room wondered.", "a Labour councillor in the room",
                     id="description-with-a-place-before-the-cue"),
        pytest.param("“We will not give up,” the grey-haired, 71-year-old skipper said in an interview.",
                     "the grey-haired, 71-year-old skipper", id="adjectives-parted-by-a-comma"),
        pytest.param("A young girl pointed at the portrait. Another child responded, “That is the mayor.”", "Another child",
                     id="a-child-is-a-person"),
        pytest.param("“It was the best night of my life,” beamed Ana Ruiz of Dunmore.", "Ana Ruiz", id="a-manner-of-speaking-verb"),
        pytest.param("“The pier is safe,” the harbour board is expected to say.", None, id="a-clause-is-no-description"),
        pytest.param("“We can win,” at the dawn of the new movement, Brisk said.", "Brisk", id="a-comma-before-a-name-ends-the-description"),
    ],
)
def test_the_words_between_a_quote_and_its_cue(text, speaker):
    (quote,) = extract(text).quotes
    assert (quote.speaker.text if quote.speaker else None) == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        pytest.param("He laughed and said, “Not today.”", "He", id="two-verbs-one-subject"),
        pytest.param("The mayor paused and then said, “Not today.”", "The mayor", id="and-then"),
        pytest.param("As the crowd chanted, Ivo Marr stood on a chair and shouted, “Not today.”", "Ivo Marr",
                     id="after-an-opening-clause"),
    ],
)
def test_a_cue_coordinated_with_an_earlier_verb(text, speaker):
    (quote,) = extract(text).quotes
    assert quote.speaker.text == speaker


def test_the_same_role_wins_over_the_same_head_word():
    text = ("President Ansel Marr opened the summit on Monday. Vice President Ola Brisk spoke after him. "
            "The president said the talks would run late.")
    (quote,) = extract(text).quotes
    assert quote.speaker.name == "Ansel Marr"


@pytest.mark.parametrize(
    "text, role, affiliation",
    [
        pytest.param("Pia Holm, a former minister who now heads the Kelby Institute, said cases were rising.",
                     "head", "Kelby Institute", id="a-relative-clause-names-the-body"),
        pytest.param("Pia Holm (Kelby Institute) said cases were rising.", None, "Kelby Institute", id="a-bracketed-body"),
        pytest.param("Pia Holm (Dunmore) said cases were rising.", None, None, id="a-bracketed-place-is-no-body"),
    ],
)
def test_more_places_an_affiliation_is_written(text, role, affiliation):
    (quote,) = extract(text).quotes
    assert (quote.speaker.role, quote.speaker.affiliation) == (role, affiliation)


@pytest.mark.parametrize(
    "text, speaker, kind",
    [
        pytest.param("“We are worried,” said one Republican familiar with the talks.", "one Republican", "anonymous",
                     id="a-party-member-familiar-with"),
        pytest.param("“It cannot hold,” wrote a Dunmore supporter who runs a fan page.", "a Dunmore supporter", "person",
                     id="a-supporter-who"),
        pytest.param("“It was rushed,” said the county secretary of state.", "the county secretary of state", "person",
                     id="of-continues-the-role"),
    ],
)
def test_a_described_speaker_after_the_cue_ends_before_what_follows_its_head(text, speaker, kind):
    (quote,) = extract(text).quotes
    assert (quote.speaker.text, quote.speaker.kind) == (speaker, kind)


@pytest.mark.parametrize(
    "text, speaker",
    [
        pytest.param("A ministry official who spoke anonymously to discuss the plan said on Wednesday, “We are not ready.”",
                     "A ministry official", id="a-restrictive-relative-before-the-cue"),
    ],
)
def test_a_subject_with_a_relative_clause_before_an_introducing_cue(text, speaker):
    (quote,) = extract(text).quotes
    assert (quote.speaker.text if quote.speaker else None) == speaker


@pytest.mark.parametrize(
    "text, mention, name",
    [
        pytest.param("The post came from Ivo Marr, who wrote, “We fly at dawn.”", "who", "Ivo Marr", id="who-before-the-cue"),
        pytest.param("The loudest cheer was for Ivo Marr, who told the crowd: “We fly at dawn.”", "who", "Ivo Marr",
                     id="who-told-someone"),
        pytest.param("Ivo Marr, the club’s captain, was blunt: “We fly at dawn.”", "Ivo Marr", "Ivo Marr",
                     id="a-clause-and-a-colon-without-a-cue"),
        pytest.param("The harbour board was clear: “No ship sails tonight.”", "The harbour board", "harbour board",
                     id="a-body-and-a-colon"),
    ],
)
def test_a_quote_introduced_by_a_relative_who_or_a_colon(text, mention, name):
    (quote,) = extract(text).quotes
    assert (quote.speaker.text, quote.speaker.name) == (mention, name)
