"""Logs as JSON lines on stderr.

Every record is one line holding one JSON object::

    {"ts": "2025-01-31T12:00:00.123Z", "level": "info", "logger": "service.access",
     "message": "POST /v1/quotes 200", "pid": 4242, "request_id": "5f0c...",
     "method": "POST", "path": "/v1/quotes", "endpoint": "/v1/quotes",
     "status": 200, "duration_ms": 12.345, "text_chars": 4806, "quotes": 31}

``service.access`` writes exactly one such line per request (see
:mod:`service.http.observe`); it carries sizes and counts, never the text of
an article.  Other records (gunicorn's own, an unexpected error with its
``exc_info``) have the same shape, with the request id when they happen
while a request is being served.  Non-ASCII characters are escaped, so a
line is always valid UTF-8 and valid JSON whatever a client sent.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time

#: Attributes every ``LogRecord`` has; anything else was passed with ``extra=``.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

#: Logger of the one-line-per-request records.
ACCESS_LOGGER = "service.access"


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time, level, logger, message, pid, the
    request id when there is one, and every field given with ``extra=``."""

    def format(self, record: logging.LogRecord) -> str:
        seconds = int(record.created)
        millis = int((record.created - seconds) * 1000)
        line = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{millis:03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        request_id = _current_request_id()
        if request_id is not None:
            line["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=True, default=str)


def _current_request_id() -> str | None:
    try:
        from flask import has_request_context, request
    except ImportError:  # pragma: no cover - flask is a dependency
        return None
    if has_request_context():
        return request.environ.get("quotes.request_id")
    return None


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time of each record (test
    runners swap it), never to a stream that has since been closed."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def configure(level: str | int | None = None) -> logging.Logger:
    """Send the ``service`` loggers (the app's and the access log) to stderr
    as JSON lines.  Idempotent; ``QUOTES_LOG_LEVEL`` (default ``INFO``) sets the level."""
    logger = logging.getLogger("service")
    if not any(isinstance(h, StderrHandler) for h in logger.handlers):
        handler = StderrHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
    logger.setLevel(level or os.environ.get("QUOTES_LOG_LEVEL", "INFO").upper())
    # Records stop here: a root handler set up by someone else would print them twice.
    logger.propagate = False
    return logger
