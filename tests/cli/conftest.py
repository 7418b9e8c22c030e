"""Generated news articles for the archive tests: invented people, places and
quotations, in the shapes the engine attributes (direct, indirect, mixed)
and with articles that quote nobody."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

FIRST = ["Irene", "Tomas", "Maren", "Oskar", "Lidia", "Bram", "Sanne", "Pavel", "Ines", "Joost", "Greta", "Ruben"]
LAST = ["Castell", "Vell", "Okafor", "Lindqvist", "Marchetti", "Doorn", "Halloran", "Szabo", "Ferreira", "Nakamura"]
ROLES = ["mayor", "harbour master", "council leader", "union secretary", "head teacher", "fire chief"]
PLACES = ["Eastmere", "Callowbridge", "Port Hanlow", "Brackenford", "Saltmarsh Quay"]
TOPICS = ["the ferry timetable", "the new library", "the flood barrier", "the bus depot", "the school merger"]
SAYINGS = [
    "We will not wait another winter",
    "The money is already in the budget",
    "Nobody asked the people who live here",
    "This is the best news the town has had in years",
    "We need more time to read the report",
]


def article_text(rng: random.Random) -> str:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    surname = name.split()[1]
    role, place, topic, saying = rng.choice(ROLES), rng.choice(PLACES), rng.choice(TOPICS), rng.choice(SAYINGS)
    lead = f"{place} council met on {rng.choice(['Monday', 'Tuesday', 'Thursday'])} to discuss {topic}."
    shape = rng.randrange(5)
    if shape == 0:
        body = f"“{saying},” said {role} {name}."
    elif shape == 1:
        body = f"{role.capitalize()} {name} said {topic} would open in {rng.choice(['May', 'June'])}.\n\n“{saying},” {surname} said."
    elif shape == 2:
        body = f"{name}, the {role} of {place}, called the plan “{saying.lower()}”."
    elif shape == 3:
        body = f"{name} told reporters: “{saying}.” Other members said little."
    else:
        body = f"The meeting ended early. A vote on {topic} is expected next month."
    return f"{lead}\n\n{body}"

@pytest.fixture
def make_articles():
    """``make_articles(n, seed=1, bad_every=0)``: JSON Lines text of ``n``
    articles (ids ``a0``, ``a1``, ...), with a malformed line after every
    ``bad_every``-th article when asked."""

    def make(count: int, seed: int = 1, bad_every: int = 0) -> str:
        rng = random.Random(seed)
        lines = []
        for i in range(count):
            lines.append(json.dumps({"id": f"a{i}", "text": article_text(rng), "section": "local"}, ensure_ascii=False))
            if bad_every and i % bad_every == bad_every - 1:
                lines.append(rng.choice(['{"id": "broken", "text": ', '{"id": "no-text"}', "[1, 2]"]))
        return "\n".join(lines) + "\n"

    return make


@pytest.fixture
def run_cli():
    def run(*args, stdin=None, timeout=120):
        return subprocess.run(
            [sys.executable, "-m", "service", *map(str, args)],
            input=stdin, capture_output=True, text=True, timeout=timeout, check=False,
        )

    return run
