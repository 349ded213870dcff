"""``timeline.load`` and the Timeline object, plus the build/network commands, on a written run."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from timeline import api, cli_analysis
from timeline.analysis import gexf
from timeline.errors import ConfigError, TimelineError

FIXTURE = Path(__file__).parents[1] / "fixtures" / "analysis" / "grok_synthetic.py"
_spec = importlib.util.spec_from_file_location("grok_synthetic", FIXTURE)
grok = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(grok)

CASE_TOML = """
[case]
title = "Synthetic Grok case"
languages = ["en", "nl", "fr"]

[window]
start = 2026-01-01
end = 2026-01-14

[[milestones]]
date = 2026-01-02
label = "Grok acknowledges lapses"
key = "acknowledgement"

[[milestones]]
date = 2026-01-09
label = "Image generation restricted"
key = "restriction"
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "config" / "cases" / "synth").mkdir(parents=True)
    (root / "config" / "cases" / "synth" / "case.toml").write_text(CASE_TOML, encoding="utf-8")
    grok.write_run(root / "data" / "processed" / "synth")
    (root / "data" / "processed" / "synth" / "run.json").write_text('{"case": "synth"}', encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tl(project):
    return api.load("synth", root=project)


def test_load_by_case_name_and_by_folder(project, tl):
    assert tl.case.name == "synth" and tl.milestones["restriction"] == date(2026, 1, 9)
    assert len(tl.events) == 10 and len(tl.articles) == len(grok.articles())
    assert isinstance(tl.events["date"].iloc[0], date)
    by_folder = api.load(project / "data" / "processed" / "synth", root=project)
    assert list(by_folder.events["event_id"]) == list(tl.events["event_id"])
    assert by_folder.milestones == tl.milestones  # found through run.json
    assert tl.timexes.empty and "Timeline(synth" in repr(tl)


def test_load_errors_are_clear(project, tmp_path):
    with pytest.raises(ConfigError, match="no case named"):
        api.load("nope", root=project)
    (project / "config" / "cases" / "empty").mkdir()
    (project / "config" / "cases" / "empty" / "case.toml").write_text('[case]\ntitle = "x"\n', encoding="utf-8")
    with pytest.raises(TimelineError, match="timeline run empty"):
        api.load("empty", root=project)


def test_timeline_methods(tl):
    window = tl.window("acknowledgement", "restriction")
    assert window["date"].min() == date(2026, 1, 2) and window["date"].max() == date(2026, 1, 9)
    assert len(tl.key_events()) == 8 and len(tl.key_events(3)) == 3
    fr = tl.key_events(lang="fr")
    assert fr.loc[fr["type"] == "restriction", "title"].iloc[0].startswith(("X a ", "Le 9 janvier"))
    assert set(tl.filter(actor="Ofcom")["actors"]) == {"Ofcom"}
    ack = tl.events.loc[tl.events["type"] == "acknowledgement", "event_id"].iloc[0]
    assert tl.reaction_lags(ack)["actor"].iloc[0] == "French government"
    assert len(tl.mentions_of(ack)) == 7
    assert int(tl.coverage()["total"].sum()) == len(tl.articles)
    assert len(tl.key_days(3)) == 3 and not tl.coverage_gaps().empty


def test_networks_over_time(tl):
    assert isinstance(tl.interaction_graph(), nx.DiGraph)
    early = tl.co_mention_graph(end="2026-01-03")
    assert "Ofcom" not in early and "Grok" in early
    assert tl.entry_dates()["Indonesian government"] == date(2026, 1, 10)
    assert len(tl.slices("week")) == 3
    central = tl.centrality_over_time("week")
    assert set(central.columns) >= {"actor", "degree", "betweenness"}
    assert tl.communities("week")["community"].str.startswith("C").all()
    assert tl.co_mention_graph().nodes["Ofcom"]["kind"] == "regulator"


def test_sql_over_parquet_and_in_memory(tl):
    counts = tl.sql("SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC, type")
    assert counts["n"].sum() == 10
    memory = api.Timeline(dict(tl.tables))
    assert memory.sql("SELECT count(*) AS n FROM event_mentions")["n"].iloc[0] == len(tl.event_mentions)


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("build")(cli_analysis.build)
    app.command("network")(cli_analysis.network)
    return app


def test_cli_build_prints_and_writes_the_window(project, monkeypatch, tmp_path):
    monkeypatch.setenv("TIMELINE_HOME", str(project))
    result = CliRunner().invoke(_app(), ["build", "synth", "--from", "2026-01-02", "--to", "2026-01-09",
                                         "--k", "5", "--lang", "nl", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / "window_2026-01-02_2026-01-09_k5.csv")
    assert len(table) == 5 and table["date"].is_monotonic_increasing
    assert "beperk" in table.loc[table["type"] == "restriction", "title"].iloc[0]
    bad = CliRunner().invoke(_app(), ["build", "synth", "--from", "yesterday", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "yesterday" in bad.output


def test_cli_network_writes_valid_files(project, monkeypatch, tmp_path):
    monkeypatch.setenv("TIMELINE_HOME", str(project))
    result = CliRunner().invoke(_app(), ["network", "synth", "--freq", "week", "--format", "gexf",
                                         "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for kind in ("co_mention", "interaction"):
        assert gexf.validation_errors((tmp_path / f"network_{kind}.gexf").read_bytes()) == []
        assert not pd.read_csv(tmp_path / f"communities_{kind}_week.csv").empty
    csv = CliRunner().invoke(_app(), ["network", "synth", "--format", "csv", "--kind", "interaction",
                                      "--out", str(tmp_path / "csv")])
    assert csv.exit_code == 0 and (tmp_path / "csv" / "network_interaction_edges.csv").is_file()
    assert CliRunner().invoke(_app(), ["network", "synth", "--freq", "month"]).exit_code == 2
