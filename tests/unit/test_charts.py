"""Chart semantics, not pixels: what is drawn, that every label is there, and that no two labels overlap."""

from __future__ import annotations

from datetime import date

import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.figure import Figure

from tests.fixtures.present.grok_case import MILESTONES, WINDOW, build_tables
from timeline.present import charts, style
from timeline.present.layout import overlapping_pairs, renderer_for
from timeline.present.network_charts import centrality


@pytest.fixture(scope="module")
def tables():
    return build_tables()


def _texts(fig: Figure, gid: str):
    return [t for t in fig.findobj(lambda a: hasattr(a, "get_text") and a.get_gid() == gid)]


def _boxes(fig: Figure, artists):
    renderer = renderer_for(fig)
    return [a.get_window_extent(renderer) for a in artists]


def _all_labels(fig: Figure):
    gids = ("event-label", "lane-label", "milestone-label", "chart-title", "chart-subtitle", "chart-source",
            "node-label", "lag-label")
    return [t for g in gids for t in _texts(fig, g) if t.get_text()]


def test_timeline_draws_one_marker_and_one_label_per_event(tables):
    events = tables["events"]
    fig = charts.timeline_chart(events, actors=tables["actors"], milestones=MILESTONES, window=WINDOW)
    markers = [c for c in fig.findobj(lambda a: a.get_gid() == "event-markers")]
    assert len(markers) == 1 and len(markers[0].get_offsets()) == len(events)
    labels = [t.get_text() for t in _texts(fig, "event-label")]
    expected = charts.timeline_table(events, actors=tables["actors"])["label"].tolist()
    assert sorted(labels) == sorted(expected)
    assert "Ofcom: investigation" in labels and "X: restriction" in labels


def test_timeline_labels_never_overlap_each_other_or_lanes_or_milestones(tables):
    fig = charts.timeline_chart(tables["events"], actors=tables["actors"], milestones=MILESTONES, window=WINDOW,
                                title="Grok: who did what", subtitle="28 Dec 2025 – 14 Jan 2026",
                                source_line=charts.coverage_credit(tables["articles"]))
    labels = _all_labels(fig)
    assert len(labels) >= len(tables["events"]) + 2 + 3
    assert overlapping_pairs(_boxes(fig, labels)) == []


def test_timeline_labels_stay_inside_the_figure(tables):
    fig = charts.timeline_chart(tables["events"], actors=tables["actors"], milestones=MILESTONES, window=WINDOW)
    width, height = fig.bbox.width, fig.bbox.height
    for box in _boxes(fig, _all_labels(fig)):
        assert box.x0 >= 0 and box.x1 <= width + 0.5 and box.y0 >= 0 and box.y1 <= height + 0.5


def test_crowded_day_still_has_no_overlapping_labels():
    rows = [{"event_id": f"e{i}", "date": date(2026, 1, 2), "type": "criticism", "actors": f"Minister number {i}",
             "title": "A minister criticised X.", "n_sources": 1 + i % 5, "is_key_event": i % 2 == 0}
            for i in range(14)]
    fig = charts.timeline_chart(pd.DataFrame(rows), lanes="event_type")
    labels = _texts(fig, "event-label")
    assert len(labels) == 14
    assert overlapping_pairs(_boxes(fig, labels)) == []


def test_timeline_axis_covers_events_window_and_milestones(tables):
    fig = charts.timeline_chart(tables["events"], actors=tables["actors"], milestones=MILESTONES, window=WINDOW)
    ax = fig.axes[0]
    lo, hi = (mdates.num2date(v).date() for v in ax.get_xlim())
    days = list(tables["events"]["date"]) + list(WINDOW) + [m.date for m in MILESTONES]
    assert lo < min(days) and hi > max(days)
    window = [p for p in ax.patches if p.get_gid() == "window"]
    assert len(window) == 1
    milestone_lines = [ln for ln in ax.lines if ln.get_gid() == "milestone-line"]
    assert len(milestone_lines) == len(MILESTONES)


def test_timeline_lanes_follow_actor_kind_or_event_type(tables):
    events, actors = tables["events"], tables["actors"]
    by_kind = charts.timeline_table(events, actors=actors)
    assert by_kind.loc[by_kind["event_id"] == "K12", "lane"].item() == "regulator"
    assert by_kind.loc[by_kind["event_id"] == "K02", "lane"].item() == "ai_system"
    fig = charts.timeline_chart(events, actors=actors)
    lane_labels = {t.get_text().replace("\n", " ") for t in _texts(fig, "lane-label")}
    assert lane_labels == {style.kind_label(k) for k in by_kind["lane"]}
    by_type = charts.timeline_table(events, lanes="event_type")
    assert set(by_type["lane"]) == set(events["type"])


def test_timeline_in_dutch_uses_dutch_texts_and_months(tables):
    fig = charts.timeline_chart(tables["events"], actors=tables["actors"], window=WINDOW, lang="nl",
                                source_line=charts.coverage_credit(tables["articles"], "nl"))
    texts = " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
    assert "Tijdlijn" in texts and "Toezichthouder" in texts and "onderzoek" in texts
    assert "jan" in texts and "Bron: 74 artikelen van 10 media" in texts
    assert "Regulator" not in texts


def test_unsupported_language_and_bad_lanes_are_clear_errors(tables):
    with pytest.raises(ValueError, match="unsupported language 'xx'"):
        charts.timeline_chart(tables["events"], lang="xx")
    with pytest.raises(ValueError, match="lanes must be"):
        charts.timeline_table(tables["events"], lanes="outlet")
    with pytest.raises(ValueError, match="missing column"):
        charts.timeline_chart(tables["events"].drop(columns=["title"]))


def test_volume_bars_add_up_to_the_articles_and_events(tables):
    articles, events = tables["articles"], tables["events"]
    table = charts.volume_table(articles, events)
    assert table.loc[table["series"] == "articles", "count"].sum() == len(articles)
    assert table.loc[table["series"] == "events", "count"].sum() == len(events)
    assert set(table.loc[table["series"] == "articles", "group"]) == {"EN", "NL", "FR", "DE"}
    fig = charts.volume_chart(articles, events, milestones=MILESTONES, window=WINDOW)
    heights = {}
    for ax in fig.axes:
        for patch in ax.patches:
            if patch.get_gid() and patch.get_gid().startswith("bars-"):
                heights[patch.get_gid()] = heights.get(patch.get_gid(), 0) + patch.get_height()
    assert heights == {"bars-articles": len(articles), "bars-events": len(events)}
    assert overlapping_pairs(_boxes(fig, _all_labels(fig))) == []


def test_volume_by_type_groups_events_by_type_group(tables):
    table = charts.volume_table(tables["articles"], tables["events"], stack_by="type")
    groups = set(table.loc[table["series"] == "events", "group"])
    assert groups == {"Enforcement", "Statements & criticism", "Platform action", "Lawmaking", "Other"}
    with pytest.raises(ValueError, match="stack_by"):
        charts.volume_table(tables["articles"], stack_by="outlet")


def test_lags_chart_orders_actors_fastest_first(tables):
    lags = pd.DataFrame({"actor": ["Ofcom", "European Commission", "Rob Bonta", "French government"],
                         "lag_days": [3, 3, 12, 0], "type": ["regulatory_demand", "criticism", "investigation",
                                                               "legal_complaint"]})
    table = charts.lags_table(lags, actors=tables["actors"])
    assert table["actor"].tolist() == ["French government", "European Commission", "Ofcom", "Rob Bonta"]
    assert table["kind"].tolist() == ["government", "intergovernmental_body", "regulator", "prosecutor_court"]
    fig = charts.lags_chart(lags, actors=tables["actors"], reference="2 Jan")
    (markers,) = [c for c in fig.findobj(lambda a: a.get_gid() == "lag-markers")]
    assert [x for x, _ in markers.get_offsets()] == [0, 3, 3, 12]
    assert [t.get_text() for t in _texts(fig, "lag-label")] == ["0 d", "+3 d", "+3 d", "+12 d"]
    assert fig.axes[0].get_xlabel() == "Days after 2 Jan"
    with pytest.raises(ValueError, match="actor and a lag column"):
        charts.lags_table(pd.DataFrame({"who": ["x"]}))


def test_network_sizes_colours_and_labels_every_actor(tables):
    graph = charts.graph_from_edges(tables["edges"], tables["actors"])
    fig = charts.network_chart(graph, seed=3)
    (nodes,) = [c for c in fig.findobj(lambda a: a.get_gid() == "network-nodes")]
    assert len(nodes.get_offsets()) == graph.number_of_nodes()
    cent = centrality(graph)
    sizes = dict(zip(sorted(graph.nodes, key=lambda n: cent[n]), nodes.get_sizes(), strict=True))
    assert sizes["X"] == max(sizes.values())  # X is named with nearly everyone
    labels = _texts(fig, "node-label")
    assert {t.get_text().replace("\n", " ") for t in labels} == set(graph.nodes)
    node_boxes = [b for b in _boxes(fig, labels)]
    assert overlapping_pairs(node_boxes + _boxes(fig, _texts(fig, "chart-title"))) == []


def test_network_layout_is_reproducible_with_a_seed(tables):
    graph = charts.graph_from_edges(tables["edges"], tables["actors"])
    first = charts.network_table(graph, seed=11)
    again = charts.network_table(graph, seed=11)
    other = charts.network_table(graph, seed=12)
    pd.testing.assert_frame_equal(first, again)
    assert not first[["source_x", "source_y"]].equals(other[["source_x", "source_y"]])
    assert first["weight"].tolist() == sorted(first["weight"], reverse=True)


def test_small_multiples_one_panel_per_day_growing_network(tables):
    days = ["2026-01-02", "2026-01-05", "2026-01-09", "2026-01-12"]
    graphs = charts.cumulative_graphs(tables["edges"], tables["actors"], days)
    sizes = [g.number_of_edges() for g in graphs.values()]
    assert sizes == sorted(sizes) and sizes[0] > 0
    fig = charts.network_small_multiples(graphs, seed=1)
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert [ax.get_title(loc="left") for ax in panels] == ["As of 2 Jan", "As of 5 Jan", "As of 9 Jan", "As of 12 Jan"]
    assert overlapping_pairs(_boxes(fig, _texts(fig, "node-label"))) == []


def test_empty_network_draws_a_message_not_an_error():
    fig = charts.network_chart(edges=pd.DataFrame(columns=["source", "target", "relation", "weight"]))
    assert "No connections yet" in [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def test_charts_return_figures_and_write_nothing(tables, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    figs = [charts.timeline_chart(tables["events"], actors=tables["actors"]),
            charts.volume_chart(tables["articles"], tables["events"]),
            charts.network_chart(edges=tables["edges"], actors=tables["actors"])]
    assert all(isinstance(f, Figure) for f in figs)
    assert list(tmp_path.iterdir()) == []
