"""The bodies the article names.

In: the article text.  Out: the capitalised names that could be an
organisation's (read a line at a time, only on the lines that hold the word
asked about), the organisation a head word stands for ("the museum" →
"Harwick Municipal Museum"), a body named in lower case ("the chamber" →
"chamber of commerce"), the article's lead organisation and the place its
dateline names.  Read by the resolver to give "the agency's general
manager" the agency's full name.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from . import deadline
from .current import current_article, once_per_article
from .document import LOWER, tokenize
from .mentions import (
    NOT_NAMES,
    ORG_WORDS,
    TITLES,
)
from .speaker_patterns import CAP, ORG_WORD
from .patterns import NOT_CONCURRENT
from .people import POSSESSIVE_ENDINGS, SENTENCE_START, is_place
from .phrase_words import DETERMINERS, PHRASE_ENDS
from .text import ABBREVIATIONS, DATELINE

FIRST_SENTENCE = regex.compile(r"(?<=[.!?])\s+(?=\p{Lu})")

LEAD_LINE = regex.compile(r"[^\n]+")

# a dateline's place in capitals, before a comma, a credit or the dash
DATELINE_PLACE = regex.compile(r"^(?P<place>\p{Lu}[\p{Lu}'’\-]+(?:[ \t]\p{Lu}[\p{Lu}'’\-]+){0,3})(?=[ \t]*(?:,|\(|[—–-]))")

DATELINE_REACH = 600  # datelines open the article

BODY_LINKS = ("of", "for", "at")  # the words after which a body's name starts in "Members of the X Union"
PLACE_BODIES = frozenset({"town", "city", "village", "borough", "county", "state", "country", "island"})


MIN_LEAD_WORDS = 12  # shorter lines are headlines, bylines and captions

LETTER_RUN = regex.compile(r"\p{L}+")

ABBREVIATED_WORDS = ABBREVIATIONS.keys()  # casefolded

LOWER_BODY_REACH = 40  # "chamber of | commerce": a few words after "of"

BODY_STOPS = DETERMINERS | PHRASE_ENDS | {"and", "of", "for", "at", "with", "from"}  # the places a speaker is named, read for a description

ORG_WORD_CAP = rf"(?:{CAP}(?:(?<=s)['’](?=[ \t]+\p{{Lu}}))?)"   # "Operators' Association"

ORG_PHRASE = regex.compile(
    rf"""(?<![\p{{L}}])(?:{ORG_WORD_CAP}(?:[ \t]+(?:(?:of|for|and|the|on|&)[ \t]+)*{ORG_WORD_CAP}){{0,6}})
        (?:[ \t]+{ORG_WORD}(?![\p{{L}}])){{0,2}}""",  # "Lakeport Transit board", "Lindby school board"
    regex.VERBOSE,
)

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
        sentence = line.group()
        dateline = DATELINE.match(sentence)
        sentence = sentence[dateline.end() :] if dateline else sentence
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
            if is_place(name) or (len(words) == 1 and _only_opens_sentences(text, words[0])):
                continue
            return name
        return None
    return None

#: Words looked for line by line before the lines' letter runs are indexed.
SCANS_BEFORE_INDEX = 32


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
        self._lines_by_run: dict[str, list[int]] | None = None
        self._lookups = 0

    def on_lines_with(self, word: str) -> Iterator[tuple[int, str]]:
        """(start, phrase) for every phrase on the lines whose casefolded text
        holds ``word`` (casefolded), in text order: among them, every phrase
        whose casefolded words hold it."""
        for start, end in self.lines_with(word):
            yield from self.phrases_on_line(start, end)

    def lines_with(self, word: str) -> Iterator[tuple[int, int]]:
        """(start, end) of the lines whose casefolded text holds ``word``.
        Past the first few questions, a word that is one run of letters is
        looked up in an index of the lines' letter runs, so asking about
        thousands of words reads the text once; any other word, and the
        first few, are searched for line by line (cheaper than the index
        for an article's usual handful)."""
        lines = self._text_lines()
        self._lookups += 1
        if self._lookups > SCANS_BEFORE_INDEX and LETTER_RUN.fullmatch(word):
            for k in self._runs().get(word, ()):
                yield lines[k][0], lines[k][1]
            return
        for start, end, folded in lines:
            if word in folded:
                yield start, end

    def _runs(self) -> dict[str, list[int]]:
        """Each casefolded run of letters, with the lines holding it."""
        if self._lines_by_run is None:
            self._lines_by_run = {}
            for k, (_, _, folded) in enumerate(self._text_lines()):
                deadline.check()
                for run in set(LETTER_RUN.findall(folded)):
                    self._lines_by_run.setdefault(run, []).append(k)
        return self._lines_by_run

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

    def phrases_on_line(self, start: int, end: int) -> list[tuple[int, str]]:
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
    links = [k for k, word in enumerate(words[:3]) if word in BODY_LINKS]
    if links and 0 < links[0] < 3 and words[links[0] - 1].casefold() not in ORG_WORDS and (
        _opens_sentence_only(words[0]) or words[0].endswith(("ing", "ed"))
    ):
        # "Members of the Northern Rail Workers’ Union", "Prosecuting for Dunmore Council": the body follows
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

def common_word(word: str) -> bool:
    """A capitalised word the article also writes in lower case and never
    capitalises inside a sentence ("Tournament director Ada Roe" ... "the
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

def longest_letter_run(name: str) -> str:
    """The longest run of letters in a casefolded, normalised name (see
    ``_norm``); "" when it has none.  Normalising only drops a leading article
    and "'s" before a break between words, so each run of letters in the
    normalised name is also in the casefolded phrase it came from."""
    return max(LETTER_RUN.findall(name), key=len, default="")
