"""The demo page in a real headless Chromium against the real gunicorn
server: submit the sample article, check the highlights (with each quote's
act and speaker kind) and the speaker table, and save a screenshot to
artifacts/demo.png.  The browser and the server are conftest.py's.
"""

from __future__ import annotations

import pytest
from browsing import ARTIFACTS, watch_page

from service.benchmark import Server, post_json

EMOJI_ARTICLE = (
    "Ferry news 🌊🚀. "
    "“We will 🛟 rescue every 🐟 boat,” said Odile Fenwick, the mayor of Port Ellery.\n\n"
    "Rafael Dunmore said the repairs were overdue."
)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    watch_page(page)
    yield page
    context.close()


def _submit(page) -> None:
    page.click("#submit")
    page.wait_for_selector("body[data-state='done'], body[data-state='error']")


BOTH_ACTS = ["speech", "position"]


def _api(server, text: str, acts=BOTH_ACTS) -> dict:
    """The API's answer for what the page asks: positions too while their box is ticked (the default)."""
    status, body = post_json(server.base_url + "/v1/quotes", {"text": text, "options": {"offsets": "utf16", "acts": acts}})
    assert status == 200, body
    return body


def _marks(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#rendered mark.quote",
        "marks => marks.map(m => ({text: m.textContent, title: m.title, ...m.dataset}))",
    )


def _speaker_rows(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#speakers tbody tr",
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))",
    )


def test_sample_article_is_highlighted_with_speakers(page, server):
    page.goto(server.base_url + "/")
    sample = page.input_value("#article")
    assert "Odile Fenwick" in sample
    _submit(page)
    assert page.get_attribute("body", "data-state") == "done", page.text_content("#status")

    expected = _api(server, sample)
    marks = _marks(page)
    assert len(marks) == len(expected["quotes"]) >= 4
    for mark, quote in zip(marks, sorted(expected["quotes"], key=lambda q: q["start"])):
        assert mark["text"] == quote["text"]
        assert mark["quoteId"] == quote["id"]
        assert mark["speaker"] == (quote["speaker"]["name"] if quote["speaker"] else "")
        assert mark["verb"] == (quote["verb"]["text"] if quote["verb"] else "")
        assert mark["act"] == quote["act"] and f"Act: {quote['act']}" in mark["title"]
        assert mark["kind"] == (quote["speaker"]["kind"] if quote["speaker"] else "")
        if quote["speaker"]:
            assert f"{quote['speaker']['name']} ({quote['speaker']['kind']})" in mark["title"]
    by_text = {m["text"]: m for m in marks}
    pier = by_text["The pier is the front door of this town, and it has been shut for too long,"]
    assert pier["speaker"] == "Odile Fenwick"
    assert "Verb: said" in pier["title"]
    assert "Odile Fenwick (person)" in pier["title"] and "Act: speech" in pier["title"]
    vote = by_text["to rebuild the north pier"]
    assert vote["act"] == "position" and "Act: position" in vote["title"]
    assert "act-position" in page.get_attribute("#rendered mark[data-act='position']", "class")
    assert "Position" in page.text_content("#legend")

    # The article reads the same as the textarea, highlights included.
    assert page.text_content("#rendered") == sample

    rows = _speaker_rows(page)
    assert rows == [
        [s["name"], s["kind"], s["role"] or "—", s["affiliation"] or "—", str(len(s["quote_ids"]))]
        for s in expected["speakers"]
    ]
    names = [row[0] for row in rows]
    assert {"Odile Fenwick", "Rafael Dunmore", "Ines Achterberg"} <= set(names)
    assert page.text_content("#status").startswith(f"{len(marks)} quotations, {len(rows)} speakers")
    assert page.text_content("#version").startswith("service ")

    # Hover the first quotation so the screenshot shows its tooltip.
    page.hover("#rendered mark.quote >> nth=0")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "demo.png"), full_page=True)
    assert (ARTIFACTS / "demo.png").stat().st_size > 10_000
    assert page.problems == []


def test_unticking_positions_shows_speech_alone(page, server):
    page.goto(server.base_url + "/")
    sample = page.input_value("#article")
    page.uncheck("#positions")
    _submit(page)
    marks = _marks(page)
    expected = _api(server, sample, acts=["speech"])
    assert [m["text"] for m in marks] == [q["text"] for q in sorted(expected["quotes"], key=lambda q: q["start"])]
    assert {m["act"] for m in marks} == {"speech"}
    assert "to rebuild the north pier" not in [m["text"] for m in marks]
    assert [row[0] for row in _speaker_rows(page)] == [s["name"] for s in expected["speakers"]]
    assert page.problems == []


def test_highlights_are_exact_after_emoji(page, server):
    page.goto(server.base_url + "/")
    page.fill("#article", EMOJI_ARTICLE)
    _submit(page)
    marks = _marks(page)
    expected = _api(server, EMOJI_ARTICLE)
    assert [m["text"] for m in marks] == [q["text"] for q in sorted(expected["quotes"], key=lambda q: q["start"])]
    assert "We will 🛟 rescue every 🐟 boat," in [m["text"] for m in marks]
    assert page.text_content("#rendered") == EMOJI_ARTICLE
    assert page.problems == []


def test_article_without_quotes(page, server):
    page.goto(server.base_url + "/")
    page.fill("#article", "The council met on Thursday.")
    _submit(page)
    assert _marks(page) == []
    assert _speaker_rows(page) == [["No speakers found."]]


def test_errors_are_shown_on_the_page(browser):
    with Server.from_procfile(env={"QUOTES_MAX_TEXT_CHARS": "20"}) as small:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(small.base_url + "/")
            _submit(page)
            assert page.get_attribute("body", "data-state") == "error"
            status = page.text_content("#status")
            assert "the limit is 20" in status and "HTTP 413" in status
        finally:
            context.close()


@pytest.mark.parametrize(("allowed", "works"), [("same", True), ("other", False)])
def test_cross_origin_fetch_from_a_real_browser(browser, allowed, works):
    """A page on http://localhost:PORT calls the API as http://127.0.0.1:PORT:
    a different origin, so Chromium sends a preflight and enforces the answer."""
    from service.benchmark import free_port

    port = free_port()
    page_origin = f"http://localhost:{port}"
    origins = page_origin if allowed == "same" else "https://elsewhere.example"
    with Server.from_procfile(port=port, env={"QUOTES_CORS_ORIGINS": origins}) as api:
        context = browser.new_context()
        try:
            page = context.new_page()
            # Any page of that origin will do; /version has no CSP of its own.
            page.goto(page_origin + "/version")
            result = page.evaluate(
                """async (url) => {
                    try {
                        const r = await fetch(url, {method: "POST",
                            headers: {"Content-Type": "application/json"},
                            body: JSON.stringify({text: "“Go,” said Ann Lee.", options: {offsets: "utf16"}})});
                        const body = await r.json();
                        return {ok: r.ok, quotes: body.quotes.map(q => q.text)};
                    } catch (e) { return {error: String(e)}; }
                }""",
                api.base_url + "/v1/quotes",
            )
        finally:
            context.close()
    if works:
        assert result == {"ok": True, "quotes": ["Go,"]}
    else:
        assert "error" in result and "Failed to fetch" in result["error"]
