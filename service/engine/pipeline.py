"""The pipeline: article text in, ``Extraction`` out (``library.extract`` is
the public face, with HTML input and the options checked).

layout (text.py) → marks (marks.py) → which spans are speech (quotes.py) →
attribution (attribution.py, with cues.py and mentions.py) → unattributed
turns (continuation, dialogue) → entities (resolve.py) → output records,
each quote with its act and each speaker with its kind (kinds.py).
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

import regex

from .patterns import NOT_CONCURRENT
from . import attribution as attr
from . import deadline
from .chars import CLOSING_MARKS, PARAGRAPH_OPENERS
from .current import current_article, reading
from .document import Article
from .marks import QuotedSpan, find_quoted_spans
from .mentions import (
    LEADING_ARTICLE,
    ORG,
    PERSON,
    PRONOUN,
    Mention,
)
from .speaker_patterns import (
    HONORIFIC,
    NAME,
    S,
)
from .kinds import quote_act, speaker_kind
from .model import DEFAULT_ACTS, QUOTE_TYPES, Extraction, Quote, QuoteSpeaker, Speaker, Verb
from .model import Mention as OutMention
from .positions import SCORED, find_positions
from .prose import prose_pieces
from .quotes import DIRECT, classify
from .reported import find_reported
from .entities import Entity
from .resolve import Resolver
from .text import Paragraph, split_paragraphs

UNATTRIBUTED_CONFIDENCE = 0.3
REPORTED_TYPES = {"indirect", "mixed"}
QUESTION_END = "?"
SENTENCE_END_BEFORE = regex.compile(rf"[.!?][{CLOSING_MARKS})]?\Z", regex.REVERSE)  # only tested: searched from the end
TITLE_PREFIX = regex.compile(rf"^{HONORIFIC}{S}+")
VOCATIVE = regex.compile(
    rf",{S}+(?P<name>(?:{HONORIFIC}{S}+)?{NAME})[?!.]?[{CLOSING_MARKS}]*\s*\Z"
)


@dataclass(slots=True)
class _Found:
    """A quotation on its way through the stages."""

    span: QuotedSpan | None  # None for reported speech
    kind: str
    start: int
    end: int
    attribution: attr.Attribution | None = None
    entity: Entity | None = None
    method: str | None = None
    fallback: attr.Attribution | None = None


def _blank(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is only white space: read up to its first
    other character, not copied (a paragraph can be long)."""
    while start < end and text[start].isspace():
        start += 1
    return start >= end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def analyse(text: str, types=QUOTE_TYPES, acts=DEFAULT_ACTS) -> Extraction:
    """Every quotation of the requested ``types`` and ``acts`` in ``text``,
    with speakers, offsets in code points.  ``acts`` holds "speech" (said,
    wrote, according to), "position" (beliefs, plans, votes, stances,
    findings) or both.  The options are taken as given (``library.extract``
    checks them) and the current time budget, if any, applies."""
    with reading(Article.read(text)):
        return _extract(text, types, acts)


def quoted_spans(text: str) -> tuple[list[Paragraph], list[QuotedSpan], list[str]]:
    """Stages 1–2: the paragraphs, every quoted span, and what each span is
    (a direct quotation, a fragment, a term).  The paragraphs are the current
    article's when one is being read."""
    article = current_article()
    paragraphs = article.paragraphs if article is not None and article.text is text else split_paragraphs(text)
    spans = find_quoted_spans(text, paragraphs)
    by_index = {p.index: p for p in paragraphs}
    kinds: list[str] = []
    for k, span in enumerate(spans):
        deadline.check()
        para = by_index[span.first_paragraph]
        prose_start = para.start
        if k and spans[k - 1].last_paragraph == span.first_paragraph and spans[k - 1].close is not None:
            prose_start = spans[k - 1].after
        kinds.append(classify(text, span, prose_start))
    return paragraphs, spans, kinds


def _extract(text: str, types, acts) -> Extraction:
    with_reported = bool(REPORTED_TYPES & set(types))
    paragraphs, spans, found, pieces, reported = _stages_to_reported(text, with_reported)
    by_index = {p.index: p for p in paragraphs}
    body = [p for p in paragraphs if not p.noise]
    body_rank = {p.index: k for k, p in enumerate(body)}

    if with_reported:
        reported += find_positions(pieces, text, reported, _speaker_words(found, reported))
        # a sentence completed by a quotation is one mixed quote: its quoted tail is no quote of its own
        absorbing = _Containing([(item.start, item.end) for item in reported if item.kind == "mixed"])
        found = [f for f in found if not absorbing.contains(f.start, f.end)]
        for item in reported:
            method = "scored" if item.cue.kind == SCORED else "adjacent"
            attribution = attr.Attribution(item.cue, item.mention, method)
            found.append(_Found(None, item.kind, item.start, item.end, attribution, method=method))
        found.sort(key=lambda f: f.start)
    deadline.check()
    resolver = Resolver(text, [(s.open, s.after) for s in spans])
    _resolve_in_order(text, found, resolver, by_index, body_rank)
    deadline.check()
    # every act is found and resolved whichever are asked for, so that a
    # speech quote has the same speaker (and speaker id) with or without the
    # positions; quote ids number the quotes returned
    wanted = [f for f in found if f.kind in types and _act(f) in acts]
    return _output(text, wanted, resolver)


class _Containing:
    """Stretches of the text, asked whether one of them contains another:
    by their starts in order, with the furthest end reached so far."""

    def __init__(self, stretches: list[tuple[int, int]]):
        ordered = sorted(stretches)
        self._starts = [s for s, _ in ordered]
        self._reach = list(itertools.accumulate((e for _, e in ordered), max))

    def contains(self, start: int, end: int) -> bool:
        """Whether a stretch starts at or before ``start`` and ends at or after ``end``."""
        k = bisect.bisect_right(self._starts, start)
        return k > 0 and self._reach[k - 1] >= end


def _act(item: _Found) -> str:
    """"speech" or "position": from the cue that attributes the quotation
    (continuations and dialogue turns are direct quotations, so speech)."""
    attribution = item.attribution
    if attribution is None:
        return quote_act(item.kind, None, None)
    return quote_act(item.kind, attribution.cue, attribution.mention)


def _direct_quotes(text: str, spans: list[QuotedSpan], kinds: list[str]) -> list[_Found]:
    found = []
    for count, (span, kind) in enumerate(zip(spans, kinds), 1):
        if not count % deadline.EVERY:
            deadline.check()
        if kind == DIRECT:
            start, end = _trimmed(text, span.start, span.end)
            if end > start:
                found.append(_Found(span, kind, start, end))
    return found


def _speaker_words(found: list[_Found], reported) -> frozenset[str]:
    """The last words of the names that speak through a cue beside their words."""
    mentions = [f.attribution.mention for f in found if f.attribution is not None]
    mentions += [item.mention for item in reported]
    return frozenset(m.name.split()[-1].casefold() for m in mentions if m is not None and m.kind != PRONOUN and m.name.split())


def _stages_to_reported(text: str, with_reported: bool):
    """Stages 1–5b: the paragraphs, the quoted spans, the direct quotations with
    the attributions beside them, and (``with_reported``) the prose pieces and
    the reported clauses the rules find in them."""
    paragraphs, spans, kinds = quoted_spans(text)
    found = _direct_quotes(text, spans, kinds)
    deadline.check()
    _attribute_beside(text, spans, found, {p.index: p for p in paragraphs})
    deadline.check()
    pieces: list = []
    reported: list = []
    if with_reported:
        pieces = list(prose_pieces(text, paragraphs, spans, kinds))
        reported = find_reported(pieces, text)
    return paragraphs, spans, found, pieces, reported


def stages_before_positions(text: str):
    """Stages 1–5b as the pipeline runs them, for fitting the positions model:
    the prose pieces, the reported clauses found, the last words of the
    speakers' names, and the direct quotations' spans."""
    with reading(Article.read(text)):
        _, _, found, pieces, reported = _stages_to_reported(text, True)
    return pieces, reported, _speaker_words(found, reported), [(f.start, f.end) for f in found]


def _attribute_beside(text: str, spans: list[QuotedSpan], found: list[_Found], by_index: dict[int, Paragraph]) -> None:
    """Cue and speaker from the sentence around each quotation."""
    opens = [s.open for s in spans]
    for item in found:
        deadline.check()
        span = item.span
        last = by_index[span.last_paragraph]
        first = by_index[span.first_paragraph]
        k = bisect.bisect_left(opens, span.open)
        after_lo = span.after
        next_open = spans[k + 1].open if k + 1 < len(spans) and spans[k + 1].open < last.end else last.end
        prev_close = first.start
        if k and spans[k - 1].close is not None and spans[k - 1].close >= first.start:
            prev_close = spans[k - 1].after
        sentence_end = attr.first_sentence_end(text, after_lo, next_open)
        found_here = attr.attribute_after(text, after_lo, sentence_end)
        if found_here is None:
            sentence_start = attr.last_sentence_start(text, prev_close, span.open)
            found_here = attr.attribute_before(text, sentence_start, span.open)
        if found_here is None and sentence_end < next_open:
            found_here = attr.attribute_next_sentence(text, sentence_end, attr.first_sentence_end(text, sentence_end, next_open))
        if found_here is None:
            prose = text[prev_close : span.open].rstrip()
            if prose and SENTENCE_END_BEFORE.search(prose, 0, None, NOT_CONCURRENT):
                previous_start = attr.last_sentence_start(text, prev_close, prev_close + len(prose) - 1)
                found_here = attr.attribute_previous_sentence(text, previous_start, prev_close + len(prose))
                if found_here is not None and prev_close > first.start:
                    # “A,” Smith said. “B.” — the sentence between belongs to both halves
                    found_here = found_here._replace(method="split")
        if found_here is None and _blank(text, first.start, span.open):
            found_here = _introduced_by_previous_paragraph(text, first, by_index)
        item.attribution = found_here
        item.method = found_here.method if found_here else None
        if found_here is None and sentence_end >= last.end:
            following = _next_body_paragraph(last, by_index)
            if following is not None and not text.startswith(tuple(PARAGRAPH_OPENERS), following.start):
                lead = attr.attribute_after(text, following.start, attr.first_sentence_end(text, following.start, following.end))
                if lead is not None and lead.mention is not None and lead.mention.kind != PRONOUN:
                    item.fallback = attr.Attribution(lead.cue, lead.mention, "next-sentence")


def _introduced_by_previous_paragraph(text: str, para: Paragraph, by_index) -> attr.Attribution | None:
    """The Times reports:\n\n“...” — a paragraph ending in a colon introduces the quote below it."""
    k = para.index - 1
    while k in by_index and by_index[k].noise:
        k -= 1
    previous = by_index.get(k)
    if previous is None or not text[previous.start : previous.end].rstrip().endswith(":"):
        return None
    start = attr.last_sentence_start(text, previous.start, previous.end)
    return attr.attribute_before(text, start, previous.end)


def _next_body_paragraph(para: Paragraph, by_index: dict[int, Paragraph]) -> Paragraph | None:
    k = para.index + 1
    while k in by_index:
        if not by_index[k].noise:
            return by_index[k]
        k += 1
    return None


def _resolve_in_order(text, found: list[_Found], resolver: Resolver, by_index, body_rank) -> None:
    """Entities for attributed quotes; speakers for the unattributed ones."""
    previous: _Found | None = None
    before_previous: _Found | None = None
    reported_before: _Found | None = None  # the last reported speech with a source
    paragraph_starts = sorted((p.start, p.index) for p in by_index.values())
    for item in found:
        deadline.check()
        if item.span is None:
            # reported speech: its source stands beside it, or it has none
            if item.attribution.mention is not None:
                item.entity = resolver.resolve(item.attribution.mention, cited=item.method != "scored")
                if item.method != "scored":
                    reported_before = item
            continue
        if item.attribution is not None and item.attribution.mention is not None:
            item.entity = resolver.resolve(item.attribution.mention)
        elif previous is not None and previous.entity is not None:
            gap = body_rank[item.span.first_paragraph] - body_rank[previous.span.last_paragraph]
            if gap == 0:
                item.entity, item.method = previous.entity, "split"
                item.attribution = previous.attribution
            elif gap == 1:
                item.entity, item.method = _next_turn(text, item, previous, before_previous, resolver, body_rank)
        if item.entity is None and item.fallback is not None:
            item.attribution, item.method = item.fallback, item.fallback.method
            item.entity = resolver.resolve(item.fallback.mention)
        if (
            item.entity is None
            and reported_before is not None
            and reported_before.entity.kind == PERSON
            and (previous is None or previous.start < reported_before.start)
        ):
            # Ana Pell said the plan was sound.  /  “We have done the work.”: the
            # quote paragraph goes on from the sentence that reported her
            para = paragraph_starts[bisect.bisect_right(paragraph_starts, (reported_before.end, len(text))) - 1][1]
            opens_paragraph = _blank(text, by_index[item.span.first_paragraph].start, item.span.open)
            if opens_paragraph and body_rank.get(item.span.first_paragraph, -9) - body_rank.get(para, -9) == 1:
                item.entity, item.method = reported_before.entity, "continuation"
        before_previous, previous = previous, item


def _next_turn(text, item, previous, before_previous, resolver, body_rank):
    """A quote paragraph with no cue.  In an exchange (a question, or turns
    that already alternate) the other party speaks — the person the question
    addressed if it named one; otherwise the same speaker goes on."""
    asked = text[previous.start : previous.end].rstrip().endswith(QUESTION_END)
    exchange = (
        before_previous is not None
        and before_previous.entity is not None
        and before_previous.entity is not previous.entity
        and body_rank[previous.span.first_paragraph] - body_rank[before_previous.span.last_paragraph] == 1
        and (
            text[before_previous.start : before_previous.end].rstrip().endswith(QUESTION_END)
            or "dialogue" in (previous.method, before_previous.method)
        )
    )
    if asked:
        vocative = VOCATIVE.search(text, previous.start, previous.end, NOT_CONCURRENT)
        if vocative is not None:
            name = vocative.group("name")
            addressee = resolver.resolve(Mention(vocative.start("name"), vocative.end("name"), name, PERSON,
                                                 TITLE_PREFIX.sub("", name)), record=False)
            if addressee is not previous.entity:
                return addressee, "dialogue"
    if exchange:
        return before_previous.entity, "dialogue"
    if asked:
        other = resolver.recent_other(previous.span.open, previous.entity)
        if other is not None:
            return other, "dialogue"
    return previous.entity, "continuation"


def _output(text: str, found: list[_Found], resolver: Resolver) -> Extraction:
    for entity in {id(f.entity): f.entity for f in found if f.entity is not None}.values():
        deadline.check()
        resolver.complete(entity)
    quotes: list[Quote] = []
    used: dict[str, Entity] = {}
    kinds: dict[str, str] = {}
    for n, item in enumerate(found, 1):
        deadline.check()
        qid = f"q{n}"
        speaker = verb = None
        confidence = UNATTRIBUTED_CONFIDENCE
        if item.entity is not None:
            entity = item.entity
            mention = item.attribution.mention if item.attribution and item.attribution.mention else None
            if item.method in ("continuation", "dialogue") or mention is None:
                mention = entity.mentions[-1] if entity.mentions else None
            if entity.id not in kinds:
                kinds[entity.id] = speaker_kind(text, entity)
            speaker = QuoteSpeaker(
                id=entity.id,
                name=entity.name if entity.kind != PRONOUN else mention.text,
                kind=kinds[entity.id],
                text=mention.text if mention else entity.name,
                start=mention.start if mention else -1,
                end=mention.end if mention else -1,
                role=entity.role,
                affiliation=_affiliation(entity, resolver),
            )
            entity.quote_ids.append(qid)
            used[entity.id] = entity
            method = item.method or (item.attribution.method if item.attribution else "continuation")
            confidence = attr.Attribution(None, mention, method).confidence
        if item.attribution is not None and item.attribution.cue is not None and item.method not in ("continuation", "dialogue"):
            cue = item.attribution.cue
            verb = Verb(text=cue.text, lemma=cue.lemma, start=cue.start, end=cue.end)
        quotes.append(Quote(qid, item.kind, _act(item), text[item.start : item.end], item.start, item.end, speaker, verb, confidence))
    speakers = []
    for e in resolver.entities:
        if e.id in used:
            deadline.check()
            speakers.append(Speaker(
                id=e.id,
                name=e.name,
                kind=kinds[e.id],
                role=e.role,
                affiliation=_affiliation(e, resolver),
                mentions=_unique_mentions(e, resolver),
                quote_ids=list(e.quote_ids),
            ))
    return Extraction(quotes=quotes, speakers=speakers, text=text)


def _affiliation(entity: Entity, resolver: Resolver) -> str | None:
    """The entity's organisation; a body is never its own ("the Trump
    campaign" is no member of "Trump")."""
    affiliation = resolver.affiliation_of(entity)
    if affiliation and entity.kind == ORG:
        name, own = LEADING_ARTICLE.sub("", entity.name).casefold(), affiliation.casefold()
        if name == own or name.startswith(own + " "):
            return None  # its own name, or a word of it; "the Army's General Command" keeps the Army
    return affiliation


def _unique_mentions(entity: Entity, resolver: Resolver) -> list[OutMention]:
    """Every mention of the entity: those beside its quotes and, for people and
    organisations, every time the prose names them (full name, surname,
    "Mr. Crewe")."""
    seen = set()
    out = []
    for m in sorted([*entity.mentions, *resolver.named_mentions(entity)], key=lambda m: m.start):
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(OutMention(m.text, m.start, m.end))
    return out
