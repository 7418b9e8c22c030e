"""Reported speech: indirect and mixed quotations, and what is not one."""

import pytest

from service.engine import QUOTE_ACTS, extract


def reported(text):
    """Every reported quotation, speech and positions (stance, belief and
    scored verbs, findings)."""
    return [(q.type, q.text, q.speaker and q.speaker.name, q.verb and q.verb.text)
            for q in extract(text, types=("indirect", "mixed"), acts=QUOTE_ACTS).quotes]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Tomas Brenner said the pier would reopen in May.",
                     [("indirect", "the pier would reopen in May", "Tomas Brenner", "said")], id="X said CLAUSE"),
        pytest.param("Tomas Brenner said on Monday that the pier would reopen in May.",
                     [("indirect", "the pier would reopen in May", "Tomas Brenner", "said")], id="X said on DAY that CLAUSE"),
        pytest.param("The pier would reopen in May, Tomas Brenner said.",
                     [("indirect", "The pier would reopen in May", "Tomas Brenner", "said")], id="CLAUSE, X said"),
        pytest.param("The pier would reopen in May, said Tomas Brenner, the harbour master.",
                     [("indirect", "The pier would reopen in May", "Tomas Brenner", "said")], id="CLAUSE, said X"),
        pytest.param("Tomas Brenner told reporters at a briefing that the pier would reopen in May.",
                     [("indirect", "the pier would reopen in May", "Tomas Brenner", "told")], id="X told reporters that"),
        pytest.param("According to Tomas Brenner, the pier would reopen in May.",
                     [("indirect", "the pier would reopen in May", "Tomas Brenner", "According to")], id="According to X, CLAUSE"),
        pytest.param("The pier would reopen in May, according to Tomas Brenner.",
                     [("indirect", "The pier would reopen in May", "Tomas Brenner", "according to")], id="CLAUSE, according to X"),
        pytest.param("The harbour board said in a statement that the pier would reopen in May.",
                     [("indirect", "the pier would reopen in May", "harbour board", "said")], id="said in a statement that"),
        pytest.param("Boat owners, Tomas Brenner said, would be paid for lost days.",
                     [("indirect", "Boat owners, Tomas Brenner said, would be paid for lost days", "Tomas Brenner", "said")],
                     id="attribution in the middle"),
        pytest.param("Tomas Brenner warned that the pier was unsafe.",
                     [("indirect", "the pier was unsafe", "Tomas Brenner", "warned")], id="X warned that"),
        pytest.param("In fact, the pier would not reopen before May, analysts say.",
                     [("indirect", "In fact, the pier would not reopen before May", "analysts", "say")],
                     id="clause opening with a preposition, then its source"),
        pytest.param("PORT ELLEN, Scotland -- Harbour officials said the pier would reopen in May.",
                     [("indirect", "the pier would reopen in May", "Harbour officials", "said")],
                     id="a dateline's dashes are no part of the source"),
        pytest.param("Fifty-two percent of voters said the pier should reopen.",
                     [("indirect", "the pier should reopen", "Fifty-two percent of voters", "said")], id="poll share as source"),
        pytest.param("A lawyer for the harbour board said the pier would reopen in May.",
                     [("indirect", "the pier would reopen in May", "A lawyer for the harbour board", "said")],
                     id="a lawyer for the board"),
        pytest.param("Tomas Brenner criticized the decision to close the pier.",
                     [("indirect", "the decision to close the pier", "Tomas Brenner", "criticized")],
                     id="stance verb with a noun phrase"),
        pytest.param("Tomas Brenner, the harbour master, said on Monday that the pier would reopen but did not say when.",
                     [("indirect", "the pier would reopen", "Tomas Brenner", "said")], id="clause ends at 'but did not'"),
        pytest.param("A survey of boat owners conducted for the harbour board in March found that most wanted the pier rebuilt.",
                     [("indirect", "most wanted the pier rebuilt", "A survey of boat owners", "found")],
                     id="long subject: the head before its participle is the source"),
        pytest.param("SALTHAVEN — A former harbour master accused of negligence told the inquiry that the pier was sound.",
                     [("indirect", "the pier was sound", "A former harbour master", "told")],
                     id="dateline before a long subject"),
        pytest.param("Tomas Brenner said the pier was safe, noting that divers had inspected it in May.",
                     [("indirect", "the pier was safe", "Tomas Brenner", "said"),
                      ("indirect", "divers had inspected it in May", "Tomas Brenner", "noting")],
                     id="clause ends before a participle cue"),
        pytest.param("Tomas Brenner says he’d close the pier and warned that it would take a year.",
                     [("indirect", "he’d close the pier", "Tomas Brenner", "says"),
                      ("indirect", "it would take a year", "Tomas Brenner", "warned")],
                     id="a contracted auxiliary makes a clause"),
        pytest.param("The pier, according to Tomas Brenner, would reopen in May.",
                     [("indirect", "The pier, according to Tomas Brenner, would reopen in May", "Tomas Brenner", "according to")],
                     id="according to X in the middle of the clause"),
        pytest.param("Prices rose 3% in May, according to the statistics office, up from 2% in April.",
                     [("indirect", "Prices rose 3% in May", "statistics office", "according to")],
                     id="CLAUSE, according to X, with a phrase after"),
        pytest.param("Even as Tomas Brenner said the pier was safe, the council closed it for a month.",
                     [("indirect", "the pier was safe", "Tomas Brenner", "said")],
                     id="subordinate clause: the report ends where the main clause begins"),
        pytest.param("As The Harbour Gazette reported, even if the pier reopens, the ferry will not return before May.",
                     [("indirect", "even if the pier reopens, the ferry will not return before May", "Harbour Gazette", "reported")],
                     id="As X reported, CLAUSE"),
        pytest.param("Tomas Brenner now says, however, that the pier is unsafe.",
                     [("indirect", "the pier is unsafe", "Tomas Brenner", "says")], id="a parenthetical adverb after the cue"),
        pytest.param("The pier passed two inspections, harbour officials said, the first by divers in May.",
                     [("indirect", "The pier passed two inspections, harbour officials said, the first by divers in May",
                       "harbour officials", "said")],
                     id="attribution in the middle of a whole clause: the sentence goes on after it"),
        pytest.param("Unless the council pays for repairs, Tomas Brenner says, the pier will close in May.",
                     [("indirect", "Unless the council pays for repairs, Tomas Brenner says, the pier will close in May",
                       "Tomas Brenner", "says")],
                     id="attribution between a subordinate clause and the main clause"),
        pytest.param("Even as Tomas Brenner said 2,400 boats used the pier, the council closed it for a month.",
                     [("indirect", "2,400 boats used the pier", "Tomas Brenner", "said")],
                     id="a comma between digits ends no clause"),
        pytest.param("Tomas Brenner said the pier was “safe as houses,” adding that divers had inspected it in May.",
                     [("mixed", "the pier was “safe as houses,”", "Tomas Brenner", "said"),
                      ("indirect", "divers had inspected it in May", "Tomas Brenner", "adding")],
                     id="clause ends before a participle cue after a quoted comma"),
        pytest.param("The pier will reopen in May according to the harbour board.",
                     [("indirect", "The pier will reopen in May", "harbour board", "according to")],
                     id="CLAUSE according to X, with no comma"),
        pytest.param("The pier needs repairs, the harbour master said, adding that divers would inspect it in May.",
                     [("indirect", "The pier needs repairs", "the harbour master", "said"),
                      ("indirect", "divers would inspect it in May", "the harbour master", "adding")],
                     id="CLAUSE, X said, then a participle cue: two reports"),
        pytest.param("The pier ‘was never safe,’ Tomas Brenner said, ‘and the board knows it.’",
                     [("mixed", "The pier ‘was never safe,’", "Tomas Brenner", "said")],
                     id="a whole clause before a split quotation is reported on its own"),
        pytest.param("A Harbour Gazette poll released on Tuesday showed Tomas Brenner with a 12-point lead.",
                     [("indirect", "Tomas Brenner with a 12-point lead", "A Harbour Gazette poll", "showed")],
                     id="what a poll showed: a noun phrase"),
        pytest.param("Court records show the harbour board paid the fine.",
                     [("indirect", "the harbour board paid the fine", "Court records", "show")],
                     id="what records show: a clause without 'that'"),
        pytest.param("Among boat owners, Ana Madison leads Tomas Brenner 49 percent to 41 percent, according to the survey.",
                     [("indirect", "Among boat owners, Ana Madison leads Tomas Brenner 49 percent to 41 percent",
                       "the survey", "according to")],
                     id="a present-tense verb after a name ending like a preposition"),
        pytest.param("The pier earned 1.6 million in fees in 2015, up from 1.1 million, according to the harbour board.",
                     [("indirect", "The pier earned 1.6 million in fees in 2015, up from 1.1 million", "harbour board", "according to")],
                     id="CLAUSE, according to X, with a phrase inside"),
        pytest.param("Repairs cost the board 1.6 million in 2015, according to Tomas Brenner.",
                     [("indirect", "Repairs cost the board 1.6 million in 2015", "Tomas Brenner", "according to")],
                     id="according to X after a clause whose verb no pattern knows"),
        pytest.param("(According to the harbour board, the pier earns nothing in winter.)",
                     [("indirect", "the pier earns nothing in winter", "harbour board", "According to")],
                     id="according to X inside brackets"),
        pytest.param("The harbour board criticized the pier closure, a step the council had taken in May.",
                     [("indirect", "the pier closure", "harbour board", "criticized")],
                     id="a noun-phrase complement ends at its first comma"),
        pytest.param("Tomas Brenner said the pier was safe, according to the Harbour Gazette.",
                     [("indirect", "the pier was safe", "Tomas Brenner", "said")],
                     id="a clause ends before a second source's 'according to'"),
        pytest.param("Boat owners are split, with 40 percent saying the pier should close.",
                     [("indirect", "the pier should close", "40 percent", "saying")],
                     id="with N percent saying CLAUSE"),
        pytest.param("The board is divided - 60 percent of members said the pier should reopen.",
                     [("indirect", "the pier should reopen", "60 percent of members", "said")],
                     id="a source after a spaced hyphen"),
        pytest.param("He had rebuilt the pier twice, his brother added.",
                     [("indirect", "He had rebuilt the pier twice", "his brother", "added")],
                     id="a relative as the source"),
        pytest.param("If repairs stall, forecasters say the pier will close by May.",
                     [("indirect", "the pier will close by May", "forecasters", "say")],
                     id="a group after an opening subordinate clause"),
        pytest.param("That “kept the pier open,” said Tomas Brenner, the harbour master at the time the tax was introduced.",
                     [("mixed", "That “kept the pier open,”", "Tomas Brenner", "said")],
                     id="after a quoted comma 'said X' names the source: X is no clause"),
        pytest.param("It was Tomas Brenner who has repeatedly warned that the pier is unsafe.",
                     [("indirect", "the pier is unsafe", "Tomas Brenner", "warned")],
                     id="relative 'who' with auxiliaries and adverbs before the cue"),
        pytest.param("Tomas Brenner said the pier was safe on Monday before warning that the ferry would stop.",
                     [("indirect", "the pier was safe on Monday", "Tomas Brenner", "said"),
                      ("indirect", "the ferry would stop", "Tomas Brenner", "warning")],
                     id="clause ends before 'before warning that'"),
        pytest.param("-A harbour survey shows most owners want the pier rebuilt. [Gazette]",
                     [("indirect", "most owners want the pier rebuilt", "A harbour survey", "shows")],
                     id="a digest item: bullet, sentence, then its source in brackets"),
        pytest.param("The harbour board issued a statement saying the pier was safe.",
                     [("indirect", "the pier was safe", "harbour board", "saying")],
                     id="a statement saying CLAUSE"),
        pytest.param("The New York businessman spoke on Monday, saying the board acted quickly.",
                     [("indirect", "the board acted quickly", "The New York businessman", "saying")],
                     id="participle cue after a described subject"),
        pytest.param("Tomas Brenner called it ''unsafe.'' According to the harbour board, the pier needs repairs.",
                     [("mixed", "it ''unsafe.''", "Tomas Brenner", "called"),
                      ("indirect", "the pier needs repairs", "harbour board", "According to")],
                     id="According to X after a sentence that ends in quoted words"),
        pytest.param("Repairs cost 1.6 million — most of it for the deck — according to the harbour board.",
                     [("indirect", "Repairs cost 1.6 million — most of it for the deck", "harbour board", "according to")],
                     id="CLAUSE — aside — according to X"),
        pytest.param("It matters, given that, as the Harbour Gazette reported on Saturday, the pier has already closed.",
                     [("indirect", "the pier has already closed", "Harbour Gazette", "reported")],
                     id="mid-sentence 'as X reported, CLAUSE'"),
        pytest.param("The board met on Monday. And, Tomas Brenner acknowledged, it is unclear when the pier will reopen.",
                     [("indirect", "it is unclear when the pier will reopen", "Tomas Brenner", "acknowledged")],
                     id="'And, X acknowledged, CLAUSE'"),
        pytest.param("After a long winter, boat surveys suggested that most owners want the pier rebuilt.",
                     [("indirect", "most owners want the pier rebuilt", "boat surveys", "suggested")],
                     id="a plural source noun is no present-tense verb"),
        pytest.param("The self-described democratic socialist said the pier was older than the town.",
                     [("indirect", "the pier was older than the town", "The self-described democratic socialist", "said")],
                     id="a participle inside a compound is no verb"),
        pytest.param("The ferry could stop or the pier could close, said a senior harbour official who was briefed on the talks.",
                     [("indirect", "The ferry could stop or the pier could close", "a senior harbour official", "said")],
                     id="CLAUSE, said an official who ...: the words after the cue are the source"),
        pytest.param("Most owners want the pier rebuilt, a new harbour survey found.",
                     [("indirect", "Most owners want the pier rebuilt", "a new harbour survey", "found")],
                     id="CLAUSE, the survey found"),
        pytest.param("Owners, Tomas Brenner said, would be paid for lost days.",
                     [("indirect", "Owners, Tomas Brenner said, would be paid for lost days", "Tomas Brenner", "said")],
                     id="attribution in the middle after a one-word opening"),
        pytest.param("Tomas Brenner said — on Twitter, as it happens — that the pier would reopen in May.",
                     [("indirect", "the pier would reopen in May", "Tomas Brenner", "said")],
                     id="an aside between dashes after the cue"),
        pytest.param("SALTHAVEN -- The pier will reopen in May, the harbour board said on Tuesday.",
                     [("indirect", "The pier will reopen in May", "harbour board", "said")],
                     id="a dateline is not part of the clause"),
        pytest.param("Most boat owners say the pier is safe, compared with a third of residents.",
                     [("indirect", "the pier is safe", "Most boat owners", "say")],
                     id="the writer's comparison after the clause"),
        pytest.param("Tomas Brenner said the pier could close, though the board disagreed.",
                     [("indirect", "the pier could close", "Tomas Brenner", "said")],
                     id="the writer's concession after the clause"),
        pytest.param("Harbour candidates in both towns condemned the board's plan to close the pier.",
                     [("indirect", "the board's plan to close the pier", "Harbour candidates in both towns", "condemned")],
                     id="a plural noun in the source is no present-tense verb"),
        pytest.param("Tomas Brenner said he would back Ana Ruiz, who faces a challenger in May.",
                     [("indirect", "he would back Ana Ruiz", "Tomas Brenner", "said")],
                     id="the writer's relative clause on a name ends the clause"),
    ],
)
def test_indirect(text, expected):
    assert reported(text) == expected


def test_mixed_quote_is_one_quote_covering_the_clause():
    text = "Tomas Brenner said the repair plan was “dead on arrival” and would be withdrawn."
    assert reported(text) == [
        ("mixed", "the repair plan was “dead on arrival” and would be withdrawn", "Tomas Brenner", "said")
    ]
    assert extract(text, types=("direct",)).quotes == []


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Tomas Brenner called the proposal “a waste of everybody’s time.”",
                     [("mixed", "the proposal “a waste of everybody’s time.”", "Tomas Brenner", "called")],
                     id="quoted words under a verb that is not a speech verb"),
        pytest.param("Nurses carried placards reading “safe staffing saves lives” outside.", [], id="words on a sign"),
        pytest.param("Later, Tomas Brenner called the harbour board “clueless.”",
                     [("mixed", "the harbour board “clueless.”", "Tomas Brenner", "called")],
                     id="one quoted word a verb of naming puts on someone"),
        pytest.param("The mayor visited the new “hub” on Monday.", [], id="a one-word scare quote"),
        pytest.param('"We were ahead," Tomas Brenner said in an interview on "New Day."', [],
                     id="a programme's name after the cue: where it was said"),
        pytest.param("Harbour master Tomas Brenner, who was at the quay when the crane fell, called the repair “the worst job of the decade.”",
                     [("mixed", "the repair “the worst job of the decade.”", "Tomas Brenner", "called")],
                     id="a verb of naming after a relative clause"),
        pytest.param("Harbour divers described the old pier as “Swiss cheese.”",
                     [("mixed", "the old pier as “Swiss cheese.”", "Harbour divers", "described")],
                     id="described X as a capitalised term: the verb of naming puts it on X"),
        pytest.param("The ferry operator calls the show “the best thing on local radio.”",
                     [("mixed", "the show “the best thing on local radio.”", "The ferry operator", "calls")],
                     id="a naming word before the mark, but a verb of naming with its object"),
        pytest.param("The mayor praised the crews, calling them “tireless,” and then thanked the divers.",
                     [("indirect", "the crews", "The mayor", "praised"),
                      ("mixed", "them “tireless,”", "The mayor", "calling"),
                      ("indirect", "the divers", "The mayor", "thanked")],
                     id="a participle's clause ends before the source's next predicate, after the closing mark"),
        pytest.param("Tomas Brenner called the closure “a disgrace,” but he also praised the crews.",
                     [("mixed", "the closure “a disgrace,”", "Tomas Brenner", "called"),
                      ("indirect", "the crews", "Tomas Brenner", "praised")],
                     id="a new source after quoted words ending in a comma"),
    ],
)
def test_quoted_positions(text, expected):
    assert reported(text) == expected


def test_a_title_is_not_quoted_speech():
    assert extract("The library keeps the novel “Salt and Iron” on its shelves.", acts=QUOTE_ACTS).quotes == []


def test_a_clause_quoting_a_term_is_mixed():
    text = "Tomas Brenner said the so-called “harbour tax” would be dropped next year."
    assert reported(text) == [
        ("mixed", "the so-called “harbour tax” would be dropped next year", "Tomas Brenner", "said")
    ]


def test_two_cues_give_two_quotes():
    text = "Tomas Brenner said the pier was closed and warned that repairs would take a year."
    assert reported(text) == [
        ("indirect", "the pier was closed", "Tomas Brenner", "said"),
        ("indirect", "repairs would take a year", "Tomas Brenner", "warned"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("That said, the pier will reopen in May.", id="that said"),
        pytest.param("The board will keep screening boats, a plan announced earlier this year.",
                     id="a thing then a participle: 'a plan announced'"),
        pytest.param("The said property was sold at auction in May.", id="the said property"),
        pytest.param("Tomas Brenner declined to comment.", id="no content"),
        pytest.param("Now the mayor's challenge is to find the money for the pier.", id="a cue word after a possessive is a noun"),
        pytest.param("An impossible combination, the owners complain - and one nobody could meet.", id="cue followed by a dash"),
        pytest.param("Will the pier reopen in May, the harbour board asked?", id="question"),
        pytest.param("Pier will reopen in May, board says", id="headline"),
        pytest.param("The harbour master was accused of hiding the report from the board.", id="passive: not the source"),
        pytest.param("The new pier will be finished in May, the Harbour State Bank will say.", id="future: not yet said"),
        pytest.param("A disabled ferry was towed to the quay on Monday.", id="a participle after an article is an adjective"),
    ],
)
def test_not_reported_speech(text):
    assert reported(text) == []


def test_pronoun_source_resolves_to_the_person():
    text = "Tomas Brenner, the harbour master, spoke on Monday. He said the pier would reopen in May."
    quote = extract(text, acts=QUOTE_ACTS).quotes[0]
    assert (quote.speaker.name, quote.speaker.text, quote.speaker.role) == ("Tomas Brenner", "He", "harbour master")


def test_abbreviation_can_end_a_sentence_before_a_pronoun():
    text = "The pier was built by a firm from the U.S. He said it would reopen in May."
    assert reported(text) == [("indirect", "it would reopen in May", "He", "said")]


def test_sentence_completed_by_a_quotation_is_one_mixed_quote():
    text = "The pier, Tomas Brenner said, “will not reopen before May.”"
    quotes = extract(text, acts=QUOTE_ACTS).quotes
    assert [(q.type, q.text, q.speaker.name, q.verb.text) for q in quotes] == [
        ("mixed", text, "Tomas Brenner", "said")
    ]


def test_a_quotation_split_by_its_attribution_stays_two_quotes():
    text = "“The pier is safe,” Tomas Brenner said, “and it will reopen in May.”"
    assert [q.type for q in extract(text, acts=QUOTE_ACTS).quotes] == ["direct", "direct"]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("As Tomas Brenner put it, “The pier has seen better days.”",
                     ("direct", "The pier has seen better days.", "Tomas Brenner", "put it"), id="as X put it"),
        pytest.param("At the meeting Tomas Brenner cracked, “The pier has seen better days.”",
                     ("direct", "The pier has seen better days.", "Tomas Brenner", "cracked"),
                     id="a quotation right after a verb no cue list holds"),
        pytest.param("The harbour board, which met on Monday, argues that the pier must close.",
                     ("indirect", "the pier must close", "harbour board", "argues"), id="source with a relative clause"),
    ],
)
def test_less_common_attributions(text, expected):
    assert [(q.type, q.text, q.speaker and q.speaker.name, q.verb and q.verb.text) for q in extract(text, acts=QUOTE_ACTS).quotes] == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("At the meeting, Tomas Brenner proclaimed on the quay, “The pier will reopen in May and nobody can stop it.”",
                     ("direct", "The pier will reopen in May and nobody can stop it.", "Tomas Brenner", "proclaimed"),
                     id="a whole sentence quoted after a comma"),
        pytest.param("Late in the evening Tomas Brenner turned to the crowd on the quay, “We will rebuild this pier together!”",
                     ("direct", "We will rebuild this pier together!", None, None),
                     id="a whole sentence after a comma with no cue at all is still a quotation"),
    ],
)
def test_sentence_quoted_after_a_comma(text, expected):
    quotes = [(q.type, q.text, q.speaker and q.speaker.name, q.verb and q.verb.text) for q in extract(text, acts=QUOTE_ACTS).quotes]
    assert quotes[-1][:2] == expected[:2]
    if expected[2]:
        assert quotes[-1] == expected


def test_a_short_capitalised_term_after_a_comma_is_no_quotation():
    assert extract("The ferry, “Harbour Star,” sails at noon.", acts=QUOTE_ACTS).quotes == []
