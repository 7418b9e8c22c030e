"""Offsets in other units than Python's code points.

The engine reports every ``start``/``end`` as a code-point index.  Browsers
and most JavaScript code index strings in UTF-16 code units instead: a
character outside the Basic Multilingual Plane (most emoji, some CJK) is one
code point but two UTF-16 units, so every offset after it is one larger in
JavaScript than in Python.

:class:`Utf16Offsets` converts code-point offsets of one text to UTF-16
offsets.  It finds the astral characters once (a single regular-expression
scan, O(n)), after which each conversion is a binary search over them; text
without astral characters converts for free.  :func:`to_utf16` converts
every ``start``/``end`` in a nested result (dicts, lists and the engine's
dataclasses) in one call.

This module is pure: no I/O, no web framework, nothing from the rest of the
engine.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable

#: The units an API client can ask for.
UNITS = ("codepoints", "utf16")

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

#: Keys holding offsets, converted by :func:`to_utf16`.
OFFSET_KEYS = frozenset({"start", "end"})
#: Keys holding offsets into a page's HTML source, converted against that source.
HTML_OFFSETS = frozenset({"html_start", "html_end"})


class Utf16Offsets:
    """Code-point offsets of one text converted to UTF-16 code units.

    >>> convert = Utf16Offsets("a\U0001f600b")
    >>> [convert(i) for i in range(4)]
    [0, 1, 3, 4]
    """

    __slots__ = ("_astral", "_length")

    def __init__(self, text: str):
        #: Code-point positions of the characters that take two UTF-16 units.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._length = len(text)

    @property
    def identity(self) -> bool:
        """True when every offset is the same in both units."""
        return not self._astral

    def __call__(self, offset: int) -> int:
        """The UTF-16 offset of code-point ``offset`` (0 to ``len(text)``)."""
        if not 0 <= offset <= self._length:
            raise ValueError(f"offset {offset} is outside the text (0..{self._length})")
        # Each astral character strictly before ``offset`` adds one unit.
        return offset + bisect_left(self._astral, offset)

    def many(self, offsets: Iterable[int]) -> list[int]:
        """Several offsets at once."""
        return [self(o) for o in offsets]


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (JavaScript's ``.length``)."""
    return len(text) + len(_ASTRAL.findall(text))


def remap(value, convert: Callable[[int], int], keys: frozenset[str] = OFFSET_KEYS):
    """A copy of ``value`` with every integer under one of ``keys`` passed
    through ``convert``.

    Walks dicts, lists, tuples and dataclass instances (rebuilt with
    :func:`dataclasses.replace`, so frozen ones work); anything else is
    returned as it is.  The input is never modified.
    """
    if isinstance(value, dict):
        return {
            k: convert(v) if k in keys and _is_offset(v) else remap(v, convert, keys)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [remap(v, convert, keys) for v in value]
    if isinstance(value, tuple):
        return tuple(remap(v, convert, keys) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            changes[f.name] = convert(v) if f.name in keys and _is_offset(v) else remap(v, convert, keys)
        return dataclasses.replace(value, **changes)
    return value


def _is_offset(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def to_utf16(text: str, value):
    """``value`` (a result about ``text``) with every ``start``/``end`` in
    UTF-16 code units instead of code points."""
    convert = Utf16Offsets(text)
    if convert.identity:
        return value
    return remap(value, convert)
