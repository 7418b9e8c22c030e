"""The phrase layer's word classes: what a single word of a phrase can be.

In: lexicons (roles, person nouns, parties, role modifiers, role verbs) and
the closed classes of English (determiners, pronouns, prepositions, verbs of
being).  Out: the sets the phrase layer and the speaker readers test words
against, and the few tests that look at one word in its place ("is | suing",
"with | Sen.", a noun that names a person).  Defined once, imported where
they are used.
"""

from __future__ import annotations

from .lexicons import read_lines, read_verbs
from .words import ORG_WORDS, PERSON_NOUNS, ROLES

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
