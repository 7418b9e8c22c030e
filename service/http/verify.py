"""``POST /v1/quotes/verify``: the quote check, on the API's blueprint.

The draft comes as ``text`` or ``html`` like an article to ``/v1/quotes``,
with the same options, limits, time budget, engine turns, errors and
metrics; ``sources`` are counted (``MAX_SOURCES``) and measured
(``MAX_SOURCE_CHARS`` in all) before any work is done.
"""

from __future__ import annotations

import time
from dataclasses import replace

from flask import current_app
from marshmallow import ValidationError

from service.engine import QUOTE_ACTS, QUOTE_TYPES, EngineTimeout
from service.engine.deadline import budget, check as check_deadline
from service.engine.html_text import html_to_text
from service.engine.offsets import HTML_OFFSETS, Utf16Offsets, remap
from service.verify import Source, in_utf16, verify

from .errors import TOO_LARGE, Problem
from .observe import note
from .routes import (
    engine_turn,
    _check_length,
    _deadline,
    _envelope,
    _meta_base,
    _object_body,
    _timeout_problem,
    _validation_problem,
    _written,
    bp,
)
from .schemas import CHECK, MENTION, QUOTE, SPEAKER, VERIFY_REQUEST, VERIFY_RESPONSE


def _load_verify_request() -> dict:
    """The validated body, its sources counted and measured first."""
    body = _object_body()
    limit = current_app.config["MAX_SOURCES"]
    sources = body.get("sources")
    if isinstance(sources, list) and len(sources) > limit and all(map(_well_formed_source, sources)):
        # counted before validation; a list that also holds a malformed source
        # is a 422 like any invalid body (validation answers are bounded)
        raise Problem(413, TOO_LARGE, f"The request has {len(sources)} sources; the limit is {limit}.")
    try:
        data = VERIFY_REQUEST.load(body)
    except ValidationError as exc:
        raise _validation_problem(exc, "The request body has invalid fields.") from None
    note(text_chars=len(data["text"] if "text" in data else data["html"]))
    _check_length(data)
    total = sum(len(s["text"]) for s in data["sources"])
    chars_limit = current_app.config["MAX_SOURCE_CHARS"]
    if total > chars_limit:
        raise Problem(413, TOO_LARGE, f"The sources have {total} characters in all; the limit is {chars_limit}.")
    return data


def _well_formed_source(source) -> bool:
    """Whether a source is an object of a string ``id`` and ``text`` and
    nothing else, as the schema asks."""
    return isinstance(source, dict) and source.keys() == {"id", "text"} and all(
        isinstance(value, str) for value in source.values()
    )


def _run(data: dict, deadline: float):
    """The draft's text, its HTML map (or None) and the verification,
    inside the engine's turns and the time budget."""
    with engine_turn(deadline) as found_types:
        if "html" in data:
            with budget(deadline - time.monotonic()):  # reading the markup counts toward the budget
                page = html_to_text(data["html"], check_deadline)
        else:
            page = None
        text = page.text if page is not None else data["text"]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise EngineTimeout("the time budget was spent before the draft was checked")
        options = data["options"]
        sources = [Source(s["id"], s["text"]) for s in data["sources"]]
        result = verify(
            text, sources,
            types=tuple(t for t in QUOTE_TYPES if t in options["types"]),
            acts=tuple(a for a in QUOTE_ACTS if a in options["acts"]),
            time_budget=remaining,
        )
        found_types.extend(q.quote.type for q in result.quotes)
    return text, page, sources, result


@bp.post("/v1/quotes/verify")
def quotes_verify():
    """Check every quotation of a draft against its sources."""
    data = _load_verify_request()
    options = data["options"]
    started = time.perf_counter()
    deadline = _deadline()
    try:
        text, page, sources, result = _run(data, deadline)
        # offsets into the HTML are read from the quotes' code points, before
        # any conversion
        html_spans = (_written(result.quotes, lambda q: page.source_span(q.quote.start, q.quote.end), deadline)
                      if page is not None else None)
        if options["offsets"] == "utf16":
            result = in_utf16(result, text, sources)
        html_units = Utf16Offsets(page.source) if page is not None and options["offsets"] == "utf16" else None
        numbered = list(enumerate(result.quotes))

        def quote_dict(numbered_quote) -> dict:
            k, item = numbered_quote
            dumped = QUOTE.dump(item.quote)
            for key in HTML_OFFSETS:
                dumped.pop(key, None)  # set below from the draft's markup, for html drafts only
            if html_spans is not None:
                dumped["html_start"], dumped["html_end"] = html_spans[k]
                if html_units is not None:
                    dumped = remap(dumped, html_units, HTML_OFFSETS)
            dumped["check"] = CHECK.dump(item.check)
            return dumped

        def speaker_dict(speaker) -> dict:
            # one speaker may have a mention and a quotation id for every quotation
            dumped = SPEAKER.dump(replace(speaker, mentions=[], quote_ids=[]))
            dumped["mentions"] = _written(speaker.mentions, MENTION.dump, deadline)
            dumped["quote_ids"] = _written(speaker.quote_ids, str, deadline)
            return dumped

        lists = {"quotes": _written(numbered, quote_dict, deadline),
                 "speakers": _written(result.speakers, speaker_dict, deadline)}
    except EngineTimeout:
        limit = current_app.config["ENGINE_TIMEOUT_S"]
        raise _timeout_problem(
            f"The draft could not be checked within the time budget of {limit:g} s; "
            "try again later, or send a shorter draft or fewer sources."
        ) from None
    note(quotes=len(lists["quotes"]))
    meta = {
        "characters": len(text),
        "quote_count": len(lists["quotes"]),
        "sources": len(data["sources"]),
        "source_characters": sum(len(s["text"]) for s in data["sources"]),
        "checks": result.counts(),
        **_meta_base(options, started),
    }
    body = {"meta": meta}
    if page is not None:
        body["text"] = text
    return _envelope(VERIFY_RESPONSE, body, lists)

