"""A verification's offsets in UTF-16 code units, for JavaScript clients.

Draft offsets (``start``, ``end``, ``draft_start``, ``draft_end``) are
converted with the draft's table, source offsets (``source_start``,
``source_end``) with the table of the source each check names by its
``source_index`` (ids may repeat; places in the list do not).
"""

from __future__ import annotations

from dataclasses import replace

from service.engine.offsets import Utf16Offsets, remap

from .model import Check, Source, Verification

DRAFT_KEYS = frozenset({"start", "end", "draft_start", "draft_end"})
SOURCE_KEYS = frozenset({"source_start", "source_end"})


def in_utf16(verification: Verification, draft: str, sources: list[Source]) -> Verification:
    """``verification`` with every offset in UTF-16 code units."""
    draft_units = Utf16Offsets(draft)
    tables: dict[int, Utf16Offsets] = {}

    def table(number: int | None):
        if number is None:
            return None
        if number not in tables:
            tables[number] = Utf16Offsets(sources[number].text)
        return tables[number]

    def in_source(record):
        convert = table(record.source_index)
        return record if convert is None or convert.identity else remap(record, convert, SOURCE_KEYS)

    def check(value: Check) -> Check:
        fragments = tuple(in_source(f) for f in value.fragments)
        return replace(in_source(replace(value, fragments=())), fragments=fragments)

    quotes = [replace(item, check=check(item.check)) for item in verification.quotes]
    if not draft_units.identity:
        quotes = remap(quotes, draft_units, DRAFT_KEYS)
        speakers = remap(verification.speakers, draft_units, DRAFT_KEYS)
    else:
        speakers = verification.speakers
    return Verification(quotes, speakers)
