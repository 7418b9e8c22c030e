"""The document's tokens and the phrase layer: roles as an open class, and
affiliations from every shape news writes them in."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.engine import extract
from service.engine.document import CAP, LOWER, NUMBER, POSSESSIVE, PUNCT, QUOTE, UPPER, Article, tokenize
from service.engine.phrase_speakers import description_then_name, is_person_head, party_code
from service.engine.descriptions import read_description, read_description_ending
from service.engine.phrases import read_premodifier


# -- the document ------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Tarn Mills’ chief", [("Tarn", CAP), ("Mills", CAP), ("’", POSSESSIVE), ("chief", LOWER)], id="possessive after s"),
        pytest.param("Orrin’s NATO post", [("Orrin", CAP), ("’s", POSSESSIVE), ("NATO", UPPER), ("post", LOWER)], id="possessive and acronym"),
        pytest.param("Sen. Ivy Marsh.", [("Sen.", CAP), ("Ivy", CAP), ("Marsh", CAP), (".", PUNCT)], id="a title keeps its full stop, a sentence's is its own"),
        pytest.param("“U.S. 1990s”", [("“", QUOTE), ("U.S.", UPPER), ("1990s", NUMBER), ("”", QUOTE)], id="marks, dotted initials, numbers"),
        pytest.param("don’t co-founded", [("don’t", LOWER), ("co-founded", LOWER)], id="inner apostrophes and hyphens"),
    ],
)
def test_tokens_and_shapes(text, expected):
    assert [(t.text, t.shape) for t in tokenize(text)] == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ’'s .,-“”\n\u00a0ÉéD1"), max_size=60))
def test_every_token_is_the_text_at_its_offsets(text):
    for token in Article.read(text).tokens:
        assert text[token.start : token.end] == token.text
        assert token.folded == token.text.casefold() or token.shape == POSSESSIVE


def test_article_knows_which_words_it_writes_in_lower_case_or_inside_sentences():
    article = Article.read("Rovers won. Tillage fell, and the tillage board met Rovers again.")
    assert article.written_lower("tillage")
    assert article.written_capitalised("rovers")
    assert not article.written_capitalised("tillage")


# -- premodifiers: the words before a name ------------------------------------

@pytest.mark.parametrize(
    "phrase, opens_sentence, role, affiliation",
    [
        pytest.param("wicketkeeper", False, "wicketkeeper", None, id="an unlisted role in lower case"),
        pytest.param("senior hydrologist", False, "senior hydrologist", None, id="a two-word unlisted role"),
        pytest.param("Beekeeper", True, "Beekeeper", None, id="a role capitalised by the sentence start"),
        pytest.param("Vessa Hydro chief engineer", False, "chief engineer", "Vessa Hydro", id="organisation then role"),
        pytest.param("Ambrell’s treasury director", False, "treasury director", "Ambrell", id="possessor then role"),
        pytest.param("Republican vice presidential nominee", False, "vice presidential nominee", "Republican", id="party then role"),
        pytest.param("NTSB Chairman", False, "Chairman", "NTSB", id="acronym then formal title"),
        pytest.param("Detective Sergeant", True, "Detective Sergeant", None, id="a formal title of listed words"),
        pytest.param("parish council clerk", False, "clerk", "parish council", id="a body inside a lower-case premodifier"),
        pytest.param("Former envoy", True, "Former envoy", None, id="a modifier that opens the sentence"),
    ],
)
def test_premodifier(phrase, opens_sentence, role, affiliation):
    found = read_premodifier(phrase, opens_sentence=opens_sentence)
    assert (found.role, found.affiliation) == (role, affiliation)


# -- appositives and descriptions ----------------------------------------------

@pytest.mark.parametrize(
    "phrase, role, affiliation",
    [
        pytest.param("the quarry’s blasting supervisor", "blasting supervisor", "quarry", id="possessor and unlisted role"),
        pytest.param("a tutor at Pellwood Academy", "tutor", "Pellwood Academy", id="role at organisation"),
        pytest.param("senior curator of prints at the Halloran Gallery of Art", "senior curator of prints", "Halloran Gallery of Art",
                     id="role of a field at a named body with inner links"),
        pytest.param("a spokesman for the regulator", "spokesman", "regulator", id="role for a lower-case body"),
        pytest.param("who chairs the beekeepers’ association Meadowhive", "chair", "Meadowhive", id="relative clause naming the body"),
        pytest.param("who works for Ostrander Logistics", None, "Ostrander Logistics", id="relative clause without a role"),
        pytest.param("deputy head of the museum’s conservation team", "deputy head of the museum’s conservation team", "museum",
                     id="head of a possessed unit"),
        pytest.param("a 52-year-old locksmith", "locksmith", None, id="an age is no role"),
        pytest.param("co-founder and chief technology officer of Quillbyte", "co-founder and chief technology officer", "Quillbyte",
                     id="two roles joined by and"),
        pytest.param("a ferry mechanic in Rostholm", "ferry mechanic", None, id="a place is no affiliation"),
        pytest.param("the agency", None, "agency", id="a body is no role"),
    ],
)
def test_description(phrase, role, affiliation):
    found = read_description(phrase)
    assert (found.role, found.affiliation) == (role, affiliation)


def test_description_ending_reads_the_last_noun_phrase():
    found = read_description_ending("she had written to the district’s MP")
    assert (found.role, found.affiliation) == ("MP", "district")


@pytest.mark.parametrize(
    "after, party",
    [
        pytest.param(" (D-Vt.) said", "Democratic", id="parenthesised Democratic code"),
        pytest.param(", R-Idaho, said", "Republican", id="comma Republican code"),
        pytest.param(" (I-Maine)", "Independent", id="independent"),
        pytest.param(" (AP) said", None, id="a wire credit is no party"),
    ],
)
def test_party_code(after, party):
    assert party_code(after) == party


def test_description_then_name_after_a_cue():
    text = "said the ferry’s relief skipper, Oona Brack, on Monday"
    found = description_then_name(text, 5, len(text))
    assert found is not None
    assert text[found[0] : found[1]] == "the ferry’s relief skipper"
    assert text[found[2] : found[3]] == "Oona Brack"


# -- whole extractions: the shapes as news writes them -------------------------

def _speaker(text):
    quotes = extract(text).quotes
    assert quotes, text
    speaker = quotes[0].speaker
    assert speaker is not None, text
    return speaker


@pytest.mark.parametrize(
    "text, name, role, affiliation",
    [
        pytest.param("“The nets were empty,” said trawlerman Ivo Maalouf.", "Ivo Maalouf", "trawlerman", None,
                     id="unlisted role before a name after the cue"),
        pytest.param("Chandler Ruth Oyelaran said: “Wax prices doubled.”", "Ruth Oyelaran", "Chandler", None,
                     id="unlisted role opening the sentence"),
        pytest.param("“Stock is low,” said Brisk Parcel’s logistics director, Femi Addo.", "Femi Addo", "logistics director", "Brisk Parcel",
                     id="possessor role comma name after the cue"),
        pytest.param("Saltmarsh Energy site engineer Pia Lund said: “The dyke held.”", "Pia Lund", "site engineer", "Saltmarsh Energy",
                     id="organisation role name"),
        pytest.param("“Fees will rise,” said Nel Ostby, a bursar at Kettlewell College.", "Nel Ostby", "bursar", "Kettlewell College",
                     id="appositive role at organisation"),
        pytest.param("Agronomist Tove Lindahl of Brightfurrow Seeds said: “The spring was dry.”", "Tove Lindahl", "Agronomist",
                     "Brightfurrow Seeds", id="role name of organisation"),
        pytest.param("“Yields fell,” said Rui Matos, who chairs the growers’ cooperative Valdouro.", "Rui Matos", "chair", "Valdouro",
                     id="relative clause gives role and body"),
        pytest.param("Sen. Wren Halvard (D-Vt.) said: “The bill is dead.”", "Wren Halvard", "senator", "Democratic",
                     id="title and party code"),
        pytest.param("Republican gubernatorial nominee Bo Castell said: “Taxes will fall.”", "Bo Castell", "gubernatorial nominee",
                     "Republican", id="party before a lower-case role"),
        pytest.param("NTSB Chairman Alva Roe said: “The data recorder was found.”", "Alva Roe", "Chairman", "NTSB",
                     id="acronym body before a formal title"),
        pytest.param("“We held our nerve,” said the club’s reserve keeper, Dario Velt.", "Dario Velt", "reserve keeper", "club",
                     id="unlisted description then name after the cue"),
    ],
)
def test_speaker_descriptions(text, name, role, affiliation):
    speaker = _speaker(text)
    assert (speaker.name, speaker.role, speaker.affiliation) == (name, role, affiliation)


def test_a_party_description_refers_back_to_the_member_named_last():
    speaker = _speaker("Sen. Wren Halvard spoke first on Tuesday. “It will not pass,” the Vermont Democrat said.")
    assert (speaker.name, speaker.role, speaker.affiliation) == ("Wren Halvard", "senator", "Democratic")


def test_a_role_by_its_head_word_refers_back():
    speaker = _speaker("Head groundsman Olek Brar walked the pitch. “It is waterlogged,” the groundsman said.")
    assert (speaker.name, speaker.role) == ("Olek Brar", "Head groundsman")


def test_the_full_name_of_a_body_given_earlier():
    text = ("The Fernhollow Canal Trust has bought the old lock. The trust’s site manager, Ama Osei, said: “Work starts soon.”")
    assert _speaker(text).affiliation == "Fernhollow Canal Trust"


def test_a_title_is_never_the_lead_organisation():
    speaker = _speaker("“We held on,” said the team’s captain, Dr. Lia Moen, after the final whistle on Sunday night.")
    assert speaker.affiliation != "Dr"


# -- affiliations settled against the article ----------------------------------

@pytest.mark.parametrize(
    "text, name, affiliation",
    [
        pytest.param("The Upland Bowls League said in a statement that 900 players had entered. "
                     "Its secretary, Odile Ferrand, said: “We had to turn people away.”",
                     "Odile Ferrand", "Upland Bowls League", id="its role is the body spoken of last"),
        pytest.param("Late on Monday, the Brightwater Ferry Company said the crossing would reopen. "
                     "“The hull has been checked,” a spokeswoman said.",
                     "a spokeswoman", "Brightwater Ferry Company", id="an unnamed spokeswoman after the body spoke"),
        pytest.param("Shop owners wrote to the local guild of weavers last week. "
                     "“Prices are ruinous,” said the guild’s treasurer, Amos Reine.",
                     "Amos Reine", "guild of weavers", id="a body named in lower case"),
        pytest.param("The Harlow Open ended on Sunday in front of a record crowd, and the tournament sold out again.\n\n"
                     "Tournament director Nils Aberg said: “We will need a bigger stand.”",
                     "Nils Aberg", "Harlow Open", id="a capitalised common noun before a role is the article's body"),
    ],
)
def test_affiliation_settled_against_the_article(text, name, affiliation):
    speaker = next(q.speaker for q in extract(text).quotes if q.type == "direct")
    assert (speaker.name, speaker.affiliation) == (name, affiliation)


def test_a_former_role_gives_way_to_the_present_one():
    speaker = _speaker("“Nothing moves without a ledger,” said Ivo Rask, a former customs officer who now works as a broker.")
    assert speaker.role == "broker"


def test_an_organisation_is_never_its_own_affiliation():
    speaker = _speaker("“The bill is overdue,” said the Tillery Growers Council, a trade body.")
    assert speaker.affiliation is None
    assert speaker.role == "trade body"


# -- the subject of any cue is a speaker, whatever its head noun ---------------

@pytest.mark.parametrize(
    "text, speaker",
    [
        pytest.param("Another shopkeeper said that the market would close for good.", "Another shopkeeper", id="another plus a -keeper noun"),
        pytest.param("“We owe them,” the 52-year-old said.", "the 52-year-old", id="an age as the head"),
        pytest.param("“Nobody warned us,” one Dunmore Mills steelworker told a radio station.", "one Dunmore Mills steelworker",
                     id="a compound person noun with a body before it"),
        pytest.param("The auctioneer noted that bidding had been slow.", "The auctioneer", id="an -eer noun"),
    ],
)
def test_a_described_subject_of_a_cue_speaks(text, speaker):
    assert _speaker(text).text == speaker


@pytest.mark.parametrize(
    "word, names_a_person",
    [
        ("shopkeeper", True), ("historian", True), ("groundsman", True), ("auctioneer", True), ("52-year-old", True),
        ("recent", False), ("larger", False), ("paper", False), ("matter", False),
    ],
)
def test_which_heads_name_a_person_without_a_name(word, names_a_person):
    assert is_person_head(word) is names_a_person


@pytest.mark.parametrize(
    "text, speaker",
    [
        pytest.param("Mayor Ines Duval riffed on the delay in Tarn, telling the crowd, “Some people get carried away.”",
                     "Ines Duval", id="telling: the addressee is no speaker"),
        pytest.param("Kasim Oyel described the move as a breach of trust, adding: “I am informing the committee now.”",
                     "Kasim Oyel", id="adding: the sentence's subject"),
        pytest.param("The coach answered the charge by saying, “We trained as hard as anyone.”", "The coach",
                     id="by saying"),
    ],
)
def test_a_participle_cue_gives_the_quote_to_the_sentence_subject(text, speaker):
    assert _speaker(text).text == speaker


@pytest.mark.parametrize(
    "text, name, role, affiliation",
    [
        pytest.param("“Not sure yet,” said undecided Green voter Orla Dunne of Kilrea.", "Orla Dunne", "voter", "Green",
                     id="a role with a party inside it after the cue"),
        pytest.param("“October helped,” said former Brandt adviser Iker Sola.", "Iker Sola", "adviser", "Brandt",
                     id="a role with a capitalised word inside it after the cue"),
        pytest.param("“He is back,” said the 61-year-old.", "the 61-year-old", None, None, id="a described person with no name"),
        pytest.param("“It is close,” said one Vermont Republican.", "one Vermont Republican", None, "Republican",
                     id="a party's member with no name"),
    ],
)
def test_speakers_after_a_cue_read_by_the_phrase_layer(text, name, role, affiliation):
    speaker = _speaker(text)
    assert (speaker.name, speaker.role, speaker.affiliation) == (name, role, affiliation)


@pytest.mark.parametrize(
    "text, role, affiliation",
    [
        pytest.param("“Crumbs will not be the last,” said Pim Vos, head of retail at the consultancy Brightline.",
                     "head of retail", "Brightline", id="a body named after a lower-case noun"),
        pytest.param("“It is where I eat,” said Kezia Bello, a nurse from Harrogate.", "nurse", None,
                     id="from a place is no affiliation"),
        pytest.param("“The water moves fast,” said Prof. Aileen Marsh, a hydrologist at the University of Oldmere.",
                     "hydrologist", "University of Oldmere", id="an appositive's field over an academic title"),
    ],
)
def test_appositive_attachments(text, role, affiliation):
    speaker = _speaker(text)
    assert (speaker.role, speaker.affiliation) == (role, affiliation)


@pytest.mark.parametrize(
    "text, name, affiliation",
    [
        pytest.param("Senate Majority Leader Hal Brenner (R-Ky.) spoke first. The Kentucky Republican added: “We will get this done.”",
                     "Hal Brenner", "Republican", id="a party code over the body before the title, and the party's description after"),
        pytest.param("Rep. Mara Lind, a Vermont independent, spoke. “Nobody listens,” Lind said.", "Mara Lind", "Independent",
                     id="a lower-case party noun heads the appositive"),
    ],
)
def test_party_affiliations(text, name, affiliation):
    speaker = next(q.speaker for q in extract(text).quotes if q.type == "direct")
    assert (speaker.name, speaker.affiliation) == (name, affiliation)


@pytest.mark.parametrize(
    "text, affiliation",
    [
        pytest.param("HALDEN, Norway (AP) — “We are ready,” said Emil Sorel, the town’s mayor.", "Halden", id="the town of the dateline"),
        pytest.param("NEW CASTLE — The vote was close. “We are ready,” said Emil Sorel, the city’s engineer.", "New Castle",
                     id="a two-word dateline"),
        pytest.param("“We are ready,” said Emil Sorel, the town’s mayor.", "town", id="no dateline: the town as written"),
    ],
)
def test_the_town_of_a_dateline(text, affiliation):
    assert _speaker(text).affiliation == affiliation


def test_a_body_word_before_a_role_after_a_paragraph_break():
    text = "The hearing ended.\n\nCouncil housing officer Bronwen Lloyd said the case was a warning to others."
    assert _speaker(text).affiliation == "Council"


def test_a_participle_is_no_part_of_a_body_name():
    text = ("Prosecuting for Dunmore Council, counsel argued the flats were unsafe.\n\n"
            "Council housing officer Bronwen Lloyd said: “We will prosecute.”")
    assert _speaker(text).affiliation == "Dunmore Council"


@pytest.mark.parametrize(
    "text, name, role, affiliation",
    [
        pytest.param("“Beds are full,” said Omar Sayed, a nurse at St. Brigid’s Hospital in Derry.", "Omar Sayed", "nurse",
                     "St. Brigid’s Hospital", id="an abbreviation's full stop does not end the appositive"),
        pytest.param("“Beds are full,” said Omar Sayed, who heads the stroke unit at St. Brigid’s Hospital.", "Omar Sayed",
                     "head", "St. Brigid’s Hospital", id="the body named after a relative clause's object"),
        pytest.param("“Beds are full,” said Omar Sayed, a consultant in the stroke unit at St. Brigid’s Hospital.",
                     "Omar Sayed", "consultant", "St. Brigid’s Hospital", id="a place within the body, then the body"),
        pytest.param("“We are ready,” said Acting Police Chief Dana Cole.", "Dana Cole", "Chief", "Police",
                     id="a modifier of the role is no part of the body"),
        pytest.param("“Profits fell,” said Vantor’s Ruth Keel.", "Ruth Keel", None, "Vantor", id="a possessor before the name"),
        pytest.param("Kelso Foods’ Ruth Keel said: “Profits fell.”", "Ruth Keel", None, "Kelso Foods",
                     id="a plural possessor before the name"),
        pytest.param("“Profits fell,” said Ruth Keel (finance director at Vantor).", "Ruth Keel", "finance director", "Vantor",
                     id="an appositive in brackets"),
        pytest.param("“It is fine,” said Pat O’Brien.", "Pat O’Brien", None, None, id="an apostrophe inside a name"),
    ],
)
def test_more_description_shapes(text, name, role, affiliation):
    speaker = _speaker(text)
    assert (speaker.name, speaker.role, speaker.affiliation) == (name, role, affiliation)


@pytest.mark.parametrize(
    "text, role",
    [
        pytest.param("The mayor left early, and trawlerman Ivo Maalouf said: “The nets were empty.”", "trawlerman",
                     id="a lower-case role after a conjunction"),
        pytest.param("The show sold out, and veteran comedian Ada Flint said: “I was nervous.”", "veteran comedian",
                     id="a modifier and a person noun"),
        pytest.param("The club thanked Jane Moor on Monday. Later, Ada Flint said: “We could not do it without her.”", None,
                     id="no role from words that are no noun phrase"),
    ],
)
def test_a_lower_case_noun_phrase_before_a_name_is_its_role(text, role):
    speaker = next(q.speaker for q in extract(text).quotes if q.type == "direct")
    assert speaker.role == role


@pytest.mark.parametrize(
    "text, role, affiliation",
    [
        pytest.param("“Growth is back,” said Finance Minister Olaf Brenn.", "Finance Minister", None, id="a portfolio and a title"),
        pytest.param("The mill in Tarn closed. “We are sad,” said Tarn Mayor Ada Roe.", "Mayor", "Tarn",
                     id="a place the article names alone, then a title"),
    ],
)
def test_a_capitalised_word_before_a_title(text, role, affiliation):
    speaker = _speaker(text)
    assert (speaker.role, speaker.affiliation) == (role, affiliation)


def test_a_body_that_speaks_as_the_company_takes_its_name():
    text = ("Veltrix Semiconductor has postponed construction of its plant in Lansford by a year, the company said on Thursday "
            "after a review of its orders.")
    speaker = extract(text).quotes[0].speaker
    assert (speaker.name, speaker.kind, speaker.affiliation) == ("Veltrix Semiconductor", "organisation", None)


def test_a_body_that_speaks_is_still_the_article_s_lead_organisation():
    text = ("Skyfare Air cancelled more than 300 flights on Friday after a failure in its check-in and boarding systems.\n\n"
            "Skyfare Air said the systems were restored by the evening.\n\n"
            "“We are confident the fix is holding,” a spokesman said.")
    speaker = next(q.speaker for q in extract(text).quotes if q.type == "direct")
    assert speaker.affiliation == "Skyfare Air"
