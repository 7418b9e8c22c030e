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

from dataclasses import dataclass

import regex

from .attribution import attribute_after, subject_of
from .cues import ACCORDING, BELIEF, QUOTE_ONLY, Cue, find_cues
from .marks import QuotedSpan
from .mentions import S, Mention, object_after
from .quotes import DIRECT, FRAGMENT, WORD
from .text import Paragraph, sentence_breaks

INDIRECT, MIXED = "indirect", "mixed"
MIN_CLAUSE_WORDS = 3

# words between a cue and its clause: "said on Monday that", "told reporters at a briefing that"
BRIDGE_TO_THAT = regex.compile(rf"(?:{S}+[^\s,;:.!?“”\"«»]+){{0,6}}?{S}+that(?={S})", regex.IGNORECASE)
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
SECOND_CUE = regex.compile(rf",?{S}+(?:and|but){S}+(?:(?:also|then|later|again){S}+)?\Z", regex.IGNORECASE)
TRAILING_DETERMINER = regex.compile(r"(?:^|(?<=\s))(?:the|a|an)\s*\Z", regex.IGNORECASE)
SUBORDINATOR = regex.compile(
    r"(?:^|[\s,;])(?:while|whereas|and|but|as|because|although|though|when|since|after|before|if|so|which|who|where|whom)\Z",
    regex.IGNORECASE,
)
RELATIVE_WHO = regex.compile(r"[ \t\u00a0](?P<who>who|that)[ \t\u00a0]+(?:(?:also|then|have|has|had|would|\p{Ll}+ly)[ \t\u00a0]+)?\Z")
AND_BEFORE_CUE = regex.compile(r"[ \t\u00a0](?:and|but)[ \t\u00a0]+(?:(?:also|then|later)[ \t\u00a0]+)?\Z")
PARTICIPLE_CUE = regex.compile(r",[ \t\u00a0]*(?:\p{Ll}+ly[ \t\u00a0]+)?\Z")
CLAUSE_END_TRIM = " \t\u00a0.,;:!?—–-"
HEADLINE_WORDS = 20


@dataclass(frozen=True, slots=True)
class Reported:
    start: int
    end: int
    cue: Cue
    mention: Mention | None
    kind: str


def _skip_to_clause(text: str, cue: Cue, hi: int) -> int:
    """Where the reported clause starts after a cue."""
    position = cue.end
    if cue.lemma in OBJECT_CUES:
        obj = TOLD_OBJECT.match(text, position, hi)
        if obj:
            position = obj.end()
    bridge = BRIDGE_TO_THAT.match(text, position, min(hi, position + 90))
    if bridge and not find_cues(text, position, bridge.end() - 4):
        return bridge.end()
    return TIME_OR_CHANNEL.match(text, position, hi).end()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\u00a0,:":
        start += 1
    while end > start and text[end - 1] in CLAUSE_END_TRIM:
        end -= 1
    return start, end


def _words(text: str, start: int, end: int) -> int:
    return sum(1 for _ in WORD.finditer(text, start, end))


def _sentences(text: str, para: Paragraph, barriers: list[tuple[int, int]]):
    """Sentences of a paragraph that hold no direct quotation."""
    starts = [para.start, *sentence_breaks(text, para.start, para.end)]
    ends = [*starts[1:], para.end]
    for start, end in zip(starts, ends):
        if any(b_start < end and start < b_end for b_start, b_end in barriers):
            continue
        yield start, end


def _is_headline(text: str, para: Paragraph) -> bool:
    line = text[para.start : para.end].rstrip()
    return not line.endswith((".", "!", "?", "”", '"', "’", "»", ":")) and len(line.split()) <= HEADLINE_WORDS


def _clause(text, start, end, cue, mention, fragments) -> Reported | None:
    start, end = _trim(text, start, end)
    if _words(text, start, end) < MIN_CLAUSE_WORDS:
        return None
    kind = MIXED if any(start <= f.open and f.after <= end + 1 for f in fragments) else INDIRECT
    return Reported(start, end, cue, mention, kind)


def _reported_in_sentence(text: str, lo: int, hi: int, fragments: list[QuotedSpan]) -> list[Reported]:
    sentence = text[lo:hi].rstrip()
    if sentence.endswith("?"):
        return []
    hi = lo + len(sentence)
    found: list[Reported] = []
    cues = [c for c in find_cues(text, lo, hi) if c.kind != QUOTE_ONLY]
    taken_until = lo
    for k, cue in enumerate(cues):
        if cue.start < taken_until:
            continue
        if cue.kind == BELIEF and not BRIDGE_TO_THAT.match(text, cue.end, min(hi, cue.end + 90)):
            continue
        if cue.kind == ACCORDING:
            item = _according_to(text, lo, hi, cue, fragments)
        elif found and JOINED_CUE.fullmatch(text, found[-1].end, cue.start):
            # "... and said the bank should act": the same source goes on
            item = _clause(text, _skip_to_clause(text, cue, hi), hi, cue, found[-1].mention, fragments)
        elif cue.text.casefold().endswith("ing") and PARTICIPLE_CUE.search(text, lo, cue.start):
            # "..., saying CLAUSE": the sentence's subject is the source
            source = found[-1].mention if found else _sentence_subject(text, lo, cue.start)
            item = _clause(text, _skip_to_clause(text, cue, hi), hi, cue, source, fragments) if source else None
        else:
            item = _subject_then_clause(text, lo, hi, cue, cues[k + 1 :], fragments) or _clause_then_source(
                text, lo, hi, cue, fragments
            )
        if item is not None:
            found.append(item)
            taken_until = max(item.end, cue.end)
    return found


def _according_to(text, lo, hi, cue, fragments) -> Reported | None:
    mention = object_after(text, cue.end, hi)
    comma = text.find(",", cue.end, hi)
    if text[lo : cue.start].strip(" \t\u00a0,") == "" and comma > 0:
        # According to X, CLAUSE.
        mention = mention or _loose_source(text, cue.end, comma)
        return _clause(text, comma + 1, hi, cue, mention, fragments)
    before = text[lo : cue.start].rstrip()
    if before.endswith(","):
        # CLAUSE, according to X.
        mention = mention or _loose_source(text, cue.end, hi)
        return _clause(text, lo, lo + len(before) - 1, cue, mention, fragments)
    return None


def _relative_or_joined_subject(text: str, lo: int, cue: Cue) -> Mention | None:
    """"64 percent who say ...": the phrase before "who"; "X thanked Miami and
    said ...": the sentence's subject."""
    head = text[lo : cue.start]
    relative = RELATIVE_WHO.search(head)
    if relative is not None:
        antecedent = subject_of(text, lo, lo + relative.start() + 1)
        if antecedent is not None:
            return antecedent
        return Mention(lo + relative.start("who"), lo + relative.end("who"), "who", "pronoun", "who")
    if AND_BEFORE_CUE.search(head):
        return _sentence_subject(text, lo, cue.start)
    return None


def _sentence_subject(text: str, lo: int, hi: int) -> Mention | None:
    """The person or body a sentence opens with ("Sanders denounced ..., saying")."""
    lead = regex.match(r"[^,;:]*?(?=[ \t\u00a0]+\p{Ll}+(?:ed|s)\b)", text[lo:hi])
    if lead is None or not lead.group().strip():
        return None
    return subject_of(text, lo, lo + lead.end() + 1)


def _loose_source(text: str, start: int, end: int) -> Mention | None:
    """"figures from the commission": the source as written, when no pattern names it."""
    phrase = text[start:end].strip(" \t\u00a0,.")
    if not phrase or len(phrase.split()) > 8:
        return None
    s = text.index(phrase, start)
    return Mention(s, s + len(phrase), phrase, "description", phrase)


def _subject_then_clause(text, lo, hi, cue, later_cues, fragments) -> Reported | None:
    """X said (that) CLAUSE — and a second clause after "and said"/"but warned"."""
    mention = subject_of(text, lo, cue.start)
    if mention is None:
        mention = _relative_or_joined_subject(text, lo, cue)
        if mention is None:
            return None
        before = ""
    else:
        before = text[lo : mention.start]
    if not _only_introduces(before, mention):
        return None
    start = _skip_to_clause(text, cue, hi)
    end = hi
    mid = regex.match(rf"{S}*,", text[start:hi]) if start < hi else None
    if mid:
        return None  # "X said, ..." is not followed by a clause here
    for other in later_cues:
        if other.kind == QUOTE_ONLY or (other.kind == BELIEF and not BRIDGE_TO_THAT.match(text, other.end, hi)):
            continue
        joint = SECOND_CUE.search(text, max(start, other.start - 24), other.start)
        if joint is not None:
            end = joint.start()
            break
    return _clause(text, start, end, cue, mention, fragments)


def _only_introduces(before: str, mention: Mention) -> bool:
    """What stands before the subject: nothing, an introductory phrase ending in
    a comma ("In a post on X, ..."), or the role and organisation in front of
    the name ("Council spokeswoman ...")."""
    stripped = TRAILING_DETERMINER.sub("", before).strip()
    if not stripped or stripped.endswith(",") or SUBORDINATOR.search(stripped):
        return True
    premodifier = stripped.rsplit(",", 1)[-1].strip()
    return (mention.role or mention.affiliation) is not None and len(premodifier.split()) <= 6


def _clause_then_source(text, lo, hi, cue, fragments) -> Reported | None:
    """CLAUSE, X said. / CLAUSE, said X. / START, X said, REST."""
    comma = text.rfind(",", lo, cue.start)
    if comma < 0 or comma - lo < 8:
        return None
    attribution = attribute_after(text, comma + 1, hi, direct=False)
    if attribution is None or attribution.cue is None or attribution.cue.start != cue.start:
        return None
    tail = text[cue.end : hi]
    after_comma = tail.find(",")
    rest = tail[after_comma + 1 :] if after_comma >= 0 else ""
    if after_comma >= 0 and _words(rest, 0, len(rest)) >= MIN_CLAUSE_WORDS and not regex.match(
        rf"{S}*(?:the|a|an|who|which|[\p{{Lu}}])", rest
    ) and TIME_OR_CHANNEL.match(text, cue.end).end() >= cue.end + after_comma:
        # "Downstream countries, he said, wanted ...": the clause surrounds the cue
        return _clause(text, lo, hi, cue, attribution.mention, fragments)
    return _clause(text, lo, comma, cue, attribution.mention, fragments)


def find_reported(text: str, paragraphs: list[Paragraph], spans: list[QuotedSpan], kinds: list[str]) -> list[Reported]:
    """Reported speech outside direct quotations, in text order."""
    barriers = [(s.open, s.after) for s, k in zip(spans, kinds) if k == DIRECT]
    fragments = [s for s, k in zip(spans, kinds) if k == FRAGMENT]
    found: list[Reported] = []
    for para in paragraphs:
        if para.noise or _is_headline(text, para):
            continue
        for lo, hi in _sentences(text, para, barriers):
            found.extend(_reported_in_sentence(text, lo, hi, fragments))
    return found
