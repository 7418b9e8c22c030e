"""Command line: ``quotes extract [FILE|-]`` and friends (``quotes`` is the
console command the package installs; ``python -m service`` is the same;
``quotes verify DRAFT --source FILE …``: see service/verify_report.py).

``extract`` reads JSON Lines (objects with ``id`` and ``text`` or ``html``;
other keys are ignored) and writes one line per article, ``{"id", "quotes",
"speakers"}`` (and ``"text"`` for HTML), with exactly the records the HTTP API
returns: each line is ``Result.to_dict()`` from ``service.engine.extract_many``.
Lines that are not articles are reported on stderr with their line number and
skipped; a line without an id gets its line number as its id, and an id used
twice is warned about, both on stderr.

It is built for archives: the input is streamed a line at a time and every
result is written as soon as it is ready, so memory stays flat however long
the stream.  ``--workers N`` spreads the articles over N processes and still
writes them in input order; ``--resume`` continues an output file that an
earlier run left unfinished, and Ctrl-C or SIGTERM stop a run between two
output lines.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import signal
import stat
import sys
import time
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

from . import __version__
from .engine import DEFAULT_ACTS, LEXICON_VERSION, OFFSET_UNITS, QUOTE_ACTS, QUOTE_TYPES, Result, extract_many
from .engine.library import record_problem


def _subset(name: str, allowed: tuple[str, ...]):
    """An argument type: a comma-separated, non-empty subset of ``allowed``."""

    def parse(value: str) -> tuple[str, ...]:
        chosen = tuple(t.strip() for t in value.split(",") if t.strip())
        unknown = [t for t in chosen if t not in allowed]
        if unknown or not chosen:
            raise argparse.ArgumentTypeError(f"{name} are a comma-separated subset of {','.join(allowed)}")
        return chosen

    return parse


_types = _subset("types", QUOTE_TYPES)
_acts = _subset("acts", QUOTE_ACTS)


def _workers(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        count = -1
    if count < 0:
        raise argparse.ArgumentTypeError("workers is a whole number (0 for one per CPU)")
    return count or os.cpu_count() or 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quotes", description="Quotation attribution.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__} (lexicons {LEXICON_VERSION})")
    commands = parser.add_subparsers(dest="command", required=True)
    ex = commands.add_parser(
        "extract",
        help="extract quotations from JSON Lines articles",
        description="Extract quotations from JSON Lines articles (objects with 'id' and 'text' or 'html'), "
        "one result line per article, in input order.  A summary line goes to stderr at the end, and every "
        "bad line is reported there: lines that are not articles (skipped), lines without an id (their line "
        "number is their id), ids used twice.",
    )
    ex.add_argument("file", nargs="?", default="-", help="JSON Lines input, or - for standard input (default)")
    ex.add_argument("--types", type=_types, default=QUOTE_TYPES, help="comma-separated quote types (default: all)")
    ex.add_argument(
        "--acts", type=_acts, default=DEFAULT_ACTS,
        help="comma-separated acts: speech (said, wrote, according to), position (beliefs, plans, votes, "
        "stances, findings) (default: speech)",
    )
    ex.add_argument(
        "--offsets", choices=OFFSET_UNITS, default=OFFSET_UNITS[0],
        help="unit of every start/end: codepoints (Python string indices, default) or utf16 (JavaScript)",
    )
    ex.add_argument("-o", "--output", default="-", help="where to write JSON Lines (default: standard output)")
    ex.add_argument(
        "--workers", type=_workers, default=1, metavar="N",
        help="worker processes (default: 1, in this process; 0: one per CPU); output order is kept",
    )
    ex.add_argument(
        "--resume", action="store_true",
        help="append to --output, skipping articles whose ids it already holds "
        "(a cut-off last line left by an interrupted run is removed first)",
    )
    ex.add_argument(
        "--strict", action="store_true",
        help="exit with status 1 when any line was bad (not an article, no id, or an id used before)",
    )
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress or summary line; problems are still reported")
    ve = commands.add_parser(
        "verify",
        help="check a draft's quotations against their sources",
        description="Check every quotation of a draft against its sources (transcripts, press releases, "
        "earlier articles, wire copy).  Exits 1 when any quotation is altered or not found, 0 otherwise.",
    )
    ve.add_argument("draft", help="the draft as a text file, or - for standard input")
    ve.add_argument("--source", action="append", required=True, metavar="FILE",
                    help="a source text file (repeat for several); its path is its id")
    ve.add_argument("--html", action="store_true", help="the draft is HTML")
    ve.add_argument("--json", action="store_true", help="write the checks as JSON, as the API returns them")
    ve.add_argument("--types", type=_types, default=QUOTE_TYPES, help="comma-separated quote types (default: all)")
    ve.add_argument("--acts", type=_acts, default=DEFAULT_ACTS, help="comma-separated acts (default: speech)")
    commands.add_parser("bench", help="benchmarks (see quotes bench --help)", add_help=False)
    commands.add_parser("smoke", help="check a deployed instance (see quotes smoke --help)", add_help=False)
    return parser


def output_line(result: Result) -> str:
    """The output line for one analysed article, without its newline."""
    return json.dumps(result.to_dict(), ensure_ascii=False)


def parse_article(line: str | bytes) -> dict | str:
    """The article object on one JSON Lines line, or why it is not one."""
    try:
        record = json.loads(line)
    except ValueError as error:  # UnicodeDecodeError included
        return f"not JSON ({error})"
    problem = record_problem(record)
    return record if problem is None else problem


def id_key(article_id) -> str:
    """How an id is compared when resuming: its JSON form, so 7 and "7" differ."""
    return json.dumps(article_id, ensure_ascii=False)


# What one non-blank input line becomes on its way to the writer.
FED = "fed"  # its article went to the engine: one result will come for it
BAD = "bad"  # not an article: skipped
DONE = "done"  # the output already holds its id (--resume)


@dataclass(slots=True)
class _Line:
    """An input line (or, for DONE, a run of them) in input order."""

    kind: str
    number: int
    end: int  # bytes of input read up to the end of it
    notes: list[str] = field(default_factory=list)  # what to report about it
    count: int = 1


class _Reader:
    """Articles from a binary JSON Lines stream, for ``extract_many``.

    Every non-blank line is queued in ``pending`` in input order — also those
    that are not articles or are already done — before its article, if any,
    is handed on.  The writer takes one entry per result (reporting the
    others it passes), so what is said about each line comes in input order
    even though the lines may be read ahead by a worker pool's feeder
    thread.  A line without an id is given its line number; ids are
    remembered by hash to warn about repeats.
    """

    def __init__(self, stream: BinaryIO, done: set[str]):
        self.stream = stream
        self.done = done
        self.pending: collections.deque[_Line] = collections.deque()
        self.seen: dict[int, int] = {}  # hash of an id's key -> the line it was first on
        try:
            info = os.fstat(stream.fileno())
        except (OSError, ValueError, AttributeError):
            info = None
        # Only a regular file has a size to show a percentage of (not a pipe).
        self.size = info.st_size if info is not None and stat.S_ISREG(info.st_mode) else None

    def articles(self) -> Iterator[dict]:
        read = 0
        already: _Line | None = None  # a run of done lines not queued yet
        for number, line in enumerate(_lines(self.stream), 1):
            read += len(line)
            if not line.strip():
                continue
            article = parse_article(line)
            if isinstance(article, str):
                entry = _Line(BAD, number, read, [f"line {number}: {article}"])
            else:
                notes = []
                if article.get("id") is None:
                    article = {**article, "id": number}
                    notes.append(f"line {number} has no 'id': its line number, {number}, is its id in the output")
                key = id_key(article["id"])
                first = self.seen.setdefault(hash(key), number)
                if first != number:
                    notes.append(
                        f"line {number} repeats the id {key[:60]} of line {first}: --resume tells articles "
                        "apart by id, so a resumed run would skip one of them"
                    )
                if key in self.done and not notes:
                    # Runs of done lines are queued as one entry, so a resumed run
                    # far into a file does not queue a million of them.
                    if already is None:
                        already = _Line(DONE, number, read, count=0)
                    already.count, already.end = already.count + 1, read
                    continue
                entry = _Line(DONE if key in self.done else FED, number, read, notes)
            if already is not None:
                self.pending.append(already)
                already = None
            self.pending.append(entry)
            if entry.kind == FED:
                yield article
        if already is not None:
            self.pending.append(already)


#: Bytes asked of the input at a time.
READ_BYTES = 1 << 16


def _lines(stream: BinaryIO) -> Iterator[bytes]:
    """The lines of ``stream`` (each with its newline, the last maybe
    without), read straight from its file descriptor.

    With worker processes the input is read in a thread of its own, which
    may still be waiting on a pipe when the run is stopped.  Reading through
    the descriptor leaves the stream's own buffer, and its lock, alone: a
    thread waiting inside a buffered read would hold that lock while the
    interpreter shuts down.
    """
    try:
        fd = stream.fileno()
    except (OSError, AttributeError, ValueError):
        yield from stream
        return
    partial: list[bytes] = []  # pieces of a line longer than one read
    while chunk := os.read(fd, READ_BYTES):
        pieces = chunk.split(b"\n")
        if len(pieces) == 1:
            partial.append(chunk)
            continue
        if partial:
            pieces[0] = b"".join([*partial, pieces[0]])
        for piece in pieces[:-1]:
            yield piece + b"\n"
        partial = [pieces[-1]] if pieces[-1] else []
    if partial:
        yield b"".join(partial)


class Progress:
    """Articles done and their rate on stderr: a line redrawn in place while
    stderr is a terminal, and one summary line at the end."""

    def __init__(self, stream, source: _Reader | None, live: bool | None = None):
        self.stream = stream
        self.source = source
        self.live = stream.isatty() if live is None else live
        self.started = time.monotonic()
        self.drawn = float("-inf")  # the first tick draws at once
        self.done = self.quotes = self.bad = self.failed = self.already = 0
        self.bytes_done = 0
        self.dirty = False

    def tick(self) -> None:
        if self.live and time.monotonic() - self.drawn >= 0.25:
            self._draw()

    def message(self, text: str) -> None:
        if self.dirty:
            self.stream.write("\r\x1b[K")
            self.dirty = False
        print(text, file=self.stream, flush=True)

    def _rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def _draw(self) -> None:
        self.drawn = time.monotonic()
        parts = [f"{self.done:,} articles", f"{self._rate():,.1f}/s"]
        if self.source is not None and self.source.size:
            parts.append(f"{min(self.bytes_done / self.source.size, 1):.0%}")
        if self.already:
            parts.append(f"{self.already:,} already done")
        if self.bad:
            parts.append(f"{self.bad:,} bad lines")
        self.stream.write("\r\x1b[K" + "  ".join(parts))
        self.stream.flush()
        self.dirty = True

    def summary(self, stopped: str | None = None) -> None:
        """The summary line; ``stopped`` says how to go on after an interruption."""
        elapsed = time.monotonic() - self.started
        line = f"{self.done} articles, {self.quotes} quotes, {self.bad} bad lines"
        if self.already:
            line += f", {self.already} already done"
        if self.failed:
            line += f", {self.failed} failed"
        line += f", {elapsed:.1f}s ({self._rate():.1f} articles/s)"
        if stopped:
            line += f"; {stopped}"
        self.message(line)


class Interrupted(KeyboardInterrupt):
    """The run was asked to stop (Ctrl-C or SIGTERM)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class _StopSignals:
    """SIGINT and SIGTERM stop the run, never in the middle of an output line.

    The first signal raises ``Interrupted`` in the main thread — at once
    while it waits for a result, after the line while one is being written —
    and later ones are ignored while the run shuts its workers down and
    closes the output.  A worker process forked before it set its own
    handlers dies of the signal as it would have without them.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self):
        self.pid = os.getpid()
        self.writing = False
        self.deferred: int | None = None
        self.stopping = False
        self.previous: dict = {}

    def __enter__(self) -> _StopSignals:
        self.previous = {signum: signal.signal(signum, self._handle) for signum in self.SIGNALS}
        return self

    def __exit__(self, *exc) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum, frame) -> None:
        if os.getpid() != self.pid:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        if self.stopping:
            return
        if self.writing:
            self.deferred = signum
            return
        self.stopping = True
        raise Interrupted(signum)

    def write(self, sink, line: str) -> None:
        """Writes ``line`` whole; a signal that came meanwhile stops the run after it."""
        self.writing = True
        try:
            sink.write(line)
        finally:
            self.writing = False
        if self.deferred is not None and not self.stopping:
            self.stopping = True
            raise Interrupted(self.deferred)


def done_ids(path: str) -> set[str]:
    """Ids of the result lines already in ``path``, read a line at a time.

    A last line cut off by an interrupted run (no newline, or not JSON) is
    removed from the file so that appending carries on from a whole line."""
    keep = 0  # bytes of whole, good lines
    ids: set[str] = set()
    last: tuple[int, bytes, str] | None = None
    decoder = json.JSONDecoder()
    with open(path, "rb") as output:
        for number, line in enumerate(output, 1):
            if not line.endswith(b"\n"):
                break
            try:
                text = line.decode("utf-8")
                if not text.startswith('{"id": '):
                    raise ValueError("not a result line")
                key = id_key(decoder.raw_decode(text, 7)[0])
            except ValueError:
                last = None
                # Only the last line can be a leftover; anything else means
                # this is not a file this command wrote.
                if output.read(1):
                    raise SystemExit(f"cannot resume: {path} line {number} is not a result line") from None
                break
            ids.add(key)
            last = (keep, line, key)
            keep += len(line)
    if last is not None:
        start, line, key = last
        try:
            json.loads(line)
        except ValueError:
            ids.discard(key)
            keep = start
    if keep != os.path.getsize(path):
        os.truncate(path, keep)
    return ids


def _how_to_go_on(args, interrupted: Interrupted) -> str:
    """What the summary says after an interruption."""
    name = signal.Signals(interrupted.signum).name
    if args.output == "-":
        return (f"stopped by {name}; the output ends with a whole line: write the rest with "
                "-o <that output file> --resume")
    return f"stopped by {name}; {args.output} ends with a whole line: run the same command with --resume to continue"


def run_extract(args) -> int:
    if args.resume and args.output == "-":
        print("quotes extract: --resume needs -o/--output FILE", file=sys.stderr)
        return 2
    with _StopSignals() as signals:
        try:
            return _extract_all(args, signals)
        except Interrupted as stopped:
            # before any output was written (while an output file was read for --resume)
            print(f"quotes extract: stopped by {stopped}", file=sys.stderr)
            return 128 + stopped.signum


def _extract_all(args, signals: _StopSignals) -> int:
    done: set[str] = set()
    if args.resume and os.path.exists(args.output):
        done = done_ids(args.output)
    reader = _Reader(sys.stdin.buffer if args.file == "-" else open(args.file, "rb"), done)
    # Standard input is left open: a thread may still be reading it.
    owned = contextlib.nullcontext() if args.file == "-" else reader.stream
    if args.output == "-":
        sink = sys.stdout
    else:
        sink = open(args.output, "a" if args.resume else "w", encoding="utf-8")
    live = False if args.quiet or args.file == "-" else None
    progress = Progress(sys.stderr, reader, live=live)
    results = extract_many(reader.articles(), args.types, args.acts, offsets=args.offsets, workers=args.workers)
    stopped: Interrupted | None = None

    def report(entry: _Line) -> None:
        """Counts and reports one input line the writer has reached."""
        progress.bytes_done = entry.end
        if entry.notes:
            progress.bad += 1
        for note in entry.notes:
            progress.message(f"skipped {note}" if entry.kind == BAD else note)
        if entry.kind == DONE:
            progress.already += entry.count

    try:
        # closing(results) comes last so it runs first: the workers stop
        # before the streams they read from and write to are closed.
        with owned, sink, contextlib.closing(results):
            for result in results:
                entry = reader.pending.popleft()
                while entry.kind != FED:
                    report(entry)
                    entry = reader.pending.popleft()
                report(entry)
                if result.ok:
                    signals.write(sink, output_line(result) + "\n")
                    progress.done += 1
                    progress.quotes += len(result.extraction.quotes)
                else:
                    progress.failed += 1
                    progress.message(f"failed line {entry.number} (id {id_key(result.id)[:60]}): {result.error}")
                progress.tick()
            while reader.pending:
                report(reader.pending.popleft())
    except Interrupted as interruption:
        stopped = interruption
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly.
        if args.output == "-":
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        return 1
    if not args.quiet or stopped:
        progress.summary(_how_to_go_on(args, stopped) if stopped else None)
    if stopped:
        return 128 + stopped.signum
    return 1 if progress.failed or (args.strict and progress.bad) else 0


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
    if args.command == "verify":
        from .verify_report import run_verify

        return run_verify(args)
    return 2
