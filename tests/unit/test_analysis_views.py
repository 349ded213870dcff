"""Key events, windows, filters, reaction lags and coverage on the synthetic Grok timeline."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from timeline.analysis import coverage, lags, salience, views
from timeline.analysis.timeline import merge_events
from timeline.config import Settings
from timeline.errors import TimelineError

FIXTURE = Path(__file__).parents[1] / "fixtures" / "analysis" / "grok_synthetic.py"
_spec = importlib.util.spec_from_file_location("grok_synthetic", FIXTURE)
grok = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(grok)


@pytest.fixture(scope="module")
def run():
    events, linked = merge_events(grok.event_mentions().drop(columns=["gold_event"]),
                                  settings=Settings(key_events=8), articles=grok.articles())
    return events, linked


def _id(events: pd.DataFrame, kind: str, actor: str) -> str:
    return events.loc[(events["type"] == kind) & (events["actors"] == actor), "event_id"].iloc[0]


def test_key_events_spread_over_days(run):
    events, _ = run
    picked = events.loc[events["event_id"].isin(salience.select_key_events(events, 4))]
    # the best events of the two top days, then the most salient others (a second event on 2 January)
    assert set(picked["type"]) == {"acknowledgement", "restriction", "legal_complaint", "investigation"}
    assert picked["date"].nunique() == 3
    assert salience.select_key_events(events, 0) == []
    assert len(salience.select_key_events(events, 50)) == len(events)


def test_key_days_rank_the_busiest_days(run):
    events, _ = run
    days = salience.key_days(events, 3)
    assert date(2026, 1, 2) in set(days["date"])  # acknowledgement + French complaint + criticism
    assert list(days["date"]) == sorted(days["date"])


def test_salience_prefers_wide_reports_of_weighty_types(run):
    events, _ = run
    restriction = events.loc[events["type"] == "restriction", "salience"].iloc[0]
    musk = events.loc[events["type"] == "statement", "salience"].iloc[0]
    assert restriction == events["salience"].max() == 1.0 and musk < 0.7


def test_window_between_dates_event_ids_and_milestones(run):
    events, _ = run
    by_days = views.window(events, "2026-01-02", "2026-01-09")
    assert set(by_days["date"]) <= {date(2026, 1, d) for d in range(2, 10)}
    assert {"acknowledgement", "restriction", "legal_complaint"} <= set(by_days["type"])
    start, end = _id(events, "acknowledgement", "Grok"), _id(events, "restriction", "X")
    assert list(views.window(events, start, end)["event_id"]) == list(by_days["event_id"])
    ms = {"ack": date(2026, 1, 2), "paywall": date(2026, 1, 9)}
    assert len(views.window(events, "ack", "paywall", milestones=ms)) == len(by_days)
    top3 = views.window(events, "2026-01-02", "2026-01-09", k=3)
    assert len(top3) == 3 and top3["date"].is_monotonic_increasing


def test_window_errors_name_the_bound(run):
    events, _ = run
    with pytest.raises(TimelineError, match="no-such-event"):
        views.window(events, "no-such-event", "2026-01-09")
    with pytest.raises(TimelineError, match="after it ends"):
        views.window(events, "2026-01-09", "2026-01-02")


def test_filters(run):
    events, _ = run
    assert set(views.filter_events(events, actor="Ofcom")["type"]) == {"regulatory_demand", "investigation"}
    assert len(views.filter_events(events, actor="Grok", role="target")) >= 4
    assert set(views.filter_events(events, type=["block_ban"])["actors"]) == {"Indonesian government",
                                                                             "Malaysian government"}
    only_volkskrant = views.filter_events(events, outlet="de Volkskrant")
    assert list(only_volkskrant["actors"]) == ["Elon Musk"]
    assert len(views.filter_events(events, language="nl", start="2026-01-10")) == 2  # Indonesia, Ofcom probe
    assert views.filter_events(events, key_only=True)["is_key_event"].all()


def test_reaction_lags_after_the_acknowledgement(run):
    events, linked = run
    table = lags.reaction_lags(events, _id(events, "acknowledgement", "Grok"), event_mentions=linked,
                               articles=grok.articles(), actors=grok.actors())
    assert list(table["actor"][:2]) == ["French government", "Elon Musk"]
    first = table.iloc[0]
    assert first["lag_days"] == 0 and first["kind"] == "government" and first["lag_source"] == "published_datetime"
    # French complaint first reported 15:45 UTC vs acknowledgement 18:40 UTC: it came earlier the same day
    assert first["lag_hours"] < 0
    ofcom = table.loc[table["actor"] == "Ofcom"].iloc[0]
    assert ofcom["lag_days"] == 3 and ofcom["n_reactions"] == 2 and ofcom["type"] == "regulatory_demand"
    assert table["lag_hours"].is_monotonic_increasing
    every = lags.reaction_lags(events, _id(events, "acknowledgement", "Grok"), first_only=False)
    assert len(every) > len(table)


def test_reaction_lags_unknown_trigger(run):
    with pytest.raises(TimelineError, match="E-nope"):
        lags.reaction_lags(run[0], "E-nope")


def test_coverage_counts_and_gaps():
    arts = grok.articles()
    table = coverage.coverage(arts, by="language", start="2026-01-01", end="2026-01-14")
    assert len(table) == 14 and set(table.columns) == {"date", "en", "fr", "nl", "total"}
    assert table.loc[table["date"] == date(2026, 1, 1), "total"].iloc[0] == 0
    assert int(table["total"].sum()) == len(arts)
    gaps = coverage.coverage_gaps(arts, by="language", start="2026-01-01", end="2026-01-14")
    total = gaps.loc[gaps["group"] == "total"]
    assert {(r.start_date, r.n_days) for r in total.itertuples()} == {(date(2026, 1, 1), 1), (date(2026, 1, 7), 1),
                                                                      (date(2026, 1, 14), 1)}
    assert (gaps.loc[gaps["group"] == "nl", "n_days"] >= 1).all()
    by_outlet = coverage.coverage(arts, by="outlet")
    assert "Le Monde" in by_outlet.columns
    with pytest.raises(ValueError):
        coverage.coverage(arts, by="author")
