"""The README's table of roles and affiliations, as the engine reads them:
a change that breaks a documented shape fails here."""

import pytest

from service.engine import extract

SHAPES = [
    ("“The pumps failed,” said Halsey Water chief engineer Ben Orr.", "Ben Orr", "chief engineer", "Halsey Water"),
    ("Vantor’s finance director, Ruth Keel, said: “Profits fell.”", "Ruth Keel", "finance director", "Vantor"),
    ("Nina Falk, a lecturer at Brannock College, said: “It is flawed.”", "Nina Falk", "lecturer", "Brannock College"),
    ("“Rates will fall,” said economist Greta Holm of Sandvik Partners.", "Greta Holm", "economist", "Sandvik Partners"),
    ("Rui Matos, who chairs the growers’ cooperative Valdouro, said: “Yields fell.”", "Rui Matos", "chair", "Valdouro"),
    ("The Lindby school board met on Monday. “We voted,” said school board president Ivo Lund.",
     "Ivo Lund", "president", "Lindby school board"),
    ("Sen. Wren Halvard (D-Vt.) spoke first on Tuesday. “It will pass,” the Vermont Democrat said.",
     "Wren Halvard", "senator", "Democratic"),
    ("“Taxes will fall,” said Republican gubernatorial nominee Bo Castell.", "Bo Castell", "gubernatorial nominee", "Republican"),
    ("“The data recorder was found,” said NTSB Chairman Alva Roe.", "Alva Roe", "Chairman", "NTSB"),
    ("The Fenwick Rowing Club said 900 people came. Its chairman, Peter Holm, said: “We ran out of seats.”",
     "Peter Holm", "chairman", "Fenwick Rowing Club"),
    ("Shop owners wrote to the local chamber of commerce last week. “Footfall is down,” said the chamber’s president, Ada Roe.",
     "Ada Roe", "president", "chamber of commerce"),
    ("“Nothing moves without a ledger,” said Ivo Rask, a former customs officer who now works as a broker.",
     "Ivo Rask", "broker", None),
    ("It was a victory for Gov. Ada Roeland (R) and her allies. “We earned it,” Roeland said.",
     "Ada Roeland", "governor", "Republican"),
    ("The plan drew fire, with Sen. Ola Brisk calling it rushed. “It was rushed,” Brisk said.", "Ola Brisk", "senator", None),
    ("The union is suing President Ansel Marr. “The suit has no merit,” Marr said.", "Ansel Marr", "President", None),
    ("Pia Holm, a former minister who now heads the Kelby Institute, said: “Cases are rising.”", "Pia Holm", "head", "Kelby Institute"),
    ("Pia Holm (Kelby Institute) said: “Cases are rising.”", "Pia Holm", None, "Kelby Institute"),
    ("Prosecuting for Halloway Borough Council, barrister Ines Korhonen told the court: “The wiring was unsafe.”",
     "Ines Korhonen", "barrister", "Halloway Borough Council"),
    ("Tenants’ champion Derek Ollis said: “Promises are cheap.”", "Derek Ollis", "champion", "Tenants"),
    ("Tarnby Air cancelled forty flights on Friday after a computer fault grounded most of its fleet for the day.\n\n"
     "“We are doing what we can,” a spokeswoman said.", "a spokeswoman", "spokeswoman", "Tarnby Air"),
]


@pytest.mark.parametrize("text, name, role, affiliation", SHAPES, ids=[row[1] for row in SHAPES])
def test_documented_shape(text, name, role, affiliation):
    quote = next(q for q in extract(text).quotes if q.type == "direct")
    assert (quote.speaker.name, quote.speaker.role, quote.speaker.affiliation) == (name, role, affiliation)
