"""``extract`` on archives: worker processes that keep input order, resuming
an interrupted output file, flat memory on a long stream, and progress."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from cli_output import SUMMARY


def test_two_workers_write_the_same_lines_in_the_same_order_as_one(tmp_path, make_articles, run_cli):
    source = tmp_path / "articles.jsonl"
    source.write_text(make_articles(400, seed=3, bad_every=37), encoding="utf-8")
    one = run_cli("extract", source, "--workers", "1")
    two = run_cli("extract", source, "--workers", "2")
    assert one.returncode == two.returncode == 0
    assert two.stdout == one.stdout
    lines = [json.loads(line) for line in one.stdout.splitlines()]
    assert [line["id"] for line in lines] == [f"a{i}" for i in range(400)]
    assert sum(len(line["quotes"]) for line in lines) > 300
    skipped = [line for line in one.stderr.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 10
    assert [line for line in two.stderr.splitlines() if line.startswith("skipped")] == skipped
    assert SUMMARY.search(two.stderr).group("articles", "bad") == ("400", "10")


def test_workers_apply_the_acts_asked_for(tmp_path, make_articles, run_cli):
    source = tmp_path / "articles.jsonl"
    source.write_text(make_articles(60, seed=5), encoding="utf-8")
    one = run_cli("extract", source, "--workers", "1", "--acts", "speech,position")
    two = run_cli("extract", source, "--workers", "2", "--acts", "speech,position")
    assert one.returncode == two.returncode == 0
    assert two.stdout == one.stdout
    acts = {q["act"] for line in one.stdout.splitlines() for q in json.loads(line)["quotes"]}
    assert acts == {"speech", "position"}


def test_output_file_equals_standard_output(tmp_path, make_articles, run_cli):
    source = tmp_path / "articles.jsonl"
    source.write_text(make_articles(50, seed=4), encoding="utf-8")
    to_stdout = run_cli("extract", source)
    to_file = run_cli("extract", source, "-o", tmp_path / "out.jsonl", "--workers", "2")
    assert to_file.returncode == 0 and to_file.stdout == ""
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == to_stdout.stdout


def test_resume_after_a_cut_off_run_gives_the_clean_output(tmp_path, make_articles, run_cli):
    source = tmp_path / "articles.jsonl"
    source.write_text(make_articles(300, seed=5, bad_every=50), encoding="utf-8")
    clean = tmp_path / "clean.jsonl"
    assert run_cli("extract", source, "-o", clean).returncode == 0
    expected = clean.read_bytes()

    # An interrupted run: the output stops half-way through a line.
    output = tmp_path / "out.jsonl"
    lines = expected.splitlines(keepends=True)
    whole = b"".join(lines[:120])
    output.write_bytes(whole + lines[120][: len(lines[120]) // 2])

    again = run_cli("extract", source, "-o", output, "--resume", "--workers", "2")
    assert again.returncode == 0, again.stderr
    assert output.read_bytes() == expected
    ids = [json.loads(line)["id"] for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(set(ids)) == 300
    assert SUMMARY.search(again.stderr).group("articles", "bad", "already") == ("180", "6", "120")

    # Nothing left to do: a further resume changes nothing.
    assert run_cli("extract", source, "-o", output, "--resume").returncode == 0
    assert output.read_bytes() == expected


def test_resume_drops_a_last_line_that_is_not_whole_json(tmp_path, make_articles, run_cli):
    source = tmp_path / "articles.jsonl"
    source.write_text(make_articles(20, seed=6), encoding="utf-8")
    clean = tmp_path / "clean.jsonl"
    run_cli("extract", source, "-o", clean)
    lines = clean.read_bytes().splitlines(keepends=True)
    # The id survived but the rest of the line is lost (a cut that happened
    # to leave a newline), and a multi-byte character is cut in the middle.
    output = tmp_path / "out.jsonl"
    output.write_bytes(b"".join(lines[:7]) + lines[7][:40] + b"\n")
    assert run_cli("extract", source, "-o", output, "--resume").returncode == 0
    assert output.read_bytes() == clean.read_bytes()
    output.write_bytes(b"".join(lines[:3]) + "{\"id\": \"a3\", \"quotes\": [{\"text\": \"“".encode()[:-1])
    assert run_cli("extract", source, "-o", output, "--resume").returncode == 0
    assert output.read_bytes() == clean.read_bytes()


def test_resume_starts_afresh_without_an_output_file(tmp_path, make_articles, run_cli):
    source = tmp_path / "articles.jsonl"
    source.write_text(make_articles(10, seed=7), encoding="utf-8")
    output = tmp_path / "new.jsonl"
    done = run_cli("extract", source, "-o", output, "--resume")
    assert done.returncode == 0
    assert len(output.read_text(encoding="utf-8").splitlines()) == 10


def test_resume_refuses_a_file_it_did_not_write(tmp_path, make_articles, run_cli):
    source = tmp_path / "articles.jsonl"
    source.write_text(make_articles(10, seed=8), encoding="utf-8")
    output = tmp_path / "notes.txt"
    output.write_text("shopping list\neggs\n", encoding="utf-8")
    done = run_cli("extract", source, "-o", output, "--resume")
    assert done.returncode != 0
    assert "not a result line" in done.stderr
    assert output.read_text(encoding="utf-8") == "shopping list\neggs\n"


def test_resume_needs_an_output_file(run_cli):
    done = run_cli("extract", "--resume", stdin="")
    assert done.returncode == 2
    assert "--resume needs" in done.stderr


def test_bad_workers_value_is_a_usage_error(run_cli):
    assert run_cli("extract", "--workers", "-1", stdin="").returncode == 2
    assert run_cli("extract", "--workers", "two", stdin="").returncode == 2


# Runs the command on a named pipe fed by a generator, so the input never
# exists whole anywhere, and prints the command's peak memory.  Measured in a
# fresh process: RUSAGE_CHILDREN is the largest of all the children a process
# has waited for, and pytest's own may include bigger ones from other tests.
MEASURE = r"""
import json, resource, subprocess, sys
fifo, output, workers, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
child = subprocess.Popen(
    [sys.executable, "-m", "service", "extract", fifo, "-o", output, "--workers", workers],
    stderr=subprocess.PIPE,
)
padding = "archive note " * 110
quoted = "“We will reopen the pier,” said Mayor Tomas Vell."
with open(fifo, "w", encoding="utf-8") as feed:
    for i in range(count):
        text = quoted if i % 50 == 0 else f"Ferry timetable {i}."
        feed.write(json.dumps({"id": i, "text": text, "padding": padding}) + "\n")
_, stderr = child.communicate()
print(json.dumps({
    "returncode": child.returncode,
    "stderr": stderr.decode(),
    "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


@pytest.mark.parametrize("workers", ["1", "2"])
def test_memory_stays_flat_on_a_long_stream(tmp_path, workers):
    # 100,000 articles of about 1.5 kB each: 150 MB of input, more than the
    # command may hold at once (it needs about 35 MB).
    count, bound_mb = 100_000, 100
    fifo = tmp_path / "articles.fifo"
    os.mkfifo(fifo)
    output = tmp_path / "out.jsonl"
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, str(fifo), str(output), workers, str(count)],
        capture_output=True, text=True, timeout=120, check=True,
    )
    report = json.loads(measured.stdout)
    assert report["returncode"] == 0, report["stderr"]
    assert SUMMARY.search(report["stderr"]).group("articles", "bad") == (str(count), "0")
    with open(output, encoding="utf-8") as lines:
        assert sum(1 for _ in lines) == count
    assert report["peak_mb"] < bound_mb, report


def test_progress_is_one_summary_line_when_stderr_is_not_a_terminal(tmp_path, make_articles, run_cli):
    source = tmp_path / "articles.jsonl"
    source.write_text(make_articles(30, seed=9), encoding="utf-8")
    done = run_cli("extract", source, "-o", tmp_path / "out.jsonl")
    assert "\r" not in done.stderr
    [summary] = done.stderr.splitlines()
    assert SUMMARY.fullmatch(summary).group("articles", "bad") == ("30", "0")


def test_progress_is_redrawn_in_place_on_a_terminal(tmp_path, make_articles):
    source = tmp_path / "articles.jsonl"
    source.write_text(make_articles(30, seed=10), encoding="utf-8")
    controller, terminal = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "service", "extract", str(source), "-o", str(tmp_path / "out.jsonl"), "--workers", "2"],
        stderr=terminal, stdin=subprocess.DEVNULL,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closes with the command
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert child.wait(timeout=60) == 0
    screen = shown.decode()
    assert "\r\x1b[K" in screen and "articles  " in screen and "/s  " in screen
    assert SUMMARY.search(screen.rsplit("\r\x1b[K", 1)[-1]).group("articles", "bad") == ("30", "0")
