"""The document: one article, read once.

In: the article text exactly as received.  Out: an ``Article`` holding the
text, its paragraphs (page noise flagged), what the stages remember of it
(``memo``, see ``current.per_article``), and its **tokens** — one pass of one
tokenizer pattern, each token with its offsets, its shape (capitalised, all
caps, lower, number, possessive, quote mark, punctuation) and its casefolded
form, read on the first question about them.  ``tokenize`` reads any stretch
the same way for the phrase layer.  The article answers, per word form,
whether it writes a word in lower case or capitalises it inside a sentence.

Nothing here changes the text: ``text[token.start:token.end] == token.text``.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from . import deadline
from .chars import BACKQUOTE, QUOTE_MARKS
from .text import Paragraph, split_paragraphs
from .words import ABBREVIATIONS, TITLES

# token shapes
CAP = "cap"            # Capitalised, Mixed (McAllister, iPhone is lower)
UPPER = "upper"        # all capitals, two letters or more (FBI, NATO, GOP)
LOWER = "lower"        # starts lower case
NUMBER = "number"      # starts with a digit (61, 2019, 1.5)
POSSESSIVE = "poss"    # the possessive ending: ’s, 's, or a lone ’ after an s
QUOTE = "quote"        # a quotation mark, double or single
PUNCT = "punct"        # any other single character

MARK_CHARACTERS = frozenset(QUOTE_MARKS + BACKQUOTE)  # each a token of its own, whatever role marks.py gives it
WORD_SHAPES = frozenset({CAP, UPPER, LOWER, NUMBER})

TOKEN = regex.compile(
    r"""
      (?P<poss>['’]s(?![\p{L}\p{N}])|(?<=[sS])['’](?![\p{L}\p{N}]))      # Orbitra’s, growers'
    | (?P<abbr>(?:\p{L}\.){2,})                                       # U.S., D.C., a.m.
    | (?P<word>[\p{L}\p{N}][\p{L}\p{M}\p{N}]*                           # a word, with inner
        (?:(?:[\-&/.]|['’](?![sS](?![\p{L}\p{N}])))[\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*  # hyphens, apostrophes
      )(?P<dot>\.)?                                                   # Sen., St., Jr.
    | (?P<mark>\S)
    """,
    regex.VERBOSE,
)

# A full stop belongs to the word before it only after an abbreviation or an
# initial; elsewhere it is the sentence's.
ABBREVIATED = frozenset(ABBREVIATIONS) | frozenset(TITLES)
WORD_GROUP, POSS_GROUP, ABBR_GROUP = (TOKEN.groupindex[name] for name in ("word", "poss", "abbr"))


class Token(NamedTuple):
    """One token: where it is, what it says, its shape and casefolded form."""

    start: int
    end: int
    text: str
    shape: str
    folded: str

    @property
    def is_word(self) -> bool:
        return self.shape in WORD_SHAPES


def _shape(word: str) -> str:
    first = word[0]
    if first.isdigit():
        return NUMBER
    if first.isupper():
        letters = [c for c in word if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            return UPPER
        return CAP
    return LOWER


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, with offsets into ``text``."""
    tokens: list[Token] = []
    append = tokens.append
    shapes: dict[str, str] = {}
    for count, match in enumerate(TOKEN.finditer(text, start, len(text) if end is None else end, concurrent=False), 1):
        if not count % deadline.EVERY:
            deadline.check()
        word = match.group(WORD_GROUP)
        if word is not None:
            s, e = match.span()
            if e - s > len(word) and not (word in ABBREVIATED or (len(word) == 1 and word.isupper())):
                e -= 1  # the sentence's full stop, not the word's
                shape = shapes.get(word) or shapes.setdefault(word, _shape(word))
                append(Token(s, e, word, shape, word.casefold()))
                append(Token(e, e + 1, ".", PUNCT, "."))
                continue
            piece = text[s:e]
            shape = shapes.get(piece) or shapes.setdefault(piece, _shape(piece))
            append(Token(s, e, piece, shape, piece.casefold()))
        elif match.start(POSS_GROUP) >= 0:
            append(Token(match.start(), match.end(), match.group(), POSSESSIVE, "’s"))
        elif match.start(ABBR_GROUP) >= 0:
            piece = match.group()
            append(Token(match.start(), match.end(), piece, UPPER if piece[0].isupper() else LOWER, piece.casefold()))
        else:
            char = match.group()
            append(Token(match.start(), match.end(), char, QUOTE if char in MARK_CHARACTERS else PUNCT, char))
    return tokens


class Article:
    """One article as every stage reads it: the text, its paragraphs, and its
    tokens (read on first use: most articles are attributed without them)."""

    __slots__ = ("text", "paragraphs", "memo", "_tokens", "_lower_forms", "_capitalised_forms")

    def __init__(self, text: str, paragraphs: list[Paragraph]):
        self.text = text
        self.paragraphs = paragraphs
        self.memo: dict = {}  # what the stages remember of this article (current.per_article)
        self._tokens: list[Token] | None = None
        self._lower_forms: frozenset[str] | None = None
        self._capitalised_forms: frozenset[str] | None = None

    @classmethod
    def read(cls, text: str) -> Article:
        return cls(text, split_paragraphs(text))

    @property
    def tokens(self) -> list[Token]:
        """Every token of the article, read on the first question about them."""
        if self._tokens is None:
            self._tokens = tokenize(self.text)
        return self._tokens

    def written_lower(self, folded: str) -> bool:
        """Whether the article writes this word in lower case somewhere: a
        capitalised common noun ("Wildfowler Ned Ashby") is one the article also
        writes in lower case, or one that only opens sentences."""
        if self._tokens is not None:
            if self._lower_forms is None:
                self._lower_forms = frozenset(t.folded for t in self._tokens if t.shape == LOWER)
            return folded in self._lower_forms
        key = ("lower", folded)
        if key not in self.memo:
            self.memo[key] = _written_whole(self.text, folded)
        return self.memo[key]

    def stands_alone(self, word: str) -> bool:
        """Whether the article writes this capitalised word alone inside a
        sentence ("the plant in Lansford"), as it writes a name."""
        key = ("alone", word)
        if key not in self.memo:
            self.memo[key] = _alone_inside(self.text, word)
        return self.memo[key]

    def written_capitalised(self, folded: str) -> bool:
        """Whether the article capitalises this word inside a sentence, as
        it does a name ("Rovers drew level"), not only where one opens."""
        if self._tokens is not None:
            if self._capitalised_forms is None:
                self._capitalised_forms = _capitalised_inside(self.text, self._tokens)
            return folded in self._capitalised_forms
        key = ("capitalised", folded)
        if key not in self.memo:
            self.memo[key] = any(_written_inside(self.text, form) for form in {folded[:1].upper() + folded[1:], folded.upper()})
        return self.memo[key]


def _alone_inside(text: str, word: str) -> bool:
    """Whether ``word`` stands in ``text`` after a word or a comma and before
    anything but another capitalised word."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            before = text[max(0, at - 8) : at].rstrip(" \t\u00a0")
            after = text[end : end + 3].lstrip(" \t\u00a0")
            if before and (before[-1].isalnum() or before[-1] == ",") and not after[:1].isupper():
                return True
        at = text.find(word, at + 1)
    return False


def _written_inside(text: str, word: str) -> bool:
    """Whether ``word`` stands in ``text`` as a whole word after a word or a
    comma on the same line: inside a sentence."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            before = text[max(0, at - 8) : at].rstrip(" \t\u00a0")
            if before and (before[-1].isalnum() or before[-1] == ","):
                return True
        at = text.find(word, at + 1)
    return False


def _written_whole(text: str, word: str) -> bool:
    """Whether ``word`` stands in ``text`` as a whole word, as written."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(word, at + 1)
    return False


def _capitalised_inside(text: str, tokens: list[Token]) -> frozenset[str]:
    """The forms of capitalised words that stand after a word or a comma on
    the same line: inside a sentence, where only names are capitalised."""
    found = set()
    previous = None
    for token in tokens:
        if (
            token.shape in (CAP, UPPER)
            and previous is not None
            and (previous.is_word or previous.text == ",")
            and "\n" not in text[previous.end : token.start]
        ):
            found.add(token.folded)
        previous = token
    return frozenset(found)


