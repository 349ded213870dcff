"""Score the NLP stage (actors, events, key events) on the demo gold, with and without the dictionary.

Usage: python scripts/eval_nlp.py [--errors N] [--lang en] [--no-dictionary-only]
Prints a JSON summary; with --errors, examples of the remaining errors of each kind.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from timeline.config import load_actors
from timeline.evaluation.nlp_gold import evaluate, load_inline_corpus, load_snapshot_corpus

ROOT = Path(__file__).resolve().parents[1]


def _summary(scores: dict) -> dict:
    ev = {k: v for k, v in scores["events"].items() if k != "errors"}
    return {
        "seconds": scores["seconds"],
        "actors_per_article": {k: scores["actors_per_article"][k] for k in ("precision", "recall", "f1")},
        "actor_table": {k: scores["actor_table"][k] for k in ("precision", "recall", "rows", "n_gold")},
        "events": ev,
        "key_events": {"share": scores["key_events"]["share"], "missed": scores["key_events"]["missed"]},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", type=int, default=0)
    parser.add_argument("--lang")
    parser.add_argument("--corpus", choices=["demo", "own"], default="demo")
    args = parser.parse_args()
    gold_dir = ROOT / "tests/fixtures/gold"
    dictionary = load_actors(ROOT / "config/cases/grok-2026/actors.yml" if args.corpus == "demo"
                             else gold_dir / "nlp" / "actors.yml")
    if args.corpus == "demo":
        corpus = load_snapshot_corpus(ROOT / "data/raw/grok-2026/snapshot", gold_dir)
    else:
        corpus = load_inline_corpus(sorted((gold_dir / "nlp").glob("*.jsonl")))
    if args.lang:
        corpus.articles = {f: a for f, a in corpus.articles.items() if a.language == args.lang}
        corpus.actors = {f: v for f, v in corpus.actors.items() if f in corpus.articles}
        corpus.events = [e for e in corpus.events if e["file"] in corpus.articles]
    for use in (True, False):
        scores = evaluate(corpus, dictionary, use_dictionary=use)
        print(("WITH" if use else "WITHOUT") + " dictionary:")
        print(json.dumps(_summary(scores), indent=1, default=str))
        if args.errors:
            errs = scores["events"]["errors"]
            print("event errors by kind:", Counter(e["kind"] for e in errs))
            for kind in ("missed", "type", "date", "actor", "modality"):
                for e in [e for e in errs if e["kind"] == kind][: args.errors]:
                    print(" ", json.dumps(e, ensure_ascii=False, default=str))
            print("actor misses:", scores["actors_per_article"]["misses"][: args.errors * 3])
            print("actor extras:", scores["actors_per_article"]["extras"][: args.errors * 3])
            print("table missed:", scores["actor_table"]["missed"])


if __name__ == "__main__":
    main()
