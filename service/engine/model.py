"""The data that flows out of the engine.

Every offset is a Python string index (a Unicode code point) into the text
exactly as the caller passed it, end exclusive, so ``text[start:end]`` is the
span's ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

QUOTE_TYPES = ("direct", "indirect", "mixed")
# What a quotation reports: someone's words (said, wrote, told, according to)
# or a position attributed to them (a belief, plan, vote, stance, a poll's finding).
QUOTE_ACTS = ("speech", "position")
DEFAULT_ACTS = ("speech",)
# Who a speaker is: a named person or a person described ("the judge"), an
# organisation, a group ("residents"), a source the article leaves unnamed on
# purpose ("a person familiar with the talks"), or a pronoun nobody could be
# found for.
SPEAKER_KINDS = ("person", "organisation", "group", "anonymous", "unresolved")


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of the article that names or points to a speaker."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Verb:
    """The reporting cue of a quotation ("told", "according to")."""

    text: str
    lemma: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class QuoteSpeaker:
    """Who said a quotation: the entity (``id``, ``name``, ``kind``, ``role``,
    ``affiliation``) and the mention of it nearest the quote."""

    id: str
    name: str
    kind: str  # one of SPEAKER_KINDS
    text: str
    start: int
    end: int
    role: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    type: str  # one of QUOTE_TYPES
    act: str  # one of QUOTE_ACTS
    text: str
    start: int
    end: int
    speaker: QuoteSpeaker | None
    verb: Verb | None
    confidence: float


@dataclass(slots=True)
class Speaker:
    """One entity that speaks in the article, with every mention of it."""

    id: str
    name: str
    kind: str  # one of SPEAKER_KINDS
    role: str | None = None
    affiliation: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    quote_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Extraction:
    """What ``extract`` returns for one article."""

    quotes: list[Quote]
    speakers: list[Speaker]
