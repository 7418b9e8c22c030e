"""Stage 7: who the source says spoke the matched words.

In: a source, the stretch of it a quotation matched, and the speaker the
draft gives the quotation.  Out: a ``SpeakerMismatch`` when the source gives
the words to someone else, else None.

* a transcript whose lines name their speakers (``JANE SMITH: …``,
  ``Q:``/``A:``) gives the words to the last label before them: a name
  sharing no word with the draft's speaker is someone else, and ``Q`` (the
  interviewer's question) is never the person quoted; ``A`` could be anyone;
* any other source is read as an article: ``extract`` runs on the
  paragraphs around the match (``ARTICLE_CONTEXT_CHARS`` before it, so the
  names it resolves against are there) and the quotation there holding the
  matched words has the source's speaker.
"""

from __future__ import annotations

import bisect
from functools import cached_property

import regex

from service.engine import QuoteSpeaker, extract

from .budget import remaining
from .model import Source, SpeakerMismatch

#: A transcript line's speaker: a name in capitals, or Q or A, then a colon.
LABEL = regex.compile(r"^[ \t]*(?P<name>Q|A|[A-Z][A-Z.'’ -]{0,48}[A-Z.])[ \t]*:", regex.MULTILINE)
#: Labels for the interviewer's question and the interviewee's answer.
QUESTION, ANSWER = "Q", "A"
#: Characters of an article read before the match to find who is quoted.
ARTICLE_CONTEXT_CHARS = 3000
#: A word of a name, for comparing two names.
NAME_WORD = regex.compile(r"\w{2,}")
PARAGRAPH_BREAK = "\n\n"


def same_person(one: str, other: str) -> bool:
    """Whether two ways of naming a speaker share a word ("IRENE CASTELL"
    and "Irene Castell", "Castell")."""
    words = {w.casefold() for w in NAME_WORD.findall(one)}
    return any(w.casefold() in words for w in NAME_WORD.findall(other))


class SourceSpeakers:
    """Who speaks where in one source, read on first use."""

    def __init__(self, source: Source):
        self.source = source

    @cached_property
    def _labels(self) -> tuple[list[int], list[regex.Match]]:
        found = list(LABEL.finditer(self.source.text))
        return [m.start() for m in found], found

    def mismatch(self, start: int, end: int, speaker: QuoteSpeaker | None, budget_end: float | None) -> SpeakerMismatch | None:
        """The source's speaker of ``text[start:end]`` when it is not ``speaker``."""
        if speaker is None or speaker.kind == "unresolved":
            return None
        starts, labels = self._labels
        if labels:
            k = bisect.bisect_right(starts, start) - 1
            if k < 0:
                return None
            label = labels[k]
            name = label.group("name")
            if name == ANSWER or (name != QUESTION and same_person(name, speaker.name)):
                return None
            return SpeakerMismatch(name, label.start("name"), label.end("name"))
        return self._in_article(start, end, speaker, budget_end)

    def _in_article(self, start: int, end: int, speaker: QuoteSpeaker, budget_end: float | None) -> SpeakerMismatch | None:
        text = self.source.text
        first = max(0, start - ARTICLE_CONTEXT_CHARS)
        if first:
            brk = text.find(PARAGRAPH_BREAK, first, start)
            first = brk + len(PARAGRAPH_BREAK) if brk >= 0 else first
        last = text.find(PARAGRAPH_BREAK, end, end + ARTICLE_CONTEXT_CHARS)
        last = min(len(text), end + ARTICLE_CONTEXT_CHARS) if last < 0 else last
        found = extract(text[first:last], types=("direct", "mixed"), time_budget=remaining(budget_end))
        best, overlap = None, 0
        for quote in found.quotes:
            shared = min(quote.end + first, end) - max(quote.start + first, start)
            if shared > overlap:
                best, overlap = quote, shared
        if best is None or best.speaker is None or best.speaker.kind == "unresolved" or best.speaker.start < 0:
            return None
        said = best.speaker
        if same_person(said.name, speaker.name):
            return None
        return SpeakerMismatch(said.name, said.start + first, said.end + first)
