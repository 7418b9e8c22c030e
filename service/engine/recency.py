"""Who spoke last: the resolver's record of each entity's latest turn.

In: every time an entity is recorded speaking (its id, kind, gender and the
mention's start).  Out: answers to the questions pronouns and dialogue turns
ask — the person who spoke last before a position (whose gender does not
conflict with "he" or "she", or who is not a given speaker), and the body or
group that spoke last ("they", "we", "it").

Each answer is a bisection into sorted turns or a heap, not a walk over every
entity, so an article with thousands of speakers is resolved in n·log n.
Ties keep the older entity, as a scan in order of creation would.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterator

#: The genders a person's turns are filed under; None is "not known".
GENDERS = (None, "m", "f")


class PersonTurns:
    """Each person's latest turn, kept sorted by position and filed by the
    person's gender as last known."""

    def __init__(self) -> None:
        # (at, -order) of each person's latest turn: walking back from a
        # position meets the older entity first on a tie
        self._turns: dict[str | None, list[tuple[int, int]]] = {gender: [] for gender in GENDERS}
        self._filed: dict[int, tuple[str | None, int]] = {}  # order → (gender, at) as filed
        self._by_order: dict[int, object] = {}

    def file(self, order: int, entity: object, gender: str | None, at: int) -> None:
        """Record (or move) a person's latest turn."""
        filed = self._filed.get(order)
        if filed == (gender, at):
            return
        if filed is not None:
            turns = self._turns[filed[0]]
            del turns[bisect.bisect_left(turns, (filed[1], -order))]
        bisect.insort(self._turns[gender], (at, -order))
        self._filed[order] = (gender, at)
        self._by_order[order] = entity

    def latest_before(self, position: int, gender: str | None = None, skip: object = None):
        """The person whose latest turn is the last before ``position`` (the
        older one on a tie), among those whose gender is unknown or is
        ``gender`` (any, when None), leaving out ``skip``."""
        best: tuple[int, int] | None = None
        for filed_as in GENDERS if gender is None else (None, gender):
            for turn in self._back_from(self._turns[filed_as], position):
                if self._by_order[-turn[1]] is skip:
                    continue
                if best is None or turn > best:
                    best = turn
                break
        return None if best is None else self._by_order[-best[1]]

    @staticmethod
    def _back_from(turns: list[tuple[int, int]], position: int) -> Iterator[tuple[int, int]]:
        k = bisect.bisect_left(turns, (position,)) - 1
        while k >= 0:
            yield turns[k]
            k -= 1


class CollectiveTurns:
    """The body or group that spoke last, over the whole article: a heap of
    turns, each entity's stale turns dropped when they surface."""

    def __init__(self) -> None:
        self._heap: list[tuple[int, int]] = []  # (-at, order)
        self._latest: dict[int, int] = {}  # order → at
        self._by_order: dict[int, object] = {}

    def file(self, order: int, entity: object, at: int) -> None:
        """Record a collective's latest turn (-1: known but not yet heard)."""
        if self._latest.get(order) == at:
            return
        self._latest[order] = at
        self._by_order[order] = entity
        heapq.heappush(self._heap, (-at, order))

    def latest(self):
        """The collective with the latest turn (the older one on a tie), or None."""
        heap = self._heap
        while heap and self._latest[heap[0][1]] != -heap[0][0]:
            heapq.heappop(heap)
        return self._by_order[heap[0][1]] if heap else None


class PeopleByName:
    """The people resolved so far, found by name: the one indexed last that
    a name can point to.

    A surname alone ("Oxley") points to the person last indexed with that
    surname; a fuller name to the person last indexed with the same name, or
    to one known so far by that surname alone.  Each person is pushed on a
    stack per key every time it is indexed (its facts may have grown), and
    entries left behind by a later push surface and are dropped only once,
    so each lookup is constant time however many people share a surname."""

    def __init__(self, norm) -> None:
        self._norm = norm  # the name comparison key (article, possessive and case left out)
        self._stamps: dict[int, int] = {}  # order → stamp of its last indexing
        self._clock = 0
        self._by_surname: dict[str, list[tuple[int, object]]] = {}
        self._by_name: dict[str, list[tuple[int, object]]] = {}
        self._surname_only: dict[str, list[tuple[int, object]]] = {}

    def index(self, entity) -> None:
        """File a person under its name as it stands now."""
        self._clock += 1
        stamp = self._stamps[entity.order] = self._clock
        surname = entity.surname
        self._by_surname.setdefault(surname, []).append((stamp, entity))
        self._by_name.setdefault(self._norm(entity.name), []).append((stamp, entity))
        if len(entity.name.split()) == 1:
            self._surname_only.setdefault(surname, []).append((stamp, entity))

    def find(self, name: str):
        """The person ``name`` points to, or None."""
        words = name.split()
        if not words:
            return None
        surname = words[-1].casefold()
        if len(words) == 1:
            return self._top(self._by_surname, surname, lambda e: e.surname == surname)
        key = self._norm(name)
        same = self._top(self._by_name, key, lambda e: self._norm(e.name) == key)
        known_by_surname = self._top(self._surname_only, surname,
                                     lambda e: len(e.name.split()) == 1 and e.surname == surname)
        if same is None or known_by_surname is None:
            return same or known_by_surname
        return same if self._stamps[same.order] > self._stamps[known_by_surname.order] else known_by_surname

    def _top(self, stacks: dict[str, list[tuple[int, object]]], key: str, still_fits):
        """The newest entry under ``key`` that is its entity's last indexing
        and still fits; older entries above it are dropped."""
        stack = stacks.get(key)
        while stack:
            stamp, entity = stack[-1]
            if self._stamps[entity.order] == stamp and still_fits(entity):
                return entity
            stack.pop()
        return None
