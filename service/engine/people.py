"""The people the prose names, and what is written around their names.

In: the article text and the spans inside quotation marks.  Out:
``NamedPerson`` records — every person named outside quotation marks, a
title's words before the name left out ("Senate Majority Leader Hal
Brenner") — whether a name is its sentence's subject, and the role and
affiliation written around a name ("Acme's head of X, Jane Smith," / "Jane
Smith, the chief executive of Acme," / "Jane Smith of Acme").  Read by the
resolver to link surnames and pronouns to people who have not yet spoken.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import NamedTuple

import regex

from .cues import find_cues
from .lexicons import read_lines
from .mentions import (
    NOT_NAMES,
    PERSON,
    TITLES,
    Mention,
    classify_name,
    describe,
    describe_ending,
)
from .speaker_patterns import NAME
from .patterns import NOT_CONCURRENT
from .phrase_words import ROLE_WORDS
from .text import is_abbreviation
from .words import ORG_WORDS

# How far around a name its description is read: the speaker phrase ending at
# the name starts at most NAME_PHRASE_LOOKBACK characters before it, and the
# appositives around that phrase reach APPOSITIVE_BEFORE characters before it
# and APPOSITIVE_AFTER after it.
NAME_PHRASE_LOOKBACK, APPOSITIVE_BEFORE, APPOSITIVE_AFTER = 80, 100, 140

POSSESSIVE_ENDINGS = ("'", "’", "'s", "’s")  # a name never ends in a line break, so endswith is enough

SENTENCE_SPLIT = regex.compile(r"[.!?]\s+|\n")

CLAUSE_SPLIT = regex.compile(r"[.!?;:]\s|\n")

APPOSITIVE_END = regex.compile(r"[,;]|\.(?:\s|$)")

# "Prosecuting for Dunmore Council, barrister Ada Roe told the court": an
# opening participle acting for a body gives the sentence's subject that body
# (a role's lower-case words may stand between the comma and the name)
ACTING_FOR = regex.compile(
    r"\p{Lu}\p{Ll}+ing[ \t]+(?:for|on[ \t]+behalf[ \t]+of)[ \t]+(?:the[ \t]+)?"
    r"(?P<body>\p{Lu}[\p{L}\p{M}&'’\-]*(?:[ \t]+(?:of|for|and|&|\p{Lu}[\p{L}\p{M}&'’\-]*)){0,6}),[ \t]+(?:\p{Ll}[\p{L}\-]*[ \t]+){0,3}"
)
ACTING_FOR_REACH = 120
# "Pia Holm (Kelby Institute) said": a bracketed name after a person's name;
# a body when it holds an organisation word (a party code is read elsewhere)
BRACKETED_NAME = regex.compile(r"[ \t\u00a0]*\((?P<body>\p{Lu}[^()\n,;]{1,60})\)")

OF_ORGANISATION = regex.compile(
    r"\s+(?:of|from)\s+(?:the\s+)?((?:[\p{Lu}][\p{L}\p{M}&'’\-]*(?:\.\p{L}+)*)(?:[ \t]+(?:of|for|and|the|&)?[ \t]*[\p{Lu}][\p{L}\p{M}&'’\-]*(?:\.\p{L}+)*)*)"
)

PLACE_WORDS = frozenset(read_lines("place_words"))

NAME_FINDER = regex.compile(NAME)

NON_SPACE = regex.compile(r"\S+")

TITLE_WORDS = ROLE_WORDS  # a capitalised title's words before a name ("Majority Leader", "Detective Chief Inspector")

class NamedPerson(NamedTuple):
    """A person named in the prose (outside quotation marks); whether the name
    is its sentence's subject is worked out on demand (``Resolver.is_subject``)."""

    position: int
    end: int
    name: str

SENTENCE_START = regex.compile(r"(?:^|[.!?:;—–][\"”’»]?\s+|\n\s*)\Z")

VERB_AFTER_NAME = regex.compile(r",?[ \t]+(?:has|had|was|is|will|would|also|then|later)?[ \t]*\p{Ll}+(?:ed|s)\b")

PARENTHESES_AFTER = regex.compile(r"[ \t\u00a0]*\([^()\n]{1,40}\)")

APPOSITIVE_THEN = regex.compile(r",[^,.;:“”\"]{1,100},\s*")

def is_place(name: str) -> bool:
    return name.split()[-1].casefold().strip(".") in PLACE_WORDS

@lru_cache(maxsize=8192)
def _names_person(name: str) -> bool:
    """Whether a capitalised name is a person's rather than a place's or an
    organisation's (the same names recur through an article)."""
    return not is_place(name) and classify_name(name) == PERSON

def index_people(text: str, quoted: list[tuple[int, int]]) -> list[NamedPerson]:
    """Every person named outside quotation marks, with any role given there."""
    people: list[NamedPerson] = []
    full_surnames: set[str] = set()
    singles: list[tuple[int, int, str]] = []
    matches = list(NAME_FINDER.finditer(text, concurrent=False))
    quote_starts = [start for start, _ in quoted]
    for at, found in zip(map(regex.Match.start, matches), map(regex.Match.group, matches)):
        k = bisect.bisect_right(quote_starts, at) - 1
        if k >= 0 and at < quoted[k][1]:
            continue  # inside a quotation
        reading = _read_name(found)
        if reading is None:
            continue
        name, offset, length, words = reading
        if words == 1:
            singles.append((at + offset, at + offset + length, name))
            continue
        people.append(NamedPerson(at + offset, at + offset + length, name))
        full_surnames.add(name.rsplit(None, 1)[-1].casefold())
    for start, end, name in singles:
        if name.casefold() in full_surnames:
            people.append(NamedPerson(start, end, name))
    people.sort(key=lambda p: p.position)
    return people

@lru_cache(maxsize=8192)
def _read_name(found: str) -> tuple[str, int, int, int] | None:
    """A person's name in a capitalised match: (name, where it starts in the
    match, its length in the match, its word count); None for a possessor
    ("Harbour Capital’s head"), words that are no name, places and bodies.
    A title's words before the name are no part of it ("Senate Majority
    Leader Hal Brenner").  The same matches recur through an article and from
    one article to the next (names, and the words that open sentences), so
    each is read once."""
    if found.endswith(POSSESSIVE_ENDINGS):
        return None
    spans = [(m.start(), m.end()) for m in NON_SPACE.finditer(found)]
    words = [found[s:e] for s, e in spans]
    first, last = 0, len(words)
    while first < last and words[first].rstrip(".") in NOT_NAMES:
        first += 1
    while first < last and words[last - 1] in NOT_NAMES:
        last -= 1  # "the U.S. He said": a pronoun opening the next sentence
    titled = [k for k in range(first, last - 1) if words[k].casefold() in TITLE_WORDS or words[k].rstrip(".") in TITLES]
    if titled:
        first = titled[-1] + 1
    if first >= last:
        return None
    name = " ".join(words[first:last])
    if not _names_person(name):
        return None
    offset = spans[first][0]
    return name, offset, spans[last - 1][1] - offset, last - first

def opens_with_verb_after(text: str, person: NamedPerson) -> bool:
    """Whether a name opens its sentence and a verb follows it."""
    opens = person.position == 0 or SENTENCE_START.search(text[max(0, person.position - 4) : person.position], 0, None, NOT_CONCURRENT)
    return bool(opens) and VERB_AFTER_NAME.match(text, person.end, None, NOT_CONCURRENT) is not None

def names_the_subject(text: str, start: int, end: int) -> bool:
    """Whether a name is what its sentence is about: it opens the sentence, is
    the appositive of a description that does ("Acme's chief, Jane Smith,"),
    or a verb follows it."""
    if SENTENCE_START.search(text[max(0, start - 4) : start], 0, None, NOT_CONCURRENT) or start == 0:
        return True
    before = text[max(0, start - 120) : start]
    if before.endswith(", "):
        opener = SENTENCE_SPLIT.split(before[:-2])[-1]
        if opener and "," not in opener and opener[:1].isupper():
            return True
    after = APPOSITIVE_THEN.match(text, end, None, NOT_CONCURRENT) or PARENTHESES_AFTER.match(text, end, None, NOT_CONCURRENT)
    lo = after.end() if after else end  # "Jane Smith, the chief executive, said", "Hal Brenner (R-Ky.) said"
    cues = find_cues(text, lo, min(len(text), lo + 12))
    if cues and text[lo : cues[0].start].strip() == "":
        return True
    return VERB_AFTER_NAME.match(text, lo, None, NOT_CONCURRENT) is not None

def appositive(rest: str) -> str:
    """The appositive that ``rest`` opens: up to a comma, a semicolon or a full
    stop that closes no abbreviation ("a nurse at St. Brigid’s Hospital.")."""
    for stop in APPOSITIVE_END.finditer(rest, concurrent=False):
        if rest[stop.start()] != "." or not is_abbreviation(rest, stop.start()):
            return rest[: stop.start()]
    return rest


def acting_for(text: str, at: int) -> str | None:
    """The body an opening participle acts for, when the sentence's subject
    starts at ``at`` ("Prosecuting for Dunmore Council, barrister | Ada
    Roe"; "Speaking on behalf of the Harbour Trust, | Ida Berg")."""
    lo = max(0, at - ACTING_FOR_REACH)
    opening = max(text.rfind(". ", lo, at), text.rfind("\n", lo, at), text.rfind("? ", lo, at), text.rfind("! ", lo, at))
    start = lo if opening < 0 else opening + 1
    while start < at and text[start].isspace():
        start += 1
    found = ACTING_FOR.fullmatch(text, start, at, concurrent=False)
    return found.group("body") if found else None


def bracketed_body(after: str) -> str | None:
    """The body a bracket right after a name holds ("(Kelby Institute)")."""
    found = BRACKETED_NAME.match(after)
    if found is None:
        return None
    body = found.group("body").strip()
    return body if any(word.casefold() in ORG_WORDS for word in body.split()) else None


def described_around(text: str, mention: Mention) -> Mention:
    """Role and affiliation from "Acme's head of X, Jane Smith," or
    "Jane Smith, the chief executive of Acme," or "Jane Smith of Acme"."""
    role, affiliation, gender = mention.role, mention.affiliation, mention.gender
    before = text[max(0, mention.start - APPOSITIVE_BEFORE) : mention.start]
    after = text[mention.end : mention.end + APPOSITIVE_AFTER]
    if before.endswith(", ") and (not after or after[0] in ",."):
        segment = before[:-2].rsplit(",", 1)[-1]
        segment = CLAUSE_SPLIT.split(segment)[-1]
        r, a, g = describe_ending(segment)
        if r is not None:  # "Keep the Returns, Trump;" describes nobody
            role, affiliation, gender = role or r, affiliation or a, gender or g
    if after.startswith(", "):
        segment = appositive(after[2:])
        r, a, g = describe(segment)
        role, affiliation, gender = role or r, affiliation or a, gender or g
    of = OF_ORGANISATION.match(after, 0, None, NOT_CONCURRENT)
    if of and not affiliation:
        affiliation = of.group(1)
    if not affiliation:
        affiliation = acting_for(text, mention.start) or bracketed_body(after)
    if (role, affiliation, gender) == (mention.role, mention.affiliation, mention.gender):
        return mention  # most names stand without a description
    return mention._replace(role=role, affiliation=affiliation, gender=gender)
