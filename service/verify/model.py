"""The records that flow through the quote check, and what it returns.

Draft offsets (``start``, ``end``, ``draft_start``, ``draft_end``) are code
points into the draft exactly as given; source offsets (``source_start``,
``source_end``) are code points into the text of the source named by
``source_id``.  Both are end exclusive, so ``draft[start:end]`` is the
quoted ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from service.engine import Quote, Speaker

VERBATIM = "verbatim"
ALTERED = "altered"
NOT_FOUND = "not_found"
NOT_CHECKED = "not_checked"
#: What a check can say of a quotation, worst last but ``not_checked``.
STATUSES = (VERBATIM, ALTERED, NOT_FOUND, NOT_CHECKED)
#: The statuses a copy desk must look at before publishing.
FAILING = frozenset({ALTERED, NOT_FOUND})

DIFFERENCE_OPS = ("replace", "insert", "delete")


@dataclass(frozen=True, slots=True)
class Source:
    """A text the draft's quotations may come from: a transcript, a press
    release, an earlier article, wire copy."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a draft or a source: ``key`` is what is compared (case
    folded, apostrophes and dashes made plain), ``form`` what was written
    (editorial brackets removed), ``start``/``end`` where."""

    key: str
    form: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the draft, such as an editorial insertion in brackets."""

    text: str
    start: int
    end: int


#: How two neighbouring words of a fragment may stand apart in the source:
#: an ellipsis (words left out), an editorial insertion in brackets (words
#: replaced), or nothing (the halves of a quotation split by its attribution).
ELLIPSIS = "ellipsis"
BRACKET = "bracket"
JOIN = "join"


@dataclass(frozen=True, slots=True)
class Fragment:
    """What one check looks for: the words of a quotation (or of one quoted
    fragment of a mixed quotation), in order, and the places between them
    where the source may have words the draft does not (``gaps``: index of
    the word after the gap -> ``ELLIPSIS`` or ``BRACKET``)."""

    text: str
    start: int
    end: int
    words: tuple[Word, ...]
    gaps: dict[int, str] = field(default_factory=dict)
    bracketed: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Difference:
    """One word-level edit from the source to the draft: ``replace`` (source
    words written differently), ``insert`` (draft words the source lacks),
    ``delete`` (source words the draft leaves out without an ellipsis)."""

    op: str  # one of DIFFERENCE_OPS
    draft: str
    source: str
    draft_start: int
    draft_end: int
    source_start: int
    source_end: int


@dataclass(frozen=True, slots=True)
class SpeakerMismatch:
    """The quotation's words are in the source, said by someone else:
    ``speaker`` as the source names them, at ``source_start:source_end``."""

    speaker: str
    source_start: int
    source_end: int


@dataclass(frozen=True, slots=True)
class FragmentCheck:
    """The check of one fragment: its status, the best match in the sources
    (``source_id``, the source's place in the list given, ``source_index``,
    and offsets; None when nothing matched), how similar the words are
    (0..1), and the edits from source to draft."""

    text: str
    start: int
    end: int
    status: str
    source_id: str | None = None
    source_index: int | None = None
    source_start: int | None = None
    source_end: int | None = None
    similarity: float = 0.0
    differences: tuple[Difference, ...] = ()
    bracketed: tuple[Span, ...] = ()
    speaker_mismatch: SpeakerMismatch | None = None


@dataclass(frozen=True, slots=True)
class Check:
    """The check of one quotation.  A mixed quotation has one ``fragments``
    entry per quoted fragment, and the quotation's own fields say the worst
    of them; other quotations have none."""

    status: str
    source_id: str | None = None
    source_index: int | None = None
    source_start: int | None = None
    source_end: int | None = None
    similarity: float | None = None
    differences: tuple[Difference, ...] = ()
    bracketed: tuple[Span, ...] = ()
    speaker_mismatch: SpeakerMismatch | None = None
    fragments: tuple[FragmentCheck, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckedQuote:
    """A quotation of the draft, as ``extract`` found it, with its check."""

    quote: Quote
    check: Check


@dataclass(frozen=True, slots=True)
class Verification:
    """What ``verify`` returns: every quotation of the draft with its check,
    and the draft's speakers as ``extract`` gives them."""

    quotes: list[CheckedQuote]
    speakers: list[Speaker]

    def counts(self) -> dict[str, int]:
        """How many quotations have each status."""
        out = dict.fromkeys(STATUSES, 0)
        for item in self.quotes:
            out[item.check.status] += 1
        return out

    @property
    def failing(self) -> bool:
        """Whether any quotation is altered or not found."""
        return any(item.check.status in FAILING for item in self.quotes)
