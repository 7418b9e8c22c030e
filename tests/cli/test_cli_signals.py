"""Stopping ``extract`` with SIGTERM (a service manager, ``kill``, a
container stopping) or Ctrl-C (SIGINT to the whole process group): the
workers stop, nothing prints a traceback, the output file holds whole lines
only, the summary says how to go on, and ``--resume`` then finishes the file
exactly as an uninterrupted run writes it.

The input is a pipe the test keeps open, so the command is certainly still
running when the signal comes, however fast or loaded the machine is: no
timing is assumed, only waited for.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from cli_output import SUMMARY

#: Longest wait for anything the command does (generous for a loaded machine).
PATIENCE_S = 120


def _whole_lines(path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _wait_for(condition, what: str) -> None:
    give_up = time.monotonic() + PATIENCE_S
    while not condition():
        assert time.monotonic() < give_up, f"waited {PATIENCE_S} s for {what}"
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("signum", "to_group", "workers"),
    [
        (signal.SIGTERM, False, "1"),
        (signal.SIGTERM, False, "2"),
        (signal.SIGTERM, True, "2"),
        (signal.SIGINT, True, "1"),
        (signal.SIGINT, True, "2"),
    ],
    ids=["sigterm-one-process", "sigterm-two-workers", "sigterm-to-the-group", "ctrl-c-one-process",
         "ctrl-c-two-workers"],
)
def test_a_stopped_run_leaves_whole_lines_and_resumes_to_the_clean_output(
    tmp_path, make_articles, run_cli, signum, to_group, workers
):
    source = tmp_path / "articles.jsonl"
    source.write_text(make_articles(120, seed=21, bad_every=30), encoding="utf-8")
    clean = tmp_path / "clean.jsonl"
    assert run_cli("extract", source, "-o", clean).returncode == 0

    output = tmp_path / "out.jsonl"
    child = subprocess.Popen(
        [sys.executable, "-m", "service", "extract", "-", "-o", str(output), "--workers", workers],
        stdin=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        lines = source.read_bytes().splitlines(keepends=True)
        child.stdin.write(b"".join(lines[:60]))
        child.stdin.flush()
        # Two workers take their articles in chunks of 16: the first comes back whole.
        _wait_for(lambda: _whole_lines(output) >= 16, "the first results")
        if to_group:
            os.killpg(child.pid, signum)
        else:
            os.kill(child.pid, signum)
        returncode = child.wait(timeout=PATIENCE_S)
        stderr = child.stderr.read().decode()
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.stdin.close()
        child.stderr.close()

    assert returncode == 128 + signum, stderr
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    stopped = SUMMARY.search(stderr).group("stopped")
    assert f"stopped by {signal.Signals(signum).name}" in stopped and "--resume" in stopped
    written = output.read_bytes()
    assert written.endswith(b"\n")
    assert clean.read_bytes().startswith(written)  # whole lines, in order

    again = run_cli("extract", source, "-o", output, "--resume", "--workers", workers)
    assert again.returncode == 0, again.stderr
    assert output.read_bytes() == clean.read_bytes()
    ids = [json.loads(line)["id"] for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(set(ids)) == 120


def test_stopping_before_anything_was_read_says_so_and_leaves_an_empty_output(tmp_path):
    output = tmp_path / "out.jsonl"
    child = subprocess.Popen(
        [sys.executable, "-m", "service", "extract", "-", "-o", str(output), "--workers", "2"],
        stdin=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        _wait_for(output.exists, "the output file")
        child.send_signal(signal.SIGTERM)
        returncode = child.wait(timeout=PATIENCE_S)
        stderr = child.stderr.read().decode()
    finally:
        if child.poll() is None:
            child.kill()
        child.stdin.close()
        child.stderr.close()
    assert returncode == 128 + signal.SIGTERM
    assert "Traceback" not in stderr
    assert SUMMARY.search(stderr).group("articles") == "0"
    assert output.read_bytes() == b""
