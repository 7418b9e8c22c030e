"""Stage 2: the draft's quotations -> the fragments to look for.

In: the draft, the quotations ``extract`` found in it, and the quoted spans
of the draft.  Out: for each quotation, the ``Fragment``s whose words must
be in a source (none for indirect speech, whose wording is the writer's).

* a direct quotation is one fragment; two direct quotations of one speaker
  split by the attribution (“We will,” she said, “open in May.”), the first
  ending without a full stop and the second opening in lower case, are one
  fragment, the sentence they came from;
* a mixed quotation has one fragment per quoted stretch inside it;
* inside a fragment, an ellipsis (``…``, ``...``, ``. . .``) marks words
  left out, and words in square brackets are the editor's, reported as
  ``bracketed`` and never looked for: both leave a gap the source may fill.
"""

from __future__ import annotations

import bisect

import regex

from service.engine import Quote, deadline
from service.engine.marks import QuotedSpan

from .model import BRACKET, ELLIPSIS, Fragment, Span
from .normalise import words

#: Words left out: an ellipsis character, three dots, or three spaced dots.
ELLIPSIS_MARK = regex.compile(r"…|\.[ \u00a0]?\.[ \u00a0]?\.")
#: The editor's words: square brackets around words, not the bracketed
#: capital of a word (``[T]he``), which normalise.py reads as that word.
BRACKETED_WORDS = regex.compile(r"\[(?!\w{1,2}\]\w)[^\[\]\n]{1,200}\]")
#: The end of a quoted sentence: a quotation ending otherwise (with a comma,
#: or nothing) goes on after its attribution.
SENTENCE_END = frozenset(".?!…")
#: Most characters between the halves of a quotation split by its attribution.
SPLIT_GAP_CHARS = 120


def fragment(text: str, start: int, end: int) -> Fragment:
    """The fragment of ``text[start:end]``: its words but those in brackets,
    and the gaps ellipses and brackets leave."""
    ellipses = [(m.start(), m.end(), ELLIPSIS) for m in ELLIPSIS_MARK.finditer(text, start, end)]
    brackets = [(m.start(), m.end(), BRACKET) for m in BRACKETED_WORDS.finditer(text, start, end)]
    breaks = sorted(ellipses + brackets)
    kept = []
    gaps: dict[int, str] = {}
    k = 0
    for word in words(text, start, end):
        # the breaks before this word leave a gap before it; brackets allow
        # more than an ellipsis, so a bracket beside an ellipsis wins
        while k < len(breaks) and breaks[k][1] <= word.start:
            if gaps.get(len(kept)) != BRACKET:
                gaps[len(kept)] = breaks[k][2]
            k += 1
        if k < len(breaks) and breaks[k][0] <= word.start < breaks[k][1]:
            continue  # inside the editor's brackets
        kept.append(word)
    # a gap before the first word or after the last asks nothing of the source
    gaps = {at: kind for at, kind in gaps.items() if 0 < at < len(kept)}
    bracketed = [Span(text[s:e], s, e) for s, e, _ in brackets]
    bracketed += [Span(text[w.start:w.end], w.start, w.end) for w in kept if text[w.start] == "["]
    return Fragment(text[start:end], start, end, tuple(kept), gaps, tuple(sorted(bracketed, key=lambda b: b.start)))


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] in SENTENCE_END


def _opens_lower(text: str) -> bool:
    """Whether the first letter of ``text`` is small: the sentence goes on."""
    letter = next((c for c in text if c.isalpha()), "")
    return letter.islower()


def _split_halves(draft: str, first: Quote, second: Quote) -> bool:
    """Whether ``second`` goes on with the sentence ``first`` began, past
    the attribution between them."""
    return (
        first.type == second.type == "direct"
        and first.speaker is not None
        and second.speaker is not None
        and first.speaker.id == second.speaker.id
        and not _ends_sentence(first.text)
        and _opens_lower(second.text)
        and 0 <= second.start - first.end <= SPLIT_GAP_CHARS
        and "\n" not in draft[first.end : second.start]
    )


def _joined(draft: str, first: Quote, second: Quote) -> Fragment:
    """One fragment of both halves: their words in order, nothing between."""
    a, b = fragment(draft, first.start, first.end), fragment(draft, second.start, second.end)
    gaps = {**a.gaps, **{len(a.words) + at: kind for at, kind in b.gaps.items()}}
    return Fragment(draft[first.start : second.end], first.start, second.end, a.words + b.words, gaps,
                    a.bracketed + b.bracketed)


def quote_fragments(draft: str, quotes: list[Quote], spans: list[QuotedSpan]) -> list[list[Fragment]]:
    """For each quotation of ``quotes`` (in text order), the fragments to look for."""
    out: list[list[Fragment]] = [[] for _ in quotes]
    joined_with_previous = False
    starts = [s.start for s in spans]
    for k, quote in enumerate(quotes):
        deadline.check()
        if quote.type == "indirect":
            continue
        if quote.type == "mixed":
            out[k] = _quoted_inside(draft, quote, spans, starts)
            continue
        if joined_with_previous:
            joined_with_previous = False
            continue
        following = quotes[k + 1] if k + 1 < len(quotes) else None
        if following is not None and _split_halves(draft, quote, following):
            whole = _joined(draft, quote, following)
            out[k] = out[k + 1] = [whole]
            joined_with_previous = True
        else:
            out[k] = [fragment(draft, quote.start, quote.end)]
    return out


def _quoted_inside(draft: str, quote: Quote, spans: list[QuotedSpan], starts: list[int]) -> list[Fragment]:
    """The quoted stretches inside a mixed quotation, each a fragment."""
    k = bisect.bisect_left(starts, quote.start)
    found = []
    while k < len(spans) and spans[k].start < quote.end:
        span = spans[k]
        end = min(span.end, quote.end)
        if end > span.start:
            found.append(fragment(draft, span.start, end))
        k += 1
    return found
