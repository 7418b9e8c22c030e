"""Stage 5b, its input — prose pieces: the stretches a reported clause can sit in.

In: the text, its paragraphs, and the quoted spans with what each is (direct,
fragment, term).  Out: ``Piece`` records in text order — each sentence of the
writer's prose, cut around the direct quotations in it and flagged when one
stands right before or after — each with the quoted fragments of its
paragraph.  Page furniture and headlines (a short line that does not end like
a sentence) are not prose, and a sentence never ends inside a quoted fragment.
Stages 5b (reported.py) and 5c (positions.py) read the same pieces.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from . import deadline
from .chars import CLOSING_MARKS, STRAIGHT_SINGLE
from .marks import QuotedSpan
from .patterns import NOT_CONCURRENT
from .quotes import DIRECT, FRAGMENT
from .text import Paragraph, sentence_breaks

MAX_SENTENCE_CHARS = 1500   # longer "sentences" are not prose
HEADLINE_WORDS = 20
SENTENCE_LAST = (".", "!", "?", *CLOSING_MARKS, STRAIGHT_SINGLE, ":", ")")  # what a line of prose ends with
SOURCE_TAG = regex.compile(r"[ \t\u00a0]*\[[^\[\]\n]{1,40}\]\Z")  # a digest item's "[WashPost.]"


class Piece(NamedTuple):
    """A stretch of one sentence outside direct quotations."""

    sentence_start: int
    start: int
    end: int
    after_quote: bool   # right after a direct quotation: its attribution may stand here
    before_quote: bool  # right before one: its introduction may stand here
    quote_end: int | None = None  # where that following quotation ends, after its closing mark
    terms: tuple[int, ...] = ()   # where quoted terms and titles open in the paragraph


def prose_pieces(text: str, paragraphs: list[Paragraph], spans: list[QuotedSpan], kinds: list[str]):
    """The stretches of each prose sentence outside direct quotations, with the
    quoted fragments of their paragraph: ``(Piece, [QuotedSpan])``, in text order.
    Page furniture and headlines are not prose."""
    fragment_spans_of: dict[int, list[QuotedSpan]] = {}
    for span, kind in zip(spans, kinds):
        if kind == FRAGMENT:
            fragment_spans_of.setdefault(span.first_paragraph, []).append(span)
    barriers_of: dict[int, list[tuple[int, int]]] = {}
    fragments_of: dict[int, list[tuple[int, int]]] = {}
    for span, kind in zip(spans, kinds):
        if kind in (DIRECT, FRAGMENT):
            target = barriers_of if kind == DIRECT else fragments_of
            for index in range(span.first_paragraph, span.last_paragraph + 1):
                target.setdefault(index, []).append((span.open, span.after))
    terms_of: dict[int, tuple[int, ...]] = {}
    for span, kind in zip(spans, kinds):
        if kind not in (DIRECT, FRAGMENT):
            terms_of[span.first_paragraph] = (*terms_of.get(span.first_paragraph, ()), span.open)
    for para in paragraphs:
        deadline.check()
        if para.noise or _is_headline(text, para):
            continue
        fragments = fragment_spans_of.get(para.index, [])
        terms = terms_of.get(para.index, ())
        for piece in _sentences(text, para, barriers_of.get(para.index, []), fragments_of.get(para.index, [])):
            yield (piece._replace(terms=terms) if terms else piece), fragments


def _sentences(text: str, para: Paragraph, here: list[tuple[int, int]], inside: list[tuple[int, int]]):
    """The pieces of each sentence that lie outside direct quotations
    (``here``: those touching this paragraph).  A sentence never ends inside
    a quoted fragment (``inside``: this paragraph's fragments)."""
    breaks = [b for b in sentence_breaks(text, para.start, para.end)
              if not any(lo < b < hi for lo, hi in inside)]
    starts = [para.start, *breaks]
    ends = [*starts[1:], para.end]
    for start, end in zip(starts, ends):
        cut = start
        for lo, hi in here:
            if lo < end and start < hi:
                if lo > cut:
                    yield Piece(start, cut, lo, after_quote=cut > start, before_quote=True, quote_end=hi)
                cut = max(cut, hi)
        if cut < end:
            yield Piece(start, cut, end, after_quote=cut > start, before_quote=False)


def _is_headline(text: str, para: Paragraph) -> bool:
    line = text[para.start : para.end].rstrip()
    tag = SOURCE_TAG.search(line, 0, None, NOT_CONCURRENT)
    if tag is not None:
        line = line[: tag.start()]  # "-X explains why the polls were off. [NYT.]": a sentence, then its source
    return not line.endswith(SENTENCE_LAST) and len(line.split()) <= HEADLINE_WORDS
