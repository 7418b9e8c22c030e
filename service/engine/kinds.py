"""What a quotation reports, for the output records.

In: a quotation's type with the cue and the speaker phrase that attribute it.
Out: the quotation's act (``QUOTE_ACTS``: "speech" or "position").  Nothing
here changes which quotations are found or who says them; it only names what
the earlier stages already know.

Acts follow the cue: verbs of saying and writing and "according to" report
speech; verbs of belief and stance, the verbs the positions model weighs and
what a poll, a study or a set of records found report a position.  Words
inside quotation marks are always someone's words, so a direct quotation is
speech whatever introduced it.
"""

from __future__ import annotations

from .cues import ACCORDING, QUOTE_ONLY, SPEECH, Cue
from .mentions import Mention
from .model import QUOTE_ACTS
from .quotes import DIRECT
from .reported import FINDING_CUES, FINDING_SOURCES

SPEECH_ACT, POSITION_ACT = QUOTE_ACTS
SPEECH_CUES = frozenset({SPEECH, QUOTE_ONLY, ACCORDING})


def quote_act(quote_type: str, cue: Cue | None, mention: Mention | None) -> str:
    """"speech" or "position" for a quotation of ``quote_type`` attributed by
    ``cue`` to the speaker phrase ``mention`` (either may be None)."""
    if quote_type == DIRECT or cue is None:
        return SPEECH_ACT
    if cue.lemma in FINDING_CUES and mention is not None and mention.name.split() \
            and mention.name.split()[-1].casefold() in FINDING_SOURCES:
        return POSITION_ACT  # "A CNN poll showed X ahead", "a study concluded that": a finding
    return SPEECH_ACT if cue.kind in SPEECH_CUES else POSITION_ACT
