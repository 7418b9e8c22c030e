"""Command line: ``python -m service extract [FILE|-]`` and friends.

``extract`` reads JSON Lines (objects with ``id`` and ``text``; other keys are
ignored) and writes one line per article, ``{"id", "quotes", "speakers"}``,
with exactly the records the HTTP API returns.  Bad lines are reported on
stderr with their line number and skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict

from . import __version__
from .engine import LEXICON_VERSION, QUOTE_TYPES, extract


def _types(value: str) -> tuple[str, ...]:
    chosen = tuple(t.strip() for t in value.split(",") if t.strip())
    unknown = [t for t in chosen if t not in QUOTE_TYPES]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"types are a comma-separated subset of {','.join(QUOTE_TYPES)}")
    return chosen


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m service", description="Quotation attribution.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__} (lexicons {LEXICON_VERSION})")
    commands = parser.add_subparsers(dest="command", required=True)
    ex = commands.add_parser("extract", help="extract quotations from JSON Lines articles")
    ex.add_argument("file", nargs="?", default="-", help="JSON Lines input, or - for standard input (default)")
    ex.add_argument("--types", type=_types, default=QUOTE_TYPES, help="comma-separated quote types (default: all)")
    ex.add_argument("-o", "--output", default="-", help="where to write JSON Lines (default: standard output)")
    commands.add_parser("bench", help="benchmarks (see python -m service bench --help)", add_help=False)
    commands.add_parser("smoke", help="check a deployed instance (see python -m service smoke --help)", add_help=False)
    return parser


def article_record(article_id, text: str, types=QUOTE_TYPES) -> dict:
    """The line written for one article."""
    result = extract(text, types)
    return {
        "id": article_id,
        "quotes": [asdict(q) for q in result.quotes],
        "speakers": [asdict(s) for s in result.speakers],
    }


def _read_article(line: str, number: int) -> tuple[object, str] | str:
    """(id, text) or an error message."""
    try:
        record = json.loads(line)
    except ValueError as error:
        return f"line {number}: not JSON ({error})"
    if not isinstance(record, dict):
        return f"line {number}: not a JSON object"
    text = record.get("text")
    if not isinstance(text, str):
        return f"line {number}: missing string field 'text'"
    return record.get("id", number), text


def run_extract(args) -> int:
    source = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")
    sink = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    show_progress = args.file != "-"
    done = errors = 0
    started = time.monotonic()
    with source, sink:
        for number, line in enumerate(source, 1):
            if not line.strip():
                continue
            article = _read_article(line, number)
            if isinstance(article, str):
                errors += 1
                print(f"skipped {article}", file=sys.stderr)
                continue
            sink.write(json.dumps(article_record(*article, types=args.types), ensure_ascii=False) + "\n")
            done += 1
            if show_progress and done % 100 == 0:
                print(f"\r{done} articles", end="", file=sys.stderr)
    if show_progress:
        print(f"\r{done} articles, {errors} skipped, {time.monotonic() - started:.1f}s", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:
        from .benchmark import main as bench

        return bench(argv[1:])
    if argv[:1] == ["smoke"]:
        from .smoke import main as smoke

        return smoke(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "extract":
        return run_extract(args)
    return 2
