"""The phrase layer: what a description says about the person it describes.

In: the text of a phrase news writes around a name, read as tokens
(``document.tokenize``) — a premodifier ("Halsey Water chief engineer"), an
appositive ("the port’s chief engineer", "a lecturer at Brannock College",
"who chairs the growers’ cooperative Valdouro") or the words right after a
name ("of the Ashcombe Institute").  Out: a ``Description`` — role, affiliation and the
gender a role implies — each a slice of the text as written.

Roles are an open class.  A role is read from the phrase's shape, not looked
up: the lower-case noun phrase before a name or at the head of an appositive
is the role, whatever its words; capitalised words before it name the
organisation ("NTSB Chairman" → chairman at NTSB), unless they are themselves
words of a formal title ("Detective Chief Inspector").  The lexicons only
decide what a bare capitalised word is (a party, a title word, an
organisation word) and the gender a role implies.
"""

from __future__ import annotations

from typing import NamedTuple

from .current import current_article
from .document import CAP, LOWER, NUMBER, POSSESSIVE, UPPER, Token, tokenize
from .lexicons import read_lines, read_verbs
from .words import MEMBER_ROLES, NOT_NAMES, ORG_WORDS, PERSON_NOUNS, ROLES

# the head words of roles only a person holds, from the curated lists (no guess by ending)
PERSON_ROLE_WORDS = frozenset(role.split()[-1] for role in ROLES) | PERSON_NOUNS
# the words of listed roles that may be capitalised inside a formal title
# ("Detective Chief Inspector"); organisation words ("board member") name the
# body even inside a role
ROLE_WORDS = frozenset(word for role in ROLES for word in role.split()) - ORG_WORDS - frozenset(
    {"and", "of", "for", "the", "to", "at", "in", "on", "&"}  # the joints of "head of state", not role words
)
ROLE_MODIFIERS = frozenset(read_lines("role_modifiers"))
PARTY_FORMS = read_verbs("parties")  # {form as written: party}
PARTIES = {form.casefold(): party for form, party in PARTY_FORMS.items()}
PARTY_CODES = {form: party for form, party in PARTY_FORMS.items() if len(form) == 1}  # the "D" of "(D-Vt.)"
PARTY_NAMES = frozenset(PARTIES.values())
ROLE_VERBS = {form: (None if role == "none" else role) for form, role in read_verbs("role_verbs").items()}

DETERMINERS = frozenset("the a an one another its his her their our my your this that these those".split())
PRONOUN_POSSESSORS = frozenset("its his her their our my your".split())
BODY_PRONOUNS = frozenset({"its"})
ITS = "its"  # the affiliation of "Its chairman" until the resolver names the body
AFFILIATION_PREPOSITIONS = frozenset({"of", "at", "for", "with", "from"})
# words that may stand inside an organisation's name between capitalised ones
ORG_LINKS = frozenset({"of", "for", "and", "the", "on", "de", "&", "du", "des", "der", "für"})
RELATIVES = frozenset({"who", "whom"})
LEADING_WORDS = frozenset({"and", "or", "but", "as", "also"})
COORDINATORS = frozenset({"and", "or", "but"})
ADVERBS_IN_CLAUSE = frozenset({"also", "now", "still", "currently", "previously", "formerly", "once", "later", "then"})
BEING_VERBS = frozenset({"is", "was", "has", "had", "been", "became", "becomes", "serves", "served", "works", "worked"})
# words that end a noun phrase: verbs of being and saying, relatives, conjunctions of clauses
PHRASE_ENDS = frozenset(
    """who whom whose which that when where while because since until after before as if than
    is was were are be been being has had have will would could can may might should must did do does not
    said says told added also asked in on by to
    under over about against among amid despite during like near through into onto upon within without""".split()
)
# the endings of nouns for people (teacher, editor, economist, guardian,
# chairman, engineer, actress, employee, courier): a capitalised word that
# opens a sentence and ends so is a common noun, not a first name.  "-ent" and
# "-ant" close as many adjectives (recent, important) as nouns, so those nouns
# need a lexicon
PERSON_NOUN_ENDINGS = ("er", "or", "ist", "ian", "man", "woman", "eer", "ess", "ee", "ier")
THING_ENDINGS = ("ment",)  # statement, government: things, however they end
AGE = frozenset({"year-old", "years-old"})
FORMER = ("former ", "ex-")
PRONOUNS = frozenset("he she they we it i you him them us me who".split())
# words of no noun phrase's head or modifier: clause joints, pronouns, particles
FUNCTION_WORDS = (
    PHRASE_ENDS
    | DETERMINERS
    | PRONOUNS
    | AFFILIATION_PREPOSITIONS
    | frozenset("and or but nor whether unless although though if so yet still even just only than other others".split())
)
TIME_NOUNS = frozenset("day days week weeks weekend month months year years night morning afternoon evening time times decade century".split())
# words after which a lower-case word is a verb, not a role's modifier: "will
# meet | Sen. Brisk", "they back | Gov. Oddny".  Not "to": "according to |
# election lawyer Ed Moss" is a preposition's object far more often than "to
# see | Mayor Lund" is an infinitive.
VERB_SIGNALS = (PRONOUNS - {"who"}) | frozenset(
    "will would could can may might should must did do does not never".split()
)
# after these only a participle is ("is suing | President Berg"): "was
# conservative columnist Ed Moss" keeps its adjective
AUXILIARIES = BEING_VERBS | frozenset("am are be being were".split())
# words that never belong to a role before a title or name: "with" Sen.,
# "for" Gov., "and" Rep., "now" Mayor (but "then-ambassador" keeps "then")
NOT_ROLE_WORDS = (FUNCTION_WORDS | ADVERBS_IN_CLAUSE) - ROLE_MODIFIERS
VERB_SIGNAL_REACH = 12  # characters read back for the word before
VERB_ENDINGS = ("ing", "ed")  # participles: "Trump, appearing after ...", "I caught"


class Description(NamedTuple):
    role: str | None = None
    affiliation: str | None = None
    gender: str | None = None


NOTHING = Description()


def _text(text: str, tokens: list[Token], lo: int, hi: int) -> str | None:
    """The text the tokens ``lo..hi-1`` cover, as written; None when empty."""
    if hi <= lo:
        return None
    return text[tokens[lo].start : tokens[hi - 1].end]


def _gender(role: str | None) -> str | None:
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


def _role_like(token: Token) -> bool:
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


def is_verb_after(text: str, at: int, word: str) -> bool:
    """Whether the lower-case ``word`` at ``at`` is a verb by the word before
    it ("to | see", "is | suing"); a role's modifier ("former", "acting")
    never is."""
    folded = word.casefold()
    if folded in ROLE_MODIFIERS:
        return False
    before = text[max(0, at - VERB_SIGNAL_REACH) : at].split()
    if not before:
        return False
    signal = before[-1].casefold()
    return signal in VERB_SIGNALS or (signal in AUXILIARIES and folded.endswith(VERB_ENDINGS))


def without_verb(text: str, at: int, end: int) -> int:
    """Where the words ``text[at:end]`` before a title or name start once a
    lower-case verb opening them is left out ("is | suing President Berg":
    "President"); ``at`` when none opens them."""
    k = text.find(" ", at, end)
    if at < end and k != -1 and text[at].islower() and is_verb_after(text, at, text[at:k]):
        while k < end and text[k].isspace():
            k += 1
        return k
    return at


def role_words_before(words: list[str]) -> list[str]:
    """The lower-case words at the end of ``words`` that belong to a role
    after them ("Republican | state" Sen.); none after a verb or a
    preposition ("backed by" Sen., "lauded" Mr.)."""
    kept: list[str] = []
    for word in reversed(words):
        folded = word.casefold()
        if not word[:1].islower() or folded in NOT_ROLE_WORDS or folded.endswith(VERB_ENDINGS):
            break
        kept.append(word)
    return kept[::-1]


def is_person_noun(folded: str) -> bool:
    """Whether a description's head word names a person ("the inspector",
    "another resident", "the keeper") rather than a thing ("a plan", "the
    statement"): a word of roles, a noun for a person, or one that ends like
    one."""
    if folded.endswith(THING_ENDINGS):
        return False
    if folded in ROLE_WORDS or folded in PERSON_NOUNS:
        return True
    return folded.endswith(PERSON_NOUN_ENDINGS) and len(folded) > 4


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


def _possessor(tokens: list[Token], i: int, limit: int = 7) -> int | None:
    """The index of the possessive ending that closes a possessor starting at
    ``i`` ("the council’s", "Vantor’s", "the National Farmers’ Guild’s")."""
    for j in range(i, min(len(tokens), i + limit)):
        token = tokens[j]
        if token.shape == POSSESSIVE:
            return j if j > i else None
        if not token.is_word or (token.folded in PHRASE_ENDS and token.folded not in ("the",)) or token.folded in AFFILIATION_PREPOSITIONS:
            return None
    return None


def _clean_affiliation(text: str, tokens: list[Token], lo: int, hi: int) -> str | None:
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
    return _text(text, tokens, lo, hi)


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
    while k > lo and _role_like(tokens[k - 1]):
        k -= 1
    while k < hi and (tokens[k].shape == NUMBER or tokens[k].folded in AGE):
        k += 1  # "a 45-year-old teacher": the age is no part of the role
    body = _body_before_role(tokens, k, hi)
    if body > k and (k == lo or all(token.shape in (CAP, UPPER) for token in tokens[lo:k])):
        # "commission spokeswoman", "school board president", "Trump campaign spokesman":
        # the body (with the name before it), then the role
        role = _text(text, tokens, body, hi)
        return Description(role, _clean_affiliation(text, tokens, lo, body), _gender(role))
    if k < hi and not _plausible_head(tokens[hi - 1]):
        return NOTHING  # "appearing", "he", "taxes": a clause's word, not a role's head
    role = _text(text, tokens, k, hi)
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
            role = _text(text, tokens, lo, hi)  # "Finance Minister": one formal title; "Lansford Mayor" is Lansford's
        elif any(token.shape in (CAP, UPPER) for token in tokens[lo:k]):
            while lo < k and tokens[lo].folded in ROLE_MODIFIERS:
                lo += 1  # "Acting | Police Chief": a modifier of the role, not the body's name
            affiliation = _clean_affiliation(text, tokens, lo, k)
    return Description(role, affiliation, _gender(role))


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
    possessed = _possessor(tokens, lo)
    affiliation = None
    if possessed is not None:
        affiliation = _clean_affiliation(phrase, tokens, lo, possessed)
        lo = possessed + 1
    if hi <= lo:
        return Description(None, affiliation)
    if opens_sentence and possessed is None and lo == 0 and tokens[0].shape == CAP and is_common_noun(tokens[0]):
        # "Industry analyst Greta Holm": the first word is capitalised only because it opens the sentence
        if hi - lo == 1 or _role_like(tokens[1]) or tokens[1].shape == LOWER:
            rest = " ".join(token.folded for token in tokens[lo + 1 : hi])
            if rest in MEMBER_ROLES and not is_person_noun(tokens[0].folded) and tokens[0].folded not in ROLE_WORDS | ROLE_MODIFIERS:
                # "Tournament director": a body's common noun, then a role held inside it
                role = phrase[tokens[1].start : tokens[hi - 1].end]
                return Description(role, tokens[0].text, _gender(role))
            body = _body_before_role(tokens, lo, hi)
            role = _text(phrase, tokens, body, hi)
            return Description(role, _text(phrase, tokens, lo, body) if body > lo else affiliation, _gender(role))
    found = split_premodifier(phrase, tokens, lo, hi)
    if its and found.role and not found.affiliation:
        affiliation = ITS
    return found._replace(affiliation=found.affiliation or affiliation) if affiliation else found


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
    possessed = _possessor(tokens, i)
    if possessed is not None:
        affiliation = _clean_affiliation(phrase, tokens, i, possessed)
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
    while named > start and tokens[named - 1].shape in (CAP, UPPER) and not _role_like(tokens[named - 1]):
        named -= 1
    if start < named < core_end and tokens[named - 1].shape == LOWER:
        affiliation = _clean_affiliation(phrase, tokens, named, core_end)
        core_end = named
    head = tokens[core_end - 1]
    if head.folded in PARTIES and len(head.text) > 1 and head.shape in (LOWER, CAP):
        # "a Vermont independent", "a Texas Republican": a member of the party
        return Description(None, PARTIES[head.folded])
    found = split_premodifier(phrase, tokens, start, core_end)
    role, affiliation = found.role, affiliation or found.affiliation  # the possessor names the body
    if role is not None and tokens[core_end - 1].folded in ORG_WORDS:
        # "the agency", "the Syrian state news agency": a body, not a role
        return Description(None, affiliation or _clean_affiliation(phrase, tokens, start, core_end))
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
                affiliation = _clean_affiliation(phrase, tokens, j, end)  # "a nurse from Harrogate" is where she lives
            break
        k = j
        while k < n and (tokens[k].shape == LOWER or tokens[k].shape == POSSESSIVE) and tokens[k].folded not in PHRASE_ENDS and tokens[k].folded not in AFFILIATION_PREPOSITIONS:
            k += 1
        if k == j:
            break
        named_end = org_name_end(tokens, k)
        if named_end > k and preposition != "of" and tokens[k - 1].shape == LOWER:
            affiliation = _clean_affiliation(phrase, tokens, k, named_end)  # "at the consultancy Brightline"
            break
        owner = _possessor(tokens, j)
        if preposition == "of" and role and (not definite or owner is not None or tokens[k - 1].folded not in ORG_WORDS):
            # "head of highways", "professor of economics", "head of the board’s investigations unit"
            role_end = tokens[k - 1].end
            if owner is not None and affiliation is None:
                affiliation = _clean_affiliation(phrase, tokens, j, owner)
            i = k
            continue
        if definite and tokens[k - 1].folded in ORG_WORDS:
            affiliation = affiliation or _text(phrase, tokens, j, k)  # "a spokeswoman for the ministry"
        break
    if role is not None and role_end is not None:
        # the role ends where the core does; take in the attachments read after it ("head | of highways")
        role = phrase[tokens[core_end - 1].end - len(role) : role_end]
    if later.role is not None and role is not None and role.casefold().startswith(FORMER):
        # "a former investigator ... who now works as a consultant": what the person is now
        role = later.role
    # "a former minister who now advises the Kelby Institute": the clause names the body
    return Description(role, affiliation or later.affiliation, _gender(role))


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
        return _clean_affiliation(phrase, tokens, j, end)
    if j > i and tokens[j - 1].folded in ORG_WORDS:
        return _text(phrase, tokens, i, j)
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
    possessed = _possessor(tokens, i)
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
        affiliation = _text(phrase, tokens, named, org_end)
        if named > start and tokens[named - 1].shape == LOWER and tokens[named - 1].folded in ORG_WORDS and org_end == end:
            pass  # "the Acme union" reads as the capitalised name before it
    elif possessed is not None:
        affiliation = _clean_affiliation(phrase, tokens, owner_start, possessed)
    elif end > start and tokens[end - 1].folded in ORG_WORDS:
        affiliation = _text(phrase, tokens, start, end)
    if named == end and start < end and tokens[start].shape in (CAP, UPPER):
        org_end = org_name_end(tokens, start)
        if org_end < end and tokens[end - 1].folded in ORG_WORDS:
            affiliation = _text(phrase, tokens, start, end)  # "the Acme union"
    if end < n and tokens[end].folded in AFFILIATION_PREPOSITIONS:
        # "who heads the stroke unit at St. Brigid’s Hospital": the named body is the surer
        body = _object_body(phrase, tokens, end + 1)
        if body is not None and body[:1].isupper():
            affiliation = body
    return Description(role, affiliation, None)


