"""Stage 3: the sources -> one index of their words and word n-grams.

In: the sources, and the n-grams the draft's fragments hold.  Out: a
``SourceIndex``: every source word's id (one vocabulary for draft and
sources), offsets and source, all sources laid end to end with a separator
word between them; the positions of each n-gram the draft asks about; and
the words as one string, so that a fragment found word for word is one
substring search (C speed, linear in the sources).

Building it reads each source once: a pass of the word pattern, and one set
look-up per word for the n-grams, so its time grows linearly with the
sources' size whatever they hold.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from service.engine import deadline

from .budget import deadline_every
from .model import Source
from .normalise import BRACKETED_LETTER, WORD, key_of

#: Words in an n-gram of the index: pairs for short fragments, where one
#: changed word leaves no three in a row, triples for the others.
NGRAM_SIZES = (2, 3)
#: The id of the word laid between two sources: no draft word has it.
SEPARATOR = -1
#: How the separator is written in the searchable string: no key holds it.
SEPARATOR_KEY = "\x00"


class Vocabulary:
    """Word keys -> small integer ids, shared by the draft and the sources."""

    __slots__ = ("ids",)

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def id(self, key: str) -> int:
        return self.ids.setdefault(key, len(self.ids))


def ngrams(ids: Sequence[int], n: int) -> Iterable[tuple[int, ...]]:
    """Every run of ``n`` ids in ``ids``, in order."""
    return zip(*(ids[k:] for k in range(n)))


class SourceIndex:
    """The sources' words, end to end, and where the wanted n-grams are."""

    def __init__(self, sources: Sequence[Source], vocabulary: Vocabulary, wanted: set[tuple[int, ...]]):
        self.sources = list(sources)
        self.ids: list[int] = []
        self.starts: list[int] = []  # offsets into the word's own source
        self.ends: list[int] = []
        self.owner: list[int] = []  # the first word of each source, for bisect
        keys: list[str] = []
        tick = deadline_every()
        for number, source in enumerate(self.sources):
            deadline.check()
            if number:
                self._add(SEPARATOR, -1, -1)
                keys.append(SEPARATOR_KEY)
            self.owner.append(len(self.ids))
            for match in WORD.finditer(source.text):
                tick()
                form = match.group()
                if "[" in form:
                    form = BRACKETED_LETTER.sub(r"\1", form)
                key = key_of(form)
                keys.append(key)
                self._add(vocabulary.id(key), match.start(), match.end())
        #: n-gram -> positions of its first word, for the n-grams the draft holds.
        self.postings: dict[tuple[int, ...], list[int]] = {}
        for n in sorted({len(gram) for gram in wanted}):
            for position, gram in enumerate(ngrams(self.ids, n)):
                tick()
                if gram in wanted:
                    self.postings.setdefault(gram, []).append(position)
        # " k1 k2 … " with each word's start in it: a fragment's keys between
        # spaces are found by one substring search.
        self.string = " " + " ".join(keys) + " "
        self._string_starts = []
        at = 1
        for key in keys:
            tick()
            self._string_starts.append(at)
            at += len(key) + 1

    def _add(self, word_id: int, start: int, end: int) -> None:
        self.ids.append(word_id)
        self.starts.append(start)
        self.ends.append(end)

    def __len__(self) -> int:
        return len(self.ids)

    def source_of(self, position: int) -> int:
        """The number of the source holding word ``position``."""
        return bisect.bisect_right(self.owner, position) - 1

    def source_range(self, number: int) -> tuple[int, int]:
        """Word positions ``[first, last + 1)`` of source ``number``."""
        first = self.owner[number]
        end = self.owner[number + 1] - 1 if number + 1 < len(self.owner) else len(self.ids)
        return first, end

    def find(self, keys: Sequence[str], after: int = 0) -> int | None:
        """The first position at or after word ``after`` where ``keys`` stand
        word for word, or None."""
        if not keys:
            return None
        needle = " " + " ".join(keys) + " "
        begin = self._string_starts[after] - 1 if after < len(self._string_starts) else len(self.string)
        at = self.string.find(needle, begin)
        if at < 0:
            return None
        return bisect.bisect_left(self._string_starts, at + 1)
