"""Command line: ``quotes extract [FILE|-]`` and friends (``quotes`` is the
console command the package installs; ``python -m service`` is the same;
``quotes verify DRAFT --source FILE …``: see service/verify_report.py).

``extract`` reads JSON Lines (objects with ``id`` and ``text``; other keys are
ignored) and writes one line per article, ``{"id", "quotes", "speakers"}``,
with exactly the records the HTTP API returns.  Bad lines are reported on
stderr with their line number and skipped.

It is built for archives: the input is streamed a line at a time and every
result is written as soon as it is ready, so memory stays flat however long
the stream.  ``--workers N`` spreads the articles over N processes and still
writes them in input order; ``--resume`` continues an output file that an
earlier run left unfinished.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import multiprocessing
import os
import signal
import stat
import sys
import threading
import time
from dataclasses import asdict
from typing import BinaryIO, Iterable, Iterator

from . import __version__
from .engine import DEFAULT_ACTS, LEXICON_VERSION, QUOTE_ACTS, QUOTE_TYPES, extract

#: Articles sent to a worker process at a time.
CHUNKSIZE = 16
#: Chunks per worker read ahead of the writer: the bound on in-flight work.
CHUNKS_AHEAD = 4


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
        description="Extract quotations from JSON Lines articles (objects with 'id' and 'text'), "
        "one result line per article, in input order.",
    )
    ex.add_argument("file", nargs="?", default="-", help="JSON Lines input, or - for standard input (default)")
    ex.add_argument("--types", type=_types, default=QUOTE_TYPES, help="comma-separated quote types (default: all)")
    ex.add_argument(
        "--acts", type=_acts, default=DEFAULT_ACTS,
        help="comma-separated acts: speech (said, wrote, according to), position (beliefs, plans, votes, "
        "stances, findings) (default: speech)",
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


def article_record(article_id, text: str, types=QUOTE_TYPES, acts=DEFAULT_ACTS) -> dict:
    """The line written for one article."""
    result = extract(text, types, acts)
    return {
        "id": article_id,
        "quotes": [asdict(q) for q in result.quotes],
        "speakers": [asdict(s) for s in result.speakers],
    }


def result_line(article_id, text: str, types=QUOTE_TYPES, acts=DEFAULT_ACTS) -> str:
    """The output line for one article, without its newline."""
    return json.dumps(article_record(article_id, text, types=types, acts=acts), ensure_ascii=False)


def parse_article(line: str | bytes) -> dict | str:
    """The article object on one JSON Lines line, or why it is not one."""
    try:
        record = json.loads(line)
    except ValueError as error:  # UnicodeDecodeError included
        return f"not JSON ({error})"
    return check_article(record)


def check_article(record) -> dict | str:
    """``record`` if it is an article (an object with a string ``text``),
    else why not."""
    if not isinstance(record, dict):
        return "not a JSON object"
    if not isinstance(record.get("text"), str):
        return "missing string field 'text'"
    return record


def id_key(article_id) -> str:
    """How an id is compared when resuming: its JSON form, so 7 and "7" differ."""
    return json.dumps(article_id, ensure_ascii=False)


# What processing one input line gives: (kind, payload).
OK = "ok"  # payload: the output line, without its newline
BAD = "bad"  # payload: why the input line was skipped
DONE = "done"  # payload: None; the output already holds this id
FAILED = "failed"  # payload: the engine's error


class LineProcessor:
    """Turns one numbered input line into one result; the same code runs in
    this process and in every worker process."""

    def __init__(self, types=QUOTE_TYPES, done: frozenset[str] | set[str] = frozenset(), acts=DEFAULT_ACTS):
        self.types = types
        self.done = done
        self.acts = acts

    def __call__(self, item: tuple[int, bytes | str]) -> tuple[str, str | None]:
        number, line = item
        article = parse_article(line)
        if isinstance(article, str):
            return BAD, f"line {number}: {article}"
        article_id = article.get("id", number)
        if self.done and id_key(article_id) in self.done:
            return DONE, None
        try:
            return OK, result_line(article_id, article["text"], self.types, self.acts)
        except Exception as error:  # noqa: BLE001 - one article must not end an archive run
            return FAILED, f"line {number} (id {id_key(article_id)}): {type(error).__name__}: {error}"


_worker_processor: LineProcessor | None = None


def _start_worker(types, done, acts) -> None:
    global _worker_processor
    # Ctrl-C is handled once, by the parent, which stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_processor = LineProcessor(types, done, acts)


def _in_worker(item):
    return _worker_processor(item)


class _Input:
    """Numbered non-blank lines of a binary stream, and how far into it the
    written results have got (for the percentage shown on a terminal)."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.ends: collections.deque[int] = collections.deque()
        self.bytes_done = 0
        try:
            info = os.fstat(stream.fileno())
        except (OSError, ValueError, AttributeError):
            info = None
        # Only a regular file has a size to show a percentage of (not a pipe).
        self.size = info.st_size if info is not None and stat.S_ISREG(info.st_mode) else None

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        read = 0
        for number, line in enumerate(self.stream, 1):
            read += len(line)
            if line.strip():
                # Lines may be read ahead of the writer (by the worker pool's
                # feeder thread); the writer pops one offset per result.
                self.ends.append(read)
                yield number, line

    def finished(self) -> None:
        """One result has been written: the input up to its line is done."""
        if self.ends:
            self.bytes_done = self.ends.popleft()


def _bounded(items: Iterable, slots: threading.Semaphore, stop: threading.Event) -> Iterator:
    """``items``, one ``slots`` place each: waits while none is free."""
    for item in items:
        slots.acquire()
        if stop.is_set():
            return
        yield item


def _results(items: Iterable, processor: LineProcessor, workers: int) -> Iterator[tuple[str, str | None]]:
    """Results in input order.  With several workers, ``Pool.imap`` runs the
    articles while a semaphore keeps at most a few chunks per worker read
    ahead of the writer.  ``imap`` alone keeps the workers busy however far
    they get ahead, and every result that is ready waits in memory behind a
    slow article or a slow reader of the output."""
    if workers <= 1:
        yield from map(processor, items)
        return
    limit = workers * CHUNKSIZE * CHUNKS_AHEAD
    slots = threading.Semaphore(limit)
    stop = threading.Event()
    pool = multiprocessing.Pool(workers, initializer=_start_worker, initargs=(processor.types, processor.done, processor.acts))
    try:
        for result in pool.imap(_in_worker, _bounded(items, slots, stop), CHUNKSIZE):
            slots.release()
            yield result
        pool.close()
    finally:
        stop.set()
        slots.release(limit)  # wake the feeder so it can see ``stop``
        pool.terminate()
        pool.join()


class Progress:
    """Articles done and their rate on stderr: a line redrawn in place while
    stderr is a terminal, and one summary line at the end either way."""

    def __init__(self, stream, source: _Input | None, live: bool | None = None):
        self.stream = stream
        self.source = source
        self.live = stream.isatty() if live is None else live
        self.started = time.monotonic()
        self.drawn = float("-inf")  # the first tick draws at once
        self.done = self.skipped = self.failed = self.already = 0
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
            parts.append(f"{min(self.source.bytes_done / self.source.size, 1):.0%}")
        if self.already:
            parts.append(f"{self.already:,} already done")
        if self.skipped:
            parts.append(f"{self.skipped:,} skipped")
        self.stream.write("\r\x1b[K" + "  ".join(parts))
        self.stream.flush()
        self.dirty = True

    def summary(self, interrupted: bool = False) -> None:
        elapsed = time.monotonic() - self.started
        line = f"{self.done} articles, {self.skipped} skipped"
        if self.already:
            line += f", {self.already} already done"
        if self.failed:
            line += f", {self.failed} failed"
        line += f", {elapsed:.1f}s ({self._rate():.1f} articles/s)"
        if interrupted:
            line += "; interrupted, rerun with --resume to continue"
        self.message(line)


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


def run_extract(args) -> int:
    if args.resume and args.output == "-":
        print("quotes extract: --resume needs -o/--output FILE", file=sys.stderr)
        return 2
    done: set[str] = set()
    if args.resume and os.path.exists(args.output):
        done = done_ids(args.output)
    source = _Input(sys.stdin.buffer if args.file == "-" else open(args.file, "rb"))
    if args.output == "-":
        sink = sys.stdout
    else:
        sink = open(args.output, "a" if args.resume else "w", encoding="utf-8")
    show_progress = args.file != "-"
    progress = Progress(sys.stderr, source, live=None if show_progress else False)
    results = _results(source, LineProcessor(args.types, done, args.acts), args.workers)
    interrupted = False
    try:
        # closing(results) comes last so it runs first: the pool stops
        # before the streams it reads from and writes to are closed.
        with source.stream, sink, contextlib.closing(results):
            for kind, payload in results:
                source.finished()
                if kind == OK:
                    sink.write(payload + "\n")
                    progress.done += 1
                elif kind == DONE:
                    progress.already += 1
                elif kind == BAD:
                    progress.skipped += 1
                    progress.message(f"skipped {payload}")
                else:
                    progress.failed += 1
                    progress.message(f"failed {payload}")
                if show_progress:
                    progress.tick()
    except KeyboardInterrupt:
        interrupted = True
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly.
        if args.output == "-":
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        return 1
    if show_progress or interrupted:
        progress.summary(interrupted)
    if interrupted:
        return 130
    return 1 if progress.failed else 0


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
