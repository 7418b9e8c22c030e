"""The bodies an article names, as the resolver asks about them.

In: the article's text.  Out: a body's full name for a head word ("the
museum" → "Harwick Municipal Museum"), every place the prose names a body,
and an affiliation as written made the body's full name.  Each answer is
worked out on first use and kept per article.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from .entities import norm_name
from .mentions import NOT_NAMES, ORG_WORDS
from .organisations import (
    PLACE_BODIES,
    common_word,
    dateline_place,
    longest_letter_run,
    lower_body_named,
    org_phrases,
    organisation_with_head,
)
from .phrase_words import ITS, PARTY_NAMES
from .words import MEMBER_ROLES

LEADING_POSSESSOR = regex.compile(r"^(?:the|its|their)\s+", regex.IGNORECASE)


class ArticleBodies:
    """The organisations one article names."""

    def __init__(self, text: str):
        self.text = text
        self._organisations: dict[str, str | None] = {}  # by head word
        self._org_mentions: dict[str, list[tuple[int, int, str]]] = {}  # by normalised name
        self._org_names_by_line: dict[int, dict[str, list[tuple[int, int, str]]]] = {}  # by line start

    def organisation(self, head: str) -> str | None:
        """The organisation's full name for a casefolded head word ("museum"),
        if the article gives one (worked out on first use)."""
        if head not in self._organisations:
            self._organisations[head] = organisation_with_head(self.text, head)
        return self._organisations[head]

    def full_affiliation(self, affiliation: str | None, role: str | None, main_organisation: Callable[[], str | None]) -> str | None:
        """An affiliation as written made the body's full name: "the museum" →
        the museum's name, "the town" → the dateline's town, a member's role
        with no body → the body the article is about (``main_organisation``)."""
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
                if (head in ORG_WORDS or common_word(words[0])) and main_organisation():
                    return main_organisation()  # "the agency's general manager", "Tournament director"
            return affiliation
        if role and role.casefold() in MEMBER_ROLES:
            return main_organisation()
        return None

    def named(self, key: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of every capitalised phrase whose name normalises
        to ``key``; worked out only for the organisations that speak, and read
        only from the lines that hold the key's longest run of letters."""
        found_at = self._org_mentions.get(key)
        if found_at is None:
            phrases = org_phrases(self.text)
            found_at = self._org_mentions[key] = []
            for start, end in phrases.lines_with(longest_letter_run(key)):
                found_at.extend(self._names_on_line(phrases, start, end).get(key, ()))
        return found_at

    def _names_on_line(self, phrases, start: int, end: int) -> dict[str, list[tuple[int, int, str]]]:
        """A line's capitalised phrases by normalised name, read once per line
        however many speaking bodies are looked up on it."""
        names = self._org_names_by_line.get(start)
        if names is None:
            names = self._org_names_by_line[start] = {}
            for at, found in phrases.phrases_on_line(start, end):
                words = found.split()
                while words and words[0] in NOT_NAMES:
                    words = words[1:]
                if words:
                    name = " ".join(words)
                    offset = at + found.index(words[0])
                    names.setdefault(norm_name(name), []).append((offset, offset + len(name), name))
        return names

