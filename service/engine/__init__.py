"""The quotation engine: plain text in, quotations with speakers out.

It imports nothing from the web layer.  ``extract`` is the whole public API::

    >>> from service.engine import extract
    >>> result = extract('"We are ready," said Jane Smith.')
    >>> result.quotes[0].speaker.name
    'Jane Smith'
"""

from .deadline import EngineTimeout
from .lexicons import LEXICON_VERSION
from .model import DEFAULT_ACTS, QUOTE_ACTS, QUOTE_TYPES, SPEAKER_KINDS, Extraction, Mention, Quote, QuoteSpeaker, Speaker, Verb
from .pipeline import extract

__all__ = [
    "DEFAULT_ACTS",
    "EngineTimeout",
    "LEXICON_VERSION",
    "QUOTE_ACTS",
    "QUOTE_TYPES",
    "SPEAKER_KINDS",
    "Extraction",
    "Mention",
    "Quote",
    "QuoteSpeaker",
    "Speaker",
    "Verb",
    "extract",
]
