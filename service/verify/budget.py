"""The time budget of one check, shared with the engine.

The check runs inside ``service.engine.deadline.budget``: every loop that
grows with the draft or the sources calls ``deadline.check()`` once per
unit of work (a quotation, a candidate, a source) or, through
:func:`deadline_every`, every ``deadline.EVERY`` cheap items (words,
n-grams).  ``extract`` sets a budget of its own, so it is given what is
left of this one (:func:`remaining`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from service.engine import deadline


def deadline_every() -> Callable[[], None]:
    """A function to call once per cheap item of a long loop: it looks at
    the time budget every ``deadline.EVERY`` calls."""
    count = 0

    def tick() -> None:
        nonlocal count
        count += 1
        if count >= deadline.EVERY:
            count = 0
            deadline.check()

    return tick


def ends_at(seconds: float | None) -> float | None:
    """The ``time.monotonic()`` at which a budget of ``seconds`` runs out."""
    return None if seconds is None else time.monotonic() + seconds


def remaining(end: float | None) -> float | None:
    """Seconds left until ``end`` (None: no limit); raises ``EngineTimeout``
    when none are."""
    if end is None:
        return None
    left = end - time.monotonic()
    if left <= 0:
        raise deadline.EngineTimeout("the quote check took longer than its time budget")
    return left
