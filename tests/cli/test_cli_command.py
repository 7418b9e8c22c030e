"""The ``quotes`` console command the package installs is ``python -m service``:
the same subcommands, the same output, its own name in usage lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

QUOTES = Path(sys.executable).parent / "quotes"
ARTICLE = {
    "id": "ferry-1",
    "text": "The ferry will run on Sundays from May.\n\n"
    "“People on the island have asked for this for years,” said Ada Brennan, the harbour master.",
}


def _both(args: list[str], stdin: str | None = None) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """The same arguments run as ``quotes`` and as ``python -m service``."""
    def run(command: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(command + args, input=stdin, capture_output=True, text=True, timeout=120)

    return run([str(QUOTES)]), run([sys.executable, "-m", "service"])


def test_the_command_is_installed_beside_the_interpreter():
    assert QUOTES.is_file(), f"{QUOTES} is missing: install the package (pip install '.[test]')"


def test_extract_writes_the_same_lines_either_way():
    command, module = _both(["extract", "-"], stdin=json.dumps(ARTICLE) + "\n")
    assert command.returncode == module.returncode == 0, command.stderr + module.stderr
    assert command.stdout == module.stdout
    (line,) = command.stdout.splitlines()
    record = json.loads(line)
    assert record["id"] == "ferry-1"
    assert record["quotes"][0]["speaker"]["name"] == "Ada Brennan"


def test_version_is_the_same_either_way():
    command, module = _both(["--version"])
    assert command.returncode == module.returncode == 0
    assert command.stdout == module.stdout
    assert command.stdout.startswith("quotes ")


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        pytest.param(["--help"], "usage: quotes ", id="the command"),
        pytest.param(["extract", "--help"], "usage: quotes extract ", id="extract"),
        pytest.param(["smoke", "--help"], "usage: quotes smoke ", id="smoke"),
        pytest.param(["bench", "--help"], "usage: quotes bench ", id="bench"),
        pytest.param(["bench", "http", "--help"], "usage: quotes bench http ", id="bench http"),
    ],
)
def test_help_names_the_command(args, usage):
    command, module = _both(args)
    assert command.returncode == module.returncode == 0, command.stderr
    assert command.stdout.startswith(usage), command.stdout
    assert command.stdout == module.stdout


README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
COMMAND_LINE = README.split("\n## Command line\n", 1)[1].split("\n## ", 1)[0]


def _options(parser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings
            if option.startswith("--") and option not in {"--help"}}


def test_readme_names_every_smoke_option():
    from service.smoke import build_parser

    missing = sorted(o for o in _options(build_parser()) if f"`{o}" not in COMMAND_LINE and f" {o} " not in COMMAND_LINE)
    assert not missing, f"README's Command line section does not mention {missing}"


@pytest.mark.parametrize("mode", ["http", "load"])
def test_readme_shows_bench_against_a_deployed_instance(mode):
    assert f"bench {mode}" in COMMAND_LINE and "--url BASE_URL" in COMMAND_LINE
    assert any(line.startswith(f"quotes bench {mode}") and "--url" in line for line in COMMAND_LINE.splitlines())
