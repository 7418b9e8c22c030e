"""Liveness, readiness and the served OpenAPI document."""

from __future__ import annotations

from pathlib import Path

import yaml

import service.http.routes as routes
from service import __version__
from service.engine import LEXICON_VERSION

SPEC_PATH = Path(__file__).resolve().parents[2] / "service" / "openapi.yaml"


def test_health_does_no_work(client, monkeypatch):
    monkeypatch.setattr(routes, "extract", lambda *a, **k: 1 / 0)
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_head_health(client):
    response = client.head("/health")
    assert response.status_code == 200
    assert response.get_data() == b""


def test_ready_runs_the_engine_once(client, monkeypatch):
    calls = []
    real = routes.extract

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(routes, "extract", counting)
    for _ in range(3):
        response = client.get("/ready")
        assert response.status_code == 200
        assert response.get_json() == {
            "status": "ready", "version": __version__, "lexicon_version": LEXICON_VERSION,
        }
    assert len(calls) == 1


def test_ready_recovers_after_a_failed_probe(client, monkeypatch):
    real = routes.extract
    monkeypatch.setattr(routes, "extract", lambda *a, **k: 1 / 0)
    assert client.get("/ready").status_code == 503
    monkeypatch.setattr(routes, "extract", real)
    assert client.get("/ready").status_code == 200


def test_openapi_document_is_served(client):
    response = client.get("/openapi.yaml")
    assert response.status_code == 200
    assert response.mimetype in {"application/yaml", "text/yaml"}
    assert yaml.safe_load(response.get_data()) == yaml.safe_load(SPEC_PATH.read_text("utf-8"))


def test_missing_openapi_document_is_a_404_problem(make_app, tmp_path):
    client = make_app(OPENAPI_PATH=str(tmp_path / "absent.yaml")).test_client()
    response = client.get("/openapi.yaml")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
