"""The API's endpoints, on one blueprint."""

from __future__ import annotations

import json
import time
from pathlib import Path

from flask import Blueprint, current_app, request, send_file
from marshmallow import ValidationError
from werkzeug.exceptions import NotFound, RequestEntityTooLarge

from service import __version__
from service.engine import LEXICON_VERSION, QUOTE_TYPES, extract

from .errors import (
    MALFORMED_JSON,
    NOT_READY,
    TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    VALIDATION,
    Problem,
)
from .schemas import HEALTH, QUOTE_REQUEST, QUOTES_RESPONSE, READY

bp = Blueprint("api", __name__)

READY_PROBE = '"We are ready," she said.'


# --- request body helpers -----------------------------------------------------


def _is_json(mimetype: str) -> bool:
    return mimetype == "application/json" or (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    )


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _reject_duplicates(pairs: list) -> dict:
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(f"duplicate key {key!r}")
        obj[key] = value
    return obj


def _read_body() -> bytes:
    """The raw body, or 413 when it is over ``MAX_CONTENT_LENGTH``."""
    raw = request.get_data(cache=False)  # 413 when Content-Length is over the limit
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is None and len(raw) >= limit:
        # A chunked body is cut at the limit without an error; look one byte past it.
        if request.environ["wsgi.input"].read(1):
            raise RequestEntityTooLarge()
    return raw


def _json_body():
    """The request body parsed as strict JSON (UTF-8, no NaN, no duplicate keys)."""
    if not _is_json(request.mimetype):
        got = request.mimetype or "no Content-Type"
        raise Problem(
            415, UNSUPPORTED_MEDIA_TYPE,
            f"The body must be sent as application/json, not {got}.",
        )
    raw = _read_body()
    try:
        return json.loads(
            raw.decode("utf-8"),
            parse_constant=_reject_constant,
            object_pairs_hook=_reject_duplicates,
        )
    except UnicodeDecodeError as exc:
        raise Problem(400, MALFORMED_JSON, f"The body is not UTF-8: {exc.reason}.") from None
    except json.JSONDecodeError as exc:
        raise Problem(400, MALFORMED_JSON, f"The body is not valid JSON: {exc}.") from None
    except (ValueError, RecursionError) as exc:
        raise Problem(400, MALFORMED_JSON, f"The body is not acceptable JSON: {exc}.") from None


def _field_errors(messages, path: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"options.types.0": [...]}``.

    Schema-level messages belong to the object that holds them; ``$`` names
    the body itself.
    """
    if isinstance(messages, dict):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            child = path if key == "_schema" else f"{path}.{key}" if path else str(key)
            for name, texts in _field_errors(value, child).items():
                flat.setdefault(name, []).extend(texts)
        return flat
    texts = messages if isinstance(messages, list) else [messages]
    return {path or "$": [str(t) for t in texts]}


def _load_quote_request() -> dict:
    """The validated body of a quotes request, defaults filled in."""
    body = _json_body()
    if not isinstance(body, dict):
        raise Problem(
            422, VALIDATION, "The body must be a JSON object.",
            {"$": ["Must be a JSON object."]},
        )
    try:
        data = QUOTE_REQUEST.load(body)
    except ValidationError as exc:
        raise Problem(
            422, VALIDATION, "The request body has invalid fields.",
            _field_errors(exc.messages),
        ) from None
    limit = current_app.config["MAX_TEXT_CHARS"]
    if len(data["text"]) > limit:
        raise Problem(
            413, TOO_LARGE,
            f"text has {len(data['text'])} characters; the limit is {limit}.",
        )
    return data


# --- views ---------------------------------------------------------------------


@bp.post("/v1/quotes")
def quotes():
    """Find the quotations in a text, with speakers and reporting verbs."""
    data = _load_quote_request()
    text, wanted = data["text"], set(data["options"]["types"])
    started = time.perf_counter()
    result = extract(text, types=tuple(t for t in QUOTE_TYPES if t in wanted))
    elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
    meta = {
        "characters": len(text),
        "quote_count": len(result.quotes),
        "elapsed_ms": elapsed_ms,
        "version": __version__,
        "lexicon_version": LEXICON_VERSION,
    }
    return QUOTES_RESPONSE.dump({"quotes": result.quotes, "speakers": result.speakers, "meta": meta})


@bp.get("/health")
def health():
    """Liveness: the process answers; does no work."""
    return HEALTH.dump({"status": "ok"})


@bp.get("/ready")
def ready():
    """Readiness: the engine has run once on a tiny sentence."""
    state = current_app.extensions["quotes"]
    if not state["ready"]:
        try:
            extract(READY_PROBE)
        except Exception:
            current_app.logger.exception("Readiness probe failed")
            raise Problem(503, NOT_READY, "The quotation engine failed its self-test.") from None
        state["ready"] = True
    return READY.dump({"status": "ready", "version": __version__, "lexicon_version": LEXICON_VERSION})


@bp.get("/openapi.yaml")
def openapi_document():
    """The OpenAPI description of this API."""
    path = Path(current_app.config["OPENAPI_PATH"])
    if not path.is_file():
        raise NotFound("The API description is not installed on this server.")
    return send_file(path, mimetype="application/yaml", max_age=300)
