"""The quote check: is every quotation of a draft really in its sources?

It imports nothing from the web layer.  ``verify`` is the public API::

    >>> from service.verify import verify
    >>> result = verify('“We will open the bridge in May,” said Ada Quill.',
    ...                 {"briefing": "ADA QUILL: We will open the bridge in June."})
    >>> result.quotes[0].check.status
    'altered'

The stages, each a module: normalise (words as a copy desk compares them)
→ fragments (what to look for in each quotation of the draft) → index (the
sources' words and word n-grams) → candidates (where in the sources a
fragment may be) → align (word alignment of each candidate, with rapidfuzz)
→ classify (status, similarity, differences) → speakers (who the source
says spoke the words).  ``check.py`` runs them in order.
"""

from .model import (
    ALTERED,
    FAILING,
    NOT_CHECKED,
    NOT_FOUND,
    STATUSES,
    VERBATIM,
    Check,
    CheckedQuote,
    Difference,
    FragmentCheck,
    Source,
    Span,
    SpeakerMismatch,
    Verification,
)
from .check import verify
from .units import in_utf16

__all__ = [
    "ALTERED",
    "FAILING",
    "NOT_CHECKED",
    "NOT_FOUND",
    "STATUSES",
    "VERBATIM",
    "Check",
    "CheckedQuote",
    "Difference",
    "FragmentCheck",
    "Source",
    "Span",
    "SpeakerMismatch",
    "Verification",
    "in_utf16",
    "verify",
]
