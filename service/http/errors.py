"""Errors as RFC 9457 problem details (``application/problem+json``).

Problems specific to this API carry a ``type`` under ``PROBLEM_BASE``, a
path of this service (a relative reference with its full path, as RFC 9457
allows) whose page says what the problem means (``service.http.problems``);
plain HTTP conditions (404, 405, 500 and any other status) use
``about:blank`` with the status phrase as ``title``, as RFC 9457 suggests.
The same list is in ``openapi.yaml``.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.routing import RoutingException

from .schemas import PROBLEM

PROBLEM_BASE = "/problems/"
MALFORMED_JSON = PROBLEM_BASE + "malformed-json"  # 400
TOO_LARGE = PROBLEM_BASE + "too-large"  # 413: body bytes or text characters
UNSUPPORTED_MEDIA_TYPE = PROBLEM_BASE + "unsupported-media-type"  # 415
VALIDATION = PROBLEM_BASE + "validation"  # 422, with ``errors``
NOT_READY = PROBLEM_BASE + "not-ready"  # 503 from /ready
ENGINE_TIMEOUT = PROBLEM_BASE + "engine-timeout"  # 503, with Retry-After
BLANK = "about:blank"

TITLES = {
    MALFORMED_JSON: "Malformed JSON",
    TOO_LARGE: "Content Too Large",
    UNSUPPORTED_MEDIA_TYPE: "Unsupported Media Type",
    VALIDATION: "Validation Failed",
    NOT_READY: "Not Ready",
    ENGINE_TIMEOUT: "Analysis Timed Out",
}

MEDIA_TYPE = "application/problem+json"


class Problem(Exception):
    """Raised by views to answer with a problem of a known ``type``."""

    def __init__(self, status: int, type: str, detail: str, errors: dict | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.type = type
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}

    def as_dict(self) -> dict:
        """The problem as a body, e.g. for one document of a batch."""
        return problem_body(self.status, self.type, TITLES[self.type], self.detail, self.errors)


def problem_body(status, type, title, detail, errors=None) -> dict:
    """A problem detail object shaped by ``ProblemSchema``."""
    body = {"type": type, "title": title, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return PROBLEM.dump(body)


def problem_response(status, type, title, detail, errors=None, headers=None):
    """A ``problem+json`` response shaped by ``ProblemSchema``."""
    response = current_app.json.response(problem_body(status, type, title, detail, errors))
    response.status_code = status
    response.mimetype = MEDIA_TYPE
    for name, value in headers or ():
        response.headers[name] = value
    return response


def _handle_problem(exc: Problem):
    """Render a ``Problem`` raised by a view."""
    return problem_response(
        exc.status, exc.type, TITLES[exc.type], exc.detail, exc.errors, exc.headers.items()
    )


def _handle_http(exc: HTTPException):
    """Render any werkzeug HTTP error (404, 405, 413, ...) as a problem."""
    if isinstance(exc, RoutingException) or exc.code is None or exc.code < 400:
        return exc  # redirects are not errors
    if isinstance(exc, RequestEntityTooLarge):
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        return problem_response(
            413, TOO_LARGE, TITLES[TOO_LARGE],
            f"The request body is larger than the limit of {limit} bytes.",
        )
    headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
    detail = exc.description or exc.name
    return problem_response(exc.code, BLANK, exc.name, detail, headers=headers)


def _handle_unexpected(exc: Exception):
    """Log a bug and answer 500 without leaking its details."""
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return problem_response(
        500, BLANK, "Internal Server Error",
        "The server hit an unexpected error; it has been logged.",
    )


def register_error_handlers(app: Flask) -> None:
    """Make every error the app can produce a ``problem+json`` response."""
    app.register_error_handler(Problem, _handle_problem)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
