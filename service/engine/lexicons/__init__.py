"""Lexicons: plain-text word lists, one entry a line (see README.md here).

Each list is read once, at import.  ``LEXICON_VERSION`` is a digest of every
list and of the model weights (``../weights``), so a deployment can tell
which lexicons and weights it runs.
"""

from __future__ import annotations

import hashlib
from importlib import resources

_HERE = resources.files(__name__)


def read_lines(name: str) -> list[str]:
    """Entries of ``name``.txt, stripped; blank lines and ``#`` comments dropped."""
    raw = _HERE.joinpath(f"{name}.txt").read_text(encoding="utf-8")
    stripped = (line.strip() for line in raw.splitlines())
    return [line for line in stripped if line and not line.startswith("#")]


def read_tagged(name: str) -> dict[str, str | None]:
    """Entries written ``word =tag`` (tag optional): ``{word: tag or None}``."""
    tagged: dict[str, str | None] = {}
    for line in read_lines(name):
        word, _, tag = line.partition("=")
        tagged[word.strip()] = tag.strip() or None
    return tagged


def read_titles(name: str) -> dict[str, tuple[str | None, str | None]]:
    """Entries written ``Title [=gender] [>role]``: ``{title: (gender, role)}``."""
    titles: dict[str, tuple[str | None, str | None]] = {}
    for line in read_lines(name):
        head, _, role = line.partition(">")
        title, _, gender = head.partition("=")
        titles[title.strip()] = (gender.strip() or None, role.strip() or None)
    return titles


def read_verbs(name: str) -> dict[str, str]:
    """Entries written ``lemma: form, form``: ``{form: lemma}``.  The lemma is a
    form too unless written in parentheses, ``(state): stated``."""
    forms: dict[str, str] = {}
    for line in read_lines(name):
        lemma, _, rest = line.partition(":")
        lemma = lemma.strip()
        if lemma.startswith("(") and lemma.endswith(")"):
            lemma = lemma[1:-1].strip()
        else:
            forms.setdefault(lemma, lemma)
        for form in rest.split(","):
            if form.strip():
                forms[form.strip()] = lemma
    return forms


def _digest() -> str:
    digest = hashlib.sha256()
    weights = resources.files(__package__.rsplit(".", 1)[0]).joinpath("weights")
    data = [path for path in _HERE.iterdir() if path.name.endswith(".txt")]
    data += [path for path in weights.iterdir() if path.name.endswith(".tsv")]
    for path in sorted(data, key=lambda p: p.name):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


LEXICON_VERSION = _digest()
