"""POST /v1/quotes with {"html": ...}: quotations found in the page's
visible text, located both in that text and in the HTML source."""

from __future__ import annotations

import pytest

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Pier to reopen &ndash; Port Ellery Gazette</title>
<script type="application/ld+json">{"headline": "“Pier to reopen,” said the mayor", "author": "Staff"}</script>
<script>var teaser = '"We will never pay," said Someone Else.';</script>
<style>.pull-quote::before { content: "\\201C"; }</style>
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<article class="story">
  <h1>Pier to reopen by midsummer &#x1F30A;</h1>
  <p class="byline">By Nadia Orwell<br>Harbour correspondent<br>Updated 09:40</p>
  <p>The town council voted on Thursday to rebuild the north pier.</p>
  <p>&ldquo;The pier is the <em>front door</em> of this town, and it has been shut for too long,&rdquo;
     said <a href="/people/odile-fenwick">Odile Fenwick</a>, the mayor of Port Ellery.
     &ldquo;We&#8217;ll have it open again by <strong>midsummer</strong>.&rdquo;</p>
  <p>Rafael Dunmore, chairman of the Ellery Fishing Co-operative, said the repairs were overdue.</p>
  <figure><img src="pier.jpg" alt="The pier"><figcaption>The north pier in March.</figcaption></figure>
  <aside class="related">&ldquo;Read more,&rdquo; said the sidebar.</aside>
</article>
<footer>&copy; 2026 Port Ellery Gazette</footer>
</body></html>
"""


def _post(client, html, **options):
    body = {"html": html}
    if options:
        body["options"] = options
    return client.post("/v1/quotes", json=body)


def _by_text(body):
    return {q["text"]: q for q in body["quotes"]}


def test_html_response_has_the_extracted_text_and_both_offsets(client):
    response = _post(client, ARTICLE_HTML, acts=["speech", "position"])
    assert response.status_code == 200
    body = response.get_json()
    text = body["text"]
    assert text.startswith("Pier to reopen by midsummer \U0001f30a\n\nBy Nadia Orwell\nHarbour correspondent\nUpdated 09:40\n\n")
    assert "Port Ellery Gazette" not in text and "Home" not in text and "sidebar" not in text
    assert body["meta"]["characters"] == len(text)
    for quote in body["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]
        assert 0 <= quote["html_start"] < quote["html_end"] <= len(ARTICLE_HTML)
    for speaker in body["speakers"]:
        for mention in speaker["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]


def test_quotes_map_to_their_markup(client):
    quotes = _by_text(_post(client, ARTICLE_HTML).get_json())
    front = quotes["The pier is the front door of this town, and it has been shut for too long,"]
    assert ARTICLE_HTML[front["html_start"]:front["html_end"]] == (
        "The pier is the <em>front door</em> of this town, and it has been shut for too long,"
    )
    assert front["speaker"]["name"] == "Odile Fenwick"
    midsummer = quotes["We’ll have it open again by midsummer."]
    assert ARTICLE_HTML[midsummer["html_start"]:midsummer["html_end"]] == (
        "We&#8217;ll have it open again by <strong>midsummer</strong>."
    )
    overdue = quotes["the repairs were overdue"]
    assert ARTICLE_HTML[overdue["html_start"]:overdue["html_end"]] == "the repairs were overdue"


def test_script_style_and_page_chrome_produce_no_quotes(client):
    body = _post(client, ARTICLE_HTML, acts=["speech", "position"]).get_json()
    names = {s["name"] for s in body["speakers"]}
    assert "Someone Else" not in names
    for quote in body["quotes"]:
        assert "never pay" not in quote["text"] and "Read more" not in quote["text"]
        assert "Pier to reopen," not in quote["text"]


def test_html_offsets_in_utf16(client):
    points = _post(client, ARTICLE_HTML, acts=["speech", "position"]).get_json()
    units = _post(client, ARTICLE_HTML, offsets="utf16", acts=["speech", "position"]).get_json()
    assert units["meta"]["offsets"] == "utf16"
    assert units["text"] == points["text"]
    source16 = ARTICLE_HTML.encode("utf-16-le")
    text16 = units["text"].encode("utf-16-le")
    for p, u in zip(points["quotes"], units["quotes"]):
        assert text16[2 * u["start"]:2 * u["end"]].decode("utf-16-le") == u["text"]
        # The emoji is in the text (one unit more) but not in the source before the quote.
        assert u["start"] == p["start"] + 1
        assert source16[2 * u["html_start"]:2 * u["html_end"]].decode("utf-16-le") == (
            ARTICLE_HTML[p["html_start"]:p["html_end"]]
        )


def test_astral_characters_in_the_source_shift_html_offsets(client):
    html = "<p>Ferry news \U0001f600.</p><p>&ldquo;We \U0001f680 won,&rdquo; said Ann Lee.</p>"
    quote = _post(client, html, offsets="utf16").get_json()["quotes"][0]
    source16 = html.encode("utf-16-le")
    assert source16[2 * quote["html_start"]:2 * quote["html_end"]].decode("utf-16-le") == "We \U0001f680 won,"


def test_plain_text_answers_have_no_html_fields(client):
    body = client.post("/v1/quotes", json={"text": "“Go,” said Ann Lee."}).get_json()
    assert "text" not in body
    assert body["quotes"] and all("html_start" not in q for q in body["quotes"])


@pytest.mark.parametrize("html", ["", "   ", "<p></p>", "<script>“a,” said B.</script>"])
def test_html_without_visible_text(client, html):
    body = _post(client, html).get_json()
    assert body["text"] == "" and body["quotes"] == [] and body["speakers"] == []


def test_html_over_the_character_limit_is_413(make_app):
    client = make_app(MAX_TEXT_CHARS=20).test_client()
    response = _post(client, "<p>" + "a" * 30 + "</p>")
    assert response.status_code == 413
    assert "html has 37 characters; the limit is 20" in response.get_json()["detail"]
