"""Settings for the HTTP service, read from the environment.

Every setting has a default, so the service starts with no environment at
all.  ``create_app`` copies the upper-case attributes into ``app.config``.

===============================  ==========================  ==================
Environment variable             Attribute                   Default
===============================  ==========================  ==================
``QUOTES_MAX_BODY_BYTES``        ``MAX_BODY_BYTES``          ``2000000``
``QUOTES_MAX_TEXT_CHARS``        ``MAX_TEXT_CHARS``          ``500000``
``QUOTES_MAX_BATCH_DOCUMENTS``   ``MAX_BATCH_DOCUMENTS``     ``100``
``QUOTES_MAX_SOURCES``            ``MAX_SOURCES``             ``20``
``QUOTES_MAX_SOURCE_CHARS``       ``MAX_SOURCE_CHARS``        ``1000000``
``QUOTES_CORS_ORIGINS``          ``CORS_ORIGINS``            ``*``
``QUOTES_ENGINE_TIMEOUT_S``      ``ENGINE_TIMEOUT_S``        ``10``
``QUOTES_RETRY_AFTER_S``         ``RETRY_AFTER_S``           ``5``
``QUOTES_ENGINE_CONCURRENCY``    ``ENGINE_CONCURRENCY``      ``2``
``QUOTES_METRICS``               ``METRICS``                 ``on``
``QUOTES_METRICS_TOKEN``         ``METRICS_TOKEN``           (none)
``QUOTES_OPENAPI_PATH``          ``OPENAPI_PATH``            ``openapi.yaml`` in
                                                             this package
===============================  ==========================  ==================

``QUOTES_CORS_ORIGINS`` is ``*`` (any origin) or a comma-separated list of
exact origins such as ``https://news.example,chrome-extension://abcdef``;
browsers are never sent credentials.

``QUOTES_ENGINE_TIMEOUT_S`` (seconds, may be fractional) bounds the engine's
work on one request, all documents of a batch together, writing out their
quotations included; past it the request is answered 503 with
``Retry-After: QUOTES_RETRY_AFTER_S`` (in a batch, each document the budget
did not cover gets that problem as its result).  Keep it well
below gunicorn's worker ``timeout`` (30 s by default, see gunicorn.conf.py)
so that a pathological text costs one quick 503, never a killed worker.

``GET /metrics`` tells whoever asks how busy the service is and what fails.
``QUOTES_METRICS=off`` removes it (404); with ``QUOTES_METRICS_TOKEN`` set
(at least 16 characters of ``A-Z a-z 0-9 - . _ ~ + /``) it answers only a
request with ``Authorization: Bearer <token>``, anything else with a 401.
It never carries CORS headers: no browser page has any business reading it.

``QUOTES_ENGINE_CONCURRENCY`` is how many analyses one process runs at once.
The engine is CPU-bound and Python runs one thread's code at a time, so many
at once only slow each other down and make the process's other threads
(``/health``, reading and writing other requests) wait longer for their
turn; run more processes for more throughput (``WEB_CONCURRENCY``).  Two
rather than one, so that a short text does not wait for a long one to be
done: it shares the process with it for the milliseconds it needs (with two
clients sending 1.6-million-character batches to two workers, a short text
took 20 ms at the median and 0.5 s at worst with two turns, against 1.06 s
and 1.8 s with one; the batches took as long either way).  A request waits
for its turn within its time budget: a server busy for the whole budget
answers 503 with ``Retry-After``, as for a text that takes too long.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from pathlib import Path

#: The spec ships inside the package, so a wheel, the container image and a
#: checkout all serve the one file the drift test reads.
DEFAULT_OPENAPI_PATH = Path(__file__).resolve().parent / "openapi.yaml"


def _positive_int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be greater than zero, got {value}")
    return value


def _positive_float(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw.replace("_", ""))
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(f"{name} must be greater than zero, got {raw!r}")
    return value


# scheme://host[:port], or "null" (sandboxed frames, file: pages); no
# wildcards or patterns: an origin either matches exactly or not at all.
_ORIGIN = re.compile(r"(?:[a-z][a-z0-9+.-]*://[a-z0-9._~%!&'+,;=@:-]+|null)", re.IGNORECASE)


def _origins(environ: Mapping[str, str], name: str) -> str | list[str]:
    """``"*"`` or a list of exact origins, without trailing slashes."""
    raw = environ.get(name, "").strip()
    if not raw or raw == "*":
        return "*"
    origins = []
    for item in raw.split(","):
        origin = item.strip().rstrip("/")
        if not origin:
            continue
        if origin == "*" or not _ORIGIN.fullmatch(origin):
            raise ValueError(
                f"{name} must be * or a comma-separated list of origins like "
                f"https://news.example, got {item.strip()!r}"
            )
        origins.append(origin)
    if not origins:
        raise ValueError(f"{name} names no origin: {raw!r}")
    return origins


#: Seconds a client has, from the first byte of a request, to send all of it;
#: and again, from the first byte of the answer, to take all of it.  A server
#: setting (gunicorn.conf.py, service/server.py), read here so that the
#: server checks it at start-up without loading the app.
CLIENT_TIMEOUT_VARIABLE = "GUNICORN_CLIENT_TIMEOUT"
DEFAULT_CLIENT_TIMEOUT_S = 20.0


def client_timeout_s(environ: Mapping[str, str] | None = None) -> float:
    """``GUNICORN_CLIENT_TIMEOUT`` in seconds (default 20), checked."""
    env = os.environ if environ is None else environ
    return _positive_float(env, CLIENT_TIMEOUT_VARIABLE, DEFAULT_CLIENT_TIMEOUT_S)


_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]{16,}")


def _metrics_mode(environ: Mapping[str, str], name: str) -> str:
    raw = environ.get(name, "").strip().lower() or "on"
    if raw not in {"on", "off"}:
        raise ValueError(f"{name} must be on or off, got {raw!r}")
    return raw


def _token(environ: Mapping[str, str], name: str) -> str | None:
    raw = environ.get(name, "").strip()
    if not raw:
        return None
    if not _TOKEN.fullmatch(raw):
        raise ValueError(
            f"{name} must be at least 16 characters of A-Z a-z 0-9 - . _ ~ + / "
            f"(got {len(raw)} characters)"
        )
    return raw


class Config:
    """Service settings: environment first, then keyword overrides.

    ``Config(TESTING=True, MAX_TEXT_CHARS=10)`` is how tests pin values; any
    other upper-case keyword is passed to Flask as is.
    """

    def __init__(self, environ: Mapping[str, str] | None = None, **overrides):
        env = os.environ if environ is None else environ
        #: Largest request body accepted, in bytes; larger bodies get 413.
        self.MAX_BODY_BYTES = _positive_int(env, "QUOTES_MAX_BODY_BYTES", 2_000_000)
        #: Longest ``text`` or ``html`` accepted, in code points; longer gets 413.
        self.MAX_TEXT_CHARS = _positive_int(env, "QUOTES_MAX_TEXT_CHARS", 500_000)
        #: Most documents in one ``POST /v1/quotes/batch``; more get 413.
        self.MAX_BATCH_DOCUMENTS = _positive_int(env, "QUOTES_MAX_BATCH_DOCUMENTS", 100)
        #: Most sources in one ``POST /v1/quotes/verify``; more get 413.
        self.MAX_SOURCES = _positive_int(env, "QUOTES_MAX_SOURCES", 20)
        #: Most characters of all sources of one quote check together; more get 413.
        self.MAX_SOURCE_CHARS = _positive_int(env, "QUOTES_MAX_SOURCE_CHARS", 1_000_000)
        #: Origins browsers may call the API from: ``"*"`` or a list.
        self.CORS_ORIGINS = _origins(env, "QUOTES_CORS_ORIGINS")
        #: Seconds the engine may spend on one request before it answers 503.
        self.ENGINE_TIMEOUT_S = _positive_float(env, "QUOTES_ENGINE_TIMEOUT_S", 10.0)
        #: ``Retry-After`` seconds sent with that 503.
        self.RETRY_AFTER_S = _positive_int(env, "QUOTES_RETRY_AFTER_S", 5)
        #: Analyses one process runs at once; other requests wait their turn.
        self.ENGINE_CONCURRENCY = _positive_int(env, "QUOTES_ENGINE_CONCURRENCY", 2)
        #: ``"on"`` or ``"off"``: whether ``GET /metrics`` is served at all.
        self.METRICS = _metrics_mode(env, "QUOTES_METRICS")
        #: When set, ``GET /metrics`` needs ``Authorization: Bearer <token>``.
        self.METRICS_TOKEN = _token(env, "QUOTES_METRICS_TOKEN")
        #: The OpenAPI document served at ``GET /openapi.yaml``.
        self.OPENAPI_PATH = env.get("QUOTES_OPENAPI_PATH") or str(DEFAULT_OPENAPI_PATH)
        for key, value in overrides.items():
            if not key.isupper():
                raise TypeError(f"Config keys are upper case, got {key!r}")
            setattr(self, key, value)

    def as_dict(self) -> dict:
        """The settings as a plain mapping, ready for ``app.config.update``."""
        return {k: v for k, v in vars(self).items() if k.isupper()}
