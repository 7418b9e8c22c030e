"""The demo page, as a journalist uses it, in a real headless Chromium
against the real gunicorn server: the article shown once with its
quotations highlighted, the list of quotations beside it (linked both ways
to the highlights, filtered by type, act and speaker), downloads as JSON and
CSV, copying a quotation with its attribution, HTML input, the messages for
empty input and errors, a 500-pixel-wide window and the keyboard alone.
Screenshots go to artifacts/ (demo.png, demo-narrow.png, demo-filtered.png).
The browser and the server are conftest.py's.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from browsing import ARTIFACTS, watch_page

from service.benchmark import Server, post_json

EMOJI_ARTICLE = (
    "Ferry news 🌊🚀. "
    "“We will 🛟 rescue every 🐟 boat,” said Odile Fenwick, the mayor of Port Ellery.\n\n"
    "Rafael Dunmore said the repairs were overdue."
)

#: Quotations holding commas, a straight double quote and a line of their own.
CSV_ARTICLE = (
    "“We said \"no\", twice, and we meant it,” said Mira Olsen, the ferry union's secretary.\n\n"
    "Harbourmaster Jon Breck said the timetable, which starts in May, would not change."
)

HTML_SOURCE = (
    "<!DOCTYPE html><html><head><title>Tide tables</title><style>p{color:red}</style></head>"
    "<body><nav>Home | Sport | Weather</nav><article><h1>Tide tables</h1>"
    "<p>&ldquo;The spring tides will be <em>higher</em> this year,&rdquo; said Ada Quist, "
    "the coastguard's duty officer.</p></article><footer>Copyright</footer></body></html>"
)

BOTH_ACTS = ["speech", "position"]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(20_000)
    watch_page(page)
    yield page
    context.close()


def _submit(page) -> None:
    page.click("#submit")
    page.wait_for_selector("body[data-state='done'], body[data-state='error']")


def _api(server, acts=BOTH_ACTS, **article) -> dict:
    """The API's answer for what the page asks: positions too while their box is ticked (the default)."""
    status, body = post_json(server.base_url + "/v1/quotes", {**article, "options": {"offsets": "utf16", "acts": acts}})
    assert status == 200, body
    return body


def _in_text_order(body: dict) -> list[dict]:
    return sorted(body["quotes"], key=lambda q: q["start"])


def _marks(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#rendered mark.quote",
        """marks => marks.map(m => ({text: m.textContent, title: m.title,
                                     filtered: m.classList.contains('filtered-out'), ...m.dataset}))""",
    )


def _items(page, visible_only=False) -> list[dict]:
    return page.eval_on_selector_all(
        "#quote-list li.quote-item" + (":not([hidden])" if visible_only else ""),
        """items => items.map(li => ({
            id: li.dataset.quoteId, type: li.dataset.type, act: li.dataset.act,
            quoted: li.querySelector('.quoted').textContent,
            who: li.querySelector('.who').textContent, details: li.querySelector('.details').textContent,
            copy: li.dataset.copyText, hidden: li.hidden}))""",
    )


def _speaker_rows(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#speakers tbody tr",
        "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))",
    )


def _active_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def _open_sample(page, server) -> tuple[str, dict]:
    page.goto(server.base_url + "/")
    sample = page.input_value("#article")
    _submit(page)
    assert page.get_attribute("body", "data-state") == "done", page.text_content("#status")
    return sample, _api(server, text=sample)


def test_sample_article_is_highlighted_once_and_listed_beside_it(page, server):
    sample, expected = _open_sample(page, server)

    # The article is shown once: the box it was pasted in is put away.
    assert page.is_hidden("#article") and page.is_visible("#rendered")
    assert page.text_content("#rendered") == sample

    marks = _marks(page)
    assert len(marks) == len(expected["quotes"]) >= 4
    for mark, quote in zip(marks, _in_text_order(expected)):
        speaker = quote["speaker"]
        assert (mark["text"], mark["quoteId"], mark["type"], mark["act"]) == (
            quote["text"], quote["id"], quote["type"], quote["act"])
        assert mark["speaker"] == (speaker["name"] if speaker else "")
        assert mark["kind"] == (speaker["kind"] if speaker else "")
        assert mark["verb"] == (quote["verb"]["text"] if quote["verb"] else "")
        # One tooltip per highlight: the page's own, not the browser's too.
        assert mark["title"] == ""
        assert f"Act: {quote['act']}" in mark["tip"]
        if speaker:
            assert f"{speaker['name']} ({speaker['kind']})" in mark["tip"]

    items = _items(page)
    assert [i["id"] for i in items] == [q["id"] for q in expected["quotes"]]
    for item, quote in zip(items, expected["quotes"]):
        speaker = quote["speaker"]
        assert item["quoted"] == quote["text"]
        assert (item["type"], item["act"]) == (quote["type"], quote["act"])
        assert f"Confidence {quote['confidence']:.2f}" in item["details"]
        assert f"Verb: {quote['verb']['text'] if quote['verb'] else '—'}" in item["details"]
        if speaker:
            assert item["who"] == f"{speaker['name']} ({speaker['kind']})"
            if speaker["role"]:
                assert f"Role: {speaker['role']}" in item["details"]
            if speaker["affiliation"]:
                assert f"Affiliation: {speaker['affiliation']}" in item["details"]
    pier = next(i for i in items if i["quoted"].startswith("The pier is the front door"))
    assert "Odile Fenwick (person)" == pier["who"] and "Role: mayor" in pier["details"]
    vote = next(i for i in items if i["quoted"] == "to rebuild the north pier")
    assert vote["act"] == "position"

    legend = page.text_content("#legend")
    for word in ("direct", "indirect", "mixed", "speech", "position"):
        assert word in legend

    rows = _speaker_rows(page)
    assert rows == [
        [s["name"], s["kind"], s["role"] or "—", s["affiliation"] or "—", str(len(s["quote_ids"]))]
        for s in expected["speakers"]
    ]
    assert page.text_content("#status").startswith(f"{len(marks)} quotations, {len(rows)} speakers")
    assert page.text_content("#version").startswith("service ")

    # Hover the first quotation so the screenshot shows its tooltip.
    page.hover("#rendered mark.quote >> nth=0")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "demo.png"), full_page=True)
    assert (ARTIFACTS / "demo.png").stat().st_size > 10_000
    assert page.problems == []


def test_a_listed_quotation_leads_to_its_highlight_and_back(page, server):
    _, expected = _open_sample(page, server)
    last = _in_text_order(expected)[-1]["id"]
    page.click(f"#item-{last} .quoted")
    assert _active_id(page) == f"mark-{last}"
    assert "current" in page.get_attribute(f"#mark-{last}", "class")
    assert page.evaluate(f"""(() => {{ const r = document.getElementById('mark-{last}').getBoundingClientRect();
                                       return r.top >= 0 && r.bottom <= innerHeight; }})()""")
    first = _in_text_order(expected)[0]["id"]
    page.click(f"#mark-{first}")
    assert _active_id(page) == f"item-{first}"
    assert "current" in page.get_attribute(f"#item-{first}", "class")
    assert "current" not in page.get_attribute(f"#mark-{last}", "class")
    assert page.problems == []


FILTERS = {
    "type-direct": ("#filter-type", "direct", lambda q: q["type"] == "direct"),
    "type-indirect": ("#filter-type", "indirect", lambda q: q["type"] == "indirect"),
    "act-position": ("#filter-act", "position", lambda q: q["act"] == "position"),
    "act-speech": ("#filter-act", "speech", lambda q: q["act"] == "speech"),
    "speaker": ("#filter-speaker", "Rafael Dunmore", lambda q: (q["speaker"] or {}).get("name") == "Rafael Dunmore"),
}


@pytest.mark.parametrize(("select", "choice", "keeps"), FILTERS.values(), ids=FILTERS.keys())
def test_filters_narrow_the_list_and_the_highlights(page, server, select, choice, keeps):
    _, expected = _open_sample(page, server)
    page.select_option(select, label=choice)
    wanted = [q["id"] for q in expected["quotes"] if keeps(q)]
    assert 0 < len(wanted) < len(expected["quotes"])
    assert [i["id"] for i in _items(page, visible_only=True)] == wanted
    assert {m["quoteId"] for m in _marks(page) if not m["filtered"]} == set(wanted)
    assert page.text_content("#shown-count") == f"Showing {len(wanted)} of {len(expected['quotes'])} quotations."
    if select == "#filter-speaker":
        page.screenshot(path=str(ARTIFACTS / "demo-filtered.png"), full_page=True)
    # Clicking a highlight the filters hide shows every quotation again.
    hidden = next(q["id"] for q in expected["quotes"] if not keeps(q))
    page.click(f"#mark-{hidden}")
    assert _active_id(page) == f"item-{hidden}"
    assert len(_items(page, visible_only=True)) == len(expected["quotes"])


def test_two_filters_together_can_leave_nothing(page, server):
    _open_sample(page, server)
    page.select_option("#filter-act", "position")
    page.select_option("#filter-type", "direct")
    assert _items(page, visible_only=True) == []
    assert "No quotation matches these filters." in page.text_content("#shown-count")


def _download(page, button: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click(button)
    download = info.value
    with open(download.path(), "rb") as handle:
        return download.suggested_filename, handle.read()


def _open_article(page, server, text: str) -> dict:
    page.goto(server.base_url + "/")
    page.fill("#article", text)
    _submit(page)
    assert page.get_attribute("body", "data-state") == "done", page.text_content("#status")
    return _api(server, text=text)


def test_quotations_download_as_json(page, server):
    expected = _open_article(page, server, CSV_ARTICLE)
    name, data = _download(page, "#export-json")
    assert name == "quotations.json"
    exported = json.loads(data)
    assert exported["text"] == CSV_ARTICLE
    assert exported["quotes"] == expected["quotes"] and exported["speakers"] == expected["speakers"]
    assert exported["meta"]["offsets"] == "utf16"


def test_quotations_download_as_properly_quoted_csv(page, server):
    expected = _open_article(page, server, CSV_ARTICLE)
    name, data = _download(page, "#export-csv")
    assert name == "quotations.csv"
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8, said so to spreadsheet programs
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["id", "type", "act", "text", "speaker", "kind", "role", "affiliation",
                       "verb", "confidence", "start", "end"]
    assert rows[1:] == [
        [q["id"], q["type"], q["act"], q["text"],
         *((q["speaker"][k] or "") if q["speaker"] else "" for k in ("name", "kind", "role", "affiliation")),
         q["verb"]["text"] if q["verb"] else "", f"{q['confidence']:g}", str(q["start"]), str(q["end"])]
        for q in expected["quotes"]
    ]
    assert any('"no"' in row[3] and "," in row[3] for row in rows[1:])


def test_downloads_hold_the_filtered_quotations(page, server):
    _, expected = _open_sample(page, server)
    page.select_option("#filter-type", "direct")
    _, data = _download(page, "#export-json")
    assert [q["id"] for q in json.loads(data)["quotes"]] == [
        q["id"] for q in expected["quotes"] if q["type"] == "direct"
    ]


def test_a_quotation_is_copied_with_its_attribution(page, server):
    _, expected = _open_sample(page, server)
    pier = next(q for q in expected["quotes"] if q["text"].startswith("The pier is the front door"))
    page.click(f"#item-{pier['id']} button.copy")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('Copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"“{pier['text']}” — Odile Fenwick, mayor, Port Ellery"
    vote = next(q for q in expected["quotes"] if q["text"] == "to rebuild the north pier")
    page.click(f"#item-{vote['id']} button.copy")
    page.wait_for_function(f"() => document.querySelector('#status').textContent.includes('{vote['id']} ')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("to rebuild the north pier — ")
    assert copied.endswith("(indirect quotation, a position, not verbatim)")
    assert page.problems == []


def test_html_source_is_sent_as_html(page, server):
    page.goto(server.base_url + "/")
    page.check("input[name='mode'][value='html']")
    assert page.text_content("#article-label") == "The page's HTML source"
    page.fill("#article", HTML_SOURCE)
    with page.expect_request("**/v1/quotes") as sent:
        _submit(page)
    assert sent.value.post_data_json["html"] == HTML_SOURCE and "text" not in sent.value.post_data_json
    expected = _api(server, html=HTML_SOURCE)
    shown = page.text_content("#rendered")
    assert shown == expected["text"]
    assert "Home | Sport" not in shown and "color:red" not in shown
    assert [m["text"] for m in _marks(page)] == [q["text"] for q in _in_text_order(expected)]
    assert "The spring tides will be higher this year," in [m["text"] for m in _marks(page)]
    assert page.problems == []


def test_editing_brings_the_article_back(page, server):
    sample, _ = _open_sample(page, server)
    page.click("#edit")
    assert page.is_visible("#article") and page.is_hidden("#results")
    assert page.input_value("#article") == sample
    assert _active_id(page) == "article"


@pytest.mark.parametrize("blank", ["", "   \n\n  "], ids=["empty", "whitespace"])
def test_empty_input_gets_a_clear_message_and_no_request(page, server, blank):
    page.goto(server.base_url + "/")
    page.fill("#article", blank)
    requested = len(page.requested)
    page.click("#submit")
    page.wait_for_selector("body[data-state='empty']")
    assert page.text_content("#status") == "Paste an article first: the box is empty."
    assert page.is_hidden("#results")
    assert page.requested[requested:] == []


def test_the_sample_needs_no_emoji_font(page, server):
    page.goto(server.base_url + "/")
    sample = page.input_value("#article")
    # Latin letters, punctuation, curly quotes and dashes: every system font has them.
    assert all(ord(c) < 0x2100 for c in sample)


def test_unticking_positions_shows_speech_alone(page, server):
    page.goto(server.base_url + "/")
    sample = page.input_value("#article")
    page.uncheck("#positions")
    _submit(page)
    marks = _marks(page)
    expected = _api(server, text=sample, acts=["speech"])
    assert [m["text"] for m in marks] == [q["text"] for q in _in_text_order(expected)]
    assert {m["act"] for m in marks} == {"speech"}
    assert "to rebuild the north pier" not in [m["text"] for m in marks]
    assert [row[0] for row in _speaker_rows(page)] == [s["name"] for s in expected["speakers"]]
    assert page.problems == []


def test_highlights_are_exact_after_emoji(page, server):
    expected = _open_article(page, server, EMOJI_ARTICLE)
    marks = _marks(page)
    assert [m["text"] for m in marks] == [q["text"] for q in _in_text_order(expected)]
    assert "We will 🛟 rescue every 🐟 boat," in [m["text"] for m in marks]
    assert page.text_content("#rendered") == EMOJI_ARTICLE
    assert page.problems == []


def test_article_without_quotes(page, server):
    _open_article(page, server, "The council met on Thursday.")
    assert _marks(page) == [] and _items(page) == []
    assert page.text_content("#shown-count") == "No quotations found in this article."
    assert _speaker_rows(page) == [["No speakers found."]]


def test_a_narrow_window_has_no_horizontal_scroll(browser, server):
    context = browser.new_context(viewport={"width": 500, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.base_url + "/")
        _submit(page)
        assert page.get_attribute("body", "data-state") == "done"
        page.hover("#rendered mark.quote >> nth=0")
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1] == 500, width
        # The list comes after the article, not squeezed beside it.
        article, panel = (page.locator(s).bounding_box() for s in ("#rendered", "#results .quote-panel"))
        assert panel["y"] >= article["y"] + article["height"]
        page.screenshot(path=str(ARTIFACTS / "demo-narrow.png"), full_page=True)
    finally:
        context.close()


def test_everything_can_be_done_from_the_keyboard(page, server):
    _, expected = _open_sample(page, server)
    page.focus("#export-csv")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(_active_id(page))
    first = expected["quotes"][0]["id"]
    assert ["filter-type", "filter-act", "filter-speaker", f"item-{first}"] == [
        r for r in reached if r.startswith(("filter-", "item-"))
    ][:4]

    # A filter chosen with the arrow keys.
    page.focus("#filter-act")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.input_value("#filter-act") == "position"
    visible = _items(page, visible_only=True)
    assert visible and {i["act"] for i in visible} == {"position"}
    page.select_option("#filter-act", "")

    # Enter on a listed quotation goes to its highlight; Enter there comes back.
    page.focus(f"#item-{first}")
    page.keyboard.press("Enter")
    assert _active_id(page) == f"mark-{first}"
    page.keyboard.press("Enter")
    assert _active_id(page) == f"item-{first}"
    # The copy button is reached by Tab and pressed by Enter.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('copy')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == page.get_attribute(f"#item-{first}", "data-copy-text")
    assert page.problems == []


def test_errors_are_shown_on_the_page(browser):
    with Server.from_procfile(env={"QUOTES_MAX_TEXT_CHARS": "20"}) as small:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(small.base_url + "/")
            _submit(page)
            assert page.get_attribute("body", "data-state") == "error"
            status = page.text_content("#status")
            assert status.startswith("Could not find quotations:")
            assert "the limit is 20" in status and "HTTP 413" in status
            assert page.is_visible("#article") and page.is_hidden("#results")
        finally:
            context.close()


def test_an_unreachable_service_is_said_plainly(page, server):
    page.goto(server.base_url + "/")
    page.route("**/v1/quotes", lambda route: route.abort())
    _submit(page)
    assert page.get_attribute("body", "data-state") == "error"
    assert page.text_content("#status").startswith("Could not find quotations: the service could not be reached")


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
