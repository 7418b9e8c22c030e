"""What the browser tests share: where Chromium is and how it is started,
where screenshots go, and a watch on a page's errors and requests."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Screenshots the browser tests leave for people to look at.
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("QUOTES_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def watch_page(page) -> None:
    """Collect on ``page.problems`` every script error, console error and
    failed request, and on ``page.requested`` every URL it asks for."""
    problems: list[str] = []
    requested: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console: {msg.text}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} {req.failure}"))
    page.on("request", lambda req: requested.append(req.url))
    page.problems = problems
    page.requested = requested
