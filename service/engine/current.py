"""The article an extraction is reading, and what the stages remember of it.

In: nothing — ``pipeline.analyse`` opens ``reading(article)`` around its
stages.  Out: ``current_article()`` for the readers that consult the whole
article (which words it writes in lower case, which body it spoke of last),
and ``per_article``, which keeps a function's answers for the article being
read and drops them with it.

The article lives in a context variable, so concurrent extractions never share
one, and nothing is held at module level between articles: there is nothing
to clear.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar

_CURRENT: ContextVar = ContextVar("quote_engine_article", default=None)


def current_article():
    """The article being read by this extraction, if any."""
    return _CURRENT.get()


@contextmanager
def reading(article):
    """Make ``article`` the one this extraction's readers consult."""
    token = _CURRENT.set(article)
    try:
        yield article
    finally:
        _CURRENT.reset(token)


def per_article(function):
    """Remember ``function``'s answers, by its arguments, for the article
    being read: several stages ask the same question of one article (the cues
    of a stretch, the speaker before a cue).  Outside an extraction the
    function is simply called."""

    @functools.wraps(function)
    def remembered(*args, **options):
        article = _CURRENT.get()
        if article is None:
            return function(*args, **options)
        memo = article.memo
        key = (remembered, args, *options.items()) if options else (remembered, args)
        try:
            return memo[key]
        except KeyError:
            answer = memo[key] = function(*args, **options)
            return answer

    return remembered


def once_per_article(function):
    """``per_article`` for a function of the article's text alone (its cues,
    its sentence breaks): worked out once, at the first question."""

    @functools.wraps(function)
    def remembered(text):
        article = _CURRENT.get()
        if article is None or article.text is not text:
            return function(text)
        memo = article.memo
        try:
            return memo[remembered]
        except KeyError:
            answer = memo[remembered] = function(text)
            return answer

    return remembered
