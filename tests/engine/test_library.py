"""The engine as a library: ``extract`` takes what the HTTP API takes and
refuses what it refuses; ``Extraction.to_dict()`` writes the API's JSON
inside the time budget; ``extract_many`` streams results in input order, in
this process or in worker processes, with an error result for a record it
cannot analyse."""

from __future__ import annotations

import inspect
import itertools
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest

from service.engine import EngineTimeout, Result, extract, extract_many
from service.engine.deadline import budget
from service.engine.library import CHUNKS_AHEAD, CHUNKSIZE

SAID = "“The bridge will be ready by June,” said engineer Talia Ormsby."
ASTRAL = "\U0001f309 " + SAID


@pytest.mark.parametrize(
    "arguments",
    [{}, {"text": SAID, "html": f"<p>{SAID}</p>"}, {"text": SAID.encode()}, {"html": 7}],
    ids=["neither text nor html", "both", "bytes for text", "a number for html"],
)
def test_exactly_one_source_as_a_string(arguments):
    with pytest.raises(TypeError, match="exactly one of 'text' and 'html'"):
        extract(**arguments)


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"types": ["direct", "rumour"]}, "types"),
        ({"types": "direct"}, "types"),
        ({"acts": ["opinion"]}, "acts"),
        ({"offsets": "bytes"}, "offsets"),
        ({"time_budget": 0}, "time_budget"),
        ({"time_budget": -1.5}, "time_budget"),
    ],
    ids=["unknown type", "a string for types", "unknown act", "unknown unit", "no time", "negative time"],
)
def test_options_the_api_would_refuse_are_refused(options, named):
    with pytest.raises(ValueError, match=named):
        extract(SAID, **options)


def test_positional_text_types_and_acts_still_work():
    assert extract(SAID, ("indirect",), ("speech",)).quotes == []
    assert [q.type for q in extract(SAID, ["direct"]).quotes] == ["direct"]


def test_records_hold_code_points_whatever_unit_to_dict_writes():
    result = extract(ASTRAL, offsets="utf16")
    [quote] = result.quotes
    assert result.text[quote.start:quote.end] == quote.text
    assert result.to_dict()["quotes"][0]["start"] == quote.start + 1


def test_html_gives_the_text_read_and_spans_of_the_markup():
    page = "<p>&ldquo;The bridge will be <b>ready</b> by June,&rdquo; said engineer Talia Ormsby.</p>"
    result = extract(html=page)
    [quote] = result.quotes
    assert result.text == SAID and result.html == page
    assert page[quote.html_start:quote.html_end] == "The bridge will be <b>ready</b> by June,"
    assert "html_start" not in extract(SAID).to_dict()["quotes"][0]


def test_reading_html_counts_toward_the_budget():
    with pytest.raises(EngineTimeout):
        extract(html="<p>" * 200_000, time_budget=1e-6)


def test_writing_the_answer_counts_toward_a_budget_around_it():
    result = extract(" ".join([SAID] * 300))
    with budget(0.001):
        time.sleep(0.01)
        with pytest.raises(EngineTimeout):
            result.to_dict()
    assert len(result.to_dict()["quotes"]) == 300  # outside a budget it writes


def test_a_budget_inside_another_never_outlasts_it():
    with budget(0.001):
        time.sleep(0.01)
        with pytest.raises(EngineTimeout):
            extract(SAID, time_budget=60)
        with pytest.raises(EngineTimeout):
            extract(SAID)


# --- extract_many --------------------------------------------------------------


def _articles(count: int) -> list[dict]:
    places = ["the bridge", "the ferry", "the tunnel", "the quay", "the lock gates"]
    records = []
    for k in range(count):
        sentence = f"“{places[k % 5].capitalize()} will be ready by week {k},” said engineer Talia Ormsby."
        records.append({"id": f"n{k}", "html": f"<p>{sentence}</p>"} if k % 3 == 0 else {"id": f"n{k}", "text": sentence})
    return records


@pytest.mark.parametrize("workers", [1, 2, 3], ids=["in process", "two workers", "three workers"])
def test_results_come_in_input_order_and_equal_extract(workers):
    records = _articles(90)
    results = list(extract_many(records, offsets="utf16", workers=workers))
    assert [r.id for r in results] == [r["id"] for r in records]
    expected = [extract(text=r.get("text"), html=r.get("html"), offsets="utf16").to_dict() for r in records]
    assert [r.extraction.to_dict() for r in results] == expected


BAD_RECORDS = {
    "not a dict": (["n", 1], None, "not a JSON object"),
    "no source": ({"id": "a"}, "a", "exactly one of 'text' and 'html'"),
    "both sources": ({"id": "b", "text": SAID, "html": SAID}, "b", "exactly one"),
    "text not a string": ({"id": "c", "text": 3}, "c", "exactly one"),
    # about 3 s of work on a quiet machine: well past the budget below
    "over its budget": ({"id": "d", "text": "“Yes.” " * 100_000}, "d", "EngineTimeout"),
}


@pytest.mark.parametrize("workers", [1, 2], ids=["in process", "two workers"])
@pytest.mark.parametrize("name", sorted(BAD_RECORDS))
def test_a_bad_record_gives_an_error_result_and_the_stream_goes_on(name, workers):
    record, record_id, error = BAD_RECORDS[name]
    good = {"id": "ok", "text": SAID}
    results = list(extract_many([good, record, good], time_budget=0.5, workers=workers))
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].id == record_id and error in results[1].error
    assert results[1].to_dict() == {"id": record_id, "error": results[1].error}


def test_a_record_without_an_id_has_none():
    [result] = extract_many([{"text": SAID}])
    assert result.id is None and result.to_dict()["id"] is None and result.ok


def test_it_is_a_generator_that_reads_only_as_far_as_it_must():
    pulled = itertools.count()

    def endless():
        for k in pulled:
            yield {"id": k, "text": SAID}

    stream = extract_many(endless(), workers=2)
    assert inspect.isgenerator(stream)
    first = list(itertools.islice(stream, 40))
    stream.close()
    assert [r.id for r in first] == list(range(40))
    # the queue, the chunks in flight and those done out of order, no more
    assert next(pulled) <= 40 + 2 * (2 * CHUNKS_AHEAD * CHUNKSIZE) + 2 * CHUNKSIZE


def test_a_worker_that_dies_is_replaced_and_its_articles_get_error_results():
    records = _articles(300)
    stream = extract_many(records, workers=2)
    results = [next(stream)]
    for child in multiprocessing.active_children():
        child.kill()
    results += list(stream)
    assert [r.id for r in results] == [r["id"] for r in records]
    lost = [r for r in results if not r.ok]
    assert all("worker process" in r.error for r in lost)
    assert results[-1].ok  # replaced workers finished the stream


@pytest.mark.parametrize("workers", [-1, 1.5, "2", True])
def test_workers_is_a_whole_number(workers):
    with pytest.raises(ValueError, match="workers"):
        extract_many([], workers=workers)


def test_options_are_checked_before_anything_is_read():
    with pytest.raises(ValueError, match="offsets"):
        extract_many(iter(()), offsets="bytes")
    assert isinstance(next(extract_many([{"text": SAID}])), Result)


def test_workers_end_when_their_parent_is_killed(tmp_path):
    """A parent killed before it could stop its workers (SIGKILL, or a signal
    that lands while they start) must not leave them waiting for work for
    ever: they hold the parent's standard streams, and whoever reads those
    would wait with them."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import multiprocessing, sys\n"
        "from service.engine import extract_many\n"
        "def records():\n"
        "    yield {'id': 'a', 'text': 'Ada Roe said it was fine.'}\n"
        "    sys.stdin.read()  # blocks: the workers wait for more\n"
        "results = extract_many(records(), workers=2)\n"
        "next(results)\n"
        "print(' '.join(str(p.pid) for p in multiprocessing.active_children()), flush=True)\n"
        "sys.stdin.read()\n",
        encoding="utf-8",
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              cwd=os.getcwd())
    try:
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=60)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.stdin.close()
        parent.stdout.close()


def _alive(pid: int) -> bool:
    """Whether a process still runs (a zombie awaiting its reaper does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
