"""Actors and events against gold, with ratchet floors (tests/fixtures/gold/floors_nlp.json).

Two gold sets: the demo case (snapshot HTML pages + demo_actors_*/demo_events_* annotations, parsed with
the toolkit's own page parser) and our own news-style texts in en/nl/fr (tests/fixtures/gold/nlp/).
Each is scored with the case dictionary and without it (the rules alone, as for a new incident).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline.config import load_actors
from timeline.evaluation.nlp_gold import evaluate, load_inline_corpus, load_snapshot_corpus

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "fixtures" / "gold"
FLOORS = json.loads((GOLD / "floors_nlp.json").read_text(encoding="utf-8"))


def _measures(scores: dict) -> dict[str, float]:
    ev = scores["events"]
    return {
        "actors_per_article_precision": scores["actors_per_article"]["precision"],
        "actors_per_article_recall": scores["actors_per_article"]["recall"],
        "actor_table_precision": scores["actor_table"]["precision"],
        "actor_table_recall": scores["actor_table"]["recall"],
        "event_recall": ev["recall"],
        "event_type_accuracy": ev["type_accuracy"],
        "event_date_within_1_day": ev["date_within_1_day"],
        "event_actor_match": ev["actor_match"],
        "event_modality_accuracy": ev["modality_accuracy"],
        "key_events_share": scores["key_events"]["share"],
    }


def _check(measures: dict[str, float], floors: dict[str, float]) -> None:
    low = {k: (round(measures[k], 4), v) for k, v in floors.items() if measures[k] < v}
    assert not low, f"below the floor (measured, floor): {low}"


@pytest.fixture(scope="module")
def demo_corpus():
    snapshot = ROOT / "data" / "raw" / "grok-2026" / "snapshot"
    if not snapshot.is_dir() or not list(GOLD.glob("demo_events_*.jsonl")):
        pytest.skip("demo snapshot or demo gold not present")
    corpus = load_snapshot_corpus(snapshot, GOLD)
    assert len(corpus.articles) >= 40, "most demo gold pages should parse"
    return corpus


@pytest.mark.parametrize("mode", ["dictionary", "no_dictionary"])
def test_demo_gold_meets_floors(demo_corpus, mode):
    dictionary = load_actors(ROOT / "config" / "cases" / "grok-2026" / "actors.yml")
    scores = evaluate(demo_corpus, dictionary, use_dictionary=mode == "dictionary")
    _check(_measures(scores), FLOORS["demo"][mode])


@pytest.mark.parametrize("mode", ["dictionary", "no_dictionary"])
def test_own_gold_meets_floors(mode):
    corpus = load_inline_corpus(sorted((GOLD / "nlp").glob("*.jsonl")))
    dictionary = load_actors(GOLD / "nlp" / "actors.yml")
    scores = evaluate(corpus, dictionary, use_dictionary=mode == "dictionary")
    _check(_measures(scores), FLOORS["own"][mode])
