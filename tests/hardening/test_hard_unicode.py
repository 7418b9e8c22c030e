"""Unicode through the API: whatever a JSON string can hold is analysed as
received, never crashes the service, and every offset, in either unit,
slices the text exactly as the client sent it.

Property-based tests (hypothesis) post arbitrary text, lone surrogates and
quote-mark soup included; named examples cover the cases a reader would
list.  The engine's own properties are in tests/engine/test_offsets_property.py.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.benchmark import BUILTIN_ARTICLE

UNITS = ("codepoints", "utf16")


def _utf16_slice(text: str, start: int, end: int) -> str:
    """``text[start:end]`` counted in UTF-16 code units, as JavaScript slices."""
    units = text.encode("utf-16-le", "surrogatepass")
    return units[2 * start:2 * end].decode("utf-16-le", "surrogatepass")


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _spans(body: dict):
    """Every (start, end, text) the response claims about the request text."""
    for quote in body["quotes"]:
        yield quote["start"], quote["end"], quote["text"]
        if quote["speaker"] is not None:
            speaker = quote["speaker"]
            yield speaker["start"], speaker["end"], speaker["text"]
        if quote["verb"] is not None:
            yield quote["verb"]["start"], quote["verb"]["end"], quote["verb"]["text"]
    for speaker in body["speakers"]:
        for mention in speaker["mentions"]:
            yield mention["start"], mention["end"], mention["text"]


def post_text(client, text: str, offsets: str = "codepoints") -> dict:
    """POST ``text`` (lone surrogates as ``\\ud800`` escapes) and check every span,
    speech and positions, against the text as the server receives it.

    That is the text after JSON decoding: a high surrogate followed by a low
    one, ``"\\ud800\\udc00"``, is one character (U+10000) in JSON, as in
    JavaScript, even though the Python string sent had two code points.
    """
    payload = json.dumps({"text": text, "options": {"offsets": offsets, "acts": ["speech", "position"]}}, ensure_ascii=True)
    text = json.loads(payload)["text"]
    response = client.post("/v1/quotes", data=payload, content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    raw = response.get_data()
    assert raw.isascii(), "non-ASCII must be escaped in responses"
    body = json.loads(raw)
    if offsets == "utf16":
        length, cut = _utf16_length(text), lambda s, e: _utf16_slice(text, s, e)
    else:
        length, cut = len(text), lambda s, e: text[s:e]
    assert body["meta"]["characters"] == len(text)
    for start, end, span_text in _spans(body):
        assert 0 <= start <= end <= length, (start, end, length)
        assert cut(start, end) == span_text
    return body


def _answer(body: dict) -> tuple:
    """What must not change between two identical requests."""
    return json.dumps([body["quotes"], body["speakers"]], sort_keys=True)


# --- named examples -------------------------------------------------------------

QUOTE = "“We will not back down,” said Jane Smith, the mayor.\n\n"
EXAMPLES = {
    "nul": "\x00" + QUOTE + "a\x00b “Go\x00 now,” she said.",
    "lone-high-surrogate": "\ud800" + QUOTE + "“Go \ud800 now,” said Jane Smith.",
    "lone-low-surrogate": QUOTE + "\udfff“Go now,” said Jane Smith.\udfff",
    "reversed-surrogate-pair": QUOTE + "\udc00\ud800 “Go now,” he said.",
    "surrogates-only": "\ud800\udc00\udbff" * 50,
    "combining-marks": "“Ze\u0301ro to\u0308day,” said Jose\u0301 Mart\u0131\u0301nez.\n\n" + QUOTE,
    "stacked-combining-marks": "a" + "\u0301" * 500 + " “Go now,” she said.",
    "nfd-text": "“Ca\u0300 va bien,” said Rene\u0301 Le\u0301vesque, the pre\u0301mier.",
    "zero-width": "\u200b“We\u200d will\u200c win,”\u2060 said Jane\ufeff Smith.\u200b\n\n" + QUOTE,
    "crlf": QUOTE.replace("\n", "\r\n") + "“Go now,” she said.\r\n",
    "cr-only": QUOTE.replace("\n", "\r") + "“Go now,” she said.\r",
    "right-to-left": "«نحن مستعدون»، قال أحمد.\n\n“שלום,” said Dana Levi.\n\n" + QUOTE,
    "bidi-controls": "\u202e“We will win,” said Jane Smith.\u202c \u200f“Go,” he said.\u200e",
    "emoji": "😀 “We 👍🏽 will win 🇬🇧,” said Jane Smith 👩‍👩‍👧.\n\n" + QUOTE,
    "astral-names": "“Go now,” said 𝐉𝐚𝐧𝐞 𝐒𝐦𝐢𝐭𝐡.\n\n" + QUOTE,
    "private-use-and-noncharacters": "\ue000\uffff\U0010ffff " + QUOTE,
    "line-and-paragraph-separators": QUOTE + "\u2028“Go now,” she said.\u2029“Stop,” he said.",
    "only-quote-marks": "“”‘’«»„\"'" * 100,
}


@pytest.mark.parametrize("offsets", UNITS)
@pytest.mark.parametrize("text", EXAMPLES.values(), ids=EXAMPLES.keys())
def test_unicode_examples(client, text, offsets):
    first = post_text(client, text, offsets)
    assert _answer(post_text(client, text, offsets)) == _answer(first)


def test_lone_surrogates_come_back_as_the_same_escapes(client):
    text = "“Go \ud800 now,” said Jane Smith."
    body = post_text(client, text)
    assert body["quotes"][0]["text"] == "Go \ud800 now,"


def test_utf16_offsets_differ_after_emoji_but_slice_the_same_words(client):
    text = "😀😀 “We will win,” said Jane Smith."
    points, units = post_text(client, text), post_text(client, text, "utf16")
    assert units["quotes"][0]["start"] == points["quotes"][0]["start"] + 2
    assert units["quotes"][0]["text"] == points["quotes"][0]["text"]


def _lf_answer(body: dict) -> list:
    """Quotes as texts, speakers and verbs, line ends normalised, offsets dropped."""
    return [
        (
            q["type"],
            q["text"].replace("\r\n", "\n"),
            q["speaker"] and q["speaker"]["name"],
            q["verb"] and q["verb"]["lemma"],
        )
        for q in body["quotes"]
    ]


@pytest.mark.parametrize("offsets", UNITS)
def test_crlf_and_lf_articles_give_the_same_quotes(client, offsets):
    lf = BUILTIN_ARTICLE
    crlf = lf.replace("\n", "\r\n")
    lf_body, crlf_body = post_text(client, lf, offsets), post_text(client, crlf, offsets)
    assert lf_body["quotes"], "the article has quotations"
    assert _lf_answer(crlf_body) == _lf_answer(lf_body)
    assert [s["name"] for s in crlf_body["speakers"]] == [s["name"] for s in lf_body["speakers"]]
    # Offsets are the received text's own: they move by one per earlier line end.
    moved = [c["start"] - l["start"] for c, l in zip(crlf_body["quotes"], lf_body["quotes"])]
    assert moved == [lf[: q["start"]].count("\n") for q in lf_body["quotes"]]


# --- properties -------------------------------------------------------------------

ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, exclude_categories=())
ANY_TEXT = st.text(alphabet=st.one_of(ANY_CHARACTER, SURROGATE), max_size=400)
QUOTE_SOUP = st.lists(
    st.one_of(
        st.sampled_from(list("\"'“”‘’„‚«»‹›「」『』 ,.:;?!—–-\n\r\t") + ["\r\n", "\n\n", "\u00a0"]),
        st.sampled_from([
            "said", "says", "told", "added", "she", "he", "Jane Smith", "Mr. Ruiz", "the mayor",
            "according to", "We will win", "Go now", "🙂", "👩‍👩‍👧", "e\u0301", "\u200b",
            "\ud800", "\udfff", "\x00", "\u202e", "שלום",
        ]),
        SURROGATE,
    ),
    max_size=80,
).map("".join)

PROPERTY_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(text=ANY_TEXT, offsets=st.sampled_from(UNITS))
def test_any_text_is_answered_with_exact_spans(client, text, offsets):
    first = post_text(client, text, offsets)
    assert _answer(post_text(client, text, offsets)) == _answer(first)


@PROPERTY_SETTINGS
@given(text=QUOTE_SOUP, offsets=st.sampled_from(UNITS))
def test_quote_mark_soup_is_answered_with_exact_spans(client, text, offsets):
    first = post_text(client, text, offsets)
    assert _answer(post_text(client, text, offsets)) == _answer(first)


@PROPERTY_SETTINGS
@given(text=QUOTE_SOUP)
def test_both_units_find_the_same_quotes(client, text):
    points, units = post_text(client, text), post_text(client, text, "utf16")
    assert [q["text"] for q in points["quotes"]] == [q["text"] for q in units["quotes"]]


HTML_SOUP = st.lists(
    st.one_of(
        st.sampled_from([
            "<p>", "</p>", "<b>", "</b>", "<br>", "<script>", "</script>", "<!--", "-->", "<![",
            "<", ">", "&amp;", "&ldquo;", "&#8221;", "&#x1F600;", "&", "</", "<?", "<a href='x'>",
        ]),
        QUOTE_SOUP,
    ),
    max_size=30,
).map("".join)


@PROPERTY_SETTINGS
@given(source=HTML_SOUP, offsets=st.sampled_from(UNITS))
def test_any_html_is_answered_with_exact_spans(client, source, offsets):
    payload = json.dumps({"html": source, "options": {"offsets": offsets}})
    response = client.post("/v1/quotes", data=payload, content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    body = response.get_json()
    text = body["text"]
    if offsets == "utf16":
        cut, html_cut = (lambda s, e: _utf16_slice(text, s, e)), (lambda s, e: _utf16_slice(source, s, e))
    else:
        cut, html_cut = (lambda s, e: text[s:e]), (lambda s, e: source[s:e])
    for start, end, span_text in _spans(body):
        assert cut(start, end) == span_text
    for quote in body["quotes"]:
        assert 0 <= quote["html_start"] <= quote["html_end"]
        html_cut(quote["html_start"], quote["html_end"])  # in range, decodable
