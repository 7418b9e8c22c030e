"""What a quotation reports, its act: someone's words (speech) or a position
attributed to them, case by case."""

import pytest

from service.engine import DEFAULT_ACTS, QUOTE_ACTS, extract


def acts(text):
    return [(q.type, q.text, q.act) for q in extract(text, acts=QUOTE_ACTS).quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Irene Castell said the vote was close.",
                     [("indirect", "the vote was close", "speech")], id="a verb of saying"),
        pytest.param("According to the Lakeport Harbour Board, the pier will reopen in May.",
                     [("indirect", "the pier will reopen in May", "speech")], id="according to"),
        pytest.param("“Not again,” Irene Castell laughed.",
                     [("direct", "Not again,", "speech")], id="a verb that only attributes a quotation"),
        pytest.param("“The pier will reopen in May.”\n\nIrene Castell, the harbour chair, said so on Friday.",
                     [("direct", "The pier will reopen in May.", "speech")], id="a direct quotation attributed after it"),
        pytest.param("“We will rebuild,” said Irene Castell.\n\n“Nobody will stop us.”",
                     [("direct", "We will rebuild,", "speech"), ("direct", "Nobody will stop us.", "speech")],
                     id="a quote paragraph continuing the last speaker"),
        pytest.param("Tomas Brenner criticized the harbour plan.",
                     [("indirect", "the harbour plan", "position")], id="a stance verb"),
        pytest.param("Tomas Brenner called for an independent inquiry.",
                     [("indirect", "an independent inquiry", "position")], id="a call for something"),
        pytest.param("Tomas Brenner believes the vote was rigged.",
                     [("indirect", "the vote was rigged", "position")], id="a verb of belief"),
        pytest.param("The Marrowby council voted on Monday to close the north pier.",
                     [("indirect", "to close the north pier", "position")], id="a vote weighed by the positions model"),
        pytest.param("Tomas Brenner plans to run for mayor next year.",
                     [("indirect", "to run for mayor next year", "position")], id="a plan weighed by the positions model"),
        pytest.param("A Marrowby Gazette poll showed Castell ahead by six points.",
                     [("indirect", "Castell ahead by six points", "position")], id="what a poll showed"),
        pytest.param("Court records show Brenner paid the fine in March.",
                     [("indirect", "Brenner paid the fine in March", "position")], id="what records show"),
        pytest.param("A harbour study concluded that the pier was unsafe.",
                     [("indirect", "the pier was unsafe", "position")], id="a finding under a verb of saying"),
        pytest.param("Irene Castell concluded that the pier was unsafe.",
                     [("indirect", "the pier was unsafe", "speech")], id="a person's conclusion is speech"),
        pytest.param("Tomas Brenner called the closure “a disgrace.”",
                     [("mixed", "the closure “a disgrace.”", "position")], id="quoted words under a verb of naming"),
        pytest.param("Tomas Brenner said the closure was “a disgrace.”",
                     [("mixed", "the closure was “a disgrace.”", "speech")], id="quoted words under a verb of saying"),
        pytest.param("Tomas Brenner cracked, “I am a harbour man.”",
                     [("direct", "I am a harbour man.", "speech")], id="a direct quotation under a verb outside the lists"),
    ],
)
def test_act(text, expected):
    assert acts(text) == expected


def test_speech_is_the_default():
    text = "The Marrowby council voted to close the north pier. Its chair, Irene Castell, said the vote was close."
    assert DEFAULT_ACTS == ("speech",)
    assert [(q.text, q.act) for q in extract(text).quotes] == [("the vote was close", "speech")]
    assert [(q.text, q.act) for q in extract(text, acts=("position",)).quotes] == [("to close the north pier", "position")]


def test_speakers_hold_only_the_speakers_of_the_acts_returned():
    text = "The Marrowby council voted to close the north pier. Irene Castell said the vote was close."
    speech = extract(text)
    both = extract(text, acts=QUOTE_ACTS)
    assert [s.name for s in speech.speakers] == ["Irene Castell"]
    assert [s.name for s in both.speakers] == ["Marrowby council", "Irene Castell"]
    # the speech quote's speaker is the same entity either way
    assert speech.quotes[0].speaker == both.quotes[1].speaker
