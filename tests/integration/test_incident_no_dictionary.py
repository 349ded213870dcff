"""A second incident, run the held-out way: no case, no actors.yml, only the shipped background lexicons.

Each folder under ``tests/fixtures/incidents/`` holds articles written by us about a real incident (see its
README), gold actors and gold key events; ``floors.json`` pins the scores (a ratchet). The run goes
through the public contract (``pipeline.run_input`` without a case), and ``actors.csv`` and ``timeline.csv``
are scored as the held-out evaluation scores them (``timeline.evaluation.incident``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from timeline.config import Settings
from timeline.evaluation.incident import GoldActors, score_actor_rows, score_run
from timeline.pipeline import run_input

INCIDENTS = Path(__file__).parents[1] / "fixtures" / "incidents"
FLOORS = json.loads((INCIDENTS / "floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=sorted(k for k in FLOORS if not k.startswith("_")))
def incident_run(request, tmp_path_factory):
    folder = INCIDENTS / request.param
    out = tmp_path_factory.mktemp(request.param)
    run_input(folder / "articles.jsonl", out, case=None, settings=Settings(use_trained_pipeline=False, workers=1))
    return request.param, folder, out


def test_run_without_case_writes_the_contract_tables(incident_run):
    _, folder, out = incident_run
    timeline = pd.read_csv(out / "timeline.csv")
    actors = pd.read_csv(out / "actors.csv")
    assert {"event_id", "date", "type", "actors", "targets", "n_sources"} <= set(timeline.columns)
    assert {"actor_id", "name", "kind", "aliases"} <= set(actors.columns)
    n_articles = sum(1 for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines() if line)
    assert pd.read_parquet(out / "articles.parquet")["article_id"].nunique() == n_articles


def test_scores_meet_the_floors(incident_run):
    name, folder, out = incident_run
    floors = FLOORS[name]
    scores = score_run(out, folder)
    actors, keys, top = scores["actors"], scores["key_events"], scores["top_15"]
    assert actors["precision"] >= floors["actor_precision"], actors["wrong_rows"]
    assert actors["recall"] >= floors["actor_recall"], actors["missed"]
    assert actors["core_recall"] >= floors["actor_core_recall"], actors["missed"]
    assert keys["share"] >= floors["key_event_share"], keys["near_misses"]
    assert top["precision_at_k"] >= floors["top_15_precision"], top
    assert top["date_f1"] >= floors["top_15_date_f1"], top


def test_actor_scoring_matches_by_alias_and_counts_wrong_rows():
    gold = GoldActors.read(INCIDENTS / "dsa-x-fine-2025" / "gold_actors.json")
    table = pd.DataFrame([
        {"name": "Europese Commissie", "aliases": "Commission européenne"},
        {"name": "Donald Trump", "aliases": ""},  # acceptable: neither required nor wrong
        {"name": "Ad Composer", "aliases": ""},  # a product feature, not an actor
    ])
    scores = score_actor_rows(table, gold)
    assert scores["wrong_rows"] == ["Ad Composer"]
    assert scores["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert "European Commission" not in scores["missed"]
