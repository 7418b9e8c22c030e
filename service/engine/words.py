"""The word lists more than one stage reads, read once from the lexicons.

In: ``lexicons/*.txt``.  Out: sets and dicts looked up by a word's form —
roles (with the gender a role implies), organisation words, group speakers,
nouns for unnamed speakers, words that are never names, roles held inside a
body, titles and abbreviations.  A list read by one stage alone is read there.
"""

from __future__ import annotations

from .lexicons import read_lines, read_tagged, read_titles

ROLES = read_tagged("roles")
ORG_WORDS = frozenset(read_lines("organisation_words"))
GROUPS = frozenset(read_lines("group_speakers"))
PERSON_NOUNS = frozenset(read_lines("person_nouns"))
NOT_NAMES = frozenset(read_lines("not_names"))
MEMBER_ROLES = frozenset(read_lines("member_roles"))
TITLES = read_titles("honorifics")  # {title: (gender, role)}: "Sen." → senator
ABBREVIATIONS = read_tagged("abbreviations")  # as written, with their tags
