"""``GET /problems/<name>``: what each problem ``type`` the API sends means.

Every problem type in :mod:`service.http.errors` is a path of this service,
so a client (or a person) that follows a ``type`` reaches a page saying when
the problem happens and what to do about it: a small HTML page, or JSON
(``ProblemType``) when the request prefers ``application/json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from flask import Blueprint, current_app, request
from werkzeug.exceptions import NotFound

from .errors import (
    ENGINE_TIMEOUT,
    MALFORMED_JSON,
    NOT_READY,
    PROBLEM_BASE,
    TITLES,
    TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    VALIDATION,
)
from .routes import PAGE_POLICY
from .schemas import PROBLEM_TYPE

bp = Blueprint("problems", __name__)


@dataclass(frozen=True)
class ProblemPage:
    """What a problem type's page says: its status, when it happens, what to do."""

    status: int
    when: str
    remedy: str


PAGES: dict[str, ProblemPage] = {
    MALFORMED_JSON: ProblemPage(
        400,
        "The body is not strict JSON in UTF-8: it does not parse, or it holds NaN or "
        "Infinity, a number too large for a double, a duplicate key in an object, or "
        "arrays and objects nested more than 32 levels deep.",
        "Send the body as a JSON encoder writes it (json.dumps, JSON.stringify), encoded as UTF-8.",
    ),
    TOO_LARGE: ProblemPage(
        413,
        "The body is over QUOTES_MAX_BODY_BYTES, an article's text or html is over "
        "QUOTES_MAX_TEXT_CHARS, or a batch has more than QUOTES_MAX_BATCH_DOCUMENTS documents.",
        "Send less: split a long article, or a batch into smaller batches. The detail gives the limit.",
    ),
    UNSUPPORTED_MEDIA_TYPE: ProblemPage(
        415,
        "The Content-Type is not application/json (or another application/*+json), "
        "or it names a charset other than UTF-8.",
        "Send Content-Type: application/json, with no charset or charset=utf-8.",
    ),
    VALIDATION: ProblemPage(
        422,
        "The JSON is not an object, or a field is missing, of the wrong type, out of range "
        "or unknown, or not exactly one of text and html is sent. The errors member lists "
        "each field's messages; an unknown key close to a known field says which one was meant.",
        "Correct the fields named in errors; the request body schemas are in the API description at /docs.",
    ),
    NOT_READY: ProblemPage(
        503,
        "GET /ready was asked while the quotation engine could not run its self-test.",
        "Wait and ask again; a load balancer should send no traffic to this instance meanwhile.",
    ),
    ENGINE_TIMEOUT: ProblemPage(
        503,
        "The analysis took longer than QUOTES_ENGINE_TIMEOUT_S, or the engine was busy for "
        "the whole of that time. In a batch, the documents the budget did not reach get it.",
        "Try again after the Retry-After header's seconds, or send a shorter text or a smaller batch.",
    ),
}


def page_path(type_: str) -> str:
    """``/problems/validation`` → ``validation``: the name a type's page is served under."""
    return type_.removeprefix(PROBLEM_BASE)


_BY_NAME = {page_path(type_): type_ for type_ in PAGES}


def description(type_: str) -> dict:
    """A problem type as a ``ProblemType`` body."""
    page = PAGES[type_]
    return PROBLEM_TYPE.dump({
        "type": type_, "title": TITLES[type_], "status": page.status,
        "when": page.when, "remedy": page.remedy,
    })


def _html(body: dict) -> str:
    """The problem type's page: a heading, when it happens, what to do."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(body['title'])} · problem type</title>\n"
        '<link rel="icon" href="data:,">\n'
        '<link rel="stylesheet" href="/static/style.css">\n</head>\n<body>\n<main>\n'
        f"<h1>{escape(body['title'])}</h1>\n"
        f'<p class="lede">HTTP {body["status"]} · <code>"type": "{escape(body["type"])}"</code></p>\n'
        f"<h2>When</h2>\n<p id=\"when\">{escape(body['when'])}</p>\n"
        f"<h2>What to do</h2>\n<p id=\"remedy\">{escape(body['remedy'])}</p>\n"
        '<p>Every error is an RFC 9457 problem detail (<code>application/problem+json</code>); '
        'the <a href="/docs">API description</a> lists them all.</p>\n'
        "</main>\n</body>\n</html>\n"
    )


@bp.get(PROBLEM_BASE + "<name>")
def problem_type(name: str):
    """The page of one problem type: HTML, or JSON when the client prefers it."""
    type_ = _BY_NAME.get(name)
    if type_ is None:
        raise NotFound(f"There is no problem type named {name[:60]!r}.")
    body = description(type_)
    wanted = request.accept_mimetypes.best_match(["text/html", "application/json"], default="text/html")
    if wanted == "application/json":
        response = current_app.json.response(body)
    else:
        response = current_app.response_class(_html(body), mimetype="text/html")
        response.headers["Content-Security-Policy"] = PAGE_POLICY
    response.vary.add("Accept")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
