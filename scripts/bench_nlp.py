"""Speed of the NLP stage relative to a bare spaCy tokenisation pass, on the demo snapshot.

Usage: python scripts/bench_nlp.py [--no-dictionary]
Both sides see each article once ("first pass"), after building and warming their pipelines on other
text, which is what a real run does. Prints the ratio (the issue asks for >= 0.25) and seconds per
component.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import spacy

from timeline.config import Settings, load_actors
from timeline.evaluation.nlp_gold import load_snapshot_corpus
from timeline.nlp import pipeline
from timeline.types import Article

ROOT = Path(__file__).resolve().parents[1]
WARM = {"en": "Ofcom said on Monday it was looking into it.", "nl": "De toezichthouder keek er maandag naar.",
        "fr": "Le régulateur a réagi lundi.", "de": "Die Behörde prüfte das am Montag."}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-dictionary", action="store_true")
    args = parser.parse_args()
    corpus = load_snapshot_corpus(ROOT / "data/raw/grok-2026/snapshot", ROOT / "tests/fixtures/gold")
    articles = list(corpus.articles.values())
    actors = () if args.no_dictionary else load_actors(ROOT / "config/cases/grok-2026/actors.yml")
    settings = Settings(use_trained_pipeline=False)
    blanks = {lang: spacy.blank(lang) for lang in WARM}
    for lang, text in WARM.items():
        blanks[lang].make_doc(text)
    list(pipeline.analyze_articles([Article(k, v, language=k) for k, v in WARM.items()], actors=actors,
                                   settings=settings))
    t0 = time.perf_counter()
    for a in articles:
        blanks[a.language].make_doc(a.text)
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    list(pipeline.analyze_articles(articles, actors=actors, settings=settings))
    full = time.perf_counter() - t0
    per = Counter()
    for a in articles:
        nlp = pipeline.build_nlp(a.language, settings=settings, actors=actors)
        t = time.perf_counter()
        doc = pipeline._make_doc(nlp, a)
        per["tokenise"] += time.perf_counter() - t
        for name, proc in nlp.pipeline:
            t = time.perf_counter()
            doc = proc(doc)
            per[name] += time.perf_counter() - t
    chars = sum(len(a.text) for a in articles)
    print(f"{len(articles)} articles, {chars} characters")
    print(f"bare tokenisation {bare:.3f}s, full NLP {full:.3f}s, ratio {bare / full:.3f}")
    print("second pass, per component (s):", {k: round(v, 3) for k, v in per.items()})


if __name__ == "__main__":
    main()
