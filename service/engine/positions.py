"""Stage 5c — positions beyond the cue lexicons, weighed by a small model.

In: the prose pieces of the article (outside direct quotations), their quoted
fragments, and the reported clauses stage 5b found.  Out: more ``Reported``
records, for clauses stage 5b left alone.

News attributes positions, plans and beliefs with many more verbs than any
cue list holds: "Clinton plans to focus on jobs", "voters seem to care more
about ...", "he sees Cruz as a uniter".  Every stretch SOURCE VERB COMPLEMENT
whose source is a person, a group or an organisation is a candidate; a
logistic model over a handful of features — the verb, its ending, what opens
the complement, the auxiliaries before the verb, the kind of source — says
which of them report what the source said, thought or wants.  This module
finds the candidates and keeps those the model accepts; the features are
position_features.py's, the weights and the decision position_model.py's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate, compress
from typing import NamedTuple

import regex

from . import deadline
from .current import once_per_article
from .patterns import NOT_CONCURRENT
from .attribution import subject_of
from .clause_ends import SUBORDINATE_OPENING, before_aside, end_of_clause, first_comma
from .clauses import CLAUSE_VERB_WINDOW, FINITE_VERB, INDIRECT, MIXED, TIME_OR_CHANNEL, Reported, quoting_terms
from .cues import Cue, after_possessive, find_cues, reduced_passive, word_tokens
from .lexicons import read_lines
from .marks import QuotedSpans
from .mentions import GROUPS, ORG_WORDS, PERSON_NOUNS, ROLES, Mention, could_end_phrase
from .position_features import (
    AUXILIARY_CLASS,
    CLAUSE,
    NOT_VERBS,
    complement_ends,
    context_features,
    read_complement,
    source_features,
    verb_features,
)
from .position_model import WEIGHTS, Weights
from .prose import MAX_SENTENCE_CHARS, Piece
from .subjects import introduces_only, sentence_subject

SCORED = "scored"  # the cue kind of a verb this stage weighed
# the head nouns of speaker phrases are never the verb: "Pentagon officials say"
SPEAKER_NOUNS = frozenset(
    word.casefold() for phrase in (*GROUPS, *ORG_WORDS, *PERSON_NOUNS, *ROLES) for word in phrase.split()[-1:]
) | frozenset("himself herself themselves itself whether sure campaign poll survey group".split())
ADVERB_NOT_VERB = regex.compile(r"\p{Ll}{3,}ly\Z")
# "declined to agree that ...": what follows a refusal is what the source did not say
REFUSALS = frozenset(read_lines("refusal_verbs"))
MIN_VERB_CHARS = 3
MAX_AUXILIARIES = 4


class Candidate(NamedTuple):
    """A SOURCE VERB COMPLEMENT stretch and what the model weighs about it."""

    start: int          # the complement
    end: int
    verb: Cue
    mention: Mention
    features: tuple[str, ...]
    mixed: bool


def find_positions(
    pieces, text: str, found: list[Reported], speaker_words: frozenset[str] = frozenset(), weights: Weights = WEIGHTS
) -> list[Reported]:
    """Candidates the model accepts that no earlier stage covered, best first
    where two overlap; in text order."""
    spans = Spans([(item.start, item.end) for item in found])
    scored = []
    piece_of = {}
    for piece, fragments in pieces:
        deadline.check()
        for candidate in candidates(text, piece, fragments, weights=weights, speaker_words=speaker_words, taken=spans):
            probability = weights.probability(candidate.features)
            if weights.accepts(candidate.features, probability):
                scored.append((probability, candidate))
                piece_of[candidate] = piece
    accepted: list[Reported] = []
    kept = _Kept([candidate.start for _, candidate in scored])
    for probability, candidate in sorted(scored, key=lambda pc: -pc[0]):
        deadline.check()
        if spans.overlaps(candidate.start, candidate.end) or kept.overlaps(candidate.start, candidate.end):
            continue
        kept.add(candidate.start, candidate.end)
        kind = MIXED if candidate.mixed else INDIRECT
        accepted.append(quoting_terms(Reported(candidate.start, candidate.end, candidate.verb, candidate.mention, kind), piece_of[candidate]))
    return sorted(accepted, key=lambda r: r.start)


def candidates(
    text: str,
    piece: Piece,
    fragments: QuotedSpans,
    any_verb: bool = False,
    weights: Weights | None = None,
    speaker_words: frozenset[str] = frozenset(),
    taken: Spans | None = None,
) -> list[Candidate]:
    """Every SOURCE VERB COMPLEMENT stretch in a prose piece.  The verb is one
    the model could accept, or (``any_verb``, for training) any lower-case
    word; the source phrase ends right before it, or before the auxiliaries
    and adverbs in front of it ("has also", "would not")."""
    out: list[Candidate] = []
    taken = taken or Spans([])
    lo, hi = piece.start, piece.end
    if hi - lo > MAX_SENTENCE_CHARS:
        return out  # not prose: a list, a table or a run-on paste
    sentence = text[lo:hi].rstrip()
    if sentence.endswith("?"):
        return out
    hi = lo + len(sentence)
    tokens = word_tokens(text)
    starts, ends, words = tokens.starts, tokens.ends, tokens.words
    first, last = bisect_left(starts, lo), bisect_left(starts, hi)
    if any_verb:
        indices = range(first, last)
    else:
        viable = viable_token_indices(text)
        indices = viable[bisect_left(viable, first) : bisect_left(viable, last)]
    cues = None
    for index in indices:
        verb_start, verb_end, word = starts[index], ends[index], words[index]
        if verb_end > hi:
            continue
        lowered = word.casefold()
        if any_verb and not _could_be_verb(word, lowered):
            continue
        if fragments and fragments.at(verb_start) is not None:
            continue  # the source's own words
        # walk back over auxiliaries and adverbs to the last word of the source
        auxiliaries: list[str] = []
        k, position = index - 1, verb_start
        while k >= first and len(auxiliaries) < MAX_AUXILIARIES and not text[ends[k] : position].strip(" \t\u00a0"):
            before = words[k].casefold()
            kind = "not" if before.endswith(("n't", "n’t")) else AUXILIARY_CLASS.get(before)
            if kind is None and _is_adverb(before):
                kind = "adverb"
            if kind is None:
                break
            auxiliaries.append(kind)
            position = starts[k]
            k -= 1
        if k < first:
            continue
        gap = text[ends[k] : position]
        joined = None
        if words[k] in ("and", "but") and not gap.strip():
            joined = "and"  # "Carson took the stage and called ...": the sentence's subject
        elif words[k] == "who" and not gap.strip():
            joined = "who"  # "Bill Maher, who is supporting Sanders": the phrase before "who"
        elif gap.strip() == "," and lowered.endswith("ing"):
            joined = "participle"  # "..., promising to campaign": the sentence's subject
        elif gap.strip(" \t\u00a0.)’'") or not could_end_phrase(words[k]):
            continue  # nothing before the verb that could end a speaker phrase
        if "be" in auxiliaries and lowered.endswith(("ed", "en")):
            continue  # "was accused of": a passive's subject is not the source
        if not auxiliaries and after_possessive(text, verb_start, lowered):
            continue  # "Mr. Obama's challenge": a noun, not a verb
        start = TIME_OR_CHANNEL.match(text, verb_end, hi, NOT_CONCURRENT).end()  # "voted on Tuesday to ..."
        while start < hi and text[start] in " \t\u00a0":
            start += 1
        if start >= hi or text[start] in ",;:—–-(":
            continue  # "X failed, the court ...": no complement
        if taken.covers(start):
            continue  # an earlier stage already reports what follows the verb
        if reduced_passive(text, verb_end, lowered):
            continue  # "a manager accused of fraud", "a plan backed by": the subject is not the source
        if cues is None:
            cues = find_cues(text, lo, hi)
            cue_starts = [c.start for c in cues]
        later = cues[bisect_left(cue_starts, start) :]
        end = end_of_clause(text, start, hi, later, fragments)
        end = before_aside(text, start, end, fragments)
        if SUBORDINATE_OPENING.match(text, lo, verb_start, NOT_CONCURRENT):
            end = first_comma(text, start, end, fragments)  # "As he plans A, the council ...": A ends at the comma
        mention: Mention | None | bool = False  # found on first need
        verb = verb_features(lowered)
        shared = verb.head + verb.tail + context_features(auxiliaries, joined)
        own_verb: regex.Match | None | bool = False  # found on first need
        shared_score = weights.score(shared) if weights is not None else 0.0
        for end_kind, variant_end in complement_ends(text, start, end, fragments):
            complement = read_complement(text, start, variant_end, fragments, verb, end_kind)
            if complement is None:
                continue
            words_features, mixed, trimmed_end = complement
            # out of reach whatever the source, even with the clause feature at
            # its most favourable: spare the verb search and the source search
            # (a weight that is not negative never lowers a sum, rounding
            # included, so nothing pruned here would pass with the true feature)
            if weights is not None and not weights.could_accept_score(shared_score + weights.score(words_features + weights.best_clause)):
                continue
            if own_verb is False:
                own_verb = FINITE_VERB.search(text, start, min(end, start + CLAUSE_VERB_WINDOW), NOT_CONCURRENT)
            has_verb = own_verb is not None and own_verb.end() <= variant_end
            complement_features = words_features + CLAUSE if has_verb else words_features
            if weights is not None and has_verb != weights.clause_helps \
                    and not weights.could_accept_score(shared_score + weights.score(complement_features)):
                continue  # out of reach with the true clause feature: spare the source search
            features, variant_end = shared[:2] + complement_features + shared[2:], trimmed_end
            if mention is False:
                mention = _source(text, lo, starts[k], ends[k], position, gap, joined)
            if mention is None:
                break
            cue = Cue(verb_start, verb_end, word, lowered, SCORED)
            source = source_features(text, lo, mention, speaker_words, piece)
            out.append(Candidate(start, variant_end, cue, mention, (*features, *source), mixed))
    return out


def _source(text, lo, word_start, word_end, position, gap, joined) -> Mention | None:
    """The source of a candidate: the sentence's subject for a joined verb,
    else the speaker phrase ending before the verb and its auxiliaries
    (``word_start``, ``word_end``: the word before those)."""
    if joined == "who":
        antecedent_end = word_start
        while antecedent_end > lo and text[antecedent_end - 1] in " \t\u00a0,":
            antecedent_end -= 1
        return subject_of(text, lo, antecedent_end) if antecedent_end > lo else None
    if joined:
        return sentence_subject(text, lo, word_start)
    source_end = word_end if not gap.strip() else position
    mention = subject_of(text, lo, source_end)
    if mention is None or not introduces_only(text[lo : mention.start], mention):
        return None
    return mention


class Spans:
    """Spans already reported, asked whether they cover a position."""

    def __init__(self, spans: list[tuple[int, int]]):
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(accumulate((e for _, e in ordered), max))  # furthest end among spans starting so far

    def covers(self, position: int) -> bool:
        k = bisect_right(self._starts, position)
        return k > 0 and self._reach[k - 1] > position

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span overlaps ``start:end`` (one starting before ``end``
        reaches past ``start``)."""
        k = bisect_left(self._starts, end)
        return k > 0 and self._reach[k - 1] > start


class _Kept:
    """Spans kept one by one, each starting at one of ``starts``, asked
    whether any overlaps a new stretch: one does when the furthest end among
    those starting before the stretch ends lies past its start.  That is a
    maximum over a prefix of the starts, kept in a Fenwick tree: logarithmic
    time to add a span or to ask."""

    def __init__(self, starts: list[int]):
        self._starts = sorted(set(starts))
        self._reach = [-1] * (len(self._starts) + 1)  # 1-based tree of furthest ends

    def add(self, start: int, end: int) -> None:
        k = bisect_left(self._starts, start) + 1
        while k < len(self._reach):
            if self._reach[k] < end:
                self._reach[k] = end
            k += k & -k

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self._starts, end)  # the starts before ``end``
        reach = -1
        while k > 0:
            reach = max(reach, self._reach[k])
            k -= k & -k
        return reach > start


def _could_be_verb(word: str, lowered: str) -> bool:
    if not word[:1].islower() or len(word) < MIN_VERB_CHARS or "'" in word or "’" in word:
        return False
    if lowered in NOT_VERBS or lowered in AUXILIARY_CLASS or lowered in SPEAKER_NOUNS or lowered in REFUSALS:
        return False
    return not _is_adverb(lowered)


def _is_adverb(word: str) -> bool:
    """"reportedly", "quickly": the ending is tested first, as most words fail there."""
    return word.endswith("ly") and ADVERB_NOT_VERB.match(word, 0, None, NOT_CONCURRENT) is not None


VIABLE_VERBS = WEIGHTS.viable_verbs()

# The viable verbs that can stand as a verb at all: that depends on the word
# alone, so it is settled once here rather than for every word of an article.
VIABLE_VERB_FORMS = frozenset(verb for verb in VIABLE_VERBS if _could_be_verb(verb, verb.casefold()))


@once_per_article
def viable_token_indices(text: str) -> list[int]:
    """The positions, in ``word_tokens``, of the words the model could accept
    as verbs: found once per article, so each piece looks only at those."""
    words = word_tokens(text).words
    return list(compress(range(len(words)), map(VIABLE_VERB_FORMS.__contains__, words)))
