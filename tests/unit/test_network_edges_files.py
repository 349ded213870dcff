"""Network edges computed on disk (DuckDB over Parquet) equal the pandas reference ``network.build_edges``."""

from __future__ import annotations

import importlib.util
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.analysis import aggregate, network
from timeline.dataset import io, schema

FIXTURE = Path(__file__).parents[1] / "fixtures" / "analysis" / "grok_synthetic.py"
_spec = importlib.util.spec_from_file_location("grok_synthetic", FIXTURE)
grok = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(grok)

NAMES = ["Arcom", "Grok", "Ofcom", "X", "xAI", "Élysée", "European Commission"]


def _edges_on_disk(folder: Path, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    for name, df in tables.items():
        io.write_table(name, df, folder, csv=False)
    with aggregate.connect(folder) as con:
        return aggregate.edges_from_tables(con)


def _reference(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return network.build_edges(tables.get("actor_mentions", schema.empty("actor_mentions")),
                               tables.get("event_mentions", schema.empty("event_mentions")),
                               tables.get("events", schema.empty("events")), articles=tables.get("articles"))


def test_grok_edges_on_disk_equal_the_pandas_edges(tmp_path):
    folder = grok.write_run(tmp_path / "run")
    tables = {t: io.read_table(t, folder) for t in ("articles", "actor_mentions", "event_mentions", "events")}
    got = _edges_on_disk(tmp_path / "copy", tables)
    pd.testing.assert_frame_equal(schema.validate("edges", got), io.read_table("edges", folder))
    ofcom = got.loc[(got["relation"] == "interaction") & (got["source"] == "Ofcom") & (got["target"] == "X")]
    assert set(ofcom["event_type"]) == {"regulatory_demand", "investigation"} and (ofcom["weight"] == 1.0).all()


def test_co_mentions_take_their_days_from_the_event_mentions_without_articles(tmp_path):
    folder = grok.write_run(tmp_path / "run")
    tables = {t: io.read_table(t, folder) for t in ("actor_mentions", "event_mentions", "events")}
    got = schema.validate("edges", _edges_on_disk(tmp_path / "copy", tables))
    pd.testing.assert_frame_equal(got, schema.validate("edges", _reference(tables)))
    assert got.loc[got["relation"] == "co_mention", "first_date"].notna().any()


def _actor_mention(article: int, sentence: int, name: str) -> dict:
    return {"article_id": f"a{article}", "sentence_index": sentence, "char_start": 0, "char_end": 1, "text": name,
            "actor_id": name.lower(), "name": name, "kind": None, "country": None, "match_source": "rule"}


def _event(i: int, day: int | None, etype: str, actors: list[str], targets: list[str]) -> dict:
    return {"event_id": f"e{i}", "date": date(2026, 1, day or 1), "date_precision": "day", "type": etype,
            "actors": "; ".join(actors) or None, "targets": "; ".join(targets) or None, "title": "t",
            "n_sources": 1, "n_languages": 1, "n_mentions": 1, "confidence": 0.5, "has_date_conflict": False,
            "date_spread_days": 0, "salience": 0.1, "is_key_event": False}


names = st.lists(st.sampled_from(NAMES), max_size=3)
actor_rows = st.lists(st.builds(_actor_mention, st.integers(0, 4), st.integers(0, 2), st.sampled_from(NAMES)),
                      max_size=30)
event_rows = st.lists(st.tuples(st.integers(1, 28), st.sampled_from(["investigation", "criticism"]), names, names),
                      max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actor_rows=actor_rows, event_rows=event_rows, undated=st.sets(st.integers(0, 4), max_size=2))
def test_on_disk_edges_equal_the_pandas_edges(actor_rows, event_rows, undated):
    articles = pd.DataFrame([{"article_id": f"a{i}", "n_words": 10, "is_paywalled": False, "page_kind": "article",
                              "extractor": "text", "published_date": None if i in undated else date(2026, 1, 5 + i)}
                             for i in range(4)]).reindex(columns=schema.TABLES["articles"].names)
    tables = {"articles": articles,
              "actor_mentions": pd.DataFrame(actor_rows, columns=schema.TABLES["actor_mentions"].names),
              "events": pd.DataFrame([_event(i, *e) for i, e in enumerate(event_rows)],
                                     columns=schema.TABLES["events"].names)}
    with tempfile.TemporaryDirectory() as folder:
        got = schema.validate("edges", _edges_on_disk(Path(folder), tables))
    pd.testing.assert_frame_equal(got, schema.validate("edges", _reference(tables)))


def test_many_passes_give_the_same_tables_as_one(tmp_path, monkeypatch):
    from timeline.nlp.actor_table import aggregate_actors

    folder = grok.write_run(tmp_path)
    with aggregate.connect(folder) as con:
        one = aggregate.edges_from_tables(con), aggregate.actors_from_tables(con)
    monkeypatch.setattr(aggregate, "ROWS_PER_PASS", 7)  # about 20 passes over the fixture's mentions
    with aggregate.connect(folder) as con:
        assert len(aggregate._article_parts(con, "actor_mentions", "article_id")) > 10
        many = aggregate.edges_from_tables(con), aggregate.actors_from_tables(con)
    pd.testing.assert_frame_equal(many[0], one[0])
    pd.testing.assert_frame_equal(many[1], one[1])
    expected = aggregate_actors(io.read_table("actor_mentions", folder), io.read_table("articles", folder))
    pd.testing.assert_frame_equal(schema.validate("actors", many[1]), schema.validate("actors", expected))
