"""The data that flows out of the engine.

Every offset is a Python string index (a Unicode code point) into the text
exactly as the caller passed it (or, for HTML input, into the text read from
it), end exclusive, so ``text[start:end]`` is the span's ``text``.

``Extraction.to_dict()`` is the one JSON form of a result: the HTTP API's
``quotes`` and ``speakers`` (and ``text`` for HTML input), every offset in the
unit the caller asked for.  The API, the command line and the Dask recipe all
write it.  It is a plain conversion, with no schema package, so the library
needs nothing to write its answer; the web layer passes each record through
its marshmallow schema, which ``openapi.yaml`` is held to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from . import deadline
from .offsets import UNITS, Utf16Offsets

QUOTE_TYPES = ("direct", "indirect", "mixed")
# What a quotation reports: someone's words (said, wrote, told, according to)
# or a position attributed to them (a belief, plan, vote, stance, a poll's finding).
QUOTE_ACTS = ("speech", "position")
DEFAULT_ACTS = ("speech",)
#: The units offsets can be written in: code points (Python) or UTF-16 code
#: units (JavaScript); code points by default.
OFFSET_UNITS = UNITS
CODEPOINTS, UTF16 = UNITS
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

    def to_dict(self, convert: Callable[[int], int] = int) -> dict:
        """``{"text", "start", "end"}``, the offsets passed through ``convert``."""
        return {"text": self.text, "start": convert(self.start), "end": convert(self.end)}


@dataclass(frozen=True, slots=True)
class Verb:
    """The reporting cue of a quotation ("told", "according to")."""

    text: str
    lemma: str
    start: int
    end: int

    def to_dict(self, convert: Callable[[int], int] = int) -> dict:
        return {"text": self.text, "lemma": self.lemma, "start": convert(self.start), "end": convert(self.end)}


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

    def to_dict(self, convert: Callable[[int], int] = int) -> dict:
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "text": self.text,
            "start": convert(self.start), "end": convert(self.end),
            "role": self.role, "affiliation": self.affiliation,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation; ``html_start``/``html_end`` are offsets into the HTML
    source for HTML input (the stretch of markup that holds the quoted
    words, inline tags included), None for text."""

    id: str
    type: str  # one of QUOTE_TYPES
    act: str  # one of QUOTE_ACTS
    text: str
    start: int
    end: int
    speaker: QuoteSpeaker | None
    verb: Verb | None
    confidence: float
    html_start: int | None = None
    html_end: int | None = None

    def to_dict(self, convert: Callable[[int], int] = int, convert_html: Callable[[int], int] = int) -> dict:
        """The quote as the API writes it: offsets into the text through
        ``convert``, into the HTML source (present only for HTML input)
        through ``convert_html``."""
        out = {
            "id": self.id, "type": self.type, "act": self.act, "text": self.text,
            "start": convert(self.start), "end": convert(self.end),
            "speaker": None if self.speaker is None else self.speaker.to_dict(convert),
            "verb": None if self.verb is None else self.verb.to_dict(convert),
            "confidence": self.confidence,
        }
        if self.html_start is not None:
            out["html_start"], out["html_end"] = convert_html(self.html_start), convert_html(self.html_end)
        return out


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

    def to_dict(self, convert: Callable[[int], int] = int) -> dict:
        """The speaker as the API writes it.  One speaker may have a mention
        for every quotation of a long article: the budget is checked as they
        are written."""
        mentions = []
        for k, mention in enumerate(self.mentions):
            if not k % deadline.EVERY:
                deadline.check()
            mentions.append(mention.to_dict(convert))
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "role": self.role,
            "affiliation": self.affiliation, "mentions": mentions, "quote_ids": list(self.quote_ids),
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """What ``extract`` returns for one article: its quotations and speakers,
    the ``text`` they point into (for HTML input, the text read from
    ``html``), and the unit ``to_dict`` writes offsets in."""

    quotes: list[Quote]
    speakers: list[Speaker]
    text: str = ""
    html: str | None = None
    offsets: str = CODEPOINTS

    def to_dict(self) -> dict:
        """``{"quotes": [...], "speakers": [...]}`` exactly as the HTTP API
        writes them, plus ``"text"`` for HTML input; every ``start``/``end``
        (and ``html_start``/``html_end``) in ``offsets`` units.

        Inside a time budget (``deadline.budget``) writing counts too: it
        raises ``EngineTimeout`` once the budget is spent, so a caller can
        bound the extraction and its answer together.
        """
        convert = _converter(self.text, self.offsets)
        convert_html = _converter(self.html, self.offsets) if self.html is not None else int
        out: dict = {"text": self.text} if self.html is not None else {}
        out["quotes"] = []
        for quote in self.quotes:
            deadline.check()
            out["quotes"].append(quote.to_dict(convert, convert_html))
        out["speakers"] = []
        for speaker in self.speakers:
            deadline.check()
            out["speakers"].append(speaker.to_dict(convert))
        return out


def _converter(text: str, unit: str) -> Callable[[int], int]:
    """Code-point offsets into ``text`` to ``unit``: ``int`` (nothing to
    change) for code points and for text where UTF-16 counts the same."""
    if unit == CODEPOINTS:
        return int
    convert = Utf16Offsets(text)
    return int if convert.identity else convert
