"""The demo page's quote check, as an editor uses it, in a real headless
Chromium against the real gunicorn server: a draft and its sources (added
and removed in their own boxes) sent to POST /v1/quotes/verify, the draft's
quotations highlighted and listed as verbatim, altered, not found or not
checked, an altered one with its source passage, similarity and word-level
differences, a speaker the source names instead, HTML drafts, the messages
for missing input and errors, a 500-pixel-wide window and the keyboard alone.
Screenshots go to artifacts/ (check.png, check-narrow.png,
check-sources-narrow.png).  The browser and
the server are conftest.py's.
"""

from __future__ import annotations

import pytest
from browsing import ARTIFACTS, watch_page

from service.benchmark import Server, post_json

DRAFT = (
    "“The ferry will run every hour from June,” said Tamsin Holloway, the operator's director.\n\n"
    "“Nobody has complained about the fares,” she said.\n\n"
    "“We are proud of the crews,” Holloway added.\n\n"
    "Holloway said the timetable would be printed soon."
)
BRIEFING = (
    "TAMSIN HOLLOWAY: The ferry will run every two hours from June.\n"
    "Q: What about the crews?\n"
    "TAMSIN HOLLOWAY: We are proud of the crews."
)
#: The crews' line, given to someone else.
HARBOUR_CALL = "PIET LARSSON: We are proud of the crews."

#: Each status, the quotation of DRAFT that has it against BRIEFING, and its icon.
STATUSES = {
    "verbatim": ("We are proud of the crews,", "✓", "verbatim"),
    "altered": ("The ferry will run every hour from June,", "≠", "altered"),
    "not_found": ("Nobody has complained about the fares,", "✗", "not found"),
    "not_checked": ("the timetable would be printed soon", "○", "not checked"),
}

#: One edit of each kind: the source, the draft, the source's words and the draft's.
EDITS = {
    "replace": ("KAI BRENT: The gate opens at nine.", "“The gate opens at ten,” Kai Brent said.", "nine", "ten"),
    "delete": ("KAI BRENT: The old gate opens at nine.", "“The gate opens at nine,” Kai Brent said.", "old", ""),
    "insert": ("KAI BRENT: The gate opens at nine.", "“The gate always opens at nine,” Kai Brent said.", "", "always"),
}

HTML_DRAFT = (
    "<!DOCTYPE html><html><head><title>Ferries</title></head><body><nav>Home | Travel</nav>"
    "<article><p>&ldquo;We are proud of the <em>crews</em>,&rdquo; said Tamsin Holloway.</p></article></body></html>"
)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    watch_page(page)
    yield page
    context.close()


def _api(server, sources: list[dict], **draft) -> dict:
    """The API's answer for what the page asks: the default acts (positions ticked) in UTF-16."""
    status, body = post_json(server.base_url + "/v1/quotes/verify", {
        **draft, "sources": sources, "options": {"offsets": "utf16", "acts": ["speech", "position"]},
    })
    assert status == 200, body
    return body


def _open_check(page, server) -> None:
    page.goto(server.base_url + "/")
    page.check("input[name='task'][value='check']")


def _source_boxes(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#source-list li.source",
        """boxes => boxes.map(b => ({title: b.querySelector('.source-title').textContent,
            name: b.querySelector('input').value, text: b.querySelector('textarea').value,
            remove: b.querySelector('button.remove').getAttribute('aria-label')}))""",
    )


def _fill_sources(page, sources: list[tuple[str, str]]) -> None:
    """The source boxes hold exactly ``sources`` (name, text), in order."""
    while len(_source_boxes(page)) > len(sources):
        page.click("#source-list li.source >> nth=-1 >> button.remove")
    while len(_source_boxes(page)) < len(sources):
        page.click("#add-source")
    for k, (name, text) in enumerate(sources):
        box = page.locator("#source-list li.source").nth(k)
        box.locator("input").fill(name)
        box.locator("textarea").fill(text)


def _submit(page) -> None:
    page.click("#submit")
    page.wait_for_selector("body[data-state='done'], body[data-state='error'], body[data-state='empty']")


def _check(page, server, draft: str, sources: list[tuple[str, str]]) -> dict:
    """The page's check of ``draft`` against ``sources``, and the API's answer to compare it with."""
    _open_check(page, server)
    page.fill("#article", draft)
    _fill_sources(page, sources)
    _submit(page)
    assert page.get_attribute("body", "data-state") == "done", page.text_content("#status")
    return _api(server, [{"id": i, "text": t} for i, t in sources], text=draft)


def _marks(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#check-rendered mark.check",
        "marks => marks.map(m => ({text: m.textContent, cls: m.className, ...m.dataset}))",
    )


def _item(page, quote_id: str):
    return page.locator(f"#check-item-{quote_id}")


def _quote(body: dict, text: str) -> dict:
    return next(q for q in body["quotes"] if q["text"] == text)


def _active_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def test_choosing_the_check_shows_the_sources_and_renames_the_form(page, server):
    page.goto(server.base_url + "/")
    assert page.is_hidden("#sources")
    page.check("input[name='task'][value='check']")
    assert page.is_visible("#sources")
    assert page.text_content("#article-label") == "Draft text"
    assert page.text_content("#submit") == "Check quotations"
    page.check("input[name='mode'][value='html']")
    assert page.text_content("#article-label") == "The draft page's HTML source"
    page.check("input[name='task'][value='find']")
    assert page.is_hidden("#sources")
    assert page.text_content("#article-label") == "The page's HTML source"
    assert page.text_content("#submit") == "Find quotations"


def test_the_sample_article_is_checked_against_the_sample_source(page, server):
    _open_check(page, server)
    boxes = _source_boxes(page)
    assert [(b["title"], b["name"]) for b in boxes] == [("Source 1", "council-meeting")]
    draft = page.input_value("#article")
    _submit(page)
    assert page.get_attribute("body", "data-state") == "done", page.text_content("#status")
    expected = _api(server, [{"id": "council-meeting", "text": boxes[0]["text"]}], text=draft)

    # The sample shows every status.
    assert all(expected["meta"]["checks"][s] > 0 for s in STATUSES)
    assert page.text_content("#check-rendered") == draft
    in_order = sorted(expected["quotes"], key=lambda q: q["start"])
    assert [(m["text"], m["quoteId"], m["status"]) for m in _marks(page)] == [
        (q["text"], q["id"], q["check"]["status"]) for q in in_order
    ]
    listed = page.eval_on_selector_all("#check-list li.check-item", "items => items.map(i => i.dataset.status)")
    assert listed == [q["check"]["status"] for q in expected["quotes"]]
    counts = expected["meta"]["checks"]
    assert page.text_content("#check-summary") == (
        f"{len(in_order)} quotations: {counts['verbatim']} verbatim, {counts['altered']} altered, "
        f"{counts['not_found']} not found, {counts['not_checked']} not checked."
    )
    assert page.text_content("#status").startswith(f"Checked {len(in_order)} quotations against 1 source in ")
    legend = page.text_content("#check-legend")
    for status, (_, icon, label) in STATUSES.items():
        assert label in legend
        sample = page.eval_on_selector(f"#check-legend mark.check-{status}",
                                       "m => [m.textContent, getComputedStyle(m, '::before').content]")
        assert sample[0] == label and icon in sample[1]
    assert page.is_hidden("#article") and page.is_hidden("#results")

    altered = next(q for q in expected["quotes"] if q["check"]["status"] == "altered")
    page.hover(f"#check-mark-{altered['id']}")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "check.png"), full_page=True)
    assert (ARTIFACTS / "check.png").stat().st_size > 10_000
    assert page.problems == []


@pytest.mark.parametrize(("status", "quoted", "icon", "label"),
                         [(s, *v) for s, v in STATUSES.items()], ids=STATUSES.keys())
def test_each_status_has_a_label_and_an_icon_besides_its_colour(page, server, status, quoted, icon, label):
    expected = _check(page, server, DRAFT, [("briefing", BRIEFING)])
    quote = _quote(expected, quoted)
    assert quote["check"]["status"] == status
    mark = next(m for m in _marks(page) if m["quoteId"] == quote["id"])
    assert (mark["text"], mark["status"], mark["icon"]) == (quoted, status, icon)
    assert f"check-{status}" in mark["cls"].split()
    # The icon is drawn before the highlight, outside its text.
    before = page.evaluate(
        f"getComputedStyle(document.getElementById('check-mark-{quote['id']}'), '::before').content")
    assert icon in before
    badge = _item(page, quote["id"]).locator(".badge.status")
    assert badge.text_content() == f"{icon} {label}"
    assert page.problems == []


def test_an_altered_quotation_shows_its_source_passage_similarity_and_differences(page, server):
    expected = _check(page, server, DRAFT, [("briefing", BRIEFING)])
    quote = _quote(expected, STATUSES["altered"][0])
    check = quote["check"]
    item = _item(page, quote["id"])
    assert item.locator(".where").text_content() == (
        f"In briefing (source 1), similarity {check['similarity']:.2f}")
    assert item.locator(".source-passage").text_content() == BRIEFING[check["source_start"]:check["source_end"]]
    assert item.locator(".source-passage del").all_text_contents() == ["two hours"]
    assert item.locator(".draft-passage").text_content() == quote["text"]
    assert item.locator(".draft-passage ins").all_text_contents() == ["hour"]
    assert item.locator(".differences li").all_text_contents() == [
        "⇄ replaced: the source says two hours, the draft says hour"]
    assert page.problems == []


@pytest.mark.parametrize(("op", "source", "draft", "source_words", "draft_words"),
                         [(op, *v) for op, v in EDITS.items()], ids=EDITS.keys())
def test_each_kind_of_difference_is_marked_on_both_sides(page, server, op, source, draft, source_words, draft_words):
    expected = _check(page, server, draft, [("gate-notice", source)])
    [quote] = expected["quotes"]
    assert quote["check"]["status"] == "altered"
    assert [(d["op"], d["source"], d["draft"]) for d in quote["check"]["differences"]] == [
        (op, source_words, draft_words)]
    item = _item(page, quote["id"])
    [difference] = item.locator(".differences li").all()
    assert difference.get_attribute("data-op") == op
    label = {"replace": "replaced:", "delete": "left out:", "insert": "added:"}[op]
    assert label in difference.text_content()
    # The source's words struck out, the draft's underlined, a gap mark where one side has none.
    assert item.locator(".source-passage del").all_text_contents() == ([source_words] if source_words else [])
    assert item.locator(".draft-passage ins").all_text_contents() == ([draft_words] if draft_words else [])
    gaps = item.locator(".source-passage .gap, .draft-passage .gap").count()
    assert gaps == (0 if op == "replace" else 1)
    assert page.problems == []


def test_a_mixed_quotation_lists_each_fragment_with_its_own_check(page, server):
    draft = "Holloway said the new ferry would be “the quickest on the coast” and “cheap to run”."
    source = "TAMSIN HOLLOWAY: It will be the fastest on the coast, and cheap to run."
    expected = _check(page, server, draft, [("launch-speech", source)])
    [quote] = expected["quotes"]
    assert quote["type"] == "mixed" and quote["check"]["status"] == "altered"
    item = _item(page, quote["id"])
    assert item.locator(".badges .badge.status").text_content() == "≠ altered"
    fragments = item.locator(".fragments > li").all()
    assert [f.locator(".quoted").text_content() for f in fragments] == [
        f"“{f['text']}”" for f in quote["check"]["fragments"]]
    assert [f.locator(".badge.status").text_content() for f in fragments] == ["≠ altered", "✓ verbatim"]
    assert fragments[0].locator(".source-passage del").all_text_contents() == ["fastest"]
    assert fragments[0].locator(".draft-passage ins").all_text_contents() == ["quickest"]
    assert fragments[1].locator(".differences").count() == 0
    # The quotation's own fields repeat its worst fragment's, so they are not shown twice.
    assert item.locator("del").count() == 2  # the passage's and the difference list's


def test_the_editors_bracketed_words_are_named(page, server):
    expected = _check(page, server, "“[The boat] will run every two hours from June,” Tamsin Holloway said.",
                      [("briefing", BRIEFING)])
    [quote] = expected["quotes"]
    assert quote["check"]["status"] == "verbatim"
    item = _item(page, quote["id"])
    assert item.locator(".bracketed").text_content() == "The editor's words, not looked for: [The boat]"


def test_a_speaker_mismatch_is_shown(page, server):
    expected = _check(page, server, DRAFT, [("notes", "Nothing about boats."), ("harbour-call", HARBOUR_CALL)])
    quote = _quote(expected, STATUSES["verbatim"][0])
    assert quote["check"]["speaker_mismatch"]["speaker"] == "PIET LARSSON"
    item = _item(page, quote["id"])
    assert item.locator(".where").text_content().startswith("In harbour-call (source 2)")
    assert item.locator(".mismatch").text_content() == (
        "⚠ Speaker mismatch: the source gives these words to PIET LARSSON, not Tamsin Holloway.")
    assert "PIET LARSSON" in page.get_attribute(f"#check-mark-{quote['id']}", "data-tip")
    others = [q for q in expected["quotes"] if q["check"]["speaker_mismatch"] is None]
    assert others and all(_item(page, q["id"]).locator(".mismatch").count() == 0 for q in others)


def test_sources_are_added_and_removed(page, server):
    _open_check(page, server)
    page.click("#add-source")
    # The new box's name field takes the focus, ready to type in.
    assert _active_id(page) == page.eval_on_selector("#source-list li.source >> nth=1", "b => b.id") + "-name"
    page.click("#add-source")
    _fill_sources(page, [("council-meeting", "ODILE FENWICK: Hello."), ("minutes", "The minutes."),
                         ("release", "A release.")])
    assert [(b["title"], b["remove"]) for b in _source_boxes(page)] == [
        ("Source 1", "Remove source 1"), ("Source 2", "Remove source 2"), ("Source 3", "Remove source 3")]

    page.click("#source-list li.source >> nth=1 >> button.remove")
    boxes = _source_boxes(page)
    assert [(b["title"], b["name"]) for b in boxes] == [("Source 1", "council-meeting"), ("Source 2", "release")]
    assert boxes[1]["remove"] == "Remove source 2"
    page.fill("#article", DRAFT)
    with page.expect_request("**/v1/quotes/verify") as sent:
        _submit(page)
    assert sent.value.post_data_json["sources"] == [
        {"id": "council-meeting", "text": "ODILE FENWICK: Hello."}, {"id": "release", "text": "A release."}]
    assert sent.value.post_data_json["text"] == DRAFT


def test_a_source_without_a_name_is_named_by_its_place(page, server):
    _open_check(page, server)
    page.fill("#article", DRAFT)
    _fill_sources(page, [("", BRIEFING)])
    with page.expect_request("**/v1/quotes/verify") as sent:
        _submit(page)
    assert sent.value.post_data_json["sources"] == [{"id": "source 1", "text": BRIEFING}]
    assert page.get_attribute("body", "data-state") == "done"


BLANKS = {
    "empty-draft": ("  \n ", [("briefing", BRIEFING)], "Paste a draft first: the box is empty.", "article"),
    "no-sources": (DRAFT, [], "Add a source to check the quotations against: there is none.", "add-source"),
    "empty-source": (DRAFT, [("briefing", BRIEFING), ("release", " \n")],
                     "Source 2 (release) is empty: paste its text or remove it.", None),
}


@pytest.mark.parametrize(("draft", "sources", "message", "focused"), BLANKS.values(), ids=BLANKS.keys())
def test_missing_input_gets_a_clear_message_and_no_request(page, server, draft, sources, message, focused):
    _open_check(page, server)
    page.fill("#article", draft)
    _fill_sources(page, sources)
    requested = len(page.requested)
    _submit(page)
    assert page.get_attribute("body", "data-state") == "empty"
    assert page.text_content("#status") == message
    assert page.is_hidden("#check-results") and page.is_visible("#article")
    assert page.requested[requested:] == []
    # The focus goes where the fix is made.
    expected_focus = focused or page.eval_on_selector("#source-list li.source >> nth=1", "b => b.id") + "-text"
    assert _active_id(page) == expected_focus


def test_errors_are_shown_with_the_problems_detail(browser):
    with Server.from_procfile(env={"QUOTES_MAX_SOURCES": "1"}) as small:
        context = browser.new_context()
        try:
            page = context.new_page()
            watch_page(page)
            _open_check(page, small)
            page.fill("#article", DRAFT)
            _fill_sources(page, [("briefing", BRIEFING), ("harbour-call", HARBOUR_CALL)])
            _submit(page)
            assert page.get_attribute("body", "data-state") == "error"
            assert page.text_content("#status") == (
                "Could not check the quotations: The request has 2 sources; the limit is 1. (HTTP 413)")
            assert page.is_visible("#article") and page.is_hidden("#check-results")
        finally:
            context.close()


def test_an_unreachable_service_is_said_plainly(page, server):
    _open_check(page, server)
    page.route("**/v1/quotes/verify", lambda route: route.abort())
    _submit(page)
    assert page.get_attribute("body", "data-state") == "error"
    assert page.text_content("#status").startswith(
        "Could not check the quotations: the service could not be reached")


def test_an_html_draft_is_sent_as_html(page, server):
    _open_check(page, server)
    page.check("input[name='mode'][value='html']")
    page.fill("#article", HTML_DRAFT)
    _fill_sources(page, [("briefing", BRIEFING)])
    with page.expect_request("**/v1/quotes/verify") as sent:
        _submit(page)
    assert sent.value.post_data_json["html"] == HTML_DRAFT and "text" not in sent.value.post_data_json
    expected = _api(server, [{"id": "briefing", "text": BRIEFING}], html=HTML_DRAFT)
    assert page.text_content("#check-rendered") == expected["text"]
    assert "Home | Travel" not in expected["text"]
    assert [(m["text"], m["status"]) for m in _marks(page)] == [("We are proud of the crews,", "verbatim")]
    assert page.problems == []


def test_editing_brings_the_draft_and_sources_back(page, server):
    _check(page, server, DRAFT, [("briefing", BRIEFING)])
    page.click("#check-edit")
    assert page.is_visible("#article") and page.is_hidden("#check-results")
    assert page.input_value("#article") == DRAFT
    assert [(b["name"], b["text"]) for b in _source_boxes(page)] == [("briefing", BRIEFING)]
    assert _active_id(page) == "article"


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1] == 500, width


def test_a_narrow_window_has_no_horizontal_scroll(browser, server):
    context = browser.new_context(viewport={"width": 500, "height": 900})
    try:
        page = context.new_page()
        watch_page(page)
        _open_check(page, server)
        page.click("#add-source")
        _no_horizontal_scroll(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "check-sources-narrow.png"), full_page=True)
        page.click("#source-list li.source >> nth=1 >> button.remove")
        _submit(page)
        assert page.get_attribute("body", "data-state") == "done"
        page.hover("#check-rendered mark.check-altered >> nth=0")
        _no_horizontal_scroll(page)
        # The list comes after the draft, not squeezed beside it.
        draft, panel = (page.locator(s).bounding_box() for s in ("#check-rendered", "#check-results .quote-panel"))
        assert panel["y"] >= draft["y"] + draft["height"]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "check-narrow.png"), full_page=True)
        assert page.problems == []
    finally:
        context.close()


def test_everything_can_be_done_from_the_keyboard(page, server):
    page.goto(server.base_url + "/")
    # The task is chosen with the arrow keys.
    page.focus("input[name='task'][value='find']")
    page.keyboard.press("ArrowRight")
    assert page.is_checked("input[name='task'][value='check']") and page.is_visible("#sources")

    # Tab goes from the draft through the source's fields to the add button;
    # Enter there adds a box and puts the cursor in its name.
    page.focus("#article")
    reached = []
    for _ in range(4):
        page.keyboard.press("Tab")
        reached.append(_active_id(page))
    first = page.eval_on_selector("#source-list li.source", "b => b.id")
    assert reached[:2] == [f"{first}-name", f"{first}-text"]
    assert "add-source" in reached
    page.focus("#add-source")
    page.keyboard.press("Enter")
    second = page.eval_on_selector("#source-list li.source >> nth=1", "b => b.id")
    assert _active_id(page) == f"{second}-name"
    page.keyboard.type("minutes")
    page.keyboard.press("Tab")
    page.keyboard.type("ODILE FENWICK: We will have it open again by midsummer.")
    # Its remove button is next, and Enter removes it, leaving the focus near.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('remove')")
    page.keyboard.press("Enter")
    assert len(_source_boxes(page)) == 1
    assert page.evaluate("document.activeElement.classList.contains('remove')")

    page.focus("#submit")
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-state='done']")
    first_item = page.eval_on_selector("#check-list li.check-item", "i => i.id")
    quote_id = first_item.removeprefix("check-item-")
    page.focus("#check-edit")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(_active_id(page))
    assert first_item in reached and any(r.startswith("check-mark-") for r in reached)
    # Enter on a listed quotation goes to its highlight; Enter there comes back.
    page.focus(f"#{first_item}")
    page.keyboard.press("Enter")
    assert _active_id(page) == f"check-mark-{quote_id}"
    page.keyboard.press("Enter")
    assert _active_id(page) == first_item
    assert "current" in page.get_attribute(f"#check-mark-{quote_id}", "class")
    assert page.problems == []
