"""Stage 2b — which quoted spans are quotations of speech.

In: the text and a ``QuotedSpan``.  Out: one of DIRECT (a quoted utterance
standing as its own sentence or introduced by a cue), FRAGMENT (words quoted
inside a sentence of the writer's: part of reported speech, or a scare quote),
or TERM (a title, name or label: never returned).

Signals, from newsroom practice: an utterance opens a paragraph or a sentence
or follows a colon, and ends with punctuation inside the marks or a comma
after them; a term is short, has no closing punctuation and follows "so-called",
"dubbed", "titled" and the like.
"""

from __future__ import annotations

from itertools import islice

import regex

from .attribution import INTRO_TAIL
from .chars import CLOSING_MARKS
from .cues import BELIEF, find_cues
from .lexicons import read_lines
from .marks import QuotedSpan
from .patterns import NOT_CONCURRENT, alternation

DIRECT, FRAGMENT, TERM = "direct", "fragment", "term"

# The patterns anchored at the end (\Z) whose matches are only tested, never
# read, are searched from the end (REVERSE): whether a match exists does not
# depend on the direction, and a forward search would try every position of a
# long quotation before reaching its last characters.
TERM_MARKER = regex.compile(
    rf"(?i:{alternation(read_lines('term_markers'))})[ \t\u00a0]*[,:]?[ \t\u00a0]*\Z", regex.REVERSE
)
# A word or a number, with its apostrophe parts; a hyphenated compound counts as
# its parts.  The rules that tell short quotations, clauses and titles from long
# ones (here and in stage 5b) count words this way; cues.WHOLE_WORD finds the
# article's words for cues and verbs.
WORD_PART = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)*")
# an aside opens like a sentence: after a dash, a spaced hyphen or a bracket
SENTENCE_OPENER = regex.compile(rf"(?:[.!?…:;—–(]|(?<=[ \t\u00a0])-|[.!?,…][{CLOSING_MARKS}])[ \t\u00a0]*\Z", regex.REVERSE)
CLOSING_PUNCTUATION = regex.compile(rf"[.!?,…—–\-:;][\s{CLOSING_MARKS}]*\Z", regex.REVERSE)
AFTER_CLOSE_PUNCTUATION = regex.compile(r"[ \t\u00a0]*[,.!?—–]")
CUE_THEN_COMMA_OR_THAT = regex.compile(r"(?:[,:]|\bthat|[\p{L}])[ \t\u00a0]*\Z", regex.REVERSE)
CONTINUES_LOWERCASE = regex.compile(r"[ \t\u00a0]+\p{Ll}")
MAX_SUBHEAD_WORDS = 8
MAX_TITLE_WORDS = 4
SENTENCE_PUNCTUATION = regex.compile(rf"[.!?…][\s{CLOSING_MARKS}]*\Z", regex.REVERSE)
NEXT_WORDS = regex.compile(r"(?:[ \t\u00a0]+[\p{L}.’'\-]+){1,3}")
MIN_WORDS_UNPUNCTUATED = 5
# nothing but spaces, full stops and colons to the end of the line: read only
# as far as the first other character, however long the line
REST_OF_LINE_BLANK = regex.compile(r"[ \t\u00a0.:]*(?:\n|\Z)")
# a verb in the past tense or the present's third person right before a comma
VERB_BEFORE_COMMA = regex.compile(r"(?<![\p{L}’'\-])\p{Ll}{2,}(?:ed|s),\Z", regex.REVERSE)
INVISIBLE = regex.compile(r"[\p{Cf}\x00-\x08\x0b\x0c\x0e-\x1f]")
WORDY = regex.compile(r"[\p{L}\p{N}]")


def word_count(text: str, start: int, end: int, most: int) -> int:
    """How many words ``text[start:end]`` holds, counted up to ``most``: the
    rules only tell short spans from long ones, and quotations can be long."""
    return len(list(islice(WORD_PART.finditer(text, start, end, concurrent=False), most)))


def classify(text: str, span: QuotedSpan, prose_start: int) -> str:
    """DIRECT, FRAGMENT or TERM for a top-level quoted span.

    ``prose_start`` is where the writer's words before the span begin (the
    paragraph start or the end of the previous quoted span).
    """
    before = INVISIBLE.sub("", text[max(prose_start, span.open - 80) : span.open])
    words = word_count(text, span.start, span.end, MAX_SUBHEAD_WORDS + 1)  # the largest count the rules below tell apart
    if words == 0:
        return TERM
    if TERM_MARKER.search(before, 0, None, NOT_CONCURRENT):
        return TERM
    content = text[span.start : span.end]
    punctuated = bool(CLOSING_PUNCTUATION.search(content, 0, None, NOT_CONCURRENT)) or (
        span.close is not None and AFTER_CLOSE_PUNCTUATION.match(text, span.after, None, NOT_CONCURRENT) is not None
    ) or span.close is None
    # nothing before it but symbols (an emoji, a bullet) also opens a sentence
    opens_sentence = not WORDY.search(before, 0, None, NOT_CONCURRENT) or bool(SENTENCE_OPENER.search(before, 0, None, NOT_CONCURRENT))
    if _is_subhead(text, span, before, words):
        return TERM
    if not punctuated and span.close is not None and CONTINUES_LOWERCASE.match(text, span.after, None, NOT_CONCURRENT):
        if not _attribution_follows(text, span.after):
            return FRAGMENT  # “...” to drive up the price: the sentence goes on
    if opens_sentence or _introduced_by_cue(text, span, before):
        if (2 <= words <= MAX_TITLE_WORDS and _title_case(text, span) and not SENTENCE_PUNCTUATION.search(content, 0, None, NOT_CONCURRENT)
                and not _attribution_follows(text, span.after)):
            return TERM  # ''MTV Unplugged,'' and ''Hawaii Five-0,'': names of things
        if punctuated or words >= MIN_WORDS_UNPUNCTUATED:
            return DIRECT
        return TERM if words <= 4 else FRAGMENT
    if _sentence_after_comma(before, content, words):
        return DIRECT
    return FRAGMENT


def _sentence_after_comma(before: str, content: str, words: int) -> bool:
    """A whole sentence quoted after a comma is an utterance even when no cue
    list holds the verb before it ("announced on her page, in capitals, “I'm
    getting off this ship!”"): it opens with a capital, runs to five words or
    more and ends in a full stop, a question or an exclamation mark.  A
    verb right before the comma is left to introduce it (stance.py)."""
    head = before.rstrip(" \t\u00a0")
    return (
        head.endswith(",")
        and not VERB_BEFORE_COMMA.search(head, 0, None, NOT_CONCURRENT)  # "Smith cracked, “...”": the verb introduces it
        and words >= MIN_WORDS_UNPUNCTUATED
        and content.lstrip()[:1].isupper()
        and SENTENCE_PUNCTUATION.search(content, 0, None, NOT_CONCURRENT) is not None
    )


def _title_case(text: str, span: QuotedSpan) -> bool:
    words = [w for w in WORD_PART.findall(text, span.start, span.end, concurrent=False) if len(w) > 3 or w[:1].isupper()]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _is_subhead(text: str, span: QuotedSpan, before: str, words: int) -> bool:
    """A short title-case line wholly in quote marks is a sub-head, not speech."""
    if before.strip() or span.close is None or words > MAX_SUBHEAD_WORDS:
        return False
    if not REST_OF_LINE_BLANK.match(text, span.after, None, NOT_CONCURRENT):
        return False
    content_words = WORD_PART.findall(text, span.start, span.end, concurrent=False)
    capitalised = sum(1 for w in content_words if w[:1].isupper())
    return capitalised * 2 > len(content_words) and capitalised >= 2


def _attribution_follows(text: str, after: int) -> bool:
    """“...” she said / “...” said the mayor: a cue within the next three words."""
    words = NEXT_WORDS.match(text[after : after + 60], 0, None, NOT_CONCURRENT)
    return words is not None and bool(find_cues(text, after, after + words.end()))


def _introduced_by_cue(text: str, span: QuotedSpan, before: str) -> bool:
    """Smith said, “...” / Smith said that “We ...” (a capital after 'that')."""
    if not CUE_THEN_COMMA_OR_THAT.search(before, 0, None, NOT_CONCURRENT):
        return False
    if before.rstrip().endswith("that") and not text[span.start : span.start + 1].isupper():
        return False
    if before.rstrip()[-1:].isalpha() and not text[span.start : span.start + 1].isupper():
        return False  # declared “I think ...” but not called it “a disgrace”
    lo = span.open - len(before)
    cues = [c for c in find_cues(text, lo, span.open) if c.kind != BELIEF]
    if not cues:
        return False
    if before.rstrip()[-1:].isalpha() and not before.rstrip().endswith("that"):
        return text[cues[-1].end : span.open].strip() == ""
    return span.open - cues[-1].end <= 40 and INTRO_TAIL.match(text[cues[-1].end : span.open], 0, None, NOT_CONCURRENT) is not None
