"""The response check in tests/conftest.py catches what the spec does not allow,
and the settings come from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from openapi_core.exceptions import OpenAPIError

import service
from service.app import create_app
from service.config import Config


def _app_answering(body, status=200, mimetype="application/json", path="/health",
                   headers=(("X-Request-ID", "a1"),)):
    app = Flask(__name__)
    app.add_url_rule(
        path, "x",
        lambda: app.response_class(body, status=status, mimetype=mimetype, headers=list(headers)),
    )
    return app


@pytest.mark.parametrize(
    ("body", "status", "mimetype"),
    [
        ('{"status": "fine"}', 200, "application/json"),  # not in the enum
        ('{"status": "ok", "extra": 1}', 200, "application/json"),  # unknown field
        ('{}', 200, "application/json"),  # missing field
        ('{"status": "ok"}', 201, "application/json"),  # undocumented status
        ('{"status": "ok"}', 200, "text/plain"),  # undocumented media type
    ],
)
def test_off_spec_response_fails_the_test(body, status, mimetype):
    client = _app_answering(body, status, mimetype).test_client()
    with pytest.raises(OpenAPIError):
        client.get("/health")


@pytest.mark.parametrize("headers", [(), (("X-Request-ID", "not valid!"),)], ids=["missing", "malformed"])
def test_response_without_a_good_request_id_fails_the_test(headers):
    client = _app_answering('{"status": "ok"}', headers=headers).test_client()
    with pytest.raises(OpenAPIError):
        client.get("/health")


def test_unknown_path_must_answer_a_problem():
    client = _app_answering('{"status": "ok"}', path="/undocumented").test_client()
    with pytest.raises(AssertionError):
        client.get("/undocumented")


def test_on_spec_response_passes():
    client = _app_answering('{"status": "ok"}').test_client()
    assert client.get("/health").status_code == 200


def test_config_defaults():
    config = Config(environ={})
    assert config.MAX_BODY_BYTES == 2_000_000
    assert config.MAX_TEXT_CHARS == 500_000
    # The spec ships inside the package, so an installed wheel serves it too.
    assert Path(config.OPENAPI_PATH) == Path(service.__file__).resolve().parent / "openapi.yaml"


def test_config_reads_environment():
    config = Config(environ={
        "QUOTES_MAX_BODY_BYTES": "1_000", "QUOTES_MAX_TEXT_CHARS": " 42 ",
        "QUOTES_OPENAPI_PATH": "/srv/openapi.yaml",
    })
    assert (config.MAX_BODY_BYTES, config.MAX_TEXT_CHARS) == (1000, 42)
    assert config.OPENAPI_PATH == "/srv/openapi.yaml"


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1.5"])
def test_config_rejects_bad_limits(value):
    with pytest.raises(ValueError, match="QUOTES_MAX_TEXT_CHARS"):
        Config(environ={"QUOTES_MAX_TEXT_CHARS": value})


def test_create_app_without_arguments_reads_the_environment(monkeypatch):
    monkeypatch.setenv("QUOTES_MAX_BODY_BYTES", "1234")
    app = create_app()
    assert app.config["MAX_CONTENT_LENGTH"] == 1234
    assert app.config["MAX_BODY_BYTES"] == 1234


def test_create_app_accepts_a_mapping_of_overrides():
    app = create_app({"MAX_TEXT_CHARS": 7, "TESTING": True})
    assert app.config["MAX_TEXT_CHARS"] == 7 and app.testing
