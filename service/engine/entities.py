"""What the resolver links mentions to: an ``Entity`` (a person, body or
group that speaks), and the comparisons of names and roles it links by.

In: mentions.  Out: entities that take each mention's facts (a fuller name, a
role, an affiliation, a gender) once ``plausible`` has looked at them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .mentions import PERSON, Mention
from .plausible import plausible_affiliation, plausible_role

LEADING_ARTICLE = regex.compile(r"^(?:the|a|an)\s+", regex.IGNORECASE)
POSSESSIVE_S = regex.compile(r"['’]s\b")


@dataclass(slots=True)
class Entity:
    id: str
    kind: str
    name: str
    role: str | None = None
    affiliation: str | None = None
    gender: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    quote_ids: list[str] = field(default_factory=list)
    cited: bool = False  # speaks through a cue beside its words, not only a weighed verb
    order: int = field(default=0, compare=False, repr=False)  # place among the article's entities

    @property
    def surname(self) -> str:
        return self.name.split()[-1].casefold()

    def absorb(self, mention: Mention) -> None:
        """Take a mention's facts: a fuller name, role, affiliation, gender."""
        if mention.kind == PERSON and len(mention.name.split()) > len(self.name.split()):
            self.name = mention.name
        self.role = self.role or plausible_role(mention.role)
        self.affiliation = self.affiliation or plausible_affiliation(mention.affiliation)
        self.gender = self.gender or mention.gender


def same_role(held: str, named: str) -> bool:
    """Whether "the keeper" names the holder of "goalkeeper"'s role: the
    same role, or the same head word ("head gardener" → "the gardener")."""
    held, named = held.casefold(), named.casefold()
    return held == named or held.split()[-1] == named.split()[-1]


@lru_cache(maxsize=8192)
def norm_name(name: str) -> str:
    """A name as names are compared: no leading article, no "'s", casefolded."""
    name = LEADING_ARTICLE.sub("", name.strip())
    return POSSESSIVE_S.sub("", name).casefold()
