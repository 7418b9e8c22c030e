"""The benchmark runs end to end on tiny inputs (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from service import benchmark
from service.benchmark import Server

ROOT = Path(__file__).resolve().parents[2]


def _labels(output: str) -> dict[str, str]:
    figures = {}
    for line in output.splitlines():
        label, _, value = line.partition("  ")
        if value.strip():
            figures[label.strip()] = value.strip()
    return figures


def test_engine_mode(tmp_path, capsys):
    corpus = tmp_path / "articles.jsonl"
    texts = [
        '“We are ready,” said Jane Doe, the club’s coach.',
        'The mayor said the plan was "a good start" for the city.',
    ]
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    assert benchmark.main(["engine", str(corpus), "--repeat", "2"]) == 0
    figures = _labels(capsys.readouterr().out)
    for label in ("articles", "total chars", "chars/s", "chars/s median pass", "chars/s fastest pass", "articles/s",
                  "import service.engine s"):
        assert label in figures, figures
    assert figures["articles"] == "2"
    assert figures["total chars"] == str(sum(len(t) for t in texts))
    float(figures["import service.engine s"])


def test_engine_mode_rejects_a_file_without_texts(tmp_path, capsys):
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"body": "no text here"}\n', encoding="utf-8")
    assert benchmark.main(["engine", str(corpus)]) == 2
    assert "text" in capsys.readouterr().err


def test_http_mode_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "service.benchmark", "http",
         "--requests", "6", "--concurrency", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    figures = _labels(result.stdout)
    for label in ("requests/s", "latency p50 ms", "latency p95 ms", "latency p99 ms", "errors", "article chars"):
        assert label in figures, result.stdout
    assert figures["errors"] == "0"
    assert figures["requests"] == "6"
    assert 4000 <= int(figures["article chars"]) <= 6000


def _posts_served(server: Server) -> int:
    """How many ``POST /v1/quotes`` the server logged (one JSON line each)."""
    count = 0
    for line in server.log().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and (entry.get("method"), entry.get("path")) == ("POST", "/v1/quotes"):
            count += 1
    return count


@pytest.fixture(scope="module")
def deployed():
    """A server this module starts, standing for a deployed instance."""
    with Server.from_procfile() as running:
        yield running


def test_http_mode_measures_the_instance_at_url(deployed):
    before = _posts_served(deployed)
    result = subprocess.run(
        [sys.executable, "-m", "service", "bench", "http", "--url", deployed.base_url + "/",
         "--requests", "5", "--concurrency", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    figures = _labels(result.stdout)
    assert figures["server"] == deployed.base_url
    assert (figures["requests"], figures["errors"]) == ("5", "0")
    # the five timed requests and one warm-up reached that server
    assert _posts_served(deployed) - before == 6


def test_load_mode_measures_the_instance_at_url(deployed):
    before = _posts_served(deployed)
    result = subprocess.run(
        [sys.executable, "-m", "service", "bench", "load", "--url", deployed.base_url,
         "--sizes", "400", "--requests", "3", "--concurrency", "1", "--seconds", "20"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"server: {deployed.base_url}; 1 client threads")
    row = result.stdout.splitlines()[2].split()
    assert (row[1], row[2]) == ("3", "0")
    assert _posts_served(deployed) - before == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["http", "--url", "localhost:8000"], "must be an http:// or https:// URL", id="a URL without a scheme"),
        pytest.param(["load", "--url", "http://127.0.0.1:9/", "--workers", "3"], "--workers sizes the server bench starts",
                     id="workers for an instance bench does not start"),
    ],
)
def test_url_usage_errors_exit_2(args, message, capsys):
    with pytest.raises(SystemExit) as exit:
        code = benchmark.main(args)
        raise SystemExit(code)
    assert exit.value.code == 2
    assert message in capsys.readouterr().err


def test_an_instance_that_is_not_there_is_a_one_line_error():
    from service.benchmark import free_port

    result = subprocess.run(
        [sys.executable, "-m", "service", "bench", "http", "--url", f"http://127.0.0.1:{free_port()}",
         "--requests", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("bench: ") and "Connection refused" in result.stderr
    assert "Traceback" not in result.stderr


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert benchmark.percentile(values, 50) == 50.0
    assert benchmark.percentile(values, 99) == 99.0
    assert benchmark.percentile([3.0], 99) == 3.0


def test_load_mode_reports_latency_by_size():
    result = subprocess.run(
        [sys.executable, "-m", "service", "bench", "load", "--sizes", "300,3000",
         "--requests", "8", "--concurrency", "2", "--seconds", "20"],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:1] == ["chars"])
    assert lines[header].split() == ["chars", "requests", "errors", "req/s", "p50", "ms", "p95", "ms", "p99", "ms"]
    rows = [line.split() for line in lines[header + 1:header + 3]]
    for row, size in zip(rows, (300, 3000)):
        chars, requests, errors, rate, p50, p95, p99 = row
        assert int(chars) <= size and int(chars) > size // 2
        assert (requests, errors) == ("8", "0")
        assert float(rate) > 0 and 0 < float(p50) <= float(p95) <= float(p99)


def test_articles_of_a_size_read_like_news():
    for size in (300, 5000, 100_000):
        text = benchmark.article_of_size(size)
        assert size // 2 < len(text) <= size
        assert "said" in text and "\n\n" in text or size < 1000


def test_linear_mode_holds_every_adversarial_input_to_linear_time(capsys):
    # Each input at 20,000 and 40,000 characters, through extract() in this
    # process: CPU time, so other work on the machine does not count; the
    # median of five samples, the two sizes sampled in turn, each sample at
    # least MIN_SAMPLE_S long.  Linear work doubles (n log n a little more);
    # a quadratic loop that matters at these sizes takes 3 to 4 times as long.
    code = benchmark.main(["linear", "--size", "20000", "--doublings", "1", "--runs", "5", "--max-ratio", "2.6"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    names = [line.rsplit(None, 3)[0] for line in out.out.splitlines()[1:] if line.strip()]
    assert names == [*benchmark.ADVERSARIAL, *benchmark.VERIFY_ADVERSARIAL], out.out


def test_linear_mode_fails_when_a_doubling_more_than_doubles_the_time(monkeypatch, capsys):
    def quadratic(text):
        for _ in range(len(text) * len(text) // 200):
            pass

    monkeypatch.setattr("service.engine.extract", quadratic)
    monkeypatch.setattr(benchmark, "ADVERSARIAL", {"quadratic": lambda n: "x" * n, "linear": lambda n: ""})
    monkeypatch.setattr(benchmark, "VERIFY_ADVERSARIAL", {})
    code = benchmark.main(["linear", "--size", "1000", "--doublings", "1", "--runs", "3", "--max-ratio", "2.6"])
    out = capsys.readouterr()
    assert code == 1
    assert "quadratic" in out.err and "linear" not in out.err.split(":", 1)[1]
