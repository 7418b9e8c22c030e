"""Stage 5b — reported speech: clauses a source said without quote marks.

In: the text and its prose pieces (prose.py), each with the quoted fragments
of its paragraph (direct quotations are left alone; fragments may sit inside a
reported clause).  Out: ``Reported`` records — the reported clause's offsets,
the cue, the speaker phrase, and whether a quoted fragment makes it "mixed".

Constructions (newswire usage): X said (that) CLAUSE; X told OBJECT (that)
CLAUSE; CLAUSE, X said. / CLAUSE, said X.; According to X, CLAUSE. / CLAUSE,
according to X.; CLAUSE-start, X said, CLAUSE-end.  Time and place words may
stand between cue and clause ("said on Monday that", "said in a statement").
Two cues joined by "and" give two clauses ("said A and warned that B").
Not reported speech: questions, headlines, cues with nothing after them.
Each sentence is scanned once with bounded windows.

The rules for each construction are here; what a clause is and where it
starts (clauses.py), where it ends (clause_ends.py), its source when no
speaker pattern names it (subjects.py), and quoted stances with no speech
verb (stance.py) are in modules of their own.
"""

from __future__ import annotations

import regex

from . import deadline
from .attribution import INTRO_TAIL, attribute_after, subject_of
from .chars import CLOSING_AFTER_COMMA, CLOSING_MARKS, STRAIGHT_SINGLE
from .clause_ends import (
    SUBORDINATE_OPENING,
    clause_comma,
    end_of_clause,
    first_comma,
    last_clause_comma,
    noun_phrase_end,
    past_closing_mark,
)
from .verbs import FINITE_VERB
from .clauses import (
    BRIDGE_TO_THAT,
    INDIRECT,
    MIN_CLAUSE_WORDS,
    MIXED,
    NOT_CLAUSE_OPENER,
    TIME_OR_CHANNEL,
    Reported,
    has_words,
    is_clause,
    quotes_words,
    quoting_terms,
    reported_clause,
    skip_to_clause,
    trim_clause,
)
from .cues import ACCORDING, BELIEF, QUOTE_ONLY, SPEECH, Cue, find_cues
from .marks import QuotedSpans
from .mentions import Mention, object_after
from .speaker_patterns import S
from .patterns import NOT_CONCURRENT
from .prose import MAX_SENTENCE_CHARS, Piece
from .quotes import WORD_PART
from .stance import quoted_stance
from .text import DATELINE
from .subjects import (
    FINDING_SOURCES,
    SPEAKING_NOUNS,
    introduces_only,
    long_subject,
    loose_source,
    noun_phrase_subject,
    relative_or_joined_subject,
    sentence_subject,
)

JOINED_CUE = regex.compile(rf"[\s,.{CLOSING_MARKS}]*(?:and|but){S}+(?:also{S}+|then{S}+)?", regex.IGNORECASE)
# the comma may close quoted words, as at PARTICIPLE_BOUNDARY (clause_ends.py)
PARTICIPLE_CUE = regex.compile(
    rf"(?:,[{CLOSING_AFTER_COMMA}{STRAIGHT_SINGLE}]?|[ \t\u00a0](?:before|after|while|by|when))[ \t\u00a0]*(?:\p{{Ll}}+ly[ \t\u00a0]+)?\Z"
)
APPOSITIVE_START = regex.compile(rf"{S}*(?:the|a|an|who|which|[\p{{Lu}}])")
COMMA_NEXT = regex.compile(rf"{S}*,")
MAX_QUOTE_ATTRIBUTION_GAP = 60
QUOTATION_JUST_CLOSED = regex.compile(rf"[,!?](?:[{CLOSING_AFTER_COMMA}]|'{{1,2}})[ \t\u00a0]*\Z")
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
# what may stand before "X reported, CLAUSE": "As", "..., as", "And,", "given that, as"
AS_OPENING = regex.compile(
    r"""(?:.*?(?:[,;]|(?<![\p{L}])(?i:and|but|that))[ \t\u00a0]+)?   # from the sentence start, or after a comma or conjunction
        (?:[ \t\u00a0]*(?i:just[ \t\u00a0]+)?(?i:as)[ \t\u00a0]+(?:(?i:the|a|an)[ \t\u00a0]+)?   # "as (the)"
          | [ \t\u00a0]*(?i:and|but|yet|still|so)[ \t\u00a0]*,[ \t\u00a0]*)                    # "And, he acknowledged,"
        \Z""",
    regex.VERBOSE | regex.DOTALL,
)
FIRST_LETTER = regex.compile(r"\p{L}")
COMMA_BEFORE_QUOTE = regex.compile(r",[ \t\u00a0]*\Z")
FINDING_CUES = frozenset("find show suggest indicate reveal conclude".split())
MAX_FINDING_HEAD_WORDS = 6  # "A new Quinnipiac University poll"
MIN_OPENING_CHARS = 8


def find_reported(pieces: list[tuple[Piece, QuotedSpans]], text: str) -> list[Reported]:
    """Reported speech in the prose pieces, in text order."""
    found: list[Reported] = []
    for piece, fragments in pieces:
        deadline.check()
        if piece.end - piece.start > MAX_SENTENCE_CHARS:
            continue  # not prose: a list, a table or a run-on paste
        here = _reported_in_sentence(text, piece, fragments)
        here += quoted_stance(text, piece, fragments, here)
        found.extend(quoting_terms(item, piece) for item in here)
    return found


def _reported_in_sentence(text: str, piece: Piece, fragments: QuotedSpans) -> list[Reported]:
    lo, hi, sentence_start = piece.start, piece.end, piece.sentence_start
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
            item = reported_clause(text, skip_to_clause(text, cue, hi), hi, cue, found[-1].mention, fragments)
        elif cue.text.casefold().endswith("ing") and (
            PARTICIPLE_CUE.search(text, lo, cue.start, NOT_CONCURRENT) or ARTIFACT_BEFORE.search(text, max(lo, cue.start - 24), cue.start, NOT_CONCURRENT)
        ):
            # "..., saying CLAUSE", "issued a statement saying CLAUSE": the sentence's subject is the source
            source = found[-1].mention if found else sentence_subject(text, lo, cue.start)
            if source is not None:
                start = skip_to_clause(text, cue, hi)
                item = reported_clause(text, start, end_of_clause(text, start, hi, cues[k + 1 :], fragments), cue, source, fragments)
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


def _before_quote(text: str, piece: Piece, cue: Cue, fragments: QuotedSpans) -> Reported | None:
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
    if comma < 0 or not has_words(text, piece.start, comma, MIN_CLAUSE_WORDS - 1):
        return None
    attribution = attribute_after(text, comma + 1, piece.end, direct=False)
    if attribution is None or attribution.cue is None or attribution.cue.start != cue.start or attribution.mention is None:
        return None
    if not text[cue.end : piece.end].strip(" \t\u00a0,:") == "" and not COMMA_BEFORE_QUOTE.search(text, cue.end, piece.end, NOT_CONCURRENT):
        return None
    if FINITE_VERB.search(text, piece.start, comma, NOT_CONCURRENT):
        return reported_clause(text, piece.start, past_closing_mark(fragments, comma), cue, attribution.mention, fragments, before_cue=True)
    return Reported(piece.start, piece.quote_end, cue, attribution.mention, MIXED)


def _according_to(text, lo, hi, cue, fragments) -> Reported | None:
    mention = object_after(text, cue.end, hi)
    comma = clause_comma(text, cue.end, hi)
    if text[lo : cue.start].strip(" \t\u00a0,(") == "" and comma > 0:
        # According to X, CLAUSE.
        mention = mention or loose_source(text, cue.end, comma)
        return reported_clause(text, comma + 1, hi, cue, mention, fragments)
    before = text[lo : cue.start].rstrip()
    if before.endswith((",", "—", "–")):  # "CLAUSE, according to X" / "CLAUSE — ... — according to X"
        # CLAUSE, according to X.  /  CLAUSE-start, according to X, CLAUSE-end.
        if (mention is not None and comma > 0 and text[mention.end : comma].strip() == ""
                and has_words(text, comma, hi, MIN_CLAUSE_WORDS) and not FINITE_VERB.search(text, lo, cue.start, NOT_CONCURRENT)):
            # the start has no verb of its own: the clause goes on after the source
            return reported_clause(text, lo, hi, cue, mention, fragments, before_cue=True)
        mention = mention or loose_source(text, cue.end, hi)
        return reported_clause(text, lo, lo + len(before) - 1, cue, mention, fragments, before_cue=True, any_phrase=True)
    if mention is not None and has_words(text, lo, cue.start, MIN_CLAUSE_WORDS) and FINITE_VERB.search(text, lo, cue.start, NOT_CONCURRENT):
        # "Clinton leads by 271 delegates according to a count by The AP": no comma before it
        return reported_clause(text, lo, lo + len(before), cue, mention, fragments, before_cue=True)
    return None


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
            relative_or_joined_subject(text, lo, cue, sentence_start)
            or noun_phrase_subject(text, lo, cue)
            or long_subject(text, lo, cue)
        )
        if mention is None:
            return None
    start = skip_to_clause(text, cue, hi)
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
    if cue.takes_noun_phrase and not is_clause(text, start, phrase_end):
        # "decried rote testing regimes, conservatives who ...", "stressed those
        # worries on Sunday at a forum": a noun phrase ends at its first comma
        # or before a phrase of time, place or circumstance
        end = noun_phrase_end(text, start, phrase_end, fragments)
    if not as_reported and SUBORDINATE_OPENING.match(text, lo, mention.start, NOT_CONCURRENT):
        # "Even as he has said that A, his administration continues ...": the
        # reported clause ends where the sentence's main clause begins
        end = first_comma(text, start, end, fragments)
    return reported_clause(text, start, end, cue, mention, fragments)


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
    if after_comma >= 0 and has_words(rest, 0, len(rest), 1) and not (inverted and APPOSITIVE_START.match(rest, 0, None, NOT_CONCURRENT)) \
            and TIME_OR_CHANNEL.match(text, cue.end, None, NOT_CONCURRENT).end() >= cue.end + after_comma \
            and not any(c.start == rest_start for c in find_cues(text, rest_start, hi)[:1]):
        # (", adding that ...": a second report, not the rest of the first)
        # "Downstream countries, he said, wanted ...": the clause surrounds the cue
        return reported_clause(text, lo, hi, cue, attribution.mention, fragments, before_cue=True)
    if comma - lo < MIN_OPENING_CHARS:
        return None  # "Yes, he said.": too short to be a clause of its own
    return reported_clause(text, lo, past_closing_mark(fragments, comma), cue, attribution.mention, fragments, before_cue=True)


def _thing_then_participle(mention: Mention | None, cue: Cue) -> bool:
    """"a plan announced", "the bill passed": a noun with no role, then a past
    participle — a thing described, not a source speaking."""
    return (mention is not None and mention.kind == "description" and mention.role is None
            and cue.text.endswith("ed") and mention.name.split()[-1].casefold() not in SPEAKING_NOUNS)


def _finding(text, lo, hi, cue, later_cues, fragments) -> Reported | None:
    """"A CNN poll released Tuesday showed Mr. Trump with a 16-point lead",
    "Court records show he paid": what a poll, a study or a set of records
    found — a clause or a noun phrase, to the clause's end."""
    if cue.lemma not in FINDING_CUES:
        return None
    subject = long_subject(text, lo, cue, any_cue=True) or noun_phrase_subject(text, lo, cue)
    source_start = subject.start if subject is not None else lo + len(text[lo : cue.start]) - len(text[lo : cue.start].lstrip())
    # the source is the phrase up to its first finding noun: "A CNN poll | of Iowa released Tuesday"
    head = next((w for w in WORD_PART.finditer(text, source_start, cue.start, concurrent=False) if w.group().casefold() in FINDING_SOURCES), None)
    if head is None or has_words(text, source_start, head.end(), MAX_FINDING_HEAD_WORDS + 1):
        return None
    if subject is None and has_words(text, head.end(), cue.start, 1):
        return None  # no pattern spans the words between the source and the verb
    mention = Mention(source_start, head.end(), text[source_start : head.end()], "description", text[source_start : head.end()])
    start = skip_to_clause(text, cue, hi)
    end = end_of_clause(text, start, hi, later_cues, fragments)
    start, end = trim_clause(text, start, end)
    if not has_words(text, start, end, MIN_CLAUSE_WORDS) or NOT_CLAUSE_OPENER.match(text, start, end, NOT_CONCURRENT):
        return None
    return Reported(start, end, cue, mention, MIXED if quotes_words(text, start, end, fragments) else INDIRECT)
