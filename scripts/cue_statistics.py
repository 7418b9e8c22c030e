#!/usr/bin/env python3
"""How often each word serves as the cue of annotated reported content.

Reads gold files in the evaluation format (JSON Lines with "text" and "quotes",
each quote with a "cue" span) and prints, for every cue word seen at least
--min-count times, how many annotated quotes it introduces, how often the
word occurs at all, and the ratio of the two.  The list in
service/engine/lexicons/stance_verbs.txt was chosen from this table, run over
the PolNeAR training articles (US political news, 2016), keeping verbs whose
ratio is 0.6 or more and whose object names what the source said or thought.

    python scripts/cue_statistics.py GOLD.jsonl [--types indirect,mixed] [--min-count 8]
"""

import argparse
import json
import re
from collections import Counter

WORD = re.compile(r"[a-z’']+")


def cue_table(path: str, types: set[str], min_count: int) -> list[tuple[str, int, int, float]]:
    as_cue: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    with open(path, encoding="utf-8") as source:
        for line in source:
            article = json.loads(line)
            text = article["text"]
            anywhere.update(WORD.findall(text.lower()))
            for quote in article.get("quotes", []):
                if quote.get("type") in types and quote.get("cue"):
                    start, end = quote["cue"]
                    words = WORD.findall(text[start:end].lower())
                    if words:
                        as_cue[words[-1]] += 1
    rows = [(w, n, anywhere[w], n / anywhere[w]) for w, n in as_cue.items() if n >= min_count and anywhere[w]]
    return sorted(rows, key=lambda row: -row[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("--types", default="indirect,mixed")
    parser.add_argument("--min-count", type=int, default=8)
    args = parser.parse_args()
    for word, cue, seen, ratio in cue_table(args.gold, set(args.types.split(",")), args.min_count):
        print(f"{word:18s} cue {cue:5d}  seen {seen:6d}  ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
