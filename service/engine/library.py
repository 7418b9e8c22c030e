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

import multiprocessing
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from . import deadline
from .html_text import html_to_text
from .model import CODEPOINTS, DEFAULT_ACTS, OFFSET_UNITS, QUOTE_ACTS, QUOTE_TYPES, Extraction
from .pipeline import analyse

#: Records sent to a worker process at a time.
CHUNKSIZE = 16
#: Chunks per worker read ahead of the consumer: the bound on work in flight.
CHUNKS_AHEAD = 4

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


_worker_options: Options | None = None


def _start_worker(options: Options) -> None:
    global _worker_options
    # The parent handles interruptions and stops the pool; a worker leaves
    # Ctrl-C to it and ends at once on the SIGTERM that stopping it sends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker_options = options


def _in_worker(record) -> Result:
    return extract_record(record, _worker_options)


def _bounded(items: Iterable, slots: threading.Semaphore, stop: threading.Event) -> Iterator:
    """``items``, one ``slots`` place each: waits while none is free."""
    for item in items:
        slots.acquire()
        if stop.is_set():
            return
        yield item


def _in_pool(records: Iterable, options: Options, workers: int) -> Iterator[Result]:
    """Results in input order from ``workers`` processes.  ``Pool.imap`` alone
    keeps the workers busy however far they get ahead, and every result that
    is ready waits in memory behind a slow article or a slow consumer: a
    semaphore keeps at most a few chunks per worker read ahead."""
    limit = workers * CHUNKSIZE * CHUNKS_AHEAD
    slots = threading.Semaphore(limit)
    stop = threading.Event()
    pool = multiprocessing.Pool(workers, initializer=_start_worker, initargs=(options,))
    try:
        for result in pool.imap(_in_worker, _bounded(records, slots, stop), CHUNKSIZE):
            slots.release()
            yield result
        pool.close()
    finally:
        stop.set()
        slots.release(limit)  # wake the feeder so it can see ``stop``
        pool.terminate()
        pool.join()
