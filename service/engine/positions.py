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
which of them report what the source said, thought or wants.  The weights are
data (``weights/positions.tsv``), fitted by ``scripts/train_positions.py``.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from functools import lru_cache
from importlib import resources
from itertools import accumulate, compress, repeat
from typing import NamedTuple

import regex

from .patterns import NOT_CONCURRENT
from .attribution import subject_of
from .clause_ends import SUBORDINATE_OPENING, before_aside, comma_outside_quotes, end_of_clause, first_comma, noun_phrase_end
from .clauses import FINITE_VERB, INDIRECT, MIXED, TIME_OR_CHANNEL, Reported, quotes_words, quoting_terms
from .cues import KINDS, Cue, after_possessive, find_cues, reduced_passive, word_tokens
from .lexicons import read_lines
from .marks import QuotedSpan
from .mentions import GROUPS, ORG_WORDS, PERSON_NOUNS, ROLES, Mention, could_end_phrase
from .prose import MAX_SENTENCE_CHARS, Piece
from .stance import names_a_thing
from .subjects import introduces_only, sentence_subject

SCORED = "scored"  # the cue kind of a verb this stage weighed
CLAUSE = ("clause",)  # the feature of a complement with a finite verb of its own

WORD = regex.compile(r"(?<![\p{L}\p{N}'’\-])\p{L}[\p{L}\-]*(?:['’]\p{L}+)?(?![\p{L}\p{N}\-])")
AUXILIARY_CLASS = {
    **dict.fromkeys("will would could should may might can must shall".split(), "modal"),
    **dict.fromkeys("has have had".split(), "perfect"),
    **dict.fromkeys("is are was were been be being am".split(), "be"),
    **dict.fromkeys("did does do".split(), "do"),
    **dict.fromkeys("not never".split(), "not"),
    **dict.fromkeys("also still now already just even only then again once first later repeatedly reportedly".split(), "adverb"),
}
NOT_VERBS = frozenset(
    """the a an and or but nor of to in on at by for from with without about into over under after before
    as than that this these those which who whom whose what when where why how if while because although
    though so not no his her its their our my your he she they we it i you him them us me there here
    all both each every some any many most more less few other such one two three own same very
    percent per cent""".split()
)
# the head nouns of speaker phrases are never the verb: "Pentagon officials say"
SPEAKER_NOUNS = frozenset(
    word.casefold() for phrase in (*GROUPS, *ORG_WORDS, *PERSON_NOUNS, *ROLES) for word in phrase.split()[-1:]
) | frozenset("himself herself themselves itself whether sure campaign poll survey group".split())
ADVERB_NOT_VERB = regex.compile(r"\p{Ll}{3,}ly\Z")
# "declined to agree that ...": what follows a refusal is what the source did not say
REFUSALS = frozenset(read_lines("refusal_verbs"))
BEFORE_WORDS = frozenset("that when as if while because after before since and but who which where although though".split())
MIN_VERB_CHARS = 3
CLAUSE_VERB_WINDOW = 160  # a complement's own verb comes early
MIN_INFINITIVE_WORDS = 3
MAX_AUXILIARIES = 4
LENGTH_BUCKETS = ((1, "1"), (3, "2-3"), (8, "4-8"), (20, "9-20"))
END_KINDS = ("full", "phrase", "comma")
NEXT_WORDS = frozenset(
    "that to the a an his her their its if whether how what why when for about as on with in by from it him them".split()
)


class Candidate(NamedTuple):
    """A SOURCE VERB COMPLEMENT stretch and what the model weighs about it."""

    start: int          # the complement
    end: int
    verb: Cue
    mention: Mention
    features: tuple[str, ...]
    mixed: bool


class Weights:
    """Feature weights and the decision threshold, read from a TSV data file."""

    def __init__(self, weights: dict[str, float], threshold: float, min_verb_weight: float):
        self.weights = weights
        self.threshold = threshold
        self.min_verb_weight = min_verb_weight
        self._cutoff = math.log(threshold / (1 - threshold)) if 0 < threshold < 1 else math.copysign(math.inf, threshold - 0.5)
        # the source's features are added last: the most they can add, for pruning before the source search
        # the clause feature when it helps, else none: whether the complement
        # holds a verb of its own is settled only for candidates within reach
        self.clause_helps = weights.get(CLAUSE[0], 0.0) > 0
        self.best_clause = CLAUSE if self.clause_helps else ()
        self._best_source = (
            max([0.0, *(w for f, w in weights.items() if f.startswith("source="))])
            + max([0.0, *(w for f, w in weights.items() if f.startswith("before="))])
            + max(0.0, weights.get("speaks", 0.0))
            + max(0.0, weights.get("beside-quote", 0.0))
        )

    @classmethod
    def load(cls, name: str = "positions.tsv") -> Weights:
        raw = resources.files(__package__).joinpath("weights", name).read_text(encoding="utf-8")
        weights: dict[str, float] = {}
        threshold, min_verb_weight = 0.5, 0.0
        for line in raw.splitlines():
            if line.startswith("# threshold"):
                threshold = float(line.split()[-1])
            if line.startswith("# min verb weight"):
                min_verb_weight = float(line.split()[-1])
            if not line.strip() or line.startswith("#"):
                continue
            feature, _, value = line.rpartition("\t")
            weights[feature] = float(value)
        return cls(weights, threshold, min_verb_weight)

    def viable_verbs(self) -> frozenset[str]:
        """Verbs that could reach the threshold with the most favourable other
        features: candidates with any other verb are not worth building."""
        best: dict[str, float] = {}
        for feature, weight in self.weights.items():
            group = feature.split("=", 1)[0] if "=" in feature else feature
            if group == "aux":  # several auxiliaries may stand together
                best[group] = best.get(group, 0.0) + max(weight, 0.0)
            elif group not in ("v", "v+next"):
                best[group] = max(best.get(group, 0.0), weight)
        generic = sum(best.values()) - best.get("cue", 0.0)  # every group at its best, the cue kind per verb
        pair_best: dict[str, float] = {}
        for feature, weight in self.weights.items():
            if feature.startswith("v+next="):
                verb = feature[7:].rsplit("+", 1)[0]
                pair_best[verb] = max(pair_best.get(verb, 0.0), weight)
        verbs = {f[2:] for f in self.weights if f.startswith("v=")} | {form for form in KINDS if " " not in form}
        viable = set()
        for verb in verbs:
            weight = self.weights.get("v=" + verb, 0.0)
            cue = self.weights.get("cue=" + KINDS.get(verb, "none"), 0.0)
            if weight >= self.min_verb_weight and weight + generic + cue + pair_best.get(verb, 0.0) >= self._cutoff:
                viable.add(verb)
        return frozenset(viable)

    def could_accept(self, features: tuple[str, ...]) -> bool:
        """Whether the features, with the most favourable source, reach the threshold."""
        return self.could_accept_score(self.score(features))

    def could_accept_score(self, score: float) -> bool:
        return score + self._best_source >= self._cutoff

    def accepts(self, features: tuple[str, ...], probability: float | None = None) -> bool:
        """Likely enough, and the verb itself (``features[1]``) is known — seen
        in training or in a cue list — and does not count against: generic
        features alone never make an unknown word a cue."""
        verb = features[1][2:]
        if features[1] not in self.weights and verb not in KINDS:
            return False
        if probability is None:
            probability = self.probability(features)
        return self.weights.get(features[1], 0.0) >= self.min_verb_weight and probability >= self.threshold

    def probability(self, features: tuple[str, ...]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.score(features)))))

    def score(self, features: tuple[str, ...]) -> float:
        """The model's log-odds for the features."""
        return sum(map(self.weights.get, features, repeat(0.0)))


WEIGHTS = Weights.load()
VIABLE_VERBS = WEIGHTS.viable_verbs()


def _shape(word: str) -> str:
    lowered = word.casefold()
    if lowered in NEXT_WORDS:
        return lowered
    if word[:1].isdigit():
        return "NUM"
    if word[:1] in "“\"‘'«":
        return "QUOTE"
    return "CAP" if word[:1].isupper() else "low"


def _length_feature(words: int) -> str:
    for limit, name in LENGTH_FEATURES:
        if words <= limit:
            return name
    return "length=21+"


def _suffix(verb: str) -> str:
    for ending in ("ing", "ed", "s"):
        if verb.endswith(ending):
            return ending
    return "base"


def _could_be_verb(word: str, lowered: str) -> bool:
    if not word[:1].islower() or len(word) < MIN_VERB_CHARS or "'" in word or "’" in word:
        return False
    if lowered in NOT_VERBS or lowered in AUXILIARY_CLASS or lowered in SPEAKER_NOUNS or lowered in REFUSALS:
        return False
    return not _is_adverb(lowered)


def _is_adverb(word: str) -> bool:
    """"reportedly", "quickly": the ending is tested first, as most words fail there."""
    return word.endswith("ly") and ADVERB_NOT_VERB.match(word, 0, None, NOT_CONCURRENT) is not None


# The viable verbs that can stand as a verb at all: that depends on the word
# alone, so it is settled once here rather than for every word of an article.
VIABLE_VERB_FORMS = frozenset(verb for verb in VIABLE_VERBS if _could_be_verb(verb, verb.casefold()))


# Feature names are built once, here or once per verb form, rather than for
# every candidate: a string built once also keeps its hash, so the weight
# look-ups of each later candidate skip hashing it again.
LENGTH_FEATURES = tuple((limit, "length=" + name) for limit, name in LENGTH_BUCKETS)
NEXT_FEATURES = {shape: "next=" + shape for shape in (*NEXT_WORDS, "NUM", "QUOTE", "CAP", "low")}
END_FEATURES = {kind: "end=" + kind for kind in END_KINDS}
AUX_FEATURES = {kind: "aux=" + kind for kind in {*AUXILIARY_CLASS.values(), "not", "adverb"}}
JOINED_FEATURES = {joined: "joined=" + joined for joined in ("and", "who", "participle")}
BEFORE_FEATURES = {word: "before=" + word for word in (*BEFORE_WORDS, "start", "comma", "other")}


class VerbFeatures:
    """The feature names a verb form brings to each of its candidates:
    ``head`` and ``tail`` stand before and after the complement's features,
    and the verb pairs with the complement's opening and its end."""

    def __init__(self, verb: str):
        self.head = ("bias", "v=" + verb)
        self.tail = ("suffix=" + _suffix(verb), "cue=" + KINDS.get(verb, "none"))
        self.end_pairs = {kind: "v+end=" + verb + "+" + kind for kind in END_KINDS}
        self._verb = verb
        self._next_pairs: dict[str, str] = {}

    def next_pair(self, shape: str) -> str:
        """"v+next=plans+to": the verb with the shape of what opens its complement."""
        pair = self._next_pairs.get(shape)
        if pair is None:
            pair = self._next_pairs[shape] = "v+next=" + self._verb + "+" + shape
        return pair


# keyed by the lower-cased verb form: some 800 forms can pass the model; any
# lower-case word when candidates are built for training
verb_features = lru_cache(maxsize=4096)(VerbFeatures)


def _context_features(auxiliaries: list[str], joined: str | None) -> tuple[str, ...]:
    """The auxiliaries before the verb, each kind once in order, and how the verb is joined to its source."""
    if not auxiliaries and not joined:
        return ()
    return (*(AUX_FEATURES[kind] for kind in sorted(set(auxiliaries))), *((JOINED_FEATURES[joined],) if joined else ()))


def _complement_ends(text: str, start: int, end: int, fragments: list[QuotedSpan]) -> list[tuple[str, int]]:
    """Where a complement may end: at the clause's end, before its first phrase
    of time, place or circumstance, or at its first comma; the model weighs
    each ("denied the charges | through his lawyer")."""
    ends = {"full": end}
    noun_phrase = noun_phrase_end(text, start, end, fragments)
    if noun_phrase < end:
        ends["phrase"] = noun_phrase
    comma = comma_outside_quotes(text, start, end, fragments)
    if comma > start and comma not in ends.values():
        ends["comma"] = comma
    return list(ends.items())


# Characters that end no word and join none to the next: a complement ending
# right before one of them ends at a word's end in the article's text too.
CLEAN_WORD_BOUNDARY = frozenset(" \t\n\r\u00a0.,;:!?()[]{}\"“”«»—–…/")


def _complement_words(text: str, start: int, end: int) -> tuple[int, str]:
    """How many words ``text[start:end]`` holds (as ``WORD`` finds them) and
    the first of them ("" when none).

    Counted from the article's words (``word_tokens``, found once, so a
    bisection replaces a regex pass per complement) when that gives the same
    answer: their pattern differs from ``WORD`` only in taking no hyphen; both
    look behind the window's start, so a word cut by it counts in neither; and
    the window's last word ends where the article's does when the character
    after the window joins no word.  Otherwise the window is searched."""
    boundary = text[end : end + 1]
    if end > start and text.find("-", start, end) < 0 and (not boundary or boundary in CLEAN_WORD_BOUNDARY):
        tokens = word_tokens(text)
        first = bisect_left(tokens.starts, start)
        count = bisect_right(tokens.ends, end) - first
        return (count, tokens.words[first]) if count > 0 else (0, "")
    words = WORD.findall(text, start, end, concurrent=False)
    return len(words), (words[0] if words else "")


def _complement_features(text, start, end, fragments, verb: VerbFeatures, end_kind) -> tuple[tuple[str, ...], bool, int] | None:
    """The features of a complement ``text[start:end]``, whether it quotes
    words, and its end without trailing punctuation; None when it is no
    complement ("declined to comment").  Whether a finite verb of its own
    stands early in it (``CLAUSE``) is the caller's to add."""
    while end > start and text[end - 1] in " \t\u00a0.,;:!?—–-":
        end -= 1
    count, first_word = _complement_words(text, start, end)
    if not count or (first_word.casefold() == "to" and count < MIN_INFINITIVE_WORDS):
        return None  # "declined to comment": a refusal, not a position
    if count == 1 and first_word.casefold() in NOT_VERBS:
        return None  # "did not say when": a word with nothing reported
    next_shape = _shape(text[start:end].split(None, 1)[0])
    mixed = quotes_words(text, start, end, fragments)
    titles_only = mixed and all(names_a_thing(text, f) for f in fragments if start <= f.open < end)
    return (
        NEXT_FEATURES[next_shape],
        verb.next_pair(next_shape),
        _length_feature(count),
        END_FEATURES[end_kind],
        verb.end_pairs[end_kind],
        *((("title",) if titles_only else ("fragment",)) if mixed else ()),
    ), mixed, end


def _word_before(text: str, lo: int, source_start: int) -> str:
    """What opens the source's clause: the sentence start, or the function word
    right before the source ("when", "that", "as") — a subordinate clause
    reports less often than a main one."""
    head = text[lo:source_start].rstrip(" \t\u00a0")
    if not head:
        return "start"
    last = head.rsplit(None, 1)[-1].casefold()
    return last if last in BEFORE_WORDS else ("comma" if last.endswith(",") else "other")


def _speaks(mention: Mention, speaker_words: frozenset[str]) -> bool:
    """Whether the source is someone the article quotes through a cue elsewhere."""
    words = mention.name.split()
    return bool(words) and words[-1].casefold() in speaker_words


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


@lru_cache(maxsize=8)
def viable_token_indices(text: str) -> list[int]:
    """The positions, in ``word_tokens``, of the words the model could accept
    as verbs: found once per article, so each piece looks only at those."""
    words = word_tokens(text).words
    return list(compress(range(len(words)), map(VIABLE_VERB_FORMS.__contains__, words)))


def candidates(
    text: str,
    piece: Piece,
    fragments: list[QuotedSpan],
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
        if fragments and any(f.open <= verb_start < f.after for f in fragments):
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
        shared = verb.head + verb.tail + _context_features(auxiliaries, joined)
        own_verb: regex.Match | None | bool = False  # found on first need
        shared_score = weights.score(shared) if weights is not None else 0.0
        for end_kind, variant_end in _complement_ends(text, start, end, fragments):
            complement = _complement_features(text, start, variant_end, fragments, verb, end_kind)
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
            source = (
                "source=" + mention.kind,
                BEFORE_FEATURES[_word_before(text, lo, mention.start)],
                *(("speaks",) if _speaks(mention, speaker_words) else ()),
                *(("beside-quote",) if piece.after_quote or piece.before_quote else ()),
            )
            out.append(Candidate(start, variant_end, cue, mention, (*features, *source), mixed))
    return out


def find_positions(
    pieces, text: str, found: list[Reported], speaker_words: frozenset[str] = frozenset(), weights: Weights = WEIGHTS
) -> list[Reported]:
    """Candidates the model accepts that no earlier stage covered, best first
    where two overlap; in text order."""
    taken = sorted((item.start, item.end) for item in found)
    spans = Spans(taken)
    scored = []
    piece_of = {}
    for piece, fragments in pieces:
        for candidate in candidates(text, piece, fragments, weights=weights, speaker_words=speaker_words, taken=spans):
            probability = weights.probability(candidate.features)
            if weights.accepts(candidate.features, probability):
                scored.append((probability, candidate))
                piece_of[candidate] = piece
    accepted: list[Reported] = []
    for probability, candidate in sorted(scored, key=lambda pc: -pc[0]):
        span = (candidate.start, candidate.end)
        if any(s < span[1] and span[0] < e for s, e in taken):
            continue
        taken.append(span)
        kind = MIXED if candidate.mixed else INDIRECT
        accepted.append(quoting_terms(Reported(candidate.start, candidate.end, candidate.verb, candidate.mention, kind), piece_of[candidate]))
    return sorted(accepted, key=lambda r: r.start)
