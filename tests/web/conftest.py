"""Fixtures of the browser tests: the system's Chromium driven by
Playwright, and the real gunicorn server started by the Procfile's command.

Chromium is the system's (/usr/bin/chromium, which scripts/test installs);
Playwright never downloads a browser here.  A missing or broken Chromium is
a failure, not a skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from browsing import CHROMIUM, CHROMIUM_ARGS
from service.benchmark import Server


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: install Debian's chromium (scripts/test does it)"
    )
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, timeout=60_000,
            )
        except PlaywrightError as error:
            pytest.fail(f"Chromium at {CHROMIUM} could not be launched: {error}")
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def server():
    with Server.from_procfile() as running:
        yield running
