"""Helpers that turn word lists into compiled alternations.

Longer entries come first so that "chief executive officer" wins over "chief
executive"; an empty list is refused, because an empty alternation would match
everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex


def alternation(words: Iterable[str]) -> str:
    """A non-capturing group matching any of ``words`` literally, longest first.

    Spaces inside an entry match any run of horizontal white space.
    """
    unique = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not unique:
        raise ValueError("refusing to build an alternation from an empty word list")
    escaped = (regex.escape(w).replace(r"\ ", r"[ \t\u00a0]+") for w in unique)
    return "(?:" + "|".join(escaped) + ")"
