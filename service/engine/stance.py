"""Stage 5b, quoted stances: a source's quoted words with no speech verb.

In: a prose piece, the quoted fragments of its paragraph, and the reported
clauses already found in it.  Out: more ``Reported`` records — for "Trump
called the plan “a disaster.”" and "She described it as “a betrayal”" the
predicate holding the fragment is the source's position, a mixed quotation;
when the verb introduces nothing but the quotation ("Clinton cracked, “...”")
the quotation is direct.  Quoted words that name a thing (a title, a label, a
sign: "the novel “Salt and Iron”") are no position, unless a verb of naming
puts them on someone ("called the show “the news show of record”").
"""

from __future__ import annotations

import regex

from .attribution import subject_of
from .chars import OPENING_MARKS, STRAIGHT_SINGLE
from .clause_ends import end_of_clause, within_quoted
from .clauses import MIXED, NOT_CLAUSE_OPENER, Reported, has_words
from .verbs import FINITE_VERB, PRESENT_VERB
from .cues import Cue, find_cues
from .marks import QuotedSpan, QuotedSpans
from .mentions import Mention
from .patterns import NOT_CONCURRENT
from .prose import Piece
from .quotes import DIRECT, WORD_PART
from .subjects import AND_BEFORE_CUE, introduces_only, noun_phrase_subject_at, sentence_subject

MIN_FRAGMENT_WORDS = 2      # a one-word quoted term is a label, not a position
AUXILIARIES = frozenset(
    "is are was were be been being am has have had do does did will would shall should can could may might must".split()
)
MAIN_VERB_AFTER = regex.compile(r"(?:[ \t\u00a0]+(?:not|also|never|just|already|\p{Ll}+ly))*[ \t\u00a0]+(?P<verb>\p{Ll}+ed|\p{Ll}+en|said|told|made|called)(?![\p{L}])")
SECOND_PREDICATE = regex.compile(
    r"""(?:,[ \t\u00a0]*(?:and[ \t\u00a0]+)?|[ \t\u00a0]+and[ \t\u00a0]+)(?:(?:also|then|later|has|have|had)[ \t\u00a0]+)?  # ", and", " and has"
        (?!(?:including|according|based|following|regarding|concerning|excluding|compared|during)\b)
        (?P<verb>\p{Ll}+(?:ed|ing)|called|calls|said|says)(?![\p{L}])""",
    regex.VERBOSE,
)
WORD_BEFORE_MARK = regex.compile(r"([\p{L}’'\-]+)[\s(]*\Z", regex.REVERSE)  # the last word: searched from the end
NAMING_WORDS = frozenset(
    """the his her its their our this that these those term phrase word words slogan motto label
    reading read titled entitled called named dubbed nicknamed novel book film movie song album show series
    painting play musical sign signs placard placards banner banners hashtag headline operation programme
    program plan policy tax act bill law campaign""".split()
)
NAMING_VERB_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:call(?:s|ed|ing)?|labell?(?:s|ed|ing)|brand(?:s|ed|ing)|describ(?:es|ed|ing)|deem(?:s|ed|ing)|term(?:s|ed|ing))"
    rf"[ \t\u00a0]+(?:[\p{{L}}’'\-.]+[ \t\u00a0]+){{0,5}}?(?:as[ \t\u00a0]+)?(?:a[ \t\u00a0]+|an[ \t\u00a0]+)?[{OPENING_MARKS}{STRAIGHT_SINGLE}]*\Z"
)
# a verb of naming, its object, then the quoted words: "called her “the first
# lady of the movement”", "described the ground under the city as “Swiss cheese”"
NAMING_OBJECT_BEFORE = regex.compile(
    rf"""(?<![\p{{L}}])(?P<verb>call(?:s|ed|ing)?|labell?(?:s|ed|ing)|brand(?:s|ed|ing)|describ(?:es|ed|ing)|deem(?:s|ed|ing)|term(?:s|ed|ing))
        [ \t\u00a0]+(?P<object>(?:[\p{{L}}’'\-.]+[ \t\u00a0]+){{1,6}}?)     # the object: "her", "the ground underneath the city"
        (?:as[ \t\u00a0]+)?(?:(?:a|an|the)[ \t\u00a0]+)?[{OPENING_MARKS}{STRAIGHT_SINGLE}]*\Z""",
    regex.VERBOSE,
)
NOT_AN_OBJECT = frozenset("a an the as".split())


def quoted_stance(text: str, piece: Piece, fragments: QuotedSpans, found: list[Reported]) -> list[Reported]:
    """A sentence that quotes a source's words with no speech verb ("Trump
    called the plan “a disaster.”", "She described it as “a betrayal”"): the
    predicate holding the fragment is the source's position, a mixed quote."""
    out = []
    for fragment in fragments.opening_in(piece.start, piece.end):
        if any(item.start <= fragment.open < item.end for item in found):
            continue
        naming = _naming_verb(text, piece, fragment, fragments)
        if names_a_thing(text, fragment) and naming is None:
            continue  # but "called the show “the news show of record”": a verb of naming puts the words on a thing
        if not has_words(text, fragment.start, fragment.end, MIN_FRAGMENT_WORDS) and not NAMING_VERB_BEFORE.search(
            text, max(piece.start, fragment.open - 80), fragment.open, NOT_CONCURRENT
        ):
            continue  # a one-word term, unless a verb of naming puts it on someone: called Trump “unhinged”
        chosen = _naming_verb_and_source(text, piece, naming) or _first_verb_and_source(text, piece, fragment, fragments)
        if chosen is None:
            continue
        verb_start, verb_end, source = chosen
        later_cues = [c for c in find_cues(text, verb_end, piece.end) if c.start >= fragment.after]
        end = max(end_of_clause(text, verb_end, piece.end, later_cues, fragments), fragment.after)
        while end > fragment.after and text[end - 1] in " \t\u00a0.,":
            end -= 1
        start = verb_end
        while start < fragment.open and text[start] in " \t\u00a0":
            start += 1
        verb_text = text[verb_start:verb_end]
        cue = Cue(verb_start, verb_end, verb_text, verb_text.casefold(), "stance")
        if not text[verb_end : fragment.open].strip(" \t\u00a0,:") and end <= fragment.after:
            # "Clinton cracked, “I am a progressive ...”": the quotation is all the verb introduces
            out.append(Reported(fragment.start, fragment.end, cue, source, DIRECT))
            continue
        out.append(Reported(start, max(end, fragment.after), cue, source, MIXED))
    return out


def _naming_verb(text: str, piece: Piece, fragment: QuotedSpan, fragments: QuotedSpans):
    """The verb of naming right before a fragment with an object of its own
    between them ("called the show “...”", "described the ground as “...”"),
    or None; "calls the “Osei Tax”" names a thing, it has no object."""
    naming = NAMING_OBJECT_BEFORE.search(text, max(piece.start, fragment.open - 80), fragment.open, NOT_CONCURRENT)
    if naming is None or within_quoted(fragments, naming.start()):
        return None
    if not any(word.casefold() not in NOT_AN_OBJECT for word in naming.group("object").split()):
        return None
    return naming


def _naming_verb_and_source(text: str, piece: Piece, naming) -> tuple[int, int, Mention] | None:
    """The verb of naming and its source: the phrase right before it, or the
    sentence's subject when the verb follows "and" ("took the stage and called ...")."""
    if naming is None:
        return None
    verb_start, verb_end = naming.span("verb")
    source = subject_of(text, piece.start, verb_start)
    if source is None and AND_BEFORE_CUE.search(text, piece.start, verb_start, NOT_CONCURRENT):
        source = sentence_subject(text, piece.start, verb_start)
    if source is None or not introduces_only(text[piece.start : source.start], source):
        return None
    return verb_start, verb_end, source


def _first_verb_and_source(text: str, piece: Piece, fragment: QuotedSpan, fragments: QuotedSpans):
    """The sentence's first verb (past an auxiliary), its source, then the
    nearest verb coordinated with it before the fragment: (start, end, source) or None."""
    verb = FINITE_VERB.search(text, piece.start, fragment.open, NOT_CONCURRENT) or PRESENT_VERB.search(
        text, piece.start, fragment.open, NOT_CONCURRENT
    )
    if verb is None:
        return None
    verb_start, verb_end = verb.span()
    if verb.group().casefold() in AUXILIARIES:
        # "has spearheaded": the verb after the auxiliary; "was conciliatory": a description
        main = MAIN_VERB_AFTER.match(text, verb.end(), fragment.open, NOT_CONCURRENT)
        if main is None or main.group("verb").casefold() in AUXILIARIES:
            return None
        verb_start, verb_end = main.span("verb")
    source = subject_of(text, piece.start, verb.start()) or noun_phrase_subject_at(text, piece.start, verb.start())
    if source is None:
        return None
    if NOT_CLAUSE_OPENER.match(text, verb.end(), fragment.open, NOT_CONCURRENT) and find_cues(text, verb.start(), verb.end()):
        return None  # "Sanders said in an interview on “New Day”": where it was said, not what
    for second in SECOND_PREDICATE.finditer(text, verb_end, fragment.open, concurrent=False):
        if not within_quoted(fragments, second.start()):
            # "Carson took the stage ... and called the system “rotten”": the nearer verb
            verb_start, verb_end = second.span("verb")
    return verb_start, verb_end, source


def names_a_thing(text: str, fragment: QuotedSpan) -> bool:
    """A title, a label or a sign rather than someone's words: the quote follows
    an article or a naming word ("the novel “Salt and Iron”", "placards reading
    “...”", "what it calls the “Osei Tax”") or is in title case."""
    before = WORD_BEFORE_MARK.search(text, max(0, fragment.open - 40), fragment.open, NOT_CONCURRENT)
    if before is not None and before.group(1).casefold() in NAMING_WORDS:
        return True
    words = [w for w in WORD_PART.findall(text, fragment.start, fragment.end, concurrent=False) if len(w) > 3 or w[:1].isupper()]
    return bool(words) and sum(w[:1].isupper() for w in words) * 2 > len(words)
