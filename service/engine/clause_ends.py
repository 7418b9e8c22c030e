"""Stage 5b, where a reported clause ends.

In: the text, where a clause starts, the furthest it may run (the end of its
sentence piece), the cues after its start and the quoted fragments.  Out: an
offset — the clause ends before a second cue joined by "and" ("said A and
warned B"), before a new source ("..., while its rival said ..."), before a
participle cue ("..., noting that ..."), before a verb phrase of the source's
own ("... and thanked witnesses") and before the writer's comparison or
concession (", compared with ...", ", though ...").  The commas, asides and
phrase ends the rules of stages 5b and 5c cut at are found here too.  No end
falls inside the source's quoted words.
"""

from __future__ import annotations

import regex

from .attribution import subject_of
from .chars import CLOSING_AFTER_COMMA, CLOSING_MARKS, STRAIGHT_SINGLE
from .clauses import BRIDGE_TO_THAT, MIN_CLAUSE_WORDS, has_words
from .verbs import FINITE_VERB
from .cues import ACCORDING, BELIEF, QUOTE_ONLY, Cue, find_cues
from .marks import QuotedSpans
from .mentions import Mention
from .speaker_patterns import S
from .patterns import NOT_CONCURRENT

# Anchored at \Z and searched from the end, as its only match is found there at
# once: a search from the start would try every position of the text before
# it.  It can match in one place only (its words stand between a boundary and
# the end), so the match is the same either way.
SECOND_CUE = regex.compile(rf",?{S}+(?:and|but){S}+(?:(?:also|then|later|again){S}+)?\Z", regex.IGNORECASE | regex.REVERSE)
# the comma may close quoted words: "... “expanded the party,” claiming that ...";
# a preposition may stand instead: "... on Twitter before claiming that ..."
PARTICIPLE_BOUNDARY = regex.compile(
    rf"(?:[ \t\u00a0]*(?:,|[—–])|(?<=,[{CLOSING_AFTER_COMMA}{STRAIGHT_SINGLE}])|[ \t\u00a0]+(?:before|after|while|by|when))[ \t\u00a0]*(?:\p{{Ll}}+ly[ \t\u00a0]+)?\Z"
)
ROLE_WORDS_BEFORE = regex.compile(r"(?:(?:its|their|his|her|the|a|an|[\p{Ll}\-]+|\p{Lu}[\p{L}\-]*)[ \t\u00a0]+){0,3}\Z")
MAX_LATER_CUES = 4
AND_THEN_PREDICATE = regex.compile(
    rf",?{S}+(?:and|but){S}+(?:(?:also|then|later){S}+)?(?P<verb>\p{{Ll}}+ed|is|was|has|had|will|would|did|does|holds|says|plans|wants)(?![\p{{L}}])"
)
AND_THEN_VERB = regex.compile(
    rf""",?{S}+(?:
        and{S}+(?P<verb>\p{{Ll}}+ed){S}+(?!(?:and|or|but|to)\b)\p{{L}}        # "and thanked witnesses"
      | but{S}+(?P<verb>(?:did|does|do|would|will|could|has|had|was|is){S}+not|\p{{Ll}}+ed)(?![\p{{L}}])  # "but did not say"
    )""",
    regex.VERBOSE,
)
# the comma may close quoted words: “an attack on our country,” but he also noted ...
SUBJECT_START_OF_NEXT = regex.compile(rf"[,;](?:[{CLOSING_MARKS}]|''?)?{S}*(?:(?:while|whereas|but|and|although){S}+)?\Z", regex.IGNORECASE)
ASIDE = regex.compile(
    r"""[ \t\u00a0]+[—–][ \t\u00a0]           # an aside: "... package — as long as"
      | ,[ \t\u00a0]+(?:and|but|while|which|who|according[ \t\u00a0]+to)\b   # a new clause
      | ,[ \t\u00a0]+\p{Ll}+ing\b             # a participle: ", contrasting her"
      | ,[ \t\u00a0]+(?:a|an)[ \t\u00a0]       # an appositive: "“racist,” an extraordinary indictment"
      | ;""",
    regex.VERBOSE,
)
WRITER_TAIL = regex.compile(
    r""",[ \t\u00a0]+(?:
        compared[ \t\u00a0]+(?:with|to)    # ", compared with 64 percent who say ..."
      | (?:al)?though                     # ", though voters are generally ..."
      | whether                           # ", whether a new offensive or ..."
    )\b
  | (?<=\p{Lu}[\p{L}.\-]*),[ \t\u00a0]+(?:who|whose)\b   # "... on supporting Ryan, who will face ...": the writer on a name""",
    regex.VERBOSE,
)
SUBORDINATE_OPENING = regex.compile(
    r"[ \t\u00a0]*(?i:(?:even[ \t\u00a0]+)?(?:as|while|although|though|because|if|when|after|before|since|once|unless|whereas))\b"
)
NOUN_PHRASE_END = regex.compile(
    r"""[ \t\u00a0]+(?:on|in|at|during|after|before|following|since|amid|while|when|because|despite|through|until)
        [ \t\u00a0]""",
    regex.VERBOSE,
)


def end_of_clause(text: str, start: int, hi: int, later_cues: list[Cue], fragments: QuotedSpans) -> int:
    """Where a reported clause starting at ``start`` ends, at the latest ``hi``:
    before a second cue joined by "and" ("said A and warned B"), before a new
    source ("..., while its rival said ..."), before a participle cue ("...,
    noting that ...") or a verb phrase of the source's own ("... and thanked
    witnesses")."""
    end = hi
    for other in later_cues[:MAX_LATER_CUES]:
        if other.kind == QUOTE_ONLY or (other.kind == BELIEF and not BRIDGE_TO_THAT.match(text, other.end, hi, NOT_CONCURRENT)):
            continue
        joint = SECOND_CUE.search(text, max(start, other.start - 24), other.start, NOT_CONCURRENT)
        if joint is None and (other.kind == ACCORDING or other.text.casefold().endswith("ing")):
            # "..., according to exit polls": a second source; "..., noting that": a second report
            joint = PARTICIPLE_BOUNDARY.search(text, max(start, other.start - 12), other.start, NOT_CONCURRENT)
        if joint is not None:
            end = joint.start()
            break
        if text.find(",", start, other.start) < 0 and text.find(";", start, other.start) < 0:
            continue  # the new clause would open after a comma or semicolon: no source search without one
        other_subject = subject_of(text, start, other.start)
        if other_subject is not None:
            # "..., while its rival Lumen Bank said ...": a new source starts a new clause
            boundary = SUBJECT_START_OF_NEXT.search(text, max(start, other_subject.start - 40), _phrase_start(text, start, other_subject), NOT_CONCURRENT)
            if boundary is not None:
                end = past_closing_mark(fragments, boundary.start())
                break
    if text.find("and", start, end) >= 0 or text.find("but", start, end) >= 0:
        end = _before_second_predicate(text, start, end, fragments)  # joined by "and" or "but"
    return _before_writer_tail(text, start, end, fragments)


def _before_second_predicate(text: str, start: int, end: int, fragments: QuotedSpans) -> int:
    """Where a clause ends before a verb phrase of the source's own ("... and
    thanked witnesses", "called the plan “a disgrace,” and threatened ...")."""
    # the verb decides whether the words are the source's own; the comma before
    # it may close quoted words (“a horrible witness,” and then tweeted ...),
    # and the clause then ends after the closing mark
    for then_verb in AND_THEN_VERB.finditer(text, start, end, concurrent=False):
        if within_quoted(fragments, then_verb.start("verb")):
            continue  # inside the source's own words: “talked the talk and walked the walk”
        if FINITE_VERB.search(text, start, then_verb.start(), NOT_CONCURRENT) and not find_cues(text, then_verb.start("verb"), then_verb.end("verb")):
            end = past_closing_mark(fragments, then_verb.start())  # "... had been painstaking and thanked witnesses"
            break
    for then_verb in AND_THEN_PREDICATE.finditer(text, start, end, concurrent=False):
        if within_quoted(fragments, then_verb.start("verb")):
            continue
        if not FINITE_VERB.search(text, start, then_verb.start(), NOT_CONCURRENT):
            # a noun-phrase complement has no verb of its own: "called the plan
            # “a disgrace,” and threatened to ..." — the verb is the source's
            end = past_closing_mark(fragments, then_verb.start())
            break
    return end


def _before_writer_tail(text: str, start: int, end: int, fragments: QuotedSpans) -> int:
    """"... a favorable view of Clinton, compared with 64 percent who ...",
    "..., though voters are generally ...": a comparison or concession after
    a comma is the writer's, not the source's."""
    tail = WRITER_TAIL.search(text, start, end, NOT_CONCURRENT)
    while tail is not None and within_quoted(fragments, tail.start()):
        tail = WRITER_TAIL.search(text, tail.end(), end, NOT_CONCURRENT)
    return tail.start() if tail is not None else end


def _phrase_start(text: str, lo: int, mention: Mention) -> int:
    """Start of a speaker phrase including its role words ("its rival Lumen Bank")."""
    head = text[max(lo, mention.start - 40) : mention.start]
    words = ROLE_WORDS_BEFORE.search(head, 0, None, NOT_CONCURRENT)
    return mention.start - (len(words.group()) if words else 0)


def before_aside(text: str, start: int, end: int, fragments: QuotedSpans) -> int:
    """Where a reported complement ends before an aside, a participle or a new
    clause joined by a comma ("... tax package — as long as ...", "...,
    contrasting her own ..."); never inside the source's quoted words."""
    if text.find(",", start, end) < 0 and text.find(";", start, end) < 0 and text.find("—", start, end) < 0 \
            and text.find("–", start, end) < 0:
        return end  # every aside opens with a comma, a semicolon or a dash
    aside = ASIDE.search(text, start, end, NOT_CONCURRENT)
    while aside is not None and within_quoted(fragments, aside.start()):
        aside = ASIDE.search(text, aside.end(), end, NOT_CONCURRENT)
    return aside.start() if aside is not None else end


def noun_phrase_end(text: str, start: int, end: int, fragments: QuotedSpans) -> int:
    """Where a noun-phrase complement ends: before a phrase of time, place or
    circumstance ("called an emergency session | following those reports")."""
    for match in NOUN_PHRASE_END.finditer(text, start, end, concurrent=False):
        if not within_quoted(fragments, match.start()) and has_words(text, start, match.start(), 2):
            return match.start()
    return end


def first_comma(text: str, start: int, end: int, fragments: QuotedSpans) -> int:
    """Where a clause ends at its first comma, if a clause's worth of words
    comes before it; else ``end``."""
    comma = comma_outside_quotes(text, start, end, fragments)
    return comma if comma >= 0 and has_words(text, start, comma, MIN_CLAUSE_WORDS) else end


def comma_outside_quotes(text: str, start: int, end: int, fragments: QuotedSpans) -> int:
    """The first comma in ``text[start:end]`` outside the source's quoted words
    and outside numbers ("2,400"), or -1."""
    comma = clause_comma(text, start, end)
    while comma >= 0 and within_quoted(fragments, comma):
        comma = clause_comma(text, comma + 1, end)
    return comma


def clause_comma(text: str, start: int, end: int) -> int:
    """The first comma in ``text[start:end]`` that is no digit separator ("2,400"), or -1."""
    comma = text.find(",", start, end)
    while comma >= 0 and _groups_digits(text, comma):
        comma = text.find(",", comma + 1, end)
    return comma


def last_clause_comma(text: str, start: int, end: int) -> int:
    """The last comma in ``text[start:end]`` that is no digit separator, or -1."""
    comma = text.rfind(",", start, end)
    while comma >= 0 and _groups_digits(text, comma):
        comma = text.rfind(",", start, comma)
    return comma


def _groups_digits(text: str, comma: int) -> bool:
    return text[comma - 1 : comma].isdigit() and text[comma + 1 : comma + 2].isdigit()


def past_closing_mark(fragments: QuotedSpans, comma: int) -> int:
    """A clause ending at a comma inside quoted words (“… saved us,”) ends after their closing mark."""
    fragment = fragments.holding(comma)
    return fragment.after if fragment is not None else comma


def within_quoted(fragments: QuotedSpans, position: int) -> bool:
    """Whether ``position`` lies inside one of the quoted fragments, past its opening mark."""
    return fragments.holding(position) is not None
