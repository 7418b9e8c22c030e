"""A small body cannot buy a large answer or a long computation: list-valued
options are bounded before their values are validated, a batch's documents
are counted before any is looked at, and a validation answer lists a bounded
number of fields and messages, each cut short."""

from __future__ import annotations

import json
import time
import tracemalloc

import pytest

from service.http import routes
from service.http.errors import VALIDATION, TOO_LARGE


#: Under a fifth of the default body limit... and many times what the
#: largest validation answer may be.
MAX_ANSWER = 25_000


def _compact(value) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _post(client, path: str, body: bytes):
    return client.post(path, data=body, content_type="application/json")


def _costs(client, path: str, body: bytes, memory: bool = False):
    """The answer, the CPU seconds it took, and (when ``memory``) the peak
    of new memory, traced (tracing makes it several times slower)."""
    if memory:
        tracemalloc.start()
    try:
        started = time.process_time()
        response = _post(client, path, body)
        cpu = time.process_time() - started
        peak = tracemalloc.get_traced_memory()[1] if memory else None
    finally:
        if memory:
            tracemalloc.stop()
    return response, cpu, peak


@pytest.mark.parametrize("option", ["types", "acts"])
def test_a_long_list_option_is_one_error_whatever_it_holds(client, option):
    # 1.6 MB: 330,000 bad values (the size that once cost 6.8 s, 239 MB and a 22 MB answer).
    body = _compact({"text": "a", "options": {option: ["ab"] * 330_000}})
    assert 1_600_000 < len(body) < 1_700_000
    response, cpu, peak = _costs(client, "/v1/quotes", body, memory=True)
    assert response.status_code == 422
    problem = response.get_json()
    assert problem["type"] == VALIDATION
    assert problem["errors"] == {f"options.{option}": [
        f"Must have at most {3 if option == 'types' else 2} items."]}
    assert len(response.get_data()) < 1000
    assert cpu < 1.0, cpu  # (about 0.05 s here, 0.3 s under tracemalloc)
    assert peak < 60_000_000, peak  # the parsed body itself, and little more


def test_a_list_option_at_its_bound_is_still_validated_value_by_value(client):
    response = client.post("/v1/quotes", json={"text": "a", "options": {"types": ["x", "y", "direct"]}})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"options.types.0", "options.types.1"}


def test_many_unknown_keys_get_a_bounded_answer(client):
    body = json.dumps({"text": "a", **{f"k{i}": 0 for i in range(150_000)}}).encode()
    assert len(body) < 2_000_000
    response, cpu, _ = _costs(client, "/v1/quotes", body)
    assert response.status_code == 422
    problem = response.get_json()
    assert len(problem["errors"]) == routes.MAX_ERROR_FIELDS
    assert "150000 in all; the first 20 are listed" in problem["detail"]
    assert len(response.get_data()) < MAX_ANSWER
    assert cpu < 2.0, cpu  # (about 0.5 s here: marshmallow names every unknown key)


def test_long_keys_are_cut_in_the_answer(client):
    keys = {("\u00e9" * 5000) + str(i): 0 for i in range(40)}  # non-ASCII: escaped six bytes each
    response = client.post("/v1/quotes", json={"text": "a", **keys})
    assert response.status_code == 422
    problem = response.get_json()
    assert all(len(path) <= routes.MAX_ERROR_PATH_CHARS + 3 for path in problem["errors"])
    assert len(response.get_data()) < MAX_ANSWER


def test_messages_per_field_are_bounded():
    errors, count = routes._field_errors({"text": [f"message {i}" for i in range(1000)],
                                          "html": ["x" * 10_000]})
    assert count == 2
    assert errors["text"] == ["message 0", "message 1", "message 2"]
    assert errors["html"] == ["x" * routes.MAX_ERROR_CHARS + "..."]


def test_a_batch_is_counted_before_anything_in_it_is_validated(client):
    # Every document and the options are bad: still a 413 for the count alone.
    body = _compact({"documents": [{}] * 400_000, "options": {"types": ["bad"] * 1000}})
    assert len(body) < 2_000_000
    response, cpu, _ = _costs(client, "/v1/quotes/batch", body)
    assert response.status_code == 413, response.get_data()[:300]
    assert response.get_json()["type"] == TOO_LARGE
    assert "400000 documents" in response.get_json()["detail"]
    # What is left is parsing the body, bounded by QUOTES_MAX_BODY_BYTES
    # (about 0.15 s here for these 1.2 MB).
    assert cpu < 1.0, cpu


def test_a_batch_of_bad_documents_gets_bounded_answers(make_app):
    client = make_app(MAX_BATCH_DOCUMENTS=100).test_client()
    document = {"id": 1, "text": "a", **{f"k{i}": 0 for i in range(500)}}
    response = client.post("/v1/quotes/batch", json={"documents": [document] * 100})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert all(len(r["error"]["errors"]) == routes.MAX_ERROR_FIELDS for r in results)
    assert len(response.get_data()) < 100 * 2_000
