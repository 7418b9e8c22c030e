"""Helpers that turn word lists into compiled alternations.

Longer entries come first so that "chief executive officer" wins over "chief
executive"; an empty list is refused, because an empty alternation would match
everywhere.

The alternation is written as a trie ("chief(?:[ ]+executive(?:[ ]+officer)?)?"
rather than "chief executive officer|chief executive|chief"): the regex engine
then reads each letter once instead of trying every entry in turn, which
roughly halves the cost of the big speaker patterns.  The trie tries the same
entries in the same order (deepest, that is longest, first), so it matches
exactly what the flat alternation matches; where that could differ (entries
that are prefixes of each other only when case is ignored, or unusual
spacing) the flat form is used.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

SPACE_RUN = r"[ \t\u00a0]+"
_END = ""  # trie key: an entry may stop here


def alternation(words: Iterable[str]) -> str:
    """A non-capturing group matching any of ``words`` literally, longest first.

    Spaces inside an entry match any run of horizontal white space.
    """
    unique = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not unique:
        raise ValueError("refusing to build an alternation from an empty word list")
    if _trie_is_exact(unique):
        return "(?:" + _trie_pattern(_trie(unique)) + ")"
    escaped = (regex.escape(w).replace(r"\ ", SPACE_RUN) for w in unique)
    return "(?:" + "|".join(escaped) + ")"


def _trie_is_exact(words: list[str]) -> bool:
    """Whether the trie form tries the same entries in the same order as the
    flat alternation, with or without IGNORECASE.

    It does when every entry matches in one way only (printable ASCII or
    characters without case, such as "’"; single inner spaces) and no entry is
    a prefix of another when case is ignored without being one exactly ("Mr"
    and "mr"): then the entries that match at any one place all lie on one
    path of the trie."""
    for word in words:
        if not all(_one_way(char) for char in word) or word != word.strip(" ") or "  " in word:
            return False
    by_folded: dict[str, set[str]] = {}
    for word in words:
        by_folded.setdefault(word.lower(), set()).add(word)
    for word in words:
        folded = word.lower()
        for k in range(1, len(folded) + 1):
            for shorter in by_folded.get(folded[:k], ()):
                if shorter != word[:k]:
                    return False
    return True


def _one_way(char: str) -> bool:
    """Whether a character matches only itself, case ignored or not."""
    if char.isascii():
        return char.isprintable()
    return char.isprintable() and not char.isspace() and char.lower() == char.upper() == char.casefold() == char


def _trie(words: list[str]) -> dict:
    """Nested dictionaries, one level per character; ``_END`` marks an entry's end."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = True
    return root


def _trie_pattern(node: dict) -> str:
    """The pattern for a trie node: its branches, made optional (greedy, so
    the longer entry is tried first) when an entry may also stop here."""
    branches = [
        (SPACE_RUN if char == " " else regex.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char != _END
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if _END in node else body


# Passed as ``concurrent`` (the fourth argument of ``search`` and ``match``,
# ``concurrent=False`` to ``finditer`` and ``findall``): keep the GIL while
# matching.  By default the regex module lets the GIL go and takes it back
# around every match, which costs more than most of the short matches the
# stages make (a third of a word-by-word scan of an article); an extraction
# runs in one thread anyway.
NOT_CONCURRENT = False


class TieredPattern:
    """A large pattern compiled in two forms that match exactly alike.

    Its word lists written once as group definitions and called where they
    are used: quick to compile (a short-lived process, a command run on one
    article, a worker's first requests pay a fraction of the cost) but slower
    to search.  Once the pattern has been used ``uses_before_full`` times, the
    process is evidently a long one, and the pattern is compiled again with
    the lists written out in full: slower to compile, quicker to search.
    ``tests/engine/test_speaker_patterns.py`` holds the two forms to the same
    answers."""

    def __init__(self, source: str, flags: int, lists: dict[str, str], uses_before_full: int):
        # Each list is matched atomically in both forms, as a group call is:
        # its longest entry at a place is taken and never given back ("chief
        # executive officer", not "chief executive" and a name "Officer").
        called = full = source
        for name, body in sorted(lists.items(), key=lambda item: -len(item[1])):
            called = called.replace(body, f"(?&{name})")
            full = full.replace(body, f"(?>{body})")
        self.source = full
        self.flags = flags
        self.called_source = "(?(DEFINE)" + "".join(f"(?P<{name}>(?>{body}))" for name, body in lists.items()) + ")" + called
        self.pattern = regex.compile(self.called_source, flags)
        self.uses_left = uses_before_full

    def _current(self) -> regex.Pattern:
        if self.uses_left > 0:
            self.uses_left -= 1
            if self.uses_left == 0:
                self.pattern = regex.compile(self.source, self.flags)
        return self.pattern

    def full(self) -> regex.Pattern:
        """The form with the lists written out (compiled on first use)."""
        if self.uses_left > 0:
            self.uses_left = 1
            return self._current()
        return self.pattern

    def search(self, *args):
        return self._current().search(*args)

    def match(self, *args):
        return self._current().match(*args)
