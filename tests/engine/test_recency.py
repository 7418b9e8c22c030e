"""Who spoke last, and who a name points to: the resolver's indexes.

Each answer must be what a scan over every entity in order of creation would
give (the newest turn before a position, the older entity on a tie), without
the scan; ``bench linear`` holds them to linear time on thousands of
speakers."""

from dataclasses import dataclass

import pytest

from service.engine.recency import CollectiveTurns, PeopleByName, PersonTurns
from service.engine.entities import norm_name as _norm


@dataclass(eq=False)
class Someone:
    order: int
    name: str = ""

    @property
    def surname(self) -> str:
        return self.name.split()[-1].casefold()


def turns(*filed):
    record = PersonTurns()
    people = {}
    for order, gender, at in filed:
        people.setdefault(order, Someone(order))
        record.file(order, people[order], gender, at)
    return record, people


@pytest.mark.parametrize(
    "filed, position, gender, expected",
    [
        pytest.param([(0, None, 10), (1, None, 30)], 40, None, 1, id="newest-turn-before-the-position"),
        pytest.param([(0, None, 10), (1, None, 30)], 20, None, 0, id="turns-after-the-position-left-out"),
        pytest.param([(0, "f", 10), (1, "m", 30)], 40, "f", 0, id="conflicting-gender-left-out"),
        pytest.param([(0, "f", 10), (1, None, 30)], 40, "f", 1, id="unknown-gender-fits-either"),
        pytest.param([(0, None, 10), (1, None, 10)], 40, None, 0, id="older-entity-wins-a-tie"),
        pytest.param([(0, None, 10), (1, None, 30), (0, None, 50)], 40, None, 1, id="a-moved-turn-leaves-no-trace"),
        pytest.param([(0, None, 10), (0, "m", 10)], 40, "f", None, id="refiled-under-a-gender-learnt-later"),
        pytest.param([], 40, None, None, id="nobody-spoke"),
    ],
)
def test_latest_person_turn(filed, position, gender, expected):
    record, people = turns(*filed)
    found = record.latest_before(position, gender)
    assert found is (people[expected] if expected is not None else None)


def test_latest_person_turn_leaves_out_a_given_speaker():
    record, people = turns((0, None, 10), (1, "m", 20), (2, "f", 30))
    assert record.latest_before(40, skip=people[2]) is people[1]
    assert record.latest_before(40, "f", skip=people[2]) is people[0]


def test_latest_collective_is_the_last_heard_then_the_oldest_unheard():
    record = CollectiveTurns()
    board, union, club = Someone(0), Someone(1), Someone(2)
    for body in (board, union, club):
        record.file(body.order, body, -1)
    assert record.latest() is board  # none heard yet: the first
    record.file(union.order, union, 50)
    record.file(club.order, club, 20)
    assert record.latest() is union
    record.file(union.order, union, 10)  # its turn recorded again, earlier
    assert record.latest() is club


def known(*names):
    index = PeopleByName(_norm)
    people = []
    for order, name in enumerate(names):
        person = Someone(order, name)
        index.index(person)
        people.append(person)
    return index, people


@pytest.mark.parametrize(
    "names, lookup, expected",
    [
        pytest.param(["Ines Varga"], "Varga", 0, id="surname-alone"),
        pytest.param(["Ines Varga"], "Ines Varga", 0, id="full-name"),
        pytest.param(["Ines Varga"], "Ines Varga’s", 0, id="possessive"),
        pytest.param(["Ines Varga", "Tomas Varga"], "Varga", 1, id="shared-surname-newest"),
        pytest.param(["Ines Varga", "Tomas Varga"], "Ines Varga", 0, id="shared-surname-full-name"),
        pytest.param(["Varga"], "Ines Varga", 0, id="known-by-surname-then-named-in-full"),
        pytest.param(["Ines Varga"], "Tomas Varga", None, id="another-first-name"),
        pytest.param(["Ines Varga"], "Oduya", None, id="unknown"),
    ],
)
def test_person_by_name(names, lookup, expected):
    index, people = known(*names)
    found = index.find(lookup)
    assert found is (people[expected] if expected is not None else None)


def test_person_by_name_follows_a_name_that_grew():
    index, (person,) = known("Varga")
    person.name = "Ines Varga"
    index.index(person)
    assert index.find("Varga") is person
    assert index.find("Tomas Varga") is None  # no longer known by the surname alone
    assert index.find("Ines Varga") is person


def test_person_by_name_many_sharing_a_surname():
    index, people = known(*(f"{first} Lund" for first in ("Ada", "Bo", "Cai", "Dag", "Eir") * 200))
    assert index.find("Lund") is people[-1]
    assert index.find("Cai Lund") is people[-3]
