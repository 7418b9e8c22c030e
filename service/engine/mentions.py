"""Stage 4 — speaker mentions: the noun phrases that can say something.

In: a stretch of text beside a cue.  Out: ``Mention`` records — the span of
the phrase that names the speaker (a name, a pronoun, a description such as
"a spokesman for the ministry", a group such as "Russian officials", an
organisation such as "the council"), its kind, and the role and affiliation
the phrase itself gives ("Russian Foreign Ministry spokeswoman Maria
Zakharova", "Jane Smith, the chief executive of Acme").

Patterns follow AP and Reuters usage: a role before a name is lower case
("spokeswoman Jane Doe") unless it is a formal title ("Mayor Dennis Okoro");
a role after a name sits in an appositive between commas.  The patterns
(``speaker_patterns``) are applied to a bounded window, so matching stays
linear in the article.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import regex

from .document import CAP as CAPITALISED, tokenize
from .words import GROUPS, NOT_NAMES, ORG_WORDS, PERSON_NOUNS, ROLES, TITLES
from .current import per_article
from .patterns import NOT_CONCURRENT
from .speaker_patterns import (
    HONORIFICS,
    GROUP_AFFILIATION,
    OBJECT,
    ORG_WORD,
    S,
    SUBJECT,
)
from .phrase_speakers import (
    PARTY_CODE_REACH,
    capitalised_before,
    description_after,
    description_then_name,
    is_person_head,
    party_code,
    person_description,
    possessor_before,
    role_before,
    role_then_name,
)
from .descriptions import read_description, read_description_ending
from .phrases import is_common_noun, read_premodifier
from .phrase_words import (
    DETERMINERS as DESCRIPTION_OPENERS,
    PARTIES,
    PARTY_NAMES,
    is_person_noun,
    role_words_before,
    without_verb,
)

TITLE_ROLES = {title: role for title, (_, role) in TITLES.items() if role}
COURTESY_TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame", "Lord", "Lady", "Hon"})

PERSON, PRONOUN, ORG, GROUP, DESCRIPTION = "person", "pronoun", "organisation", "group", "description"

PHRASE_BREAKS = (",", ";", ":", "\n", "“", "”", '"', "«", "»", "(", ")", "—", "–")
# the last of PHRASE_BREAKS in a window: one character, so searching from the
# right finds exactly the rightmost occurrence
LAST_PHRASE_BREAK = regex.compile(
    "[" + "".join(regex.escape(mark) for mark in PHRASE_BREAKS) + "]", regex.REVERSE
)
MAX_PHRASE_WORDS = 9
# searched from the right: the first match found is the one that ends last
PHRASE_BLOCKER = regex.compile(
    r"""(?<![\p{L}'’\-])(?:and|or|but|that|which|who|whom|whose|when|while|where|if|because|than|then|
        is|was|were|are|be|been|has|had|have|will|would|could|can|may|might|should|must|did|do|does|not|
        said|says|told|also|asked)(?![\p{L}'’\-])[ \t\u00a0]+""",
    regex.VERBOSE | regex.REVERSE,
)
PHRASE_END_WORDS = frozenset(
    w.split()[-1].casefold()
    for w in (*ROLES, *ORG_WORDS, *GROUPS, *PERSON_NOUNS, "he", "she", "they", "we", "it", "i", "percent",
              "third", "quarter", "half", "majority", "minority", "plurality", "most", "many", "some", "few",
              "two-thirds", "three-quarters", "ten", "five", "four", "three", "two")
)
POSSESSOR_FIRST = regex.compile(r"(?:the\s+)?(?P<org>[\p{L}\-]+)['’]s\s", regex.IGNORECASE)
PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
ROLE_AND_NAME_REACH = 80
POSSESSOR_IN_NAME = regex.compile(r"(?P<owner>.+?)['’]s?[ \t\u00a0]+(?P<name>\p{Lu}.*)\Z")
CAPITAL_THEN_LOWER = regex.compile(r"[ \t\u00a0]*\p{Lu}[\p{L}\-]*[ \t\u00a0]+\p{Ll}")  # "said trawlerman Ivo Maalouf": a few role words and a name
# what stands before a word that opens a sentence: its end, a line break, a quotation mark or a dash
SENTENCE_OPENERS_BEFORE = frozenset(".!?:;\n\r\"“”‘’«»—–(")

ORG_IN = regex.compile(rf"(?<![\p{{L}}]){ORG_WORD}(?![\p{{L}}])")
TRAILING_JUNK = regex.compile(
    rf"""(?:{S}+(?:in|since|from|who|which|where|when|until)(?![\p{{L}}]).*   # "in Davos", "who ..."
          |{S}+for{S}+(?:\d|the{S}+past|more|over|nearly|almost|about).*   # "for 16 years"
          |{S}+and{S}+(?:the|a|an|his|her|its|their)(?![\p{{L}}]).*       # "and the study's lead author"
          |[\s,.;:]+)$""",
    regex.VERBOSE,
)
LEADING_CONJUNCTION = regex.compile(rf"^(?:and|or|but|as|with){S}+", regex.IGNORECASE)
LEADING_ARTICLE = regex.compile(rf"^(?:the|a|an){S}+", regex.IGNORECASE)
ACRONYM = regex.compile(r"^\p{Lu}{2,}s?$")


class Mention(NamedTuple):
    """A phrase naming a speaker, with what it says about them."""

    start: int
    end: int
    text: str
    kind: str
    name: str                    # the naming part: "Maria Zakharova", "the council", "she"
    role: str | None = None
    affiliation: str | None = None
    gender: str | None = None


def _strip_not_names(name: str, start: int) -> tuple[str, int]:
    """Drop sentence-opening words that are not part of a name ("But Smith")."""
    words = name.split()
    while len(words) > 1 and words[0].rstrip(".,") in NOT_NAMES:
        start += name.index(words[1], len(words[0]))
        name = name[name.index(words[1], len(words[0])) :]
        words = name.split()
    return name, start


def _clean_org(org: str | None) -> str | None:
    if not org:
        return None
    org = TRAILING_JUNK.sub("", org.strip())
    org = LEADING_ARTICLE.sub("", LEADING_CONJUNCTION.sub("", org.strip())).strip(" ,.'’")
    words = org.split()
    while words and words[0].rstrip(".,") in NOT_NAMES:
        words = words[1:]  # "But", "What": a sentence's opener, not a body's name
    org = " ".join(words) if words and words != org.split() else org if words else ""
    if not org or org.casefold() in ("he", "she", "it", "they", "his", "her", "their", "its", "the", "a", "an", "this", "that"):
        return None
    return org


@lru_cache(maxsize=8192)
def describe(phrase: str) -> tuple[str | None, str | None, str | None]:
    """(role, affiliation, gender) that a description gives, read by the
    phrase layer: "the council’s head of highways" → ("head of highways",
    "council"); "chief economist at Kepler Baines Securities" → ("chief
    economist", "Kepler Baines Securities"); "who chairs the growers’
    cooperative Valdouro" → ("chair", "Valdouro").  A pure function of the
    phrase, so its answers are kept across articles."""
    return tuple(read_description(phrase))


def weak_affiliation(affiliation: str | None) -> bool:
    """A lone capitalised word read as a body before a role ("Transport
    campaigner", "Fund manager"): any body named after the name is surer.  A
    party or an acronym is sure."""
    return bool(affiliation) and len(affiliation.split()) == 1 and not affiliation.isupper() and affiliation not in PARTY_NAMES


def describe_unnamed(phrase: str) -> tuple[str | None, str | None, str | None]:
    """``describe`` for a description that stands for a speaker without a
    name ("the inspector", "a plan"): its head gives a role only when it
    names a person."""
    role, affiliation, gender = describe(phrase)
    if role is not None and not is_person_noun(role.split()[-1].casefold()):
        return None, affiliation, gender  # "a plan", "the statement": a thing, not a person's role
    return role, affiliation, gender


@lru_cache(maxsize=8192)
def describe_ending(phrase: str) -> tuple[str | None, str | None, str | None]:
    """(role, affiliation, gender) of the noun phrase that ends ``phrase``:
    the description before a comma and a name ("writing to the town’s MP,")."""
    return tuple(read_description_ending(phrase))


@lru_cache(maxsize=8192)
def classify_name(name: str) -> str:
    """PERSON or ORG for a capitalised name, from its words."""
    words = name.split()
    last = words[-1].casefold().strip(".")
    if ACRONYM.match(name, 0, None, NOT_CONCURRENT) or any(w.casefold().strip(".,") in ORG_WORDS for w in words):
        return ORG
    if len(words) > 1 and " ".join(w.casefold() for w in words[-2:]) in ORG_WORDS:
        return ORG
    if last in GROUPS:
        return GROUP
    return PERSON


def _title_role(honorific: str, prefix: str | None) -> str | None:
    """"Sen." → "senator" ("state senator" after "state"); "Mayor" → "mayor"."""
    title = honorific.rstrip(".")
    if title in COURTESY_TITLES:
        return None
    role = TITLE_ROLES.get(title) or title.casefold()
    lower = role_words_before((prefix or "").split())  # "state" Sen.; not "lauded" Mr., "by" Sen.
    return " ".join(lower + [role])


def _after_article(text: str, at: int) -> bool:
    """Whether "the", "a" or "an" stands right before ``at``."""
    before = text[max(0, at - 5) : at].split()
    return bool(before) and before[-1].casefold() in ("the", "a", "an")


def _opens_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens a sentence or a line (a capital there
    says nothing about the word)."""
    before = text[max(0, at - 4) : at].rstrip(" \t\u00a0")
    return not before or before[-1] in SENTENCE_OPENERS_BEFORE


def _honorific_gender(honorific: str | None) -> str | None:
    if not honorific:
        return None
    return HONORIFICS.get(honorific.strip().rstrip("."))


# The speaker patterns' named groups by number, per pattern: regex reads a
# group's name only after failing to read it as a number, which raises and
# clears an exception on every call (six times slower than a number).
PHRASE_GROUP_NAMES = ("pronoun", "premod", "titleprefix", "honorific", "name", "description", "appositive_name", "group")
PHRASE_GROUPS: dict[regex.Pattern, tuple[int | None, ...]] = {}


def _phrase_groups(pattern: regex.Pattern) -> tuple[int | None, ...]:
    """The speaker pattern's named groups by number, read once per compiled form."""
    numbers = PHRASE_GROUPS.get(pattern)
    if numbers is None:
        numbers = PHRASE_GROUPS[pattern] = tuple(pattern.groupindex.get(name) for name in PHRASE_GROUP_NAMES)
    return numbers


def mention_from_match(text: str, match, offset: int) -> Mention | None:
    """Build a ``Mention`` from a SUBJECT/OBJECT match on ``text[offset:]``."""
    pronoun, premod_group, titleprefix_group, honorific_group, name_group, description, appositive_name, group = (
        _phrase_groups(match.re)
    )
    if match.group(pronoun):
        s, e = match.span(pronoun)
        word = match.group(pronoun)
        low = word.casefold()
        return Mention(s + offset, e + offset, word, PRONOUN, word, gender=PRONOUN_GENDER.get(low))
    if match.group(name_group):
        name = match.group(name_group)
        s, e = match.span(name_group)
        name, s = _strip_not_names(name, s)
        if name.split()[0].rstrip(".") in NOT_NAMES:
            return None
        premod = match.group(premod_group) or ""
        honorific = (match.group(honorific_group) or "").strip()
        role = affiliation = gender = None
        words = name.split()
        if not premod and not honorific and len(words[-1]) > 1 and words[-1].casefold() in PARTIES and _after_article(text, s + offset):
            # "the Oregon Democrat said": a description of a party's member, not a name
            start = s + offset
            article_at = text.rfind(" ", 0, start - 1) + 1
            phrase = text[article_at : e + offset]
            return Mention(article_at, e + offset, phrase, DESCRIPTION, phrase, None, PARTIES[words[-1].casefold()])
        if len(words) >= 3 and not premod and not honorific and _opens_sentence(text, s + offset):
            first = tokenize(words[0])
            if len(first) == 1 and first[0].shape == CAPITALISED and is_common_noun(first[0]):
                # "Agronomist Tove Lindahl said": a role capitalised by the sentence's start
                role = words[0]
                rest = name.index(words[1], len(words[0]))
                name, s = name[rest:], s + rest
        if premod:
            # "Republican | presidential nominee": the capitalised words before the role belong to it
            premod_at = capitalised_before(match.start(premod_group) + offset)
            premod_at = without_verb(text, premod_at, match.end(premod_group) + offset)
            premod = text[premod_at : match.end(premod_group) + offset]
            role, affiliation, gender = read_premodifier(premod, opens_sentence=_opens_sentence(text, premod_at))
            if role and " " not in role and _after_article(text, premod_at) and not is_person_noun(role.casefold()):
                role = None  # "the real Trump", "the late Ada Roe": an adjective, not a role
        # "Senate Majority Leader Hal Brenner (R-Ky.)": the party a code names is the affiliation
        affiliation = party_code(text[e + offset : e + offset + PARTY_CODE_REACH]) or affiliation
        if "’" in name or "'" in name:
            # "said Vantor’s Ruth Keel": the possessor is the body, not part of the name
            parts = POSSESSOR_IN_NAME.match(name)
            if parts is not None and len(parts.group("name").split()) >= 1:
                affiliation = affiliation or parts.group("owner")
                s += parts.start("name")
                name = parts.group("name")
        elif not premod and affiliation is None and (owner := possessor_before(text, s + offset)) is not None:
            affiliation = owner[1]  # "Kelso Foods’ Ruth Keel said"
        if not premod and not honorific and role is None and (role_at := role_before(text, s + offset)) is not None:
            # "Patients’ champion Derek Ollis": a lower-case noun phrase before a name is its role
            role_at = capitalised_before(role_at) if possessor_before(text, role_at) is None else possessor_before(text, role_at)[0]
            found = read_premodifier(text[role_at : s + offset], opens_sentence=_opens_sentence(text, role_at))
            role, gender = found.role, found.gender
            affiliation = affiliation or found.affiliation
        kind = classify_name(name)
        if premod or honorific:
            kind = PERSON if kind != ORG or premod else kind
        gender = gender or _honorific_gender(honorific)
        start = match.start(honorific_group) if honorific else s
        prefix = match.group(titleprefix_group)
        if prefix:
            # "will meet | Sen. Brisk": a verb is no part of the title's role
            prefix_at = match.start(titleprefix_group) + offset
            prefix = text[without_verb(text, prefix_at, prefix_at + len(prefix)) : prefix_at + len(prefix)]
        if honorific and not role:
            role = _title_role(honorific, prefix)
        if prefix and not affiliation and honorific.rstrip(".") not in COURTESY_TITLES and read_premodifier(prefix + "official").role:
            # "Republican state Sen.", "Indiana GOP Rep.": the body or party before a formal title
            affiliation = read_premodifier(prefix + "official").affiliation or _clean_org(
                " ".join(w for w in prefix.split() if w[:1].isupper())
            )
        surface = text[start + offset : e + offset]
        return Mention(start + offset, e + offset, surface, kind, name, role, affiliation, gender)
    if match.group(description):
        s, e = match.span(description)
        phrase = match.group(description)
        appositive = match.group(appositive_name) if appositive_name else None
        role, affiliation, gender = describe(phrase) if appositive else describe_unnamed(phrase)
        if appositive:
            a_s, a_e = match.span(appositive_name)
            name = appositive
            return Mention(a_s + offset, a_e + offset, appositive, PERSON, name, role, affiliation, gender)
        head = phrase.split()[-1].casefold()
        kind = GROUP if head in GROUPS else ORG if ORG_IN.search(phrase, 0, None, NOT_CONCURRENT) and not role else DESCRIPTION
        if kind == ORG:
            possessor = POSSESSOR_FIRST.match(phrase, 0, None, NOT_CONCURRENT)
            affiliation = affiliation or (possessor.group("org") if possessor else _clean_org(phrase))
        return Mention(s + offset, e + offset, phrase, kind, phrase, role, affiliation, gender)
    if match.group(group):
        s, e = match.span(group)
        phrase = match.group(group)
        words = phrase.split()
        if words[0] in NOT_NAMES or words[0].casefold() in ("the", "and", "but", "or"):
            shift = phrase.index(words[1]) if len(words) > 1 else 0
            s += shift
            phrase = phrase[shift:]
        where = GROUP_AFFILIATION.search(phrase, 0, None, NOT_CONCURRENT)
        capitalised = [w for w in phrase.split()[:-1] if w[:1].isupper() and w not in NOT_NAMES]
        if where is not None:
            affiliation = _clean_org(where.group("org"))
        else:
            affiliation = _clean_org(" ".join(capitalised)) if capitalised and " of " not in phrase else None
        return Mention(s + offset, e + offset, phrase, GROUP, phrase, None, affiliation)
    return None


def subject_before(text: str, lo: int, cue_start: int) -> Mention | None:
    """The speaker phrase that ends right before a cue, looking back to ``lo``."""
    return _subject_before(text, max(lo, cue_start - 240), cue_start)


@per_article
def _subject_before(text: str, lo: int, cue_start: int) -> Mention | None:
    # several stages ask about the same cue; the answer is cached per text
    window = text[lo:cue_start]
    tail = window.rstrip()
    last = tail.rsplit(None, 1)[-1] if tail else ""
    if not last or not could_end_phrase(last.lstrip("(“\"‘'")):
        return None
    # a speaker phrase holds no clause punctuation: search only after the last
    last_break = LAST_PHRASE_BREAK.search(window, 0, None, NOT_CONCURRENT)
    if last_break is not None:
        cut = last_break.end()
        lo, window = lo + cut, window[cut:]
    # and no speaker phrase runs to more than a few words, nor across a verb
    # or a conjunction ("... was dead and he"): start after the last of those
    words = window.rsplit(None, MAX_PHRASE_WORDS)
    if len(words) > MAX_PHRASE_WORDS:
        start = len(window) - len(window.lstrip()) if not words[0] else window.index(words[1], len(words[0]))
        lo, window = lo + start, window[start:]
    blocker = PHRASE_BLOCKER.search(window, 0, None, NOT_CONCURRENT)
    if blocker is not None:
        lo = lo + blocker.end()
    # no speaker phrase starts with white space, and SUBJECT's look-behinds
    # accept a space before a phrase as they accept the window's start: the
    # phrase is the same without the leading space, so " the source" and
    # "the source" share one search and one mention
    rest = text[lo:cue_start]
    lo += len(rest) - len(rest.lstrip())
    return _subject_ending(text, lo, cue_start)


@per_article
def _subject_ending(text: str, lo: int, end: int) -> Mention | None:
    """The speaker phrase found in ``text[lo:end]`` once the window is cut to
    its last clause: callers that start looking from different places often
    end up with the same window, so the search is cached per text too."""
    match = _subject_match(text[lo:end])
    if not match:
        return _person_described_before(text, lo, end)
    return mention_from_match(text, match, lo)


def _person_described_before(text: str, lo: int, end: int) -> Mention | None:
    """"Another resident shouted", "one P&G Amiens employee told": the subject
    of a cue is a speaker whatever its head noun, read by the phrase layer."""
    tokens = tokenize(text, lo, end)
    found = person_description(tokens, 0, len(tokens))
    if found is None or text[tokens[found[1] - 1].end : end].strip():
        return None
    start, stop = tokens[found[0]].start, tokens[found[1] - 1].end
    phrase = text[start:stop]
    role, affiliation, gender = describe_unnamed(phrase)
    return Mention(start, stop, phrase, DESCRIPTION, phrase, role, affiliation, gender)


@per_article
def _subject_match(window: str):
    """SUBJECT searched in a window.  The match depends on the window's words
    alone, and the same short windows ("she ", "the company ") recur across an
    article, so it is cached by the words rather than by their position."""
    return SUBJECT.search(window, 0, None, NOT_CONCURRENT)


def could_end_phrase(word: str) -> bool:
    """Cheap test before the full pattern: a speaker phrase ends in a name, a
    number, a pronoun, or a role, organisation, group or person noun."""
    folded = word.casefold()
    return word[:1].isupper() or word[:1].isdigit() or folded in PHRASE_END_WORDS or is_person_head(folded)


def object_after(text: str, cue_end: int, hi: int) -> Mention | None:
    """The speaker phrase that starts right after a cue, up to ``hi``."""
    hi = min(hi, cue_end + 160)
    window = text[cue_end:hi]
    if _may_describe_a_name(window):
        described = _described_name_after(text, cue_end, hi)
        if described is not None:
            return described
    elif CAPITAL_THEN_LOWER.match(window, 0, None, NOT_CONCURRENT):
        # "said Republican presidential nominee Bo Castell": a capitalised word
        # then lower-case ones is a role before a name, not a one-word name
        described = _described_name_after(text, cue_end, hi, role_first=True)
        if described is not None:
            return described
    match = OBJECT.match(window, 0, None, NOT_CONCURRENT)
    if match:
        return mention_from_match(text, match, cue_end)
    return _described_name_after(text, cue_end, hi, role_first=True) or _person_described_after(text, cue_end, hi)


def _person_described_after(text: str, cue_end: int, hi: int) -> Mention | None:
    """"said the 46-year-old", "said one New Hampshire Democrat": a described
    person after a cue, whatever the head noun."""
    found = description_after(text, cue_end, min(hi, cue_end + ROLE_AND_NAME_REACH))
    if found is None:
        return None
    phrase = text[found[0] : found[1]]
    head = phrase.split()[-1]
    if head.casefold() in PARTIES and head[:1].isupper():
        return Mention(found[0], found[1], phrase, DESCRIPTION, phrase, None, PARTIES[head.casefold()])
    role, affiliation, gender = describe_unnamed(phrase)
    return Mention(found[0], found[1], phrase, DESCRIPTION, phrase, role, affiliation, gender)


def _may_describe_a_name(window: str) -> bool:
    """Cheap test before the phrase layer reads a description and a name
    after a cue: the window opens with a determiner or holds a possessive."""
    first = window.lstrip()[:8].split(" ", 1)[0].casefold()
    return first in DESCRIPTION_OPENERS or "’s " in window[:80] or "'s " in window[:80]


def _described_name_after(text: str, cue_end: int, hi: int, *, role_first: bool = False) -> Mention | None:
    """"said the keeper, Ada Roe", "said Brisk Parcel’s logistics director,
    Femi Addo", or (``role_first``) "said trawlerman Ivo Maalouf": a
    description of any head and a name, read by the phrase layer."""
    if not role_first and (found := description_then_name(text, cue_end, hi)) is not None:
        phrase_start, phrase_end, name_start, name_end = found
        role, affiliation, gender = describe(text[phrase_start:phrase_end])
    elif role_first and (found := role_then_name(text, cue_end, min(hi, cue_end + ROLE_AND_NAME_REACH))) is not None:
        phrase_start, phrase_end, name_start, name_end = found
        role, affiliation, gender = read_premodifier(text[phrase_start:phrase_end])
    else:
        return None
    name = text[name_start:name_end]
    honorific = name.split()[0].rstrip(".") if len(name.split()) > 1 else ""
    bare = name[len(honorific) + 1 :].lstrip(". ") if honorific in HONORIFICS else name
    return Mention(name_start, name_end, name, PERSON, bare, role, affiliation, gender or HONORIFICS.get(honorific))
