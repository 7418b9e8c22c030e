"""Stage 3 — reporting cues: the verbs and phrases that attribute speech.

In: the text and a window of it.  Out: ``Cue`` records (offsets, surface text,
lemma, kind).  The lexicons say which words are cues; the rules here drop
uses that are not reporting ("the said property", "that said,", "needless to
say", "let's say").
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress
from typing import NamedTuple

import regex

from .chars import CLOSING_MARKS, STRAIGHT_SINGLE
from . import deadline
from .lexicons import read_verbs
from .current import once_per_article
from .patterns import NOT_CONCURRENT, alternation

SPEECH = "speech"        # introduces quotes and reported clauses
QUOTE_ONLY = "quote"     # attributes a quotation right beside it
BELIEF = "belief"        # reported thought: never a direct-quote cue
ACCORDING = "according"  # "according to X": the speaker follows the cue

STANCE = "stance"        # its object, clause or noun phrase, is the source's position

LEMMAS: dict[str, str] = {}
KINDS: dict[str, str] = {}
STANCE_FORMS = frozenset(form.casefold() for form in read_verbs("stance_verbs"))
for _kind, _name in ((STANCE, "stance_verbs"), (BELIEF, "belief_verbs"), (QUOTE_ONLY, "quote_verbs"), (SPEECH, "reporting_verbs")):
    for _form, _lemma in read_verbs(_name).items():
        LEMMAS[_form.casefold()] = _lemma
        KINDS[_form.casefold()] = ACCORDING if _lemma == "according to" else _kind

CUE = regex.compile(
    rf"""
    (?<![\p{{L}}\p{{N}}'’])(?<![\p{{L}}\p{{N}}]-)   # a whole word, not the end of a compound ("well-said"),
                                                 # though a typed dash may stand before it ("”--said Mr. Lake")
    (?P<cue>{alternation(LEMMAS)})
    (?![\p{{L}}\p{{N}}-])            # ... not part of a longer one
    """,
    regex.IGNORECASE | regex.VERBOSE,
)

# A word standing on its own: letters, with one apostrophe part ("don't").  No
# number, and no part of a hyphenated compound ("so-called" holds no "called"):
# the boundaries of CUE, so the article's words are the ones a cue can be.
# position_features.WORD_OR_COMPOUND and quotes.WORD_PART count words otherwise.
WHOLE_WORD = regex.compile(r"(?<![\p{L}\p{N}'’])(?<![\p{L}\p{N}]-)[\p{L}]+(?:[’'][\p{L}]+)?(?![\p{L}\p{N}-])")
FIRST_WORDS = frozenset(form.split()[0] for form in LEMMAS)
MULTIWORD_FIRST = frozenset(form.split()[0] for form in LEMMAS if " " in form)
# The patterns that look back from a cue (anchored at \Z, only tested) are
# searched from the end: whether one matches does not depend on the direction.
NOT_REPORTING_BEFORE = regex.compile(
    r"""(?:
        \b(?:the|this|that|aforementioned)[ \t]+\Z      # "the said property"
      | \b(?:to|let['’]?s|would|will|may|might|could|should|must|can|needless[ \t]+to|so[ \t]+to|I['’]d|you['’]d)[ \t]+\Z  # infinitives, hypotheticals, futures
    )""",
    regex.IGNORECASE | regex.VERBOSE | regex.REVERSE,
)
PASSIVE_BEFORE = regex.compile(
    r"\b(?:was|were|been|being|is|are|be|get|got)[ \t]+(?:\p{Ll}+ly[ \t]+)?\Z", regex.IGNORECASE | regex.REVERSE
)
PASSIVE_AFTER = regex.compile(r"[ \t\u00a0]+(?:by|of)\b", regex.IGNORECASE)
NOUN_BEFORE = regex.compile(r"(?:\p{L}['’]s|\p{L}s['’])[ \t\u00a0]+\Z", regex.REVERSE)  # a possessive before it: Obama's support
# a determiner, a possessive or a number before a participle makes it an
# adjective: "271 pledged delegates", "his stated aim", "Clinton's reported gifts"
ADJECTIVE_AFTER = regex.compile(
    r"(?:(?<![\p{L}'’])(?:the|a|an|his|her|its|their|our|my|your|these|those)|\p{N}|\p{L}['’]s|\p{L}s['’])[ \t\u00a0]+\Z",
    regex.IGNORECASE | regex.REVERSE,
)
THAT_SAID = regex.compile(
    r"(?:^|[.;!?]\s*)(?:that|having|this|all|with[ \t]+that)[ \t]+\Z", regex.IGNORECASE | regex.REVERSE
)
# what may stand before a capitalised cue word that opens a sentence; of the
# opening marks only “ is read here
SENTENCE_BEFORE = ("", ".", "!", "?", ":", "\n", *CLOSING_MARKS, "“", STRAIGHT_SINGLE, "—", "(")
NOT_REPORTING_AFTER = regex.compile(r"[ \t]*(?:to[ \t]+be|to[ \t]+have|so\b|goodbye|hello|nothing\b|no[ \t]+more)", regex.IGNORECASE)


class Cue(NamedTuple):
    start: int
    end: int
    text: str
    lemma: str
    kind: str

    @property
    def takes_noun_phrase(self) -> bool:
        """Whether what follows may be a noun phrase ("criticized the accord")."""
        return self.text.casefold() in STANCE_FORMS


def _is_reporting(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 24) : start]
    if text[start].isupper() and before.rstrip(" \t\u00a0")[-1:] not in SENTENCE_BEFORE:
        return False  # a capitalised word mid-sentence is a name ("New York State")
    word = text[start:end].casefold()
    if word.endswith(("ed", "told", "said", "written", "shown", "known", "found")) and PASSIVE_BEFORE.search(before, 0, None, NOT_CONCURRENT):
        return False  # "was accused of", "it was reported that": the subject is not the source
    if word.endswith("ed") and ADJECTIVE_AFTER.search(before, 0, None, NOT_CONCURRENT):
        return False
    if word in ("said", "say", "says", "saying") and (NOT_REPORTING_BEFORE.search(before, 0, None, NOT_CONCURRENT) or THAT_SAID.search(before, 0, None, NOT_CONCURRENT)):
        return False
    if word in ("said", "says") and NOT_REPORTING_AFTER.match(text, end, min(len(text), end + 16), NOT_CONCURRENT):
        return False
    return not reduced_passive(text, end, word) and not after_possessive(text, start, word)


def reduced_passive(text: str, end: int, word: str) -> bool:
    """"a manager accused of fraud", "criticized by the board": the word before is not the source."""
    return word.endswith("ed") and PASSIVE_AFTER.match(text, end, min(len(text), end + 8), NOT_CONCURRENT) is not None


def after_possessive(text: str, start: int, word: str) -> bool:
    """"Mr. Obama's challenge": a cue word after a possessive is a noun, not a verb."""
    return not word.endswith(("ed", "ing")) and NOUN_BEFORE.search(text, max(0, start - 24), start, NOT_CONCURRENT) is not None


class Words(NamedTuple):
    """The words of a text column by column: the k-th word is
    ``words[k]``, from ``starts[k]`` to ``ends[k]``."""

    starts: list[int]
    ends: list[int]
    words: list[str]


#: Characters the word pattern reads between two looks at the clock.
WORD_CHUNK = 1 << 16
# where a chunk may end: no word holds white space, and white space after a
# word's end passes its look-ahead as the end of the chunk does
CHUNK_BREAK = regex.compile(r"\s")


@once_per_article
def word_tokens(text: str) -> Words:
    """Every word of a text, found in one pass per article for the stages that
    walk words."""
    # one pass of the regex, then the fields column by column: mapping the
    # match methods is cheaper than calling three of them per word in Python,
    # and three flat lists are cheaper to build than a tuple per word; the
    # pass goes a chunk at a time, cut at white space, so that a long text
    # does not outrun the deadline
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    start = 0
    while start < len(text):
        deadline.check()
        cut = CHUNK_BREAK.search(text, start + WORD_CHUNK, None, NOT_CONCURRENT) if start + WORD_CHUNK < len(text) else None
        end = cut.start() if cut is not None else len(text)
        matches = list(WHOLE_WORD.finditer(text, start, end, concurrent=False))
        starts += map(regex.Match.start, matches)
        ends += map(regex.Match.end, matches)
        words += map(regex.Match.group, matches)
        start = end
    return Words(starts, ends, words)


@once_per_article
def _all_cues(text: str) -> tuple[list[int], list[Cue]]:
    """Every reporting cue of a text, found in one pass and kept for the
    window queries the later stages make (the last few texts are cached).

    Words are looked up in the lexicon by hand rather than through one big
    alternation: a dictionary look-up per word is several times faster."""
    found = []
    tokens = word_tokens(text)
    # the few words that can open a cue, picked out without a Python step per word
    openers = compress(range(len(tokens.words)), map(FIRST_WORDS.__contains__, map(str.casefold, tokens.words)))
    for count, k in enumerate(openers, 1):
        if not count % deadline.EVERY:
            deadline.check()
        start, end = tokens.starts[k], tokens.ends[k]
        match = CUE.match(text, start, None, NOT_CONCURRENT) if tokens.words[k].casefold() in MULTIWORD_FIRST else None
        s, e = match.span() if match else (start, end)
        key = " ".join(text[s:e].casefold().split())
        if key not in LEMMAS or not _is_reporting(text, s, e):
            continue
        found.append(Cue(s, e, text[s:e], LEMMAS[key], KINDS[key]))
    return [c.start for c in found], found


def find_cues(text: str, start: int, end: int) -> list[Cue]:
    """Reporting cues wholly inside ``text[start:end]``, in order."""
    starts, cues = _all_cues(text)
    k = bisect_left(starts, max(start, 0))
    out = []
    while k < len(cues) and cues[k].start < end:
        if cues[k].end <= end:
            out.append(cues[k])
        k += 1
    return out
