"""Stage 4: a fragment -> the stretches of the sources worth aligning.

In: a fragment's word ids, its gaps, and the ``SourceIndex``.  Out: at most
``MAX_CANDIDATES`` windows (word positions in the index), best first.

A fragment found word for word (one substring search) is its own window.
Otherwise each n-gram of the fragment that a source holds is an anchor: the
fragment's word ``i`` standing at source word ``p`` puts the fragment's start
on diagonal ``p - i``.  Anchors come from the rarest n-grams first and at
most ``MAX_ANCHORS`` are read, so a source of one word repeated, or of
thousands of copies of the quotation, costs no more than any other; the
diagonals that gather most anchors within the room the fragment's gaps
allow are the candidates.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from service.engine import deadline

from .budget import deadline_every
from .index import NGRAM_SIZES, SourceIndex, ngrams
from .model import BRACKET, ELLIPSIS

#: Most anchors read for one fragment.
MAX_ANCHORS = 2000
#: Most windows aligned for one fragment.
MAX_CANDIDATES = 6
#: Extra source words on each side of a window: room for words the draft
#: dropped or added near its ends.
SLACK = 4
#: Most source words an ellipsis or an editor's bracket may stand for.
GAP_WORDS = {ELLIPSIS: 40, BRACKET: 12}
#: Fragments shorter than this are found by pairs of words, longer ones by
#: triples (fewer chance hits).
SHORT_FRAGMENT_WORDS = 8
#: Occurrences of a piece shorter than an n-gram taken as anchors.
SHORT_PIECE_OCCURRENCES = 8


@dataclass(frozen=True, slots=True)
class Window:
    """Source word positions ``[start, end)`` inside one source, to align
    the fragment with; ``exact`` when the fragment stands there word for word."""

    start: int
    end: int
    exact: bool = False


def gap_room(gaps: dict[int, str]) -> int:
    """How many source words a fragment's gaps may stand for in all."""
    return sum(GAP_WORDS[kind] for kind in gaps.values())


def pieces(length: int, gaps: dict[int, str]) -> list[tuple[int, int]]:
    """The fragment's runs of words with no gap inside, as ``(start, end)``."""
    cuts = [0, *sorted(gaps), length]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def ngram_size(length: int) -> int:
    """Words per anchor n-gram for a fragment of ``length`` words."""
    return NGRAM_SIZES[0] if length < SHORT_FRAGMENT_WORDS else NGRAM_SIZES[-1]


def wanted_ngrams(ids: list[int], gaps: dict[int, str]) -> set[tuple[int, ...]]:
    """The n-grams inside the fragment's pieces: what the index must locate."""
    n = ngram_size(len(ids))
    out = set()
    for a, b in pieces(len(ids), gaps):
        out.update(ngrams(ids[a:b], n))
    return out


def windows(ids: list[int], keys: list[str], gaps: dict[int, str], index: SourceIndex) -> list[Window]:
    """Where in the sources the fragment may be, best first."""
    if not gaps:
        at = index.find(keys)
        if at is not None:
            return [Window(at, at + len(ids), exact=True)]
    anchors = _anchors(ids, keys, gaps, index)
    if not anchors:
        return []
    room = gap_room(gaps)
    out = []
    for diagonal, reach in _best_diagonals(anchors, room):
        deadline.check()
        number = index.source_of(max(diagonal, 0))
        first, last = index.source_range(number)
        start = max(diagonal - SLACK, first)
        end = min(reach + len(ids) + SLACK, last)
        if end > start:
            out.append(Window(start, end))
    return out


def _anchors(ids: list[int], keys: list[str], gaps: dict[int, str], index: SourceIndex) -> list[int]:
    """Diagonals ``p - i`` of the fragment's n-grams found in the sources,
    rarest n-grams first, at most ``MAX_ANCHORS``."""
    n = ngram_size(len(ids))
    found: list[tuple[int, int]] = []  # (postings, i)
    for a, b in pieces(len(ids), gaps):
        if b - a < n:
            continue
        for offset, gram in enumerate(ngrams(ids[a:b], n)):
            postings = index.postings.get(gram)
            if postings:
                found.append((len(postings), a + offset))
    found.sort()
    diagonals: list[int] = []
    tick = deadline_every()
    for _, i in found:
        gram = tuple(ids[i : i + n])
        for p in index.postings[gram][: MAX_ANCHORS - len(diagonals)]:
            tick()
            diagonals.append(p - i)
        if len(diagonals) >= MAX_ANCHORS:
            break
    for a, b in pieces(len(ids), gaps):
        if b - a >= n:
            continue
        after = 0
        for _ in range(SHORT_PIECE_OCCURRENCES):
            at = index.find(keys[a:b], after)
            if at is None:
                break
            diagonals.append(at - a)
            after = at + 1
    return diagonals


def _best_diagonals(diagonals: list[int], room: int) -> list[tuple[int, int]]:
    """Up to ``MAX_CANDIDATES`` stretches of diagonals ``[d, d + room + SLACK]``
    holding most anchors, as ``(first diagonal, last diagonal)``, none
    overlapping another."""
    ordered = sorted(diagonals)
    spread = room + SLACK
    scored = []
    hi = 0
    for lo, d in enumerate(ordered):
        hi = max(hi, lo)
        while hi + 1 < len(ordered) and ordered[hi + 1] <= d + spread:
            hi += 1
        scored.append((-(hi - lo + 1), d, ordered[hi]))
    scored.sort()
    taken: list[tuple[int, int]] = []
    starts: list[int] = []
    for _, first, last in scored:
        k = bisect.bisect_left(starts, first)
        # overlaps the one before or after it in order?
        if (k and taken[k - 1][1] >= first) or (k < len(taken) and taken[k][0] <= last):
            continue
        taken.insert(k, (first, last))
        starts.insert(k, first)
        if len(taken) == MAX_CANDIDATES:
            break
    return _by_score(taken, ordered)


def _by_score(taken: list[tuple[int, int]], ordered: list[int]) -> list[tuple[int, int]]:
    """The stretches, most anchors first."""
    def count(stretch: tuple[int, int]) -> int:
        return bisect.bisect_right(ordered, stretch[1]) - bisect.bisect_left(ordered, stretch[0])
    return sorted(taken, key=lambda s: (-count(s), s[0]))
