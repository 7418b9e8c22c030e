"""Stage 2 — quotation marks: which marks open and close which quoted spans.

In: the text and its paragraphs.  Out: ``QuotedSpan`` records for every
top-level quoted span (inner quotes belong to the span around them), with the
offsets of the marks and of the words between them.

Writers and CMSs mix mark styles (“...", ”...”, « ... », „...“), so a mark's
role comes first from what stands on either side of it (like Markdown's
flanking rules) and only then from its shape.  A single mark between letters is
an apostrophe (don’t), and so is one before a decade (’90s).  A quote left
open at the end of a paragraph continues when the next paragraph re-opens it
(newswire style); otherwise it runs to the end of its paragraph only when it
opened the paragraph or followed a colon.  One pass, a stack per paragraph:
linear in the length of the text whatever the marks.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import regex

from .chars import CLOSING_SHAPES, DOUBLE_MARKS, GUILLEMETS, OPENING_SHAPES, QUOTE_MARKS, SINGLE_MARKS
from . import deadline
from .patterns import NOT_CONCURRENT
from .text import Paragraph

BEFORE_OPENING = "([{—–-/¿¡…"
AFTER_CLOSING = ".,;:!?)]}—–-/…"
APOSTROPHES = "".join(mark for mark in SINGLE_MARKS if mark not in GUILLEMETS)  # may stand inside a word
DETACHED_CLOSE_AFTER = ",.!?;:…'’”"  # what ends a quotation before a closing mark typed with a space

MARK = regex.compile(
    rf"""
    ''(?!')          # two apostrophes: a double mark in archive copy (''Hopefully,'' he said)
  | ``               # two backquotes: an opening double mark
  | [{QUOTE_MARKS}]
    """,
    regex.VERBOSE,
)
# ’90s, ’em, ’tis, rock ’n’ roll: apostrophes that sit where a quote would open
ELISION = regex.compile(r"(?:\d\d(?:s|\b)|em\b|tis\b|twas\b|cause\b|til\b|n[’']?\s)", regex.IGNORECASE)

OPEN, CLOSE, EITHER = 1, 2, 3


class QuotedSpan(NamedTuple):
    """A top-level quotation: marks at ``open``/``close``, words in ``start:end``.

    ``close`` is None when the quotation runs to the end of its last paragraph
    without a closing mark.  ``paragraphs`` are the indices it covers.
    """

    open: int
    close: int | None
    start: int
    end: int
    first_paragraph: int
    last_paragraph: int
    double: bool
    close_end: int | None  # just after the closing mark

    @property
    def after(self) -> int:
        """Where the writer's words resume after the quotation."""
        return self.close_end if self.close_end is not None else self.end


class QuotedSpans(Sequence):
    """Top-level quoted spans in text order, with the look-ups by offset the
    later stages make, each in logarithmic time.

    Top-level spans never overlap (an inner quote belongs to the span around
    it), so at most one of them holds a given offset: the last to open
    before it.
    """

    __slots__ = ("_spans", "_opens")

    def __init__(self, spans=()):
        self._spans = list(spans)
        self._opens = [s.open for s in self._spans]

    def __len__(self) -> int:
        return len(self._spans)

    def __getitem__(self, k):
        return self._spans[k]

    def __iter__(self):
        return iter(self._spans)

    def __repr__(self) -> str:
        return f"QuotedSpans({self._spans!r})"

    def holding(self, position: int) -> QuotedSpan | None:
        """The span with ``position`` inside it, past its opening mark
        (``open < position < after``), or None."""
        k = bisect_left(self._opens, position) - 1
        if k >= 0 and position < self._spans[k].after:
            return self._spans[k]
        return None

    def at(self, position: int) -> QuotedSpan | None:
        """The span from whose opening mark on ``position`` lies
        (``open <= position < after``), or None."""
        k = bisect_right(self._opens, position) - 1
        if k >= 0 and position < self._spans[k].after:
            return self._spans[k]
        return None

    def opens_in(self, start: int, end: int) -> bool:
        """Whether a span's opening mark stands in ``start:end``."""
        k = bisect_left(self._opens, start)
        return k < len(self._opens) and self._opens[k] < end

    def opening_in(self, start: int, end: int) -> list[QuotedSpan]:
        """The spans whose opening mark stands in ``start:end``, in order."""
        return self._spans[bisect_left(self._opens, start) : bisect_left(self._opens, end)]


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cf", "Cc") and char not in "\n\r\t"


def _mark_role(text: str, i: int, lo: int, hi: int, width: int = 1) -> int:
    """OPEN, CLOSE, EITHER or 0 (not a quote mark here) for the mark at ``i``."""
    if width == 1 and lo < i < hi - 1 and text[i] in APOSTROPHES and text[i - 1].isalnum() and text[i + 1].isalnum():
        return 0  # the common case, settled first: don’t, O’Brien, Deir ez-Zor’s
    mark = text[i] if width == 1 else ("“" if text[i] == "`" else '"')
    before = i
    while before > lo and _invisible(text[before - 1]):
        before -= 1  # zero-width spaces, joiners, a byte-order mark or NUL are not there for the reader
    after = i + width
    while after < hi and _invisible(text[after]):
        after += 1
    prev = text[before - 1] if before > lo else None
    nxt = text[after] if after < hi else None
    if mark in GUILLEMETS:
        # guillemets are often spaced inside (« Oui »), so their shape decides
        return OPEN if mark in OPENING_SHAPES else CLOSE
    single = mark in SINGLE_MARKS
    if single and prev is not None and nxt is not None and prev.isalnum() and nxt.isalnum():
        return 0  # don’t, O’Brien, Deir ez-Zor’s
    can_open = nxt is not None and not nxt.isspace() and (
        prev is None or prev.isspace() or prev in BEFORE_OPENING or prev in DOUBLE_MARKS or prev in SINGLE_MARKS
    )
    can_close = prev is not None and not prev.isspace() and (
        nxt is None or nxt.isspace() or nxt in AFTER_CLOSING or nxt in DOUBLE_MARKS or nxt in SINGLE_MARKS
    )
    if single and can_open and ELISION.match(text, i + width, min(hi, i + 6), NOT_CONCURRENT):
        return 0
    if can_open and not can_close:
        return OPEN
    if can_close and not can_open:
        return CLOSE
    if mark in OPENING_SHAPES:
        if single and not can_open:
            return 0
        return OPEN
    if mark in CLOSING_SHAPES:
        if single and not can_close:
            return 0
        return CLOSE
    if can_open and can_close:
        return EITHER
    if not single and prev is not None and prev.isspace() and (nxt is None or nxt.isspace()):
        ended = before - 1
        while ended > lo and text[ended - 1] in " \t\u00a0":
            ended -= 1
        if ended > lo and text[ended - 1] in DETACHED_CLOSE_AFTER:
            return CLOSE  # "... coalitions, '' said Mr. Gunnels": a closing mark set off by a space
    return 0


@dataclass(slots=True)
class _Open:
    pos: int
    double: bool
    paragraph: int
    width: int = 1


def _scan_paragraph(text: str, para: Paragraph, carried: _Open | None):
    """Pair the marks of one paragraph.

    Returns the spans closed here (with their depth) and the outermost quote
    still open at the paragraph's end, if any.
    """
    stack: list[_Open] = []
    closed: list[tuple[_Open, int, int, int]] = []
    marks = MARK.finditer(text, para.start, para.end, concurrent=False)
    if carried is not None:
        stack.append(carried)
        first = next(marks, None)
        if first is not None and first.start() == para.start:
            stack[0] = _Open(carried.pos, carried.double, carried.paragraph, carried.width)
        elif first is not None:
            # not a re-opening mark: treat it like any other mark
            marks = _chain(first, marks)
    open_count = {True: len(stack) if carried and carried.double else 0,
                  False: len(stack) if carried and not carried.double else 0}
    for count, match in enumerate(marks, 1):
        if not count % deadline.EVERY:
            deadline.check()
        i, width = match.start(), match.end() - match.start()
        role = _mark_role(text, i, para.start, para.end, width)
        if not role:
            continue
        double = width == 2 or text[i] in DOUBLE_MARKS
        if role & CLOSE and open_count[double]:
            while stack[-1].double != double:
                open_count[stack.pop().double] -= 1
            opened = stack.pop()
            open_count[double] -= 1
            closed.append((opened, i, len(stack), width))
        elif role & OPEN:
            stack.append(_Open(i, double, para.index, width))
            open_count[double] += 1
    return closed, (stack[0] if stack else None)


def _chain(first, rest):
    yield first
    yield from rest


def _opens_paragraph(text: str, para: Paragraph) -> _Open | None:
    """The opening mark a paragraph starts with, if it starts with one."""
    match = MARK.match(text, para.start, para.end, NOT_CONCURRENT)
    if match is None:
        return None
    width = match.end() - match.start()
    if _mark_role(text, para.start, para.start, para.end, width) & OPEN:
        return _Open(para.start, width == 2 or text[para.start] in DOUBLE_MARKS, para.index, width)
    return None


def _runs_to_paragraph_end(text: str, opened: _Open, para_start: int) -> bool:
    """An unclosed quote is kept only where it plainly opens speech."""
    before = text[para_start : opened.pos].rstrip()
    return not before or before.endswith(":")


def find_quoted_spans(text: str, paragraphs: list[Paragraph]) -> list[QuotedSpan]:
    """Top-level quoted spans of the article, in text order."""
    spans: list[QuotedSpan] = []
    carried: _Open | None = None
    carried_from: Paragraph | None = None
    last_prose: Paragraph | None = None
    body = [p for p in paragraphs if not p.noise]
    by_index = {p.index: p for p in paragraphs}
    for para in body:
        deadline.check()
        if carried is not None:
            reopening = _opens_paragraph(text, para)
            if reopening is None or reopening.double != carried.double:
                _close_at_paragraph_end(text, carried, by_index, last_prose, spans)
                carried = None
        closed, still_open = _scan_paragraph(text, para, carried)
        for count, (opened, close, depth, width) in enumerate(closed, 1):
            if not count % deadline.EVERY:
                deadline.check()
            if depth == 0:
                spans.append(QuotedSpan(opened.pos, close, opened.pos + opened.width, close,
                                        opened.paragraph, para.index, opened.double, close + width))
        carried = still_open
        carried_from = para
        last_prose = para
    if carried is not None and carried_from is not None:
        _close_at_paragraph_end(text, carried, by_index, last_prose, spans)
    spans.sort(key=lambda s: s.start)
    return spans


def _close_at_paragraph_end(text, opened: _Open, by_index, last_para: Paragraph, spans) -> None:
    first = by_index[opened.paragraph]
    if _runs_to_paragraph_end(text, opened, first.start) and last_para.end > opened.pos + opened.width:
        spans.append(QuotedSpan(opened.pos, None, opened.pos + opened.width, last_para.end,
                                opened.paragraph, last_para.index, opened.double, None))
