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
What the resolver asks of the article's names is answered by
``prose_names.ProseNames``, of its bodies by ``bodies.ArticleBodies``; who
spoke last by ``recency``.
"""

from __future__ import annotations

import bisect

import regex

from . import deadline
from .bodies import ArticleBodies
from .entities import POSSESSIVE_S, Entity, norm_name as _norm, same_role as _same_role
from .mentions import (
    DESCRIPTION,
    GROUP,
    ORG,
    ORG_WORDS,
    PERSON,
    PRONOUN,
    Mention,
    describe_unnamed,
)
from .speaker_patterns import HONORIFIC
from .organisations import lead_organisation
from .patterns import NOT_CONCURRENT
from .phrase_words import (
    ITS,
    PARTIES,
    PARTY_NAMES,
    PERSON_ROLE_WORDS,
)
from .prose_names import ProseNames
from .recency import CollectiveTurns, PeopleByName, PersonTurns

LEADING_ARTICLE = regex.compile(r"^(?:the|a|an)\s+", regex.IGNORECASE)
TITLE_BEFORE = regex.compile(rf"(?<![\p{{L}}]){HONORIFIC}[ \t\u00a0]+\Z")
GENDERED = {"he": "m", "she": "f"}
MAX_ROLE_LOOKBACK = 40  # names searched back for "the minister"
MAX_PRONOUN_LOOKBACK = 64  # subjects searched back for "he" or "she"
MAX_DESCRIBED_NAMES = 24
COLLECTIVE_LOOKBACK = 64  # bodies and groups compared by name with a new one


class Resolver:
    """Links mentions to entities, one article at a time, in text order."""

    def __init__(self, text: str, quoted: list[tuple[int, int]]):
        self.text = text
        self.names = ProseNames(text, quoted, self._settled)  # the names outside quotation marks
        self.bodies = ArticleBodies(text)  # the organisations the article names
        self._collectives: list[Entity] = []  # the bodies and groups, newest last
        self._collective_turns = CollectiveTurns()  # for "they", "we", "it"
        self._person_turns = PersonTurns()  # for "he", "she" and dialogue turns
        self._role_holders: dict[str, Entity] = {}  # the newest entity holding a role, by the role
        self._head_holders: dict[str, Entity] = {}  # the same, by the role's head word ("gardener")
        self._descriptions: dict[str, Entity] = {}  # the first unnamed description, by normalised name
        self._collectives_by_name: dict[str, Entity] = {}  # the newest body or group, by normalised name
        self._body_mentions: list[tuple[int, Entity]] = []  # (start, entity) of every organisation's mention, in order
        self._unresolved: dict[str, Entity] = {}  # one entity per pronoun nobody could be found for
        self._known_people = PeopleByName(_norm)  # the persons resolved so far
        self.entities: list[Entity] = []
        self.last_speaker_at: dict[str, int] = {}
        self._affiliations: dict[tuple[str | None, str | None], str | None] = {}
        self._main_organisation: str | None | bool = False  # worked out on first use

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
        for person in self.names.people_named(name):
            described = self.names.described(person)
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
            known = self._affiliations[key] = self.bodies.full_affiliation(*key, self.main_organisation)
        return known

    def _settled(self, mention: Mention) -> Mention:
        """"Its chairman": the body the article spoke of last before the mention."""
        if mention.affiliation != ITS:
            return mention
        return mention._replace(affiliation=self._body_before(mention.start))

    def _body_before(self, position: int) -> str | None:
        """The organisation whose mention comes last before ``position``."""
        k = bisect.bisect_left(self._body_mentions, (position,)) - 1
        return self._body_mentions[k][1].name if k >= 0 else None

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
            intro = self.names.introduction(words[-1], mention.start) if len(words) == 1 else None
            if intro is None and len(words) > 1:
                intro = self.names.introduction(words[-1], mention.start)
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

    def _recent_person(self, position: int, gender: str | None) -> Entity | None:
        """Most recent person before ``position`` named in the prose or quoted as a speaker."""
        k = bisect.bisect_left(self.names.positions, position) - 1
        named_at = -1
        for _ in range(MAX_PRONOUN_LOOKBACK):
            k = self.names.subject_at_or_before(k)
            if k < 0:
                break
            candidate = self.names.described(self.names.people[k])
            known = self._find_person(candidate.name)
            candidate_gender = (known.gender if known else None) or candidate.gender
            if (gender is None or candidate_gender in (None, gender)) and (known is not None or self.names.looks_like_person(self.names.people[k], candidate)):
                named_at = self.names.people[k].position
                break
            k -= 1
        speaker = self._person_turns.latest_before(position, gender)
        speaker_at = -1 if speaker is None else self.last_speaker_at[speaker.id]
        if named_at > speaker_at:
            candidate = self.names.described(self.names.people[k])
            found = self._find_person(candidate.name)
            if found is None:
                found = self._new(PERSON, candidate)
                intro = self.names.introduction(candidate.name.split()[-1], candidate.start)
                if intro is not None:
                    found.absorb(intro)
                    self._index(found)
            return found
        return speaker

    def complete(self, entity: Entity) -> None:
        """Role and affiliation belong to the person, not to one mention: a
        speaker still missing either takes it from any place the prose names
        them with a description ("Democratic presidential candidate Ada
        Roe" three paragraphs before "Roe said").  A body that speaks as "the
        company" takes the name the article gives it."""
        if entity.kind == ORG and entity.name[:1].islower() and " " not in entity.name:
            # "the company said": the body the article names with that head word, or leads with
            head = entity.name.casefold()
            named = self.bodies.organisation(head) or (self.main_organisation() if head in ORG_WORDS else None)
            if named:
                entity.name = named
            return
        if entity.kind != PERSON or (entity.role and entity.affiliation):
            return
        for person in sorted(self.names.named_people(entity), key=lambda p: p.position)[:MAX_DESCRIBED_NAMES]:
            deadline.check()
            described = self.names.described(person)
            if _norm(described.name) in (_norm(entity.name), entity.surname):
                entity.absorb(described._replace(name=entity.name))
            if entity.role and entity.affiliation:
                return

    def named_mentions(self, entity: Entity) -> list[Mention]:
        """Where the prose names ``entity`` outside quotation marks."""
        if entity.kind == PERSON:
            candidates = self.names.named_people(entity)
            found = []
            for person in candidates:
                title = TITLE_BEFORE.search(self.text, max(0, person.position - 24), person.position, NOT_CONCURRENT)
                start = title.start() if title else person.position
                found.append(Mention(start, person.end, self.text[start : person.end], PERSON, person.name))
            return found
        if entity.kind == ORG:
            found_at = self.bodies.named(_norm(entity.name))
            return [Mention(start, end, name, ORG, name) for start, end, name in found_at]
        return []

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
            k = bisect.bisect_left(self.names.positions, mention.start)
            earlier = self.names.people[max(0, k - MAX_ROLE_LOOKBACK) : k]
            role_words = role.split()
            same_head = None  # the newest name whose role shares the head word, if none has the same role
            for person in reversed(earlier):
                if not self.names.may_be_described_as(person, role_words):
                    continue  # spares reading the description of every earlier name
                described = self.names.described(person)
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
