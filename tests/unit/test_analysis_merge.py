"""Merging event mentions into events on the synthetic Grok fixture (en/nl/fr, noisy dates)."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from timeline.analysis.timeline import merge_events
from timeline.config import Settings
from timeline.dataset import io
from timeline.evaluation.merge import pairwise_scores

FIXTURE = Path(__file__).parents[1] / "fixtures" / "analysis" / "grok_synthetic.py"


def _fixture():
    spec = importlib.util.spec_from_file_location("grok_synthetic", FIXTURE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


grok = _fixture()


@pytest.fixture(scope="module")
def merged():
    mentions = grok.event_mentions()
    events, linked = merge_events(mentions.drop(columns=["gold_event"]), settings=Settings(key_events=8),
                                  articles=grok.articles())
    linked = linked.assign(gold=mentions["gold_event"].to_numpy())
    return events, linked


def _event_of(linked: pd.DataFrame, gold: str) -> set:
    return set(linked.loc[linked["gold"] == gold, "event_id"])


def _row(events: pd.DataFrame, linked: pd.DataFrame, gold: str) -> pd.Series:
    (event_id,) = _event_of(linked, gold)
    return events.loc[events["event_id"] == event_id].iloc[0]


def test_each_gold_event_becomes_exactly_one_event(merged):
    events, linked = merged
    asserted = linked.loc[linked["gold"].str.startswith(("G", "N1", "N3"))]
    scores = pairwise_scores(dict(zip(asserted["mention_id"], asserted["event_id"], strict=True)),
                             dict(zip(asserted["mention_id"], asserted["gold"], strict=True)))
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.95, scores
    for gold in ("G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8"):
        assert len(_event_of(linked, gold)) == 1, gold
    assert len(events) == 10  # 8 key events + the French criticism + Musk's statement


def test_same_actor_same_day_other_type_stays_separate(merged):
    _, linked = merged
    assert _event_of(linked, "N1").isdisjoint(_event_of(linked, "G2"))


def test_not_asserted_mentions_are_left_out_by_default(merged):
    _, linked = merged
    assert linked.loc[linked["gold"].isin(["N2", "N4"]), "event_id"].isna().all()


def test_text_dates_beat_publication_days(merged):
    events, linked = merged
    assert _row(events, linked, "G3")["date"] == date(2026, 1, 5)  # also reported on 12 January
    assert _row(events, linked, "G6")["date"] == date(2026, 1, 10)  # mostly reported on the 11th
    g1 = _row(events, linked, "G1")
    assert g1["date"] == date(2026, 1, 2) and g1["first_reported_date"] == date(2026, 1, 2)
    assert not g1["has_date_conflict"]


def test_wrong_date_is_outvoted_and_flagged(merged):
    events, linked = merged
    g4 = _row(events, linked, "G4")
    assert g4["date"] == date(2026, 1, 8)
    assert g4["has_date_conflict"] and g4["date_spread_days"] == 2


def test_counts_sources_languages_and_outlets(merged):
    events, linked = merged
    g5 = _row(events, linked, "G5")
    assert (g5["n_sources"], g5["n_languages"], g5["n_mentions"]) == (7, 3, 7)
    assert g5["languages"] == "en; fr; nl"
    assert g5["actors"] == "X" and g5["targets"] == "Grok" and g5["type"] == "restriction"
    assert len(g5["sources"].split("; ")) == 7


def test_confidence_grows_with_independent_sources(merged):
    events, linked = merged
    wide, narrow = _row(events, linked, "G5"), _row(events, linked, "N3")
    assert 0 < narrow["confidence"] < wide["confidence"] <= 1


def test_key_events_are_the_real_ones(merged):
    events, linked = merged
    key = set(events.loc[events["is_key_event"], "event_id"])
    real = set().union(*(_event_of(linked, g) for g in ("G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8")))
    assert key == real


def test_title_prefers_chosen_language():
    mentions = grok.event_mentions().drop(columns=["gold_event"])
    fr, _ = merge_events(mentions, settings=Settings(lang="fr"), articles=grok.articles())
    nl, _ = merge_events(mentions, settings=Settings(lang="nl"), articles=grok.articles())
    restriction = "restriction"
    assert "abonnés" in fr.loc[fr["type"] == restriction, "title"].iloc[0]
    assert "beperk" in nl.loc[nl["type"] == restriction, "title"].iloc[0]


def test_modalities_to_keep_are_configurable():
    mentions = grok.event_mentions()
    events, linked = merge_events(mentions.drop(columns=["gold_event"]),
                                  settings=Settings(keep_modalities=("asserted", "threatened")))
    threatened = linked.loc[mentions["gold_event"].to_numpy() == "N2", "event_id"].iloc[0]
    assert events.loc[events["event_id"] == threatened, "modality"].iloc[0] == "threatened"
    assert threatened not in set(linked.loc[mentions["gold_event"].to_numpy() == "G7", "event_id"])


def test_output_is_schema_valid_and_writes(tmp_path, merged):
    events, linked = merged
    io.write_table("events", events, tmp_path)
    io.write_table("event_mentions", linked.drop(columns=["gold"]), tmp_path)
    back = io.read_table("events", tmp_path)
    assert list(back["event_id"]) == list(events["event_id"])
    assert (tmp_path / "timeline.csv").read_text(encoding="utf-8").startswith("event_id,date,")
    assert events["event_id"].is_unique and events["date"].is_monotonic_increasing


def test_event_ids_are_stable_across_runs_and_input_order():
    mentions = grok.event_mentions().drop(columns=["gold_event"])
    first, _ = merge_events(mentions, articles=grok.articles())
    second, _ = merge_events(mentions.sample(frac=1.0, random_state=3), articles=grok.articles())
    assert list(first["event_id"]) == list(second["event_id"])
    assert list(first["n_sources"]) == list(second["n_sources"])


def test_empty_input_gives_empty_valid_tables():
    events, linked = merge_events(grok.event_mentions().drop(columns=["gold_event"]).head(0))
    assert events.empty and linked.empty
    assert list(events.columns)[:3] == ["event_id", "date", "date_precision"]


def test_missing_fields_are_filled_from_articles_and_odd_dates_demoted():
    mentions = grok.event_mentions().drop(columns=["gold_event"])
    g5 = mentions.loc[mentions["event_type"] == "restriction"].copy()
    g5[["url", "outlet", "language", "published_date"]] = None
    g5.loc[g5["mention_id"] == "m080", "date"] = date(2026, 3, 1)  # "Friday" resolved to a future day
    events, linked = merge_events(g5, articles=grok.articles())
    asserted = events.loc[events["modality"] == "asserted"]
    assert len(asserted) == 1 and asserted["date"].iloc[0] == date(2026, 1, 9)
    assert asserted["n_languages"].iloc[0] == 3 and linked["outlet"].notna().all()
