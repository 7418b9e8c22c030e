"""Lexicons: plain-text word lists, one entry a line (see README.md here).

Loaded once at import.  ``LEXICON_VERSION`` is a digest of every list, so a
deployment can tell which lexicons it runs.
"""

from __future__ import annotations

import hashlib
from importlib import resources

_FILES = sorted(p for p in resources.files(__name__).iterdir() if p.name.endswith(".txt"))


def read_lines(name: str) -> list[str]:
    """Entries of ``name``.txt: stripped, blank lines and ``#`` comments dropped."""
    raw = resources.files(__name__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    entries = []
    for line in raw.splitlines():
        line = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if line:
            entries.append(line)
    return entries


def _digest() -> str:
    h = hashlib.sha256()
    for path in _FILES:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


LEXICON_VERSION = _digest()
