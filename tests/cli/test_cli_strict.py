"""``extract`` says what was wrong with its input: lines that are not
articles are skipped, a line without an id gets its line number as its id,
an id used twice is warned about (it defeats --resume); ``--strict`` makes
any of them an exit status of 1; every run ends with one summary line."""

from __future__ import annotations

import json

import pytest
from cli_output import SUMMARY

GOOD = json.dumps({"id": "harbour", "text": "“The pier stays shut,” said harbour master Odile Brannigan."})
OTHER = json.dumps({"id": "school", "text": "Head teacher Piet Sandoval said the merger was off."})

BAD_LINES = {
    "not JSON": ('{"id": "broken", "text": ', "skipped line 2: not JSON"),
    "not an object": ("[1, 2, 3]", "skipped line 2: not a JSON object"),
    "no text or html": ('{"id": "empty"}', "skipped line 2: needs exactly one of 'text' and 'html'"),
    "both text and html": ('{"id": "twice", "text": "a", "html": "<p>a</p>"}', "skipped line 2: needs exactly one"),
    "text not a string": ('{"id": "number", "text": 42}', "skipped line 2: needs exactly one"),
    "no id": ('{"text": "Ferry fares rose."}', "line 2 has no 'id': its line number, 2, is its id in the output"),
    "null id": ('{"id": null, "text": "Ferry fares rose."}', "line 2 has no 'id'"),
    "repeated id": (GOOD, 'line 2 repeats the id "harbour" of line 1: --resume tells articles apart by id'),
}


@pytest.mark.parametrize("name", sorted(BAD_LINES))
@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_a_bad_line_is_reported_and_fails_only_a_strict_run(run_cli, name, strict):
    line, message = BAD_LINES[name]
    done = run_cli("extract", *(["--strict"] if strict else []), stdin="\n".join([GOOD, line, OTHER]) + "\n")
    assert done.returncode == (1 if strict else 0), done.stderr
    assert message in done.stderr
    assert SUMMARY.search(done.stderr).group("bad") == "1"
    assert "Traceback" not in done.stderr


def test_a_clean_input_passes_a_strict_run_and_the_summary_counts_it(run_cli):
    done = run_cli("extract", "--strict", stdin=f"{GOOD}\n\n{OTHER}\n")
    assert done.returncode == 0
    [summary] = done.stderr.splitlines()
    assert SUMMARY.fullmatch(summary).group("articles", "quotes", "bad") == ("2", "2", "0")


def test_a_line_without_an_id_is_written_under_its_line_number(run_cli):
    done = run_cli("extract", stdin=f"{GOOD}\n\n" + '{"text": "“Hold on,” said Mayor Ines Varga."}\n')
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["harbour", 3]


def test_repeated_ids_are_each_written_and_each_warned_about(run_cli):
    done = run_cli("extract", stdin="\n".join([GOOD, OTHER, GOOD, GOOD]) + "\n")
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["harbour", "school", "harbour", "harbour"]
    warnings = [line for line in done.stderr.splitlines() if "repeats the id" in line]
    assert [w.split(" repeats")[0] for w in warnings] == ["line 3", "line 4"]
    assert all('of line 1' in w for w in warnings)


def test_quiet_leaves_only_the_problems_on_stderr(run_cli):
    assert run_cli("extract", "--quiet", stdin=f"{GOOD}\n").stderr == ""
    done = run_cli("extract", "-q", stdin=f"{GOOD}\n[]\n")
    assert done.stderr.splitlines() == ["skipped line 2: not a JSON object"]


def test_html_lines_are_read_and_give_the_text_and_offsets_into_the_markup(run_cli):
    page = "<div><p>&ldquo;The pier stays <i>shut</i>,&rdquo; said harbour master Odile Brannigan.</p></div>"
    done = run_cli("extract", stdin=json.dumps({"id": "page", "html": page}) + "\n")
    assert done.returncode == 0, done.stderr
    line = json.loads(done.stdout)
    assert line["text"] == "“The pier stays shut,” said harbour master Odile Brannigan."
    [quote] = line["quotes"]
    assert page[quote["html_start"]:quote["html_end"]] == "The pier stays <i>shut</i>,"


@pytest.mark.parametrize(("unit", "start"), [("codepoints", 3), ("utf16", 4)])
def test_offsets_option_chooses_the_unit(run_cli, unit, start):
    text = "\U0001f30a “Tides are late,” said Odile Brannigan."
    done = run_cli("extract", "--offsets", unit, stdin=json.dumps({"id": 1, "text": text}) + "\n")
    [quote] = json.loads(done.stdout)["quotes"]
    assert quote["start"] == start and quote["text"] == "Tides are late,"


def test_unknown_offsets_unit_is_a_usage_error(run_cli):
    assert run_cli("extract", "--offsets", "bytes", stdin="").returncode == 2
