"""What a quotation reports and who its speaker is, for the output records.

In: a quotation's type with the cue and the speaker phrase that attribute it;
or a resolved ``Entity`` with the article text.  Out: the quotation's act
(``QUOTE_ACTS``: "speech" or "position") and the speaker's kind
(``SPEAKER_KINDS``: "person", "organisation", "group", "anonymous",
"unresolved").  Nothing here changes which quotations are found or who says
them; it only names what the earlier stages already know.

Acts follow the cue: verbs of saying and writing and "according to" report
speech; verbs of belief and stance, the verbs the positions model weighs and
what a poll, a study or a set of records found report a position.  Words
inside quotation marks are always someone's words, so a direct quotation is
speech whatever introduced it.

Kinds follow the entity: a pronoun nobody could be found for is unresolved;
a description ("the judge", "a spokeswoman for the ministry") is a person,
unless a group word heads it ("harbour officials at the port"); a group
phrase headed by one person's role ("a spokeswoman for the residents") is a
person too; organisations are organisations.  Anonymity is a construction,
not a word: an indefinite description or a bare group ("a person", "two
officials", "sources", not "the officials") holding or followed, in its
sentence, by wording that leaves it unnamed on purpose
(``lexicons/anonymity_wording.txt``) — right beside it, in a relative clause
or a participle about it, or after its reporting verb.  An entity is
anonymous when any of its mentions is.
"""

from __future__ import annotations

import regex

from .cues import ACCORDING, LEMMAS, QUOTE_ONLY, SPEECH, Cue
from .lexicons import read_tagged
from .mentions import GROUP, GROUPS, ORG, PERSON, PERSON_NOUNS, PRONOUN, ROLES, Mention
from .model import QUOTE_ACTS, SPEAKER_KINDS
from .patterns import NOT_CONCURRENT, alternation
from .quotes import DIRECT
from .reported import FINDING_CUES, FINDING_SOURCES
from .entities import Entity
from .text import first_sentence_break

SPEECH_ACT, POSITION_ACT = QUOTE_ACTS
PERSON_KIND, ORGANISATION_KIND, GROUP_KIND, ANONYMOUS_KIND, UNRESOLVED_KIND = SPEAKER_KINDS
SPEECH_CUES = frozenset({SPEECH, QUOTE_ONLY, ACCORDING})

_WORDING = read_tagged("anonymity_wording")
QUALIFIER, MANNER = "qualifier", "manner"
WORDING = regex.compile(
    rf"""(?<![\p{{L}}\-])
    (?:(?P<qualifier>{alternation(w for w, tag in _WORDING.items() if tag == QUALIFIER)})
      |(?P<manner>{alternation(w for w, tag in _WORDING.items() if tag == MANNER)})
      |{alternation(w for w, tag in _WORDING.items() if tag is None)})
    (?![\p{{L}}\-])""",
    regex.IGNORECASE | regex.VERBOSE,
)
_H = r"[ \t\u00a0]"
_WORD = r"[\p{L}'’\-]+"
# What may stand between the source and the wording (the gap is matched whole):
BESIDE = regex.compile(rf"{_H}*,?{_H}*(?:\p{{Ll}}+ly{_H}+)?")  # "a person (directly) familiar with"
WHO_IS = regex.compile(rf"{_H}*,?{_H}*who{_H}+(?:is|are|was|were|(?:has|have|had){_H}+been){_H}+(?:\p{{Ll}}+ly{_H}+)?")
WHO = regex.compile(rf"{_H}*,?{_H}*who{_H}+(?:{_WORD}{_H}+){{0,4}}")  # "who spoke", "who asked", "who spoke Tuesday and asked"
PARTICIPLE = regex.compile(
    rf"{_H}*,?{_H}*(?:(?:while|when){_H}+)?(?:speaking|talking|asking|requesting){_H}+(?:{_WORD}{_H}+){{0,2}}"
)
# "said on condition of anonymity", "told Reuters, asking not to be named,":
# the reporting verb, at most three words of object or time, never "that" (a
# clause opens), then the manner of speaking or a participle about the source
AFTER_CUE = regex.compile(
    rf"""{_H}*,?{_H}*(?P<cue>\p{{L}}+)(?:{_H}+(?!that(?![\p{{L}}]))[\p{{L}}.'’\-]+){{0,3}}{_H}*,?{_H}*
    (?P<participle>(?:while{_H}+)?(?:speaking|talking|asking|requesting){_H}+)?""",
    regex.VERBOSE,
)
INDEFINITE = frozenset("a an one another two three four five six seven eight nine ten several some multiple".split())
DEFINITE = frozenset("the these those this that his her its their our your my".split())
DEFINITE_BEFORE = regex.compile(
    rf"(?<![\p{{L}}])(?:(?i:the|these|those|his|her|its|their|our|your|my)|\p{{L}}['’]s?){_H}+\Z", regex.REVERSE
)
# the words that end a phrase's head: what follows describes it ("a spokeswoman
# | for the ministry", "officials | familiar with the talks")
AFTER_HEAD = frozenset("for of at with from in on to who that which and familiar close briefed knowledgeable".split())
# heads that name one person, whatever group the phrase mentions ("a spokeswoman for the residents")
ONE_PERSON_HEADS = frozenset(role.casefold() for role in ROLES if " " not in role) | PERSON_NOUNS
SENTENCE_REACH = 400  # characters after a source searched for its wording


def quote_act(quote_type: str, cue: Cue | None, mention: Mention | None) -> str:
    """"speech" or "position" for a quotation of ``quote_type`` attributed by
    ``cue`` to the speaker phrase ``mention`` (either may be None)."""
    if quote_type == DIRECT or cue is None:
        return SPEECH_ACT
    if cue.lemma in FINDING_CUES and mention is not None and mention.name.split() \
            and mention.name.split()[-1].casefold() in FINDING_SOURCES:
        return POSITION_ACT  # "A CNN poll showed X ahead", "a study concluded that": a finding
    return SPEECH_ACT if cue.kind in SPEECH_CUES else POSITION_ACT


def speaker_kind(text: str, entity: Entity) -> str:
    """The kind of speaker ``entity`` is, from its resolved kind and, for the
    unnamed ones, the words around its mentions in ``text``."""
    if entity.kind == PRONOUN:
        return UNRESOLVED_KIND
    if entity.kind == PERSON:
        return PERSON_KIND
    if any(is_anonymous(text, mention) for mention in entity.mentions):
        return ANONYMOUS_KIND
    if entity.kind == ORG:
        return ORGANISATION_KIND
    head = _head(entity.name.split())
    if head in GROUPS or (entity.kind == GROUP and head not in ONE_PERSON_HEADS):
        # a description headed by a group word too: "harbour officials at the port"
        return GROUP_KIND
    return PERSON_KIND  # a description: "the judge", "a spokeswoman for the ministry"


def is_anonymous(text: str, mention: Mention) -> bool:
    """Whether the speaker phrase ``mention`` is a source unnamed on purpose:
    indefinite or a bare group, and qualified by anonymity wording in its
    sentence."""
    if mention.kind in (PERSON, PRONOUN) or not _unnamed_shape(text, mention):
        return False
    hi = min(len(text), mention.end + SENTENCE_REACH)
    newline = text.find("\n", mention.end, hi)
    hi = newline if newline >= 0 else hi
    end = first_sentence_break(text, mention.end, hi)
    for wording in WORDING.finditer(text, mention.start, hi if end is None else end, concurrent=False):
        if wording.start() < mention.end:
            return True  # the phrase holds it: "a source close to the club"
        if _qualifies(text, mention.end, wording.start(), wording.lastgroup):
            return True
    return False


def _unnamed_shape(text: str, mention: Mention) -> bool:
    """An indefinite phrase ("a person", "two officials") or a group with no
    determiner ("officials", "Western diplomats", not "the officials")."""
    words = mention.text.split()
    if not words:
        return False
    first = words[0].casefold()
    if first in INDEFINITE or first.isdigit():
        return True
    head = _head_index(words)
    if head is None or words[head].casefold() not in GROUPS:
        return False
    before = [w.casefold() for w in words[:head]]
    return (
        not any(w in DEFINITE or w.endswith(("'s", "’s", "'", "’")) for w in before)
        and DEFINITE_BEFORE.search(text, max(0, mention.start - 40), mention.start, NOT_CONCURRENT) is None
    )


def _head_index(words: list[str]) -> int | None:
    """Where the head of a phrase is: its last word before what describes it."""
    k = 0
    while k < len(words) and words[k].casefold() not in AFTER_HEAD:
        k += 1
    return k - 1 if k else None


def _head(words: list[str]) -> str:
    """The head word of a phrase, casefolded ("" for none)."""
    k = _head_index(words)
    return words[k].casefold() if k is not None else ""


def _qualifies(text: str, lo: int, hi: int, tag: str | None) -> bool:
    """Whether the words from the source's end (``lo``) to wording of the
    lexicon's ``tag`` (at ``hi``) attach the wording to the source."""
    if BESIDE.fullmatch(text, lo, hi, NOT_CONCURRENT) or WHO_IS.fullmatch(text, lo, hi, NOT_CONCURRENT):
        return True
    if tag == QUALIFIER:
        return False  # "a spokesman said the talks were close to collapse"
    if WHO.fullmatch(text, lo, hi, NOT_CONCURRENT) or PARTICIPLE.fullmatch(text, lo, hi, NOT_CONCURRENT):
        return True
    after_cue = AFTER_CUE.fullmatch(text, lo, hi, NOT_CONCURRENT)
    if after_cue is None or after_cue.group("cue").casefold() not in LEMMAS:
        return False
    # "a spokesman said the witness declined to be named": without a participle
    # only the manner of speaking follows the verb
    return tag == MANNER or after_cue.group("participle") is not None
