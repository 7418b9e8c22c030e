"""Stage 5 — attribution: which cue and which speaker phrase go with a quote.

In: the text, a quotation's offsets and the limits of the prose around it.
Out: an ``Attribution`` (cue, speaker mention, how it was found, confidence)
or None.  Resolving the mention to a person happens later (resolve.py).

The places an attribution sits, tried in this order (see the field guide in
the README): right after the quote, inverted or not (“...,” said Jane Smith /
“...,” Smith said), right before it after a colon or comma (Smith said: “...”),
in the sentence just before the quote, and in the sentence just after it.
Every window is bounded, so the cost per quote is constant.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from .current import per_article
from .patterns import NOT_CONCURRENT
from .cues import ACCORDING, BELIEF, Cue, find_cues
from .mentions import (
    LEADING_ARTICLE,
    ORG,
    PERSON,
    Mention,
    _clean_org,
    describe,
    describe_ending,
    describe_unnamed,
    weak_affiliation,
    mention_from_match,
    object_after,
    subject_before,
)
from .speaker_patterns import (
    CAP,
    HONORIFIC,
    NAME,
    ORG_NAME,
    ORG_WORD,
    SUBJECT,
    S,
)
from .text import first_sentence_break, sentence_breaks
from .people import appositive
from .phrase_words import (
    PHRASE_ENDS,
    PRONOUN_POSSESSORS,
    PRONOUNS,
)
from .verbs import FINITE_VERB, PRESENT_VERB

# How an attribution was made, and how far to trust it (documented in the README).
CONFIDENCE = {
    "adjacent": 0.95,      # cue and speaker right beside the quote
    "introduced": 0.93,    # Smith said: “...”
    "split": 0.9,          # second half of a quote broken by its attribution
    "next-sentence": 0.75, # “...” The remark came from Smith.
    "previous-sentence": 0.72,
    "continuation": 0.65,  # a quote paragraph with no cue continues the last speaker
    "dialogue": 0.55,      # unattributed turns alternate between two speakers
    "scored": 0.6,         # a position whose verb no cue list holds, accepted by the model
}
PRONOUN_FACTOR = 0.85      # the speaker was named only by a pronoun

ORGANISATION_DESCRIPTION = regex.compile(rf"(?i:the|a|an){S}+(?:[\p{{L}}\-]+{S}+){{0,6}}?{ORG_WORD}$")
ACADEMIC_TITLE = regex.compile(r"Prof(?:essor)?\.?[ \t\u00a0]")
BRACKETED_APPOSITIVE = regex.compile(r"[ \t\u00a0]*\((?P<phrase>[^()\n]{3,80}?\p{Ll}[^()\n]{0,80})\)")  # a lower-case word inside: no party code
# a participle joined to the clause before it: "..., saying", "... by saying"
PARTICIPLE_JOINED = regex.compile(r"(?:,|\bby)[ \t\u00a0]*\Z", regex.REVERSE)
MAX_GAP_AFTER = 200        # quote end → cue (room for a long appositive)
MAX_GAP_BEFORE = 60        # cue → quote start

ADVERB_WORDS = ("also", "later", "then", "again", "once", "still", "now", "earlier", "previously", "first", "initially",
                "finally", "has", "had", "have", "would", "will", "could", "might", "was", "were", "is")
TIME_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "week", "month", "year", "night")
ADVERBS = regex.compile(
    rf"""(?:{S}+(?:{"|".join(ADVERB_WORDS)}|had{S}+earlier|[\p{{Ll}}]+ly
        |(?:last|this|on|early|late)?{S}*(?:{"|".join(TIME_WORDS)})
        |yesterday|today|tonight))+{S}*\Z""",
    regex.VERBOSE,
)
# The words ADVERBS can end with.  When the words before a cue end otherwise
# the search (which scans all of them) cannot match and is skipped.
ADVERB_ENDINGS = (*ADVERB_WORDS, "ly", *TIME_WORDS, "yesterday", "today", "tonight")
LEADING_FILLER = regex.compile(r"[\s,;—–\-”’»\"']*")
PARENTHETICAL = regex.compile(r"[ \t\u00a0]*\([^()\n]{1,40}\)[ \t\u00a0]*\Z")   # Rep. Gwen Moore (D-Wis.) said
SPEAKER_LABEL = regex.compile(rf"(?P<name>(?:{HONORIFIC}{S}+)?{NAME})[ \t\u00a0]*:[ \t\u00a0]*")  # Marta Quist: “...”
LEADING_SPACE = regex.compile(r"\s*")
COLON_BEFORE_QUOTE = regex.compile(r":[ \t\u00a0]*\Z")
WHO_BEFORE_CUE = regex.compile(r",?[ \t\u00a0]+(?P<who>who)[ \t\u00a0]+\Z")  # "Ivo Marr, who | wrote"
RESTRICTIVE_RELATIVE = regex.compile(r"[ \t\u00a0]who[ \t\u00a0]")  # "an official | who spoke anonymously said"
COORDINATED = regex.compile(r"[ \t\u00a0]and[ \t\u00a0]+(?:then[ \t\u00a0]+)?\Z")  # "He laughed and | said"
DASH_CREDIT = regex.compile(rf"[ \t\u00a0]*(?:[―—–]|-{{1,2}})[ \t\u00a0]*(?P<name>(?:{HONORIFIC}{S}+)?{NAME})")  # “...” ― Jane Doe, “...” -- Jane Doe
# "the grey-haired, 71-year-old skipper", "a Labour councillor in the room": a
# determiner, at most six words (a comma may part two adjectives), a lower-case last word
LOOSE_DESCRIPTION = regex.compile(
    r"[ \t\u00a0]*(?P<phrase>(?:the|a|an|one|another)[ \t\u00a0]+"
    r"(?:[\p{L}\d’'\-]+(?:,(?=[ \t\u00a0]+(?-i:[\p{Ll}\d])))?[ \t\u00a0]+){0,6}?\p{L}[\p{L}\-]*)[ \t\u00a0]+\Z",
    regex.IGNORECASE,
)
# words a loose description holds only when it is a clause, not a noun phrase:
# verbs of being and helping, relatives, pronouns ("the agency is expected to")
NOT_IN_DESCRIPTION = (PHRASE_ENDS | PRONOUNS | PRONOUN_POSSESSORS | frozenset({"what", "how", "why"})) - frozenset(
    {"in", "on", "by", "at", "of", "from", "for", "with"}
)
TRAILING_AFFILIATION = regex.compile(rf"{S}+(?:of|at|from|with){S}+(?P<org>(?:the{S}+)?{ORG_NAME}){S}*\Z")
# The same, searched from the end: whether there is one is found at once, and
# the search from the start (which finds where it starts) runs only then.
HAS_TRAILING_AFFILIATION = regex.compile(TRAILING_AFFILIATION.pattern, regex.REVERSE)
AFFILIATION_WORDS = (" of", " at", " from", " with")  # TRAILING_AFFILIATION's words, after a space
DESCRIPTIVE_PREFIX = regex.compile(r"^(?:the|a|an)\s+[\p{Ll}\s\-]+\s$")
FULL_NAME_SEGMENT = regex.compile(rf"^(?:{HONORIFIC}{S}+)?{NAME}$")
DESCRIPTION_SEGMENT = regex.compile(
    rf"^(?:the|a|an|who|whose|which|\d+|former|then|now|its|his|her|their|{CAP}['’]s?|[\p{{Ll}}])", regex.IGNORECASE
)
INTRO_TAIL = regex.compile(
    rf"""\A(?:
        {S}*(?:that|:|,|—|–)                                         # said: / said, / said that
      | ,?{S}+[^.!?“”"«»]{{0,50}}?(?::|,|{S}that|—)                   # told reporters: / wrote on X: / , however,
      |                                                               # declared “I think ...”
    ){S}*\Z""",
    regex.VERBOSE,
)
NEXT_SENTENCE = regex.compile(
    rf"""\A{S}*(?:The|That|This|Those|These){S}+(?:[\p{{L}}\-]+{S}+){{0,3}}?
        (?:was|were|came|come|is)(?:{S}+\p{{Ll}}+ly)?{S}+
        (?P<cue>issued|made|said|written|posted|delivered|given|from|how)
        {S}+(?:by|from|in)?{S}*""",
    regex.VERBOSE,
)


class Attribution(NamedTuple):
    cue: Cue | None
    mention: Mention | None
    method: str

    @property
    def confidence(self) -> float:
        base = CONFIDENCE[self.method]
        if self.mention is not None and self.mention.kind == "pronoun":
            base *= PRONOUN_FACTOR
        return round(base, 3)


def _with_description(mention: Mention, phrase: str, *, ending: bool = False) -> Mention:
    role, affiliation, gender = describe_ending(phrase) if ending else describe(phrase)
    if role is None and mention.kind == ORG and ORGANISATION_DESCRIPTION.match(phrase.strip(), 0, None, NOT_CONCURRENT):
        # "SANA, the Syrian state television news agency,": what the body is, and
        # a body is never its own affiliation
        role = LEADING_ARTICLE.sub("", phrase.strip())
        affiliation = None
    if role and mention.role and ACADEMIC_TITLE.match(mention.text, 0, None, NOT_CONCURRENT):
        mention = mention._replace(role=None)  # "Prof. Ada Roe, a hydrologist at ...": her field says more than her rank
    return mention._replace(
        role=mention.role or role,
        affiliation=affiliation if affiliation and weak_affiliation(mention.affiliation) else mention.affiliation or affiliation,
        gender=mention.gender or gender,
    )


@per_article
def subject_of(text: str, lo: int, cue_start: int) -> Mention | None:
    """The speaker phrase ending at a cue, walking back over appositives.

    "Jane Smith, the chief executive of Acme, said" → Jane Smith (with role and
    affiliation); "a commission spokeswoman, Elena Varga, said" → Elena Varga.
    Several stages ask about the same cue, so the answer is cached per text.
    """
    # the search scans the whole window, and only one ending in ")" can match
    window_start = max(lo, cue_start - 48)
    parenthetical = None
    if text[window_start:cue_start].rstrip(" \t\u00a0").endswith(")"):
        parenthetical = PARENTHETICAL.search(text, window_start, cue_start, NOT_CONCURRENT)
    if parenthetical:
        cue_start = parenthetical.start()
    head = text[lo:cue_start]
    stripped = head.rstrip(" \t\u00a0")
    adverbs = ADVERBS.search(head, 0, None, NOT_CONCURRENT) if stripped.endswith(ADVERB_ENDINGS) else None
    end = lo + adverbs.start() if adverbs else lo + len(stripped)
    if end <= lo:
        return None
    affiliation_lo = max(lo, end - 120)
    trailing = None
    if _may_hold_affiliation(text[affiliation_lo:end]) and HAS_TRAILING_AFFILIATION.search(
        text, affiliation_lo, end, NOT_CONCURRENT
    ):
        trailing = TRAILING_AFFILIATION.search(text, affiliation_lo, end, NOT_CONCURRENT)
    if trailing and text[trailing.start() - 1 : trailing.start()] != ",":
        # "Renata Solis of the Tamarack County Fire District said"
        mention = subject_of(text, lo, trailing.start())
        if mention is not None and mention.kind == PERSON:
            named = _clean_org(trailing.group("org"))
            # "Economist Greta Holm of Sandvik Partners": the body named after the
            # name wins over a lone capitalised word before it
            if mention.affiliation is None or (named and weak_affiliation(mention.affiliation)):
                return mention._replace(affiliation=named or mention.affiliation)
            return mention
    if text[end - 1] != ",":
        return subject_before(text, lo, end)
    descriptions: list[str] = []
    segment_end = end - 1
    for _ in range(4):
        comma = text.rfind(",", lo, segment_end)
        segment_start = comma + 1 if comma >= 0 else lo
        segment = text[segment_start:segment_end].strip()
        if not segment:
            return None
        if FULL_NAME_SEGMENT.match(segment, 0, None, NOT_CONCURRENT) and comma >= 0:
            # "a commission spokeswoman, Elena Varga, said"
            offset = segment_start + (len(text[segment_start:segment_end]) - len(text[segment_start:segment_end].lstrip()))
            named = SUBJECT.search(segment, 0, None, NOT_CONCURRENT)
            if named is None or not named.group("name"):
                break
            mention = mention_from_match(text, named, offset)
            before = text[max(lo, text.rfind(",", lo, comma) + 1) : comma]
            if mention is not None and (before_mention := subject_before(text, lo, comma)) is not None:
                mention = mention._replace(
                    role=mention.role or before_mention.role,
                    affiliation=mention.affiliation or before_mention.affiliation,
                    gender=mention.gender or before_mention.gender,
                )
            elif mention is not None:
                mention = _with_description(mention, before, ending=True)
            return mention
        if comma < 0 or not DESCRIPTION_SEGMENT.match(segment, 0, None, NOT_CONCURRENT):
            break
        descriptions.append(segment)
        segment_end = comma
    mention = subject_of(text, lo, segment_end) if descriptions else None
    if mention is None:
        return None
    for phrase in reversed(descriptions):
        mention = _with_description(mention, phrase)
    return mention


def _may_hold_affiliation(stretch: str) -> bool:
    """Whether a stretch could end in "... of|at|from|with ORGANISATION": the
    words are looked for before the pattern is (a tab or a no-break space
    before them sends every stretch holding one to the pattern)."""
    return any(word in stretch for word in AFFILIATION_WORDS) or "\t" in stretch or "\u00a0" in stretch


def _appositive_after(text: str, mention: Mention, hi: int) -> Mention:
    """Role and affiliation from ", the chief executive of Acme," after a name."""
    rest = text[mention.end : hi]
    bracketed = BRACKETED_APPOSITIVE.match(rest)
    if bracketed is not None:
        # "said Ruth Keel (finance director at Vantor)"
        return _with_description(mention, bracketed.group("phrase"))
    if not rest.startswith(","):
        return mention
    phrase = appositive(rest[1:])
    return _with_description(mention, phrase) if phrase.strip() else mention


def _first_cue(text: str, lo: int, hi: int, *, direct: bool) -> Cue | None:
    for cue in find_cues(text, lo, hi):
        if cue.kind == BELIEF and direct:
            continue
        return cue
    return None


@per_article
def attribute_after(text: str, lo: int, hi: int, *, direct: bool = True) -> Attribution | None:
    """A cue and speaker right after a quote: ``text[lo:hi]`` is the rest of its
    sentence.  Stages 5 and 5b both ask about the words after a quotation, so
    the answer is cached per text."""
    cue = _first_cue(text, lo, min(hi, lo + MAX_GAP_AFTER), direct=direct)
    if cue is None:
        credit = DASH_CREDIT.match(text, lo, hi, NOT_CONCURRENT)
        if credit is None:
            return None
        built = _named(text, credit, "name")
        return Attribution(None, built, "adjacent") if built else None
    lead = LEADING_FILLER.match(text, lo, cue.start, NOT_CONCURRENT).end()
    if lead == cue.start:
        mention = object_after(text, cue.end, hi)  # "said Jane Smith", "according to Acme"
        if mention is None:
            return None
        return Attribution(cue, _appositive_after(text, mention, hi), "adjacent")
    mention = subject_of(text, lead, cue.start)
    if mention is None or LEADING_FILLER.match(text, lead, mention.start, NOT_CONCURRENT).end() != _start_of_phrase(text, lead, mention):
        loose = LOOSE_DESCRIPTION.match(text, lead, cue.start, NOT_CONCURRENT)
        if loose is None or any(word.casefold().strip(",") in NOT_IN_DESCRIPTION for word in loose.group("phrase").split()[1:]):
            return None
        # "the ad’s narrator says": everything between quote and cue is the speaker
        phrase = loose.group("phrase")
        role, affiliation, gender = describe_unnamed(phrase)
        mention = Mention(loose.start("phrase"), loose.end("phrase"), phrase, "description", phrase, role, affiliation, gender)
    return Attribution(cue, mention, "adjacent")


def _start_of_phrase(text: str, lead: int, mention: Mention) -> int:
    """Where the speaker phrase starts, counting a role or description before the name."""
    prefix = text[lead : mention.start]
    # "Council spokeswoman Priya Nandra", "Calder manager Graham Petch": the
    # words before the name belong to the phrase when they carry its role
    if mention.role and prefix.strip() and "," not in prefix:
        return lead
    if "," in prefix and (mention.role or mention.affiliation):
        return lead  # appositive chain
    if DESCRIPTIVE_PREFIX.match(prefix, 0, None, NOT_CONCURRENT):
        return lead  # "the conservation group RiverAlive"
    return mention.start


def attribute_before(text: str, lo: int, open_pos: int, *, direct: bool = True) -> Attribution | None:
    """A cue and speaker introducing a quote: Smith said: “...”."""
    cues = [c for c in find_cues(text, max(lo, open_pos - 240), open_pos) if not (direct and c.kind == BELIEF)]
    if not cues:
        return (_speaker_label(text, lo, open_pos) or _colon_introducer(text, lo, open_pos)) if direct else None
    cue = cues[-1]
    if open_pos - cue.end > MAX_GAP_BEFORE or not INTRO_TAIL.match(text[cue.end : open_pos], 0, None, NOT_CONCURRENT):
        return None
    if cue.kind == ACCORDING:
        mention = object_after(text, cue.end, open_pos)
        return Attribution(cue, mention, "introduced") if mention else None
    if cue.text.casefold().endswith("ing") and PARTICIPLE_JOINED.search(text, lo, cue.start, NOT_CONCURRENT):
        # "Clinton riffed on the incident, telling the crowd, “...”": the sentence's
        # subject speaks, not the words before the participle nor its object
        mention = _clause_subject(text, lo, cue.start)
        return Attribution(cue, mention, "introduced") if mention else None
    mention = subject_of(text, lo, cue.start)
    if mention is None and (who := WHO_BEFORE_CUE.search(text, lo, cue.start, NOT_CONCURRENT)):
        # "The post came from Ivo Marr, who wrote, “...”": the name before
        # "who" speaks, named where "who" stands
        antecedent = subject_of(text, lo, who.start())
        if antecedent is not None and antecedent.kind != "pronoun":
            mention = antecedent._replace(start=who.start("who"), end=who.end("who"), text=text[who.start("who") : who.end("who")])
    if mention is None and (relative := RESTRICTIVE_RELATIVE.search(text, lo, cue.start, NOT_CONCURRENT)):
        # "A ministry official who spoke anonymously said, “...”": the phrase
        # before "who", when it opens the clause
        mention = subject_of(text, lo, relative.start())
        if mention is not None and mention.start != LEADING_SPACE.match(text, lo, relative.start(), NOT_CONCURRENT).end():
            mention = None
    if mention is None and COORDINATED.search(text, lo, cue.start, NOT_CONCURRENT):
        # "He laughed and said, “...”": the subject of the first verb speaks, in
        # the clause after any opening one ("As the crowd chanted, | Ivo Marr
        # stood and said"), unless the cue's own clause is "…, and added:"
        comma = text.rfind(", ", lo, cue.start)
        start = comma + 2 if comma >= 0 and not text.startswith("and ", comma + 2) else lo
        mention = _clause_subject(text, start, cue.start)
    if mention is None:
        mention = object_after(text, cue.end, open_pos)
        if mention is None:
            return None
        mention = _appositive_after(text, mention, open_pos)
    return Attribution(cue, mention, "introduced")


def _named(text: str, found, group: str) -> Mention | None:
    """The speaker mention a match's ``group`` holds on its own, with no cue
    beside it ("― Jane Doe", "Jane Doe:"), read as the speaker pattern reads it."""
    mention = SUBJECT.search(found.group(group) + " ", 0, None, NOT_CONCURRENT)
    return mention_from_match(text, mention, found.start(group)) if mention else None


def _speaker_label(text: str, lo: int, open_pos: int) -> Attribution | None:
    """A name and a colon before a quote, alone in their sentence ("Marta
    Quist: “We fly at dawn.”"), as transcripts, live reports and round-ups
    write a speaker; a one-word label ("Update:", "Q:") is no speaker."""
    start = LEADING_SPACE.match(text, lo, open_pos, NOT_CONCURRENT).end()
    label = SPEAKER_LABEL.fullmatch(text, start, open_pos, NOT_CONCURRENT)
    if label is None or not 2 <= len(label.group("name").split()) <= 3 or any(mark in label.group("name") for mark in "’'"):
        return None  # "Update:", "Editor’s Note:", a headline's "Mayor Opens New Bridge:"
    built = _named(text, label, "name")
    if built is None or built.kind != "person" or built.start != label.start("name"):
        return None
    return Attribution(None, built, "introduced")


def _colon_introducer(text: str, lo: int, open_pos: int) -> Attribution | None:
    """A clause ending in a colon right before a quote, with no cue ("Ivo
    Marr, the club’s captain, was blunt: “…”"): its subject speaks, when it
    is a person or a body."""
    colon = COLON_BEFORE_QUOTE.search(text, lo, open_pos, NOT_CONCURRENT)
    if colon is None:
        return None
    mention = _clause_subject(text, lo, colon.start())
    if mention is None or mention.kind not in ("person", "description", "organisation"):
        return None
    return Attribution(None, mention, "introduced")


def _clause_subject(text: str, lo: int, hi: int) -> Mention | None:
    """The speaker phrase before the first verb of ``text[lo:hi]``."""
    verb = FINITE_VERB.search(text, lo, hi, NOT_CONCURRENT) or PRESENT_VERB.search(text, lo, hi, NOT_CONCURRENT)
    if verb is None or not text[lo : verb.start()].strip():
        return None
    return subject_of(text, lo, verb.start())


def attribute_previous_sentence(text: str, lo: int, hi: int) -> Attribution | None:
    """Smith said at a briefing. “...” — a speech cue with a subject in the
    sentence ``text[lo:hi]`` right before a quote that has none of its own."""
    cues = [c for c in find_cues(text, lo, hi) if c.kind != BELIEF]
    for cue in cues:
        mention = subject_of(text, lo, cue.start) if cue.kind != ACCORDING else object_after(text, cue.end, hi)
        if mention is not None:
            return Attribution(cue, mention, "previous-sentence")
    return None


def attribute_next_sentence(text: str, lo: int, hi: int) -> Attribution | None:
    """“...” The statement was issued by Dr. Ellen Whitcombe, ..."""
    match = NEXT_SENTENCE.match(text, lo, hi, NOT_CONCURRENT)
    if not match:
        return None
    mention = object_after(text, match.end(), hi)
    if mention is None or mention.kind == "pronoun":
        return None
    mention = _appositive_after(text, mention, hi)
    cue = Cue(match.start("cue"), match.end("cue"), match.group("cue"), match.group("cue"), "speech")
    return Attribution(cue, mention, "next-sentence")


def first_sentence_end(text: str, lo: int, hi: int) -> int:
    """End of the sentence that starts at ``lo`` (bounded by ``hi``)."""
    first = first_sentence_break(text, lo, hi)
    return hi if first is None else first


def last_sentence_start(text: str, lo: int, hi: int) -> int:
    breaks = sentence_breaks(text, lo, hi)
    return breaks[-1] if breaks else lo
