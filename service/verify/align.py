"""Stage 5: a fragment and a window of the sources -> their word alignment.

In: the fragment's word ids and a ``Window``.  Out: an ``Alignment``: the
stretch of the source the fragment matches and rapidfuzz's Levenshtein
edit operations from those source words to the fragment's words.

The window holds a few words more than the match on each side; aligned as a
whole, those come out as deletions at the edges (rapidfuzz places equal
words in the middle and the extra source words at the ends), which are cut
off, and the fragment is aligned again with exactly the stretch that is
left.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from .candidates import Window
from .index import SourceIndex


@dataclass(frozen=True, slots=True)
class Op:
    """One edit operation: ``tag`` is ``equal``, ``replace``, ``insert``
    (fragment words the source lacks) or ``delete`` (source words the
    fragment lacks); source word positions ``[src_start, src_end)`` in the
    index, fragment words ``[frag_start, frag_end)``."""

    tag: str
    src_start: int
    src_end: int
    frag_start: int
    frag_end: int


@dataclass(frozen=True, slots=True)
class Alignment:
    """The fragment matched with source words ``[start, end)`` of the index."""

    start: int
    end: int
    ops: tuple[Op, ...]


def align(ids: list[int], window: Window, index: SourceIndex) -> Alignment:
    """The alignment of the fragment ``ids`` with the best stretch of ``window``."""
    if window.exact:
        return Alignment(window.start, window.end, (Op("equal", window.start, window.end, 0, len(ids)),))
    source = index.ids[window.start : window.end]
    ops = Levenshtein.opcodes(source, ids)
    start, end = window.start, window.end
    if ops and ops[0].tag == "delete":
        start += ops[0].src_end
    if len(ops) > 1 and ops[-1].tag == "delete":
        end -= ops[-1].src_end - ops[-1].src_start
    if end <= start:
        return Alignment(start, start, (Op("insert", start, start, 0, len(ids)),))
    if (start, end) != (window.start, window.end):
        ops = Levenshtein.opcodes(index.ids[start:end], ids)
    return Alignment(start, end, tuple(
        Op(op.tag, start + op.src_start, start + op.src_end, op.dest_start, op.dest_end) for op in ops
    ))
