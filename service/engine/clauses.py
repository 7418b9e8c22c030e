"""Stage 5b, the reported clause: what counts as one, and where it starts.

In: the text, a cue, and the stretch beside it where a clause may stand.  Out:
where the clause starts after its cue (past "that", the person told, the time
and the channel: "told reporters on Monday that"), whether the stretch is a
clause at all (a finite verb early in it, no preposition opening it right
after the cue), and the ``Reported`` record for it: "indirect", or "mixed"
when it holds quoted words of the source's.  The finite-verb pattern is the one
stage 5c (positions.py) tells a clause from a noun phrase with.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import islice
from typing import NamedTuple

import regex

from .chars import DOUBLE_OPENING_CLOSING
from .cues import Cue, find_cues
from .marks import QuotedSpans
from .mentions import Mention
from .speaker_patterns import S
from .patterns import NOT_CONCURRENT
from .prose import Piece
from .quotes import WORD_PART
from .verbs import FINITE_VERB, PRESENT_VERB

INDIRECT, MIXED = "indirect", "mixed"
MIN_CLAUSE_WORDS = 3
# words between a cue and its clause: "said on Monday that", "told reporters at a briefing that"
BRIDGE_TO_THAT = regex.compile(
    rf"""(?:{S}+[^\s,;:.!?{DOUBLE_OPENING_CLOSING}]+){{0,10}}?{S}+that
        (?={S})(?!{S}+(?:is|was|has|had|will|would|are|were|'s|’s|seems|means)\b)  # "that is his intent": a pronoun""",
    regex.IGNORECASE | regex.VERBOSE,
)
CLAUSE_IN_BRIDGE = regex.compile(r"(?<![\p{L}])(?i:he|she|they|it|we|i|you|there|had|has|have|was|were|is|are|would|will|could)(?![\p{L}])")
TIME_OR_CHANNEL = regex.compile(
    rf"""(?:{S}+(?:
        (?:on|last|this|early|late|earlier|later)?{S}*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|
            week|month|year|night|morning|afternoon|evening|weekend)(?:{S}+(?:night|morning|afternoon|evening))?
      | yesterday|today|tonight|recently|previously|repeatedly|also|again|publicly|privately|then|later|earlier|now
      | in{S}+(?:a|an|the|its|his|her|their){S}+(?:[\p{{L}}\-]+{S}+){{0,2}}?(?:statement|interview|letter|post|note|filing|report|speech|email|briefing|release|tweet)
      | on{S}+(?:Twitter|X|Facebook|Instagram|TikTok|social{S}+media|television|radio|CNN|Fox(?:{S}+News)?|MSNBC)
      | at{S}+(?:a|an|the){S}+(?:[\p{{L}}\-]+{S}+){{0,2}}?(?:briefing|conference|rally|hearing|meeting|event|press{S}+conference|news{S}+conference)
      | to{S}+(?:reporters|journalists|the{S}+press)
    ))*""",
    regex.VERBOSE | regex.IGNORECASE,
)
TOLD_OBJECT = regex.compile(
    rf"{S}+(?:(?:the|a|an|his|her|their|its){S}+)?(?:[\p{{Lu}}\d][\p{{L}}\d’'\-]*(?:{S}+[\p{{Lu}}\d][\p{{L}}\d’'\-]*){{0,4}}|[\p{{Ll}}\-]+)"
)
OBJECT_CUES = frozenset({"tell", "warn", "assure", "inform", "remind", "advise", "urge", "reassure", "caution"})
THAT_BEFORE = regex.compile(r"\bthat[ \t\u00a0]*$")
CLAUSE_VERB_WINDOW = 160    # a clause's verb comes early (so does a complement's in positions.py)
NOT_CLAUSE_OPENER = regex.compile(
    r"""(?i:on|in|at|during|after|before|as|for|with|to|from|by|of|while|when|into|onto|about|over|under|through|without)\b
        (?![ \t\u00a0]+(?i:least|most|all|\d))""",
    regex.VERBOSE,
)
DASH_ASIDE = regex.compile(r"[ \t\u00a0]*[—–][^—–\n]{1,80}?[—–]")
PARENTHETICAL_ADVERB = regex.compile(
    r"""[ \t\u00a0]*,[ \t\u00a0]*(?i:however|though|too|also|in[ \t\u00a0]+fact|of[ \t\u00a0]+course|moreover|meanwhile|
        nonetheless|nevertheless|again|instead|for[ \t\u00a0]+example|for[ \t\u00a0]+instance|in[ \t\u00a0]+turn|at[ \t\u00a0]+least)[ \t\u00a0]*,""",
    regex.VERBOSE,
)
NO_COMPLEMENT = regex.compile(r"[ \t\u00a0]*[;—–-]")
CIRCUMSTANCE_OPENER = regex.compile(
    r"(?i:on|in|at|during|after|before|while|when|through|since|until|last|this|next|earlier|later)\b"
)
CLAUSE_END_TRIM = " \t\u00a0.,;:!?—–-"


class Reported(NamedTuple):
    """A reported clause at ``start:end``, its cue and its source.  ``kind`` is
    INDIRECT or MIXED, or DIRECT for a quotation that a verb with no speech
    cue introduces (stance.py)."""

    start: int
    end: int
    cue: Cue
    mention: Mention | None
    kind: str


def reported_clause(text, start, end, cue, mention, fragments, *, before_cue: bool = False, any_phrase: bool = False) -> Reported | None:
    """A reported clause from ``start`` to ``end``; ``before_cue`` when the
    clause comes first and the source after it ("CLAUSE, X said");
    ``any_phrase`` when no verb is needed ("$1.6 billion in profit, according to X")."""
    if NO_COMPLEMENT.match(text, start, end, NOT_CONCURRENT):
        return None  # "..., they complain - and if ...": the cue has nothing after it
    start, end = trim_clause(text, start, end)
    if not has_words(text, start, end, MIN_CLAUSE_WORDS):
        return None
    if not before_cue and cue.takes_noun_phrase and CIRCUMSTANCE_OPENER.match(text, start, end, NOT_CONCURRENT):
        return None  # "a fact he mentions | on the campaign trail": the object came before the verb
    introduced_by_that = THAT_BEFORE.search(text, max(0, start - 8), start, NOT_CONCURRENT) is not None
    if not (introduced_by_that or any_phrase or cue.takes_noun_phrase) and not is_clause(text, start, end, before_cue):
        return None
    kind = MIXED if quotes_words(text, start, end, fragments) else INDIRECT
    return Reported(start, end, cue, mention, kind)


def skip_to_clause(text: str, cue: Cue, hi: int) -> int:
    """Where the reported clause starts after a cue."""
    position = cue.end
    aside = PARENTHETICAL_ADVERB.match(text, position, hi, NOT_CONCURRENT) or DASH_ASIDE.match(text, position, hi, NOT_CONCURRENT)
    if aside:
        position = aside.end()  # "says, however, that ...", "said — on Twitter, as it happens — that ..."
    if cue.lemma in OBJECT_CUES:
        obj = TOLD_OBJECT.match(text, position, hi, NOT_CONCURRENT)
        if obj:
            position = obj.end()
    bridge = BRIDGE_TO_THAT.match(text, position, min(hi, position + 90), NOT_CONCURRENT)
    if bridge and not find_cues(text, position, bridge.end() - 4) and not CLAUSE_IN_BRIDGE.search(text, position, bridge.end() - 4, NOT_CONCURRENT):
        return bridge.end()
    return TIME_OR_CHANNEL.match(text, position, hi, NOT_CONCURRENT).end()


def trim_clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause without the spaces and commas before it, nor the
    punctuation and an unopened bracket after it."""
    while start < end and text[start] in " \t\u00a0,:":
        start += 1
    while end > start and (text[end - 1] in CLAUSE_END_TRIM or _unopened_bracket(text, start, end)):
        end -= 1
    return start, end


def _unopened_bracket(text: str, start: int, end: int) -> bool:
    """"(According to X, CLAUSE.)": a closing bracket opened before the clause is not the clause's."""
    return text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end)


def is_clause(text: str, start: int, end: int, before_cue: bool = False) -> bool:
    """A reported clause has a finite verb, and right after its cue it does not
    open with a preposition ("denied nine counts of fraud", "said on a call
    with analysts" are not clauses; "In fact, X would ..., analysts say" is)."""
    if not before_cue and NOT_CLAUSE_OPENER.match(text, start, end, NOT_CONCURRENT):
        return False
    end = min(end, start + CLAUSE_VERB_WINDOW)
    return FINITE_VERB.search(text, start, end, NOT_CONCURRENT) is not None or PRESENT_VERB.search(text, start, end, NOT_CONCURRENT) is not None


def has_words(text: str, start: int, end: int, count: int) -> bool:
    """Whether ``text[start:end]`` holds at least ``count`` words: the words
    after those are not looked at."""
    return next(islice(WORD_PART.finditer(text, start, end, concurrent=False), count - 1, None), None) is not None


def quotes_words(text: str, start: int, end: int, fragments: QuotedSpans) -> bool:
    """Whether a reported clause quotes words in quotation marks: then it is
    "mixed", even when they are a title the source used."""
    return fragments.opens_in(start, end)


def quoting_terms(item: Reported, piece: Piece) -> Reported:
    """A clause holding quoted words is mixed even when they name a term or a
    title the source used ("the so-called “governor’s bracket”")."""
    if item.kind != INDIRECT or not piece.terms:
        return item
    k = bisect_left(piece.terms, item.start)  # the terms are in text order
    if k < len(piece.terms) and piece.terms[k] < item.end:
        return item._replace(kind=MIXED)
    return item
