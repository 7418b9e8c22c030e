"""Who speaks a quotation, the speaker's kind: a person, an organisation, a
group, an anonymous source or an unresolved pronoun, shape by shape, with the
negatives beside them."""

import pytest

from service.engine import QUOTE_ACTS, extract


def kinds(text):
    result = extract(text, acts=QUOTE_ACTS)
    by_id = {s.id: s.kind for s in result.speakers}
    out = []
    for quote in result.quotes:
        if quote.speaker is not None:
            assert by_id[quote.speaker.id] == quote.speaker.kind
            out.append((quote.speaker.text, quote.speaker.kind))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # person
        pytest.param("Irene Castell said the vote was close.", ("Irene Castell", "person"), id="a name"),
        pytest.param("Irene Castell, the harbour chair, spoke on Friday. She said the vote was close.",
                     ("She", "person"), id="a pronoun resolved to a name"),
        pytest.param("The harbour judge said the vote was close.", ("The harbour judge", "person"),
                     id="a definite description"),
        pytest.param("A spokeswoman for the Marrowby ministry said the vote was close.",
                     ("A spokeswoman for the Marrowby ministry", "person"), id="an indefinite description, named by role"),
        # organisation and group
        pytest.param("The Lakeport Harbour Board said the vote was close.", ("Lakeport Harbour Board", "organisation"),
                     id="an organisation"),
        pytest.param("Residents said the water was brown.", ("Residents", "group"), id="a group"),
        pytest.param("Sources said the water was brown.", ("Sources", "group"), id="a bare group without anonymity wording"),
        pytest.param("A third of the Marrowby voters said the water was brown.",
                     ("A third of the Marrowby voters", "group"), id="a share of a group"),
        pytest.param("A spokeswoman for the residents said the water was brown.",
                     ("A spokeswoman for the residents", "person"), id="one person speaking for a group"),
        # anonymous
        pytest.param("A person familiar with the harbour talks said the deal was close.",
                     ("A person familiar with the harbour talks", "anonymous"), id="indefinite with 'familiar with' in the phrase"),
        pytest.param("“We will not sign,” said a senior harbour official who spoke on condition of anonymity.",
                     ("a senior harbour official", "anonymous"), id="inverted source, relative clause: on condition of anonymity"),
        pytest.param("“It is over,” said an aide who asked not to be named.",
                     ("an aide", "anonymous"), id="relative clause: asked not to be named"),
        pytest.param("Officials, who were not authorised to speak publicly, said the pier was unsafe.",
                     ("Officials", "anonymous"), id="bare group, relative clause between commas: not authorised to speak"),
        pytest.param("One official, speaking on condition of anonymity, said the pier was unsafe.",
                     ("One official", "anonymous"), id="participle between commas"),
        pytest.param("An official said on condition of anonymity that the pier was unsafe.",
                     ("An official", "anonymous"), id="after the reporting verb: on condition of anonymity"),
        pytest.param("A harbour official told the Marrowby Gazette, asking not to be named, that the pier was unsafe.",
                     ("A harbour official", "anonymous"), id="after the reporting verb and its object, a participle"),
        pytest.param("The deal is close, said a source close to the club.",
                     ("a source close to the club", "anonymous"), id="inverted source: a source close to"),
        pytest.param("Harbour officials familiar with the plan said the pier was unsafe.",
                     ("Harbour officials familiar with the plan", "anonymous"), id="bare group with a modifier: familiar with"),
        pytest.param("Two people with knowledge of the talks said the deal was close.",
                     ("Two people with knowledge of the talks", "anonymous"), id="a number: with knowledge of"),
        pytest.param("According to a person briefed on the plan, the merger is off.",
                     ("a person", "anonymous"), id="according to: briefed on"),
        pytest.param("An aide who declined to be identified said the pier was unsafe.",
                     ("An aide", "anonymous"), id="relative clause without commas: declined to be identified"),
        # not anonymous: the wording is no part of the source's description
        pytest.param("A spokesman said the talks were close to collapse.", ("A spokesman", "person"),
                     id="'close to' inside what was said"),
        pytest.param("A spokesman said the witness declined to be named.", ("A spokesman", "person"),
                     id="'declined to be named' said of someone else"),
        pytest.param("A resident who lives close to the river said the water was brown.", ("A resident", "person"),
                     id="'close to' in a relative clause that is no anonymity"),
        pytest.param("The harbour official, who asked not to be named, said the pier was unsafe.",
                     ("The harbour official", "person"), id="a definite description is no anonymous source"),
        pytest.param("The officials, who were not authorised to speak publicly, said the pier was unsafe.",
                     ("The officials", "group"), id="a definite group is no anonymous source"),
        pytest.param("Last week the officials, who asked not to be named, said the pier was unsafe.",
                     ("Last week the officials", "group"), id="a definite group inside a longer phrase"),
        # unresolved
        pytest.param("“We are leaving,” he said.", ("he", "unresolved"), id="a pronoun with nobody before it"),
        pytest.param("“We are leaving,” they said.", ("they", "unresolved"), id="a plural pronoun with no group before it"),
    ],
)
def test_speaker_kind(text, expected):
    assert kinds(text)[:1] == [expected]
