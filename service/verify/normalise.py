"""Stage 1: text -> words that compare as a copy desk compares them.

In: a text (a draft's quotation or a source) and a stretch of it.  Out:
``Word`` records in text order.  What does not make a quotation altered is
dropped or made plain here, once for drafts and sources alike:

* punctuation and quotation marks are no words, so a comma inside or
  outside the closing mark, line breaks and runs of spaces never count;
* curly and straight apostrophes, and the dashes inside a word, compare
  equal (``don’t`` = ``don't``);
* keys are case folded; the one case difference that counts (a capital
  inside the quotation that the source writes small, or the reverse) is
  found after alignment, never at a fragment's first word;
* a letter in brackets at a word's start (``[T]he``) is the editor's
  capital: the word is ``the``, and the brackets are reported.
"""

from __future__ import annotations

import regex

from .budget import deadline_every
from .model import Word

#: Apostrophe-like characters inside a word, all compared as ``'``.
APOSTROPHES = "'’‘ʼ′"
#: Dash-like characters inside a word, all compared as ``-``.
HYPHENS = "‐‑-"  # the plain hyphen last: literal at the end of a class
#: A word: letters and digits, joined by apostrophes or hyphens, perhaps
#: opened by the editor's bracketed letter (``[T]he``).
WORD = regex.compile(rf"(?:\[\w{{1,2}}\](?=\w))?\w+(?:[{APOSTROPHES}{HYPHENS}]\w+)*")
#: An editor's letter in brackets at a word's start.
BRACKETED_LETTER = regex.compile(r"\[(\w{1,2})\]")
PLAIN = str.maketrans({**dict.fromkeys(APOSTROPHES, "'"), **dict.fromkeys(HYPHENS, "-")})


def key_of(form: str) -> str:
    """What a written word is compared as: case folded, apostrophes and
    dashes made plain."""
    return form.translate(PLAIN).casefold()


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of ``text[start:end]``, with offsets into ``text``."""
    end = len(text) if end is None else end
    out = []
    check = deadline_every()
    for match in WORD.finditer(text, start, end):
        check()
        form = match.group()
        if "[" in form:
            form = BRACKETED_LETTER.sub(r"\1", form)
        out.append(Word(key_of(form), form, match.start(), match.end()))
    return out
