"""Stage 5: a fragment and a window of the sources -> their word alignment.

In: the fragment's word ids and a ``Window``.  Out: an ``Alignment``: the
stretch of the source the fragment matches and rapidfuzz's Levenshtein
edit operations from those source words to the fragment's words.

The window holds a few words more than the match on each side.  Aligned as
a whole, those would count as edits and pull the match off its place; so
each stretch whose ends lie within ``EDGE`` words of the window's is scored
by its edit distance from the fragment (rapidfuzz, in C), and the best
stretch alone is aligned.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from .candidates import GAP_WORDS, SLACK, Window
from .index import SourceIndex

#: How far inside the window's ends a match may start or end: the window's
#: slack on each side, and as much again for words dropped or added there.
EDGE = 2 * SLACK


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


def in_gap(tag: str, src_words: int, frag_start: int, gaps: dict[int, str]) -> bool:
    """Whether an edit is source words an ellipsis or the editor's brackets
    stand for (a deletion at a gap, no longer than the gap allows)."""
    return tag == "delete" and frag_start in gaps and src_words <= GAP_WORDS[gaps[frag_start]]


def gapped_cost(source: list[int], ids: list[int], gaps: dict[int, str]) -> int:
    """Words edited from ``source`` to the fragment, the words its gaps
    stand for not counted."""
    cost = 0
    for op in Levenshtein.opcodes(source, ids):
        if op.tag == "equal" or in_gap(op.tag, op.src_end - op.src_start, op.dest_start, gaps):
            continue
        cost += max(op.src_end - op.src_start, op.dest_end - op.dest_start)
    return cost


def align(ids: list[int], gaps: dict[int, str], window: Window, index: SourceIndex) -> Alignment:
    """The alignment of the fragment ``ids`` (with its ``gaps``) with the
    best stretch of ``window``."""
    if window.exact:
        return Alignment(window.start, window.end, (Op("equal", window.start, window.end, 0, len(ids)),))
    start, end = _best_stretch(ids, gaps, window, index)
    if end <= start:
        return Alignment(start, start, (Op("insert", start, start, 0, len(ids)),))
    ops = Levenshtein.opcodes(index.ids[start:end], ids)
    return Alignment(start, end, tuple(
        Op(op.tag, start + op.src_start, start + op.src_end, op.dest_start, op.dest_end) for op in ops
    ))


def _best_stretch(ids: list[int], gaps: dict[int, str], window: Window, index: SourceIndex) -> tuple[int, int]:
    """The stretch of the window, its ends within ``EDGE`` words of the
    window's, that is fewest edits from the fragment (the longer one when
    two are as few): the source words beside the match cost nothing, nor
    do those the fragment's gaps stand for."""
    best = (len(ids) + window.end - window.start + 1, 0, window.start, window.end)
    last_start = min(window.start + EDGE, window.end)
    for start in range(window.start, last_start + 1):
        for end in range(max(window.end - EDGE, start), window.end + 1):
            source = index.ids[start:end]
            if gaps:
                distance = gapped_cost(source, ids, gaps)
            else:
                distance = Levenshtein.distance(source, ids, score_cutoff=best[0])
            candidate = (distance, -(end - start), start, end)
            if candidate < best:
                best = candidate
    return best[2], best[3]
