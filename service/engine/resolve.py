"""Stage 6 — resolution: which entity each speaker mention points to.

In: the text, the spans inside quotation marks, and speaker mentions in text
order.  Out: ``Entity`` records — one per person, organisation or group that
speaks — with the fullest name the article gives, role, affiliation, every
mention and quote id.

Rules (newsroom style): a surname or honorific + surname points to the
earlier full name with that surname; he/she points to the most recent person
named outside quotation marks whose gender does not conflict; they/we to the
most recent group or organisation; "the minister" to the person introduced
with that role; "the council" to the organisation with that head word.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from collections.abc import Iterator
from typing import NamedTuple

import regex

from . import deadline
from .current import current_article, once_per_article
from .patterns import NOT_CONCURRENT
from .cues import find_cues
from .lexicons import read_lines, read_tagged

from .document import LOWER, tokenize
from .phrases import DETERMINERS, ITS, PARTY_NAMES, PHRASE_ENDS, ROLE_WORDS
from .mentions import (
    CAP,
    DESCRIPTION,
    GROUP,
    HONORIFIC,
    NAME,
    NOT_NAMES,
    ORG,
    ORG_WORD,
    ORG_WORDS,
    PERSON,
    PRONOUN,
    TITLE_ROLES,
    TITLES,
    Mention,
    classify_name,
    describe,
    describe_ending,
    describe_unnamed,
    subject_before,
)

POSSESSIVE_ENDINGS = ("'", "’", "'s", "’s")  # a name never ends in a line break, so endswith is enough
SENTENCE_SPLIT = regex.compile(r"[.!?]\s+|\n")
CLAUSE_SPLIT = regex.compile(r"[.!?;:]\s|\n")
APPOSITIVE_END = regex.compile(r"[,;]|\.\s")
OF_ORGANISATION = regex.compile(
    r"\s+(?:of|from)\s+(?:the\s+)?((?:[\p{Lu}][\p{L}\p{M}&'’\-]*(?:\.\p{L}+)*)(?:[ \t]+(?:of|for|and|the|&)?[ \t]*[\p{Lu}][\p{L}\p{M}&'’\-]*(?:\.\p{L}+)*)*)"
)
FIRST_SENTENCE = regex.compile(r"(?<=[.!?])\s+(?=\p{Lu})")
LEADING_ARTICLE = regex.compile(r"^(?:the|a|an)\s+", regex.IGNORECASE)
POSSESSIVE_S = regex.compile(r"['’]s\b")
LEADING_POSSESSOR = regex.compile(r"^(?:the|its|their)\s+", regex.IGNORECASE)
LOWERCASE_ONLY = regex.compile(r"[\s\p{Ll}]*")
PLACE_WORDS = frozenset(read_lines("place_words"))
TITLE_BEFORE = regex.compile(rf"(?<![\p{{L}}]){HONORIFIC}[ \t\u00a0]+\Z")
MEMBER_ROLES = frozenset(read_lines("member_roles"))
LEAD_LINE = regex.compile(r"[^\n]+")
# a dateline's place in capitals, before a comma, a credit or the dash
DATELINE_PLACE = regex.compile(r"^(?P<place>\p{Lu}[\p{Lu}'’\-]+(?:[ \t]\p{Lu}[\p{Lu}'’\-]+){0,3})(?=[ \t]*(?:,|\(|[—–-]))")
DATELINE_REACH = 600  # datelines open the article
PLACE_BODIES = frozenset({"town", "city", "village", "borough", "county", "state", "country", "island"})
DATELINE = regex.compile(r"^[\p{Lu}][\p{Lu} .,'’\-]+(?:,[^—–\n]{0,40})?\s*[—–-]+\s*")
MIN_LEAD_WORDS = 12  # shorter lines are headlines, bylines and captions
NAME_FINDER = regex.compile(NAME)
LETTER_RUN = regex.compile(r"\p{L}+")
GENDERED = {"he": "m", "she": "f"}
MAX_ROLE_LOOKBACK = 40  # names searched back for "the minister"
MAX_DESCRIBED_NAMES = 24
NON_SPACE = regex.compile(r"\S+")
TITLE_WORDS = ROLE_WORDS  # a capitalised title's words before a name ("Majority Leader", "Detective Chief Inspector")
ABBREVIATED_WORDS = frozenset(word.rstrip(".").casefold() for word in read_tagged("abbreviations"))
LOWER_BODY_REACH = 40  # "chamber of | commerce": a few words after "of"
BODY_STOPS = DETERMINERS | PHRASE_ENDS | {"and", "of", "for", "at", "with", "from"}  # the places a speaker is named, read for a description
# How far around a name its description is read: the speaker phrase ending at
# the name starts at most NAME_PHRASE_LOOKBACK characters before it, and the
# appositives around that phrase reach APPOSITIVE_BEFORE characters before it
# and APPOSITIVE_AFTER after it.
NAME_PHRASE_LOOKBACK, APPOSITIVE_BEFORE, APPOSITIVE_AFTER = 80, 100, 140
# the only role words a description can give without writing them: a title's role ("Sen." → senator)
UNWRITTEN_ROLE_WORDS = frozenset(word for role in TITLE_ROLES.values() for word in role.casefold().split())


@dataclass(slots=True)
class Entity:
    id: str
    kind: str
    name: str
    role: str | None = None
    affiliation: str | None = None
    gender: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    quote_ids: list[str] = field(default_factory=list)
    cited: bool = False  # speaks through a cue beside its words, not only a weighed verb

    @property
    def surname(self) -> str:
        return self.name.split()[-1].casefold()

    def absorb(self, mention: Mention) -> None:
        """Take a mention's facts: a fuller name, role, affiliation, gender."""
        if mention.kind == PERSON and len(mention.name.split()) > len(self.name.split()):
            self.name = mention.name
        self.role = self.role or mention.role
        self.affiliation = self.affiliation or mention.affiliation
        self.gender = self.gender or mention.gender


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
ORG_WORD_CAP = rf"(?:{CAP}(?:(?<=s)['’](?=[ \t]+\p{{Lu}}))?)"   # "Operators' Association"
ORG_PHRASE = regex.compile(
    rf"""(?<![\p{{L}}])(?:{ORG_WORD_CAP}(?:[ \t]+(?:(?:of|for|and|the|on|&)[ \t]+)*{ORG_WORD_CAP}){{0,6}})
        (?:[ \t]+{ORG_WORD}(?![\p{{L}}])){{0,2}}""",  # "Lakeport Transit board", "Lindby school board"
    regex.VERBOSE,
)


def _same_role(held: str, named: str) -> bool:
    """Whether "the keeper" names the holder of "goalkeeper"'s role: the
    same role, or the same head word ("head gardener" → "the gardener")."""
    held, named = held.casefold(), named.casefold()
    return held == named or held.split()[-1] == named.split()[-1]


def _is_place(name: str) -> bool:
    return name.split()[-1].casefold().strip(".") in PLACE_WORDS


@lru_cache(maxsize=8192)
def _names_person(name: str) -> bool:
    """Whether a capitalised name is a person's rather than a place's or an
    organisation's (the same names recur through an article)."""
    return not _is_place(name) and classify_name(name) == PERSON


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


def _opens_with_verb_after(text: str, person: NamedPerson) -> bool:
    """Whether a name opens its sentence and a verb follows it."""
    opens = person.position == 0 or SENTENCE_START.search(text[max(0, person.position - 4) : person.position], 0, None, NOT_CONCURRENT)
    return bool(opens) and VERB_AFTER_NAME.match(text, person.end, None, NOT_CONCURRENT) is not None


def _is_subject(text: str, start: int, end: int) -> bool:
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


def _described_around(text: str, mention: Mention) -> Mention:
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
        segment = APPOSITIVE_END.split(after[2:], maxsplit=1)[0]
        r, a, g = describe(segment)
        role, affiliation, gender = role or r, affiliation or a, gender or g
    of = OF_ORGANISATION.match(after, 0, None, NOT_CONCURRENT)
    if of and not affiliation:
        affiliation = of.group(1)
    if (role, affiliation, gender) == (mention.role, mention.affiliation, mention.gender):
        return mention  # most names stand without a description
    return mention._replace(role=role, affiliation=affiliation, gender=gender)


def _only_opens_sentences(text: str, word: str) -> bool:
    """"Thieves broke in": capitalised only where a sentence starts."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        whole = (at == 0 or not text[at - 1].isalpha()) and (end == len(text) or not text[end].isalpha())
        if whole and at > 0 and not SENTENCE_START.search(text[max(0, at - 4) : at], 0, None, NOT_CONCURRENT):
            return False
        at = text.find(word, at + 1)
    return True


def lead_organisation(text: str, speakers: list[str]) -> str | None:
    """The organisation the article leads with: the first capitalised name in
    the lead sentence that is not a person who speaks, a place, a dateline or a
    common noun capitalised only because it opens the sentence."""
    person_words = {w for name in speakers for w in name.split()}
    for line in LEAD_LINE.finditer(text, concurrent=False):
        sentence = DATELINE.sub("", line.group())
        if len(sentence.split()) < MIN_LEAD_WORDS or not sentence.rstrip().endswith((".", "”", '"')):
            continue
        sentence = FIRST_SENTENCE.split(sentence, maxsplit=1)[0]
        for match in ORG_PHRASE.finditer(sentence, concurrent=False):
            words = [w for w in match.group().split() if w not in NOT_NAMES]
            while words and not words[-1][:1].isupper():
                words.pop()  # "Late on (Monday)": a name ends in a capitalised word
            if words and words[0].rstrip(".").casefold() in ABBREVIATED_WORDS:
                continue  # "Nov. 4": a date, not a body
            if not words or any(w in person_words or w.rstrip(".") in TITLES for w in words):
                continue  # a speaker's name or a title ("Dr"), not a body
            name = " ".join(words)
            if _is_place(name) or (len(words) == 1 and _only_opens_sentences(text, words[0])):
                continue
            return name
        return None
    return None


class ArticlePhrases:
    """The capitalised phrases of one article that could name an organisation
    (``ORG_PHRASE``), found a line at a time and only on the lines asked about.

    A phrase never runs across a line break (its words are joined by spaces
    and tabs only), so the phrases found line by line are exactly those a scan
    of the whole text finds, and a phrase holding a word lies on a line whose
    text holds it.  Lookups by word therefore scan only the lines where the
    word appears, and each line at most once."""

    def __init__(self, text: str):
        self.text = text
        self._lines: list[tuple[int, int, str]] | None = None  # start, end, the line casefolded
        self._on_line: dict[int, list[tuple[int, str]]] = {}

    def on_lines_with(self, word: str) -> Iterator[tuple[int, str]]:
        """(start, phrase) for every phrase on the lines whose casefolded text
        holds ``word`` (casefolded), in text order: among them, every phrase
        whose casefolded words hold it."""
        for start, end, folded in self._text_lines():
            if word in folded:
                yield from self._phrases_on_line(start, end)

    def _text_lines(self) -> list[tuple[int, int, str]]:
        if self._lines is None:
            self._lines = []
            start = 0
            for line in self.text.split("\n"):
                end = start + len(line)
                # casefolding maps each character on its own, so a word's
                # casefolded form lies inside its line's casefolded form
                self._lines.append((start, end, line.casefold()))
                start = end + 1
        return self._lines

    def _phrases_on_line(self, start: int, end: int) -> list[tuple[int, str]]:
        found = self._on_line.get(start)
        if found is None:
            matches = ORG_PHRASE.finditer(self.text, start, end, concurrent=False)
            found = self._on_line[start] = [(match.start(), match.group()) for match in matches]
        return found


@once_per_article
def org_phrases(text: str) -> ArticlePhrases:
    """The capitalised phrases that could name an organisation, found on
    demand and once per article for the stages that need them."""
    return ArticlePhrases(text)


def _as_organisation(found: str) -> tuple[str, set[str]] | None:
    """A capitalised phrase read as an organisation's name: the name and the
    head words it answers to (its last word and its organisation words), or
    None when the phrase names no body."""
    phrase = found.strip()
    words = phrase.split()
    if len(words) < 2 or words[0] in NOT_NAMES and len(words) < 3:
        return None
    if words[0] in NOT_NAMES:
        phrase = " ".join(words[1:])
    links = [k for k, word in enumerate(words[:3]) if word in ("of", "of the")]
    if links and 0 < links[0] < 3 and words[links[0] - 1].casefold() not in ORG_WORDS and _opens_sentence_only(words[0]):
        # "Members of the Northern Rail Workers’ Union": the body is after "of"
        rest = words[links[0] + 1 :]
        if rest and rest[0] == "the":
            rest = rest[1:]
        if len(rest) < 2 and not (rest and rest[0].casefold() in ORG_WORDS):
            return None
        words, phrase = rest, " ".join(rest)
    organisation_words = {w.casefold().strip("'’") for w in words if w.casefold().strip("'’") in ORG_WORDS}
    if not organisation_words or any(w.rstrip(".") in TITLES for w in words):
        return None  # "Mayor Lina Varga of Northby" names a person, not a body
    return phrase, {words[-1].casefold()} | organisation_words


def _common_word(word: str) -> bool:
    """A capitalised word the article also writes in lower case and never
    capitalises inside a sentence ("Tournament director Ana Ruiz" ... "the
    tournament"): a common noun, not a name."""
    article = current_article()
    folded = word.casefold()
    return (
        word[:1].isupper()
        and article is not None
        and article.written_lower(folded)
        and not article.written_capitalised(folded)
    )


def lower_body_named(text: str, head: str) -> str | None:
    """A body the article names in lower case with that head word: with an
    "of" ("the local chamber of commerce" → "chamber of commerce") or a noun
    before it ("the city’s planning committee" → "planning committee")."""
    at = text.find(head + " of ")
    while at >= 0:
        if at == 0 or not text[at - 1].isalpha():
            tokens = tokenize(text, at, min(len(text), at + len(head) + LOWER_BODY_REACH))
            # the one noun after "of" ("chamber of commerce", "guild of weavers last week")
            if len(tokens) > 2 and tokens[2].shape == LOWER and tokens[2].folded not in BODY_STOPS:
                return text[tokens[0].start : tokens[2].end]
        at = text.find(head + " of ", at + 1)
    at = text.find(" " + head)
    while at >= 0:
        end = at + 1 + len(head)
        if end == len(text) or not text[end].isalpha():
            words = text[max(0, at - LOWER_BODY_REACH) : at].split()
            if len(words) > 1 and words[-1].isalpha() and words[-1].islower() and words[-1] not in BODY_STOPS | ORG_WORDS:
                if words[-2].casefold() in DETERMINERS or words[-2].endswith(POSSESSIVE_ENDINGS):
                    return text[text.rfind(words[-1], 0, at) : end]  # "the city’s | planning committee"
        at = text.find(" " + head, at + 1)
    return None


def dateline_place(text: str) -> str | None:
    """The place a dateline names ("HALDEN, Norway (AP) —" → "Halden"), from
    the article's first lines."""
    for line in LEAD_LINE.finditer(text, 0, min(len(text), DATELINE_REACH), concurrent=False):
        found = DATELINE_PLACE.match(line.group())
        if found:
            return " ".join(word.capitalize() for word in found.group("place").split())
    return None


def _opens_sentence_only(word: str) -> bool:
    """A capitalised common noun ("Members", "Officials"): the article also
    writes it in lower case."""
    article = current_article()
    return article is not None and article.written_lower(word.casefold())


def organisation_with_head(text: str, head: str) -> str | None:
    """The first capitalised organisation name among the longest that end with
    the head word or hold it as an organisation word ("museum" → "Harwick
    Municipal Museum", "board" → "Lakeport Transit board"); ``head`` is
    casefolded.  Every such name holds the head word, so only the lines
    holding it are read."""
    fullest = ""
    for _, found in org_phrases(text).on_lines_with(head):
        organisation = _as_organisation(found)
        if organisation is not None and head in organisation[1] and len(organisation[0]) > len(fullest):
            fullest = organisation[0]  # the fullest name wins over a headline's short form
    return fullest or None


def _longest_letter_run(name: str) -> str:
    """The longest run of letters in a casefolded, normalised name (see
    ``_norm``); "" when it has none.  Normalising only drops a leading article
    and "'s" before a break between words, so each run of letters in the
    normalised name is also in the casefolded phrase it came from."""
    return max(LETTER_RUN.findall(name), key=len, default="")


@lru_cache(maxsize=8192)
def _norm(name: str) -> str:
    name = LEADING_ARTICLE.sub("", name.strip())
    return POSSESSIVE_S.sub("", name).casefold()


class Resolver:
    """Links mentions to entities, one article at a time, in text order."""

    def __init__(self, text: str, quoted: list[tuple[int, int]]):
        self.text = text
        self.people = index_people(text, quoted)
        self._described: dict[int, Mention] = {}
        self._body_mentions: list[tuple[int, Entity]] = []  # (start, entity) of every organisation's mention, in order
        self._subjects: dict[int, bool] = {}
        self._unresolved: dict[str, Entity] = {}
        self._org_mentions: dict[str, list[tuple[int, int, str]]] = {}  # by normalised name
        self._people_by_name: dict[str, list[NamedPerson]] | None = None
        self._by_surname: dict[str, list[Entity]] = {}
        self._full_names_by_surname: dict[str, list[NamedPerson]] | None = None  # one entity per pronoun nobody could be found for
        self.positions = [p.position for p in self.people]
        self.entities: list[Entity] = []
        self.last_speaker_at: dict[str, int] = {}
        self._organisations: dict[str, str | None] = {}  # by head word
        self._affiliations: dict[tuple[str | None, str | None], str | None] = {}
        self._main_organisation: str | None | bool = False  # worked out on first use

    def organisation(self, head: str) -> str | None:
        """The organisation's full name for a casefolded head word ("museum"),
        if the article gives one (worked out on first use)."""
        if head not in self._organisations:
            self._organisations[head] = organisation_with_head(self.text, head)
        return self._organisations[head]

    def main_organisation(self) -> str | None:
        if self._main_organisation is False:
            speakers = [e.name for e in self.entities if e.kind == PERSON and e.cited]
            self._main_organisation = lead_organisation(self.text, speakers)
        return self._main_organisation

    def affiliation_of(self, entity: Entity) -> str | None:
        """The entity's organisation, in full: "the museum" becomes the museum's
        name when the article gives it, and someone who holds an organisation's
        role without naming it belongs to the organisation the article is about.

        Asked once per quote and once per speaker, so each (affiliation, role)
        is worked out once: the answer depends on nothing else that can change,
        as the article's organisations are fixed and its main organisation is
        settled by the first question that needs it."""
        key = (entity.affiliation, entity.role)
        known = self._affiliations.get(key, False)
        if known is False:
            known = self._affiliations[key] = self._full_affiliation(*key)
        return known

    def _full_affiliation(self, affiliation: str | None, role: str | None) -> str | None:
        if affiliation == ITS:
            return None
        if affiliation in PARTY_NAMES:
            return affiliation  # a party is named in full already
        if affiliation:
            words = LEADING_POSSESSOR.sub("", affiliation).split()
            if len(words) > 1 and affiliation.islower() and (full := self.organisation(words[-1].casefold())):
                if all(word.casefold() in full.casefold() for word in words):
                    return full  # "school board president" → "Lindby school board"
            if len(words) == 1:
                head = words[0].casefold()
                full = self.organisation(head)
                if full:
                    return full
                named = lower_body_named(self.text, head)
                if named:
                    return named  # "the chamber’s president" → "chamber of commerce"
                if head in PLACE_BODIES and (place := dateline_place(self.text)):
                    return place  # "HALDEN — ... the town’s mayor": the town is Halden
                if (head in ORG_WORDS or _common_word(words[0])) and self.main_organisation():
                    return self.main_organisation()  # "the agency's general manager", "Tournament director"
            return affiliation
        if role and role.casefold() in MEMBER_ROLES:
            return self.main_organisation()
        return None

    def described(self, person: NamedPerson) -> Mention:
        """The person's mention with the role and affiliation written around it
        (worked out only for the names resolution actually looks at)."""
        cached = self._described.get(person.position)
        if cached is None:
            text = self.text
            mention = subject_before(text, max(0, person.position - NAME_PHRASE_LOOKBACK), person.end)
            if mention is None or mention.kind != PERSON or mention.end != person.end:
                mention = Mention(person.position, person.end, person.name, PERSON, person.name)
            cached = self._described[person.position] = self._settled(_described_around(text, mention))
        return cached

    def _settled(self, mention: Mention) -> Mention:
        """"Its chairman": the body the article spoke of last before the mention."""
        if mention.affiliation != ITS:
            return mention
        return mention._replace(affiliation=self._body_before(mention.start))

    def _body_before(self, position: int) -> str | None:
        """The organisation whose mention comes last before ``position``."""
        k = bisect.bisect_left(self._body_mentions, (position,)) - 1
        return self._body_mentions[k][1].name if k >= 0 else None

    def _may_be_described_as(self, person: NamedPerson, role_words: list[str]) -> bool:
        """Whether ``described(person)`` could give a role of these casefolded
        words: every word of a role it gives is written around the name, but
        for a title's role."""
        lo = max(0, person.position - NAME_PHRASE_LOOKBACK - APPOSITIVE_BEFORE)
        around = self.text[lo : person.end + APPOSITIVE_AFTER].casefold()
        return all(word in around or word in UNWRITTEN_ROLE_WORDS for word in role_words)

    def is_subject(self, person: NamedPerson) -> bool:
        """Whether the name opens its sentence or comes right before a reporting
        cue (worked out only for the names a pronoun's search reaches)."""
        known = self._subjects.get(person.position)
        if known is None:
            known = self._subjects[person.position] = _is_subject(self.text, person.position, person.end)
        return known

    # -- entity bookkeeping -------------------------------------------------
    def _new(self, kind: str, mention: Mention, name: str | None = None) -> Entity:
        entity = Entity(f"s{len(self.entities) + 1}", kind, name or mention.name)
        entity.absorb(mention)
        self.entities.append(entity)
        self._index(entity)
        return entity

    def _index(self, entity: Entity) -> None:
        """Every person is found by surname; kept current as names grow fuller."""
        if entity.kind == PERSON and entity.name.split():
            bucket = self._by_surname.setdefault(entity.surname, [])
            if entity in bucket:
                bucket.remove(entity)
            bucket.append(entity)

    def _find_person(self, name: str) -> Entity | None:
        words = name.split()
        if not words:
            return None
        for entity in reversed(self._by_surname.get(words[-1].casefold(), [])):
            if entity.kind != PERSON:
                continue
            if _norm(entity.name) == _norm(name):
                return entity
            if len(words) == 1 and entity.surname == words[0].casefold():
                return entity
            if len(entity.name.split()) == 1 and words[-1].casefold() == entity.surname:
                return entity
        return None

    def _introduction(self, surname: str, before: int) -> Mention | None:
        """The full name, with role, that introduced a surname in the prose."""
        if self._full_names_by_surname is None:
            self._full_names_by_surname = {}
            for person in self.people:
                words = person.name.split()
                if len(words) > 1:
                    self._full_names_by_surname.setdefault(words[-1].casefold(), []).append(person)
        best = None
        for person in self._full_names_by_surname.get(surname.casefold(), []):
            if person.position < before or best is None:
                best = person
            if person.position >= before:
                break
        return self.described(best) if best is not None else None

    # -- resolution ------------------------------------------------------------
    def resolve(self, mention: Mention, record: bool = True, cited: bool = True) -> Entity:
        mention = self._settled(mention)
        kind = mention.kind
        if kind == PERSON:
            entity = self._resolve_person(mention)
        elif kind == PRONOUN:
            entity = self._resolve_pronoun(mention)
        elif kind == DESCRIPTION:
            if mention.role is None and mention.affiliation is None:
                # "A spokeswoman for the operator said ...": what the description says
                role, affiliation, gender = describe_unnamed(mention.text)
                mention = mention._replace(role=role, affiliation=affiliation, gender=mention.gender or gender)
            entity = self._resolve_description(mention)
        else:
            entity = self._resolve_collective(mention)
        if record:
            entity.mentions.append(mention)
            if entity.kind == ORG:
                bisect.insort(self._body_mentions, (mention.start, entity), key=lambda pair: pair[0])
            entity.cited = entity.cited or cited
            self.last_speaker_at[entity.id] = mention.start
        self._index(entity)
        return entity

    def _resolve_person(self, mention: Mention) -> Entity:
        entity = self._find_person(mention.name)
        if entity is None:
            words = mention.name.split()
            intro = self._introduction(words[-1], mention.start) if len(words) == 1 else None
            if intro is None and len(words) > 1:
                intro = self._introduction(words[-1], mention.start)
                if intro is not None and _norm(intro.name) != _norm(mention.name):
                    intro = None
            entity = self._new(PERSON, mention)
            if intro is not None:
                entity.absorb(intro)
        entity.absorb(mention)
        return entity

    def _resolve_pronoun(self, mention: Mention) -> Entity:
        word = mention.name.casefold()
        if word in GENDERED:
            gender = GENDERED[word]
            entity = self._recent_person(mention.start, gender)
            if entity is not None:
                entity.gender = entity.gender or gender
                return entity
        elif word in ("they", "we", "it"):
            for entity in sorted(self.entities, key=lambda e: -self.last_speaker_at.get(e.id, -1)):
                if entity.kind in (ORG, GROUP):
                    return entity
        unresolved = self._unresolved.get(word)
        if unresolved is None:
            unresolved = self._unresolved[word] = self._new(PRONOUN, mention)
        return unresolved

    def _looks_like_person(self, person: NamedPerson, described: Mention) -> bool:
        """A capitalised name counts as a person only with some evidence: a
        title or role, a gender, a reporting verb of its own, or a first name
        and a surname opening a sentence before its verb ("Tom Lake arrived")."""
        if described.role or described.gender or described.start < person.position:
            return True
        if len(person.name.split()) >= 2 and _opens_with_verb_after(self.text, person):
            return True
        after = APPOSITIVE_THEN.match(self.text, person.end, None, NOT_CONCURRENT)
        lo = after.end() if after else person.end
        cues = find_cues(self.text, lo, min(len(self.text), lo + 40))
        return bool(cues) and LOWERCASE_ONLY.fullmatch(self.text, lo, cues[0].start, NOT_CONCURRENT) is not None

    def _recent_person(self, position: int, gender: str | None) -> Entity | None:
        """Most recent person before ``position`` named in the prose or quoted as a speaker."""
        k = bisect.bisect_left(self.positions, position) - 1
        named_at = -1
        while k >= 0:
            if not self.is_subject(self.people[k]):
                k -= 1
                continue
            candidate = self.described(self.people[k])
            known = self._find_person(candidate.name)
            candidate_gender = (known.gender if known else None) or candidate.gender
            if (gender is None or candidate_gender in (None, gender)) and (known is not None or self._looks_like_person(self.people[k], candidate)):
                named_at = self.people[k].position
                break
            k -= 1
        speaker_at, speaker = -1, None
        for entity in self.entities:
            at = self.last_speaker_at.get(entity.id, -1)
            if entity.kind == PERSON and at < position and (gender is None or entity.gender in (None, gender)) and at > speaker_at:
                speaker_at, speaker = at, entity
        if named_at > speaker_at:
            candidate = self.described(self.people[k])
            found = self._find_person(candidate.name)
            if found is None:
                found = self._new(PERSON, candidate)
                intro = self._introduction(candidate.name.split()[-1], candidate.start)
                if intro is not None:
                    found.absorb(intro)
            return found
        return speaker

    def _named_people(self, entity: Entity) -> list[NamedPerson]:
        """The names in the prose that name a person entity: its full name and,
        for a full name, its surname alone."""
        if self._people_by_name is None:
            self._people_by_name = {}
            for person in self.people:
                self._people_by_name.setdefault(_norm(person.name), []).append(person)
        candidates = self._people_by_name.get(_norm(entity.name), [])
        if len(entity.name.split()) > 1:
            candidates = candidates + self._people_by_name.get(entity.surname, [])
        return candidates

    def complete(self, entity: Entity) -> None:
        """Role and affiliation belong to the person, not to one mention: a
        speaker still missing either takes it from any place the prose names
        them with a description ("Democratic presidential candidate Ana
        Ruiz" three paragraphs before "Ruiz said")."""
        if entity.kind != PERSON or (entity.role and entity.affiliation):
            return
        for person in sorted(self._named_people(entity), key=lambda p: p.position)[:MAX_DESCRIBED_NAMES]:
            deadline.check()
            described = self.described(person)
            if _norm(described.name) in (_norm(entity.name), entity.surname):
                entity.absorb(described._replace(name=entity.name))
            if entity.role and entity.affiliation:
                return

    def named_mentions(self, entity: Entity) -> list[Mention]:
        """Where the prose names ``entity`` outside quotation marks."""
        if entity.kind == PERSON:
            candidates = self._named_people(entity)
            found = []
            for person in candidates:
                title = TITLE_BEFORE.search(self.text, max(0, person.position - 24), person.position, NOT_CONCURRENT)
                start = title.start() if title else person.position
                found.append(Mention(start, person.end, self.text[start : person.end], PERSON, person.name))
            return found
        if entity.kind == ORG:
            found_at = self._organisation_mentions(_norm(entity.name))
            return [Mention(start, end, name, ORG, name) for start, end, name in found_at]
        return []

    def _organisation_mentions(self, key: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of every capitalised phrase whose name normalises
        to ``key``; worked out only for the organisations that speak, and read
        only from the lines that hold the key's longest run of letters."""
        found_at = self._org_mentions.get(key)
        if found_at is None:
            found_at = self._org_mentions[key] = []
            for at, found in org_phrases(self.text).on_lines_with(_longest_letter_run(key)):
                words = found.split()
                while words and words[0] in NOT_NAMES:
                    words = words[1:]
                if words:
                    name = " ".join(words)
                    if _norm(name) == key:
                        start = at + found.index(words[0])
                        found_at.append((start, start + len(name), name))
        return found_at

    def recent_other(self, position: int, speaker: Entity | None) -> Entity | None:
        """The most recent speaker other than ``speaker`` before ``position``."""
        best, best_at = None, -1
        for entity in self.entities:
            at = self.last_speaker_at.get(entity.id, -1)
            if entity is not speaker and entity.kind == PERSON and best_at < at < position:
                best, best_at = entity, at
        return best

    def _resolve_description(self, mention: Mention) -> Entity:
        definite = mention.text.casefold().startswith("the ")
        if mention.role and not mention.affiliation and mention.text.casefold().startswith(("a ", "an ")):
            # "The airline said ... “...,” a spokesman said": the body that spoke last
            speaker = self._body_before(mention.start)
            if speaker is not None:
                mention = mention._replace(affiliation=speaker)
        if definite and mention.role:
            for entity in reversed(self.entities):
                if entity.role and _same_role(entity.role, mention.role):
                    return entity
            earlier = [p for p in self.people if p.position < mention.start][-MAX_ROLE_LOOKBACK:]
            role = mention.role.casefold()
            role_words = role.split()
            for person in reversed(earlier):
                if not self._may_be_described_as(person, role_words):
                    continue  # spares reading the description of every earlier name
                described = self.described(person)
                if described.role and _same_role(described.role, role):
                    return self._find_person(described.name) or self._new(PERSON, described)
        if definite and not mention.role and mention.affiliation in PARTY_NAMES:
            # "the Oregon Democrat said": the party's member the article named last
            member = self._recent_person(mention.start, None)
            if member is not None and (member.affiliation in (None, mention.affiliation) or member.affiliation not in PARTY_NAMES):
                member.absorb(mention)
                return member
        for entity in self.entities:
            if entity.kind == DESCRIPTION and _norm(entity.name) == _norm(mention.name):
                return entity
        return self._new(DESCRIPTION, mention)

    def _resolve_collective(self, mention: Mention) -> Entity:
        key = _norm(mention.name)
        for entity in reversed(self.entities):
            if entity.kind not in (ORG, GROUP):
                continue
            other = _norm(entity.name)
            if other == key or (mention.kind == ORG and (key in other or other in key)):
                if len(mention.name) > len(entity.name) and not mention.name.casefold().startswith("the "):
                    entity.name = mention.name
                entity.absorb(mention)
                return entity
        return self._new(mention.kind, mention, LEADING_ARTICLE.sub("", mention.name) if mention.kind == ORG else mention.name)
