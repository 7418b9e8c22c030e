"""The quote check, stage by stage: ``verify(draft, sources)``.

draft → quotations (``service.engine.extract``) → fragments (fragments.py)
→ the sources' index (index.py) → for each fragment, candidate windows
(candidates.py), aligned (align.py) and classified (classify.py), the best
kept → the source's speaker of each match (speakers.py) → one ``Check`` per
quotation.  Work grows linearly with the sources' size (the index is one
pass; a candidate costs the same whatever the sources hold) and with the
draft's quotations; the time budget is checked throughout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from service.engine import DEFAULT_ACTS, QUOTE_TYPES, Quote, deadline, extract
from service.engine.pipeline import quoted_spans

from .align import align
from .budget import ends_at, remaining
from .candidates import wanted_ngrams, windows
from .classify import classify, rank
from .fragments import quote_fragments
from .index import SourceIndex, Vocabulary
from .model import (
    ALTERED,
    NOT_CHECKED,
    NOT_FOUND,
    VERBATIM,
    Check,
    CheckedQuote,
    Fragment,
    FragmentCheck,
    Source,
    Verification,
)
from .speakers import SourceSpeakers

#: The order in which a mixed quotation's fragments make its own status: the
#: worst of them.
WORST_FIRST = (NOT_FOUND, ALTERED, VERBATIM)


def as_sources(sources) -> list[Source]:
    """``sources`` as ``Source`` records: a mapping of id to text, or an
    iterable of ``Source``, ``(id, text)`` pairs or ``{"id", "text"}`` dicts."""
    if isinstance(sources, Mapping):
        return [Source(str(k), v) for k, v in sources.items()]
    out = []
    for item in sources:
        if isinstance(item, Source):
            out.append(item)
        elif isinstance(item, Mapping):
            out.append(Source(str(item["id"]), item["text"]))
        else:
            source_id, text = item
            out.append(Source(str(source_id), text))
    return out


def verify(draft: str, sources, types=QUOTE_TYPES, acts=DEFAULT_ACTS, *,
           time_budget: float | None = None) -> Verification:
    """Every quotation of ``draft`` (of ``types`` and ``acts``, as ``extract``
    finds them) checked against ``sources`` (see :func:`as_sources`).

    With ``time_budget`` (seconds), raises ``EngineTimeout`` rather than run
    longer; offsets are code points (``in_utf16`` converts them).
    """
    sources = as_sources(sources)
    budget_end = ends_at(time_budget)
    found = extract(draft, types, acts, time_budget=remaining(budget_end))
    with deadline.budget(remaining(budget_end)):
        _, spans, _ = quoted_spans(draft)
        fragments = quote_fragments(draft, found.quotes, spans)
        vocabulary = Vocabulary()
        ids = {id(f): [vocabulary.id(w.key) for w in f.words] for per_quote in fragments for f in per_quote}
        wanted: set = set()
        for per_quote in fragments:
            for f in per_quote:
                wanted |= wanted_ngrams(ids[id(f)], f.gaps)
        index = SourceIndex(sources, vocabulary, wanted)
        speakers = [SourceSpeakers(s) for s in sources]
        checked: dict[int, FragmentCheck] = {}
        out = []
        for quote, per_quote in zip(found.quotes, fragments):
            deadline.check()
            results = []
            for f in per_quote:
                if id(f) not in checked:
                    result = _check_fragment(draft, f, ids[id(f)], index)
                    checked[id(f)] = _with_speaker(result, quote, speakers, budget_end)
                results.append(_within(checked[id(f)], quote))
            out.append(CheckedQuote(quote, _quote_check(quote, results)))
    return Verification(out, found.speakers)


def _check_fragment(draft: str, fragment: Fragment, ids: list[int], index: SourceIndex) -> FragmentCheck:
    """The best match of one fragment in the sources."""
    if not fragment.words:
        return FragmentCheck(fragment.text, fragment.start, fragment.end, NOT_CHECKED, bracketed=fragment.bracketed)
    keys = [w.key for w in fragment.words]
    best = FragmentCheck(fragment.text, fragment.start, fragment.end, NOT_FOUND, bracketed=fragment.bracketed)
    for window in windows(ids, keys, fragment.gaps, index):
        deadline.check()
        result = classify(draft, fragment, align(ids, fragment.gaps, window, index), index)
        if rank(result) < rank(best):
            best = result
        if best.status == VERBATIM:
            break
    return best


def _with_speaker(result: FragmentCheck, quote: Quote, speakers: list[SourceSpeakers],
                  budget_end: float | None) -> FragmentCheck:
    """``result`` with the source's speaker when it is not the draft's."""
    if result.source_index is None:
        return result
    mismatch = speakers[result.source_index].mismatch(
        result.source_start, result.source_end, quote.speaker, budget_end)
    return result if mismatch is None else replace(result, speaker_mismatch=mismatch)


def _within(result: FragmentCheck, quote: Quote) -> FragmentCheck:
    """A fragment shared by the two halves of a split quotation, as each
    half sees it: the differences and brackets inside that half."""
    if quote.start <= result.start and result.end <= quote.end:
        return result
    inside = [d for d in result.differences if quote.start <= d.draft_start and d.draft_end <= quote.end]
    brackets = [b for b in result.bracketed if quote.start <= b.start and b.end <= quote.end]
    return replace(result, differences=tuple(inside), bracketed=tuple(brackets))


def _quote_check(quote: Quote, results: list[FragmentCheck]) -> Check:
    """A quotation's check from its fragments' (none: indirect speech)."""
    judged = [r for r in results if r.status != NOT_CHECKED]
    if not judged:
        return Check(NOT_CHECKED, bracketed=tuple(b for r in results for b in r.bracketed))
    worst = min(judged, key=lambda r: (WORST_FIRST.index(r.status), r.similarity))
    if quote.type != "mixed":
        return Check(worst.status, worst.source_id, worst.source_index, worst.source_start, worst.source_end,
                     worst.similarity, worst.differences, worst.bracketed, worst.speaker_mismatch)
    mismatch = next((r.speaker_mismatch for r in judged if r.speaker_mismatch is not None), None)
    return Check(
        worst.status, worst.source_id, worst.source_index, worst.source_start, worst.source_end, worst.similarity,
        tuple(d for r in judged for d in r.differences), tuple(b for r in results for b in r.bracketed),
        mismatch, tuple(results),
    )
