"""The API's endpoints, on one blueprint."""

from __future__ import annotations

import hmac
import json
import math
import time
from contextlib import contextmanager
from pathlib import Path

from flask import Blueprint, current_app, request, send_file
from marshmallow import ValidationError
from werkzeug.exceptions import (
    BadRequest,
    ClientDisconnected,
    HTTPException,
    NotFound,
    RequestEntityTooLarge,
    RequestTimeout,
    Unauthorized,
)
from werkzeug.datastructures import WWWAuthenticate

from service import __version__, metrics
from service.engine import LEXICON_VERSION, QUOTE_ACTS, QUOTE_TYPES, EngineTimeout, extract
from service.engine.deadline import budget

from .errors import (
    BLANK,
    ENGINE_TIMEOUT,
    MALFORMED_JSON,
    NOT_READY,
    TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    VALIDATION,
    Problem,
    problem_body,
)
from .observe import note
from .schemas import (
    BATCH_DOCUMENT,
    BATCH_ENVELOPE,
    BATCH_ERROR,
    BATCH_QUOTES,
    BATCH_RESPONSE,
    HEALTH,
    MENTION,
    QUOTE,
    QUOTE_REQUEST,
    QUOTES_RESPONSE,
    READY,
    SPEAKER,
    VERSION,
)

bp = Blueprint("api", __name__)

READY_PROBE = '"We are ready," she said.'

# --- request body helpers -----------------------------------------------------


def _is_json(mimetype: str) -> bool:
    return mimetype == "application/json" or (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    )


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    """A JSON number as a float, refusing those a double cannot hold (``1e999``)."""
    value = float(text)
    if math.isinf(value):
        shown = text if len(text) <= 20 else text[:20] + "..."
        raise ValueError(f"the number {shown} is too large")
    return value


#: Deepest nesting of arrays and objects accepted in a body.  A valid
#: request needs three levels (body, options, types; body, documents, a
#: document), so this only ever refuses input that could not be valid.
MAX_JSON_DEPTH = 32


def _too_deep(value, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when ``value`` nests arrays/objects more than ``limit`` levels deep.

    Level by level, keeping only the containers: every node of the body is
    looked at once, and a body of a million small objects costs a tenth of
    a second, not half a second.
    """
    level = [value]
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below = []
        for node in level:
            children = node.values() if type(node) is dict else node
            below += [c for c in children if type(c) is dict or type(c) is list]
        level = below
    return False


def _reject_duplicates(pairs: list) -> dict:
    # Called for every object in the body: dict() does the work in C, and
    # only a body with a duplicate pays for finding which key it was.
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key[:40]!r}")
            seen.add(key)
    return obj


def _read_body() -> bytes:
    """The raw body, or 413 when it is over ``MAX_CONTENT_LENGTH``.

    What the server's reader raises is the client's doing, never a 500: a
    body that did not arrive within the server's client timeout is a 408, a
    broken chunked framing (a chunk size that is not hexadecimal, a chunk
    without its CRLF, a bad extension or trailer) a 400.
    """
    try:
        raw = request.get_data(cache=False)  # 413 when Content-Length is over the limit
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        if request.content_length is None and len(raw) >= limit:
            # A chunked body is cut at the limit without an error; look one byte past it.
            if request.environ["wsgi.input"].read(1):
                raise RequestEntityTooLarge()
    except Exception as exc:
        # werkzeug reports the reader's OSErrors as ClientDisconnected (a 400); the
        # reader's own error is then its context.
        reader_error = exc.__context__ if isinstance(exc, ClientDisconnected) else exc
        if isinstance(reader_error, TimeoutError):
            note(body_error="timeout")
            raise RequestTimeout(
                f"The request body did not arrive in time: {_clip(str(reader_error))}."
            ) from None
        if isinstance(exc, HTTPException):
            raise
        # Anything else the server's reader raises is about the body's framing.
        note(body_error=type(exc).__name__)
        raise BadRequest(f"The request body could not be read: {_clip(str(exc))}.") from None
    return raw


def _clip(text: str, limit: int = 200) -> str:
    """Client-supplied text, cut short enough to repeat in an answer."""
    return text if len(text) <= limit else text[:limit] + "..."


#: ``charset`` values accepted on a JSON body (RFC 8259: JSON is UTF-8).
UTF8_NAMES = frozenset({"utf-8", "utf8"})


def _json_body():
    """The request body parsed as strict JSON (UTF-8, no NaN, no duplicate keys)."""
    if not _is_json(request.mimetype):
        got = request.mimetype or "no Content-Type"
        raise Problem(
            415, UNSUPPORTED_MEDIA_TYPE,
            f"The body must be sent as application/json, not {got[:100]}.",
        )
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.strip().lower() not in UTF8_NAMES:
        # Decoding it as declared would accept JSON no other JSON reader
        # does; saying no is clearer than guessing.
        raise Problem(
            415, UNSUPPORTED_MEDIA_TYPE,
            f"JSON bodies must be UTF-8; charset={charset[:40]} is not accepted.",
        )
    raw = _read_body()
    try:
        body = json.loads(
            raw.decode("utf-8"),
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            object_pairs_hook=_reject_duplicates,
        )
    except UnicodeDecodeError as exc:
        raise Problem(400, MALFORMED_JSON, f"The body is not UTF-8: {exc.reason}.") from None
    except json.JSONDecodeError as exc:
        raise Problem(400, MALFORMED_JSON, f"The body is not valid JSON: {exc}.") from None
    except RecursionError:
        raise _too_deep_problem() from None
    except ValueError as exc:
        raise Problem(400, MALFORMED_JSON, f"The body is not acceptable JSON: {exc}.") from None
    if isinstance(body, (dict, list)) and _too_deep(body):
        raise _too_deep_problem()
    return body


def _too_deep_problem() -> Problem:
    return Problem(
        400, MALFORMED_JSON,
        f"The body nests arrays and objects more than {MAX_JSON_DEPTH} levels deep.",
    )


#: A validation problem lists at most this many fields, with at most this many
#: messages each, every field path and message cut to so many characters:
#: its size is bounded (about 25 KB at worst) whatever the body held (a
#: million unknown keys, a key as long as the body).  ``detail`` says how
#: many fields had errors when some are left out.
MAX_ERROR_FIELDS = 20
MAX_ERRORS_PER_FIELD = 3
MAX_ERROR_PATH_CHARS = 100
MAX_ERROR_CHARS = 200


def _flat_errors(messages, path: str = ""):
    """marshmallow's nested messages as ``("options.types.0", [...])`` pairs.

    Schema-level messages belong to the object that holds them; ``$`` names
    the body itself.
    """
    if isinstance(messages, dict):
        for key, value in messages.items():
            child = path if key == "_schema" else f"{path}.{key}" if path else str(key)
            yield from _flat_errors(value, child)
        return
    texts = messages if isinstance(messages, list) else [messages]
    yield path or "$", [str(t) for t in texts]


def _field_errors(messages) -> tuple[dict[str, list[str]], int]:
    """The first ``MAX_ERROR_FIELDS`` fields' messages (each list cut to
    ``MAX_ERRORS_PER_FIELD``), and how many fields had errors in all."""
    flat: dict[str, list[str]] = {}
    count = 0
    for path, texts in _flat_errors(messages):
        count += 1
        path = _clip(path, MAX_ERROR_PATH_CHARS)
        if path not in flat and len(flat) >= MAX_ERROR_FIELDS:
            continue
        kept = flat.setdefault(path, [])
        room = MAX_ERRORS_PER_FIELD - len(kept)
        kept.extend(_clip(t, MAX_ERROR_CHARS) for t in texts[:max(room, 0)])
    return flat, count


def _validation_problem(exc: ValidationError, detail: str) -> Problem:
    errors, count = _field_errors(exc.messages)
    if count > len(errors):
        detail = f"{detail[:-1]} ({count} in all; the first {len(errors)} are listed)."
    return Problem(422, VALIDATION, detail, errors)


def _object_body() -> dict:
    """The JSON body, which must be an object."""
    body = _json_body()
    if not isinstance(body, dict):
        raise Problem(
            422, VALIDATION, "The body must be a JSON object.",
            {"$": ["Must be a JSON object."]},
        )
    return body


def _check_length(article: dict) -> None:
    """413 when the article's ``text`` or ``html`` is over ``MAX_TEXT_CHARS``."""
    name = "html" if "html" in article else "text"
    limit = current_app.config["MAX_TEXT_CHARS"]
    if len(article[name]) > limit:
        raise Problem(
            413, TOO_LARGE,
            f"{name} has {len(article[name])} characters; the limit is {limit}.",
        )


def _load_quote_request() -> dict:
    """The validated body of a quotes request, defaults filled in."""
    try:
        data = QUOTE_REQUEST.load(_object_body())
    except ValidationError as exc:
        raise _validation_problem(exc, "The request body has invalid fields.") from None
    note(text_chars=len(data["text"] if "text" in data else data["html"]))
    _check_length(data)
    return data


def _deadline() -> float:
    """When the engine must give up on this request (``time.monotonic``)."""
    return time.monotonic() + current_app.config["ENGINE_TIMEOUT_S"]


def _timeout_problem(detail: str) -> Problem:
    retry = str(current_app.config["RETRY_AFTER_S"])
    return Problem(503, ENGINE_TIMEOUT, detail, headers={"Retry-After": retry})



@contextmanager
def engine_turn(deadline: float):
    """A turn at the engine, waited for until ``deadline`` (past it, an
    ``EngineTimeout``), and its time observed as the endpoint's engine time.
    Yields a list the caller fills with the types of the quotations found."""
    endpoint = request.url_rule.rule if request.url_rule else metrics.UNMATCHED
    turns = current_app.extensions["quotes"]["engine_turns"]
    if not turns.acquire(timeout=max(0.0, deadline - time.monotonic())):
        metrics.observe_engine(endpoint, 0.0, None)
        raise EngineTimeout("the engine was busy for the whole time budget")
    started = time.perf_counter()
    found_types: list[str] = []
    try:
        yield found_types
    except EngineTimeout:
        metrics.observe_engine(endpoint, time.perf_counter() - started, None)
        raise
    finally:
        turns.release()
    metrics.observe_engine(endpoint, time.perf_counter() - started, found_types)

def _analyse(article: dict, options: dict, deadline: float) -> dict:
    """``quotes`` and ``speakers`` for one article (plus ``text`` when it
    came as ``html``), with offsets in the unit ``options`` asks for: the
    engine's ``Extraction.to_dict()``, each record passed through its schema.

    Raises ``EngineTimeout`` past ``deadline``.
    """
    with engine_turn(deadline) as found_types:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise EngineTimeout("the time budget was spent before the text was analysed")
        wanted = set(options["types"])
        acts = set(options["acts"])
        result = extract(
            text=article.get("text"),
            html=article.get("html"),
            types=tuple(t for t in QUOTE_TYPES if t in wanted),
            acts=tuple(a for a in QUOTE_ACTS if a in acts),
            offsets=options["offsets"],
            time_budget=remaining,
        )
        found_types.extend(q.type for q in result.quotes)
    # Writing the answer counts toward the budget too: tens of thousands of
    # quotations take about half as long to write out as to find.
    with budget(deadline - time.monotonic()):
        written = result.to_dict()

    def speaker_dict(speaker: dict) -> dict:
        # one speaker may have a mention and a quotation id for every quotation
        dumped = SPEAKER.dump({**speaker, "mentions": [], "quote_ids": []})
        dumped["mentions"] = _written(speaker["mentions"], MENTION.dump, deadline)
        dumped["quote_ids"] = _written(speaker["quote_ids"], str, deadline)
        return dumped

    # The schemas decide what reaches the client (and openapi.yaml is held
    # to them): a key to_dict() wrote that no schema field names is dropped.
    analysis = {"quotes": _written(written["quotes"], QUOTE.dump, deadline),
                "speakers": _written(written["speakers"], speaker_dict, deadline)}
    if "text" in written:
        analysis["text"] = written["text"]
    return analysis


#: Records written between two looks at the clock.
WRITE_RUN = 64


def _written(records: list, write, deadline: float) -> list[dict]:
    """``write(record)`` for each record, stopping with ``EngineTimeout``
    once ``deadline`` has passed."""
    out = []
    for k, record in enumerate(records):
        if not k % WRITE_RUN and time.monotonic() > deadline:
            raise EngineTimeout("the time budget ran out while the answer was written")
        out.append(write(record))
    return out


def _envelope(schema, body: dict, written: dict) -> dict:
    """``body`` dumped with ``schema``, and in it the lists of ``written``:
    records already dumped one by one inside the time budget, not dumped
    again."""
    out = schema.dump({**body, **dict.fromkeys(written, [])})
    out.update(written)  # in the places the schema gives them
    return out


def _meta_base(options: dict, started: float) -> dict:
    return {
        "elapsed_ms": round((time.perf_counter() - started) * 1000, 3),
        "version": __version__,
        "lexicon_version": LEXICON_VERSION,
        "offsets": options["offsets"],
    }


# --- views ---------------------------------------------------------------------


@bp.post("/v1/quotes")
def quotes():
    """Find the quotations in a text or an HTML page, with speakers and reporting verbs."""
    data = _load_quote_request()
    started = time.perf_counter()
    try:
        analysis = _analyse(data, data["options"], _deadline())
    except EngineTimeout:
        limit = current_app.config["ENGINE_TIMEOUT_S"]
        raise _timeout_problem(
            f"The text could not be analysed within the time budget of {limit:g} s; "
            "try again later, or send a shorter text."
        ) from None
    note(quotes=len(analysis["quotes"]))
    text = analysis.get("text", data.get("text"))
    meta = {
        "characters": len(text),
        "quote_count": len(analysis["quotes"]),
        **_meta_base(data["options"], started),
    }
    lists = {"quotes": analysis.pop("quotes"), "speakers": analysis.pop("speakers")}
    return _envelope(QUOTES_RESPONSE, {**analysis, "meta": meta}, lists)


def _document_id(document: dict):
    """The document's own id when it is usable, else None."""
    value = document.get("id")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return value


def _batch_result(document, options: dict, deadline: float) -> dict:
    """The result for one document of a batch: its quotes or its problem."""
    if not isinstance(document, dict):
        problem = Problem(
            422, VALIDATION, "The document must be a JSON object.",
            {"$": ["Must be a JSON object."]},
        )
        return BATCH_ERROR.dump({"id": None, "error": problem.as_dict()})
    doc_id = _document_id(document)
    try:
        data = BATCH_DOCUMENT.load(document)
        _check_length(data)
    except ValidationError as exc:
        problem = _validation_problem(exc, "The document has invalid fields.")
        return BATCH_ERROR.dump({"id": doc_id, "error": problem.as_dict()})
    except Problem as problem:
        return BATCH_ERROR.dump({"id": doc_id, "error": problem.as_dict()})
    try:
        analysis = _analyse(data, options, deadline)
        lists = {"quotes": analysis.pop("quotes"), "speakers": analysis.pop("speakers")}
        return _envelope(BATCH_QUOTES, {"id": doc_id, **analysis}, lists)
    except EngineTimeout:
        limit = current_app.config["ENGINE_TIMEOUT_S"]
        problem = _timeout_problem(
            f"The batch's time budget of {limit:g} s ran out before this document "
            "was analysed; send it again, alone or in a smaller batch."
        )
        return BATCH_ERROR.dump({"id": doc_id, "error": problem.as_dict()})
    except Exception:
        current_app.logger.exception("Batch document %r failed", doc_id)
        return BATCH_ERROR.dump({"id": doc_id, "error": problem_body(
            500, BLANK, "Internal Server Error",
            "The server hit an unexpected error on this document; it has been logged.",
        )})


def _document_chars(document) -> int:
    """Characters of a batch document's text or html, for the log (0 if neither)."""
    if isinstance(document, dict):
        for name in ("text", "html"):
            if isinstance(document.get(name), str):
                return len(document[name])
    return 0


@bp.post("/v1/quotes/batch")
def quotes_batch():
    """Quotations for several documents in one request, in the order sent."""
    body = _object_body()
    # Counted before anything in the batch is validated: the body's size
    # (QUOTES_MAX_BODY_BYTES) bounds what parsing it costs, the count what
    # every step after it does.
    limit = current_app.config["MAX_BATCH_DOCUMENTS"]
    if isinstance(body.get("documents"), list) and len(body["documents"]) > limit:
        raise Problem(
            413, TOO_LARGE,
            f"The batch has {len(body['documents'])} documents; the limit is {limit}.",
        )
    try:
        envelope = BATCH_ENVELOPE.load(body)
    except ValidationError as exc:
        raise _validation_problem(exc, "The request body has invalid fields.") from None
    documents, options = envelope["documents"], envelope["options"]
    note(documents=len(documents), text_chars=sum(_document_chars(d) for d in documents))
    started = time.perf_counter()
    deadline = _deadline()
    results = [_batch_result(document, options, deadline) for document in documents]
    errors = sum(1 for r in results if "error" in r)
    note(quotes=sum(len(r["quotes"]) for r in results if "error" not in r), errors=errors)
    meta = {
        "documents": len(results),
        "errors": errors,
        "quote_count": sum(len(r["quotes"]) for r in results if "error" not in r),
        **_meta_base(options, started),
    }
    return _envelope(BATCH_RESPONSE, {"meta": meta}, {"results": results})


@bp.get("/version")
def version():
    """The service and lexicon versions."""
    return VERSION.dump({"version": __version__, "lexicon_version": LEXICON_VERSION})


#: The Content-Security-Policy of this service's HTML pages: everything a
#: page uses comes from this server.
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@bp.get("/")
def demo_page():
    """The demo page: paste an article, see its quotations highlighted."""
    response = current_app.send_static_file("index.html")
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response


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


@bp.get("/metrics")
def metrics_exposition():
    """Request, engine and quotation metrics in the Prometheus text format
    (see Config: QUOTES_METRICS, QUOTES_METRICS_TOKEN)."""
    if current_app.config["METRICS"] == "off":
        raise NotFound()
    token = current_app.config["METRICS_TOKEN"]
    if token is not None and not _bearer_is(request.headers.get("Authorization", ""), token):
        raise Unauthorized(
            "The metrics need an Authorization: Bearer header with the metrics token.",
            www_authenticate=WWWAuthenticate("Bearer", {"realm": "metrics"}),
        )
    return current_app.response_class(metrics.exposition(), mimetype=None,
                                      content_type=metrics.CONTENT_TYPE)


def _bearer_is(header: str, token: str) -> bool:
    scheme, _, given = header.strip().partition(" ")
    # compare_digest: how long the comparison takes says nothing about the token
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@bp.get("/openapi.yaml")
def openapi_document():
    """The OpenAPI description of this API."""
    path = Path(current_app.config["OPENAPI_PATH"])
    if not path.is_file():
        raise NotFound("The API description is not installed on this server.")
    return send_file(path, mimetype="application/yaml", max_age=300)
