"""One engine, three doors, one answer: ``extract(...).to_dict()`` in the
library, ``POST /v1/quotes`` (and each result of ``/v1/quotes/batch``) less
its ``meta``, and the command line's output line less its ``id`` are equal,
for text, HTML and UTF-16 offsets."""

from __future__ import annotations

import json

import pytest

from service.engine import extract

# An astral character (two UTF-16 units) before every quotation, so that
# UTF-16 offsets differ from code points everywhere after it.
TEXT = (
    "Ferry operator Wenna Colquitt \U0001f6a2 said the crossing would reopen in May.\n\n"
    "“We owe the island that much,” Colquitt said. “Nobody wants another winter like this one.”"
)
HTML = (
    "<article><h1>Crossing to reopen</h1><nav>Home | News</nav>"
    "<p>Ferry operator <b>Wenna Colquitt</b> \U0001f6a2 said the crossing would reopen in May.</p>"
    "<p>&ldquo;We owe the <em>island</em> that much,&rdquo; Colquitt said. "
    "&ldquo;Nobody wants another winter like this one.&rdquo;</p></article>"
)

CASES = {
    "text": {"text": TEXT},
    "html": {"html": HTML},
    "text in utf16 offsets": {"text": TEXT, "offsets": "utf16"},
    "html in utf16 offsets": {"html": HTML, "offsets": "utf16"},
    "text with positions": {"text": TEXT, "acts": ["speech", "position"], "types": ["indirect", "direct"]},
}


def _api_body(case: dict) -> dict:
    source = {name: case[name] for name in ("text", "html") if name in case}
    options = {name: case[name] for name in ("types", "acts", "offsets") if name in case}
    return {**source, "options": options}


def _cli_args(case: dict) -> list[str]:
    args = []
    for name in ("types", "acts"):
        if name in case:
            args += [f"--{name}", ",".join(case[name])]
    if "offsets" in case:
        args += ["--offsets", case["offsets"]]
    return args


@pytest.mark.parametrize("name", sorted(CASES))
def test_library_api_and_command_line_write_the_same_answer(client, run_cli, name):
    case = CASES[name]
    library = extract(**case).to_dict()

    api = client.post("/v1/quotes", json=_api_body(case)).get_json()
    assert api.pop("meta")["quote_count"] == len(library["quotes"])
    body = _api_body(case)
    batch = client.post("/v1/quotes/batch", json={
        "documents": [{"id": "only", **{k: v for k, v in body.items() if k != "options"}}],
        "options": body["options"],
    }).get_json()["results"][0]
    assert batch.pop("id") == "only"

    line = {"id": "only", **{k: case[k] for k in ("text", "html") if k in case}}
    done = run_cli("extract", *_cli_args(case), stdin=json.dumps(line) + "\n")
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)
    assert cli.pop("id") == "only"

    assert library == api == batch == cli
    assert library["quotes"], "each case has quotations"


def test_the_cases_show_what_they_are_named_for():
    """UTF-16 offsets really differ here, and HTML input really carries the
    text read from it and offsets into the markup."""
    codepoints, utf16 = extract(TEXT).to_dict(), extract(TEXT, offsets="utf16").to_dict()
    assert [q["start"] + 1 for q in codepoints["quotes"]] == [q["start"] for q in utf16["quotes"]]
    page = extract(html=HTML).to_dict()
    assert "Home" not in page["text"] and "Wenna Colquitt" in page["text"]
    for quote in page["quotes"]:
        assert page["text"][quote["start"]:quote["end"]] == quote["text"]
        assert HTML[quote["html_start"]:quote["html_end"]].startswith(("We owe", "Nobody", "the crossing"))
