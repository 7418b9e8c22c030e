"""A time budget for one extraction.

The web layer gives each request a deadline well inside the server's worker
timeout; the stages call ``check()`` between units of work (a quotation, a
paragraph, a speaker) and the extraction stops with ``EngineTimeout`` once the
budget is spent.  Every pattern is bounded, so no single unit runs long.
The budget lives in a context variable: concurrent requests never share it.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

_DEADLINE: ContextVar[float | None] = ContextVar("quote_engine_deadline", default=None)


class EngineTimeout(RuntimeError):
    """The extraction ran past its time budget."""


def check() -> None:
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise EngineTimeout("the text took longer than its time budget to analyse")


@contextmanager
def budget(seconds: float | None):
    """Run the body with ``seconds`` to spare (None: no limit)."""
    token = _DEADLINE.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)
