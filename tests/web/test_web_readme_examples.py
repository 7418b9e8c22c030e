"""The README's examples to copy, run as written against the real server:
the browser-extension snippet in headless Chromium (a page on another
origin, a character outside the BMP before each quotation, a quotation
across inline tags), and the CMS snippet with requests and sqlite3."""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from browsing import ROOT, watch_page

from service.benchmark import post_json

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_block(language: str, containing: str) -> str:
    """The one fenced ``language`` block of README.md that holds ``containing``."""
    blocks = [b for b in re.findall(rf"^```{language}\n(.*?)^```$", README, re.S | re.M) if containing in b]
    assert len(blocks) == 1, f"{len(blocks)} {language} blocks hold {containing!r}"
    return blocks[0]


JS_SNIPPET = readme_block("js", "async function highlightQuotes")
PY_SNIPPET = readme_block("python", "def store_quotes")

ARTICLE_HTML = (
    "<article><h1>Harbour news 🚢</h1>"
    "<p>Wharf manager Tove Lindqvist said the <em>new</em> 🏗 cranes would arrive in May.</p>"
    "<p>“We are ready for them,” said Lindqvist. “The quay is <strong>finally</strong> strong enough.”</p>"
    "</article>"
)
#: What the snippet sends for it: the blocks' text, a blank line between them.
ARTICLE_TEXT = (
    "Harbour news 🚢\n\n"
    "Wharf manager Tove Lindqvist said the new 🏗 cranes would arrive in May.\n\n"
    "“We are ready for them,” said Lindqvist. “The quay is finally strong enough.”"
)


@pytest.fixture
def other_origin_page(browser, server):
    """A page served as http://localhost:PORT, an origin other than the API's
    http://127.0.0.1:PORT, as an extension's content script would be."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    watch_page(page)
    # The browser asks for the origin's icon, which the service does not have.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    # Any page of that origin will do (served from a loopback address, so
    # Chromium lets it call another loopback address): its body is replaced.
    page.goto(f"http://localhost:{urlsplit(server.base_url).port}/version")
    page.set_content(ARTICLE_HTML)
    yield page
    context.close()


def test_the_extension_snippet_marks_exactly_each_quotation(other_origin_page, server):
    page = other_origin_page
    text_before = page.text_content("article")
    page.add_script_tag(content=JS_SNIPPET)
    returned = page.evaluate(
        "api => highlightQuotes(document.querySelector('article'), api)", server.base_url,
    )
    status, expected = post_json(server.base_url + "/v1/quotes", {"text": ARTICLE_TEXT})
    assert status == 200
    quotes = {q["id"]: q for q in expected["quotes"]}
    assert len(quotes) == 3 and [q["text"] for q in returned] == [q["text"] for q in expected["quotes"]]
    # Each quotation has a character outside the BMP before it: codepoint
    # offsets would have marked the wrong words.
    assert all(any(ord(c) > 0xFFFF for c in ARTICLE_TEXT[:q["start"]]) for q in expected["quotes"])

    marked = defaultdict(str)
    for quote_id, text in page.eval_on_selector_all(
        "article mark", "marks => marks.map(m => [m.dataset.quoteId, m.textContent])",
    ):
        marked[quote_id] += text
    assert dict(marked) == {i: q["text"] for i, q in quotes.items()}
    assert "The quay is finally strong enough." in marked.values()  # across <strong>
    assert "the new 🏗 cranes would arrive in May" in marked.values()  # across <em>
    assert page.text_content("article") == text_before  # nothing added, nothing lost
    titles = page.eval_on_selector_all("article mark", "marks => marks.map(m => m.title)")
    assert set(titles) == {"Tove Lindqvist"}
    assert page.problems == []


def test_the_extension_snippet_reports_a_problem(browser, server):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.base_url + "/version")
        page.set_content("<article>x</article>")
        page.add_script_tag(content=JS_SNIPPET)
        error = page.evaluate(
            """api => highlightQuotes(document.querySelector('article'), api + '/nowhere')
                     .then(() => null, e => e.message)""",
            server.base_url,
        )
        assert error and "not found" in error.lower()
    finally:
        context.close()


ARTICLES = {
    "pier-vote": "“The pier will reopen in June,” said Odile Fenwick, the mayor.",
    "market": "Stallholder Rui Matos said the rent rise was unfair. “We cannot pay it,” he said.",
    "weather": "Rain is expected on Thursday.",
}


def _run_snippet(server, monkeypatch, batch_size: int) -> dict:
    monkeypatch.setenv("QUOTES_API", server.base_url)
    namespace: dict = {"__name__": "readme_cms_example"}
    exec(compile(PY_SNIPPET, "README.md (CMS example)", "exec"), namespace)
    namespace["BATCH_SIZE"] = batch_size
    return namespace


@pytest.mark.parametrize("batch_size", [100, 2], ids=["one-batch", "batches-of-two"])
def test_the_cms_snippet_stores_each_articles_quotes_by_id(server, monkeypatch, tmp_path, batch_size):
    snippet = _run_snippet(server, monkeypatch, batch_size)
    db = sqlite3.connect(tmp_path / "cms.sqlite")
    broken = {"broken": None}
    problems = snippet["store_quotes"]({**ARTICLES, **broken}, db)
    assert set(problems) == {"broken"} and problems["broken"]["status"] == 422

    for article_id, text in ARTICLES.items():
        status, expected = post_json(server.base_url + "/v1/quotes", {"text": text})
        assert status == 200
        rows = db.execute(
            "SELECT quote_id, type, text, speaker, start, end_ FROM quotes WHERE article_id = ? ORDER BY rowid",
            (article_id,),
        ).fetchall()
        assert rows == [
            (q["id"], q["type"], q["text"], q["speaker"]["name"] if q["speaker"] else None, q["start"], q["end"])
            for q in expected["quotes"]
        ]
        assert all(text[start:end] == quoted for _, _, quoted, _, start, end in rows)
    assert db.execute("SELECT count(*) FROM quotes WHERE article_id = 'weather'").fetchone() == (0,)

    # Run again: an article's quotations are replaced, not added twice.
    count = db.execute("SELECT count(*) FROM quotes").fetchone()
    assert snippet["store_quotes"](ARTICLES, db) == {}
    assert db.execute("SELECT count(*) FROM quotes").fetchone() == count
