"""Temporary pipeline: direct quotes in double marks, no attribution yet."""
import regex
from .model import QUOTE_TYPES, Extraction, Quote

_DQ = regex.compile(r'["“]([^"”\n]+)["”]')


def extract(text: str, types=QUOTE_TYPES) -> Extraction:
    quotes = []
    if "direct" in types:
        for i, m in enumerate(_DQ.finditer(text), 1):
            quotes.append(Quote(f"q{i}", "direct", m.group(1), m.start(1), m.end(1), None, None, 0.5))
    return Extraction(quotes=quotes, speakers=[])
