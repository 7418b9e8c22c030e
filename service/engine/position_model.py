"""Stage 5c, the model: feature weights, the threshold, and the decision.

In: a candidate's feature names (position_features.py).  Out: its log-odds,
its probability, and whether the model accepts it; before any candidate is
built, which verb forms could be accepted at all, and whether a candidate's
features so far leave it within reach of the threshold.  The weights are data
(``weights/positions.tsv``), fitted by ``scripts/train_positions.py``.
"""

from __future__ import annotations

import math
from importlib import resources
from itertools import repeat

from .cues import KINDS
from .position_features import CLAUSE

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
