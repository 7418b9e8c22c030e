"""The README's tables of what is and is not an alteration, as the quote
check reads them: every row is run, so the documented rules and the
behaviour cannot drift apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.verify import verify

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| (?P<rule>[^|`]+?) \| `(?P<source>[^`]+)` \| `(?P<draft>[^`]+)` \| (?P<status>verbatim|altered|not_found) \|$",
                 re.MULTILINE)
ROWS = [(m["rule"], m["source"], m["draft"].replace("\\n", "\n"), m["status"]) for m in ROW.finditer(README)]


def test_the_tables_are_there():
    statuses = {status for *_, status in ROWS}
    assert len(ROWS) >= 14 and statuses == {"verbatim", "altered", "not_found"}


@pytest.mark.parametrize("rule, source, draft, status", ROWS, ids=[row[0] for row in ROWS])
def test_documented_rule(rule, source, draft, status):
    result = verify(draft, {"transcript": source})
    checked = [q.check.status for q in result.quotes if q.quote.type != "indirect"]
    assert checked and set(checked) == {status}, [(q.quote.text, q.check) for q in result.quotes]
