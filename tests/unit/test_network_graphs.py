"""Actor networks: edges table, graphs over time, centrality, communities and exports."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from timeline.analysis import gexf, network
from timeline.analysis.network_export import write_network
from timeline.analysis.timeline import merge_events
from timeline.config import Settings

FIXTURE = Path(__file__).parents[1] / "fixtures" / "analysis" / "grok_synthetic.py"
_spec = importlib.util.spec_from_file_location("grok_synthetic", FIXTURE)
grok = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(grok)


@pytest.fixture(scope="module")
def run():
    arts = grok.articles()
    events, linked = merge_events(grok.event_mentions().drop(columns=["gold_event"]), settings=Settings(),
                                  articles=arts)
    days = network.article_days(arts)
    return {"events": events, "linked": linked, "articles": arts, "am": grok.actor_mentions(),
            "co": network.co_mention_observations(grok.actor_mentions(), days),
            "inter": network.interaction_observations(events), "days": days}


def test_edges_table_has_both_relations_counted_once_per_event(run):
    edges = network.build_edges(run["am"], run["linked"], run["events"], articles=run["articles"])
    inter = edges.loc[edges["relation"] == "interaction"]
    ofcom = inter.loc[(inter["source"] == "Ofcom") & (inter["target"] == "X")]
    assert set(ofcom["event_type"]) == {"regulatory_demand", "investigation"}
    assert (ofcom["weight"] == 1.0).all()  # five and six reports, but one event each
    restrict = inter.loc[(inter["source"] == "X") & (inter["target"] == "Grok")].iloc[0]
    assert restrict["first_date"] == restrict["last_date"] == date(2026, 1, 9)
    co = edges.loc[edges["relation"] == "co_mention"]
    assert co["event_type"].isna().all() and (co["source"] < co["target"]).all()
    ec_x = co.loc[(co["source"] == "European Commission") & (co["target"] == "X")].iloc[0]
    assert ec_x["weight"] == 6.0 and ec_x["first_date"] == date(2026, 1, 8)


def test_build_edges_dates_from_mentions_when_articles_are_absent(run):
    edges = network.build_edges(run["am"], run["linked"], run["events"])
    assert edges.loc[edges["relation"] == "co_mention", "first_date"].notna().any()


def test_interaction_graph_is_directed_and_typed(run):
    graph = network.graph_from(run["inter"], directed=True)
    assert graph.has_edge("X", "Grok") and not graph.has_edge("Grok", "X")
    assert set(graph["Ofcom"]["X"]["event_types"]) == {"regulatory_demand", "investigation"}
    assert graph["Ofcom"]["X"]["first_date"] == date(2026, 1, 5)


def test_article_scope_links_more_pairs_than_sentence_scope(run):
    sentence = network.graph_from(run["co"])
    article = network.graph_from(network.co_mention_observations(run["am"], run["days"], scope="article"))
    assert article.number_of_edges() > sentence.number_of_edges()
    with pytest.raises(ValueError):
        network.co_mention_observations(run["am"], run["days"], scope="paragraph")


def test_daily_and_cumulative_slices(run):
    daily = network.slices(run["inter"], "day", directed=True)
    assert daily[0][0] == date(2026, 1, 2) and daily[-1][0] == date(2026, 1, 12)
    assert len(daily) == 11  # every day, quiet ones included
    quiet = dict((s, g) for s, _, g in daily)[date(2026, 1, 4)]
    assert quiet.number_of_edges() == 0
    cumulative = network.slices(run["inter"], "day", cumulative=True, directed=True)
    sizes = [g.number_of_edges() for _, _, g in cumulative]
    assert sizes == sorted(sizes) and sizes[-1] == network.graph_from(run["inter"], directed=True).number_of_edges()
    weekly = network.slices(run["co"], "week")
    assert [s for s, _, _ in weekly] == [date(2025, 12, 29), date(2026, 1, 5), date(2026, 1, 12)]


def test_entry_dates(run):
    first = network.entry_dates(run["co"], network.first_mention_days(run["am"], run["days"]))
    assert first["Grok"] == date(2026, 1, 2) and first["Ofcom"] == date(2026, 1, 5)
    assert first["Malaysian government"] == date(2026, 1, 11)
    assert list(first.values()) == sorted(first.values())


def test_centrality_over_time(run):
    table = network.centrality_over_time(network.slices(run["co"], "day", cumulative=True))
    last = table.loc[table["period_start"] == table["period_start"].max()].set_index("actor")
    assert last["betweenness"].idxmax() in {"Grok", "X"}
    assert (table["degree_centrality"].between(0, 1)).all()
    ofcom = table.loc[table["actor"] == "Ofcom"]
    assert ofcom["period_start"].min() == date(2026, 1, 5)


def test_community_labels_follow_members_between_slices():
    prev = {"C1": {"a", "b", "c"}, "C2": {"x", "y"}}
    named, nxt = network.match_labels(prev, [{"x", "y", "z"}, {"a", "b"}, {"q"}], 3)
    assert named["C2"] == {"x", "y", "z"} and named["C1"] == {"a", "b"} and named["C3"] == {"q"} and nxt == 4


def test_communities_over_time_are_seeded_and_stable(run):
    graphs = network.slices(run["co"], "day", cumulative=True)
    first = network.communities_over_time(graphs, seed=7)
    again = network.communities_over_time(graphs, seed=7)
    pd.testing.assert_frame_equal(first, again)
    french = first.loc[first["actor"].isin(["French government", "Paris prosecutor", "Arcom"])]
    per_day = french.groupby("period_start")["community"].nunique()
    assert (per_day == 1).all()  # the French actors stay together
    assert french["community"].nunique() == 1  # and keep their label from day to day


def test_gexf_is_dynamic_valid_and_reads_back(run, tmp_path):
    graph = network.graph_from(run["inter"], directed=True, node_info={"Ofcom": {"kind": "regulator"}})
    entry = network.entry_dates(run["inter"])
    (path,) = write_network(graph, tmp_path, name="inter", relation="interaction", fmt="gexf", entry=entry)
    data = path.read_bytes()
    assert gexf.validation_errors(data) == []
    assert b'mode="dynamic"' in data and b"<spell " in data and b'for="weight"' in data
    back = nx.read_gexf(path)
    assert back.is_directed() and back.has_edge("X", "Grok")
    assert back.nodes["Ofcom"]["kind"] == "regulator" and back.nodes["Ofcom"]["start"] == "2026-01-05"
    assert back["Ofcom"]["X"]["spells"] == [("2026-01-05", "2026-01-05"), ("2026-01-12", "2026-01-12")]


@pytest.mark.parametrize("broken, why", [
    (b'version="1.3"', b'version="1.2"'),
    (b'mode="dynamic"', b'mode="moving"'),
    (b'<spell start="2026-01-09" end="2026-01-09"', b'<spell start="9 Jan" end="2026-01-09"'),
    (b'<spell start="2026-01-09" end="2026-01-09"', b'<spell timestamp="2026-01-09" end="2026-01-09"'),
])
def test_schema_rejects_what_gephi_would(run, broken, why):
    graph = network.graph_from(run["inter"], directed=True)
    data = gexf.to_gexf(graph, relation="interaction")
    assert broken in data
    assert gexf.validation_errors(data.replace(broken, why, 1))


def test_graphml_and_csv_exports(run, tmp_path):
    graph = network.graph_from(run["co"], node_info={"Grok": {"kind": "ai_system", "country": "US"}})
    (graphml,) = write_network(graph, tmp_path, name="co", relation="co_mention", fmt="graphml")
    back = nx.read_graphml(graphml)
    assert back.number_of_edges() == graph.number_of_edges() and back.nodes["Grok"]["kind"] == "ai_system"
    assert back["European Commission"]["X"]["first_date"] == "2026-01-08"
    nodes, edges = write_network(graph, tmp_path, name="co", relation="co_mention", fmt="csv")
    assert len(pd.read_csv(edges)) == graph.number_of_edges()
    assert set(pd.read_csv(nodes)["id"]) == set(graph.nodes)
    with pytest.raises(ValueError):
        write_network(graph, tmp_path, name="co", relation="co_mention", fmt="dot")
