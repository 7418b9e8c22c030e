"""``python -m service.recipes.dask_quotes``, run locally: the same lines as
``python -m service extract`` for the same articles (both write
``Result.to_dict()``), from JSON Lines (plain or compressed, text or HTML)
and from Parquet; and the ``[dask]`` extra installs what it needs."""

from __future__ import annotations

import ast
import gzip
import importlib.metadata
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import service.recipes.dask_quotes as recipe

ROOT = Path(__file__).resolve().parents[2]


def run_recipe(*args, command=(sys.executable, "-m", "service.recipes.dask_quotes")):
    return subprocess.run(
        [*command, *map(str, args)],
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


def test_html_articles_and_utf16_offsets_equal_the_cli(tmp_path, run_cli):
    source = tmp_path / "pages.jsonl"
    lines = []
    for k in range(30):
        said = f"“Week {k} \U0001f6a7 of roadworks is enough,” said shopkeeper Ysolde Marrin."
        line = {"id": k, "html": f"<p><b>Roadworks</b></p><p>{said}</p>"} if k % 2 else {"id": k, "text": said}
        lines.append(json.dumps(line, ensure_ascii=False))
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = run_cli("extract", source, "--offsets", "utf16").stdout
    out = tmp_path / "out"
    done = run_recipe(source, out, "--partitions", "2", "--scheduler", "synchronous", "--offsets", "utf16")
    assert done.returncode == 0, done.stderr
    assert parts(out) == expected
    first_page = json.loads(expected.splitlines()[1])
    assert first_page["text"].startswith("Roadworks") and "html_start" in first_page["quotes"][0]


def test_the_old_script_path_still_runs_the_recipe(tmp_path, articles):
    source, expected = articles
    out = tmp_path / "out"
    done = run_recipe(source, out, "--scheduler", "synchronous",
                      command=(sys.executable, str(ROOT / "recipes" / "dask_quotes.py")))
    assert done.returncode == 0, done.stderr
    assert parts(out) == expected


def _third_party_imports(path: Path) -> set[str]:
    """Top-level packages a module imports, the standard library and this one left out."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"service", "__future__"}


def test_the_dask_extra_installs_what_the_recipe_imports_and_nothing_else():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    wanted = {re.match(r"[A-Za-z0-9_.-]+(\[[^]]*\])?", spec).group(0) for spec in extras["dask"]}
    assert wanted == {"dask[bag]", "pyarrow"}
    # fsspec reads the files; it is a requirement of dask itself
    dask_needs = {re.match(r"[A-Za-z0-9_.-]+", spec).group(0) for spec in importlib.metadata.requires("dask")}
    assert "fsspec" in dask_needs
    assert _third_party_imports(Path(recipe.__file__)) == {"dask", "fsspec", "pyarrow"}
