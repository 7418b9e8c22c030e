"""``python -m service extract``: JSON Lines in, one line per article out, the
same quotes the HTTP API returns, bad lines reported and skipped."""

import json
import subprocess
import sys

ARTICLE = (
    "Harbour Board chair Irene Castell said the vote was close.\n\n"
    "“It was the right call,” Castell said. “We had no other option.”"
)


def run_cli(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        input=stdin, capture_output=True, text=True, timeout=60, check=False,
    )


def test_extract_writes_one_line_per_article_and_skips_bad_lines(tmp_path):
    source = tmp_path / "articles.jsonl"
    source.write_text(
        json.dumps({"id": "a1", "text": ARTICLE, "section": "local"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "a2", "body": "no text field"}) + "\n"
        + json.dumps({"id": "a3", "text": "No quotations here."}) + "\n",
        encoding="utf-8",
    )
    done = run_cli("extract", str(source))
    assert done.returncode == 0
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a1", "a3"]
    direct = [q["text"] for q in lines[0]["quotes"] if q["type"] == "direct"]
    assert direct == ["It was the right call,", "We had no other option."]
    assert lines[1]["quotes"] == []
    assert "line 2" in done.stderr and "line 3" in done.stderr
    assert "2 articles" in done.stderr


def test_extract_reads_standard_input():
    done = run_cli("extract", "-", stdin=json.dumps({"id": 7, "text": ARTICLE}) + "\n")
    assert done.returncode == 0
    assert json.loads(done.stdout)["id"] == 7


def test_cli_quotes_equal_the_api_quotes(client):
    done = run_cli("extract", "-", stdin=json.dumps({"id": "x", "text": ARTICLE}) + "\n")
    from_cli = json.loads(done.stdout)
    from_api = client.post("/v1/quotes", json={"text": ARTICLE}).get_json()
    assert from_cli["quotes"] == from_api["quotes"]
    assert from_cli["speakers"] == from_api["speakers"]


def test_types_option_filters_quotes():
    done = run_cli("extract", "--types", "mixed", stdin=json.dumps({"id": 1, "text": ARTICLE}) + "\n")
    assert json.loads(done.stdout)["quotes"] == []
    done = run_cli("extract", "--types", "indirect", stdin=json.dumps({"id": 1, "text": ARTICLE}) + "\n")
    assert [q["text"] for q in json.loads(done.stdout)["quotes"]] == ["the vote was close"]


def test_unknown_type_is_a_usage_error():
    done = run_cli("extract", "--types", "rumour", stdin="")
    assert done.returncode == 2


POSITIONS = "The Marrowby council voted on Monday to close the north pier. " + ARTICLE


def test_acts_option_filters_quotes():
    line = json.dumps({"id": 1, "text": POSITIONS}) + "\n"
    speech = json.loads(run_cli("extract", stdin=line).stdout)["quotes"]
    assert {q["act"] for q in speech} == {"speech"} and "to close the north pier" not in [q["text"] for q in speech]
    done = run_cli("extract", "--acts", "position", stdin=line)
    assert [(q["text"], q["act"]) for q in json.loads(done.stdout)["quotes"]] == [("to close the north pier", "position")]
    both = json.loads(run_cli("extract", "--acts", "speech,position", stdin=line).stdout)["quotes"]
    assert [q["text"] for q in both] == ["to close the north pier"] + [q["text"] for q in speech]


def test_cli_acts_equal_the_api_acts(client):
    done = run_cli("extract", "--acts", "speech,position", stdin=json.dumps({"id": "x", "text": POSITIONS}) + "\n")
    from_cli = json.loads(done.stdout)
    from_api = client.post("/v1/quotes", json={"text": POSITIONS, "options": {"acts": ["speech", "position"]}}).get_json()
    assert from_cli["quotes"] == from_api["quotes"]
    assert from_cli["speakers"] == from_api["speakers"]


def test_unknown_or_empty_acts_are_a_usage_error():
    for value in ("rumour", "speech,rumour", ",", ""):
        done = run_cli("extract", "--acts", value, stdin="")
        assert done.returncode == 2, value
        assert "acts are a comma-separated subset of speech,position" in done.stderr


def test_linearity_benchmark_prints_a_row_per_adversarial_input():
    done = run_cli("bench", "linear", "--size", "1000")
    assert done.returncode == 0
    rows = [line for line in done.stdout.splitlines() if line.strip() and not line.startswith("input")]
    assert len(rows) >= 9 and all("ms" in row for row in rows)
