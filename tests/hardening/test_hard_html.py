"""Hostile HTML: markup that made the standard parser crash or take
quadratic time is read in linear time, through the API too."""

from __future__ import annotations

import statistics
import time

import pytest

from service.engine.html_text import html_to_text

#: Markup the standard parser (Python < 3.12.11 / 3.13.4) handles badly,
#: and markup that stressed our own tag bookkeeping.
ADVERSARIAL_HTML = {
    "start-tag-soup": lambda n: "<a" * (n // 2),
    "end-tag-soup": lambda n: "</" * (n // 2),
    "processing-instruction-soup": lambda n: "<?" * (n // 2),
    "declaration-soup": lambda n: "<!" * (n // 2),
    "unclosed-comments-with-gt": lambda n: "<!--a>" * (n // 6),
    "unclosed-sections-with-gt": lambda n: "<![CDATA[a>" * (n // 11),
    "unclosed-attribute-quotes": lambda n: "<a x='y" * (n // 7),
    "stray-end-tags-under-open-ones": lambda n: "<b>" * (n // 14) + "</i>" * (n // 8),
    "nested-divs": lambda n: "<div>" * (n // 5),
    "entities": lambda n: "&amp;&#x201c;" * (n // 13),
}


def _cpu_seconds(source: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        html_to_text(source)
        times.append(time.process_time() - started)
    return statistics.median(times)


@pytest.mark.parametrize("make", ADVERSARIAL_HTML.values(), ids=ADVERSARIAL_HTML.keys())
def test_hostile_markup_is_read_in_linear_time(make):
    size = 20_000
    small, large = _cpu_seconds(make(size)), _cpu_seconds(make(4 * size))
    # Four times the input takes a linear reader four times as long and a
    # quadratic one sixteen; allow for noise on a busy machine, and ignore
    # times too short to measure.
    assert large < 8 * max(small, 0.005), (small, large)


MARKED_SECTIONS = {
    "bracket-then-tag": "<![<p>hi",
    "unknown-keyword": "<![foo[x]]>after",
    "space-after-bracket": '<p>a</p><![ x <p>"Go," she said.</p>',
    "at-the-end": "text<![",
    "cdata": "<![CDATA[x]]>y",
    "conditional": "<![if x]>z<![endif]>w",
}


@pytest.mark.parametrize("source", MARKED_SECTIONS.values(), ids=MARKED_SECTIONS.keys())
def test_odd_marked_sections_do_not_crash_and_offsets_stay_right(client, source):
    page = html_to_text(source)
    for i, char in enumerate(page.text):
        start, end = page.source_span(i, i + 1)
        if char.strip():
            assert source[start:end] == char or source[start:end].startswith("&")
    response = client.post("/v1/quotes", json={"html": source})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["text"] == page.text


def test_text_after_the_last_tag_keeps_its_angle_brackets():
    page = html_to_text("<p>a</p> 1 < 2 <b and 3 </ 4")
    assert page.text == "a\n\n1 < 2 <b and 3 </ 4"
