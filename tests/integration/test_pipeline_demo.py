"""The whole pipeline on the shipped demo case: the milestones are on the timeline, with their actors,
and every event traces back to sentences of the articles."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from timeline.dataset import io


def _split(cell) -> set[str]:
    return {p for p in str(cell or "").split("; ") if p}


def test_timeline_csv_holds_the_two_milestones_with_their_actors(demo_run):
    events = pd.read_csv(demo_run / "timeline.csv")
    ack = events[(events["date"] == "2026-01-02") & (events["type"] == "acknowledgement")]
    assert not ack.empty, events[["date", "type", "actors", "title"]].to_string()
    assert any("Grok" in _split(a) | _split(t) for a, t in zip(ack["actors"], ack["targets"], strict=True))
    restriction = events[(events["date"] == "2026-01-09") & (events["type"] == "restriction")]
    assert not restriction.empty, events[["date", "type", "actors", "title"]].to_string()
    assert any(_split(a) & {"X", "xAI", "Elon Musk"} for a in restriction["actors"])
    # one event counted once: the restriction is reported by many articles but merged
    assert restriction["n_sources"].max() >= 5


def test_every_event_traces_to_sentences_and_urls(demo_run):
    events = io.read_table("events", demo_run)
    mentions = io.read_table("event_mentions", demo_run).set_index("mention_id")
    articles = io.read_table("articles", demo_run).set_index("article_id")
    assert len(events) > 0
    for event in events.itertuples():
        ids = _split(event.mention_ids)
        assert ids, f"event {event.event_id} lists no mentions"
        for mid in ids:
            m = mentions.loc[mid]
            assert m["event_id"] == event.event_id
            text = articles.loc[m["article_id"], "text"]
            assert text[m["char_start"]:m["char_end"]] == m["sentence"]
        assert _split(event.sources) <= set(articles["url"].dropna())


def test_tables_and_csv_mirrors_are_written_and_valid(demo_run):
    for name in ("articles", "timexes", "actor_mentions", "event_mentions", "events", "actors", "edges",
                 "rejects"):
        assert (demo_run / f"{name}.parquet").is_file(), name
    for csv in ("timeline.csv", "actors.csv", "edges.csv", "rejects.csv"):
        assert (demo_run / csv).stat().st_size > 0
    articles = io.read_table("articles", demo_run)
    assert len(articles) >= 40
    assert {"en", "nl", "fr"} <= set(articles["language"])
    assert articles["published_date"].notna().all()
    assert min(articles["published_date"]) <= date(2026, 1, 2) and max(articles["published_date"]) >= date(2026, 1, 26)
    run = json.loads((demo_run / "run.json").read_text())
    assert run["n_articles"] == len(articles) and run["case"] == "grok-2026"
    assert not list(demo_run.glob(".*.tmp")), "temporary files left behind"


def test_actor_table_has_the_case_actors_with_kinds(demo_run):
    actors = io.read_table("actors", demo_run).set_index("name")
    for name, kind in [("Grok", "ai_system"), ("X", "platform"), ("Ofcom", "regulator"),
                       ("European Commission", "intergovernmental_body"), ("Elon Musk", "person")]:
        assert name in actors.index, name
        assert actors.loc[name, "kind"] == kind
        assert actors.loc[name, "n_articles"] >= 3


def test_duckdb_answers_questions_over_the_parquet_files(demo_run):
    con = io.duckdb_connect(demo_run)
    by_lang = dict(con.execute("SELECT language, count(*) FROM articles GROUP BY 1").fetchall())
    assert by_lang["en"] >= 10 and by_lang["nl"] >= 8 and by_lang["fr"] >= 8
    n = con.execute("SELECT count(*) FROM event_mentions m JOIN events e USING (event_id)").fetchone()[0]
    assert n > 0


def test_actors_suggest_lists_only_unknown_names_as_ready_yaml(demo_run):
    import yaml
    from typer.testing import CliRunner

    from timeline.cli import app

    curated = set(io.read_table("actors", demo_run).query("is_curated == True")["name"])
    result = CliRunner().invoke(app, ["actors", "suggest", str(demo_run), "--top", "10", "--yaml"])
    assert result.exit_code == 0, result.output
    entries = yaml.safe_load(result.output)["actors"]
    assert entries, "no candidates suggested"
    assert not {e["name"] for e in entries} & curated
    assert all(e["id"] and e["kind"] and e["aliases"]["any"] for e in entries)
