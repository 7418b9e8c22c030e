"""A time budget for one extraction.

The web layer gives each request a deadline well inside the server's worker
timeout; the stages call ``check()`` inside every loop whose length grows
with the text — once per unit of work (a quotation, a sentence, a paragraph,
a speaker), and every ``EVERY`` items in the loops over cheap ones (lines,
marks, tokens, sentence ends) — so the extraction stops with ``EngineTimeout``
soon after the budget is spent, whatever the text.  Every pattern is bounded
and every stage's work per unit is bounded or logarithmic, so no single unit
runs long.  A check reads a context variable and the clock (under a tenth of
a microsecond).  The budget lives in a context variable: concurrent requests
never share it.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

_DEADLINE: ContextVar[float | None] = ContextVar("quote_engine_deadline", default=None)


#: How many cheap items (marks, tokens, lines) a loop handles between two
#: checks: a check costs about as much as reading one of them.
EVERY = 256


class EngineTimeout(RuntimeError):
    """The extraction ran past its time budget."""


def check() -> None:
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise EngineTimeout("the text took longer than its time budget to analyse")


@contextmanager
def budget(seconds: float | None):
    """Run the body with ``seconds`` to spare (None: no limit of its own).

    A budget inside another never outlasts it: the earlier deadline holds.
    So a caller can give one budget to the extraction and to writing its
    answer (``Extraction.to_dict`` checks it too), and ``extract`` called
    without a budget inside it still stops in time.
    """
    outer = _DEADLINE.get()
    inner = None if seconds is None else time.monotonic() + seconds
    chosen = inner if outer is None else outer if inner is None else min(outer, inner)
    token = _DEADLINE.set(chosen)
    try:
        yield
    finally:
        _DEADLINE.reset(token)
