"""``python -m service verify DRAFT --source FILE``: the report, --json, and
the exit status a pre-publication hook reads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

HEARING = (
    "JUDGE AMARA OSEI: The court will sit again on Thursday morning.\n"
    "MR TOBIAS KRENN: My client has nothing further to add.\n"
)
ACCURATE = "“The court will sit again on Thursday morning,” Judge Amara Osei said.\n"
MISQUOTED = (
    "“The court will sit again on Friday morning,” Judge Amara Osei said.\n\n"
    "“We will appeal whatever happens,” said the lawyer, Tobias Krenn.\n\n"
    "Krenn said his client would stay silent.\n"
)


def _verify(tmp_path, draft: str, *args: str, html: bool = False):
    draft_file = tmp_path / ("draft.html" if html else "draft.txt")
    draft_file.write_text(draft, encoding="utf-8")
    source = tmp_path / "hearing.txt"
    source.write_text(HEARING, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "service", "verify", str(draft_file), "--source", str(source), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def test_an_accurate_draft_passes(tmp_path):
    result = _verify(tmp_path, ACCURATE)
    assert result.returncode == 0, result.stderr
    assert "VERBATIM" in result.stdout
    assert "1 quotations: 1 verbatim, 0 altered, 0 not found, 0 not checked" in result.stdout


def test_a_misquoting_draft_fails_with_a_readable_report(tmp_path):
    result = _verify(tmp_path, MISQUOTED)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("q1 ALTERED")
    assert "source has “Thursday”, draft has “Friday”" in result.stdout
    assert any(line.startswith("q2 NOT FOUND") for line in lines)
    assert any(line.startswith("q3 not checked") for line in lines)
    assert lines[-1] == "3 quotations: 0 verbatim, 1 altered, 1 not found, 1 not checked"


def test_json_is_what_the_api_returns(tmp_path):
    result = _verify(tmp_path, MISQUOTED, "--json")
    assert result.returncode == 1
    body = json.loads(result.stdout)
    first = body["quotes"][0]
    assert first["check"]["status"] == "altered"
    assert first["check"]["source_id"].endswith("hearing.txt")
    (difference,) = first["check"]["differences"]
    assert MISQUOTED[difference["draft_start"]:difference["draft_end"]] == "Friday"
    assert HEARING[difference["source_start"]:difference["source_end"]] == "Thursday"
    assert body["checks"] == {"verbatim": 0, "altered": 1, "not_found": 1, "not_checked": 1}


def test_an_html_draft(tmp_path):
    result = _verify(tmp_path, "<p>&ldquo;My client has nothing <b>further</b> to add,&rdquo; said Tobias Krenn.</p>",
                     "--html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "VERBATIM" in result.stdout


@pytest.mark.parametrize("args, message", [
    pytest.param(["--source", "/no/such/file.txt"], "No such file", id="a missing source"),
])
def test_unreadable_files_exit_2(tmp_path, args, message):
    result = _verify(tmp_path, ACCURATE, *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_a_source_is_required(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(ACCURATE, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "service", "verify", str(draft)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "--source" in result.stderr
