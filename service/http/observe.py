"""Request ids, the one-line-per-request log and the request metrics.

:class:`Observer` wraps the WSGI app, outside Flask, so that every response
is covered, whatever produced it:

* ``X-Request-ID``: the client's own when it is 1 to 128 characters of
  ``[A-Za-z0-9._-]``, otherwise a new ``uuid4`` hex.  It is sent back on the
  response, is in ``environ["quotes.request_id"]`` for the app, and is on
  every log record written while the request is served.
* One JSON line on the ``service.access`` logger when the response has been
  sent: request id, method, path, endpoint, status, ``duration_ms``, and
  what the views noted with :func:`note` (``text_chars``, ``documents``,
  ``quotes``).  Never a body, never an article's text.
* ``quotes_http_requests_total`` and ``quotes_http_request_duration_seconds``
  (see :mod:`service.metrics`).
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import request
from werkzeug.wsgi import ClosingIterator

from service import metrics
from service.logs import ACCESS_LOGGER

#: A client's ``X-Request-ID`` that is echoed rather than replaced.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
HEADER = "X-Request-ID"

#: Longest path written to the log; the rest is cut (a path is client input).
MAX_LOGGED_PATH = 256

_ID_KEY = "quotes.request_id"
_NOTES_KEY = "quotes.notes"
_ENDPOINT_KEY = "quotes.endpoint"

access_log = logging.getLogger(ACCESS_LOGGER)


def request_id_for(header_value: str | None) -> str:
    """The client's id when it is acceptable, else a fresh one."""
    if header_value and REQUEST_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


def note(**fields) -> None:
    """Add fields (counts and sizes only) to this request's log line."""
    request.environ.setdefault(_NOTES_KEY, {}).update(fields)


def remember_endpoint() -> None:
    """``before_request`` hook: the matched route, for the metrics' ``endpoint`` label."""
    if request.url_rule is not None:
        request.environ[_ENDPOINT_KEY] = request.url_rule.rule


class Observer:
    """WSGI middleware; see the module documentation."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        rid = request_id_for(environ.get("HTTP_X_REQUEST_ID"))
        environ[_ID_KEY] = rid
        seen = {"status": 500}

        def start(status, headers, exc_info=None):
            seen["status"] = int(status.split(None, 1)[0])
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            headers.append((HEADER, rid))
            return start_response(status, headers, exc_info)

        try:
            body = self.app(environ, start)
        except BaseException:
            self._finish(environ, seen["status"], started)
            raise
        return ClosingIterator(body, lambda: self._finish(environ, seen["status"], started))

    @staticmethod
    def _finish(environ, status: int, started: float) -> None:
        seconds = time.perf_counter() - started
        endpoint = environ.get(_ENDPOINT_KEY)
        method = environ.get("REQUEST_METHOD", "")
        path = environ.get("PATH_INFO", "")
        if len(path) > MAX_LOGGED_PATH:
            path = path[:MAX_LOGGED_PATH] + "..."
        try:
            metrics.observe_request(endpoint, method, status, seconds)
        except Exception:  # metrics must never cost a client its answer
            access_log.exception("Could not record request metrics")
        fields = {
            "request_id": environ.get(_ID_KEY),
            "method": method,
            "path": path,
            "endpoint": endpoint or metrics.UNMATCHED,
            "status": status,
            "duration_ms": round(seconds * 1000, 3),
            **environ.get(_NOTES_KEY, {}),
        }
        level = logging.ERROR if status >= 500 else logging.INFO
        access_log.log(level, "%s %s %d", method, path, status, extra=fields)
