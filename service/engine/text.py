"""Stage 1 — layout: the article's paragraphs, page noise and sentence ends.

In: the article text exactly as received.  Out: ``Paragraph`` records (one per
non-blank line; offsets into the text) flagged when they are page furniture,
and sentence boundaries on demand.  Nothing here changes the text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import NamedTuple

import regex

from .chars import BACKQUOTE, CLOSING_MARKS, LINE_OPENERS, LINE_QUOTE_MARKS, OPENING_MARKS, STRAIGHT_SINGLE
from .lexicons import read_lines
from . import deadline
from .current import once_per_article
from .patterns import NOT_CONCURRENT, alternation
from .words import ABBREVIATIONS as ABBREVIATION_TAGS

LINE = regex.compile(r"[^\r\n\u2028\u2029\x85\v\f]+")

#: A dateline opening a story or its first paragraph, with its dash: a place in
#: capitals, a region after a comma, a wire credit in brackets ("HALDEN, Norway
#: (AP) — ", "WASHINGTON (Reuters) -- ").  Neither the place nor the credit is
#: ever a speaker's body.
DATELINE = regex.compile(
    r"\p{Lu}[\p{Lu}\p{M} .,'’\-]*(?:,[^—–\n()]{1,40})?(?:\([^()\n]{1,40}\))?[ \t\u00a0]*[—–-]+[ \t\u00a0]*"
)


def _noise_pattern() -> regex.Pattern:
    whole, prefixed = [], []
    for entry in read_lines("page_noise"):
        (prefixed if entry.endswith("*") else whole).append(entry.rstrip("*").strip())
    return regex.compile(
        rf"""
        ^ [\W_]*                              # bullets, arrows, pipes before the words
        (?: {alternation(whole)} [\W_]* $     # a whole line of furniture
          | {alternation(prefixed)} (?:(?<=\W)|\b) .* $   # or a line that starts like a credit or byline
        )
        """,
        regex.IGNORECASE | regex.VERBOSE,
    )


NOISE = _noise_pattern()
BYLINE_LIKE = regex.compile(r"^(?:by|published|updated|posted|last\ updated)\b", regex.IGNORECASE | regex.VERBOSE)
NOT_A_NAME_AFTER_BY = regex.compile(r"by[ \t\u00a0]+(?!\p{Lu})", regex.IGNORECASE)
HAS_QUOTE_MARK = regex.compile(rf"[{LINE_QUOTE_MARKS}]")
OPENS_WITH_QUOTATION = regex.compile(rf"[{LINE_OPENERS}]|''")
MAX_BYLINE_WORDS = 12

DOTTED_INITIALS = regex.compile(r"(?:\p{L}\.)+\p{L}")
ABBREVIATIONS = {word.casefold(): tag for word, tag in ABBREVIATION_TAGS.items()}
SENTENCE_OPENERS = frozenset(read_lines("sentence_openers"))
# the quote marks that may stand before a sentence's first word, and after its last
QUOTE_BEFORE_SENTENCE = OPENING_MARKS + STRAIGHT_SINGLE + BACKQUOTE
QUOTE_AFTER_SENTENCE = CLOSING_MARKS + STRAIGHT_SINGLE
NEXT_WORD = regex.compile(rf"[{QUOTE_BEFORE_SENTENCE}(\[]*(\p{{L}}+)")

SENTENCE_END = regex.compile(
    rf"""
    (?<= [.!?…] )                 # terminal punctuation ...
    [{QUOTE_AFTER_SENTENCE})\]]*  # ... possibly closed by a quote mark or bracket
    [ \t\u00a0]+                  # then a space
    (?= [{QUOTE_BEFORE_SENTENCE}(\[]{{0,2}} [\p{{Lu}}\d] )  # and a capital or number opening the next sentence
    """,
    regex.VERBOSE,
)
# SENTENCE_END's look-ahead, read: where the capital that opens the sentence ends
SENTENCE_START = regex.compile(rf"[{QUOTE_BEFORE_SENTENCE}(\[]{{0,2}}[\p{{Lu}}\d]")
# SENTENCE_END can only start right after one of these: matching it there alone
# finds the same breaks as a search, without trying every other position
TERMINAL = regex.compile(r"[.!?…]")
# the word before a full stop, searched from the end: it can only be the last one
WORD_BEFORE_DOT = regex.compile(rf"(?:^|(?<=[\s({OPENING_MARKS}]))([\p{{L}}.]+)\.$", regex.REVERSE)


class Paragraph(NamedTuple):
    """One non-blank line of the article; ``start``/``end`` skip outer spaces."""

    index: int
    start: int
    end: int
    noise: bool


def _is_noise(line: str) -> bool:
    if not NOISE.match(line, 0, None, NOT_CONCURRENT):
        return False
    if OPENS_WITH_QUOTATION.match(line, 0, None, NOT_CONCURRENT):
        return False  # “By the way, ...,” he said / ''Follow us,'' she said: a quotation, not furniture
    if BYLINE_LIKE.match(line, 0, None, NOT_CONCURRENT):
        # "By the time ..." opens real prose: only short lines without quotes are bylines,
        # and "By" must name someone ("By 58%-33%, those surveyed said ..." is prose)
        if NOT_A_NAME_AFTER_BY.match(line, 0, None, NOT_CONCURRENT):
            return False
        return len(line.split()) <= MAX_BYLINE_WORDS and not HAS_QUOTE_MARK.search(line, 0, None, NOT_CONCURRENT)
    return True


def split_paragraphs(text: str) -> list[Paragraph]:
    """Every non-blank line, in order, with page furniture flagged."""
    paragraphs = []
    for count, match in enumerate(LINE.finditer(text, concurrent=False), 1):
        if not count % deadline.EVERY:
            deadline.check()
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        end = start + len(stripped)
        paragraphs.append(Paragraph(len(paragraphs), start, end, _is_noise(stripped)))
    return paragraphs


def is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or an initial."""
    return _abbreviation(text, dot) is not None


def _abbreviation(text: str, dot: int) -> str | None:
    """The abbreviation the full stop at ``dot`` closes: "initial", "end" when
    it may also close a sentence (U.S., Inc., a.m.), "" otherwise; None if none."""
    window = text[max(0, dot - 12) : dot + 1]
    match = WORD_BEFORE_DOT.search(window, 0, None, NOT_CONCURRENT)
    if not match:
        return None
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return "initial"  # "J. Smith"
    if word.casefold() in ABBREVIATIONS:
        return ABBREVIATIONS[word.casefold()] or ""
    return "end" if DOTTED_INITIALS.fullmatch(word, 0, None, NOT_CONCURRENT) is not None else None


def _opens_sentence(text: str, start: int) -> bool:
    word = NEXT_WORD.match(text, start, None, NOT_CONCURRENT)
    return word is not None and word.group(1) in SENTENCE_OPENERS


def sentence_breaks(text: str, start: int, end: int) -> list[int]:
    """Offsets in ``text[start:end]`` where a new sentence begins."""
    terminals, breaks, reaches = break_index(text)
    return breaks[bisect_left(terminals, start - 1) : bisect_right(reaches, end)]


def first_sentence_break(text: str, start: int, end: int) -> int | None:
    """The first offset in ``text[start:end]`` where a new sentence begins, if any."""
    terminals, breaks, reaches = break_index(text)
    first = bisect_left(terminals, start - 1)
    return breaks[first] if first < bisect_right(reaches, end) else None


@once_per_article
def break_index(text: str) -> tuple[list[int], list[int], list[int]]:
    """Every sentence break of the text, found once per article for the many
    questions the stages ask about stretches of it: the terminal punctuation's
    offset, where the new sentence begins, and the end of the capital (after
    any opening marks) that shows it begins.

    A stretch ``text[start:end]`` holds the break when its punctuation is at
    ``start - 1`` or later and that capital ends by ``end``: the pattern, bound
    to the stretch, matches there exactly when it matches there in the whole
    text and its look-ahead fits (closing marks, spaces, opening marks and the
    capital can each be read in one way only).  Abbreviations are judged on
    the words around them, wherever the stretch ends."""
    terminals, breaks, reaches = [], [], []
    for count, terminal in enumerate(TERMINAL.finditer(text, concurrent=False), 1):
        if not count % deadline.EVERY:
            deadline.check()
        match = SENTENCE_END.match(text, terminal.end(), None, NOT_CONCURRENT)
        if match is None:
            continue
        dot = match.start() - 1
        if text[dot] == "." and (kind := _abbreviation(text, dot)) is not None:
            if kind != "end" or not _opens_sentence(text, match.end()):
                continue  # "Mr. Crewe", "U.S. Senator": one sentence; "the U.S. He said": two
        terminals.append(dot)
        breaks.append(match.end())
        reaches.append(SENTENCE_START.match(text, match.end(), None, NOT_CONCURRENT).end())
    return terminals, breaks, reaches

