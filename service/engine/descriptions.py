"""The phrase layer, after a name: what an appositive, a relative clause or
an attachment says about the person it follows.

In: the text of a phrase written after a name or standing for one — an
appositive ("the port’s chief engineer", "a lecturer at Brannock College"),
a relative clause ("who chairs the growers’ cooperative Valdouro", "who now
works as a consultant"), the words that end a phrase before a name ("writing
to the town’s MP, | Gareth Lyle").  Out: a ``Description`` — role,
affiliation and the gender a role implies — each a slice of the text as
written.  The premodifier before a name is read by ``phrases``.
"""

from __future__ import annotations

from .document import CAP, LOWER, POSSESSIVE, Token, UPPER, tokenize
from .phrase_words import (
    ADVERBS_IN_CLAUSE,
    AFFILIATION_PREPOSITIONS,
    BEING_VERBS,
    BODY_PRONOUNS,
    COORDINATORS,
    DETERMINERS,
    FORMER,
    ITS,
    LEADING_WORDS,
    PARTIES,
    PHRASE_ENDS,
    RELATIVES,
    ROLE_VERBS,
)
from .phrases import (
    Description,
    NOTHING,
    clean_affiliation,
    org_name_end,
    phrase_text,
    possessor_end,
    role_gender,
    role_like,
    split_premodifier,
)
from .words import ORG_WORDS


def read_description(phrase: str) -> Description:
    """What an appositive or descriptive noun phrase says about a person:
    "the port’s chief engineer", "a lecturer at Brannock College", "chief
    economist at Kepler Baines Securities", "head of the board’s
    investigations unit", "who chairs the growers’ cooperative Valdouro",
    "a spokeswoman for the ministry"."""
    tokens = tokenize(phrase)
    n = len(tokens)
    i = 0
    while i < n and (tokens[i].folded in LEADING_WORDS or not tokens[i].is_word and tokens[i].shape != POSSESSIVE):
        i += 1
    if 0 < i < n and tokens[i - 1].folded in COORDINATORS and tokens[i].shape in (CAP, UPPER):
        return NOTHING  # "Ansel Marr, and Marr said": another clause or person, not an appositive
    if i < n and tokens[i].folded in RELATIVES:
        return _relative(phrase, tokens, i + 1)
    if i < n and tokens[i].folded in AFFILIATION_PREPOSITIONS:
        return Description(None, _object_body(phrase, tokens, i + 1))  # ", of the charity Care Watch,"
    affiliation = None
    if i < n and tokens[i].folded in DETERMINERS:
        if tokens[i].folded in BODY_PRONOUNS:
            affiliation = ITS
        i += 1
    possessed = possessor_end(tokens, i)
    if possessed is not None:
        affiliation = clean_affiliation(phrase, tokens, i, possessed)
        i = possessed + 1
    start = i
    later = _current_role(phrase, tokens, i)
    while i < n and tokens[i].is_word and tokens[i].folded not in PHRASE_ENDS and tokens[i].folded not in AFFILIATION_PREPOSITIONS:
        if i > start and tokens[i].folded in DETERMINERS:
            break
        if tokens[i].folded == "and" and not (i + 1 < n and tokens[i + 1].shape == LOWER and tokens[i + 1].folded not in DETERMINERS):
            break  # "founder and chief executive" is one role; "and the ..." starts another phrase
        i += 1
    if i == start:
        return Description(None, affiliation)
    core_end = i
    # a capitalised name after the role words is the organisation: "the growers’ cooperative Valdouro"
    named = core_end
    while named > start and tokens[named - 1].shape in (CAP, UPPER) and not role_like(tokens[named - 1]):
        named -= 1
    if start < named < core_end and tokens[named - 1].shape == LOWER:
        affiliation = clean_affiliation(phrase, tokens, named, core_end)
        core_end = named
    head = tokens[core_end - 1]
    if head.folded in PARTIES and len(head.text) > 1 and head.shape in (LOWER, CAP):
        # "a Vermont independent", "a Texas Republican": a member of the party
        return Description(None, PARTIES[head.folded])
    found = split_premodifier(phrase, tokens, start, core_end)
    role, affiliation = found.role, affiliation or found.affiliation  # the possessor names the body
    if role is not None and tokens[core_end - 1].folded in ORG_WORDS:
        # "the agency", "the Syrian state news agency": a body, not a role
        return Description(None, affiliation or clean_affiliation(phrase, tokens, start, core_end))
    role_end = tokens[core_end - 1].end if role else None
    # prepositional attachments: "of highways" (the role's field), "at Brannock College", "for the ministry"
    while i < n and (tokens[i].folded in AFFILIATION_PREPOSITIONS or _place_within(tokens, i)):
        if _place_within(tokens, i):
            i = _place_within(tokens, i)  # "a consultant in the stroke unit | at St. Brigid’s Hospital"
            continue
        preposition = tokens[i].folded
        j = i + 1
        definite = j < n and tokens[j].folded == "the"
        if definite:
            j += 1
        if j >= n:
            break
        end = org_name_end(tokens, j)
        if end > j:
            if preposition != "from" or any(t.folded in ORG_WORDS for t in tokens[j:end]):
                affiliation = clean_affiliation(phrase, tokens, j, end)  # "a nurse from Harrogate" is where she lives
            break
        k = j
        while k < n and (tokens[k].shape == LOWER or tokens[k].shape == POSSESSIVE) and tokens[k].folded not in PHRASE_ENDS and tokens[k].folded not in AFFILIATION_PREPOSITIONS:
            k += 1
        if k == j:
            break
        named_end = org_name_end(tokens, k)
        if named_end > k and preposition != "of" and tokens[k - 1].shape == LOWER:
            affiliation = clean_affiliation(phrase, tokens, k, named_end)  # "at the consultancy Brightline"
            break
        owner = possessor_end(tokens, j)
        if preposition == "of" and role and (not definite or owner is not None or tokens[k - 1].folded not in ORG_WORDS):
            # "head of highways", "professor of economics", "head of the board’s investigations unit"
            role_end = tokens[k - 1].end
            if owner is not None and affiliation is None:
                affiliation = clean_affiliation(phrase, tokens, j, owner)
            i = k
            continue
        if definite and tokens[k - 1].folded in ORG_WORDS:
            affiliation = affiliation or phrase_text(phrase, tokens, j, k)  # "a spokeswoman for the ministry"
        break
    if role is not None and role_end is not None:
        # the role ends where the core does; take in the attachments read after it ("head | of highways")
        role = phrase[tokens[core_end - 1].end - len(role) : role_end]
    if later.role is not None and role is not None and role.casefold().startswith(FORMER):
        # "a former investigator ... who now works as a consultant": what the person is now
        role = later.role
    # "a former minister who now advises the Kelby Institute": the clause names the body
    return Description(role, affiliation or later.affiliation, role_gender(role))


def _place_within(tokens: list[Token], i: int) -> int:
    """Where "in the stroke unit" ends when one starts at ``i`` and a body is
    named after it ("at St. Brigid’s Hospital"); 0 otherwise."""
    n = len(tokens)
    if i >= n or tokens[i].folded != "in" or i + 1 >= n or tokens[i + 1].folded not in DETERMINERS:
        return 0
    j = i + 2
    while j < n and tokens[j].shape == LOWER and tokens[j].folded not in PHRASE_ENDS and tokens[j].folded not in AFFILIATION_PREPOSITIONS:
        j += 1
    return j if j > i + 2 and j < n and tokens[j].folded in AFFILIATION_PREPOSITIONS else 0


def _object_body(phrase: str, tokens: list[Token], i: int) -> str | None:
    """The body a preposition's object names: its capitalised name ("the
    charity Care Watch" → Care Watch), or a lower-case organisation noun."""
    n = len(tokens)
    if i < n and tokens[i].folded in DETERMINERS:
        i += 1
    j = i
    while j < n and tokens[j].shape == LOWER and tokens[j].folded not in PHRASE_ENDS and tokens[j].folded not in AFFILIATION_PREPOSITIONS:
        j += 1
    end = org_name_end(tokens, j)
    if end > j:
        return clean_affiliation(phrase, tokens, j, end)
    if j > i and tokens[j - 1].folded in ORG_WORDS:
        return phrase_text(phrase, tokens, i, j)
    return None


def _current_role(phrase: str, tokens: list[Token], i: int) -> Description:
    """What a relative clause later in the phrase says ("who now works as a
    consultant", "who advises the Kelby Institute"), if one follows."""
    for j in range(i, len(tokens)):
        if tokens[j].folded in RELATIVES:
            return _relative(phrase, tokens, j + 1)
    return NOTHING


def read_description_ending(phrase: str) -> Description:
    """What the noun phrase that ends ``phrase`` says: the words before a
    comma and a name ("writing to the town’s MP, | Gareth Lyle")."""
    tokens = tokenize(phrase)
    k = len(tokens)
    while k > 0 and not tokens[k - 1].is_word:
        k -= 1
    start = k
    while start > 0:
        token = tokens[start - 1]
        if token.shape != POSSESSIVE and not token.is_word:
            break
        if token.folded in PHRASE_ENDS and token.folded not in AFFILIATION_PREPOSITIONS:
            break
        start -= 1
        if token.folded in DETERMINERS:
            break
    if start == k:
        return NOTHING
    return read_description(phrase[tokens[start].start :])


def _relative(phrase: str, tokens: list[Token], i: int) -> Description:
    """"who chairs the growers’ cooperative Valdouro" → chair, Valdouro; "who
    works for Sandvik Partners" → Sandvik Partners; "who is the chief
    executive of Acme" → as the description after the verb."""
    n = len(tokens)
    while i < n and tokens[i].folded in ADVERBS_IN_CLAUSE:
        i += 1
    if i >= n or tokens[i].shape != LOWER:
        return NOTHING
    verb = tokens[i].folded
    i += 1
    if verb in ("is", "was", "became", "becomes") or (verb in BEING_VERBS and i < n and tokens[i].folded == "as"):
        if i < n and tokens[i].folded == "as":
            i += 1
        return read_description(phrase[tokens[i].start - tokens[0].start :] if i < n else "") if i < n else NOTHING
    if verb not in ROLE_VERBS:
        return NOTHING
    role = ROLE_VERBS[verb]
    if i < n and tokens[i].folded in ("for", "at", "on", "with", "as", "in"):
        i += 1
    if i < n and tokens[i].folded in DETERMINERS:
        i += 1
    possessed = possessor_end(tokens, i)
    owner_start = i
    if possessed is not None:
        i = possessed + 1
    start = i
    while i < n and tokens[i].is_word and tokens[i].folded not in PHRASE_ENDS:
        if tokens[i].shape in (CAP, UPPER):
            i = max(i + 1, org_name_end(tokens, i))  # "Bank of America" reads whole
            continue
        if tokens[i].folded in AFFILIATION_PREPOSITIONS or tokens[i].folded == "and":
            break  # "a chain of nursing homes and ...": the object ends
        i += 1
    affiliation = None
    end = i
    named = end
    while named > start and tokens[named - 1].shape in (CAP, UPPER):
        named -= 1
    if named < end:
        org_end = org_name_end(tokens, named)
        affiliation = phrase_text(phrase, tokens, named, org_end)
        if named > start and tokens[named - 1].shape == LOWER and tokens[named - 1].folded in ORG_WORDS and org_end == end:
            pass  # "the Acme union" reads as the capitalised name before it
    elif possessed is not None:
        affiliation = clean_affiliation(phrase, tokens, owner_start, possessed)
    elif end > start and tokens[end - 1].folded in ORG_WORDS:
        affiliation = phrase_text(phrase, tokens, start, end)
    if named == end and start < end and tokens[start].shape in (CAP, UPPER):
        org_end = org_name_end(tokens, start)
        if org_end < end and tokens[end - 1].folded in ORG_WORDS:
            affiliation = phrase_text(phrase, tokens, start, end)  # "the Acme union"
    if end < n and tokens[end].folded in AFFILIATION_PREPOSITIONS:
        # "who heads the stroke unit at St. Brigid’s Hospital": the named body is the surer
        body = _object_body(phrase, tokens, end + 1)
        if body is not None and body[:1].isupper():
            affiliation = body
    return Description(role, affiliation, None)


