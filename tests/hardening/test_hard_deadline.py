"""Pathological input cannot pin a worker: the engine works to a per-request
deadline (QUOTES_ENGINE_TIMEOUT_S) and answers 503 with Retry-After past
it, and its work through the API grows linearly with the input."""

from __future__ import annotations

import json
import time

import pytest

from service import benchmark, metrics
from service.config import Config
from service.http import routes
from service.http.schemas import QuoteSchema
from service.http.errors import ENGINE_TIMEOUT


#: About half a million characters the engine needs well over a second for.
SLOW = benchmark.ADVERSARIAL["many speakers"](480_000)


def _assert_timeout_problem(response, retry_after: str = "5") -> dict:
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"] == retry_after
    problem = response.get_json(force=True)
    assert problem["type"] == ENGINE_TIMEOUT and problem["status"] == 503
    assert problem["title"] == "Analysis Timed Out"
    return problem


def test_a_spent_budget_is_a_503_with_retry_after(make_app):
    client = make_app(ENGINE_TIMEOUT_S=1e-9, RETRY_AFTER_S=7).test_client()
    response = client.post("/v1/quotes", json={"text": '"Go now," said Jane Smith.'})
    problem = _assert_timeout_problem(response, "7")
    assert "time budget" in problem["detail"]


def test_the_engine_stops_mid_text_at_the_deadline(make_app):
    client = make_app(ENGINE_TIMEOUT_S=0.2).test_client()
    started = time.monotonic()
    response = client.post("/v1/quotes", json={"text": SLOW})
    took = time.monotonic() - started
    _assert_timeout_problem(response)
    # The whole request, JSON in and out included, ends soon after the budget.
    assert took < 2.0, took


def test_html_reading_counts_against_the_budget(make_app):
    client = make_app(ENGINE_TIMEOUT_S=1e-9).test_client()
    _assert_timeout_problem(client.post("/v1/quotes", json={"html": "<p>" * 1000}))


def test_the_same_text_passes_with_the_default_budget(client):
    assert client.post("/v1/quotes", json={"text": SLOW[:50_000]}).status_code == 200


def test_a_batch_keeps_what_was_done_and_marks_what_was_not(make_app):
    client = make_app(ENGINE_TIMEOUT_S=0.3).test_client()
    documents = [
        {"id": "first", "text": '"Go now," said Jane Smith.'},
        {"id": "slow", "text": SLOW},
        {"id": "never-reached", "text": '"Stop," said Ana Ruiz.'},
    ]
    response = client.post("/v1/quotes/batch", json={"documents": documents})
    assert response.status_code == 200
    first, slow, never = response.get_json()["results"]
    assert first["id"] == "first" and first["quotes"]
    for result, name in ((slow, "slow"), (never, "never-reached")):
        assert result["id"] == name
        assert result["error"]["status"] == 503
        assert result["error"]["type"] == ENGINE_TIMEOUT
    assert response.get_json()["meta"]["errors"] == 2


#: Shapes of text that once ran for many seconds past the budget (see
#: tests/engine/test_time_budget.py), each far longer than these budgets.
SLOW_SHAPES = ["apostrophe runs", "short quotations, one para", "quoted terms after naming", "sentence-dense paragraph"]
#: What a busy machine may add to a budget: a look at the clock every few
#: milliseconds, then the problem or the answer written and sent.
GRACE_S = 1.0


@pytest.mark.parametrize("name", SLOW_SHAPES)
def test_a_slow_shape_is_a_503_soon_after_the_budget(make_app, name, own_heap):
    client = make_app(ENGINE_TIMEOUT_S=0.5).test_client()
    body = json.dumps({"text": benchmark.ADVERSARIAL[name](480_000), "options": {"acts": ["speech", "position"]}})
    started = time.monotonic()
    response = client.post("/v1/quotes", data=body, content_type="application/json")
    took = time.monotonic() - started
    _assert_timeout_problem(response)
    assert took < 0.5 + GRACE_S, took


def test_a_batch_of_slow_shapes_answers_within_its_budget(make_app, own_heap):
    budget = 1.0
    client = make_app(ENGINE_TIMEOUT_S=budget, MAX_BODY_BYTES=20_000_000).test_client()
    documents = [{"id": "quick", "text": '"Go now," said Jane Smith.'}]
    documents += [{"id": name, "text": benchmark.ADVERSARIAL[name](480_000)} for name in SLOW_SHAPES]
    body = json.dumps({"documents": documents})
    started = time.monotonic()
    response = client.post("/v1/quotes/batch", data=body, content_type="application/json")
    took = time.monotonic() - started
    assert response.status_code == 200
    quick, *slow = response.get_json()["results"]
    assert quick["id"] == "quick" and quick["quotes"]
    for result, name in zip(slow, SLOW_SHAPES, strict=True):
        assert result["id"] == name
        assert result["error"]["type"] == ENGINE_TIMEOUT and result["error"]["status"] == 503
    assert response.get_json()["meta"]["errors"] == len(SLOW_SHAPES)
    assert took < budget + GRACE_S, took


def test_a_batch_keeps_the_documents_its_budget_covered(make_app, own_heap):
    # Many documents that each take a fraction of the budget: those analysed
    # before it ran out keep their results, the one it ran out on and every
    # later one get the problem, and the whole batch answers in time.  (The
    # results are empty: checking a long answer against openapi.yaml, as the
    # test client does, would take longer than the budget.)
    budget = 1.0
    client = make_app(ENGINE_TIMEOUT_S=budget, MAX_BODY_BYTES=20_000_000).test_client()
    text = benchmark.ADVERSARIAL["apostrophe runs"](100_000)
    body = json.dumps({"documents": [{"id": k, "text": text} for k in range(30)]})
    started = time.monotonic()
    response = client.post("/v1/quotes/batch", data=body, content_type="application/json")
    took = time.monotonic() - started
    results = response.get_json()["results"]
    failed = ["error" in result for result in results]
    assert failed[-1] and failed == sorted(failed)  # done, ..., done, timed out, ..., timed out
    assert all(r["error"]["type"] == ENGINE_TIMEOUT for r in results if "error" in r)
    assert took < budget + GRACE_S, took


def test_writing_the_answer_counts_toward_the_budget(make_app, monkeypatch, own_heap):
    # The engine is quick here, but writing out each quotation is made slow:
    # the answer runs past the budget, and the request is a 503 in time.
    class SlowQuote(QuoteSchema):
        def dump(self, obj, **kwargs):
            time.sleep(0.01)
            return super().dump(obj, **kwargs)

    monkeypatch.setattr(routes, "QUOTE", SlowQuote())
    client = make_app(ENGINE_TIMEOUT_S=0.5).test_client()
    started = time.monotonic()
    response = client.post("/v1/quotes", json={"text": "“Go now,” said Jane Smith. " * 500})
    took = time.monotonic() - started
    _assert_timeout_problem(response)
    assert took < 0.5 + GRACE_S, took


def _sample(name: str, labels: dict) -> float:
    value = metrics.REGISTRY.get_sample_value(name, labels)
    return value or 0.0


def test_timeouts_are_counted(make_app):
    labels = {"endpoint": "/v1/quotes"}
    before = _sample("quotes_engine_timeouts_total", labels)
    make_app(ENGINE_TIMEOUT_S=1e-9).test_client().post("/v1/quotes", json={"text": "a"})
    assert _sample("quotes_engine_timeouts_total", labels) == before + 1


@pytest.mark.parametrize(
    ("value", "expected"), [("0.5", 0.5), ("2", 2.0), (" 1_5 ", 15.0), ("", 10.0)]
)
def test_budget_setting_is_read_from_the_environment(value, expected):
    assert Config(environ={"QUOTES_ENGINE_TIMEOUT_S": value}).ENGINE_TIMEOUT_S == expected


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_budget_setting_must_be_a_positive_number(value):
    with pytest.raises(ValueError, match="QUOTES_ENGINE_TIMEOUT_S"):
        Config(environ={"QUOTES_ENGINE_TIMEOUT_S": value})


@pytest.mark.parametrize("name", sorted(benchmark.ADVERSARIAL))
def test_work_through_the_api_grows_linearly(name):
    # POST /v1/quotes in this process (JSON in, engine, offsets, JSON out),
    # process CPU time, median of three runs, at N and 2N characters.
    size = 20_000
    small, large = benchmark.time_adversarial((size, 2 * size), "api", runs=3, names=[name])[name]
    # Linear work doubles; quadratic quadruples.  Generous for a busy machine,
    # and times too short to measure are not compared.
    assert large < 3.5 * max(small, 0.01), (name, small, large)


def test_a_request_waits_for_its_turn_at_the_engine_within_its_budget(make_app):
    app = make_app(ENGINE_TIMEOUT_S=0.3)
    client = app.test_client()
    turns = app.extensions["quotes"]["engine_turns"]
    article = {"text": '"Go now," said Jane Smith.'}
    # Other requests are being analysed, as many as there are turns.
    assert turns.acquire(timeout=1) and turns.acquire(timeout=1)
    try:
        started = time.monotonic()
        response = client.post("/v1/quotes", json=article)
        waited = time.monotonic() - started
        _assert_timeout_problem(response)
        assert 0.25 <= waited < 2, waited
        # a batch's documents wait too, and get the problem as their result
        batch = client.post("/v1/quotes/batch", json={"documents": [{"id": 1, **article}]}).get_json()
        assert batch["results"][0]["error"]["status"] == 503
    finally:
        turns.release()
        turns.release()
    assert client.post("/v1/quotes", json=article).status_code == 200


def test_turns_at_the_engine_are_a_setting(make_app):
    assert make_app().extensions["quotes"]["engine_turns"]._value == 2
    assert make_app(ENGINE_CONCURRENCY=3).extensions["quotes"]["engine_turns"]._value == 3
    assert Config(environ={"QUOTES_ENGINE_CONCURRENCY": "1"}).ENGINE_CONCURRENCY == 1
    with pytest.raises(ValueError, match="QUOTES_ENGINE_CONCURRENCY"):
        Config(environ={"QUOTES_ENGINE_CONCURRENCY": "0"})
