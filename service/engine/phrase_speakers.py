"""Speakers the phrase layer reads where no speaker pattern names them.

In: a stretch of the text right after a cue or right before a name.  Out:
the offsets of a described person ("said the club’s reserve keeper, Dario
Velt", "said former Brandt adviser Iker Sola", "said the 61-year-old",
"another shopkeeper said"), the capitalised words that belong to a role
before a name ("Republican | presidential nominee"), and the party a code
after a name gives ("(D-Vt.)").  What the description says about the person
is then read by ``descriptions.read_description`` and ``phrases.read_premodifier``.
"""

from __future__ import annotations

from .current import current_article
from .document import CAP, LOWER, POSSESSIVE, UPPER, Token, tokenize
from .lexicons import read_lines
from .phrases import (
    NOT_NAMES,
    PERSON_NOUNS,
    possessor_end,
)
from .phrase_words import (
    AFFILIATION_PREPOSITIONS,
    DETERMINERS,
    PARTIES,
    PARTY_CODES,
    PHRASE_ENDS,
    ROLE_WORDS,
    THING_ENDINGS,
    FUNCTION_WORDS,
)


PERSON_ENDINGS = tuple(read_lines("person_endings"))

MAX_CAPITALISED_BEFORE = 4

CAPITALISED_BEFORE_REACH = 60

MAX_DESCRIPTION_WORDS = 7

MAX_NAME_WORDS = 5

MAX_PREMODIFIER_WORDS = 6
MAX_ROLE_WORDS = 3
POSSESSIVE_ENDS = ("’s", "'s", "’", "'")
# words whose 's is "is" or "has": "he’s", "that’s", "what’s", "there’s"
CONTRACTED = frozenset("what there here where how who let it that he she".split())
# words whose 's or ' is never a possessor's
NOT_POSSESSORS = FUNCTION_WORDS | CONTRACTED

NAME_FOLLOWERS = frozenset({"of", "from", "who", "at"})  # "Ada Roe of Derry", "Ada Roe, who"

NAME_CLOSERS = frozenset({",", ".", ";", ":", "\u201d", '"', ")"})

PARTY_CODE_REACH = 16  # ' (D-Vt.)', ', R-Texas,' after a name

def capitalised_before(at: int) -> int:
    """Where a run of capitalised words (not sentence openers) ends at
    ``at`` in the current article, on the same line; ``at`` when none does."""
    article = current_article()
    if article is None:
        return at
    text = article.text
    before = text[max(0, at - CAPITALISED_BEFORE_REACH) : at].rstrip(" \t\u00a0")
    if not before or before[-1].isspace() or not before.split()[-1][:1].isupper():
        return at  # no capitalised word right before on the line: nothing to read
    lo = max(0, at - CAPITALISED_BEFORE_REACH)
    tokens = tokenize(text, lo, at)
    start = at
    taken = 0
    k = len(tokens)
    while k > 0 and taken < MAX_CAPITALISED_BEFORE:
        token = tokens[k - 1]
        if token.shape not in (CAP, UPPER) or token.text in NOT_NAMES or text[token.end : start].strip(" \t\u00a0"):
            break
        if k == 1 and lo > 0 and not text[lo - 1].isspace():
            break  # the window cut a word: it is not read
        start = token.start
        taken += 1
        k -= 1
    return start

def description_then_name(text: str, lo: int, hi: int) -> tuple[int, int, int, int] | None:
    """A description opened by a determiner or a possessor, a comma and a
    name, at ``text[lo:hi]`` ("the keeper, Ada Roe", "Vantor’s finance
    director, Ruth Keel"): (description start, end, name start, end)."""
    tokens = tokenize(text, lo, hi)
    n = len(tokens)
    if n < 4 or (tokens[0].folded not in DETERMINERS and possessor_end(tokens, 0) is None):
        return None
    i = 1
    while i < n and i <= MAX_DESCRIPTION_WORDS and (tokens[i].is_word or tokens[i].shape == POSSESSIVE):
        if tokens[i].folded in PHRASE_ENDS:
            return None
        i += 1
    if i >= n - 1 or tokens[i].text != "," or tokens[i - 1].shape != LOWER:
        return None
    j = i + 1
    name_end = _name_end(tokens, j)  # a name has two words at least: "the keeper, Ada Roe"
    if name_end is None:
        return None
    return tokens[0].start, tokens[i - 1].end, tokens[j].start, tokens[name_end - 1].end

def role_then_name(text: str, lo: int, hi: int) -> tuple[int, int, int, int] | None:
    """A role and a name right after a cue ("said trawlerman Ivo Maalouf",
    "said former Obama adviser Dana Reyes", "said undecided Republican voter
    Ada Roe"): (role start, end, name start, end).  The role's words end in
    a lower-case one; the name is the capitalised words after it."""
    tokens = tokenize(text, lo, hi)
    n = len(tokens)
    for k in range(1, min(n, MAX_PREMODIFIER_WORDS + 1)):
        previous = tokens[k - 1]
        if not previous.is_word or previous.folded in DETERMINERS or previous.folded in PHRASE_ENDS or previous.text in NOT_NAMES:
            return None
        if previous.folded in AFFILIATION_PREPOSITIONS:
            return None
        if previous.shape == LOWER and tokens[k].shape == CAP:
            end = _name_end(tokens, k)
            if end is not None:
                return tokens[0].start, previous.end, tokens[k].start, tokens[end - 1].end
    return None

# words that open what follows a described person's head: "one Republican |
# familiar with the talks", "a nurse | at the clinic", "an aide | who …"; not
# "of", which continues a role ("secretary of state")
DESCRIPTION_TAILS = (AFFILIATION_PREPOSITIONS - {"of"}) | frozenset({"familiar", "close", "who", "in", "speaking", "briefed"})


def description_after(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """A description of a person right after a cue, with no name ("said the
    46-year-old", "said one New Hampshire Democrat"): (start, end)."""
    tokens = tokenize(text, lo, hi)
    n = len(tokens)
    if n < 2 or tokens[0].folded not in DETERMINERS:
        return None
    j = 1
    while j < n and j <= MAX_DESCRIPTION_WORDS and tokens[j].is_word and tokens[j].folded not in PHRASE_ENDS:
        if j > 1 and tokens[j].folded in DESCRIPTION_TAILS and _describes_a_person(tokens[j - 1]):
            break  # "one Republican | familiar with the talks", "a nurse | at the clinic"
        j += 1
    if j < n and tokens[j].text not in NAME_CLOSERS and tokens[j].folded not in DESCRIPTION_TAILS:
        return None
    head = tokens[j - 1]
    if j < 2 or not _describes_a_person(head):
        return None
    return tokens[0].start, head.end


def _describes_a_person(head: Token) -> bool:
    """A head word for a person: a role or person noun, or a party's member
    ("Democrat")."""
    return is_person_head(head.folded) or (head.shape == CAP and head.folded in PARTIES and len(head.text) > 1)

def _name_end(tokens: list[Token], j: int) -> int | None:
    """The end of a name of two capitalised words or more at ``j``, closed
    by punctuation or the tokens' end; None when no such name stands there."""
    n = len(tokens)
    end = j
    while end < n and end - j < MAX_NAME_WORDS and (tokens[end].shape == CAP or tokens[end].text == "."):
        end += 1
    while end > j and tokens[end - 1].text == ".":
        end -= 1
    if end - j < 2 or tokens[j].text in NOT_NAMES:
        return None
    if end < n and tokens[end].text not in NAME_CLOSERS and tokens[end].folded not in NAME_FOLLOWERS:
        return None
    return end

def person_description(tokens: list[Token], lo: int, hi: int) -> tuple[int, int] | None:
    """A noun phrase naming a person by any head ("another resident", "the
    46-year-old", "one P&G Amiens employee", "the club’s new keeper") that
    ends at token ``hi`` and opens with a determiner or a possessor at or
    after ``lo``: (first token, end token); None when there is none."""
    if hi <= lo or not tokens[hi - 1].is_word or not is_person_head(tokens[hi - 1].folded):
        return None
    k = hi - 1
    while k > lo and hi - k <= MAX_DESCRIPTION_WORDS:
        token = tokens[k - 1]
        if token.folded in DETERMINERS:
            return k - 1, hi
        if token.shape == POSSESSIVE or token.text in ("&", "-"):
            k -= 1
            continue
        if not token.is_word or token.folded in PHRASE_ENDS or token.folded in AFFILIATION_PREPOSITIONS or token.text in NOT_NAMES:
            break
        k -= 1
    if k < hi - 1 and any(t.shape == POSSESSIVE for t in tokens[k:hi - 1]) and tokens[k].shape in (CAP, UPPER):
        return k, hi  # "Gallup’s pollster": a possessor opens it
    return None

def is_person_head(folded: str) -> bool:
    """A head word that names a speaker with no name beside it ("another
    shopkeeper", "the 46-year-old", and the listed "the statement"): a word
    of roles or of the speaker nouns, or one ending as only nouns for people
    end."""
    if folded in ROLE_WORDS or folded in PERSON_NOUNS:
        return True
    return folded.endswith(PERSON_ENDINGS) and len(folded) > 4 and not folded.endswith(THING_ENDINGS)

def possessor_before(text: str, at: int) -> tuple[int, str] | None:
    """The capitalised possessor right before a name ("Kelso Foods’ | Ruth
    Keel", "Vantor’s | Ruth Keel"): where it starts, and the body it names."""
    if not text[max(0, at - 4) : at].rstrip(" \t\u00a0").endswith(POSSESSIVE_ENDS):
        return None  # most names have no possessor before them: no need to read the words
    lo = max(0, at - CAPITALISED_BEFORE_REACH)
    tokens = tokenize(text, lo, at)
    if len(tokens) < 2 or tokens[-1].shape != POSSESSIVE or text[tokens[-1].end : at].strip():
        return None
    k = len(tokens) - 1
    while k > 0 and tokens[k - 1].shape in (CAP, UPPER) and tokens[k - 1].text not in NOT_NAMES and len(tokens) - 1 - k < MAX_NAME_WORDS:
        k -= 1
    if k == len(tokens) - 1 or (k == 0 and lo > 0 and not text[lo - 1].isspace()):
        return None
    return tokens[k].start, text[tokens[k].start : tokens[-2].end]


def role_before(text: str, at: int) -> int | None:
    """Where lower-case role words end at a name ``at`` begin ("Patients’
    champion | Derek Ollis", "and trawlerman | Ivo Maalouf"): the words are
    nouns, not verbs or function words, and a clause's edge, a possessor or a
    capitalised word stands before them; None when no such words do."""
    before = text[max(0, at - CAPITALISED_BEFORE_REACH) : at].split()
    if len(before) < 2 or not (is_person_head(before[-1].casefold()) or _possessor_word(before[-2])):
        return None  # the word before the name heads no role: no need to read the words
    lo = max(0, at - CAPITALISED_BEFORE_REACH)
    tokens = tokenize(text, lo, at)
    k = len(tokens)
    while k > 0 and len(tokens) - k < MAX_ROLE_WORDS and tokens[k - 1].shape == LOWER and _noun_like(tokens[k - 1]):
        k -= 1
    if k == len(tokens):
        return None
    if not is_person_head(tokens[-1].folded) and not (
        k > 1 and tokens[k - 1].shape == POSSESSIVE and k == len(tokens) - 1
        and _possessor_word(tokens[k - 2].text + tokens[k - 1].text)
    ):
        return None  # any one noun after a possessor is a role ("Patients’ champion | Derek Ollis")
    if k == 0:
        return tokens[0].start if lo == 0 or text[lo - 1].isspace() else None
    edge = tokens[k - 1]
    if edge.shape in (POSSESSIVE, CAP, UPPER) or edge.folded in ("and", "or") or not edge.is_word:
        return tokens[k].start
    return None


def _possessor_word(word: str) -> bool:
    """A possessive of a noun or a name ("Tenants’", "Orvane’s"), not a
    contraction ("he’s certain", "that’s what")."""
    if not word.endswith(POSSESSIVE_ENDS):
        return False
    stem = word[:-2] if word.endswith(("’s", "'s")) else word[:-1]
    return bool(stem) and stem.casefold() not in NOT_POSSESSORS


def _noun_like(token: Token) -> bool:
    folded = token.folded
    return not (folded in FUNCTION_WORDS or folded.endswith(("ed", "ing", "ly")))


def party_code(phrase: str) -> str | None:
    """The party of "(D-Vt.)", ", R-Texas," "(I-Vt.)" or "(R)" right after a name."""
    bare = phrase.lstrip(" \t\u00a0")[:3]
    if len(bare) == 3 and bare[0] == "(" and bare[2] == ")" and bare[1] in PARTY_CODES:
        return PARTY_CODES[bare[1]]
    if "-" not in phrase[:PARTY_CODE_REACH // 2]:
        return None
    tokens = tokenize(phrase)
    n = len(tokens)
    i = 0
    while i < n and tokens[i].text in ("(", ","):
        i += 1
    if i >= n:
        return None
    first = tokens[i]
    code = first.text.split("-", 1)[0]
    if code in PARTY_CODES and ("-" in first.text or (i + 1 < n and tokens[i + 1].text in ("-", "–", ")", ","))):
        return PARTY_CODES[code]
    return None
