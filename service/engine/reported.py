"""Stage 5b — reported speech: clauses a source said without quote marks.

In: the text, its paragraphs, and the quoted spans already judged (direct
quotations are left alone; fragments may sit inside a reported clause).  Out:
``Reported`` records — the reported clause's offsets, the cue, the speaker
phrase, and whether a quoted fragment makes it "mixed".

Constructions (newswire usage): X said (that) CLAUSE; X told OBJECT (that)
CLAUSE; CLAUSE, X said. / CLAUSE, said X.; According to X, CLAUSE. / CLAUSE,
according to X.; CLAUSE-start, X said, CLAUSE-end.  Time and place words may
stand between cue and clause ("said on Monday that", "said in a statement").
Two cues joined by "and" give two clauses ("said A and warned that B").
Not reported speech: questions, headlines, cues with nothing after them.
Each sentence is scanned once with bounded windows.
"""

from __future__ import annotations

from itertools import islice
from typing import NamedTuple

import regex

from . import deadline
from .attribution import INTRO_TAIL, attribute_after, subject_of
from .cues import ACCORDING, BELIEF, QUOTE_ONLY, SPEECH, Cue, find_cues
from .marks import QuotedSpan
from .lexicons import read_lines
from .mentions import GROUPS, PERSON_NOUNS, Mention, S, object_after
from .patterns import NOT_CONCURRENT, alternation
from .quotes import DIRECT, FRAGMENT, WORD
from .text import Paragraph, sentence_breaks

INDIRECT, MIXED = "indirect", "mixed"
MIN_CLAUSE_WORDS = 3

# words between a cue and its clause: "said on Monday that", "told reporters at a briefing that"
BRIDGE_TO_THAT = regex.compile(
    rf"""(?:{S}+[^\s,;:.!?“”\"«»]+){{0,10}}?{S}+that
        (?={S})(?!{S}+(?:is|was|has|had|will|would|are|were|'s|’s|seems|means)\b)  # "that is his intent": a pronoun""",
    regex.IGNORECASE | regex.VERBOSE,
)
CLAUSE_IN_BRIDGE = regex.compile(r"(?<![\p{L}])(?i:he|she|they|it|we|i|you|there|had|has|have|was|were|is|are|would|will|could)(?![\p{L}])")
TIME_OR_CHANNEL = regex.compile(
    rf"""(?:{S}+(?:
        (?:on|last|this|early|late|earlier|later)?{S}*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|
            week|month|year|night|morning|afternoon|evening|weekend)(?:{S}+(?:night|morning|afternoon|evening))?
      | yesterday|today|tonight|recently|previously|repeatedly|also|again|publicly|privately|then|later|earlier|now
      | in{S}+(?:a|an|the|its|his|her|their){S}+(?:[\p{{L}}\-]+{S}+){{0,2}}?(?:statement|interview|letter|post|note|filing|report|speech|email|briefing|release|tweet)
      | on{S}+(?:Twitter|X|Facebook|Instagram|TikTok|social{S}+media|television|radio|CNN|Fox(?:{S}+News)?|MSNBC)
      | at{S}+(?:a|an|the){S}+(?:[\p{{L}}\-]+{S}+){{0,2}}?(?:briefing|conference|rally|hearing|meeting|event|press{S}+conference|news{S}+conference)
      | to{S}+(?:reporters|journalists|the{S}+press)
    ))*""",
    regex.VERBOSE | regex.IGNORECASE,
)
TOLD_OBJECT = regex.compile(
    rf"{S}+(?:(?:the|a|an|his|her|their|its){S}+)?(?:[\p{{Lu}}\d][\p{{L}}\d’'\-]*(?:{S}+[\p{{Lu}}\d][\p{{L}}\d’'\-]*){{0,4}}|[\p{{Ll}}\-]+)"
)
OBJECT_CUES = frozenset({"tell", "warn", "assure", "inform", "remind", "advise", "urge", "reassure", "caution"})
JOINED_CUE = regex.compile(rf"[\s,.”\"’»]*(?:and|but){S}+(?:also{S}+|then{S}+)?", regex.IGNORECASE)
# The patterns anchored at \Z below are searched from the end, as their only
# match is found there at once: a search from the start would try every
# position of the text before it.  Each can match in one place only (its words
# stand between a boundary and the end), so the match is the same either way.
SECOND_CUE = regex.compile(rf",?{S}+(?:and|but){S}+(?:(?:also|then|later|again){S}+)?\Z", regex.IGNORECASE | regex.REVERSE)
TRAILING_DETERMINER = regex.compile(r"(?:^|(?<=\s))(?:the|a|an)\s*\Z", regex.IGNORECASE | regex.REVERSE)
SUBORDINATOR = regex.compile(
    r"(?:^|[\s,;])(?:while|whereas|and|but|as|because|although|though|when|since|after|before|if|so|which|who|where|whom)\Z",
    regex.IGNORECASE | regex.REVERSE,
)
RELATIVE_WHO = regex.compile(
    r"[ \t\u00a0](?P<who>who|that)[ \t\u00a0]+(?:(?:also|then|long|never|not|have|has|had|would|will|\p{Ll}+ly)[ \t\u00a0]+){0,3}\Z",
    regex.REVERSE,
)
AND_BEFORE_CUE = regex.compile(r"[ \t\u00a0](?:and|but)[ \t\u00a0]+(?:(?:also|then|later)[ \t\u00a0]+)?\Z", regex.REVERSE)
# the comma may close quoted words: "... “expanded the party,” claiming that ...";
# a preposition may stand instead: "... on Twitter before claiming that ..."
PARTICIPLE_BOUNDARY = regex.compile(
    r"(?:[ \t\u00a0]*(?:,|[—–])|(?<=,[”’\"'])|[ \t\u00a0]+(?:before|after|while|by|when))[ \t\u00a0]*(?:\p{Ll}+ly[ \t\u00a0]+)?\Z"
)
PARTICIPLE_CUE = regex.compile(
    r"(?:,[”’\"']?|[ \t\u00a0](?:before|after|while|by|when))[ \t\u00a0]*(?:\p{Ll}+ly[ \t\u00a0]+)?\Z"
)
THAT_BEFORE = regex.compile(r"\bthat[ \t\u00a0]*$")
APPOSITIVE_START = regex.compile(rf"{S}*(?:the|a|an|who|which|[\p{{Lu}}])")
COMMA_NEXT = regex.compile(rf"{S}*,")
ROLE_WORDS_BEFORE = regex.compile(r"(?:(?:its|their|his|her|the|a|an|[\p{Ll}\-]+|\p{Lu}[\p{L}\-]*)[ \t\u00a0]+){0,3}\Z")
MAX_QUOTE_ATTRIBUTION_GAP = 60
MAX_SENTENCE_CHARS = 1500   # longer "sentences" are not prose
MAX_LATER_CUES = 4
FUNCTION_WORDS = frozenset("to of for and or but the a an that which who whom if when while as at in on by with from".split())
MAX_SOURCE_WORDS = 14
MIN_FRAGMENT_WORDS = 2      # a one-word quoted term is a label, not a position
AUXILIARIES = frozenset(
    "is are was were be been being am has have had do does did will would shall should can could may might must".split()
)
MAIN_VERB_AFTER = regex.compile(r"(?:[ \t\u00a0]+(?:not|also|never|just|already|\p{Ll}+ly))*[ \t\u00a0]+(?P<verb>\p{Ll}+ed|\p{Ll}+en|said|told|made|called)(?![\p{L}])")
SECOND_PREDICATE = regex.compile(
    r"""(?:,[ \t\u00a0]*(?:and[ \t\u00a0]+)?|[ \t\u00a0]+and[ \t\u00a0]+)(?:(?:also|then|later|has|have|had)[ \t\u00a0]+)?  # ", and", " and has"
        (?!(?:including|according|based|following|regarding|concerning|excluding|compared|during)\b)
        (?P<verb>\p{Ll}+(?:ed|ing)|called|calls|said|says)(?![\p{L}])""",
    regex.VERBOSE,
)
AND_THEN_PREDICATE = regex.compile(
    rf",?{S}+(?:and|but){S}+(?:(?:also|then|later){S}+)?(?P<verb>\p{{Ll}}+ed|is|was|has|had|will|would|did|does|holds|says|plans|wants)(?![\p{{L}}])"
)
WORD_BEFORE_MARK = regex.compile(r"([\p{L}’'\-]+)[\s(]*\Z", regex.REVERSE)  # the last word: searched from the end
NAMING_WORDS = frozenset(
    """the his her its their our this that these those term phrase word words slogan motto label
    reading read titled entitled called named dubbed nicknamed novel book film movie song album show series
    painting play musical sign signs placard placards banner banners hashtag headline operation programme
    program plan policy tax act bill law campaign""".split()
)       # "Large majorities of Republican primary voters in six states ..."          # a second cue joined by "and" comes soon after the first
CLAUSE_VERB_WINDOW = 160    # a clause's verb comes early
NOT_CLAUSE_OPENER = regex.compile(
    r"""(?i:on|in|at|during|after|before|as|for|with|to|from|by|of|while|when|into|onto|about|over|under|through|without)\b
        (?![ \t\u00a0]+(?i:least|most|all|\d))""",
    regex.VERBOSE,
)
PRESENT_VERB = regex.compile(
    r"(?<![\p{L}’'])(?<!(?<![\p{L}])(?:the|an|of|in|on|for|to|at|with|by|and|or|its|his|her|their|our|my|\d+)[ \t\u00a0]+)(?<=\p{L}+[ \t\u00a0]+)\p{Ll}{2,}s(?![\p{L}’'])"
)
AND_THEN_VERB = regex.compile(
    rf""",?{S}+(?:
        and{S}+(?P<verb>\p{{Ll}}+ed){S}+(?!(?:and|or|but|to)\b)\p{{L}}        # "and thanked witnesses"
      | but{S}+(?P<verb>(?:did|does|do|would|will|could|has|had|was|is){S}+not|\p{{Ll}}+ed)(?![\p{{L}}])  # "but did not say"
    )""",
    regex.VERBOSE,
)
QUOTATION_JUST_CLOSED = regex.compile(r"[,!?](?:[”\"’]|'{1,2})[ \t\u00a0]*\Z")
ARTIFACT_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:statement|message|letter|note|tweet|post|e-?mail|memo|call|sign|ad|report|release|video|text)s?[ \t\u00a0]+\Z",
    regex.IGNORECASE,
)
INVERTED_SOURCE = regex.compile(
    r"[ \t\u00a0]+(?:(?:an?|the|one|two|three|several|some|many|other|senior|top|former)[ \t\u00a0]+)+"  # "an", "a senior"
    r"(?:[\p{L}\-.]+[ \t\u00a0]+){0,3}?(?:official|officials|spokesman|spokeswoman|spokesperson|aide|aides|adviser|advisers|person|people|source|sources|diplomat|diplomats)\b",
    regex.IGNORECASE,
)
WITH_BEFORE = regex.compile(r"(?<![\p{L}])with[ \t\u00a0]+\Z", regex.IGNORECASE)
# the comma may close quoted words: “an attack on our country,” but he also noted ...
SUBJECT_START_OF_NEXT = regex.compile(rf"[,;](?:[”\"’»]|''?)?{S}*(?:(?:while|whereas|but|and|although){S}+)?\Z", regex.IGNORECASE)
# The word forms that make a clause finite.  "can't" is not among them:
# "can" comes first and has always matched it ("can" then the apostrophe).
FINITE_FORMS = """is are was were be been being am 's ’s 're ’re 'll ’ll 'd ’d
    will would shall should can could may might must had has have do does did won't won’t don't don’t
    doesn't doesn’t didn't didn’t isn't isn’t wasn't wasn’t aren't aren’t weren't weren’t
    said made went came took gave found thought told knew saw got became began left felt kept held
    brought stood struck ran won lost paid met sent built spent sold fell rose grew led meant put set
    cut hit let wrote spoke broke chose drove flew forgot hid rode shook stole swore threw woke""".split()
# a participle after a determiner or a possessive is an adjective: "a disabled
# reporter", "the party’s received wisdom", "his stated aim"
ADJECTIVE_NOT_AFTER = r"(?<!(?<![\p{L}])(?i:the|a|an|his|her|its|their|our|my|your|this|these|those)[ \t\u00a0]+)(?<!\p{L}['’]s[ \t\u00a0]+)"
FINITE_VERB = regex.compile(
    rf"""['’](?<=\p{{L}}['’])(?:d|ll|re|ve)(?![\p{{L}}])          # "he’d", "they’ll", "we’re" (the mark first: cheap to rule out)
      | ['’]s(?<=(?<![\p{{L}}])(?i:he|she|it|that|there|what|who|here)['’]s)(?![\p{{L}}])   # "he’s"; "Britain’s" is a possessive
      | (?<![\p{{L}}’'\-])(?:{alternation(FINITE_FORMS)}       # a listed form, as a trie: one pass over the letters
                           |(?=\p{{Ll}}{{4,}}+(?<=ed)(?![\p{{L}}\-]))       # or a regular past tense, a whole word: tested before
                            {ADJECTIVE_NOT_AFTER}\p{{Ll}}{{4,}}+)(?![\p{{L}}\-])  # the look-behinds, as most words are none; not inside a compound ("self-described")
    """,
    regex.VERBOSE,
)
ASIDE = regex.compile(
    r"""[ \t\u00a0]+[—–][ \t\u00a0]           # an aside: "... package — as long as"
      | ,[ \t\u00a0]+(?:and|but|while|which|who|according[ \t\u00a0]+to)\b   # a new clause
      | ,[ \t\u00a0]+\p{Ll}+ing\b             # a participle: ", contrasting her"
      | ,[ \t\u00a0]+(?:a|an)[ \t\u00a0]       # an appositive: "“racist,” an extraordinary indictment"
      | ;""",
    regex.VERBOSE,
)
WRITER_TAIL = regex.compile(
    r""",[ \t\u00a0]+(?:
        compared[ \t\u00a0]+(?:with|to)    # ", compared with 64 percent who say ..."
      | (?:al)?though                     # ", though voters are generally ..."
      | whether                           # ", whether a new offensive or ..."
    )\b
  | (?<=\p{Lu}[\p{L}.\-]*),[ \t\u00a0]+(?:who|whose)\b   # "... on supporting Ryan, who will face ...": the writer on a name""",
    regex.VERBOSE,
)
SUBORDINATE_OPENING = regex.compile(
    r"[ \t\u00a0]*(?i:(?:even[ \t\u00a0]+)?(?:as|while|although|though|because|if|when|after|before|since|once|unless|whereas))\b"
)
NAMING_VERB_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:call(?:s|ed|ing)?|labell?(?:s|ed|ing)|brand(?:s|ed|ing)|describ(?:es|ed|ing)|deem(?:s|ed|ing)|term(?:s|ed|ing))"
    r"[ \t\u00a0]+(?:[\p{L}’'\-.]+[ \t\u00a0]+){0,5}?(?:as[ \t\u00a0]+)?(?:a[ \t\u00a0]+|an[ \t\u00a0]+)?[“\"‘'«]*\Z"
)
# a verb of naming, its object, then the quoted words: "called her “the first
# lady of the movement”", "described the ground under the city as “Swiss cheese”"
NAMING_OBJECT_BEFORE = regex.compile(
    r"""(?<![\p{L}])(?P<verb>call(?:s|ed|ing)?|labell?(?:s|ed|ing)|brand(?:s|ed|ing)|describ(?:es|ed|ing)|deem(?:s|ed|ing)|term(?:s|ed|ing))
        [ \t\u00a0]+(?P<object>(?:[\p{L}’'\-.]+[ \t\u00a0]+){1,6}?)     # the object: "her", "the ground underneath the city"
        (?:as[ \t\u00a0]+)?(?:(?:a|an|the)[ \t\u00a0]+)?[“\"‘'«]*\Z""",
    regex.VERBOSE,
)
NOT_AN_OBJECT = frozenset("a an the as".split())
# what may stand before "X reported, CLAUSE": "As", "..., as", "And,", "given that, as"
AS_OPENING = regex.compile(
    r"""(?:.*?(?:[,;]|(?<![\p{L}])(?i:and|but|that))[ \t\u00a0]+)?   # from the sentence start, or after a comma or conjunction
        (?:[ \t\u00a0]*(?i:just[ \t\u00a0]+)?(?i:as)[ \t\u00a0]+(?:(?i:the|a|an)[ \t\u00a0]+)?   # "as (the)"
          | [ \t\u00a0]*(?i:and|but|yet|still|so)[ \t\u00a0]*,[ \t\u00a0]*)                    # "And, he acknowledged,"
        \Z""",
    regex.VERBOSE | regex.DOTALL,
)
DASH_ASIDE = regex.compile(r"[ \t\u00a0]*[—–][^—–\n]{1,80}?[—–]")
PARENTHETICAL_ADVERB = regex.compile(
    r"""[ \t\u00a0]*,[ \t\u00a0]*(?i:however|though|too|also|in[ \t\u00a0]+fact|of[ \t\u00a0]+course|moreover|meanwhile|
        nonetheless|nevertheless|again|instead|for[ \t\u00a0]+example|for[ \t\u00a0]+instance|in[ \t\u00a0]+turn|at[ \t\u00a0]+least)[ \t\u00a0]*,""",
    regex.VERBOSE,
)
NO_COMPLEMENT = regex.compile(r"[ \t\u00a0]*[;—–-]")
CIRCUMSTANCE_OPENER = regex.compile(
    r"(?i:on|in|at|during|after|before|while|when|through|since|until|last|this|next|earlier|later)\b"
)
FIRST_LETTER = regex.compile(r"\p{L}")
COMMA_BEFORE_QUOTE = regex.compile(r",[ \t\u00a0]*\Z")
CLAUSE_END_TRIM = " \t\u00a0.,;:!?—–-"
MAX_LONG_SOURCE_WORDS = 40
FINDING_SOURCES = frozenset(read_lines("finding_sources"))
SPEAKING_NOUNS = GROUPS | PERSON_NOUNS | FINDING_SOURCES
FINDING_CUES = frozenset("find show suggest indicate reveal conclude".split())
MAX_FINDING_HEAD_WORDS = 6  # "A new Quinnipiac University poll"
MAX_SOURCE_HEAD_WORDS = 12
SOURCE_HEAD_END = regex.compile(
    r"""(?:
        [ \t\u00a0]*[,(—–]                                   # an appositive or aside
      | [ \t\u00a0]+(?:who|whom|whose|which|that|where)\b    # a relative clause
      | [ \t\u00a0]+\p{Ll}+(?:ing|ed)[ \t\u00a0]+(?:by|of|in|at|on|with|from|for|as|during|jointly|last|this|earlier|to|between|among|since|about)\b
                                                             # a participle: "a poll conducted by", "voters going to"
      | [ \t\u00a0]+(?:taken|released|conducted|published|interviewed|polled|surveyed|questioned|asked)\b
    )""",
    regex.VERBOSE,
)
TRAILING_AUXILIARY = regex.compile(r"(?:[ \t\u00a0]+(?:has|have|had|also|would|will|did|does|do|all|both|\p{Ll}+ly))+[ \t\u00a0]*\Z")
DATELINE = regex.compile(r"\p{Lu}[\p{Lu}\p{M} .,'’\-]*(?:\([^()\n]{1,40}\))?[ \t\u00a0]*[—–-][ \t\u00a0]*")
SUBORDINATE_INSIDE = regex.compile(r"(?i:\b(?:after|before|when|since|until|because|if|although|though|while|once|as)\b)")
INTRO_OPENER = regex.compile(
    r"(?i:when|while|after|before|as|at|in|on|during|since|asked|speaking|in|for|of|with|though|although|if|because|but|yet|however|still)\b"
)
HEADLINE_WORDS = 20
SOURCE_DETERMINERS = frozenset("the a an those these some many most all both".split())  # "those surveyed said"
MIN_OPENING_CHARS = 8
LEADING_FILLER = " \t\u00a0-•*·▪►"  # spaces and list bullets before a sentence's first word
SOURCE_TAG = regex.compile(r"[ \t\u00a0]*\[[^\[\]\n]{1,40}\]\Z")  # a digest item's "[WashPost.]"


class Reported(NamedTuple):
    start: int
    end: int
    cue: Cue
    mention: Mention | None
    kind: str


def _skip_to_clause(text: str, cue: Cue, hi: int) -> int:
    """Where the reported clause starts after a cue."""
    position = cue.end
    aside = PARENTHETICAL_ADVERB.match(text, position, hi, NOT_CONCURRENT) or DASH_ASIDE.match(text, position, hi, NOT_CONCURRENT)
    if aside:
        position = aside.end()  # "says, however, that ...", "said — on Twitter, as it happens — that ..."
    if cue.lemma in OBJECT_CUES:
        obj = TOLD_OBJECT.match(text, position, hi, NOT_CONCURRENT)
        if obj:
            position = obj.end()
    bridge = BRIDGE_TO_THAT.match(text, position, min(hi, position + 90), NOT_CONCURRENT)
    if bridge and not find_cues(text, position, bridge.end() - 4) and not CLAUSE_IN_BRIDGE.search(text, position, bridge.end() - 4, NOT_CONCURRENT):
        return bridge.end()
    return TIME_OR_CHANNEL.match(text, position, hi, NOT_CONCURRENT).end()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\u00a0,:":
        start += 1
    while end > start and (text[end - 1] in CLAUSE_END_TRIM or _unopened_bracket(text, start, end)):
        end -= 1
    return start, end


def _unopened_bracket(text: str, start: int, end: int) -> bool:
    """"(According to X, CLAUSE.)": a closing bracket opened before the clause is not the clause's."""
    return text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end)


def _is_clause(text: str, start: int, end: int, before_cue: bool = False) -> bool:
    """A reported clause has a finite verb, and right after its cue it does not
    open with a preposition ("denied nine counts of fraud", "said on a call
    with analysts" are not clauses; "In fact, X would ..., analysts say" is)."""
    if not before_cue and NOT_CLAUSE_OPENER.match(text, start, end, NOT_CONCURRENT):
        return False
    end = min(end, start + CLAUSE_VERB_WINDOW)
    return FINITE_VERB.search(text, start, end, NOT_CONCURRENT) is not None or PRESENT_VERB.search(text, start, end, NOT_CONCURRENT) is not None


def _has_words(text: str, start: int, end: int, count: int) -> bool:
    """Whether ``text[start:end]`` holds at least ``count`` words: the words
    after those are not looked at."""
    return next(islice(WORD.finditer(text, start, end, concurrent=False), count - 1, None), None) is not None


class Piece(NamedTuple):
    """A stretch of one sentence outside direct quotations."""

    sentence_start: int
    start: int
    end: int
    after_quote: bool   # right after a direct quotation: its attribution may stand here
    before_quote: bool  # right before one: its introduction may stand here
    quote_end: int | None = None  # where that following quotation ends, after its closing mark
    terms: tuple[int, ...] = ()   # where quoted terms and titles open in the paragraph


def _sentences(text: str, para: Paragraph, here: list[tuple[int, int]], inside: list[tuple[int, int]]):
    """The pieces of each sentence that lie outside direct quotations
    (``here``: those touching this paragraph).  A sentence never ends inside
    a quoted fragment (``inside``: this paragraph's fragments)."""
    breaks = [b for b in sentence_breaks(text, para.start, para.end)
              if not any(lo < b < hi for lo, hi in inside)]
    starts = [para.start, *breaks]
    ends = [*starts[1:], para.end]
    for start, end in zip(starts, ends):
        cut = start
        for lo, hi in here:
            if lo < end and start < hi:
                if lo > cut:
                    yield Piece(start, cut, lo, after_quote=cut > start, before_quote=True, quote_end=hi)
                cut = max(cut, hi)
        if cut < end:
            yield Piece(start, cut, end, after_quote=cut > start, before_quote=False)


def _is_headline(text: str, para: Paragraph) -> bool:
    line = text[para.start : para.end].rstrip()
    tag = SOURCE_TAG.search(line, 0, None, NOT_CONCURRENT)
    if tag is not None:
        line = line[: tag.start()]  # "-X explains why the polls were off. [NYT.]": a sentence, then its source
    return not line.endswith((".", "!", "?", "”", '"', "’", "'", "»", ":", ")")) and len(line.split()) <= HEADLINE_WORDS


NOUN_PHRASE_END = regex.compile(
    r"""[ \t\u00a0]+(?:on|in|at|during|after|before|following|since|amid|while|when|because|despite|through|until)
        [ \t\u00a0]""",
    regex.VERBOSE,
)


def noun_phrase_end(text: str, start: int, end: int, fragments: list[QuotedSpan]) -> int:
    """Where a noun-phrase complement ends: before a phrase of time, place or
    circumstance ("called an emergency session | following those reports")."""
    for match in NOUN_PHRASE_END.finditer(text, start, end, concurrent=False):
        if not within_quoted(fragments, match.start()) and _has_words(text, start, match.start(), 2):
            return match.start()
    return end


def before_aside(text: str, start: int, end: int, fragments: list[QuotedSpan]) -> int:
    """Where a reported complement ends before an aside, a participle or a new
    clause joined by a comma ("... tax package — as long as ...", "...,
    contrasting her own ..."); never inside the source's quoted words."""
    if text.find(",", start, end) < 0 and text.find(";", start, end) < 0 and text.find("—", start, end) < 0 \
            and text.find("–", start, end) < 0:
        return end  # every aside opens with a comma, a semicolon or a dash
    aside = ASIDE.search(text, start, end, NOT_CONCURRENT)
    while aside is not None and within_quoted(fragments, aside.start()):
        aside = ASIDE.search(text, aside.end(), end, NOT_CONCURRENT)
    return aside.start() if aside is not None else end


def _clause(text, start, end, cue, mention, fragments, *, before_cue: bool = False, any_phrase: bool = False) -> Reported | None:
    """A reported clause from ``start`` to ``end``; ``before_cue`` when the
    clause comes first and the source after it ("CLAUSE, X said");
    ``any_phrase`` when no verb is needed ("$1.6 billion in profit, according to X")."""
    if NO_COMPLEMENT.match(text, start, end, NOT_CONCURRENT):
        return None  # "..., they complain - and if ...": the cue has nothing after it
    start, end = _trim(text, start, end)
    if not _has_words(text, start, end, MIN_CLAUSE_WORDS):
        return None
    if not before_cue and cue.takes_noun_phrase and CIRCUMSTANCE_OPENER.match(text, start, end, NOT_CONCURRENT):
        return None  # "a fact he mentions | on the campaign trail": the object came before the verb
    introduced_by_that = THAT_BEFORE.search(text, max(0, start - 8), start, NOT_CONCURRENT) is not None
    if not (introduced_by_that or any_phrase or cue.takes_noun_phrase) and not _is_clause(text, start, end, before_cue):
        return None
    kind = MIXED if quotes_words(text, start, end, fragments) else INDIRECT
    return Reported(start, end, cue, mention, kind)


def quotes_words(text: str, start: int, end: int, fragments: list[QuotedSpan]) -> bool:
    """Whether a reported clause quotes words in quotation marks: then it is
    "mixed", even when they are a title the source used."""
    return any(start <= f.open < end for f in fragments)


def _reported_in_sentence(text: str, piece: Piece, fragments: list[QuotedSpan]) -> list[Reported]:
    lo, hi, sentence_start = piece.start, piece.end, piece.sentence_start
    if hi - lo > MAX_SENTENCE_CHARS:
        return []  # not prose: a list, a table or a run-on paste
    sentence = text[lo:hi].rstrip()
    if sentence.endswith("?"):
        return []
    hi = lo + len(sentence)
    if lo == sentence_start and (lo == 0 or text[lo - 1] == "\n"):
        dateline = DATELINE.match(text, lo, hi, NOT_CONCURRENT)
        if dateline is not None:
            lo = dateline.end()  # "WASHINGTON -- A trend ... will end, the office reported": not part of the clause
    found: list[Reported] = []
    cues = [c for c in find_cues(text, lo, hi) if c.kind != QUOTE_ONLY or c.takes_noun_phrase]
    attribution_end = lo  # where the attribution of the quotation just before ends
    if piece.after_quote and cues and cues[0].start - lo <= MAX_QUOTE_ATTRIBUTION_GAP:
        # the cue that attributes the quotation just before ("” he said"); its
        # speaker may go on in a participle ("..., adding that ..."); but
        # "“...” and said that ..." is a new clause of the sentence's subject
        quote_attribution = attribute_after(text, lo, hi)
        if quote_attribution is not None and quote_attribution.cue is not None and quote_attribution.cue.start == cues[0].start:
            if quote_attribution.mention is not None:
                found.append(Reported(lo, lo, cues[0], quote_attribution.mention, "attribution"))
                attribution_end = max(cues[0].end, quote_attribution.mention.end)
            cues = cues[1:]
    if piece.before_quote and cues and INTRO_TAIL.match(text[cues[-1].end : piece.end], 0, None, NOT_CONCURRENT):
        completed = _before_quote(text, piece, cues[-1], fragments)
        if completed is not None:
            return [completed]
        cues = cues[:-1]  # the cue that introduces the quotation just after
    taken_until = lo
    for k, cue in enumerate(cues):
        if cue.start < taken_until:
            continue
        if cue.kind == BELIEF and not BRIDGE_TO_THAT.match(text, cue.end, min(hi, cue.end + 90), NOT_CONCURRENT):
            # "A CNN poll showed X ahead", "X is ahead, the poll showed"
            item = _finding(text, lo, hi, cue, cues[k + 1 :], fragments) or _clause_then_source(text, lo, hi, cue, fragments)
            if item is not None:
                found.append(item)
                taken_until = max(item.end, cue.end)
            continue
        if cue.kind == ACCORDING:
            item = _according_to(text, lo, hi, cue, fragments)
            if item is not None and (item.start < taken_until or item.start < attribution_end):
                # "X said A, according to exit polls": A is already X's; "“...,” he
                # told advisers, according to Y": the quotation's attribution is no clause
                item = None
        elif found and JOINED_CUE.fullmatch(text, found[-1].end, cue.start, NOT_CONCURRENT):
            # "... and said the bank should act": the same source goes on
            item = _clause(text, _skip_to_clause(text, cue, hi), hi, cue, found[-1].mention, fragments)
        elif cue.text.casefold().endswith("ing") and (
            PARTICIPLE_CUE.search(text, lo, cue.start, NOT_CONCURRENT) or ARTIFACT_BEFORE.search(text, max(lo, cue.start - 24), cue.start, NOT_CONCURRENT)
        ):
            # "..., saying CLAUSE", "issued a statement saying CLAUSE": the sentence's subject is the source
            source = found[-1].mention if found else sentence_subject(text, lo, cue.start)
            if source is not None:
                start = _skip_to_clause(text, cue, hi)
                item = _clause(text, start, end_of_clause(text, start, hi, cues[k + 1 :], fragments), cue, source, fragments)
            else:
                item = None
        else:
            item = _subject_then_clause(text, lo, hi, cue, cues[k + 1 :], fragments, sentence_start) or _clause_then_source(
                text, lo, hi, cue, fragments
            )
        if item is not None:
            found.append(item)
            taken_until = max(item.end, cue.end)
    return [item for item in found if item.kind != "attribution"]


def _before_quote(text: str, piece: Piece, cue: Cue, fragments: list[QuotedSpan]) -> Reported | None:
    """A sentence that opens in the writer's words and names its source in the
    middle, before a quotation the cue introduces that goes on in lower case:

    - "No name change, he said, “hides what it really is.”": the quotation
      completes the sentence — one mixed quotation, from the sentence's start
      to the quote's end;
    - "Prices will rise, he said, “and nothing can stop them.”": the opening is
      a whole clause — it is reported on its own, the quotation is direct."""
    if piece.after_quote or piece.quote_end is None or piece.start != piece.sentence_start:
        return None
    opening = FIRST_LETTER.search(text, piece.end, piece.quote_end, NOT_CONCURRENT)
    if opening is None or not opening.group().islower():
        return None
    comma = clause_comma(text, piece.start, cue.start)
    if comma < 0 or not _has_words(text, piece.start, comma, MIN_CLAUSE_WORDS - 1):
        return None
    attribution = attribute_after(text, comma + 1, piece.end, direct=False)
    if attribution is None or attribution.cue is None or attribution.cue.start != cue.start or attribution.mention is None:
        return None
    if not text[cue.end : piece.end].strip(" \t\u00a0,:") == "" and not COMMA_BEFORE_QUOTE.search(text, cue.end, piece.end, NOT_CONCURRENT):
        return None
    if FINITE_VERB.search(text, piece.start, comma, NOT_CONCURRENT):
        return _clause(text, piece.start, _past_closing_mark(fragments, comma), cue, attribution.mention, fragments, before_cue=True)
    return Reported(piece.start, piece.quote_end, cue, attribution.mention, MIXED)


def _according_to(text, lo, hi, cue, fragments) -> Reported | None:
    mention = object_after(text, cue.end, hi)
    comma = clause_comma(text, cue.end, hi)
    if text[lo : cue.start].strip(" \t\u00a0,(") == "" and comma > 0:
        # According to X, CLAUSE.
        mention = mention or _loose_source(text, cue.end, comma)
        return _clause(text, comma + 1, hi, cue, mention, fragments)
    before = text[lo : cue.start].rstrip()
    if before.endswith((",", "—", "–")):  # "CLAUSE, according to X" / "CLAUSE — ... — according to X"
        # CLAUSE, according to X.  /  CLAUSE-start, according to X, CLAUSE-end.
        if (mention is not None and comma > 0 and text[mention.end : comma].strip() == ""
                and _has_words(text, comma, hi, MIN_CLAUSE_WORDS) and not FINITE_VERB.search(text, lo, cue.start, NOT_CONCURRENT)):
            # the start has no verb of its own: the clause goes on after the source
            return _clause(text, lo, hi, cue, mention, fragments, before_cue=True)
        mention = mention or _loose_source(text, cue.end, hi)
        return _clause(text, lo, lo + len(before) - 1, cue, mention, fragments, before_cue=True, any_phrase=True)
    if mention is not None and _has_words(text, lo, cue.start, MIN_CLAUSE_WORDS) and FINITE_VERB.search(text, lo, cue.start, NOT_CONCURRENT):
        # "Clinton leads by 271 delegates according to a count by The AP": no comma before it
        return _clause(text, lo, lo + len(before), cue, mention, fragments, before_cue=True)
    return None


def _relative_or_joined_subject(text: str, lo: int, cue: Cue, sentence_start: int) -> Mention | None:
    """"64 percent who say ...": the phrase before "who"; "X thanked Miami and
    said ...": the sentence's subject."""
    head = text[lo : cue.start]
    relative = RELATIVE_WHO.search(head, 0, None, NOT_CONCURRENT)
    if relative is not None:
        antecedent = subject_of(text, lo, lo + relative.start() + 1)
        if antecedent is not None:
            return antecedent
        return Mention(lo + relative.start("who"), lo + relative.end("who"), "who", "pronoun", "who")
    if AND_BEFORE_CUE.search(head, 0, None, NOT_CONCURRENT):
        return sentence_subject(text, sentence_start, cue.start)
    return None


def _noun_phrase_subject(text: str, lo: int, cue: Cue) -> Mention | None:
    """"A representative for Mr. Pinchuk said", "Aides to Clinton say": when no
    pattern names the source, everything from the sentence start (or its last
    comma) to the cue is the source, provided it holds no verb of its own."""
    comma = max(last_clause_comma(text, lo, cue.start), lo - 1)
    start = comma + 1
    while start < cue.start and text[start] in LEADING_FILLER:
        start += 1
    end = cue.start
    while end > start and text[end - 1] in " \t\u00a0":
        end -= 1
    phrase = text[start:end]
    words = phrase.split()
    if not 2 <= len(words) <= MAX_SOURCE_WORDS or not (
        phrase[:1].isupper() or words[0].casefold() in SOURCE_DETERMINERS or words[-1].casefold() in FINDING_SOURCES
    ):  # "exit polls suggested"
        return None
    head_start = start + len(phrase) - len(words[-1])  # a plural head noun ("exit polls") is no present-tense verb
    if FINITE_VERB.search(text, start, end, NOT_CONCURRENT) or _present_verb(text, start, head_start) or NOT_CLAUSE_OPENER.match(text, start, end, NOT_CONCURRENT):
        return None
    if words[-1].casefold() in FUNCTION_WORDS:
        return None  # "Promise to": not a noun phrase
    return Mention(start, end, phrase, "description", phrase)


def _present_verb(text: str, start: int, end: int) -> bool:
    """A present-tense verb in ``text[start:end]`` other than a plural noun
    that speaks ("Presidential candidates in both parties")."""
    return any(verb.group().casefold() not in SPEAKING_NOUNS for verb in PRESENT_VERB.finditer(text, start, end, concurrent=False))


def _long_subject(text: str, lo: int, cue: Cue, *, any_cue: bool = False) -> Mention | None:
    """"A poll conducted by X for Y released Saturday found that", "Majorities of
    Democrats in five states going to the polls say": a long subject of a speech
    or belief cue.  The whole stretch from the sentence start (after an
    introductory phrase) to the cue is the subject; its head — up to the first
    appositive, relative clause or participle — is the source, and the head
    holds no verb of its own."""
    if not (any_cue or cue.kind == BELIEF or cue.lemma in ("say", "tell") or BRIDGE_TO_THAT.match(text, cue.end, cue.end + 90, NOT_CONCURRENT)):
        return None  # "Its closure will add up to 25 minutes": only plain speech verbs
    start = lo
    while start < cue.start and text[start] in LEADING_FILLER:
        start += 1
    dateline = DATELINE.match(text, start, cue.start, NOT_CONCURRENT)
    if dateline:
        start = dateline.end()  # "SOUTHWARK — A former investment manager ... told"
    if INTRO_OPENER.match(text, start, cue.start, NOT_CONCURRENT):
        comma = clause_comma(text, start, cue.start)
        if comma < 0:
            return None
        start = comma + 1
        while start < cue.start and text[start] in " \t\u00a0":
            start += 1
    auxiliary = TRAILING_AUXILIARY.search(text, start, cue.start, NOT_CONCURRENT)
    end = auxiliary.start() if auxiliary else cue.start
    while end > start and text[end - 1] in " \t\u00a0":
        end -= 1
    phrase = text[start:end]
    words = phrase.split()
    if not 2 <= len(words) <= MAX_LONG_SOURCE_WORDS or ";" in phrase or ":" in phrase:
        return None
    if SUBORDINATE_INSIDE.search(phrase, 0, None, NOT_CONCURRENT):
        return None  # "Two years after doctors told her": the subject is inside a clause
    if not (phrase[:1].isupper() or phrase[:1].isdigit() or words[0].casefold() in SOURCE_DETERMINERS):
        return None
    if words[-1].endswith(","):  # "One ad, which is airing, argues": the appositive's comma
        end = start + len(phrase.rstrip(", \t\u00a0"))
        phrase, words = text[start:end], text[start:end].split()
    if not words or words[-1].casefold() in FUNCTION_WORDS:
        return None
    boundary = SOURCE_HEAD_END.search(text, start, end, NOT_CONCURRENT)
    head_end = boundary.start() if boundary else end
    head = text[start:head_end]
    if not 1 <= len(head.split()) <= MAX_SOURCE_HEAD_WORDS or FINITE_VERB.search(text, start, head_end, NOT_CONCURRENT):
        return None
    if head.split()[-1].casefold() in FUNCTION_WORDS:
        return None
    return Mention(start, head_end, head, "description", head)


def _finding(text, lo, hi, cue, later_cues, fragments) -> Reported | None:
    """"A CNN poll released Tuesday showed Mr. Trump with a 16-point lead",
    "Court records show he paid": what a poll, a study or a set of records
    found — a clause or a noun phrase, to the clause's end."""
    if cue.lemma not in FINDING_CUES:
        return None
    subject = _long_subject(text, lo, cue, any_cue=True) or _noun_phrase_subject(text, lo, cue)
    source_start = subject.start if subject is not None else lo + len(text[lo : cue.start]) - len(text[lo : cue.start].lstrip())
    # the source is the phrase up to its first finding noun: "A CNN poll | of Iowa released Tuesday"
    head = next((w for w in WORD.finditer(text, source_start, cue.start, concurrent=False) if w.group().casefold() in FINDING_SOURCES), None)
    if head is None or _has_words(text, source_start, head.end(), MAX_FINDING_HEAD_WORDS + 1):
        return None
    if subject is None and _has_words(text, head.end(), cue.start, 1):
        return None  # no pattern spans the words between the source and the verb
    mention = Mention(source_start, head.end(), text[source_start : head.end()], "description", text[source_start : head.end()])
    start = _skip_to_clause(text, cue, hi)
    end = end_of_clause(text, start, hi, later_cues, fragments)
    start, end = _trim(text, start, end)
    if not _has_words(text, start, end, MIN_CLAUSE_WORDS) or NOT_CLAUSE_OPENER.match(text, start, end, NOT_CONCURRENT):
        return None
    return Reported(start, end, cue, mention, MIXED if quotes_words(text, start, end, fragments) else INDIRECT)


def sentence_subject(text: str, lo: int, hi: int) -> Mention | None:
    """The person or body a sentence opens with ("Sanders denounced ..., saying")."""
    verb = FINITE_VERB.search(text, lo, hi, NOT_CONCURRENT) or PRESENT_VERB.search(text, lo, hi, NOT_CONCURRENT)
    if verb is None or not text[lo : verb.start()].strip():
        return None
    # "The New York businessman has praised Putin, saying ...": a description no pattern names
    return subject_of(text, lo, verb.start()) or _noun_phrase_subject_at(text, lo, _before_auxiliaries(text, lo, verb.start()))


def _before_auxiliaries(text: str, lo: int, verb_start: int) -> int:
    trailing = TRAILING_AUXILIARY.search(text, lo, verb_start, NOT_CONCURRENT)
    return trailing.start() if trailing else verb_start


def _loose_source(text: str, start: int, end: int) -> Mention | None:
    """"figures from the commission": the source as written, when no pattern names it."""
    phrase = text[start:end].strip(" \t\u00a0,.")
    if not phrase or len(phrase.split()) > 8:
        return None
    s = text.index(phrase, start)
    return Mention(s, s + len(phrase), phrase, "description", phrase)


def _subject_then_clause(text, lo, hi, cue, later_cues, fragments, sentence_start) -> Reported | None:
    """X said (that) CLAUSE — and a second clause after "and said"/"but warned"."""
    if text[lo : cue.start].rstrip(" \t\u00a0").endswith(",") and INVERTED_SOURCE.match(text, cue.end, hi, NOT_CONCURRENT):
        return None  # "CLAUSE, said an American official who ...": the source follows the cue
    if QUOTATION_JUST_CLOSED.search(text, max(lo, cue.start - 8), cue.start, NOT_CONCURRENT):
        return None  # "That ‘saved us,’ said Carole Taylor, the minister": the name is the source, not a clause
    mention = subject_of(text, lo, cue.start)
    if mention is not None and not introduces_only(text[lo : mention.start], mention) \
            and not (cue.text.endswith("ing") and WITH_BEFORE.search(text, lo, mention.start, NOT_CONCURRENT)):
        # "A survey ... in March found": a name inside a longer subject; but
        # "..., with 50 percent saying": the participle's own subject
        mention = None
    if mention is None:
        mention = (
            _relative_or_joined_subject(text, lo, cue, sentence_start)
            or _noun_phrase_subject(text, lo, cue)
            or _long_subject(text, lo, cue)
        )
        if mention is None:
            return None
    start = _skip_to_clause(text, cue, hi)
    end = hi
    mid = COMMA_NEXT.match(text, start, hi, NOT_CONCURRENT) if start < hi else None
    as_reported = mid is not None and AS_OPENING.match(text, lo, mention.start, NOT_CONCURRENT) is not None
    if as_reported:
        # "As The Post reported, even if Sanders split the delegates, ...": the
        # sentence after the comma is what was reported
        start = mid.end()
    elif mid:
        return None  # "X said, ..." is not followed by a clause here
    end = end_of_clause(text, start, hi, later_cues, fragments)
    phrase_end = first_comma(text, start, end, fragments)
    if cue.takes_noun_phrase and not _is_clause(text, start, phrase_end):
        # "decried rote testing regimes, conservatives who ...", "stressed those
        # worries on Sunday at a forum": a noun phrase ends at its first comma
        # or before a phrase of time, place or circumstance
        end = noun_phrase_end(text, start, phrase_end, fragments)
    if not as_reported and SUBORDINATE_OPENING.match(text, lo, mention.start, NOT_CONCURRENT):
        # "Even as he has said that A, his administration continues ...": the
        # reported clause ends where the sentence's main clause begins
        end = first_comma(text, start, end, fragments)
    return _clause(text, start, end, cue, mention, fragments)


def comma_outside_quotes(text: str, start: int, end: int, fragments: list[QuotedSpan]) -> int:
    """The first comma in ``text[start:end]`` outside the source's quoted words
    and outside numbers ("2,400"), or -1."""
    comma = clause_comma(text, start, end)
    while comma >= 0 and within_quoted(fragments, comma):
        comma = clause_comma(text, comma + 1, end)
    return comma


def clause_comma(text: str, start: int, end: int) -> int:
    """The first comma in ``text[start:end]`` that is no digit separator ("2,400"), or -1."""
    comma = text.find(",", start, end)
    while comma >= 0 and _groups_digits(text, comma):
        comma = text.find(",", comma + 1, end)
    return comma


def last_clause_comma(text: str, start: int, end: int) -> int:
    """The last comma in ``text[start:end]`` that is no digit separator, or -1."""
    comma = text.rfind(",", start, end)
    while comma >= 0 and _groups_digits(text, comma):
        comma = text.rfind(",", start, comma)
    return comma


def _groups_digits(text: str, comma: int) -> bool:
    return text[comma - 1 : comma].isdigit() and text[comma + 1 : comma + 2].isdigit()


def first_comma(text: str, start: int, end: int, fragments: list[QuotedSpan]) -> int:
    """Where a clause ends at its first comma, if a clause's worth of words
    comes before it; else ``end``."""
    comma = comma_outside_quotes(text, start, end, fragments)
    return comma if comma >= 0 and _has_words(text, start, comma, MIN_CLAUSE_WORDS) else end


def _past_closing_mark(fragments: list[QuotedSpan], comma: int) -> int:
    """A clause ending at a comma inside quoted words (“… saved us,”) ends after their closing mark."""
    return next((f.after for f in fragments if f.open < comma < f.after), comma)


def within_quoted(fragments: list[QuotedSpan], position: int) -> bool:
    """Whether ``position`` lies inside one of the quoted fragments, past its opening mark."""
    return any(f.open < position < f.after for f in fragments)


def end_of_clause(text: str, start: int, hi: int, later_cues: list[Cue], fragments: list[QuotedSpan]) -> int:
    """Where a reported clause starting at ``start`` ends, at the latest ``hi``:
    before a second cue joined by "and" ("said A and warned B"), before a new
    source ("..., while its rival said ..."), before a participle cue ("...,
    noting that ...") or a verb phrase of the source's own ("... and thanked
    witnesses")."""
    end = hi
    for other in later_cues[:MAX_LATER_CUES]:
        if other.kind == QUOTE_ONLY or (other.kind == BELIEF and not BRIDGE_TO_THAT.match(text, other.end, hi, NOT_CONCURRENT)):
            continue
        joint = SECOND_CUE.search(text, max(start, other.start - 24), other.start, NOT_CONCURRENT)
        if joint is None and (other.kind == ACCORDING or other.text.casefold().endswith("ing")):
            # "..., according to exit polls": a second source; "..., noting that": a second report
            joint = PARTICIPLE_BOUNDARY.search(text, max(start, other.start - 12), other.start, NOT_CONCURRENT)
        if joint is not None:
            end = joint.start()
            break
        if text.find(",", start, other.start) < 0 and text.find(";", start, other.start) < 0:
            continue  # the new clause would open after a comma or semicolon: no source search without one
        other_subject = subject_of(text, start, other.start)
        if other_subject is not None:
            # "..., while its rival Lumen Bank said ...": a new source starts a new clause
            boundary = SUBJECT_START_OF_NEXT.search(text, max(start, other_subject.start - 40), _phrase_start(text, start, other_subject), NOT_CONCURRENT)
            if boundary is not None:
                end = _past_closing_mark(fragments, boundary.start())
                break
    if text.find("and", start, end) >= 0 or text.find("but", start, end) >= 0:
        end = _before_second_predicate(text, start, end, fragments)  # joined by "and" or "but"
    return _before_writer_tail(text, start, end, fragments)


def _before_second_predicate(text: str, start: int, end: int, fragments: list[QuotedSpan]) -> int:
    """Where a clause ends before a verb phrase of the source's own ("... and
    thanked witnesses", "called the plan “a disgrace,” and threatened ...")."""
    # the verb decides whether the words are the source's own; the comma before
    # it may close quoted words (“a horrible witness,” and then tweeted ...),
    # and the clause then ends after the closing mark
    for then_verb in AND_THEN_VERB.finditer(text, start, end, concurrent=False):
        if within_quoted(fragments, then_verb.start("verb")):
            continue  # inside the source's own words: “talked the talk and walked the walk”
        if FINITE_VERB.search(text, start, then_verb.start(), NOT_CONCURRENT) and not find_cues(text, then_verb.start("verb"), then_verb.end("verb")):
            end = _past_closing_mark(fragments, then_verb.start())  # "... had been painstaking and thanked witnesses"
            break
    for then_verb in AND_THEN_PREDICATE.finditer(text, start, end, concurrent=False):
        if within_quoted(fragments, then_verb.start("verb")):
            continue
        if not FINITE_VERB.search(text, start, then_verb.start(), NOT_CONCURRENT):
            # a noun-phrase complement has no verb of its own: "called the plan
            # “a disgrace,” and threatened to ..." — the verb is the source's
            end = _past_closing_mark(fragments, then_verb.start())
            break
    return end


def _before_writer_tail(text: str, start: int, end: int, fragments: list[QuotedSpan]) -> int:
    """"... a favorable view of Clinton, compared with 64 percent who ...",
    "..., though voters are generally ...": a comparison or concession after
    a comma is the writer's, not the source's."""
    tail = WRITER_TAIL.search(text, start, end, NOT_CONCURRENT)
    while tail is not None and within_quoted(fragments, tail.start()):
        tail = WRITER_TAIL.search(text, tail.end(), end, NOT_CONCURRENT)
    return tail.start() if tail is not None else end


def _phrase_start(text: str, lo: int, mention: Mention) -> int:
    """Start of a speaker phrase including its role words ("its rival Lumen Bank")."""
    head = text[max(lo, mention.start - 40) : mention.start]
    words = ROLE_WORDS_BEFORE.search(head, 0, None, NOT_CONCURRENT)
    return mention.start - (len(words.group()) if words else 0)


def introduces_only(before: str, mention: Mention) -> bool:
    """What stands before the subject: nothing, an introductory phrase ending in
    a comma or a dash ("In a post on X, ..."), or the role and organisation in
    front of the name ("Council spokeswoman ...")."""
    stripped = TRAILING_DETERMINER.sub("", before).strip()
    if not stripped or stripped.endswith((",", ":", ";", "—", " -", "–")) or SUBORDINATOR.search(stripped, 0, None, NOT_CONCURRENT):
        return True
    premodifier = stripped.rsplit(",", 1)[-1].strip()
    return (mention.role or mention.affiliation) is not None and len(premodifier.split()) <= 6


def _clause_then_source(text, lo, hi, cue, fragments) -> Reported | None:
    """CLAUSE, X said. / CLAUSE, said X. / START, X said, REST. / CLAUSE, the poll found."""
    if cue.kind != SPEECH and cue.lemma not in FINDING_CUES:
        return None  # "During the meeting, Russia blasted ...": a stance verb reports its object
    comma = last_clause_comma(text, lo, cue.start)
    if comma < 0 or comma == lo:
        return None
    attribution = attribute_after(text, comma + 1, hi, direct=False)
    if attribution is None or attribution.cue is None or attribution.cue.start != cue.start:
        return None
    if _thing_then_participle(attribution.mention, cue):
        return None  # "..., a plan announced earlier this year": a participle describing a thing
    if cue.kind == BELIEF and cue.lemma in FINDING_CUES and (
        attribution.mention is None or attribution.mention.name.split()[-1].casefold() not in FINDING_SOURCES
    ):
        return None  # only a poll, a study or records "found" or "showed" a clause
    tail = text[cue.end : hi]
    after_comma = tail.find(",")
    rest = tail[after_comma + 1 :] if after_comma >= 0 else ""
    # only an inverted source ("..., said Jane Smith, the professor") takes an
    # appositive after it: after "X said," a phrase goes on with the clause
    inverted = attribution.mention is not None and attribution.mention.start > cue.start
    rest_start = cue.end + after_comma + 1 + len(rest) - len(rest.lstrip())
    if after_comma >= 0 and _has_words(rest, 0, len(rest), 1) and not (inverted and APPOSITIVE_START.match(rest, 0, None, NOT_CONCURRENT)) \
            and TIME_OR_CHANNEL.match(text, cue.end, None, NOT_CONCURRENT).end() >= cue.end + after_comma \
            and not any(c.start == rest_start for c in find_cues(text, rest_start, hi)[:1]):
        # (", adding that ...": a second report, not the rest of the first)
        # "Downstream countries, he said, wanted ...": the clause surrounds the cue
        return _clause(text, lo, hi, cue, attribution.mention, fragments, before_cue=True)
    if comma - lo < MIN_OPENING_CHARS:
        return None  # "Yes, he said.": too short to be a clause of its own
    return _clause(text, lo, _past_closing_mark(fragments, comma), cue, attribution.mention, fragments, before_cue=True)


def _thing_then_participle(mention: Mention | None, cue: Cue) -> bool:
    """"a plan announced", "the bill passed": a noun with no role, then a past
    participle — a thing described, not a source speaking."""
    return (mention is not None and mention.kind == "description" and mention.role is None
            and cue.text.endswith("ed") and mention.name.split()[-1].casefold() not in SPEAKING_NOUNS)


def prose_pieces(text: str, paragraphs: list[Paragraph], spans: list[QuotedSpan], kinds: list[str]):
    """The stretches of each prose sentence outside direct quotations, with the
    quoted fragments of their paragraph: ``(Piece, [QuotedSpan])``, in text order.
    Page furniture and headlines are not prose."""
    fragment_spans_of: dict[int, list[QuotedSpan]] = {}
    for span, kind in zip(spans, kinds):
        if kind == FRAGMENT:
            fragment_spans_of.setdefault(span.first_paragraph, []).append(span)
    barriers_of: dict[int, list[tuple[int, int]]] = {}
    fragments_of: dict[int, list[tuple[int, int]]] = {}
    for span, kind in zip(spans, kinds):
        if kind in (DIRECT, FRAGMENT):
            target = barriers_of if kind == DIRECT else fragments_of
            for index in range(span.first_paragraph, span.last_paragraph + 1):
                target.setdefault(index, []).append((span.open, span.after))
    terms_of: dict[int, tuple[int, ...]] = {}
    for span, kind in zip(spans, kinds):
        if kind not in (DIRECT, FRAGMENT):
            terms_of[span.first_paragraph] = (*terms_of.get(span.first_paragraph, ()), span.open)
    for para in paragraphs:
        deadline.check()
        if para.noise or _is_headline(text, para):
            continue
        fragments = fragment_spans_of.get(para.index, [])
        terms = terms_of.get(para.index, ())
        for piece in _sentences(text, para, barriers_of.get(para.index, []), fragments_of.get(para.index, [])):
            yield (piece._replace(terms=terms) if terms else piece), fragments


def find_reported(pieces: list[tuple[Piece, list[QuotedSpan]]], text: str) -> list[Reported]:
    """Reported speech in the prose pieces, in text order."""
    found: list[Reported] = []
    for piece, fragments in pieces:
        deadline.check()
        here = _reported_in_sentence(text, piece, fragments)
        here += _quoted_stance(text, piece, fragments, here)
        found.extend(quoting_terms(item, piece) for item in here)
    return found


def quoting_terms(item: Reported, piece: Piece) -> Reported:
    """A clause holding quoted words is mixed even when they name a term or a
    title the source used ("the so-called “governor’s bracket”")."""
    if item.kind == INDIRECT and any(item.start <= term < item.end for term in piece.terms):
        return item._replace(kind=MIXED)
    return item


def _quoted_stance(text: str, piece: Piece, fragments: list[QuotedSpan], found: list[Reported]) -> list[Reported]:
    """A sentence that quotes a source's words with no speech verb ("Trump
    called the plan “a disaster.”", "She described it as “a betrayal”"): the
    predicate holding the fragment is the source's position, a mixed quote."""
    out = []
    for fragment in fragments:
        if not piece.start <= fragment.open < piece.end:
            continue
        if any(item.start <= fragment.open < item.end for item in found):
            continue
        naming = _naming_verb(text, piece, fragment, fragments)
        if names_a_thing(text, fragment) and naming is None:
            continue  # but "called the show “the news show of record”": a verb of naming puts the words on a thing
        if not _has_words(text, fragment.start, fragment.end, MIN_FRAGMENT_WORDS) and not NAMING_VERB_BEFORE.search(
            text, max(piece.start, fragment.open - 80), fragment.open, NOT_CONCURRENT
        ):
            continue  # a one-word term, unless a verb of naming puts it on someone: called Trump “unhinged”
        chosen = _naming_verb_and_source(text, piece, naming) or _first_verb_and_source(text, piece, fragment, fragments)
        if chosen is None:
            continue
        verb_start, verb_end, source = chosen
        later_cues = [c for c in find_cues(text, verb_end, piece.end) if c.start >= fragment.after]
        end = max(end_of_clause(text, verb_end, piece.end, later_cues, fragments), fragment.after)
        while end > fragment.after and text[end - 1] in " \t\u00a0.,":
            end -= 1
        start = verb_end
        while start < fragment.open and text[start] in " \t\u00a0":
            start += 1
        verb_text = text[verb_start:verb_end]
        cue = Cue(verb_start, verb_end, verb_text, verb_text.casefold(), "stance")
        if not text[verb_end : fragment.open].strip(" \t\u00a0,:") and end <= fragment.after:
            # "Clinton cracked, “I am a progressive ...”": the quotation is all the verb introduces
            out.append(Reported(fragment.start, fragment.end, cue, source, DIRECT))
            continue
        out.append(Reported(start, max(end, fragment.after), cue, source, MIXED))
    return out


def _naming_verb(text: str, piece: Piece, fragment: QuotedSpan, fragments: list[QuotedSpan]):
    """The verb of naming right before a fragment with an object of its own
    between them ("called the show “...”", "described the ground as “...”"),
    or None; "calls the “Osei Tax”" names a thing, it has no object."""
    naming = NAMING_OBJECT_BEFORE.search(text, max(piece.start, fragment.open - 80), fragment.open, NOT_CONCURRENT)
    if naming is None or within_quoted(fragments, naming.start()):
        return None
    if not any(word.casefold() not in NOT_AN_OBJECT for word in naming.group("object").split()):
        return None
    return naming


def _naming_verb_and_source(text: str, piece: Piece, naming) -> tuple[int, int, Mention] | None:
    """The verb of naming and its source: the phrase right before it, or the
    sentence's subject when the verb follows "and" ("took the stage and called ...")."""
    if naming is None:
        return None
    verb_start, verb_end = naming.span("verb")
    source = subject_of(text, piece.start, verb_start)
    if source is None and AND_BEFORE_CUE.search(text, piece.start, verb_start, NOT_CONCURRENT):
        source = sentence_subject(text, piece.start, verb_start)
    if source is None or not introduces_only(text[piece.start : source.start], source):
        return None
    return verb_start, verb_end, source


def _first_verb_and_source(text: str, piece: Piece, fragment: QuotedSpan, fragments: list[QuotedSpan]):
    """The sentence's first verb (past an auxiliary), its source, then the
    nearest verb coordinated with it before the fragment: (start, end, source) or None."""
    verb = FINITE_VERB.search(text, piece.start, fragment.open, NOT_CONCURRENT) or PRESENT_VERB.search(
        text, piece.start, fragment.open, NOT_CONCURRENT
    )
    if verb is None:
        return None
    verb_start, verb_end = verb.span()
    if verb.group().casefold() in AUXILIARIES:
        # "has spearheaded": the verb after the auxiliary; "was conciliatory": a description
        main = MAIN_VERB_AFTER.match(text, verb.end(), fragment.open, NOT_CONCURRENT)
        if main is None or main.group("verb").casefold() in AUXILIARIES:
            return None
        verb_start, verb_end = main.span("verb")
    source = subject_of(text, piece.start, verb.start()) or _noun_phrase_subject_at(text, piece.start, verb.start())
    if source is None:
        return None
    if NOT_CLAUSE_OPENER.match(text, verb.end(), fragment.open, NOT_CONCURRENT) and find_cues(text, verb.start(), verb.end()):
        return None  # "Sanders said in an interview on “New Day”": where it was said, not what
    for second in SECOND_PREDICATE.finditer(text, verb_end, fragment.open, concurrent=False):
        if not within_quoted(fragments, second.start()):
            # "Carson took the stage ... and called the system “rotten”": the nearer verb
            verb_start, verb_end = second.span("verb")
    return verb_start, verb_end, source


def names_a_thing(text: str, fragment: QuotedSpan) -> bool:
    """A title, a label or a sign rather than someone's words: the quote follows
    an article or a naming word ("the novel “Salt and Iron”", "placards reading
    “...”", "what it calls the “Osei Tax”") or is in title case."""
    before = WORD_BEFORE_MARK.search(text, max(0, fragment.open - 40), fragment.open, NOT_CONCURRENT)
    if before is not None and before.group(1).casefold() in NAMING_WORDS:
        return True
    words = [w for w in WORD.findall(text, fragment.start, fragment.end, concurrent=False) if len(w) > 3 or w[:1].isupper()]
    return bool(words) and sum(w[:1].isupper() for w in words) * 2 > len(words)


def _noun_phrase_subject_at(text: str, lo: int, hi: int) -> Mention | None:
    """The verb-free phrase from ``lo`` to ``hi``, as a source."""
    return _noun_phrase_subject(text, lo, Cue(hi, hi, "", "", "stance"))
