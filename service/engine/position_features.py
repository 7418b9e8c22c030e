"""Stage 5c, the features: what the positions model weighs about a candidate.

In: a SOURCE VERB COMPLEMENT stretch — the verb form, the auxiliaries before
it and how it joins its source, the complement's offsets, the source phrase.
Out: feature names, built once per verb form or once here where they can be:
the verb and its ending, its cue kind, the shape of the word that opens the
complement, the complement's length and where it ends (the clause's end, a
phrase of time or place, a comma), whether it quotes words, the auxiliaries,
the kind of source and the word that opens its clause.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

import regex

from .chars import DOUBLE_OPENING_CLOSING, OPENING_MARKS, STRAIGHT_SINGLE
from .clause_ends import comma_outside_quotes, noun_phrase_end
from .clauses import quotes_words
from .cues import KINDS, word_tokens
from .marks import QuotedSpans
from .mentions import Mention
from .prose import Piece
from .stance import names_a_thing

CLAUSE = ("clause",)  # the feature of a complement with a finite verb of its own
# cues.WHOLE_WORD, but a hyphenated compound is one word ("well-known"): the
# complement lengths the model was fitted on count words this way
WORD_OR_COMPOUND = regex.compile(r"(?<![\p{L}\p{N}'’\-])\p{L}[\p{L}\-]*(?:['’]\p{L}+)?(?![\p{L}\p{N}\-])")
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
BEFORE_WORDS = frozenset("that when as if while because after before since and but who which where although though".split())
MIN_INFINITIVE_WORDS = 3
LENGTH_BUCKETS = ((1, "1"), (3, "2-3"), (8, "4-8"), (20, "9-20"))
END_KINDS = ("full", "phrase", "comma")
QUOTE_SHAPE = OPENING_MARKS + STRAIGHT_SINGLE  # a complement opening with one has the shape "QUOTE"
NEXT_WORDS = frozenset(
    "that to the a an his her their its if whether how what why when for about as on with in by from it him them".split()
)

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


def context_features(auxiliaries: list[str], joined: str | None) -> tuple[str, ...]:
    """The auxiliaries before the verb, each kind once in order, and how the verb is joined to its source."""
    if not auxiliaries and not joined:
        return ()
    return (*(AUX_FEATURES[kind] for kind in sorted(set(auxiliaries))), *((JOINED_FEATURES[joined],) if joined else ()))


def complement_ends(text: str, start: int, end: int, fragments: QuotedSpans) -> list[tuple[str, int]]:
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


def read_complement(text, start, end, fragments, verb: VerbFeatures, end_kind) -> tuple[tuple[str, ...], bool, int] | None:
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
    titles_only = mixed and all(names_a_thing(text, f) for f in fragments.opening_in(start, end))
    return (
        NEXT_FEATURES[next_shape],
        verb.next_pair(next_shape),
        _length_feature(count),
        END_FEATURES[end_kind],
        verb.end_pairs[end_kind],
        *((("title",) if titles_only else ("fragment",)) if mixed else ()),
    ), mixed, end


# Characters that end no word and join none to the next: a complement ending
# right before one of them ends at a word's end in the article's text too.
CLEAN_WORD_BOUNDARY = frozenset(" \t\n\r\u00a0.,;:!?()[]{}—–…/" + DOUBLE_OPENING_CLOSING)


def _complement_words(text: str, start: int, end: int) -> tuple[int, str]:
    """How many words ``text[start:end]`` holds (as ``WORD_OR_COMPOUND`` finds
    them) and the first of them ("" when none).

    Counted from the article's words (``word_tokens``, found once, so a
    bisection replaces a regex pass per complement) when that gives the same
    answer: their pattern (``cues.WHOLE_WORD``) differs only in taking no
    hyphen; both look behind the window's start, so a word cut by it counts in
    neither; and the window's last word ends where the article's does when the
    character after the window joins no word.  Otherwise the window is searched."""
    boundary = text[end : end + 1]
    if end > start and text.find("-", start, end) < 0 and (not boundary or boundary in CLEAN_WORD_BOUNDARY):
        tokens = word_tokens(text)
        first = bisect_left(tokens.starts, start)
        count = bisect_right(tokens.ends, end) - first
        return (count, tokens.words[first]) if count > 0 else (0, "")
    words = WORD_OR_COMPOUND.findall(text, start, end, concurrent=False)
    return len(words), (words[0] if words else "")


def _shape(word: str) -> str:
    lowered = word.casefold()
    if lowered in NEXT_WORDS:
        return lowered
    if word[:1].isdigit():
        return "NUM"
    if word[:1] in QUOTE_SHAPE:
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


def _word_before(text: str, lo: int, source_start: int) -> str:
    """What opens the source's clause: the sentence start, or the function word
    right before the source ("when", "that", "as") — a subordinate clause
    reports less often than a main one."""
    head = text[lo:source_start].rstrip(" \t\u00a0")
    if not head:
        return "start"
    last = head.rsplit(None, 1)[-1].casefold()
    return last if last in BEFORE_WORDS else ("comma" if last.endswith(",") else "other")


def source_features(text: str, lo: int, mention: Mention, speaker_words: frozenset[str], piece: Piece) -> tuple[str, ...]:
    """The source's features: its kind, the word that opens its clause, whether
    it speaks elsewhere in the article, and whether the piece stands beside a
    direct quotation."""
    return (
        "source=" + mention.kind,
        BEFORE_FEATURES[_word_before(text, lo, mention.start)],
        *(("speaks",) if _speaks(mention, speaker_words) else ()),
        *(("beside-quote",) if piece.after_quote or piece.before_quote else ()),
    )


def _speaks(mention: Mention, speaker_words: frozenset[str]) -> bool:
    """Whether the source is someone the article quotes through a cue elsewhere."""
    words = mention.name.split()
    return bool(words) and words[-1].casefold() in speaker_words
