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

    __slots__ = ("text", "paragraphs", "memo", "_tokens")

    def __init__(self, text: str, paragraphs: list[Paragraph]):
        self.text = text
        self.paragraphs = paragraphs
        self.memo: dict = {}  # what the stages remember of this article (current.per_article)
        self._tokens: list[Token] | None = None

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
        key = ("capitalised", folded)
        if key not in self.memo:
            self.memo[key] = any(_written_inside(self.text, form) for form in {folded[:1].upper() + folded[1:], folded.upper()})
        return self.memo[key]


def _whole_words(text: str, word: str):
    """Where ``word`` stands in ``text`` as a whole word: (start, end) pairs."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            yield at, end
        at = text.find(word, at + 1)


def _inside_sentence(text: str, at: int) -> bool:
    """Whether a word at ``at`` follows a word or a comma on its line."""
    before = text[max(0, at - 8) : at].rstrip(" \t\u00a0")
    return bool(before) and (before[-1].isalnum() or before[-1] == ",")


def _alone_inside(text: str, word: str) -> bool:
    """Whether ``word`` stands inside a sentence before anything but another
    capitalised word."""
    return any(
        _inside_sentence(text, at) and not text[end : end + 3].lstrip(" \t\u00a0")[:1].isupper()
        for at, end in _whole_words(text, word)
    )


def _written_inside(text: str, word: str) -> bool:
    """Whether ``word`` stands inside a sentence."""
    return any(_inside_sentence(text, at) for at, _ in _whole_words(text, word))


def _written_whole(text: str, word: str) -> bool:
    """Whether ``word`` stands in ``text`` as a whole word, as written."""
    return next(_whole_words(text, word), None) is not None
