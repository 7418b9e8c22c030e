"""The last look at a role or an affiliation before an entity takes it.

In: a role or an affiliation as a reader cut it from the prose.  Out: the
same words, without the clause words a reader let in at its start ("and
husband", "now director"), or None when what is left is no role or no body
("he sought", "including big contributors", "decision about", "applauded
Rivers").  Readers of many shapes feed entities; one gate keeps every one of
them from handing a clause fragment to the answer, and an entity that gets
None here keeps looking for its role in the next place the prose names it.

A role is a noun phrase for a position: it opens with a noun or a modifier,
not a pronoun, a function word or a number, and one that opens with a verb's
participle ("citing", "faced") is kept only when its head names a person.
A lower-case affiliation of several words is a body only by a body word at
its end ("the parent company", "the state party"); one word ("the guild’s
treasurer") is left for the resolver to name from the article.
"""

from __future__ import annotations

from .phrase_words import (
    ADVERBS_IN_CLAUSE,
    ORG_LINKS,
    FUNCTION_WORDS,
    PRONOUNS,
    ROLE_MODIFIERS,
    VERB_ENDINGS,
    is_person_noun,
)
from .organisations import PLACE_BODIES
from .words import ORG_WORDS, TITLES

#: clause words a reader may let in before a role or a body, left out
NOT_OPENING = (FUNCTION_WORDS | ADVERBS_IN_CLAUSE) - ROLE_MODIFIERS - PRONOUNS
#: words after a participle that make it a clause's verb: "forced out",
#: "casting herself", "explaining he …"
AFTER_A_VERB = PRONOUNS | frozenset("himself herself itself themselves out up off down away".split())
#: the last words of a lower-case affiliation that name a body or a place with one
BODY_WORDS = ORG_WORDS | PLACE_BODIES
#: quantities: "two of the three people", "most", "half of a team"
QUANTITIES = frozenset("one two three four five six seven eight nine ten third half most many few several all both some".split())


def plausible_role(role: str | None) -> str | None:
    """``role`` without clause words at its start, or None when it is no
    role (see the module's docstring)."""
    if not role:
        return None
    words = role.split()
    while words and words[0].casefold() in NOT_OPENING and not _is_pronoun(words[0]):
        words = words[1:]
    if not words:
        return None
    first, head = words[0].casefold(), _head(words)
    if _is_pronoun(words[0]) or first in QUANTITIES or not first[:1].isalpha():
        return None  # "he sought", "two of the three people"
    if len(words) == 1 and first in ADVERBS_IN_CLAUSE:
        return None  # "then": a modifier without its role
    if first.endswith(VERB_ENDINGS) and first not in ROLE_MODIFIERS and not _participle_modifies(words, head):
        return None  # "recalling weekly breakfasts", "forced out", "based"
    return role if len(words) == len(role.split()) else " ".join(words)


def _participle_modifies(words: list[str], head: str) -> bool:
    """Whether a role opening with a participle is a noun phrase ("visiting
    fellow", "leading presidential candidate") rather than a clause's verb
    and what follows it: the head names a person, or one lower-case noun
    follows that is no pronoun, particle or adverb."""
    if is_person_noun(head):
        return True
    if len(words) != 2:
        return False
    second = words[1].casefold()
    return words[1].islower() and second not in AFTER_A_VERB and second not in NOT_OPENING and not second.endswith("ly")


def _head(words: list[str]) -> str:
    """A role's head word: the last before "of", "at", "for" or "in"
    ("professor | of history"), casefolded."""
    for k, word in enumerate(words):
        if k and word.casefold() in ("of", "at", "for", "in", "with", "to"):
            return words[k - 1].casefold()
    return words[-1].casefold()


def _is_pronoun(word: str) -> bool:
    """A pronoun as written: "he", "It", "I’m"; not "US" or "IT"."""
    folded = word.casefold().replace("’", "'").split("'")[0]
    return folded in PRONOUNS and not (len(word) > 1 and word.isupper())


def plausible_affiliation(affiliation: str | None) -> str | None:
    """``affiliation``, or None when it is no body (see the module's
    docstring)."""
    if not affiliation:
        return affiliation
    words = affiliation.split()
    first = words[0].casefold()
    if first in ("the", "its"):
        return affiliation  # "its": the body spoken of last, settled by the resolver
    if _is_pronoun(words[0]) or words[0].islower() and first in NOT_OPENING:
        return None  # "it", "She had", "I’m", "on CNN"
    if words[0][:1].islower() and len(words) > 1 and not _body_word(words[-1]):
        return None  # "decision about", "legalized abortion", "applauded Rivers"
    if words[0][:1].isupper():
        while len(words) > 1 and words[0].rstrip(".") in TITLES and not any(map(_body_word, words)):
            words = words[1:]  # "an aide to Mrs. Roe": the person's name, without the title ("Cardinal State University" keeps it)
        affiliation = " ".join(words) if len(words) < len(affiliation.split()) else affiliation
        if any(w[:1].islower() and w.casefold() not in ORG_LINKS and not _body_word(w) for w in words[1:]):
            return None  # "Bear Stearns assistant 25": a name and then a clause's words
    return affiliation


def _body_word(word: str) -> bool:
    """Whether a lower-case affiliation's last word names a body or a place
    that has one ("company", "groups", "party’s", "town")."""
    folded = word.casefold()
    if folded.endswith(("’s", "'s")):
        folded = folded[:-2]
    singular = folded[:-3] + "y" if folded.endswith("ies") else folded[:-1] if folded.endswith("s") else folded
    return folded in BODY_WORDS or singular in BODY_WORDS
