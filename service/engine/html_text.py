"""Visible text of an HTML page, with a map back to the markup.

:func:`html_to_text` turns an article's HTML into the plain text a reader
sees, the way the quotation engine wants it:

* block elements (``<p>``, ``<div>``, ``<li>``, headings, ...) are separated
  by a blank line (``"\\n\\n"``); ``<br>`` is a line break (``"\\n"``);
* ``script``, ``style``, ``nav``, ``header``, ``footer``, ``aside``,
  ``noscript``, ``template`` (and a few other invisible or chrome elements)
  are dropped with everything inside them;
* character references (``&ldquo;``, ``&#8217;``, ``&amp``) are decoded;
* runs of whitespace inside a block become one space, and whitespace at the
  edges of a block disappears (``<pre>`` keeps its whitespace).

Every character of the text remembers the stretch of markup it came from, so
:meth:`HtmlText.source_span` turns a span of the text into a span of the
HTML: ``html[start:end]`` covers exactly those words, with any inline tags
inside them and entities counted in source characters.

Only the standard library's :mod:`html.parser` is used; this module does not
depend on the web framework: the engine reads HTML input with it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements that start a new paragraph.
BLOCK = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr", "html", "legend", "li", "main",
    "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead",
    "tr", "ul",
})

#: Elements whose content is not article text.
DROPPED = frozenset({
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template",
    "title", "iframe", "object", "svg", "canvas", "select", "button",
})

#: Table cells: a space between neighbours, not a paragraph.
CELLS = frozenset({"td", "th"})

#: Elements that never have content or an end tag.
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "param", "source", "track", "wbr",
})

_WS = " \t\n\r\f"
_RUNS = re.compile(r"[ \t\n\r\f]+|[^ \t\n\r\f]+")
_REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][-.a-zA-Z0-9]*);?")
_END_TAG = re.compile(r"</[^>]*>?")
#: Marked sections the standard parser closes with "]>" rather than "]]>".
_MS_SECTION = re.compile(r"(?:if|else|endif)(?![-_.a-zA-Z0-9])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HtmlText:
    """The visible text of ``source`` and where each character came from."""

    source: str
    text: str
    #: ``source`` offsets of the markup each character of ``text`` came from:
    #: character ``i`` was produced by ``source[starts[i]:ends[i]]``.
    starts: list[int] = field(repr=False)
    ends: list[int] = field(repr=False)
    #: End offset of an inline closing tag -> (start of its opening tag, end
    #: of the closing tag), keyed by where the closing tag starts.
    _closers: dict[int, tuple[int, int]] = field(repr=False, default_factory=dict)
    #: End offset of an opening tag -> (its start, start of its closing tag).
    _openers: dict[int, tuple[int, int]] = field(repr=False, default_factory=dict)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of ``source`` that produced ``text[start:end]``.

        It starts at the first character's markup and ends after the last
        one's.  When an element opened inside the span is closed right
        after it (``We <em>will win</em>``), the closing tag is included,
        and likewise an opening tag right before the span whose element ends
        inside it, so the slice is balanced markup wherever the words allow.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}..{end} is outside the text (0..{len(self.text)})")
        if start == end:
            at = self.starts[start] if start < len(self.text) else (
                self.ends[-1] if self.text else len(self.source)
            )
            return at, at
        s, e = self.starts[start], self.ends[end - 1]
        while True:
            closer = self._closers.get(e)
            if closer is not None and closer[0] >= s:
                e = closer[1]
                continue
            opener = self._openers.get(s)
            if opener is not None and opener[1] < e:
                s = opener[0]
                continue
            return s, e


def _unterminated_tail(source: str) -> str:
    """``source`` with every ``<`` after its last ``>`` replaced by ``_``.

    No tag, comment or declaration can end there, but the standard parser
    (before Python 3.13.4 and 3.12.11) rescans to the end of the input for
    each ``<`` before giving it up as text, which takes quadratic time on
    ``<a<a<a...`` or ``</</</...``.  The stand-in is the same length, is
    text to the parser, and cannot start or end a character reference, so
    every offset stays right; text is read back from the real source.
    """
    tail = source.rfind(">") + 1
    if "<" not in source[tail:]:
        return source
    return source[:tail] + source[tail:].replace("<", "_")


class _Events(HTMLParser):
    """Records what the parser sees, each with its offset in the source."""

    def __init__(self, source: str, check=None):
        super().__init__(convert_charrefs=False)
        self.source = source
        self._check = check or (lambda: None)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.events: list[tuple[str, int, object]] = []  # (kind, offset, payload)
        self._misses: dict[str, tuple[str, int]] = {}  # kind -> (buffer, position)

    def _offset(self) -> int:
        self._check()
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", self._offset(), (tag, self.get_starttag_text())))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("start", self._offset(), (tag, self.get_starttag_text())))
        if tag not in VOID:
            self.events.append(("end", self._offset(), tag))

    def handle_endtag(self, tag):
        self.events.append(("end", self._offset(), tag))

    def handle_data(self, data):
        # Data is verbatim source (character references come separately).
        offset = self._offset()
        self.events.append(("data", offset, self.source[offset:offset + len(data)]))

    def handle_entityref(self, name):
        self.events.append(("ref", self._offset(), ""))

    def handle_charref(self, name):
        self.events.append(("ref", self._offset(), ""))

    # -- the standard parser's slow and failing paths ---------------------------

    def _remembered_miss(self, kind: str, i: int) -> bool:
        miss = self._misses.get(kind)
        return miss is not None and miss[0] is self.rawdata and i >= miss[1]

    def parse_comment(self, i, report=1):
        # "<!--" with no "-->" anywhere after it: so has every later "<!--",
        # and searching to the end again for each makes <!--a><!--a>...
        # quadratic.  Remember the first miss (for this buffer).
        if self._remembered_miss("comment", i):
            return -1
        k = super().parse_comment(i, report)
        if k < 0:
            self._misses["comment"] = (self.rawdata, i)
        return k

    def parse_marked_section(self, i, report=1):
        # The same for "<![name[" without its "]]>" (or "]>" for if/else/endif).
        kind = "section-ms" if _MS_SECTION.match(self.rawdata, i + 3) else "section"
        if self._remembered_miss(kind, i):
            return -1
        k = super().parse_marked_section(i, report)
        if k < 0:
            self._misses[kind] = (self.rawdata, i)
        return k

    def parse_html_declaration(self, i):
        # "<![" followed by anything but a known keyword makes the standard
        # parser raise AssertionError (having moved its position on).  Put
        # the position back and read it as browsers do: a bogus comment up
        # to the next ">".
        position = self.lineno, self.offset
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            self.lineno, self.offset = position
            return self.parse_bogus_comment(i)


class _Builder:
    """Turns the parser's events into text and the map back to the source."""

    def __init__(self, source: str):
        self.source = source
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.closers: dict[int, tuple[int, int]] = {}
        self.openers: dict[int, tuple[int, int]] = {}
        self.stack: list[tuple[str, int, int]] = []  # (tag, start, end of the opening tag)
        self.open: dict[str, int] = {}  # tag -> how many of it are on the stack
        self.dropped = 0  # open elements whose content is dropped
        self.pre = 0  # open <pre> elements
        self.space: tuple[int, int] | None = None  # a pending collapsed space
        self.breaks: list[tuple[int, int]] = []  # pending <br> line breaks
        self.paragraph: tuple[int, int] | None = None  # a pending paragraph break

    # -- output ---------------------------------------------------------------

    def _trailing_newlines(self) -> int:
        count = 0
        for ch in reversed(self.chars[-2:]):
            if ch != "\n":
                break
            count += 1
        return count

    def _flush(self) -> None:
        """Write the pending separator before new content."""
        if self.chars:
            wanted = len(self.breaks)
            if self.paragraph is not None:
                wanted = max(wanted, 2 - self._trailing_newlines())
            if wanted:
                spans = self.breaks + [self.paragraph] * (wanted - len(self.breaks))
                for s, e in sorted(spans[:wanted]):
                    self._put("\n", s, e)
            elif self.space is not None:
                self._put(" ", *self.space)
        self.space, self.breaks, self.paragraph = None, [], None

    def _put(self, text: str, start: int, end: int) -> None:
        self.chars.append(text)
        self.starts.append(start)
        self.ends.append(end)

    def _content(self, text: str, start: int, end: int | None) -> None:
        """Visible characters: from ``source[start:]`` one each when ``end``
        is None, otherwise all from the one reference ``source[start:end]``."""
        self._flush()
        if end is None:
            self.chars.extend(text)
            self.starts.extend(range(start, start + len(text)))
            self.ends.extend(range(start + 1, start + len(text) + 1))
        else:
            self.chars.extend(text)
            self.starts.extend([start] * len(text))
            self.ends.extend([end] * len(text))

    def _whitespace(self, start: int, end: int) -> None:
        if self.space is None and not self.breaks and self.paragraph is None:
            self.space = (start, end)

    def _text(self, text: str, offset: int, end: int | None) -> None:
        """Text from data (``end`` None: one source character each) or from
        one character reference spanning ``offset:end``."""
        if self.dropped:
            return
        if self.pre:
            self._content(text, offset, end)
            return
        for run in _RUNS.finditer(text):
            if end is None:
                s, e = offset + run.start(), offset + run.end()
            else:
                s, e = offset, end
            if run.group()[0] in _WS:
                self._whitespace(s, s + 1 if end is None else e)
            else:
                self._content(run.group(), s, None if end is None else e)

    # -- events ---------------------------------------------------------------

    def start(self, tag: str, raw: str, offset: int) -> None:
        end = offset + len(raw)
        if tag in VOID:
            if not self.dropped:
                if tag == "br":
                    self.breaks.append((offset, end))
                    self.space = None
                elif tag in BLOCK:
                    self.paragraph = self.paragraph or (offset, end)
            return
        self.stack.append((tag, offset, end))
        self.open[tag] = self.open.get(tag, 0) + 1
        if tag in DROPPED:
            self.dropped += 1
        elif tag == "pre":
            self.pre += 1
        if not self.dropped:
            self._boundary(tag, offset, end)

    def end(self, tag: str, offset: int) -> None:
        match = _END_TAG.match(self.source, offset)  # None after <tag/>
        end = match.end() if match else offset
        if not self.open.get(tag):
            # A stray end tag.  (Counting open tags keeps this from searching
            # the whole stack each time: <b><b>...</i></i>... stays linear.)
            if tag in BLOCK and not self.dropped:
                self._boundary(tag, offset, end)
            return
        depth = len(self.stack) - 1
        while self.stack[depth][0] != tag:
            depth -= 1
        _, open_start, open_end = self.stack[depth]
        for name, _, _ in self.stack[depth:]:
            self.open[name] -= 1
            if name in DROPPED:
                self.dropped -= 1
            elif name == "pre":
                self.pre -= 1
        del self.stack[depth:]
        if not self.dropped:
            self._boundary(tag, offset, end)
            if match:
                self.closers[offset] = (open_start, end)
                self.openers[open_end] = (open_start, offset)

    def _boundary(self, tag: str, start: int, end: int) -> None:
        if tag in BLOCK:
            self.space = None
            self.paragraph = self.paragraph or (start, end)
        elif tag in CELLS:
            self._whitespace(start, end)

    def data(self, text: str, offset: int) -> None:
        self._text(text, offset, None)

    def reference(self, offset: int) -> None:
        match = _REFERENCE.match(self.source, offset)
        raw = match.group() if match else "&"
        self._text(html.unescape(raw), offset, offset + len(raw))

    def result(self) -> HtmlText:
        return HtmlText(
            self.source, "".join(self.chars), self.starts, self.ends,
            self.closers, self.openers,
        )


def html_to_text(source: str, check=None) -> HtmlText:
    """The visible text of an HTML document or fragment (see module docs).

    ``check``, when given, is called now and then while the markup is parsed
    and may raise to stop the work (the web layer's time budget).
    """
    parser = _Events(source, check)
    parser.feed(_unterminated_tail(source))
    parser.close()
    builder = _Builder(source)
    for kind, offset, payload in parser.events:
        if kind == "data":
            builder.data(payload, offset)
        elif kind == "ref":
            builder.reference(offset)
        elif kind == "start":
            builder.start(*payload, offset)
        else:
            builder.end(payload, offset)
    return builder.result()


__all__ = ["BLOCK", "DROPPED", "HtmlText", "html_to_text"]
