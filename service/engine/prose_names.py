"""The people the prose names, as the resolver asks about them.

In: the article's text and the spans inside its quotation marks; a function
that settles "its" in a description (the resolver knows which body was
spoken of last).  Out: answers about the names outside quotation marks —
each name's description (role, affiliation, gender written around it),
whether it is its sentence's subject, whether it looks like a person, the
names that write a given name or an entity's surname, and the full name
that introduced a surname.  Each answer is worked out on first use and kept,
since resolution asks about few of an article's names and some of them many
times.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

import regex

from .cues import find_cues
from .entities import Entity, norm_name
from .mentions import PERSON, TITLE_ROLES, Mention, subject_before
from .patterns import NOT_CONCURRENT
from .people import (
    APPOSITIVE_AFTER,
    APPOSITIVE_BEFORE,
    APPOSITIVE_THEN,
    NAME_PHRASE_LOOKBACK,
    NamedPerson,
    described_around,
    index_people,
    names_the_subject,
    opens_with_verb_after,
)


LOWERCASE_ONLY = regex.compile(r"[\s\p{Ll}]*")
# the only role words a description can give without writing them: a title's role ("Sen." → senator)
UNWRITTEN_ROLE_WORDS = frozenset(word for role in TITLE_ROLES.values() for word in role.casefold().split())


class ProseNames:
    """The names outside quotation marks of one article, and what is written
    around them."""

    def __init__(self, text: str, quoted: list[tuple[int, int]], settle: Callable[[Mention], Mention]):
        self.text = text
        self.people = index_people(text, quoted)
        self.positions = [p.position for p in self.people]
        self._settle = settle  # "Its chairman": the body spoken of last, from the resolver
        self._described: dict[int, Mention] = {}
        self._subjects: dict[int, bool] = {}
        self._subject_index: dict[int, int] = {}  # name index → the last subject's index at or before it
        self._people_by_name: dict[str, list[NamedPerson]] | None = None
        self._full_names_by_surname: dict[str, list[NamedPerson]] | None = None

    def described(self, person: NamedPerson) -> Mention:
        """The person's mention with the role and affiliation written around it
        (worked out only for the names resolution actually looks at)."""
        cached = self._described.get(person.position)
        if cached is None:
            text = self.text
            mention = subject_before(text, max(0, person.position - NAME_PHRASE_LOOKBACK), person.end)
            if mention is None or mention.kind != PERSON or mention.end != person.end:
                mention = Mention(person.position, person.end, person.name, PERSON, person.name)
            cached = self._described[person.position] = self._settle(described_around(text, mention))
        return cached

    def may_be_described_as(self, person: NamedPerson, role_words: list[str]) -> bool:
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
            known = self._subjects[person.position] = names_the_subject(self.text, person.position, person.end)
        return known

    def subject_at_or_before(self, k: int) -> int:
        """The index of the last name at or before ``self.people[k]`` that is
        a subject (see ``is_subject``), or -1.  Each name's answer is kept, so
        the names between subjects are read once however many pronouns look
        back past them."""
        passed = []
        while k >= 0:
            known = self._subject_index.get(k)
            if known is not None:
                k = known
                break
            if self.is_subject(self.people[k]):
                break
            passed.append(k)
            k -= 1
        for j in passed:
            self._subject_index[j] = k
        return k

    def looks_like_person(self, person: NamedPerson, described: Mention) -> bool:
        """A capitalised name counts as a person only with some evidence: a
        title or role, a gender, a reporting verb of its own, or a first name
        and a surname opening a sentence before its verb ("Bo Castell arrived")."""
        if described.role or described.gender or described.start < person.position:
            return True
        if len(person.name.split()) >= 2 and opens_with_verb_after(self.text, person):
            return True
        after = APPOSITIVE_THEN.match(self.text, person.end, None, NOT_CONCURRENT)
        lo = after.end() if after else person.end
        cues = find_cues(self.text, lo, min(len(self.text), lo + 40))
        return bool(cues) and LOWERCASE_ONLY.fullmatch(self.text, lo, cues[0].start, NOT_CONCURRENT) is not None

    def people_named(self, name: str) -> list[NamedPerson]:
        """The names in the prose that are ``name`` written in full."""
        if self._people_by_name is None:
            self._people_by_name = {}
            for person in self.people:
                self._people_by_name.setdefault(norm_name(person.name), []).append(person)
        return self._people_by_name.get(norm_name(name), [])

    def named_people(self, entity: Entity) -> list[NamedPerson]:
        """The names in the prose that name a person entity: its full name and,
        for a full name, its surname alone."""
        candidates = self.people_named(entity.name)
        if len(entity.name.split()) > 1:
            candidates = candidates + self.people_named(entity.surname)
        return candidates

    def introduction(self, surname: str, before: int) -> Mention | None:
        """The full name, with role, that introduced a surname in the prose."""
        if self._full_names_by_surname is None:
            self._full_names_by_surname = {}
            for person in self.people:
                words = person.name.split()
                if len(words) > 1:
                    self._full_names_by_surname.setdefault(words[-1].casefold(), []).append(person)
        named = self._full_names_by_surname.get(surname.casefold())
        if not named:
            return None
        # the last full name before the mention, else the first after it
        k = bisect.bisect_left(named, before, key=lambda person: person.position)
        return self.described(named[max(k - 1, 0)])

    # -- resolution ------------------------------------------------------------
