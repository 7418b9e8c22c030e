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

import regex

from . import deadline
from .cues import find_cues
from .mentions import (
    DESCRIPTION,
    GROUP,
    HONORIFIC,
    NOT_NAMES,
    ORG,
    ORG_WORDS,
    PERSON,
    PRONOUN,
    TITLE_ROLES,
    Mention,
    describe_unnamed,
    subject_before,
)
from .organisations import (
    PLACE_BODIES,
    common_word,
    longest_letter_run,
    dateline_place,
    lead_organisation,
    lower_body_named,
    org_phrases,
    organisation_with_head,
)
from .patterns import NOT_CONCURRENT
from .plausible import plausible_affiliation, plausible_role
from .recency import CollectiveTurns, PeopleByName, PersonTurns
from .people import (
    APPOSITIVE_AFTER,
    APPOSITIVE_BEFORE,
    APPOSITIVE_THEN,
    NAME_PHRASE_LOOKBACK,
    NamedPerson,
    described_around,
    names_the_subject,
    opens_with_verb_after,
    index_people,
)
from .phrases import ITS, PARTIES, PARTY_NAMES, PERSON_ROLE_WORDS
from .words import MEMBER_ROLES

LEADING_ARTICLE = regex.compile(r"^(?:the|a|an)\s+", regex.IGNORECASE)
POSSESSIVE_S = regex.compile(r"['’]s\b")
LEADING_POSSESSOR = regex.compile(r"^(?:the|its|their)\s+", regex.IGNORECASE)
LOWERCASE_ONLY = regex.compile(r"[\s\p{Ll}]*")
TITLE_BEFORE = regex.compile(rf"(?<![\p{{L}}]){HONORIFIC}[ \t\u00a0]+\Z")
GENDERED = {"he": "m", "she": "f"}
MAX_ROLE_LOOKBACK = 40  # names searched back for "the minister"
MAX_PRONOUN_LOOKBACK = 64  # subjects searched back for "he" or "she"
MAX_DESCRIBED_NAMES = 24
COLLECTIVE_LOOKBACK = 64  # bodies and groups compared by name with a new one
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
    order: int = field(default=0, compare=False, repr=False)  # place among the article's entities

    @property
    def surname(self) -> str:
        return self.name.split()[-1].casefold()

    def absorb(self, mention: Mention) -> None:
        """Take a mention's facts: a fuller name, role, affiliation, gender."""
        if mention.kind == PERSON and len(mention.name.split()) > len(self.name.split()):
            self.name = mention.name
        self.role = self.role or plausible_role(mention.role)
        self.affiliation = self.affiliation or plausible_affiliation(mention.affiliation)
        self.gender = self.gender or mention.gender


def _same_role(held: str, named: str) -> bool:
    """Whether "the keeper" names the holder of "goalkeeper"'s role: the
    same role, or the same head word ("head gardener" → "the gardener")."""
    held, named = held.casefold(), named.casefold()
    return held == named or held.split()[-1] == named.split()[-1]


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
        self._collectives: list[Entity] = []  # the bodies and groups, newest last
        self._collective_turns = CollectiveTurns()  # for "they", "we", "it"
        self._person_turns = PersonTurns()  # for "he", "she" and dialogue turns
        self._role_holders: dict[str, Entity] = {}  # the newest entity holding a role, by the role
        self._head_holders: dict[str, Entity] = {}  # the same, by the role's head word ("gardener")
        self._descriptions: dict[str, Entity] = {}  # the first unnamed description, by normalised name
        self._collectives_by_name: dict[str, Entity] = {}  # the newest body or group, by normalised name
        self._body_mentions: list[tuple[int, Entity]] = []  # (start, entity) of every organisation's mention, in order
        self._subjects: dict[int, bool] = {}
        self._subject_before: dict[int, int] = {}  # name index → the last subject's index at or before it
        self._unresolved: dict[str, Entity] = {}
        self._org_mentions: dict[str, list[tuple[int, int, str]]] = {}  # by normalised name
        self._org_names_by_line: dict[int, dict[str, list[tuple[int, int, str]]]] = {}  # by line start
        self._people_by_name: dict[str, list[NamedPerson]] | None = None
        self._known_people = PeopleByName(_norm)  # the persons resolved so far
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
            # people who speak are no organisation; a capitalised name with no sign of a
            # person (a role, a gender, a first name's title) may be a body that speaks
            speakers = [e.name for e in self.entities if e.kind == PERSON and e.cited and (e.role or e.gender)]
            lead = lead_organisation(self.text, speakers)
            if lead is not None:
                lead = POSSESSIVE_S.sub("", lead)  # "Exxon's board": the body is Exxon
            self._main_organisation = lead if lead and self._may_be_a_body(lead) else None
        return self._main_organisation

    def _may_be_a_body(self, name: str) -> bool:
        """Whether the article's lead name can be the body its unnamed role
        holders belong to: not a party or its members ("Republicans"), nor a
        person the prose gives a gender or a person's role ("presidential
        candidate Ada Roe"; "Snack giant Orvo" is a body).  (A verb of its own is no sign: "Skyline Air
        cancelled", "Skyline Air said".)"""
        words = name.split()
        if all(w.casefold() in PARTIES or w in PARTY_NAMES for w in words):
            return False
        for person in self._people_named(name):
            described = self.described(person)
            if described.gender or (described.role and described.role.split()[-1].casefold() in PERSON_ROLE_WORDS):
                return False
        return True

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
                if (head in ORG_WORDS or common_word(words[0])) and self.main_organisation():
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
            cached = self._described[person.position] = self._settled(described_around(text, mention))
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
            known = self._subjects[person.position] = names_the_subject(self.text, person.position, person.end)
        return known

    # -- entity bookkeeping -------------------------------------------------
    def _new(self, kind: str, mention: Mention, name: str | None = None) -> Entity:
        entity = Entity(f"s{len(self.entities) + 1}", kind, name or mention.name, order=len(self.entities))
        entity.absorb(mention)
        self.entities.append(entity)
        if kind in (ORG, GROUP):
            self._collectives.append(entity)
            self._collective_turns.file(entity.order, entity, -1)
        elif kind == DESCRIPTION:
            self._descriptions.setdefault(_norm(entity.name), entity)
        self._index(entity)
        return entity

    def _index(self, entity: Entity) -> None:
        """Every person is found by surname, every role holder by the role's
        head word, every body by its name, and each speaker's latest turn is
        filed; kept current as an entity's facts grow (an entity changes only
        while it is being resolved)."""
        if entity.kind == PERSON and entity.name.split():
            self._known_people.index(entity)
        if entity.role:
            role = entity.role.casefold()
            for holders, key in ((self._role_holders, role), (self._head_holders, role.split()[-1])):
                holder = holders.get(key)
                if holder is None or holder.order < entity.order:
                    holders[key] = entity
        at = self.last_speaker_at.get(entity.id)
        if entity.kind == PERSON and at is not None:
            self._person_turns.file(entity.order, entity, entity.gender, at)
        elif entity.kind in (ORG, GROUP):
            key = _norm(entity.name)
            known = self._collectives_by_name.get(key)
            if known is None or known.order < entity.order:
                self._collectives_by_name[key] = entity
            if at is not None:
                self._collective_turns.file(entity.order, entity, at)

    def _find_person(self, name: str) -> Entity | None:
        return self._known_people.find(name)

    def _introduction(self, surname: str, before: int) -> Mention | None:
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
            # the body or group that spoke last (the first such entity on a tie)
            latest = self._collective_turns.latest()
            if latest is not None:
                return latest
        unresolved = self._unresolved.get(word)
        if unresolved is None:
            unresolved = self._unresolved[word] = self._new(PRONOUN, mention)
        return unresolved

    def _subject_at_or_before(self, k: int) -> int:
        """The index of the last name at or before ``self.people[k]`` that is
        a subject (see ``is_subject``), or -1.  Each name's answer is kept, so
        the names between subjects are read once however many pronouns look
        back past them."""
        passed = []
        while k >= 0:
            known = self._subject_before.get(k)
            if known is not None:
                k = known
                break
            if self.is_subject(self.people[k]):
                break
            passed.append(k)
            k -= 1
        for j in passed:
            self._subject_before[j] = k
        return k

    def _looks_like_person(self, person: NamedPerson, described: Mention) -> bool:
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

    def _recent_person(self, position: int, gender: str | None) -> Entity | None:
        """Most recent person before ``position`` named in the prose or quoted as a speaker."""
        k = bisect.bisect_left(self.positions, position) - 1
        named_at = -1
        for _ in range(MAX_PRONOUN_LOOKBACK):
            k = self._subject_at_or_before(k)
            if k < 0:
                break
            candidate = self.described(self.people[k])
            known = self._find_person(candidate.name)
            candidate_gender = (known.gender if known else None) or candidate.gender
            if (gender is None or candidate_gender in (None, gender)) and (known is not None or self._looks_like_person(self.people[k], candidate)):
                named_at = self.people[k].position
                break
            k -= 1
        speaker = self._person_turns.latest_before(position, gender)
        speaker_at = -1 if speaker is None else self.last_speaker_at[speaker.id]
        if named_at > speaker_at:
            candidate = self.described(self.people[k])
            found = self._find_person(candidate.name)
            if found is None:
                found = self._new(PERSON, candidate)
                intro = self._introduction(candidate.name.split()[-1], candidate.start)
                if intro is not None:
                    found.absorb(intro)
                    self._index(found)
            return found
        return speaker

    def _people_named(self, name: str) -> list[NamedPerson]:
        """The names in the prose that are ``name`` written in full."""
        if self._people_by_name is None:
            self._people_by_name = {}
            for person in self.people:
                self._people_by_name.setdefault(_norm(person.name), []).append(person)
        return self._people_by_name.get(_norm(name), [])

    def _named_people(self, entity: Entity) -> list[NamedPerson]:
        """The names in the prose that name a person entity: its full name and,
        for a full name, its surname alone."""
        candidates = self._people_named(entity.name)
        if len(entity.name.split()) > 1:
            candidates = candidates + self._people_named(entity.surname)
        return candidates

    def complete(self, entity: Entity) -> None:
        """Role and affiliation belong to the person, not to one mention: a
        speaker still missing either takes it from any place the prose names
        them with a description ("Democratic presidential candidate Ada
        Roe" three paragraphs before "Roe said").  A body that speaks as "the
        company" takes the name the article gives it."""
        if entity.kind == ORG and entity.name[:1].islower() and " " not in entity.name:
            # "the company said": the body the article names with that head word, or leads with
            head = entity.name.casefold()
            named = self.organisation(head) or (self.main_organisation() if head in ORG_WORDS else None)
            if named:
                entity.name = named
            return
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
            phrases = org_phrases(self.text)
            found_at = self._org_mentions[key] = []
            for start, end in phrases.lines_with(longest_letter_run(key)):
                found_at.extend(self._organisation_names_on_line(phrases, start, end).get(key, ()))
        return found_at

    def _organisation_names_on_line(self, phrases, start: int, end: int) -> dict[str, list[tuple[int, int, str]]]:
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
                    names.setdefault(_norm(name), []).append((offset, offset + len(name), name))
        return names

    def recent_other(self, position: int, speaker: Entity | None) -> Entity | None:
        """The most recent speaker other than ``speaker`` before ``position``."""
        return self._person_turns.latest_before(position, skip=speaker)

    def _resolve_description(self, mention: Mention) -> Entity:
        definite = mention.text.casefold().startswith("the ")
        if mention.role and not mention.affiliation and mention.text.casefold().startswith(("a ", "an ")):
            # "The airline said ... “...,” a spokesman said": the body that spoke last
            speaker = self._body_before(mention.start)
            if speaker is not None:
                mention = mention._replace(affiliation=speaker)
        if definite and mention.role:
            role = mention.role.casefold()
            holder = self._role_holders.get(role) or self._head_holders.get(role.split()[-1])
            if holder is not None:
                return holder  # the newest with the same role, else with its head word ("the gardener")
            k = bisect.bisect_left(self.positions, mention.start)
            earlier = self.people[max(0, k - MAX_ROLE_LOOKBACK) : k]
            role_words = role.split()
            same_head = None  # the newest name whose role shares the head word, if none has the same role
            for person in reversed(earlier):
                if not self._may_be_described_as(person, role_words):
                    continue  # spares reading the description of every earlier name
                described = self.described(person)
                if described.role and _same_role(described.role, role):
                    if described.role.casefold() == role:
                        return self._find_person(described.name) or self._new(PERSON, described)
                    same_head = same_head or described
            if same_head is not None:
                return self._find_person(same_head.name) or self._new(PERSON, same_head)
        if definite and not mention.role and mention.affiliation in PARTY_NAMES:
            # "the Oregon Democrat said": the party's member the article named last
            member = self._recent_person(mention.start, None)
            if member is not None and (member.affiliation in (None, mention.affiliation) or member.affiliation not in PARTY_NAMES):
                member.absorb(mention)
                return member
        return self._descriptions.get(_norm(mention.name)) or self._new(DESCRIPTION, mention)

    def _resolve_collective(self, mention: Mention) -> Entity:
        """A body or group named before: the newest with the same name, or, for
        a body, one whose name holds this one or is held by it ("the Harbour
        Board" … "the board").  Names are compared with the last
        ``COLLECTIVE_LOOKBACK`` bodies and groups; older ones are found by
        their exact name."""
        key = _norm(mention.name)
        found = None
        for entity in reversed(self._collectives[-COLLECTIVE_LOOKBACK:]):
            other = _norm(entity.name)
            if other == key or (mention.kind == ORG and (key in other or other in key)):
                found = entity
                break
        if found is None:
            found = self._collectives_by_name.get(key)
            if found is not None and _norm(found.name) != key:
                found = None  # renamed since ("the board" became "the Harbour Board")
        if found is not None:
            if len(mention.name) > len(found.name) and not mention.name.casefold().startswith("the "):
                found.name = mention.name
            found.absorb(mention)
            return found
        return self._new(mention.kind, mention, LEADING_ARTICLE.sub("", mention.name) if mention.kind == ORG else mention.name)
