"""recipes/dask_quotes.py, run locally: the same lines as
``python -m service extract`` for the same articles, from JSON Lines (plain
or compressed) and from Parquet."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

RECIPE = Path(__file__).resolve().parents[2] / "recipes" / "dask_quotes.py"


def run_recipe(*args):
    return subprocess.run(
        [sys.executable, str(RECIPE), *map(str, args)],
        capture_output=True, text=True, timeout=180, check=False,
    )


def parts(directory: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(directory.glob("part-*.jsonl")))


@pytest.fixture
def articles(tmp_path, make_articles, run_cli):
    """120 generated articles with 3 bad lines, and the CLI's output for them."""
    source = tmp_path / "articles.jsonl"
    source.write_text(make_articles(120, seed=11, bad_every=40), encoding="utf-8")
    done = run_cli("extract", source)
    assert done.returncode == 0
    return source, done.stdout


@pytest.mark.parametrize("scheduler", ["processes", "threads"])
def test_recipe_on_json_lines_equals_the_cli(tmp_path, articles, scheduler):
    source, expected = articles
    out = tmp_path / "out"
    done = run_recipe(source, out, "--partitions", "3", "--scheduler", scheduler, "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in out.iterdir()) == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert parts(out) == expected
    assert len([line for line in done.stderr.splitlines() if line.startswith("skipped")]) == 3
    assert "120 articles, 3 skipped, 0 failed, 3 parts" in done.stderr


def test_recipe_applies_the_acts_as_the_cli_does(tmp_path, articles, run_cli):
    source, _ = articles
    expected = run_cli("extract", source, "--acts", "speech,position").stdout
    out = tmp_path / "out"
    done = run_recipe(source, out, "--partitions", "2", "--scheduler", "synchronous", "--acts", "speech,position")
    assert done.returncode == 0, done.stderr
    assert parts(out) == expected
    assert "position" in {q["act"] for line in expected.splitlines() for q in json.loads(line)["quotes"]}
    assert run_recipe(source, tmp_path / "other", "--acts", "rumour").returncode == 2


def test_recipe_on_several_compressed_files_equals_the_cli_on_them_joined(tmp_path, articles):
    source, expected = articles
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    inputs = tmp_path / "archive"
    inputs.mkdir()
    for number, start in enumerate(range(0, len(lines), 50)):
        with gzip.open(inputs / f"day-{number:02d}.jsonl.gz", "wt", encoding="utf-8") as day:
            day.writelines(lines[start:start + 50])
    out = tmp_path / "out"
    # Three files, one partition each, split up to five.
    done = run_recipe(f"{inputs}/*.jsonl.gz", out, "--partitions", "5", "--scheduler", "synchronous")
    assert done.returncode == 0, done.stderr
    assert len(list(out.glob("part-*.jsonl"))) == 5
    assert parts(out) == expected


def test_recipe_on_parquet_equals_the_cli(tmp_path, articles):
    source, expected = articles
    rows = []
    for line in source.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "text" in record:
            rows.append({"id": record["id"], "text": record["text"]})
    table = pa.Table.from_pylist(rows)
    inputs = tmp_path / "archive"
    inputs.mkdir()
    pq.write_table(table.slice(0, 70), inputs / "a.parquet", row_group_size=25)
    pq.write_table(table.slice(70), inputs / "b.parquet", row_group_size=25)
    out = tmp_path / "out"
    done = run_recipe(f"{inputs}/*.parquet", out)
    assert done.returncode == 0, done.stderr
    assert len(list(out.glob("part-*.jsonl"))) == 5  # one per row group
    assert parts(out) == expected


def test_recipe_will_not_mix_its_parts_with_an_earlier_run(tmp_path, articles):
    source, _ = articles
    out = tmp_path / "out"
    out.mkdir()
    (out / "part-00000.jsonl").write_text("{}\n", encoding="utf-8")
    done = run_recipe(source, out, "--scheduler", "synchronous")
    assert done.returncode != 0
    assert "already holds" in done.stderr
    assert (out / "part-00000.jsonl").read_text(encoding="utf-8") == "{}\n"
