"""Stage 5b, the source of a reported clause when no speaker pattern names it.

In: the text of a sentence up to its cue.  Out: a ``Mention`` for the source,
or None — the verb-free phrase before the cue ("A representative for Mr.
Pinchuk said"), the head of a long subject ("A poll conducted by X for Y
released Saturday | found"), the antecedent of "who", or the sentence's
subject when the cue goes on from it ("... and said", "..., saying").  A
phrase that holds a verb of its own is no source.  Also whether the words
before a named subject only introduce it ("In a post on X, ...").
"""

from __future__ import annotations

import regex

from .attribution import subject_of
from .clause_ends import clause_comma, last_clause_comma
from .clauses import BRIDGE_TO_THAT, NOT_CLAUSE_OPENER
from .verbs import FINITE_VERB, PRESENT_VERB
from .cues import BELIEF, Cue
from .lexicons import read_lines
from .mentions import GROUPS, PERSON_NOUNS, Mention
from .patterns import NOT_CONCURRENT
from .text import DATELINE

# The four patterns anchored at \Z below are searched from the end, as their only
# match is found there at once: a search from the start would try every
# position of the text before it.  Each can match in one place only (its words
# stand between a boundary and the end), so the match is the same either way.
TRAILING_DETERMINER = regex.compile(r"(?:^|(?<=\s))(?:the|a|an)\s*\Z", regex.IGNORECASE | regex.REVERSE)
SUBORDINATOR = regex.compile(
    r"(?:^|[\s,;])(?:while|whereas|and|but|as|because|although|though|when|since|after|before|if|so|which|who|where|whom)\Z",
    regex.IGNORECASE | regex.REVERSE,
)
RELATIVE_WHO = regex.compile(
    r"[ \t\u00a0](?P<who>who|that)[ \t\u00a0]+(?:(?:also|then|long|never|not|have|has|had|would|will|\p{Ll}+ly)[ \t\u00a0]+){0,3}\Z",
    regex.REVERSE,
)
AND_BEFORE_CUE = regex.compile(r"[ \t\u00a0](?:and|but)[ \t\u00a0]+(?:(?:also|then|later)[ \t\u00a0]+)?\Z", regex.REVERSE)
FUNCTION_WORDS = frozenset("to of for and or but the a an that which who whom if when while as at in on by with from".split())
MAX_SOURCE_WORDS = 14
MAX_LONG_SOURCE_WORDS = 40
FINDING_SOURCES = frozenset(read_lines("finding_sources"))
SPEAKING_NOUNS = GROUPS | PERSON_NOUNS | FINDING_SOURCES
MAX_SOURCE_HEAD_WORDS = 12
SOURCE_HEAD_END = regex.compile(
    r"""(?:
        [ \t\u00a0]*[,(—–]                                   # an appositive or aside
      | [ \t\u00a0]+(?:who|whom|whose|which|that|where)\b    # a relative clause
      | [ \t\u00a0]+\p{Ll}+(?:ing|ed)[ \t\u00a0]+(?:by|of|in|at|on|with|from|for|as|during|jointly|last|this|earlier|to|between|among|since|about)\b
                                                             # a participle: "a poll conducted by", "voters going to"
      | [ \t\u00a0]+(?:taken|released|conducted|published|interviewed|polled|surveyed|questioned|asked)\b
    )""",
    regex.VERBOSE,
)
TRAILING_AUXILIARY = regex.compile(r"(?:[ \t\u00a0]+(?:has|have|had|also|would|will|did|does|do|all|both|\p{Ll}+ly))+[ \t\u00a0]*\Z")
# a dateline opening a paragraph: capitals (accents, dots, commas and spaces
# among them), a bracketed credit, then one dash ("WASHINGTON (Reuters) — ").
# resolve.py strips datelines from the lead line with a pattern of its own
# (a comma and a place after the capitals, runs of dashes); the two match
# different datelines, so they stay two.
SUBORDINATE_INSIDE = regex.compile(r"(?i:\b(?:after|before|when|since|until|because|if|although|though|while|once|as)\b)")
INTRO_OPENER = regex.compile(
    r"(?i:when|while|after|before|as|at|in|on|during|since|asked|speaking|in|for|of|with|though|although|if|because|but|yet|however|still)\b"
)
SOURCE_DETERMINERS = frozenset("the a an those these some many most all both".split())  # "those surveyed said"
LEADING_FILLER = " \t\u00a0-•*·▪►"  # spaces and list bullets before a sentence's first word


def introduces_only(before: str, mention: Mention) -> bool:
    """What stands before the subject: nothing, an introductory phrase ending in
    a comma or a dash ("In a post on X, ..."), or the role and organisation in
    front of the name ("Council spokeswoman ...")."""
    stripped = TRAILING_DETERMINER.sub("", before).strip()
    if not stripped or stripped.endswith((",", ":", ";", "—", " -", "–")) or SUBORDINATOR.search(stripped, 0, None, NOT_CONCURRENT):
        return True
    premodifier = stripped.rsplit(",", 1)[-1].strip()
    return (mention.role or mention.affiliation) is not None and len(premodifier.split()) <= 6


def sentence_subject(text: str, lo: int, hi: int) -> Mention | None:
    """The person or body a sentence opens with ("Sanders denounced ..., saying")."""
    verb = FINITE_VERB.search(text, lo, hi, NOT_CONCURRENT) or PRESENT_VERB.search(text, lo, hi, NOT_CONCURRENT)
    if verb is None or not text[lo : verb.start()].strip():
        return None
    # "The New York businessman has praised Putin, saying ...": a description no pattern names
    return subject_of(text, lo, verb.start()) or noun_phrase_subject_at(text, lo, _before_auxiliaries(text, lo, verb.start()))


def _before_auxiliaries(text: str, lo: int, verb_start: int) -> int:
    trailing = TRAILING_AUXILIARY.search(text, lo, verb_start, NOT_CONCURRENT)
    return trailing.start() if trailing else verb_start


def relative_or_joined_subject(text: str, lo: int, cue: Cue, sentence_start: int) -> Mention | None:
    """"64 percent who say ...": the phrase before "who"; "X thanked Miami and
    said ...": the sentence's subject."""
    head = text[lo : cue.start]
    relative = RELATIVE_WHO.search(head, 0, None, NOT_CONCURRENT)
    if relative is not None:
        who = (lo + relative.start("who"), lo + relative.end("who"))
        antecedent = subject_of(text, lo, lo + relative.start() + 1)
        if antecedent is None:
            # "The plan was criticised by the inspector, who said ...": the
            # phrase that ends before the comma, however the sentence began
            before_end = lo + relative.start()
            while before_end > 0 and text[before_end - 1] in " \t\u00a0":
                before_end -= 1
            if text[before_end - 1 : before_end] == ",":
                found = subject_of(text, min(lo, sentence_start), before_end - 1)
                if found is not None and found.kind != "pronoun":
                    # the speaker is the antecedent's, named where "who" stands
                    return found._replace(start=who[0], end=who[1], text=text[who[0] : who[1]])
        if antecedent is not None:
            return antecedent
        word = text[who[0] : who[1]]  # "who" or "that", as written
        return Mention(who[0], who[1], word, "pronoun", word)
    if AND_BEFORE_CUE.search(head, 0, None, NOT_CONCURRENT):
        return sentence_subject(text, sentence_start, cue.start)
    return None


def noun_phrase_subject(text: str, lo: int, cue: Cue) -> Mention | None:
    """"A representative for Mr. Pinchuk said", "Aides to Clinton say": when no
    pattern names the source, everything from the sentence start (or its last
    comma) to the cue is the source, provided it holds no verb of its own."""
    comma = max(last_clause_comma(text, lo, cue.start), lo - 1)
    start = comma + 1
    while start < cue.start and text[start] in LEADING_FILLER:
        start += 1
    end = cue.start
    while end > start and text[end - 1] in " \t\u00a0":
        end -= 1
    phrase = text[start:end]
    words = phrase.split()
    if not 2 <= len(words) <= MAX_SOURCE_WORDS or not (
        phrase[:1].isupper() or words[0].casefold() in SOURCE_DETERMINERS or words[-1].casefold() in FINDING_SOURCES
    ):  # "exit polls suggested"
        return None
    head_start = start + len(phrase) - len(words[-1])  # a plural head noun ("exit polls") is no present-tense verb
    if FINITE_VERB.search(text, start, end, NOT_CONCURRENT) or _present_verb(text, start, head_start) or NOT_CLAUSE_OPENER.match(text, start, end, NOT_CONCURRENT):
        return None
    if words[-1].casefold() in FUNCTION_WORDS:
        return None  # "Promise to": not a noun phrase
    return Mention(start, end, phrase, "description", phrase)


def noun_phrase_subject_at(text: str, lo: int, hi: int) -> Mention | None:
    """The verb-free phrase from ``lo`` to ``hi``, as a source."""
    return noun_phrase_subject(text, lo, Cue(hi, hi, "", "", "stance"))


def _present_verb(text: str, start: int, end: int) -> bool:
    """A present-tense verb in ``text[start:end]`` other than a plural noun
    that speaks ("Presidential candidates in both parties")."""
    return any(verb.group().casefold() not in SPEAKING_NOUNS for verb in PRESENT_VERB.finditer(text, start, end, concurrent=False))


def long_subject(text: str, lo: int, cue: Cue, *, any_cue: bool = False) -> Mention | None:
    """"A poll conducted by X for Y released Saturday found that", "Majorities of
    Democrats in five states going to the polls say": a long subject of a speech
    or belief cue.  The whole stretch from the sentence start (after an
    introductory phrase) to the cue is the subject; its head — up to the first
    appositive, relative clause or participle — is the source, and the head
    holds no verb of its own."""
    if not (any_cue or cue.kind == BELIEF or cue.lemma in ("say", "tell") or BRIDGE_TO_THAT.match(text, cue.end, cue.end + 90, NOT_CONCURRENT)):
        return None  # "Its closure will add up to 25 minutes": only plain speech verbs
    start = lo
    while start < cue.start and text[start] in LEADING_FILLER:
        start += 1
    dateline = DATELINE.match(text, start, cue.start, NOT_CONCURRENT)
    if dateline:
        start = dateline.end()  # "SOUTHWARK — A former investment manager ... told"
    if INTRO_OPENER.match(text, start, cue.start, NOT_CONCURRENT):
        comma = clause_comma(text, start, cue.start)
        if comma < 0:
            return None
        start = comma + 1
        while start < cue.start and text[start] in " \t\u00a0":
            start += 1
    auxiliary = TRAILING_AUXILIARY.search(text, start, cue.start, NOT_CONCURRENT)
    end = auxiliary.start() if auxiliary else cue.start
    while end > start and text[end - 1] in " \t\u00a0":
        end -= 1
    phrase = text[start:end]
    words = phrase.split()
    if not 2 <= len(words) <= MAX_LONG_SOURCE_WORDS or ";" in phrase or ":" in phrase:
        return None
    if SUBORDINATE_INSIDE.search(phrase, 0, None, NOT_CONCURRENT):
        return None  # "Two years after doctors told her": the subject is inside a clause
    if not (phrase[:1].isupper() or phrase[:1].isdigit() or words[0].casefold() in SOURCE_DETERMINERS):
        return None
    if words[-1].endswith(","):  # "One ad, which is airing, argues": the appositive's comma
        end = start + len(phrase.rstrip(", \t\u00a0"))
        phrase, words = text[start:end], text[start:end].split()
    if not words or words[-1].casefold() in FUNCTION_WORDS:
        return None
    boundary = SOURCE_HEAD_END.search(text, start, end, NOT_CONCURRENT)
    head_end = boundary.start() if boundary else end
    head = text[start:head_end]
    if not 1 <= len(head.split()) <= MAX_SOURCE_HEAD_WORDS or FINITE_VERB.search(text, start, head_end, NOT_CONCURRENT):
        return None
    if head.split()[-1].casefold() in FUNCTION_WORDS:
        return None
    return Mention(start, head_end, head, "description", head)


def loose_source(text: str, start: int, end: int) -> Mention | None:
    """"figures from the commission": the source as written, when no pattern names it."""
    phrase = text[start:end].strip(" \t\u00a0,.")
    if not phrase or len(phrase.split()) > 8:
        return None
    s = text.index(phrase, start)
    return Mention(s, s + len(phrase), phrase, "description", phrase)
