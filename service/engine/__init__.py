"""The quotation engine: plain text in, quotations with speakers out.

It imports nothing from the web layer.  ``extract`` (one article, as text or
HTML) and ``extract_many`` (a stream of them, in order, optionally over worker
processes) are the public API::

    >>> from service.engine import extract
    >>> result = extract('"We are ready," said Jane Smith.')
    >>> result.quotes[0].speaker.name
    'Jane Smith'
    >>> extract(html="<p>&ldquo;Go,&rdquo; said Ann Lee.</p>").to_dict()["quotes"][0]["html_start"]
    10
"""

from .deadline import EngineTimeout
from .lexicons import LEXICON_VERSION
from .library import Result, extract, extract_many
from .model import (
    DEFAULT_ACTS,
    OFFSET_UNITS,
    QUOTE_ACTS,
    QUOTE_TYPES,
    SPEAKER_KINDS,
    Extraction,
    Mention,
    Quote,
    QuoteSpeaker,
    Speaker,
    Verb,
)

__all__ = [
    "DEFAULT_ACTS",
    "EngineTimeout",
    "LEXICON_VERSION",
    "OFFSET_UNITS",
    "QUOTE_ACTS",
    "QUOTE_TYPES",
    "SPEAKER_KINDS",
    "Extraction",
    "Mention",
    "Quote",
    "QuoteSpeaker",
    "Result",
    "Speaker",
    "Verb",
    "extract",
    "extract_many",
]
