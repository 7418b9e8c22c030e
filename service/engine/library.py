"""The engine as a library: ``extract`` for one article, ``extract_many`` for
a stream of them.

``extract`` takes what the HTTP API takes — ``text`` or ``html``, the quote
``types``, the ``acts``, the ``offsets`` unit — and a time budget, and returns
an ``Extraction`` whose ``to_dict()`` is the API's JSON.  ``extract_many``
runs it over records shaped like the command line's input lines (``id`` and
``text`` or ``html``), in this process or in worker processes, and yields one
``Result`` per record in input order; a record that cannot be analysed gives
a result with an ``error``, and the stream goes on.

In: strings and dicts.  Out: ``Extraction`` and ``Result`` records.  Nothing
here knows about the web layer or the command line.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from multiprocessing import connection
from multiprocessing.connection import Connection

from . import deadline
from .html_text import html_to_text
from .model import CODEPOINTS, DEFAULT_ACTS, OFFSET_UNITS, QUOTE_ACTS, QUOTE_TYPES, Extraction
from .pipeline import analyse

#: Records sent to a worker process at a time.
CHUNKSIZE = 16
#: Chunks per worker read ahead of the consumer: the bound on work in flight.
CHUNKS_AHEAD = 4
#: How long a worker is given to end before it is made to (seconds).
STOP_S = 5

#: Why a record is refused when it does not hold exactly one source.
ONE_SOURCE = "needs exactly one of 'text' and 'html', as a string"


def _chosen(name: str, values: Iterable[str], allowed: tuple[str, ...]) -> tuple[str, ...]:
    """``values`` as a tuple in ``allowed`` order; ValueError for a value
    outside ``allowed`` (a bare string is refused: it is not a list of names)."""
    if isinstance(values, str):
        raise ValueError(f"{name} is a list of names from {', '.join(allowed)}, not the string {values!r}")
    wanted = set(values)
    unknown = sorted(wanted - set(allowed), key=str)
    if unknown:
        raise ValueError(f"unknown {name} {', '.join(map(repr, unknown))}: choose from {', '.join(allowed)}")
    return tuple(value for value in allowed if value in wanted)


@dataclass(frozen=True, slots=True)
class Options:
    """What every article of a run is asked for, checked once."""

    types: tuple[str, ...] = QUOTE_TYPES
    acts: tuple[str, ...] = DEFAULT_ACTS
    offsets: str = CODEPOINTS
    time_budget: float | None = None

    @classmethod
    def checked(cls, types=QUOTE_TYPES, acts=DEFAULT_ACTS, offsets=CODEPOINTS, time_budget=None) -> Options:
        """The options, or ValueError naming the one that is wrong."""
        if offsets not in OFFSET_UNITS:
            raise ValueError(f"offsets is one of {', '.join(OFFSET_UNITS)}, not {offsets!r}")
        if time_budget is not None and not time_budget > 0:
            raise ValueError(f"time_budget is a number of seconds above 0, not {time_budget!r}")
        return cls(_chosen("types", types, QUOTE_TYPES), _chosen("acts", acts, QUOTE_ACTS), offsets, time_budget)


def extract(text: str | None = None, types=QUOTE_TYPES, acts=DEFAULT_ACTS, *, html: str | None = None,
            offsets: str = CODEPOINTS, time_budget: float | None = None) -> Extraction:
    """Every quotation of ``types`` and ``acts`` in ``text`` — or in the
    visible text of ``html`` (exactly one of the two) — with its speaker.

    ``types``: any of "direct", "indirect", "mixed" (default all three);
    ``acts``: "speech" (said, wrote, according to), "position" (beliefs,
    plans, votes, stances, findings) or both (default speech); ``offsets``:
    the unit ``to_dict()`` writes offsets in, "codepoints" or "utf16" (the
    records themselves always hold code points into ``Extraction.text``).
    For HTML the result's ``text`` is the text read from it and each quote
    has ``html_start``/``html_end`` into the source.

    With ``time_budget`` (seconds), raises ``EngineTimeout`` rather than run
    longer, reading the HTML included.  ValueError or TypeError when the
    arguments are not what the API would accept.
    """
    options = Options.checked(types, acts, offsets, time_budget)
    _one_source(text, html)
    return _extract(text, html, options)


def _one_source(text, html) -> None:
    """TypeError unless exactly one of ``text`` and ``html`` is a string."""
    given = [value for value in (text, html) if value is not None]
    if len(given) != 1 or not isinstance(given[0], str):
        raise TypeError(f"extract {ONE_SOURCE}")


def _extract(text: str | None, html: str | None, options: Options) -> Extraction:
    with deadline.budget(options.time_budget):
        if html is None:
            result = analyse(text, options.types, options.acts)
            return replace(result, offsets=options.offsets)
        page = html_to_text(html, deadline.check)
        result = analyse(page.text, options.types, options.acts)
        quotes = []
        for quote in result.quotes:
            deadline.check()
            html_start, html_end = page.source_span(quote.start, quote.end)
            quotes.append(replace(quote, html_start=html_start, html_end=html_end))
        return replace(result, quotes=quotes, html=html, offsets=options.offsets)


# --- many articles ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Result:
    """What ``extract_many`` gives for one record: the record's ``id`` (None
    when it has none) and its ``extraction``, or the ``error`` that kept it
    from having one."""

    id: object
    extraction: Extraction | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.extraction is not None

    def to_dict(self) -> dict:
        """``{"id", "quotes", "speakers"}`` (and ``"text"`` for HTML) as the
        command line writes it, or ``{"id", "error"}``."""
        if self.extraction is None:
            return {"id": self.id, "error": self.error}
        return {"id": self.id, **self.extraction.to_dict()}


def record_problem(record) -> str | None:
    """Why ``record`` is not an article (a dict with exactly one of ``text``
    and ``html`` as a string), or None when it is one."""
    if not isinstance(record, dict):
        return "not a JSON object"
    sources = [name for name in ("text", "html") if name in record]
    if len(sources) != 1 or not isinstance(record[sources[0]], str):
        return ONE_SOURCE
    return None


def extract_record(record, options: Options) -> Result:
    """The result for one record; never raises (but for ``KeyboardInterrupt``
    and the like): a bad record or an engine failure is the result's
    ``error``."""
    record_id = record.get("id") if isinstance(record, dict) else None
    problem = record_problem(record)
    if problem is not None:
        return Result(record_id, error=problem)
    try:
        return Result(record_id, _extract(record.get("text"), record.get("html"), options))
    except Exception as error:  # noqa: BLE001 - one article must not end the stream
        return Result(record_id, error=f"{type(error).__name__}: {error}")


def extract_many(records: Iterable[dict], types=QUOTE_TYPES, acts=DEFAULT_ACTS, *, offsets: str = CODEPOINTS,
                 time_budget: float | None = None, workers: int = 1) -> Iterator[Result]:
    """A ``Result`` for each record, in input order, as soon as it is ready.

    A record is a dict with ``text`` or ``html`` and, optionally, ``id``
    (other keys are ignored); the options apply to every record, as
    ``extract``'s do (``time_budget`` to each one).  ``workers`` > 1 runs the
    records in that many processes (0: one per CPU) while at most a few
    chunks per worker are read ahead, so memory stays flat however long the
    stream; 1 runs them here.  Closing the generator, or an interruption
    while it waits, stops the workers.  ValueError for bad options, at once.
    """
    options = Options.checked(types, acts, offsets, time_budget)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise ValueError(f"workers is a whole number, 0 for one per CPU, not {workers!r}")
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        return (extract_record(record, options) for record in records)
    return _in_pool(records, options, workers)


#: How often a waiting pool run looks again (seconds): at the input, at the
#: oldest chunk, and whether it has been stopped.
POLL_S = 0.05

#: What the reading thread puts after the last record.
_END = object()


@dataclass(frozen=True, slots=True)
class _Raised:
    """An exception the records raised in the reading thread, raised again in the caller's."""

    error: BaseException


def _serve(conn: Connection, options: Options) -> None:
    """A worker process: analyses each chunk it is sent, until told to stop
    (``None``) or its parent goes away."""
    # The parent handles interruptions and stops the workers; a worker leaves
    # Ctrl-C to it and ends at once on a SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # The parent's death is watched through its sentinel, not only through an
    # end of file on the pipe: a forked worker holds copies of the parent's
    # pipe ends (its own and earlier workers'), so a parent killed before it
    # could stop it would otherwise leave it waiting for ever.
    parent = multiprocessing.parent_process()
    watched = [conn] if parent is None else [conn, parent.sentinel]
    while True:
        if conn not in connection.wait(watched):
            return  # the parent went away
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, chunk = job
        conn.send((index, [extract_record(record, options) for record in chunk]))


class _Worker:
    """One worker process, its end of a pipe of its own, and the chunk it holds.

    Nothing is shared between workers (no common queue and so no common
    lock): a worker killed at any moment — by a signal sent to the whole
    process group, by the kernel — leaves the others and the parent free to
    go on or to stop.
    """

    def __init__(self, options: Options):
        self.conn, theirs = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_serve, args=(theirs, options), daemon=True)
        self.process.start()
        theirs.close()  # so that the worker's death is an end of file here
        self.index: int | None = None
        self.chunk: list = []

    def send(self, index: int, chunk: list) -> None:
        """Hands the worker a chunk (it is idle, reading, so this does not wait)."""
        self.index, self.chunk = index, chunk
        with contextlib.suppress(OSError):  # it died: receive() says so
            self.conn.send((index, chunk))

    def receive(self) -> tuple[int, list[Result], bool]:
        """The index and results of the chunk the worker held, and whether
        it died (then every record of the chunk has an error result)."""
        index, chunk = self.index, self.chunk
        self.index, self.chunk = None, []
        try:
            received_index, results = self.conn.recv()
            return received_index, results, False
        except (EOFError, OSError):
            self.process.join(STOP_S)
            why = f"the worker process analysing it ended (exit code {self.process.exitcode})"
            return index, [Result(record.get("id") if isinstance(record, dict) else None, error=why)
                           for record in chunk], True

    def stop(self, cleanly: bool) -> None:
        if cleanly:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(STOP_S)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(STOP_S)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _in_pool(records: Iterable, options: Options, workers: int) -> Iterator[Result]:
    """Results in input order from ``workers`` processes.

    A thread of its own reads the records into a bounded queue, so a slow
    input (a pipe that delivers an article now and then) never holds up the
    results of the articles already read, and stopping never waits on it
    (the thread is a daemon).  Each idle worker is handed the next chunk;
    chunks done out of order wait for the ones before them, and no chunk is
    read more than ``CHUNKS_AHEAD`` per worker ahead of the oldest one not
    yet handed on, so memory stays flat however far the input runs ahead of
    a slow article or a slow consumer.  A worker that dies gives error
    results for its chunk and is replaced.
    """
    limit = workers * CHUNKS_AHEAD
    feed: queue.Queue = queue.Queue(maxsize=limit * CHUNKSIZE)
    stop = threading.Event()
    pool: list[_Worker] = []
    finished: dict[int, list[Result]] = {}
    handed_out = written = 0  # chunks sent to a worker; chunks yielded
    ended = cleanly = False
    try:
        # started inside the try: an interruption while they start stops those started
        for _ in range(workers):
            pool.append(_Worker(options))
        threading.Thread(target=_read_into, args=(records, feed, stop), name="extract_many input", daemon=True).start()
        while True:
            while written in finished:
                yield from finished.pop(written)
                written += 1
            busy = [worker for worker in pool if worker.index is not None]
            if ended and not busy:
                break
            for worker in pool:
                if worker.index is not None or ended or handed_out >= written + limit:
                    continue
                chunk, ended = _take(feed, CHUNKSIZE, wait=not busy)
                if not chunk:
                    break
                # A worker that died takes nothing: its pipe reads as ended below.
                worker.send(handed_out, chunk)
                busy.append(worker)
                handed_out += 1
            for conn in connection.wait([worker.conn for worker in busy], POLL_S) if busy else ():
                k = next(k for k, worker in enumerate(pool) if worker.conn is conn)
                index, results, died = pool[k].receive()
                finished[index] = results
                if died:
                    pool[k].stop(cleanly=False)
                    pool[k] = _Worker(options)
        cleanly = True
    finally:
        stop.set()
        for worker in pool:
            worker.stop(cleanly)


def _read_into(records: Iterable, feed: queue.Queue, stop: threading.Event) -> None:
    """Puts every record into ``feed``, then ``_END`` (or what reading raised)."""
    try:
        for record in records:
            if not _put(feed, record, stop):
                return
    except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
        _put(feed, _Raised(error), stop)
        return
    _put(feed, _END, stop)


def _put(feed: queue.Queue, item, stop: threading.Event) -> bool:
    """Puts ``item`` once there is room; False when stopped first."""
    while not stop.is_set():
        try:
            feed.put(item, timeout=POLL_S)
            return True
        except queue.Full:
            continue
    return False


def _take(feed: queue.Queue, size: int, wait: bool) -> tuple[list, bool]:
    """Up to ``size`` records from ``feed`` without waiting for more than
    the first (and for that only when ``wait``), and whether the input ended."""
    chunk: list = []
    while len(chunk) < size:
        try:
            item = feed.get(timeout=POLL_S) if wait and not chunk else feed.get_nowait()
        except queue.Empty:
            if wait and not chunk:
                continue
            break
        if item is _END:
            return chunk, True
        if isinstance(item, _Raised):
            raise item.error
        chunk.append(item)
    return chunk, False
