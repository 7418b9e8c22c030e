"""Stage 6: an alignment -> the fragment's status, similarity and differences.

In: the fragment, its alignment, the draft and the ``SourceIndex``.  Out: a
``FragmentCheck`` (without the source's speaker, stage 7).

* source words missing where the fragment has an ellipsis or an editor's
  brackets are allowed, up to ``candidates.GAP_WORDS``;
* a word whose case differs from the source counts, unless it opens the
  fragment or a piece after a gap (a capital at the start, or ``[T]he``);
* every other edit is a ``Difference``;
* similarity is one minus the words edited over the words compared;
  no difference is ``verbatim``, a similarity of at least
  ``ALTERED_MIN_SIMILARITY`` is ``altered``, anything less ``not_found``.
"""

from __future__ import annotations

from .align import Alignment, Op, in_gap
from .index import SourceIndex
from .model import ALTERED, NOT_FOUND, VERBATIM, Difference, Fragment, FragmentCheck
from .normalise import PLAIN

#: Least similarity of a quotation whose words differ from the source's for
#: it to be an altered quotation rather than one the sources do not hold:
#: half its words as the source has them.
ALTERED_MIN_SIMILARITY = 0.5
#: Digits kept of a similarity.
SIMILARITY_DIGITS = 3

_RANK = {VERBATIM: 0, ALTERED: 1, NOT_FOUND: 2}


def rank(check: FragmentCheck) -> tuple[int, float]:
    """Sort key: the better match first."""
    return _RANK.get(check.status, 3), -check.similarity


def classify(draft: str, fragment: Fragment, alignment: Alignment, index: SourceIndex) -> FragmentCheck:
    """The check of ``fragment`` against the source stretch it aligned with."""
    number = index.source_of(alignment.start) if alignment.end > alignment.start else index.source_of(max(alignment.start - 1, 0))
    source = index.sources[number]
    differences: list[Difference] = []  # case differences: one word each
    gap_words = 0
    edits: list[Op] = []
    for op in alignment.ops:
        if op.tag == "equal":
            differences += _case_differences(draft, source.text, fragment, op, index)
        elif in_gap(op.tag, op.src_end - op.src_start, op.frag_start, fragment.gaps):
            gap_words += op.src_end - op.src_start
        else:
            edits.append(op)
    edits = _merged(edits)
    cost = len(differences) + sum(max(op.src_end - op.src_start, op.frag_end - op.frag_start) for op in edits)
    differences += [_difference(draft, source.text, fragment, op, index) for op in edits]
    differences.sort(key=lambda d: d.draft_start)
    compared = max(len(fragment.words), alignment.end - alignment.start - gap_words, 1)
    similarity = round(max(0.0, 1 - cost / compared), SIMILARITY_DIGITS)
    if not differences:
        status = VERBATIM
    elif similarity >= ALTERED_MIN_SIMILARITY:
        status = ALTERED
    else:
        return FragmentCheck(fragment.text, fragment.start, fragment.end, NOT_FOUND, similarity=similarity,
                             bracketed=fragment.bracketed)
    start, end = _source_offsets(alignment.start, alignment.end, index)
    return FragmentCheck(
        fragment.text, fragment.start, fragment.end, status, source.id, number, start, end, similarity,
        tuple(differences), fragment.bracketed,
    )


def _merged(edits: list[Op]) -> list[Op]:
    """Edits that touch in both texts as one (``could not`` for ``cannot``
    is one replacement, not an insertion and a replacement)."""
    out: list[Op] = []
    for op in edits:
        if out and out[-1].src_end == op.src_start and out[-1].frag_end == op.frag_start:
            last = out[-1]
            src_start, frag_start = last.src_start, last.frag_start
            tag = "replace" if op.src_end > src_start and op.frag_end > frag_start else op.tag
            out[-1] = Op(tag, src_start, op.src_end, frag_start, op.frag_end)
        else:
            out.append(op)
    return out


def _source_offsets(first: int, end: int, index: SourceIndex) -> tuple[int, int]:
    """Offsets into its source of the words ``[first, end)`` of the index
    (an empty stretch: the point before word ``first``)."""
    if end > first:
        return index.starts[first], index.ends[end - 1]
    if first < len(index) and index.starts[first] >= 0:
        return index.starts[first], index.starts[first]
    at = index.ends[first - 1] if first > 0 else 0
    return at, at


def _draft_offsets(fragment: Fragment, first: int, end: int) -> tuple[int, int]:
    """Draft offsets of the fragment's words ``[first, end)`` (an empty
    stretch: the point before word ``first``, or after the last word)."""
    words = fragment.words
    if end > first:
        return words[first].start, words[end - 1].end
    at = words[first].start if first < len(words) else words[-1].end if words else fragment.start
    return at, at


def _difference(draft: str, source: str, fragment: Fragment, op: Op, index: SourceIndex) -> Difference:
    draft_start, draft_end = _draft_offsets(fragment, op.frag_start, op.frag_end)
    source_start, source_end = _source_offsets(op.src_start, op.src_end, index)
    return Difference(
        op.tag, draft[draft_start:draft_end], source[source_start:source_end],
        draft_start, draft_end, source_start, source_end,
    )


def _case_differences(draft: str, source: str, fragment: Fragment, op: Op, index: SourceIndex) -> list[Difference]:
    """Words equal but for case, where case counts (not at a piece's start)."""
    out = []
    for k in range(op.frag_end - op.frag_start):
        i, p = op.frag_start + k, op.src_start + k
        if i == 0 or i in fragment.gaps:
            continue
        word = fragment.words[i]
        written = source[index.starts[p] : index.ends[p]]
        if word.form.translate(PLAIN) != written.translate(PLAIN):
            out.append(Difference("replace", draft[word.start : word.end], written, word.start, word.end,
                                  index.starts[p], index.ends[p]))
    return out
