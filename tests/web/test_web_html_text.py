"""service.engine.html_text: the visible text of an article's HTML and the
map from each of its characters back to the markup."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.engine.html_text import html_to_text

ARTICLE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Ferry fares to rise &ndash; The Northby Courier</title>
  <style>p::before { content: "\\201C"; }</style>
  <script>window.dataLayer = [{"headline": "\\u201cFares\\u201d", "quote": "“Never,” said Nobody."}];</script>
</head>
<body>
<header><nav><a href="/">Home</a> | <a href="/local">Local</a></nav></header>
<main>
<article>
  <h1>Ferry fares   to rise in spring</h1>
  <p class="byline">By <a href="/staff/ruth-abara">Ruth Abara</a><br>Transport correspondent</p>
  <p>The island ferry will cost &pound;2 more from April.
     &ldquo;We held prices for <em>three</em> years,&rdquo; said
     <a href="/people/tomas-ilves">Tomas Ilves</a>, the operator&#8217;s director.</p>
  <p>Passengers were less sure. &ldquo;It&#8217;s a lot for a <strong>short</strong> trip,&rdquo; said Mara Quist.</p>
  <aside>Related: &ldquo;Bridge plans revived,&rdquo; said the editor.</aside>
  <noscript>&ldquo;Enable scripts,&rdquo; said the site.</noscript>
</article>
</main>
<footer>&copy; Northby Courier</footer>
</body>
</html>
"""

EXPECTED = (
    "Ferry fares to rise in spring\n\n"
    "By Ruth Abara\nTransport correspondent\n\n"
    "The island ferry will cost £2 more from April. "
    "“We held prices for three years,” said Tomas Ilves, the operator’s director.\n\n"
    "Passengers were less sure. “It’s a lot for a short trip,” said Mara Quist."
)


def _source_of(doc, words: str) -> str:
    start = doc.text.index(words)
    s, e = doc.source_span(start, start + len(words))
    return doc.source[s:e]


def test_article_text_is_what_a_reader_sees():
    assert html_to_text(ARTICLE).text == EXPECTED


def test_invisible_and_chrome_elements_are_dropped():
    text = html_to_text(ARTICLE).text
    for gone in ("Never", "headline", "content", "Home", "Related", "Enable", "©", "Courier"):
        assert gone not in text


def test_quoted_words_map_to_their_markup_with_inline_tags():
    doc = html_to_text(ARTICLE)
    assert _source_of(doc, "We held prices for three years,") == (
        "We held prices for <em>three</em> years,"
    )
    assert _source_of(doc, "It’s a lot for a short trip,") == (
        "It&#8217;s a lot for a <strong>short</strong> trip,"
    )
    assert _source_of(doc, "“") == "&ldquo;"
    assert _source_of(doc, "Tomas Ilves") == "Tomas Ilves"


def test_words_ending_inside_an_element_take_its_closing_tag():
    doc = html_to_text("<p>&ldquo;We will <em>win <b>this</b></em>&rdquo; she said.</p>")
    assert doc.text == "“We will win this” she said."
    assert _source_of(doc, "We will win this") == "We will <em>win <b>this</b></em>"
    assert _source_of(doc, "win this") == "win <b>this</b>"  # balanced without <em>
    assert _source_of(doc, "this") == "this"  # balanced already: no tags needed


def test_line_breaks_and_paragraphs():
    doc = html_to_text("<div>one<br>two<br/><br>three</div><p>four</p>five<p></p><p>six<br></p>seven")
    assert doc.text == "one\ntwo\n\nthree\n\nfour\n\nfive\n\nsix\n\nseven"


def test_whitespace_collapses_inside_blocks_and_vanishes_at_their_edges():
    doc = html_to_text("<p>\n   a  \t b <em> c </em>\n d   </p>\n\n<p>  e</p>   ")
    assert doc.text == "a b c d\n\ne"


def test_pre_keeps_its_whitespace():
    assert html_to_text("<p>x</p><pre>a  b\n  c</pre>").text == "x\n\na  b\n  c"


def test_character_references():
    doc = html_to_text("AT&T &amp &amp; &lt;b&gt; &#x1F600; &#128640;&nbsp;&unknown; &#8217;")
    assert doc.text == "AT&T & & <b> \U0001f600 \U0001f680\xa0&unknown; ’"
    assert _source_of(doc, "\U0001f600") == "&#x1F600;"
    assert _source_of(doc, "&unknown;") == "&unknown;"


def test_table_cells_are_separated_by_a_space():
    assert html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>").text == "a b\n\nc"


def test_empty_and_text_only_input():
    assert html_to_text("").text == ""
    assert html_to_text("<p> </p><script>x</script>").text == ""
    doc = html_to_text("plain “text”")
    assert doc.text == "plain “text”"
    assert doc.source_span(0, 0) == (0, 0)
    assert doc.source_span(12, 12) == (12, 12)


def test_span_outside_the_text_is_refused():
    with pytest.raises(ValueError):
        html_to_text("abc").source_span(2, 4)


def _check_map(doc) -> None:
    assert len(doc.starts) == len(doc.ends) == len(doc.text)
    assert doc.starts == sorted(doc.starts)
    for i, ch in enumerate(doc.text):
        raw = doc.source[doc.starts[i]:doc.ends[i]]
        assert raw, (i, ch)
        if ch == "\n":
            assert raw.startswith("<") or raw == "\n", (i, raw)  # a tag, or inside <pre>
        elif ch == " " and raw.startswith("<"):
            assert raw[1:3].lower() in {"td", "th", "/t"}, raw
        elif ch == " ":
            assert raw.isspace() or html.unescape(raw) == " ", raw
        else:
            assert ch in html.unescape(raw), (i, ch, raw)


def test_every_character_maps_to_the_markup_it_came_from():
    _check_map(html_to_text(ARTICLE))


_pieces = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<em>", "</em>", "<a href='x>y'>", "</a>",
    "<script>“no,” said x</script>", "<!-- c -->", " ", "\n", "  \t", "&ldquo;", "&rdquo;",
    "&#8217;", "&amp", "&#x1F600;", "&bogus;", "word", "“", "\U0001f680", "<td>", "</td>",
    "<pre>", "</pre>", "<nav>", "</nav>", "<", ">", "&", "<img src=a>",
])


@given(st.lists(_pieces, max_size=30).map("".join))
def test_any_markup_keeps_a_consistent_map(source):
    doc = html_to_text(source)
    _check_map(doc)
    for start in range(len(doc.text)):
        end = min(len(doc.text), start + 5)
        s, e = doc.source_span(start, end)
        assert 0 <= s <= e <= len(source)
