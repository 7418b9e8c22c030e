"""Whole articles written for the project, each with the speaker, role and
affiliation a reader takes from it for a set of its quotations
(`articles/descriptions.jsonl`).  A quotation counts when its speaker is the
expected person and its role and affiliation contain, or are contained in,
the expected ones (as the evaluation scorer counts them); the floor holds the
share that does, so a change that loses descriptions fails here."""

import json
from pathlib import Path

import pytest

from service.engine import QUOTE_ACTS, extract

ARTICLES = [json.loads(line) for line in (Path(__file__).parent / "articles" / "descriptions.jsonl").read_text(encoding="utf-8").splitlines()]
FLOOR = 0.94  # 48 of 51 when pinned


def _agrees(expected, got) -> bool:
    if expected is None:
        return True
    if not got:
        return False
    expected, got = expected.casefold(), got.casefold()
    return expected in got or got in expected


def _rows():
    for article in ARTICLES:
        quotes = extract(article["text"], acts=QUOTE_ACTS).quotes
        for row in article["expected"]:
            quote = next((q for q in quotes if row["quote"] in q.text), None)
            yield row, quote


def test_every_expected_quotation_is_found():
    missing = [row["quote"] for row, quote in _rows() if quote is None]
    assert missing == []


def test_speaker_role_and_affiliation_floor():
    rows = list(_rows())
    right = 0
    for row, quote in rows:
        speaker = quote.speaker if quote else None
        if speaker is None:
            continue
        name_right = row["speaker"].split()[-1].casefold() in (speaker.name or "").casefold()
        if name_right and _agrees(row["role"], speaker.role) and _agrees(row["affiliation"], speaker.affiliation):
            right += 1
    assert right / len(rows) >= FLOOR, f"{right}/{len(rows)}"


@pytest.mark.parametrize("article", ARTICLES, ids=[a["text"].split("\n", 1)[0][:40] for a in ARTICLES])
def test_every_span_is_the_text_at_its_offsets(article):
    text = article["text"]
    for quote in extract(text, acts=QUOTE_ACTS).quotes:
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker is not None:
            assert text[quote.speaker.start : quote.speaker.end] == quote.speaker.text
