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
from .marks import QuotedSpan, QuotedSpans
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
    terms: tuple[int, ...] = ()   # where quoted terms and titles open in the paragraph, in order


def prose_pieces(text: str, paragraphs: list[Paragraph], spans: list[QuotedSpan], kinds: list[str]):
    """The stretches of each prose sentence outside direct quotations, with the
    quoted fragments of their paragraph: ``(Piece, QuotedSpans)``, in text order.
    Page furniture and headlines are not prose.

    Linear in the spans and sentences of a paragraph: the spans are in text
    order and never overlap, so each sentence meets its quotations by a
    pointer that only moves forward."""
    fragment_spans_of: dict[int, list[QuotedSpan]] = {}
    barriers_of: dict[int, list[tuple[int, int]]] = {}
    fragments_of: dict[int, list[tuple[int, int]]] = {}
    terms_of: dict[int, list[int]] = {}
    for span, kind in zip(spans, kinds):
        if kind == FRAGMENT:
            fragment_spans_of.setdefault(span.first_paragraph, []).append(span)
        if kind in (DIRECT, FRAGMENT):
            target = barriers_of if kind == DIRECT else fragments_of
            for index in range(span.first_paragraph, span.last_paragraph + 1):
                target.setdefault(index, []).append((span.open, span.after))
        else:
            terms_of.setdefault(span.first_paragraph, []).append(span.open)
    no_fragments = QuotedSpans()
    for para in paragraphs:
        deadline.check()
        if para.noise or _is_headline(text, para):
            continue
        fragments = QuotedSpans(fragment_spans_of[para.index]) if para.index in fragment_spans_of else no_fragments
        terms = tuple(terms_of.get(para.index, ()))
        for piece in _sentences(text, para, barriers_of.get(para.index, []), fragments_of.get(para.index, [])):
            yield (piece._replace(terms=terms) if terms else piece), fragments


def _sentences(text: str, para: Paragraph, here: list[tuple[int, int]], inside: list[tuple[int, int]]):
    """The pieces of each sentence that lie outside direct quotations
    (``here``: those touching this paragraph).  A sentence never ends inside
    a quoted fragment (``inside``: this paragraph's fragments).  Both lists
    are in text order and their stretches never overlap."""
    breaks = []
    k = 0
    for b in sentence_breaks(text, para.start, para.end):
        while k < len(inside) and inside[k][1] <= b:
            k += 1  # every later break is past this fragment too
        if k < len(inside) and inside[k][0] < b:
            continue  # inside[k] holds the break
        breaks.append(b)
    starts = [para.start, *breaks]
    ends = [*starts[1:], para.end]
    first = 0  # the first quotation that ends after the sentence start
    for start, end in zip(starts, ends):
        deadline.check()
        while first < len(here) and here[first][1] <= start:
            first += 1
        cut = start
        k = first
        while k < len(here) and here[k][0] < end:
            lo, hi = here[k]
            if lo > cut:
                yield Piece(start, cut, lo, after_quote=cut > start, before_quote=True, quote_end=hi)
            cut = max(cut, hi)
            k += 1
        if cut < end:
            yield Piece(start, cut, end, after_quote=cut > start, before_quote=False)


def _is_headline(text: str, para: Paragraph) -> bool:
    line = text[para.start : para.end].rstrip()
    tag = SOURCE_TAG.search(line, 0, None, NOT_CONCURRENT)
    if tag is not None:
        line = line[: tag.start()]  # "-X explains why the polls were off. [NYT.]": a sentence, then its source
    return not line.endswith(SENTENCE_LAST) and len(line.split()) <= HEADLINE_WORDS
