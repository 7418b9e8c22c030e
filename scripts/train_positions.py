#!/usr/bin/env python3
"""Fit the weights of the positions model (service/engine/position_model.py).

Reads annotated articles in the evaluation format (JSON Lines with "text" and
"quotes"), runs the engine's earlier stages over each, and collects every
SOURCE VERB COMPLEMENT candidate that no earlier stage covered.  A candidate
is a positive example when it matches an annotated quotation (of any type)
that the earlier stages missed, by the evaluation's rule: the two spans
overlap by at least half of each.  A logistic regression with an L2 penalty
is fitted; the decision threshold is the one with the best quote F1 averaged
over rounds of cross-validation folds of the articles and over neighbouring
thresholds; the final weights are fitted on all of them.

The committed weights were fitted on polnear-train.jsonl: 840 articles of US
political news from 2016, annotated for attribution in the PolNeAR corpus.

    python scripts/train_positions.py GOLD.jsonl [-o service/engine/weights/positions.tsv]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.engine.pipeline import stages_before_positions
from service.engine.position_model import Weights
from service.engine.positions import Candidate, candidates

TRIM = " \t\n\u00a0\"'“”‘’«».,;:!?—–-"


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def matches(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """The evaluation's rule: the spans overlap by half of each."""
    a, b = trimmed(text, *a), trimmed(text, *b)
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared * 2 >= a[1] - a[0] and shared * 2 >= b[1] - b[0]


def article_examples(article: dict) -> tuple[list[tuple[Candidate, int]], int, int, int]:
    """The article's candidates with labels, and the earlier stages' true
    positives, false positives and missed annotations."""
    text = article["text"]
    pieces, reported, speaker_words, direct = stages_before_positions(text)
    predicted = direct + [(r.start, r.end) for r in reported]
    gold = [tuple(q["content"]) for q in article.get("quotes", []) if not q.get("optional")]
    covered = {g for g in gold if any(matches(text, g, p) for p in predicted)}
    open_gold = [g for g in gold if g not in covered]
    true_positives = len(covered)
    false_positives = sum(1 for p in predicted if not any(matches(text, g, p) for g in gold))
    examples = []
    for piece, fragments in pieces:
        for candidate in candidates(text, piece, fragments, any_verb=True, speaker_words=speaker_words):
            span = (candidate.start, candidate.end)
            if any(s < span[1] and span[0] < e for s, e in predicted):
                continue
            label = int(any(matches(text, g, span) for g in open_gold))
            examples.append((candidate, label))
    return examples, true_positives, false_positives, len(open_gold)


def fit(examples: list[tuple[tuple[str, ...], int]], epochs: int, l2: float, rate: float, seed: int) -> dict[str, float]:
    """Logistic regression by stochastic gradient descent (lazy L2 decay)."""
    weights: Counter[str] = Counter()
    order = list(range(len(examples)))
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(order)
        step = rate / (1 + epoch)
        for index in order:
            features, label = examples[index]
            score = sum(weights[f] for f in features)
            predicted = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))
            gradient = predicted - label
            for f in features:
                weights[f] -= step * (gradient + l2 * weights[f])
    return dict(weights)


def quote_f1(model: Weights, articles) -> float:
    """Quote F1 over articles when the model's candidates join the earlier
    stages' quotations: best first, never two that overlap, as the engine does."""
    tp = fp = fn = 0
    for examples, base_tp, base_fp, base_fn in articles:
        tp, fp, fn = tp + base_tp, fp + base_fp, fn + base_fn
        scored = sorted(((model.probability(c.features), c, label) for c, label in examples), key=lambda x: -x[0])
        taken: list[tuple[int, int]] = []
        for _, candidate, label in scored:
            if not model.accepts(candidate.features):
                continue
            if any(s < candidate.end and candidate.start < e for s, e in taken):
                continue
            taken.append((candidate.start, candidate.end))
            if label:
                tp, fn = tp + 1, fn - 1
            else:
                fp += 1
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


CUTS = [(step / 100, min_verb_weight) for min_verb_weight in (-9.0, -0.3, 0.0, 0.2) for step in range(20, 71, 2)]


def f1_curve(weights: dict[str, float], articles) -> list[float]:
    """Held-out quote F1 at every (threshold, least verb weight) in CUTS."""
    return [quote_f1(Weights(weights, threshold, least), articles) for threshold, least in CUTS]


SMOOTHING = 2  # neighbouring thresholds on each side averaged with each cut


def best_cut(curve: list[float]) -> tuple[float, float, float]:
    """The cut with the best F1 on the averaged held-out curve, smoothed over
    neighbouring thresholds: the curve is flat near its top, and its single
    highest point moves with every small change to the candidates, where the
    middle of the plateau does not.  A tie goes to the higher threshold."""
    f1_at = dict(zip(CUTS, curve))

    def smoothed(cut: tuple[float, float]) -> float:
        near = [f1_at[other] for other in CUTS if other[1] == cut[1] and abs(other[0] - cut[0]) <= SMOOTHING * 0.02 + 1e-9]
        return sum(near) / len(near)

    cut = max(CUTS, key=lambda c: (round(smoothed(c), 6), c[0]))
    return (*cut, f1_at[cut])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("-o", "--output", default="service/engine/weights/positions.tsv")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--rate", type=float, default=0.1)
    parser.add_argument("--min-count", type=int, default=3, help="drop features seen in fewer candidates")
    parser.add_argument("--min-reports", type=int, default=3, help="drop verbs that introduced fewer annotated quotations")
    parser.add_argument("--folds", type=int, default=4, help="cross-validation folds that choose the threshold")
    parser.add_argument("--repeats", type=int, default=3, help="cross-validation rounds, each with the articles dealt anew")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    with open(args.gold, encoding="utf-8") as source:
        articles = [article_examples(json.loads(line)) for line in source if line.strip()]
    counts = Counter(f for examples, *_ in articles for c, _ in examples for f in c.features)
    # a word is a verb of reported content only if it introduced some in training:
    # nouns and adjectives that follow a name ("the Trump campaign", "tax") are dropped
    reporting = Counter(c.features[1] for examples, *_ in articles for c, label in examples if label)
    kept = {f for f, n in counts.items() if n >= args.min_count and (not f.startswith("v=") or reporting[f] >= args.min_reports)}

    def rows(selection):
        return [(tuple(f for f in c.features if f in kept), label) for examples, *_ in selection for c, label in examples]

    # each fold of articles is held out once; the F1 curves are averaged, so
    # the threshold does not follow one split's noise
    curves = []
    for repeat in range(args.repeats):
        # each repeat deals the articles into folds in another order
        order = list(range(len(articles)))
        random.Random(args.seed + repeat).shuffle(order) if repeat else None
        dealt = [articles[k] for k in order]
        for fold in range(args.folds):
            held_out = dealt[fold :: args.folds]
            rest = [a for k, a in enumerate(dealt) if k % args.folds != fold]
            curves.append(f1_curve(fit(rows(rest), args.epochs, args.l2, args.rate, args.seed), held_out))
    threshold, min_verb_weight, held_out_f1 = best_cut([sum(values) / len(values) for values in zip(*curves)])
    weights = fit(rows(articles), args.epochs, args.l2, args.rate, args.seed)

    examples = sum(len(examples) for examples, *_ in articles)
    positives = sum(label for examples, *_ in articles for _, label in examples)
    with open(args.output, "w", encoding="utf-8") as out:
        out.write("# Weights of the positions model (service/engine/positions.py): feature<TAB>weight.\n")
        out.write(f"# Fitted by scripts/train_positions.py on {Path(args.gold).name}: {len(articles)} articles,\n")
        out.write(f"# {examples} candidates, {positives} of them annotated; cross-validated quote F1 {held_out_f1:.3f}.\n")
        out.write(f"# threshold {threshold:.2f}\n")
        out.write(f"# min verb weight {min_verb_weight:.2f}\n")
        for feature in sorted(weights):
            if abs(weights[feature]) >= 0.005:
                out.write(f"{feature}\t{weights[feature]:.3f}\n")
    print(f"articles {len(articles)}  candidates {examples}  positives {positives}  "
          f"threshold {threshold:.2f}  min verb weight {min_verb_weight:.2f}  cross-validated F1 {held_out_f1:.3f}  features {len(weights)}")


if __name__ == "__main__":
    main()
