"""Smoke test of a running instance: ``quotes smoke BASE_URL`` (or ``--url BASE_URL``).

Checks, in order, that the service at BASE_URL (for example
``http://127.0.0.1:8000`` or ``https://quotes.example/api``):

``health``    answers ``GET /health`` with ``{"status": "ok"}``;
``ready``     answers ``GET /ready`` with ``{"status": "ready", ...}``;
``openapi``   serves ``GET /openapi.yaml`` as YAML with an ``openapi`` key;
``version``   answers ``GET /version`` with both version strings;
``quotes``    finds the known quotations and speakers of a built-in article
              with ``POST /v1/quotes``, at offsets that slice the article;
``error``     answers malformed JSON with a 400 ``application/problem+json``;
``cors``      allows a browser preflight (``OPTIONS /v1/quotes`` with
              ``Origin`` and ``Access-Control-Request-Method: POST``).

One line per check, ``PASS name (12 ms)`` or ``FAIL name: reason``, then a
summary.  Exit status: 0 when every check passed, 1 when any failed, 2 on a
usage error (or when the ``--junit`` report cannot be written).  Each request
gives up after ``--timeout`` seconds (default 5) and the whole run after
``--total`` seconds (default 30); checks left when that runs out fail
without being tried.

``--header NAME:VALUE`` (repeatable) is sent on every request, for an
instance behind a gateway that wants a token; header values are never
printed.  ``--junit FILE`` also writes the results as a JUnit XML report,
one test case per check, for CI systems that show such reports.

Only the standard library is used (``urllib`` for HTTP), so the smoke test
runs anywhere the package is installed.  The OpenAPI document is parsed with
PyYAML when it is installed; otherwise its top-level keys are read line by
line.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message

DEFAULT_TIMEOUT = 5.0
DEFAULT_TOTAL = 30.0
DEFAULT_ORIGIN = "https://smoke-test.example"
MAX_BODY = 5_000_000  # bytes read from any one answer

ARTICLE = (
    "NORTHBY — The town library will reopen on Monday after a year of repairs.\n\n"
    "“The building is finally dry, warm and safe,” said Lina Varga, the mayor of "
    "Northby. “People have waited long enough.”\n\n"
    "“We expect long queues on the first morning,” said Tomas Ilves, the head librarian."
)
#: (quoted words, speaker name) the engine must find in ``ARTICLE``.
EXPECTED_QUOTES = [
    ("The building is finally dry, warm and safe,", "Lina Varga"),
    ("People have waited long enough.", "Lina Varga"),
    ("We expect long queues on the first morning,", "Tomas Ilves"),
]


class CheckFailed(Exception):
    """A check's reason for failing, printed after ``FAIL name:``."""


@dataclass
class Answer:
    status: int
    headers: Message
    body: bytes

    @property
    def mimetype(self) -> str:
        return self.headers.get_content_type()

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise CheckFailed(f"HTTP {self.status} body is not JSON: {error}") from None


class Client:
    """HTTP requests to one base URL, bounded per request and overall, each
    carrying ``headers`` (a check's own headers take precedence)."""

    def __init__(self, base_url: str, timeout: float, deadline: float,
                 headers: dict[str, str] | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.deadline = deadline
        self.headers = dict(headers or {})

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Answer:
        url = self.base_url + path
        timeout = min(self.timeout, self.remaining())
        if timeout <= 0:
            raise CheckFailed("the overall time limit ran out")
        request = urllib.request.Request(url, data=body, method=method,
                                         headers={**self.headers, **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Answer(response.status, response.headers, response.read(MAX_BODY))
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, error.headers, error.read(MAX_BODY))
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise CheckFailed(f"no answer from {url} within {timeout:g} s") from None
            raise CheckFailed(f"cannot connect to {url}: {reason}") from None
        except (TimeoutError, socket.timeout):
            raise CheckFailed(f"no answer from {url} within {timeout:g} s") from None
        except (OSError, ValueError) as error:  # connection reset, bad status line, ...
            raise CheckFailed(f"request to {url} failed: {error}") from None


def _expect_status(answer: Answer, status: int) -> None:
    if answer.status != status:
        snippet = answer.body[:200].decode("utf-8", "replace")
        raise CheckFailed(f"expected HTTP {status}, got {answer.status}: {snippet}")


def _expect_json_object(answer: Answer) -> dict:
    if answer.mimetype != "application/json":
        raise CheckFailed(f"expected application/json, got {answer.mimetype}")
    body = answer.json()
    if not isinstance(body, dict):
        raise CheckFailed("the body is not a JSON object")
    return body


# --- checks ------------------------------------------------------------------


def check_health(client: Client, options) -> None:
    answer = client.request("GET", "/health")
    _expect_status(answer, 200)
    body = _expect_json_object(answer)
    if body.get("status") != "ok":
        raise CheckFailed(f"status is {body.get('status')!r}, not 'ok'")


def check_ready(client: Client, options) -> None:
    answer = client.request("GET", "/ready")
    _expect_status(answer, 200)
    body = _expect_json_object(answer)
    if body.get("status") != "ready":
        raise CheckFailed(f"status is {body.get('status')!r}, not 'ready'")


def _top_level_keys(text: str) -> dict:
    """Top-level ``key: value`` pairs of a YAML document (PyYAML if present)."""
    try:
        import yaml
    except ImportError:
        keys = {}
        for line in text.splitlines():
            match = re.match(r"([A-Za-z_][\w-]*):(?:\s+(.*))?$", line)
            if match:
                keys[match.group(1)] = (match.group(2) or "").strip().strip("'\"")
        return keys
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CheckFailed(f"not valid YAML: {error}") from None
    if not isinstance(document, dict):
        raise CheckFailed("the document is not a YAML mapping")
    return document


def check_openapi(client: Client, options) -> None:
    answer = client.request("GET", "/openapi.yaml")
    _expect_status(answer, 200)
    try:
        text = answer.body.decode("utf-8")
    except UnicodeDecodeError:
        raise CheckFailed("the document is not UTF-8") from None
    document = _top_level_keys(text)
    if "openapi" not in document:
        raise CheckFailed("the document has no top-level 'openapi' key")
    if "paths" not in document:
        raise CheckFailed("the document has no top-level 'paths' key")


def check_version(client: Client, options) -> None:
    answer = client.request("GET", "/version")
    _expect_status(answer, 200)
    body = _expect_json_object(answer)
    for key in ("version", "lexicon_version"):
        if not isinstance(body.get(key), str) or not body[key]:
            raise CheckFailed(f"{key} is missing or empty")


def check_quotes(client: Client, options) -> None:
    payload = json.dumps({"text": ARTICLE}).encode("utf-8")
    answer = client.request(
        "POST", "/v1/quotes", payload,
        {"Content-Type": "application/json", "Accept": "application/json"},
    )
    _expect_status(answer, 200)
    body = _expect_json_object(answer)
    quotes, speakers = body.get("quotes"), body.get("speakers")
    if not isinstance(quotes, list) or not isinstance(speakers, list):
        raise CheckFailed("the answer lacks quotes or speakers lists")
    found = {}
    for quote in quotes:
        try:
            text, start, end = quote["text"], quote["start"], quote["end"]
        except (TypeError, KeyError):
            raise CheckFailed(f"a quote lacks text, start or end: {quote!r}") from None
        if ARTICLE[start:end] != text:
            raise CheckFailed(f"quote {text!r} is not at offsets {start}..{end}")
        found[text] = (quote.get("speaker") or {}).get("name")
    for text, speaker in EXPECTED_QUOTES:
        if text not in found:
            raise CheckFailed(f"quote {text!r} was not found")
        if found[text] != speaker:
            raise CheckFailed(f"quote {text!r} is attributed to {found[text]!r}, not {speaker!r}")
    names = {s.get("name") for s in speakers if isinstance(s, dict)}
    missing = sorted({speaker for _, speaker in EXPECTED_QUOTES} - names)
    if missing:
        raise CheckFailed(f"speakers missing: {', '.join(missing)}")


def check_error(client: Client, options) -> None:
    answer = client.request(
        "POST", "/v1/quotes", b'{"text": ', {"Content-Type": "application/json"},
    )
    _expect_status(answer, 400)
    if answer.mimetype != "application/problem+json":
        raise CheckFailed(f"expected application/problem+json, got {answer.mimetype}")
    body = answer.json()
    if not isinstance(body, dict) or body.get("status") != 400 or not body.get("type"):
        raise CheckFailed(f"not a problem detail for status 400: {body!r}")


def check_cors(client: Client, options) -> None:
    origin = options.origin
    answer = client.request("OPTIONS", "/v1/quotes", None, {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    })
    if not 200 <= answer.status < 300:
        raise CheckFailed(f"preflight answered HTTP {answer.status}, not 2xx")
    allowed = answer.headers.get("Access-Control-Allow-Origin")
    if allowed not in ("*", origin):
        raise CheckFailed(
            f"origin {origin} is not allowed (Access-Control-Allow-Origin: {allowed}); "
            "pass an allowed one with --origin"
        )
    methods = {m.strip().upper() for m in answer.headers.get("Access-Control-Allow-Methods", "").split(",")}
    if "POST" not in methods:
        raise CheckFailed("Access-Control-Allow-Methods does not include POST")
    headers = answer.headers.get("Access-Control-Allow-Headers", "")
    if headers != "*" and "content-type" not in {h.strip().lower() for h in headers.split(",")}:
        raise CheckFailed("Access-Control-Allow-Headers does not include Content-Type")


CHECKS: list[tuple[str, Callable]] = [
    ("health", check_health),
    ("ready", check_ready),
    ("openapi", check_openapi),
    ("version", check_version),
    ("quotes", check_quotes),
    ("error", check_error),
    ("cors", check_cors),
]


# --- running -------------------------------------------------------------------


@dataclass
class Outcome:
    """One check's result: ``reason`` is None when it passed."""

    name: str
    seconds: float
    reason: str | None = None


def run_checks(client: Client, options, out) -> list[Outcome]:
    """Every check in order, each line printed to ``out`` as it finishes."""
    outcomes = []
    for name, check in CHECKS:
        started = time.perf_counter()
        try:
            if client.remaining() <= 0:
                raise CheckFailed(f"not run: the overall time limit of {options.total:g} s ran out")
            check(client, options)
            reason = None
        except CheckFailed as failed:
            reason = str(failed)
        except Exception as error:  # a bug here must not hide the other checks
            reason = f"unexpected {type(error).__name__}: {error}"
        outcome = Outcome(name, time.perf_counter() - started, reason)
        outcomes.append(outcome)
        if reason is None:
            print(f"PASS {name} ({outcome.seconds * 1000:.0f} ms)", file=out, flush=True)
        else:
            print(f"FAIL {name}: {reason}", file=out, flush=True)
    return outcomes


def junit_report(outcomes: list[Outcome], base_url: str) -> ET.ElementTree:
    """The outcomes as a JUnit XML document: one ``testsuite`` named after the
    command and the URL, one ``testcase`` per check, a ``failure`` (its
    ``message`` the reason) for each check that failed."""
    failures = sum(o.reason is not None for o in outcomes)
    total = f"{sum(o.seconds for o in outcomes):.3f}"
    counts = {"tests": str(len(outcomes)), "failures": str(failures), "errors": "0", "skipped": "0"}
    suites = ET.Element("testsuites", {**counts, "time": total})
    suite = ET.SubElement(suites, "testsuite", {"name": f"quotes smoke {base_url}", **counts, "time": total})
    for outcome in outcomes:
        case = ET.SubElement(suite, "testcase", {
            "classname": "quotes.smoke", "name": outcome.name, "time": f"{outcome.seconds:.3f}",
        })
        if outcome.reason is not None:
            failure = ET.SubElement(case, "failure", {"message": outcome.reason, "type": "CheckFailed"})
            failure.text = outcome.reason
    ET.indent(suites)
    return ET.ElementTree(suites)


def run(options, out=None) -> int:
    """Run every check against ``options.base_url``; 0 if all passed, 1 if
    any failed, 2 if the JUnit report asked for could not be written."""
    out = sys.stdout if out is None else out
    client = Client(options.base_url, options.timeout, time.monotonic() + options.total,
                    dict(options.headers))
    outcomes = run_checks(client, options, out)
    failed = sum(o.reason is not None for o in outcomes)
    print(f"smoke: {len(outcomes) - failed} passed, {failed} failed against {client.base_url}",
          file=out, flush=True)
    if options.junit is not None:
        try:
            junit_report(outcomes, client.base_url).write(options.junit, encoding="utf-8", xml_declaration=True)
        except OSError as error:
            print(f"smoke: cannot write the JUnit report {options.junit}: {error.strerror or error}",
                  file=sys.stderr, flush=True)
            return 2
    return 1 if failed else 0


def base_url_arg(text: str) -> str:
    """An argument type: an http(s) URL with a host and no query or fragment."""
    parsed = urllib.parse.urlsplit(text)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise argparse.ArgumentTypeError(f"must be an http:// or https:// URL, got {text!r}")
    if parsed.query or parsed.fragment:
        raise argparse.ArgumentTypeError(f"must not have a query or fragment, got {text!r}")
    return text


#: A header name as HTTP defines it (a token: RFC 9110, section 5.1).
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def header_arg(text: str) -> tuple[str, str]:
    """An argument type: ``NAME:VALUE`` to (name, value), spaces around
    either trimmed; the value may be empty but holds no line break."""
    name, colon, value = text.partition(":")
    name, value = name.strip(), value.strip()
    if not colon or not HEADER_NAME.fullmatch(name):
        raise argparse.ArgumentTypeError(f"must be NAME:VALUE with a header name before the colon, got {name!r}")
    if any(c in value for c in "\r\n\0"):
        raise argparse.ArgumentTypeError(f"the value of {name} must not contain a line break or NUL")
    return name, value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 3600, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotes smoke",
        description="Check that a deployed quotation service answers correctly.",
        epilog="Exit status: 0 all checks passed, 1 a check failed, "
        "2 usage error or the JUnit report could not be written.",
    )
    parser.add_argument("base_url", metavar="BASE_URL", type=base_url_arg, nargs="?",
                        help="where the service is, e.g. http://127.0.0.1:8000 (or give --url)")
    parser.add_argument("--url", dest="url", metavar="BASE_URL", type=base_url_arg,
                        help="the same as the BASE_URL argument")
    parser.add_argument("--header", dest="headers", metavar="NAME:VALUE", type=header_arg,
                        action="append", default=[],
                        help="send this header on every request (repeatable), e.g. "
                        "'Authorization: Bearer TOKEN' for an instance behind a gateway")
    parser.add_argument("--junit", metavar="FILE",
                        help="also write the results as a JUnit XML report, one test case per check")
    parser.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="S",
                        help=f"seconds to wait for each answer (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--total", type=_seconds, default=DEFAULT_TOTAL, metavar="S",
                        help=f"seconds for the whole run (default {DEFAULT_TOTAL:g})")
    parser.add_argument("--origin", default=DEFAULT_ORIGIN,
                        help=f"Origin sent in the CORS preflight (default {DEFAULT_ORIGIN})")
    return parser


def parse_options(argv: list[str]) -> argparse.Namespace:
    """The options, with ``base_url`` from the argument or ``--url``;
    argparse's SystemExit on a usage error or ``--help``."""
    parser = build_parser()
    options = parser.parse_args(argv)
    if (options.base_url is None) == (options.url is None):
        parser.error("give the service's BASE_URL once: as the argument or as --url")
    options.base_url = options.base_url or options.url
    names = [name.lower() for name, _ in options.headers]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        parser.error(f"--header {repeated[0]} is given more than once")
    return options


def main(argv: list[str] | None = None) -> int:
    try:
        options = parse_options(sys.argv[1:] if argv is None else argv)
    except SystemExit as exit:  # argparse: --help is 0, a usage error 2
        return exit.code if isinstance(exit.code, int) else 2
    return run(options)


if __name__ == "__main__":
    sys.exit(main())
