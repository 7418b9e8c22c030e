"""The evaluation gate (scripts/evaluate, scripts/eval_gate.py): how figures
are held to the floors pinned in eval_floors.json, which acts each set runs
with, and what it says when the data is missing.  No shared data is needed:
the command-line cases run the real engine on a one-article set and a
stand-in scorer."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVALUATE = ROOT / "scripts" / "evaluate"


def _load_gate():
    spec = importlib.util.spec_from_file_location("eval_gate", ROOT / "scripts" / "eval_gate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gate = _load_gate()

TOLERANCE = 0.005
PINNED = 0.9


def _run(figure: float | None = PINNED, sha256: str = "a" * 64, scorer: str = "b" * 64, acts: str = "speech") -> dict:
    """One set's measurement with every figure at PINNED but all-types quote F1 at ``figure``."""
    figures = {group: {field: PINNED for field in gate.FIELDS} for group in gate.TYPE_GROUPS}
    figures["all"]["quote_f1"] = figure
    return {"gold": "news-dev.jsonl", "sha256": sha256, "scorer_sha256": scorer, "acts": acts, "figures": figures}


def _floors(**sets) -> dict:
    floors = gate.pinned_floors(None, sets or {"news-dev": _run()})
    assert floors["tolerance"] == TOLERANCE
    return floors


# --- a figure against its floor ----------------------------------------------


@pytest.mark.parametrize(
    ("measured", "below", "above"),
    [
        pytest.param(0.9, False, False, id="at its pin"),
        pytest.param(0.8962, False, False, id="under its pin within tolerance"),
        pytest.param(0.895, False, False, id="exactly at pin minus tolerance"),
        pytest.param(0.8949, True, False, id="just under pin minus tolerance"),
        pytest.param(0.5, True, False, id="far under its floor"),
        pytest.param(None, True, False, id="no longer measured at all"),
        pytest.param(0.9049, False, False, id="above its pin within tolerance"),
        pytest.param(0.95, False, True, id="well above its pin"),
    ],
)
def test_a_figure_fails_only_below_its_pin_minus_tolerance(measured, below, above):
    report = gate.compare(_floors(), {"news-dev": _run(measured)})

    assert [f.where for f in report.below] == (["news-dev all quote_f1"] if below else [])
    assert [f.where for f in report.above] == (["news-dev all quote_f1"] if above else [])
    assert report.passed is not below
    assert not report.changed and not report.unpinned


def test_a_figure_under_its_floor_is_named_with_pin_and_measurement():
    report = gate.compare(_floors(), {"news-dev": _run(0.8)})
    (line,) = gate.report_lines(report, TOLERANCE)

    assert line == "BELOW FLOOR news-dev all quote_f1: pinned 0.9000, measured 0.8000 (allowed down to 0.8950)"


def test_a_figure_well_above_its_pin_suggests_raising_the_floors():
    report = gate.compare(_floors(), {"news-dev": _run(0.95)})
    (line,) = gate.report_lines(report, TOLERANCE)

    assert line.startswith("above pin news-dev all quote_f1: pinned 0.9000, measured 0.9500")
    assert "scripts/evaluate --pin" in line


def test_a_figure_measured_for_the_first_time_is_reported_as_not_pinned():
    floors = _floors(**{"news-dev": _run()})
    del floors["sets"]["news-dev"]["figures"]["mixed"]["role_accuracy"]
    report = gate.compare(floors, {"news-dev": _run()})

    assert report.passed
    assert [f.where for f in report.new] == ["news-dev mixed role_accuracy"]


# --- floors that no longer apply ---------------------------------------------


@pytest.mark.parametrize(
    ("changed", "said"),
    [
        pytest.param({"sha256": "c" * 64}, "the gold file news-dev.jsonl changed", id="gold file changed"),
        pytest.param({"scorer": "d" * 64}, "the scorer score.py changed", id="scorer changed"),
        pytest.param({"acts": "speech,position"}, "now runs with acts speech,position", id="acts changed"),
    ],
)
def test_a_changed_corpus_scorer_or_acts_is_reported_as_such_not_as_a_regression(changed, said):
    # every figure collapsed, yet none is called a regression: the pins were measured on something else
    report = gate.compare(_floors(), {"news-dev": _run(0.1, **changed)})
    lines = gate.report_lines(report, TOLERANCE)

    assert not report.passed
    assert report.below == [] and report.above == []
    assert len(lines) == 1
    assert lines[0].startswith("FLOORS NO LONGER APPLY (not a regression) news-dev: ")
    assert said in lines[0]
    assert "scripts/evaluate --pin" in lines[0]


def test_a_set_without_floors_fails_the_check():
    report = gate.compare(_floors(), {"polnear-train": _run()})

    assert not report.passed
    assert gate.report_lines(report, TOLERANCE) == [
        "NOT PINNED polnear-train: no floors for this set; pin them with scripts/evaluate --pin"
    ]


# --- pinning -----------------------------------------------------------------


def test_pinning_keeps_the_tolerance_and_the_sets_not_run_and_drops_figures_not_measured():
    old = _floors(**{"seed": _run(), "news-dev": _run()})
    old["tolerance"] = 0.01
    run = _run(0.95)
    run["figures"]["mixed"]["role_accuracy"] = None

    new = gate.pinned_floors(old, {"news-dev": run})

    assert new["tolerance"] == 0.01
    assert new["sets"]["seed"] == old["sets"]["seed"]
    assert new["sets"]["news-dev"]["figures"]["all"]["quote_f1"] == 0.95
    assert "role_accuracy" not in new["sets"]["news-dev"]["figures"]["mixed"]
    assert list(new["sets"]) == ["seed", "news-dev"]


def test_pinning_lists_every_floor_it_lowers():
    old = _floors()
    new = gate.pinned_floors(old, {"news-dev": _run(0.85)})

    assert [(f.where, f.pinned, f.measured) for f in gate.lowered(old, new)] == [("news-dev all quote_f1", 0.9, 0.85)]
    assert gate.lowered(old, gate.pinned_floors(old, {"news-dev": _run(0.95)})) == []


# --- acts per set ------------------------------------------------------------


@pytest.mark.parametrize(
    ("set_name", "acts", "flag"),
    [
        pytest.param("seed", "speech", [], id="seed: the default, no flag"),
        pytest.param("news-dev", "speech", [], id="news-dev: the default, no flag"),
        pytest.param("polnear-dev", "speech,position", ["--acts", "speech,position"], id="polnear-dev: positions too"),
        pytest.param("polnear-train", "speech,position", ["--acts", "speech,position"], id="polnear-train: positions too"),
    ],
)
def test_each_set_runs_the_engine_with_the_acts_it_annotates(set_name, acts, flag):
    command = gate.extract_command("python", Path(f"{set_name}.jsonl"), Path("out.jsonl"), gate.acts_for(set_name))

    assert gate.acts_for(set_name) == acts
    assert command == ["python", "-m", "service", "extract", f"{set_name}.jsonl", "-o", "out.jsonl", *flag]


# --- the committed floors file -----------------------------------------------


def test_the_floors_file_pins_every_default_set_group_and_field_it_can():
    floors = json.loads(gate.FLOORS_FILE.read_text(encoding="utf-8"))

    assert 0 < floors["tolerance"] <= 0.02
    assert list(floors["sets"]) == list(gate.DEFAULT_SETS)
    for set_name, pins in floors["sets"].items():
        assert pins["gold"] == f"{set_name}.jsonl"
        assert re.fullmatch(r"[0-9a-f]{64}", pins["sha256"]) and re.fullmatch(r"[0-9a-f]{64}", pins["scorer_sha256"])
        assert pins["acts"] == gate.acts_for(set_name), f"{set_name} was pinned with other acts than it runs with"
        assert list(pins["figures"]) == list(gate.TYPE_GROUPS)
        for group, fields in pins["figures"].items():
            assert {"quote_f1", "quote_precision", "quote_recall", "attribution_f1"} <= fields.keys() <= set(gate.FIELDS)
            assert all(0 <= v <= 1 for v in fields.values()), (set_name, group)


# --- the command -------------------------------------------------------------

STAND_IN_SCORER = textwrap.dedent(
    """\
    # Stands in for the shared score.py: prints the figures in figures.json beside it.
    import json, pathlib, sys
    assert "--json" in sys.argv and "--types" in sys.argv
    print((pathlib.Path(__file__).parent / "figures.json").read_text())
    """
)


@pytest.fixture
def eval_dir(tmp_path):
    data = tmp_path / "eval"
    data.mkdir()
    (data / "seed.jsonl").write_text(
        json.dumps({"id": "a1", "text": "“We are ready,” said Jane Smith.", "quotes": []}) + "\n", encoding="utf-8"
    )
    (data / "score.py").write_text(STAND_IN_SCORER, encoding="utf-8")
    return data


def _figures(eval_dir: Path, quote_f1: float) -> None:
    figures = {field: 0.9 for field in gate.FIELDS} | {"quote_f1": quote_f1, "role_accuracy": None}
    (eval_dir / "figures.json").write_text(json.dumps(figures), encoding="utf-8")


def _evaluate(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(EVALUATE), *map(str, args)], capture_output=True, text=True, timeout=120)


def test_evaluate_pins_then_checks_then_fails_naming_the_figure_that_fell(eval_dir, tmp_path):
    floors = tmp_path / "floors.json"
    _figures(eval_dir, 0.9)

    pinned = _evaluate("--pin", "--floors", floors, eval_dir, "seed")
    assert pinned.returncode == 0, pinned.stderr
    assert json.loads(floors.read_text())["sets"]["seed"]["figures"]["all"]["quote_f1"] == 0.9
    assert re.search(r"^seed +speech \(default\) +all ", pinned.stdout, re.MULTILINE), pinned.stdout

    assert _evaluate("--check", "--floors", floors, eval_dir, "seed").returncode == 0

    _figures(eval_dir, 0.8)
    fell = _evaluate("--check", "--floors", floors, eval_dir, "seed")
    assert fell.returncode == 1
    assert "BELOW FLOOR seed all quote_f1: pinned 0.9000, measured 0.8000" in fell.stdout
    assert "check FAILED" in fell.stdout


@pytest.mark.parametrize(
    ("remove", "named"),
    [
        pytest.param(None, "the directory", id="no evaluation directory"),
        pytest.param("seed.jsonl", "seed.jsonl", id="a gold set missing"),
        pytest.param("score.py", "score.py", id="the scorer missing"),
    ],
)
def test_evaluate_says_what_data_is_missing_and_how_to_provide_it(eval_dir, tmp_path, remove, named):
    if remove is None:
        where = tmp_path / "nowhere"
    else:
        (eval_dir / remove).unlink()
        where = eval_dir

    result = _evaluate("--check", where, "seed")

    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("evaluate: evaluation data not found: ") and named in line
    assert str(where) in line and "scripts/evaluate [--check | --pin] EVAL_DIR" in line
    assert result.stdout == ""


def test_evaluate_without_shared_data_beside_the_checkout_names_where_it_looked(tmp_path):
    """A checkout with no ../shared/eval: one line naming the directory it
    looked for and how to name another, exit 2, no traceback."""
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    for name in ("evaluate", "eval_gate.py"):
        shutil.copy2(ROOT / "scripts" / name, checkout / "scripts" / name)

    result = subprocess.run([str(checkout / "scripts" / "evaluate"), "--check"],
                            capture_output=True, text=True, timeout=120)

    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert f"evaluation data not found: the directory {tmp_path / 'shared' / 'eval'} " in line
    assert "(the default, ../shared/eval beside the checkout)" in line
    assert "name their directory: scripts/evaluate [--check | --pin] EVAL_DIR [SET ...]" in line
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_set_name_given_where_the_directory_goes_is_explained(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _evaluate("seed")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert "'seed' was read as EVAL_DIR; one set: scripts/evaluate ../shared/eval seed" in line


@pytest.mark.parametrize(
    "quote, mismatched",
    [
        pytest.param({"text": "We are ready,", "start": 1, "end": 14, "speaker": {"text": "Ada Roe", "start": 21, "end": 28},
                      "verb": {"text": "said", "start": 16, "end": 20}}, [], id="every span is the input at its offsets"),
        pytest.param({"text": "We are ready,", "start": 1, "end": 14, "speaker": {"text": "who", "start": 21, "end": 28},
                      "verb": None}, ["doc: speaker 21-28 'who'"], id="a speaker text written as a constant"),
        pytest.param({"text": "We are ready", "start": 1, "end": 14, "speaker": None, "verb": None},
                     ["doc: quote 1-14 'We are ready'"], id="a quote text not the slice"),
    ],
)
def test_span_mismatches(tmp_path, quote, mismatched):
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    gold.write_text(json.dumps({"id": "doc", "text": "“We are ready,” said Ada Roe.", "quotes": []}) + "\n", encoding="utf-8")
    pred.write_text(json.dumps({"id": "doc", "quotes": [quote], "speakers": []}) + "\n", encoding="utf-8")
    assert gate.span_mismatches(gold, pred) == mismatched
