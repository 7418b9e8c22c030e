"""The pipeline: article text in, ``Extraction`` out.

layout (text.py) → marks (marks.py) → which spans are speech (quotes.py) →
attribution (attribution.py, with cues.py and mentions.py) → unattributed
turns (continuation, dialogue) → entities (resolve.py) → output records.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from . import attribution as attr
from .marks import QuotedSpan, find_quoted_spans
from .mentions import PRONOUN
from .model import QUOTE_TYPES, Extraction, Mention as OutMention, Quote, QuoteSpeaker, Speaker, Verb
from .quotes import DIRECT, classify
from .resolve import Entity, Resolver
from .text import Paragraph, split_paragraphs

UNATTRIBUTED_CONFIDENCE = 0.3
QUESTION_END = "?"


@dataclass(slots=True)
class _Found:
    """A quotation on its way through the stages."""

    span: QuotedSpan
    kind: str
    start: int
    end: int
    attribution: attr.Attribution | None = None
    entity: Entity | None = None
    method: str | None = None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def extract(text: str, types=QUOTE_TYPES) -> Extraction:
    """Every quotation of the requested ``types`` in ``text``, with speakers."""
    paragraphs = split_paragraphs(text)
    spans = find_quoted_spans(text, paragraphs)
    by_index = {p.index: p for p in paragraphs}
    body = [p for p in paragraphs if not p.noise]
    body_rank = {p.index: k for k, p in enumerate(body)}

    found: list[_Found] = []
    for k, span in enumerate(spans):
        para = by_index[span.first_paragraph]
        prose_start = para.start
        if k and spans[k - 1].last_paragraph == span.first_paragraph and spans[k - 1].close is not None:
            prose_start = spans[k - 1].close + 1
        kind = classify(text, span, prose_start)
        if kind == DIRECT:
            start, end = _trimmed(text, span.start, span.end)
            if end > start:
                found.append(_Found(span, kind, start, end))

    _attribute_beside(text, spans, found, by_index)
    resolver = Resolver(text, [(s.open, (s.close if s.close is not None else s.end) + 1) for s in spans])
    _resolve_in_order(text, found, resolver, by_index, body_rank)
    return _output(text, [f for f in found if f.kind in types], resolver)


def _attribute_beside(text: str, spans: list[QuotedSpan], found: list[_Found], by_index: dict[int, Paragraph]) -> None:
    """Cue and speaker from the sentence around each quotation."""
    opens = [s.open for s in spans]
    for item in found:
        span = item.span
        last = by_index[span.last_paragraph]
        first = by_index[span.first_paragraph]
        k = bisect.bisect_left(opens, span.open)
        after_lo = (span.close + 1) if span.close is not None else span.end
        next_open = spans[k + 1].open if k + 1 < len(spans) and spans[k + 1].open < last.end else last.end
        prev_close = first.start
        if k and spans[k - 1].close is not None and spans[k - 1].close >= first.start:
            prev_close = spans[k - 1].close + 1
        sentence_end = attr.first_sentence_end(text, after_lo, next_open)
        found_here = attr.attribute_after(text, after_lo, sentence_end)
        if found_here is None:
            sentence_start = attr.last_sentence_start(text, prev_close, span.open)
            found_here = attr.attribute_before(text, sentence_start, span.open)
        if found_here is None and sentence_end < next_open:
            found_here = attr.attribute_next_sentence(text, sentence_end, attr.first_sentence_end(text, sentence_end, next_open))
        if found_here is None and sentence_end == next_open == last.end and span.close is not None:
            found_here = None
        item.attribution = found_here
        item.method = found_here.method if found_here else None


def _resolve_in_order(text, found: list[_Found], resolver: Resolver, by_index, body_rank) -> None:
    """Entities for attributed quotes; speakers for the unattributed ones."""
    previous: _Found | None = None
    history: list[Entity] = []
    for item in found:
        if item.attribution is not None and item.attribution.mention is not None:
            item.entity = resolver.resolve(item.attribution.mention)
        elif previous is not None and previous.entity is not None:
            gap = body_rank[item.span.first_paragraph] - body_rank[previous.span.last_paragraph]
            if gap == 0:
                item.entity, item.method = previous.entity, "split"
                item.attribution = previous.attribution
            elif gap == 1:
                item.entity, item.method = _next_turn(text, item, previous, history)
        if item.entity is not None and (not history or history[-1] is not item.entity):
            history.append(item.entity)
        previous = item


def _next_turn(text: str, item: _Found, previous: _Found, history: list[Entity]):
    """A quote paragraph with no cue: the same speaker goes on, unless the last
    turn was a question or the last two turns alternated (Q&A, dialogue)."""
    asked = text[previous.start : previous.end].rstrip("”\"’' ").endswith(QUESTION_END)
    others = [e for e in history if e is not previous.entity]
    alternating = previous.method == "dialogue" or (
        len(history) >= 2 and history[-1] is previous.entity and previous.method in ("adjacent", "introduced") and asked
    )
    if (asked or alternating) and others:
        return others[-1], "dialogue"
    if previous.method == "dialogue" and others:
        return others[-1], "dialogue"
    return previous.entity, "continuation"


def _output(text: str, found: list[_Found], resolver: Resolver) -> Extraction:
    quotes: list[Quote] = []
    used: dict[str, Entity] = {}
    for n, item in enumerate(found, 1):
        qid = f"q{n}"
        speaker = verb = None
        confidence = UNATTRIBUTED_CONFIDENCE
        if item.entity is not None:
            entity = item.entity
            mention = item.attribution.mention if item.attribution and item.attribution.mention else None
            if item.method in ("continuation", "dialogue") or mention is None:
                mention = entity.mentions[-1] if entity.mentions else None
            speaker = QuoteSpeaker(
                id=entity.id,
                name=entity.name if entity.kind != PRONOUN else mention.text,
                text=mention.text if mention else entity.name,
                start=mention.start if mention else -1,
                end=mention.end if mention else -1,
                role=entity.role,
                affiliation=entity.affiliation,
            )
            entity.quote_ids.append(qid)
            used[entity.id] = entity
            method = item.method or (item.attribution.method if item.attribution else "continuation")
            confidence = attr.Attribution(None, mention, method).confidence
        if item.attribution is not None and item.attribution.cue is not None and item.method not in ("continuation", "dialogue"):
            cue = item.attribution.cue
            verb = Verb(text=cue.text, lemma=cue.lemma, start=cue.start, end=cue.end)
        quotes.append(Quote(qid, item.kind, text[item.start : item.end], item.start, item.end, speaker, verb, confidence))
    speakers = [
        Speaker(
            id=e.id,
            name=e.name,
            role=e.role,
            affiliation=e.affiliation,
            mentions=_unique_mentions(e),
            quote_ids=list(e.quote_ids),
        )
        for e in resolver.entities
        if e.id in used
    ]
    return Extraction(quotes=quotes, speakers=speakers)


def _unique_mentions(entity: Entity) -> list[OutMention]:
    seen = set()
    out = []
    for m in sorted(entity.mentions, key=lambda m: m.start):
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(OutMention(m.text, m.start, m.end))
    return out
