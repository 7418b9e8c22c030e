"""Positions beyond the cue lists: candidates, the weights file, and the model's decision."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from service.engine import extract
from service.engine.pipeline import quoted_spans
from service.engine.position_model import WEIGHTS, Weights
from service.engine.positions import candidates, find_positions
from service.engine.prose import prose_pieces

ROOT = Path(__file__).resolve().parents[2]


def pieces_of(text):
    return list(prose_pieces(text, *quoted_spans(text)))


def all_candidates(text):
    return [c for piece, fragments in pieces_of(text) for c in candidates(text, piece, fragments, any_verb=True)]


def complements(text):
    return {(c.verb.text, text[c.start : c.end]) for c in all_candidates(text)}


@pytest.mark.parametrize(
    "text, verb, complement",
    [
        pytest.param("The senator plans to introduce a housing bill next month.",
                     "plans", "to introduce a housing bill next month", id="SOURCE VERB to-infinitive"),
        pytest.param("Voters seem to care more about schools than taxes.",
                     "seem", "to care more about schools than taxes", id="group source"),
        pytest.param("The mayor has also backed the new tram line.",
                     "backed", "the new tram line", id="auxiliaries and adverbs before the verb"),
        pytest.param("The mayor opened the meeting and thanked the volunteers for their work.",
                     "thanked", "the volunteers for their work", id="joined predicate: the sentence's subject"),
        pytest.param("The mayor denied the charges through her lawyer.",
                     "denied", "the charges", id="complement cut before a circumstance"),
        pytest.param("The board hired Ana Ruiz, who backed the new tram line.",
                     "backed", "the new tram line", id="relative clause: the phrase before who"),
    ],
)
def test_candidates(text, verb, complement):
    assert (verb, complement) in complements(text)


def test_the_source_of_a_relative_clause_is_its_antecedent():
    text = "The board hired Ana Ruiz, who backed the new tram line."
    [candidate] = [c for c in all_candidates(text) if c.verb.text == "backed"]
    assert candidate.mention.name == "Ana Ruiz"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("A manager accused of fraud told the court that he was innocent.", id="reduced passive: accused of"),
        pytest.param("The manager was accused of hiding the report.", id="passive with an auxiliary"),
        pytest.param("The council declined to comment.", id="a refusal with no content"),
        pytest.param("The minister declined to agree that the pier was safe.", id="a refusal: what follows was not said"),
        pytest.param("Will the senator back the housing bill?", id="a question"),
    ],
)
def test_no_candidate_for_the_verb(text):
    assert not any(c.verb.text in ("accused", "declined", "back") for c in all_candidates(text))


def test_the_weights_decide():
    text = "The senator plans to introduce a housing bill next month."
    pieces = pieces_of(text)
    likes_plans = Weights({"bias": -1.0, "v=plans": 3.0}, threshold=0.5, min_verb_weight=0.0)
    neutral = Weights({"bias": -1.0, "v=plans": 0.5}, threshold=0.5, min_verb_weight=0.0)
    [found] = find_positions(pieces, text, [], weights=likes_plans)
    assert (found.kind, text[found.start : found.end], found.cue.text) == (
        "indirect", "to introduce a housing bill next month", "plans")
    assert found.mention.text == "The senator" or found.mention.name.endswith("senator")
    assert find_positions(pieces, text, [], weights=neutral) == []


def test_a_verb_that_counts_against_is_never_accepted():
    strict = Weights({"bias": 5.0, "v=plans": -0.1}, threshold=0.5, min_verb_weight=0.0)
    text = "The senator plans to introduce a housing bill next month."
    assert find_positions(pieces_of(text), text, [], weights=strict) == []


def test_earlier_stages_win_where_they_overlap():
    text = "The senator said the housing bill would pass and plans to introduce it next month."
    reported = extract(text, types=("indirect",), acts=("speech", "position")).quotes
    assert [q.verb.text for q in reported][:1] == ["said"]
    assert all(q.verb.text != "plans" or q.start >= reported[0].end for q in reported)


def test_pruning_never_drops_what_the_model_accepts():
    text = ("Clinton plans to focus on jobs. Voters seem to care more about schools. "
            "The governor has vowed to veto the bill, and aides say she sees it as a tax on families.\n\n"
            "“We will not wait,” the mayor said, promising to rebuild the pier. When the council met, "
            "members who backed the plan warned that costs would rise, while the harbour board, "
            "which owns the land, wants the work finished by May and called the delay “a disgrace.”")
    pieces = pieces_of(text)
    everything = [c for piece, fragments in pieces for c in candidates(text, piece, fragments, any_verb=True)]
    accepted = {(c.start, c.end) for c in everything if WEIGHTS.accepts(c.features)}
    pruned = {(c.start, c.end) for piece, fragments in pieces for c in candidates(text, piece, fragments, weights=WEIGHTS)}
    assert accepted <= pruned


def test_weights_file_names_its_threshold_and_origin():
    raw = (ROOT / "service/engine/weights/positions.tsv").read_text(encoding="utf-8")
    assert "# threshold" in raw and "polnear-train" in raw
    assert 0 < WEIGHTS.threshold < 1 and WEIGHTS.weights["bias"] != 0


def test_a_scored_position_has_its_documented_confidence():
    text = "The senator plans to introduce a housing bill next month."
    quotes = extract(text, acts=("speech", "position")).quotes
    assert [(q.verb.text, q.confidence, q.act) for q in quotes] == [("plans", 0.6, "position")]
    assert extract(text).quotes == []  # a position: not speech


def test_training_script_fits_weights_that_load(tmp_path):
    articles = []
    surnames = "Reyes Okafor Lindqvist Moreau Tanaka Varga Brennan Osei Halvorsen Duarte Novak Quist".split()
    for k, surname in enumerate(surnames):
        text = (f"Mayor Ana {surname} plans to widen the harbour road. The council voted on Monday. "
                f"{surname} wants the work finished by May.")
        start = text.index("to widen")
        wants = text.index("the work finished")
        articles.append({"id": f"a{k}", "text": text, "quotes": [
            {"type": "indirect", "content": [start, start + len("to widen the harbour road")]},
            {"type": "indirect", "content": [wants, wants + len("the work finished by May")]},
        ]})
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    out = tmp_path / "weights.tsv"
    result = subprocess.run([sys.executable, "scripts/train_positions.py", str(gold), "-o", str(out), "--min-count", "1"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "articles 12" in result.stdout
    raw = out.read_text(encoding="utf-8")
    assert "# threshold" in raw and "gold.jsonl" in raw
    weights = {line.split("\t")[0]: float(line.split("\t")[1]) for line in raw.splitlines() if not line.startswith("#")}
    assert weights["v=plans"] > 0 and weights["v=wants"] > 0
