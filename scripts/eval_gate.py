#!/usr/bin/env python3
"""Score the engine on the shared gold sets and hold it to pinned floors.

    scripts/evaluate [--check | --pin] [EVAL_DIR] [SET ...]

Runs ``python -m service extract`` over each gold file (EVAL_DIR/SET.jsonl,
default ../shared/eval and the sets seed, news-dev, polnear-dev), scores it
with EVAL_DIR/score.py for each type group and prints the figures.

``--check`` compares every figure with the floors pinned in
tests/golden/eval_floors.json and exits 1 when any falls below its pin minus
the file's tolerance, naming set, types, field, pinned and measured value.  A
figure well above its pin is reported too: the pin may be raised.  A gold
file, scorer or choice of acts that differs from the one the floors were
measured with is reported as such, not as a regression, and also exits 1:
the pins say nothing about the new figures until someone re-pins.

``--pin`` rewrites the floors of the sets run from this run's figures (the
other sets' floors and the tolerance stay), so raising the floors is one
command; a floor that goes down is listed, and shows as a diff to commit
with its reason.

Exit status: 0 all well, 1 a figure under its floor or floors that no longer
apply, 2 the evaluation could not run (data missing, the engine failed).
Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS_FILE = ROOT / "tests" / "golden" / "eval_floors.json"
DEFAULT_EVAL_DIR = ROOT.parent / "shared" / "eval"
DEFAULT_SETS = ("seed", "news-dev", "polnear-dev")
SCORER = "score.py"
DEFAULT_TOLERANCE = 0.005

#: What each set annotates as reported content, so what the engine is asked
#: to find (``python -m service extract --acts``); the first matching pattern
#: wins.  The news sets annotate speech only; PolNeAR annotates positions
#: (plans, beliefs, votes, stances) as well.
ACTS = (
    ("polnear-*", "speech,position"),
    ("*", "speech"),
)
#: extract's own default: for it no ``--acts`` is passed at all.
ENGINE_DEFAULT_ACTS = "speech"

#: Type groups as named in the floors file, and the scorer's --types for each.
TYPE_GROUPS = {
    "direct": "direct",
    "indirect": "indirect",
    "mixed": "mixed",
    "direct+mixed": "direct,mixed",
    "all": "direct,indirect,mixed",
}
FIELDS = (
    "quote_f1",
    "quote_precision",
    "quote_recall",
    "speaker_accuracy",
    "verb_accuracy",
    "attribution_f1",
    "role_accuracy",
    "affiliation_accuracy",
)
ABOUT = [
    "Floors for scripts/evaluate --check: per set, type group and field, the figure the engine",
    "measured when it was pinned.  The check fails when a figure falls below its pin minus",
    "'tolerance' and says so when one rises above its pin plus 'tolerance'.  'sha256' and",
    "'scorer_sha256' identify the gold file and score.py the figures were measured on, 'acts' what",
    "the engine was asked for (scripts/eval_gate.py, ACTS); when one differs the floors no longer",
    "apply and the set is re-pinned.  Rewrite with scripts/evaluate --pin; lowering a floor is a",
    "deliberate edit whose commit says why.",
]


class EvaluationError(Exception):
    """The evaluation could not run: data missing or the engine failing."""


# --- what runs -------------------------------------------------------------


def acts_for(set_name: str) -> str:
    """The acts the engine is asked for on ``set_name`` (see ACTS)."""
    return next(acts for pattern, acts in ACTS if fnmatch.fnmatchcase(set_name, pattern))


def acts_label(acts: str) -> str:
    return f"{acts} (default)" if acts == ENGINE_DEFAULT_ACTS else acts


def extract_command(python: str, gold: Path, pred: Path, acts: str) -> list[str]:
    """The engine's command line for one gold file."""
    command = [python, "-m", "service", "extract", str(gold), "-o", str(pred)]
    if acts != ENGINE_DEFAULT_ACTS:
        command += ["--acts", acts]
    return command


def score_command(python: str, scorer: Path, gold: Path, pred: Path, types: str) -> list[str]:
    return [python, str(scorer), str(gold), str(pred), "--types", types, "--json"]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def missing_data(eval_dir: Path, sets: list[str]) -> list[str]:
    """What the evaluation needs from ``eval_dir`` and cannot find there."""
    if not eval_dir.is_dir():
        return [f"the directory {eval_dir}"]
    wanted = [SCORER] + [f"{name}.jsonl" for name in sets]
    return [str(eval_dir / name) for name in wanted if not (eval_dir / name).is_file()]


def missing_data_message(eval_dir: Path, missing: list[str]) -> str:
    """One line: what was looked for where, and how to point the
    evaluation at another directory."""
    line = f"evaluate: evaluation data not found: {', '.join(missing)}"
    if eval_dir == DEFAULT_EVAL_DIR:
        line += " (the default, ../shared/eval beside the checkout)"
    line += f"; put the gold sets (SET.jsonl) and {SCORER} there, or name their directory: " \
        "scripts/evaluate [--check | --pin] EVAL_DIR [SET ...]"
    if eval_dir.name in DEFAULT_SETS and not eval_dir.exists():
        line += f" ('{eval_dir.name}' was read as EVAL_DIR; one set: scripts/evaluate ../shared/eval {eval_dir.name})"
    return line


def _run(command: list[str], what: str) -> str:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-15:])
        raise EvaluationError(f"evaluate: {what} failed (exit {result.returncode}):\n  {' '.join(command)}\n{tail}")
    return result.stdout


def measure(eval_dir: Path, set_name: str, python: str, work: Path) -> dict:
    """One set's run: the gold file's and scorer's digests, the acts, and
    every figure per type group (None where the scorer has nothing to count)."""
    gold = eval_dir / f"{set_name}.jsonl"
    scorer = eval_dir / SCORER
    pred = work / f"{set_name}.pred.jsonl"
    acts = acts_for(set_name)
    _run(extract_command(python, gold, pred, acts), f"the engine on {set_name} (acts {acts})")
    mismatches = span_mismatches(gold, pred)
    if mismatches:
        raise SpanMismatch(set_name, mismatches)
    figures = {}
    for group, types in TYPE_GROUPS.items():
        result = json.loads(_run(score_command(python, scorer, gold, pred, types), f"scoring {set_name} ({types})"))
        figures[group] = {field: result.get(field) for field in FIELDS}
    return {
        "gold": gold.name,
        "sha256": sha256(gold),
        "scorer_sha256": sha256(scorer),
        "acts": acts,
        "figures": figures,
    }


class SpanMismatch(Exception):
    """A returned span whose text is not the input at its offsets."""

    def __init__(self, set_name: str, mismatches: list[str]):
        self.set_name, self.mismatches = set_name, mismatches
        shown = "\n".join("  " + line for line in mismatches[:MAX_MISMATCHES_SHOWN])
        more = len(mismatches) - MAX_MISMATCHES_SHOWN
        super().__init__(
            f"evaluate: {len(mismatches)} span(s) in the {set_name} output whose text is not the input at their offsets:\n"
            + shown + (f"\n  … and {more} more" if more > 0 else "")
        )


MAX_MISMATCHES_SHOWN = 10


def span_mismatches(gold: Path, pred: Path) -> list[str]:
    """Every returned span (quote, speaker, verb, mention) whose ``text`` is not
    the article sliced at its ``start`` and ``end``, as "id: kind start-end"."""
    texts = {}
    with gold.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                doc = json.loads(line)
                texts[doc["id"]] = doc["text"]
    found = []
    with pred.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            doc = json.loads(line)
            text = texts.get(doc.get("id"), "")
            spans = []
            for quote in doc.get("quotes", []):
                spans.append(("quote", quote))
                if quote.get("speaker") and quote["speaker"].get("start", -1) >= 0:
                    spans.append(("speaker", quote["speaker"]))
                if quote.get("verb"):
                    spans.append(("verb", quote["verb"]))
            for speaker in doc.get("speakers", []):
                spans += [("mention", mention) for mention in speaker.get("mentions", [])]
            for kind, span in spans:
                if text[span["start"] : span["end"]] != span["text"]:
                    found.append(f"{doc.get('id')}: {kind} {span['start']}-{span['end']} {span['text']!r}")
    return found


# --- comparing with the floors ---------------------------------------------


@dataclass(frozen=True)
class Figure:
    set: str
    types: str
    field: str
    pinned: float | None
    measured: float | None

    @property
    def where(self) -> str:
        return f"{self.set} {self.types} {self.field}"


@dataclass
class Report:
    below: list[Figure]          # under pin - tolerance, or no longer measured
    above: list[Figure]          # over pin + tolerance
    new: list[Figure]            # measured, never pinned
    changed: list[str]           # sets whose floors no longer apply, and why
    unpinned: list[str]          # sets run that have no floors

    @property
    def passed(self) -> bool:
        return not (self.below or self.changed or self.unpinned)


def _difference(a: float, b: float) -> float:
    # the scorer rounds to 4 places: compare at that grain, free of float noise
    return round(a - b, 6)


def compare(floors: dict, measured: dict[str, dict]) -> Report:
    """Each measured set against its floors."""
    tolerance = floors["tolerance"]
    report = Report([], [], [], [], [])
    for set_name, run in measured.items():
        pinned = floors.get("sets", {}).get(set_name)
        if pinned is None:
            report.unpinned.append(set_name)
            continue
        reasons = []
        if pinned.get("sha256") != run["sha256"]:
            reasons.append(
                f"the gold file {run['gold']} changed (sha256 {run['sha256'][:12]}…, pinned {str(pinned.get('sha256'))[:12]}…)"
            )
        if pinned.get("scorer_sha256") != run["scorer_sha256"]:
            reasons.append(
                f"the scorer {SCORER} changed (sha256 {run['scorer_sha256'][:12]}…, pinned {str(pinned.get('scorer_sha256'))[:12]}…)"
            )
        if pinned.get("acts") != run["acts"]:
            reasons.append(f"the engine now runs with acts {run['acts']}, the floors were measured with {pinned.get('acts')}")
        if reasons:
            report.changed.append(f"{set_name}: " + "; ".join(reasons))
            continue
        for group, fields in run["figures"].items():
            pinned_fields = pinned.get("figures", {}).get(group, {})
            for field, value in fields.items():
                floor = pinned_fields.get(field)
                figure = Figure(set_name, group, field, floor, value)
                if floor is None:
                    if value is not None:
                        report.new.append(figure)
                elif value is None or _difference(floor, value) > tolerance:
                    report.below.append(figure)
                elif _difference(value, floor) > tolerance:
                    report.above.append(figure)
            for field in pinned_fields.keys() - fields.keys():
                report.below.append(Figure(set_name, group, field, pinned_fields[field], None))
    return report


def _value(v: float | None) -> str:
    return "nothing" if v is None else f"{v:.4f}"


def report_lines(report: Report, tolerance: float) -> list[str]:
    lines = []
    for reason in report.changed:
        lines.append(f"FLOORS NO LONGER APPLY (not a regression) {reason}: its figures were not compared; "
                     "review them and re-pin with scripts/evaluate --pin")
    for set_name in report.unpinned:
        lines.append(f"NOT PINNED {set_name}: no floors for this set; pin them with scripts/evaluate --pin")
    for f in report.below:
        lines.append(
            f"BELOW FLOOR {f.where}: pinned {_value(f.pinned)}, measured {_value(f.measured)} "
            f"(allowed down to {f.pinned - tolerance:.4f})"
        )
    for f in report.above:
        lines.append(
            f"above pin {f.where}: pinned {_value(f.pinned)}, measured {_value(f.measured)} "
            f"(+{f.measured - f.pinned:.4f}): raise the floors with scripts/evaluate --pin"
        )
    for f in report.new:
        lines.append(f"not pinned {f.where}: measured {_value(f.measured)}: pin it with scripts/evaluate --pin")
    return lines


# --- pinning -----------------------------------------------------------------


def pinned_floors(floors: dict | None, measured: dict[str, dict]) -> dict:
    """The floors file after pinning the measured sets; the other sets' floors
    and the tolerance are kept."""
    floors = floors or {}
    sets = dict(floors.get("sets", {}))
    for set_name, run in measured.items():
        sets[set_name] = {
            "gold": run["gold"],
            "sha256": run["sha256"],
            "scorer_sha256": run["scorer_sha256"],
            "acts": run["acts"],
            "figures": {
                group: {field: value for field, value in fields.items() if value is not None}
                for group, fields in run["figures"].items()
            },
        }
    return {
        "about": ABOUT,
        "tolerance": floors.get("tolerance", DEFAULT_TOLERANCE),
        "sets": {name: sets[name] for name in sorted(sets, key=_set_order)},
    }


def _set_order(name: str) -> tuple[int, str]:
    return (DEFAULT_SETS.index(name) if name in DEFAULT_SETS else len(DEFAULT_SETS), name)


def lowered(old: dict | None, new: dict) -> list[Figure]:
    """Floors that a re-pin moved down."""
    out = []
    for set_name, pins in (old or {}).get("sets", {}).items():
        for group, fields in pins.get("figures", {}).items():
            for field, before in fields.items():
                after = new["sets"].get(set_name, {}).get("figures", {}).get(group, {}).get(field)
                if after is None or after < before:
                    out.append(Figure(set_name, group, field, before, after))
    return out


def read_floors(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_floors(path: Path, floors: dict) -> None:
    path.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")


# --- output and command line -------------------------------------------------


def table_lines(measured: dict[str, dict]) -> list[str]:
    row = "%-12s %-18s %-13s %7s %7s %7s %7s %7s %7s %13s"
    lines = [row % ("set", "acts", "types", "quoteF1", "prec", "recall", "speaker", "verb", "attrF1", "role/aff")]
    f = lambda v: "-" if v is None else "%.3f" % v  # noqa: E731
    for set_name, run in measured.items():
        for group, r in run["figures"].items():
            lines.append(row % (
                set_name, acts_label(run["acts"]), group, f(r["quote_f1"]), f(r["quote_precision"]),
                f(r["quote_recall"]), f(r["speaker_accuracy"]), f(r["verb_accuracy"]), f(r["attribution_f1"]),
                f(r["role_accuracy"]) + "/" + f(r["affiliation_accuracy"]),
            ))
    return lines


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if os.access(venv, os.X_OK) else sys.executable


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/evaluate",
        description="Score the engine on the shared gold sets; --check holds the figures to their pinned floors.",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="fail (exit 1) when a figure falls below its floor")
    mode.add_argument("--pin", action="store_true", help="rewrite the floors of the sets run from this run")
    parser.add_argument("--floors", type=Path, default=FLOORS_FILE, help="floors file (default: %(default)s)")
    parser.add_argument("eval_dir", nargs="?", type=Path, default=DEFAULT_EVAL_DIR,
                        help="directory of the gold sets and score.py (default: ../shared/eval)")
    parser.add_argument("sets", nargs="*", metavar="SET",
                        help=f"gold sets, EVAL_DIR/SET.jsonl (default: {' '.join(DEFAULT_SETS)})")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sets = list(dict.fromkeys(args.sets)) or list(DEFAULT_SETS)
    eval_dir = args.eval_dir.absolute()
    missing = missing_data(eval_dir, sets)
    if missing:
        print(missing_data_message(eval_dir, missing), file=sys.stderr)
        return 2
    floors = None
    if args.check or args.pin:
        if args.floors.is_file():
            floors = read_floors(args.floors)
        elif args.check:
            print(f"evaluate: no floors file at {args.floors}; create it with scripts/evaluate --pin", file=sys.stderr)
            return 2

    measured = {}
    python = _python()
    try:
        with tempfile.TemporaryDirectory(prefix="evaluate-") as work:
            for set_name in sets:
                measured[set_name] = measure(eval_dir, set_name, python, Path(work))
    except EvaluationError as error:
        print(error, file=sys.stderr)
        return 2
    except SpanMismatch as error:
        print(error, file=sys.stderr)
        return 1
    print("\n".join(table_lines(measured)))

    if args.pin:
        new = pinned_floors(floors, measured)
        write_floors(args.floors, new)
        count = sum(len(fields) for s in sets for fields in new["sets"][s]["figures"].values())
        print(f"\npinned {count} figures of {', '.join(sets)} in {args.floors} (tolerance {new['tolerance']})")
        for f in lowered(floors, new):
            print(f"LOWERED {f.where}: {_value(f.pinned)} -> {_value(f.measured)}: say why in the commit")
        return 0
    if args.check:
        report = compare(floors, measured)
        lines = report_lines(report, floors["tolerance"])
        print()
        print("\n".join(lines) if lines else "every figure is within its floor's tolerance")
        print(f"check {'passed' if report.passed else 'FAILED'}: {len(sets)} set(s) against {args.floors}"
              f" (tolerance {floors['tolerance']})")
        return 0 if report.passed else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
