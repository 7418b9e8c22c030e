"""The phrase layer, before a name: what a premodifier says about the
person it describes.

In: the text of a phrase news writes before a name, read as tokens
(``document.tokenize``) — "Halsey Water chief engineer", "Vantor’s finance
director", "Republican presidential nominee", "Commuter" at a sentence's
start.  Out: a ``Description`` — role, affiliation and the gender a role
implies — each a slice of the text as written; and the helpers
``descriptions`` reads appositives with.

Roles are an open class.  A role is read from the phrase's shape, not looked
up: the lower-case noun phrase before a name is the role, whatever its
words; capitalised words before it name the organisation ("NTSB Chairman" →
chairman at NTSB), unless they are themselves words of a formal title
("Detective Chief Inspector").  The lexicons only decide what a bare
capitalised word is (a party, a title word, an organisation word) and the
gender a role implies (``phrase_words``).
"""

from __future__ import annotations

from typing import NamedTuple

from .current import current_article
from .document import CAP, LOWER, NUMBER, POSSESSIVE, UPPER, Token, tokenize
from .phrase_words import (
    AFFILIATION_PREPOSITIONS,
    AGE,
    BODY_PRONOUNS,
    DETERMINERS,
    ITS,
    LEADING_WORDS,
    ORG_LINKS,
    PARTIES,
    PHRASE_ENDS,
    PRONOUNS,
    PRONOUN_POSSESSORS,
    ROLE_MODIFIERS,
    ROLE_WORDS,
    TIME_NOUNS,
    VERB_ENDINGS,
    is_person_noun,
)
from .words import MEMBER_ROLES, NOT_NAMES, ORG_WORDS, PERSON_NOUNS, ROLES

class Description(NamedTuple):
    role: str | None = None
    affiliation: str | None = None
    gender: str | None = None


NOTHING = Description()


def phrase_text(text: str, tokens: list[Token], lo: int, hi: int) -> str | None:
    """The text the tokens ``lo..hi-1`` cover, as written; None when empty."""
    if hi <= lo:
        return None
    return text[tokens[lo].start : tokens[hi - 1].end]


def role_gender(role: str | None) -> str | None:
    if not role:
        return None
    folded = role.casefold()
    return ROLES.get(folded) or ROLES.get(folded.split()[-1])


def is_common_noun(token: Token) -> bool:
    """Whether a capitalised word that opens a sentence is a common noun
    ("Wildfowler Ned Ashby", "Industry analyst Greta Holm") rather than a name or
    an organisation's: the article never capitalises it inside a sentence,
    or it is a word of roles, or it ends like a noun for a person."""
    folded = token.folded
    if folded in ORG_WORDS or folded in PARTIES or not token.text[1:].islower():
        return False  # an organisation's word, a party, or a name written "FairFly"
    if folded in ROLE_WORDS or folded in ROLE_MODIFIERS:
        return True
    article = current_article()
    if article is not None and article.written_lower(folded):
        return True
    if article is not None and article.written_capitalised(folded):
        return False
    return is_person_noun(folded)


def _stands_alone(token: Token) -> bool:
    """Whether the article writes this capitalised word alone inside a
    sentence, as a name ("in Lansford"), not only as the first word of a
    title ("Finance Minister")."""
    article = current_article()
    return article is not None and article.stands_alone(token.text)


def role_like(token: Token) -> bool:
    """A word that can belong to a role: any lower-case word, or a
    capitalised word of a formal title ("Detective Chief Inspector", "MP")."""
    if token.shape == LOWER:
        return token.folded not in DETERMINERS and token.folded not in PHRASE_ENDS
    return token.shape in (CAP, UPPER) and (token.folded in ROLE_WORDS or token.folded in ROLE_MODIFIERS)


def _plausible_head(token: Token) -> bool:
    """Whether a word can head a role: a noun, not a participle ("speaking",
    "appearing"), a pronoun or a function word."""
    folded = token.folded
    if folded in ROLE_WORDS or folded in PERSON_NOUNS:
        return True
    if folded in PHRASE_ENDS or folded in DETERMINERS or folded in PRONOUNS or folded in TIME_NOUNS or len(folded) < 2:
        return False
    if token.text in NOT_NAMES:
        return False  # "Monday", "Tonight"
    return not folded.endswith(VERB_ENDINGS)


def org_name_end(tokens: list[Token], i: int) -> int:
    """Where a capitalised organisation name starting at ``i`` ends
    ("Federal Institute for Snow and Ice Research", "St. Hilda’s Hospital",
    "Operators’ Association"); ``i`` when none starts there."""
    n = len(tokens)
    last = -1
    j = i
    while j < n:
        token = tokens[j]
        if token.shape in (CAP, UPPER) or (token.shape == NUMBER and last >= 0):
            if last >= 0 and last < j - 1 and token.text in NOT_NAMES:
                break  # "... Culture on Saturday": a day after a link is no part of the name
            last = j
        elif last < 0 or j + 1 >= n:
            break
        elif token.folded in ORG_LINKS or token.text == "&":
            pass
        elif token.shape == POSSESSIVE and tokens[j + 1].shape in (CAP, UPPER):
            pass
        else:
            break
        j += 1
    return last + 1 if last >= 0 else i


def possessor_end(tokens: list[Token], i: int, limit: int = 7) -> int | None:
    """The index of the possessive ending that closes a possessor starting at
    ``i`` ("the council’s", "Vantor’s", "the National Farmers’ Guild’s")."""
    for j in range(i, min(len(tokens), i + limit)):
        token = tokens[j]
        if token.shape == POSSESSIVE:
            return j if j > i else None
        if not token.is_word or (token.folded in PHRASE_ENDS and token.folded not in ("the",)) or token.folded in AFFILIATION_PREPOSITIONS:
            return None
    return None


def clean_affiliation(text: str, tokens: list[Token], lo: int, hi: int) -> str | None:
    """The body named by the tokens ``lo..hi-1``, without a determiner or an
    opener before it; a party by its name ("Democrat" → "Democratic")."""
    while lo < hi - 1 and (tokens[lo].folded in DETERMINERS or tokens[lo].text in NOT_NAMES):
        lo += 1
    if hi - lo == 1 and tokens[lo].folded in BODY_PRONOUNS:
        return ITS  # "Its chairman": the body the article spoke of last, settled by the resolver
    while lo < hi and (tokens[lo].folded in DETERMINERS or tokens[lo].text in NOT_NAMES):
        lo += 1
    while hi > lo and not tokens[hi - 1].is_word:
        hi -= 1
    if hi <= lo or (hi - lo == 1 and tokens[lo].folded in PRONOUN_POSSESSORS):
        return None
    if hi - lo == 1 and tokens[lo].shape in (CAP, UPPER) and len(tokens[lo].text) > 1 and tokens[lo].folded in PARTIES:
        return PARTIES[tokens[lo].folded]
    return phrase_text(text, tokens, lo, hi)


def _party(tokens: list[Token], lo: int, hi: int) -> str | None:
    for token in tokens[lo:hi]:
        if token.shape in (CAP, UPPER) and token.folded in PARTIES and len(token.text) > 1:
            return PARTIES[token.folded]
    return None


def _body_before_role(tokens: list[Token], lo: int, hi: int) -> int:
    """Where the role starts after the words of a body inside a lower-case
    premodifier: just past the last organisation word that some other word
    follows ("Island council | leader", "school board | president"); ``lo``
    when no organisation word stands there."""
    body = lo
    for j in range(lo, hi - 1):
        if tokens[j].folded in ORG_WORDS and tokens[j].shape in (LOWER, CAP):
            body = j + 1
    return body


def split_premodifier(text: str, tokens: list[Token], lo: int, hi: int) -> Description:
    """Role and affiliation of the words ``lo..hi-1`` standing before a name
    or heading a noun phrase: the trailing role-like words are the role, the
    capitalised words before them the organisation or party."""
    k = hi
    while k > lo and role_like(tokens[k - 1]):
        k -= 1
    while k < hi and (tokens[k].shape == NUMBER or tokens[k].folded in AGE):
        k += 1  # "a 45-year-old teacher": the age is no part of the role
    body = _body_before_role(tokens, k, hi)
    if body > k and (k == lo or all(token.shape in (CAP, UPPER) for token in tokens[lo:k])):
        # "commission spokeswoman", "school board president", "Trump campaign spokesman":
        # the body (with the name before it), then the role
        role = phrase_text(text, tokens, body, hi)
        return Description(role, clean_affiliation(text, tokens, lo, body), role_gender(role))
    if k < hi and not _plausible_head(tokens[hi - 1]):
        return NOTHING  # "appearing", "he", "taxes": a clause's word, not a role's head
    role = phrase_text(text, tokens, k, hi)
    affiliation = None
    while lo < k and tokens[lo].shape == LOWER:
        lo += 1  # "retired | Belgian general": the body's name starts at a capital
    if k > lo:
        party = _party(tokens, lo, k) if not any(t.folded in ORG_WORDS for t in tokens[lo:k]) else None
        if party is not None:  # "Democratic National Committee chairwoman" names the committee, not the party
            affiliation = party
        elif (
            role is not None
            and k - lo == 1
            and tokens[lo].shape == CAP
            and tokens[k].shape == CAP
            and tokens[lo].folded not in ORG_WORDS
            and not _stands_alone(tokens[lo])
        ):
            role = phrase_text(text, tokens, lo, hi)  # "Finance Minister": one formal title; "Lansford Mayor" is Lansford's
        elif any(token.shape in (CAP, UPPER) for token in tokens[lo:k]):
            while lo < k and tokens[lo].folded in ROLE_MODIFIERS:
                lo += 1  # "Acting | Police Chief": a modifier of the role, not the body's name
            affiliation = clean_affiliation(text, tokens, lo, k)
    return Description(role, affiliation, role_gender(role))


def read_premodifier(phrase: str, *, opens_sentence: bool = False) -> Description:
    """What the words before a name say: "Halsey Water chief engineer",
    "Vantor’s finance director", "Republican presidential nominee",
    "FBI Director", "Commuter" (at a sentence's start)."""
    tokens = tokenize(phrase)
    lo, hi = 0, len(tokens)
    while hi > lo and not tokens[hi - 1].is_word:
        hi -= 1
    while lo < hi and tokens[lo].folded in LEADING_WORDS:
        lo += 1
    its = lo < hi and tokens[lo].folded in BODY_PRONOUNS
    if lo < hi and tokens[lo].folded in DETERMINERS:
        lo += 1
    if any(token.text in NOT_NAMES for token in tokens[lo:hi]):
        return NOTHING  # "I caught", "But": a clause or an opener, not a description
    possessed = possessor_end(tokens, lo)
    affiliation = None
    if possessed is not None:
        affiliation = clean_affiliation(phrase, tokens, lo, possessed)
        lo = possessed + 1
    if hi <= lo:
        return Description(None, affiliation)
    if opens_sentence and possessed is None and lo == 0 and tokens[0].shape == CAP and is_common_noun(tokens[0]):
        # "Industry analyst Greta Holm": the first word is capitalised only because it opens the sentence
        if hi - lo == 1 or role_like(tokens[1]) or tokens[1].shape == LOWER:
            rest = " ".join(token.folded for token in tokens[lo + 1 : hi])
            if rest in MEMBER_ROLES and not is_person_noun(tokens[0].folded) and tokens[0].folded not in ROLE_WORDS | ROLE_MODIFIERS:
                # "Tournament director": a body's common noun, then a role held inside it
                role = phrase[tokens[1].start : tokens[hi - 1].end]
                return Description(role, tokens[0].text, role_gender(role))
            body = _body_before_role(tokens, lo, hi)
            role = phrase_text(phrase, tokens, body, hi)
            return Description(role, phrase_text(phrase, tokens, lo, body) if body > lo else affiliation, role_gender(role))
    found = split_premodifier(phrase, tokens, lo, hi)
    if its and found.role and not found.affiliation:
        affiliation = ITS
    return found._replace(affiliation=found.affiliation or affiliation) if affiliation else found
