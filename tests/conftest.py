"""Shared fixtures.  Every response any test client receives is checked
against ``openapi.yaml``: a test fails if the service answers something the
document does not describe, whatever the test itself asserts.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import yaml
from flask.testing import FlaskClient
from openapi_core import OpenAPI
from openapi_core import Config as OpenAPIConfig
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.deserializing.media_types.util import json_loads, plain_loads
from openapi_core.templating.paths.exceptions import (
    OperationNotFound,
    PathNotFound,
    ServerNotFound,
)
from openapi_schema_validator import OAS31Validator

from service.app import create_app
from service.config import Config

SPEC_PATH = Path(__file__).resolve().parent.parent / "service" / "openapi.yaml"
SPEC = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
OPENAPI = OpenAPI.from_file_path(
    str(SPEC_PATH),
    config=OpenAPIConfig(
        extra_media_type_deserializers={
            "application/problem+json": json_loads,
            "application/yaml": plain_loads,
            "text/html": plain_loads,
            "text/css": plain_loads,
            "text/javascript": plain_loads,
            "application/javascript": plain_loads,
            "text/plain": plain_loads,
        }
    ),
)


class _SentRequest(WerkzeugOpenAPIRequest):
    """The request a test sent; its body was already read by the app and
    response validation does not need it."""

    @property
    def body(self) -> bytes:
        return b""


def _component_response_schema(name: str) -> OAS31Validator:
    """A validator for the body of ``components/responses/<name>``."""
    content = SPEC["components"]["responses"][name]["content"]["application/problem+json"]
    return OAS31Validator({**SPEC, **content["schema"]})


_UNROUTED = {404: "NotFound", 405: "MethodNotAllowed"}


def check_against_spec(response) -> None:
    """Fail unless ``response`` is one openapi.yaml allows for its request."""
    request = response.request
    response.get_data()  # buffer streamed bodies so they can be read twice
    if request.method == "HEAD":
        get = SPEC["paths"].get(request.path, {}).get("get")
        if get is not None:
            assert str(response.status_code) in get["responses"], (
                f"HEAD {request.path} answered {response.status_code}, undocumented for GET"
            )
            assert response.get_data() == b""
            return
    try:
        OPENAPI.validate_response(
            _SentRequest(request), WerkzeugOpenAPIResponse(response)
        )
    except (PathNotFound, OperationNotFound, ServerNotFound) as exc:
        # (ServerNotFound: with "/" documented, an unknown path such as
        # /health/ looks like "/" under an unknown server.)
        # Not a documented operation: only the catch-all problems may answer.
        name = _UNROUTED.get(response.status_code)
        assert name, (
            f"{request.method} {request.path} is not in openapi.yaml "
            f"and answered {response.status_code}: {exc}"
        )
        assert response.mimetype == "application/problem+json", response.mimetype
        _component_response_schema(name).validate(response.get_json(force=True))
        for header, spec in SPEC["components"]["responses"][name].get("headers", {}).items():
            if spec.get("required"):
                assert header in response.headers, f"{name} response lacks {header}"


@pytest.fixture(autouse=True)
def _responses_match_openapi(monkeypatch):
    """Check every response of every Flask test client against openapi.yaml."""
    original_open = FlaskClient.open

    def open_and_check(self, *args, **kwargs):
        response = original_open(self, *args, **kwargs)
        check_against_spec(response)
        return response

    monkeypatch.setattr(FlaskClient, "open", open_and_check)


@pytest.fixture
def own_heap():
    """For tests that time the engine against its budget: what the test
    process holds from every other test is frozen out of the garbage
    collector's way (``gc.freeze``) while the test runs, so that a full
    collection costs what the work holds, as in a server worker, not what a
    long test session has piled up (a second and more)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@pytest.fixture
def make_app():
    """Build an app with settings overridden, e.g. ``make_app(MAX_TEXT_CHARS=5)``;
    the process environment is ignored so tests do not depend on it."""

    def make(**overrides):
        return create_app(Config(environ={}, TESTING=True, **overrides))

    return make


@pytest.fixture
def app(make_app):
    """The app with default settings (used by pytest-flask's ``client``)."""
    return make_app()
