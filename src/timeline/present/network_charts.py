"""Actor network charts: a seeded layout, node size by centrality, colour by kind, weighted edges.

Labels are placed by searching for free room around each node (biggest nodes first), measured as rendered,
so a name never sits on another name or on a node. Small multiples share one layout computed on the union
of all days, so an actor keeps its place from panel to panel and change is visible.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import networkx as nx
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from timeline.present import frame, style
from timeline.present.layout import Box, place_near, renderer_for, text_size_px
from timeline.present.tables import cell_str, kind_lookup, records, require_columns

LABEL_SIZE = style.SIZES["label"]
MAX_NODES = 30  # actors drawn in one network chart (the most central ones)
LABEL_BOX = {"boxstyle": "square,pad=0.08", "facecolor": "white", "edgecolor": "none", "alpha": 0.72}


def graph_from_edges(edges: pd.DataFrame, actors: pd.DataFrame | Mapping[str, str] | None = None,
                     relation: str | None = "co_mention") -> nx.Graph:
    """An undirected weighted graph from an edges table (one relation, or all when None).

    Edges of the same pair are summed; every node gets its actor ``kind`` (``other`` when unknown).
    """
    require_columns(edges, ("source", "target", "relation", "weight"), "edges table")
    kinds = kind_lookup(actors)
    graph = nx.Graph()
    for e in records(edges):
        if relation and e["relation"] != relation:
            continue
        a, b = cell_str(e["source"]), cell_str(e["target"])
        if not a or not b or a == b:
            continue
        for n in (a, b):
            graph.add_node(n, kind=kinds.get(n, graph.nodes[n]["kind"] if n in graph else "other"))
        w = float(e["weight"] or 0) + (graph[a][b]["weight"] if graph.has_edge(a, b) else 0.0)
        graph.add_edge(a, b, weight=w, first_date=e.get("first_date"), last_date=e.get("last_date"))
    return graph


def cumulative_graphs(edges: pd.DataFrame, actors: pd.DataFrame | Mapping[str, str] | None = None,
                      days: Sequence[Any] | None = None, relation: str | None = "co_mention") -> dict[date, nx.Graph]:
    """The network as it stood at the end of each day: every edge first seen on or before that day."""
    require_columns(edges, ("first_date",), "edges table")
    firsts = edges["first_date"].map(frame.as_day)
    wanted = [frame.as_day(d) for d in days] if days else sorted({d for d in firsts if d is not None})
    return {day: graph_from_edges(edges[[f is not None and f <= day for f in firsts]], actors, relation)
            for day in wanted}


def centrality(graph: nx.Graph) -> dict[str, float]:
    """Weighted degree (strength) scaled to [0, 1]: how much of the coverage an actor shares with others."""
    strength = dict(graph.degree(weight="weight"))
    top = max(strength.values(), default=0) or 1.0
    return {n: s / top for n, s in strength.items()}


def top_subgraph(graph: nx.Graph, max_nodes: int | None = MAX_NODES) -> nx.Graph:
    """The `max_nodes` most central actors and the edges among them, without actors left unconnected.

    Real coverage names a hundred actors or more; a chart of all of them is unreadable, and the CSV
    written next to the chart holds exactly the actors it shows.
    """
    if max_nodes is not None and graph.number_of_nodes() > max_nodes:
        cent = centrality(graph)
        graph = graph.subgraph(sorted(graph.nodes, key=lambda n: (-cent[n], n))[:max_nodes])
    sub = nx.Graph(graph)
    sub.remove_nodes_from([n for n in list(sub.nodes) if sub.degree(n) == 0])
    return sub


def layout(graph: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Seeded spring layout: the same graph and seed always give the same picture.

    Attraction grows with the logarithm of the weight, so one dominant pair (Grok and X) does not pull
    every other actor into a knot at the centre.
    """
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() == 1:
        return {next(iter(graph.nodes)): (0.0, 0.0)}
    springs = nx.Graph()
    springs.add_nodes_from(sorted(graph.nodes))
    springs.add_weighted_edges_from((a, b, math.log1p(d.get("weight", 1.0) or 0.0))
                                    for a, b, d in sorted(graph.edges(data=True)))
    k = 2.2 / graph.number_of_nodes() ** 0.5
    pos = nx.spring_layout(springs, seed=seed, weight="weight", k=k, iterations=300)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def network_table(graph: nx.Graph, seed: int = 42, max_nodes: int | None = MAX_NODES) -> pd.DataFrame:
    """One row per drawn edge with both ends' kinds, centralities and positions (the CSV behind the chart)."""
    graph = top_subgraph(graph, max_nodes)
    pos, cent = layout(graph, seed), centrality(graph)
    rows = []
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (-e[2].get("weight", 1), e[0], e[1])):
        rows.append({"source": a, "target": b, "weight": data.get("weight", 1.0),
                     "source_kind": graph.nodes[a].get("kind", "other"),
                     "target_kind": graph.nodes[b].get("kind", "other"),
                     "source_centrality": round(cent[a], 4), "target_centrality": round(cent[b], 4),
                     "source_x": round(pos[a][0], 4), "source_y": round(pos[a][1], 4),
                     "target_x": round(pos[b][0], 4), "target_y": round(pos[b][1], 4)})
    columns = ["source", "target", "weight", "source_kind", "target_kind", "source_centrality",
               "target_centrality", "source_x", "source_y", "target_x", "target_y"]
    return pd.DataFrame(rows, columns=columns)


def _node_area(c: float, scale: float) -> float:
    return scale * (40.0 + 560.0 * c)


def _draw_graph(ax: Axes, graph: nx.Graph, pos: dict, cent: dict, scale: float, max_weight: float) -> None:
    for a, b, data in graph.edges(data=True):
        width = 0.6 + 4.0 * data.get("weight", 1.0) / max_weight
        ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], color="#9A9A9A", lw=width * scale ** 0.5,
                alpha=0.55, solid_capstyle="round", zorder=1, gid="network-edge")
    nodes = sorted(graph.nodes, key=lambda n: cent[n])
    ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes],
               s=[_node_area(cent[n], scale) for n in nodes],
               c=[style.kind_color(graph.nodes[n].get("kind")) for n in nodes],
               edgecolors="white", linewidths=1.0, zorder=2, gid="network-nodes")


def _node_boxes(ax: Axes, graph: nx.Graph, pos: dict, cent: dict, scale: float) -> dict[str, Box]:
    to_px = ax.transData.transform
    boxes = {}
    for n in graph.nodes:
        x, y = to_px(pos[n])
        r = (_node_area(cent[n], scale) ** 0.5 / 2) * frame.PX_PER_PT
        boxes[n] = Box(x - r, y - r, x + r, y + r)
    return boxes


def _label_nodes(fig: Figure, ax: Axes, graph: nx.Graph, pos: dict, cent: dict, scale: float,
                 fontsize: float, max_labels: int | None, bounds: Box) -> list[str]:
    """Place node labels where they clear every other label and node; return the labelled nodes.

    The most central actors are labelled first; a label that finds no free room is tried once more in a
    smaller size and further out, and left out rather than drawn over another one.
    """
    node_boxes = _node_boxes(ax, graph, pos, cent, scale)
    order = sorted(graph.nodes, key=lambda n: (-cent[n], n))[: max_labels or None]
    taken = list(node_boxes.values())
    placed = []
    for n in order:
        box = node_boxes[n]
        anchor = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        others = [t for t in taken if t is not box]
        for size, reach in ((fontsize, 50), (fontsize * 0.85, 110)):
            text = frame.wrap(n, size, 1.5)
            (w, h), = text_size_px(fig, [text], fontsize=size)
            spot = place_near(anchor, (w, h), others, bounds, start_radius=(box.x1 - box.x0) / 2 + 2, step=3.0,
                              max_radius=(box.x1 - box.x0) / 2 + reach)
            if spot is not None:
                break
        if spot is None:
            continue
        taken.append(spot)
        placed.append(n)
        to_data = ax.transData.inverted().transform
        cx, cy = to_data(((spot.x0 + spot.x1) / 2, (spot.y0 + spot.y1) / 2))
        ax.text(cx, cy, text, ha="center", va="center", fontsize=size, gid="node-label", zorder=4, linespacing=1.1,
                bbox=LABEL_BOX)
        near = (min(max(anchor[0], spot.x0), spot.x1), min(max(anchor[1], spot.y0), spot.y1))
        if ((near[0] - anchor[0]) ** 2 + (near[1] - anchor[1]) ** 2) ** 0.5 > (box.x1 - box.x0) / 2 + 6:
            (x0, y0), (x1, y1) = to_data(anchor), to_data(near)
            ax.plot([x0, x1], [y0, y1], color=style.MUTED_TEXT, lw=0.6, zorder=3, gid="label-leader")
    return placed


def _chart_bounds(fig: Figure, ax: Axes) -> Box:
    """Labels may use the side margins of the figure, but not the title block or the source line."""
    renderer = renderer_for(fig)
    axes_box = ax.get_window_extent(renderer)
    return Box(4.0, axes_box.y0, fig.bbox.width - 4.0, axes_box.y1)


def _kind_legend(ax_or_fig: Any, graph: nx.Graph, lang: str, **kw) -> None:
    groups = sorted({style.kind_group(graph.nodes[n].get("kind")) for n in graph.nodes},
                    key=list(style.GROUP_COLORS).index)
    handles = [Line2D([], [], marker="o", ls="", markersize=7, markerfacecolor=style.GROUP_COLORS[g],
                      markeredgecolor="white", label=style.text(f"group.{g}", lang)) for g in groups]
    if handles:
        ax_or_fig.legend(handles=handles, fontsize=style.SIZES["small"], handletextpad=0.3, columnspacing=0.9,
                         borderaxespad=0, **kw)


def _fit_limits(ax: Axes, pos: dict, pad: float) -> None:
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 0.5)
    ax.set_xlim(min(xs) - pad * span, max(xs) + pad * span)
    ax.set_ylim(min(ys) - pad * span, max(ys) + pad * span)
    ax.set_axis_off()


def network_chart(graph: nx.Graph | None = None, *, edges: pd.DataFrame | None = None,
                  actors: pd.DataFrame | Mapping[str, str] | None = None, relation: str | None = "co_mention",
                  seed: int = 42, lang: str = "en", title: str | None = None, subtitle: str | None = None,
                  source_line: str | None = None, max_nodes: int | None = MAX_NODES,
                  max_labels: int | None = None) -> Figure:
    """The actor network: pass a networkx graph (node attribute ``kind``, edge ``weight``) or an edges table.

    Only the `max_nodes` most central actors are drawn (all with None); labels go to the most central
    first and are left out, never overlapped, when no room is left.
    """
    style.check_lang(lang)
    if graph is None:
        if edges is None:
            raise ValueError("network_chart needs a graph or an edges table")
        graph = graph_from_edges(edges, actors, relation)
    graph = top_subgraph(graph, max_nodes)
    title = style.text("chart.network_title", lang) if title is None else title
    header, source = frame.Header.build(title, subtitle), frame.wrap_source(source_line)
    with style.chart_style():
        fig = frame.new_figure()
        margins = frame.Margins(0.1, 0.1, header.height_in + 0.35, frame.footer_height_in(source) + 0.05)
        ax = fig.add_axes((0, 0, 1, 1))
        frame.place_axes(fig, ax, margins, style.FIG_WIDTH_IN - 0.2)
        if graph.number_of_nodes() == 0:
            ax.set_axis_off()
            ax.text(0.5, 0.5, style.text("network.empty", lang), ha="center", va="center", transform=ax.transAxes)
        else:
            pos, cent = layout(graph, seed), centrality(graph)
            _fit_limits(ax, pos, 0.15)
            max_w = max((d.get("weight", 1.0) for *_, d in graph.edges(data=True)), default=1.0) or 1.0
            _draw_graph(ax, graph, pos, cent, 1.0, max_w)
            _label_nodes(fig, ax, graph, pos, cent, 1.0, LABEL_SIZE, max_labels, _chart_bounds(fig, ax))
        header.draw(fig)
        legend_y = 1 - (header.height_in + 0.02) / fig.get_size_inches()[1]
        _kind_legend(fig, graph, lang, loc="upper left", ncol=4, bbox_to_anchor=(0.1 / style.FIG_WIDTH_IN, legend_y))
        frame.draw_source(fig, source)
        return fig


def network_small_multiples(graphs: Mapping[Any, nx.Graph] | None = None, *, edges: pd.DataFrame | None = None,
                            actors: pd.DataFrame | Mapping[str, str] | None = None, days: Sequence[Any] | None = None,
                            relation: str | None = "co_mention", seed: int = 42, lang: str = "en",
                            ncols: int = 3, labels_per_panel: int = 4, max_nodes: int | None = 20,
                            title: str | None = None, subtitle: str | None = None,
                            source_line: str | None = None) -> Figure:
    """One panel per day (or per slice in `graphs`), all on the layout of the union graph.

    Every panel shows the same `max_nodes` actors (the most central over all panels) when present.
    """
    style.check_lang(lang)
    if graphs is None:
        if edges is None:
            raise ValueError("network_small_multiples needs graphs or an edges table")
        graphs = cumulative_graphs(edges, actors, days, relation)
    union, graphs = panel_graphs(graphs, max_nodes)
    pos, n = layout(union, seed), max(1, len(graphs))
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    title = style.text("chart.network_title", lang) if title is None else title
    header, source = frame.Header.build(title, subtitle), frame.wrap_source(source_line)
    with style.chart_style():
        fig = frame.new_figure()
        panel_w = (style.FIG_WIDTH_IN - 0.2) / ncols
        top = header.height_in + 0.35
        height = top + nrows * (panel_w + 0.25) + frame.footer_height_in(source) + 0.05
        fig.set_size_inches(style.FIG_WIDTH_IN, height)
        max_w = max((d.get("weight", 1.0) for *_, d in union.edges(data=True)), default=1.0) or 1.0
        for i, (key, graph) in enumerate(graphs.items()):
            r, c = divmod(i, ncols)
            y0 = height - top - (r + 1) * (panel_w + 0.25)
            ax = fig.add_axes(((0.1 + c * panel_w) / style.FIG_WIDTH_IN, y0 / height,
                               (panel_w - 0.08) / style.FIG_WIDTH_IN, panel_w / height))
            _small_panel(fig, ax, graph, pos, max_w, labels_per_panel, _panel_title(key, lang), lang)
        header.draw(fig)
        _kind_legend(fig, union, lang, loc="upper left", ncol=4,
                     bbox_to_anchor=(0.1 / style.FIG_WIDTH_IN, 1 - (header.height_in + 0.02) / height))
        frame.draw_source(fig, source)
        return fig


def panel_graphs(graphs: Mapping[Any, nx.Graph], max_nodes: int | None = 20) -> tuple[nx.Graph, dict[Any, nx.Graph]]:
    """The union of all panels' most central actors, and each panel restricted to them."""
    union = top_subgraph(nx.compose_all([nx.Graph(g) for g in graphs.values()]) if graphs else nx.Graph(),
                         max_nodes)
    return union, {key: top_subgraph(nx.Graph(g).subgraph([n for n in g.nodes if n in union]), None)
                   for key, g in graphs.items()}


def small_multiples_table(graphs: Mapping[Any, nx.Graph], max_nodes: int | None = 20) -> pd.DataFrame:
    """The edges of every panel, as drawn (the CSV behind the small multiples)."""
    _, panels = panel_graphs(graphs, max_nodes)
    rows = [{"panel": key, "source": a, "target": b, "weight": d.get("weight", 1.0)}
            for key, g in panels.items() for a, b, d in sorted(g.edges(data=True))]
    return pd.DataFrame(rows, columns=["panel", "source", "target", "weight"])


def _panel_title(key: Any, lang: str) -> str:
    try:
        day = frame.as_day(key)
    except (ValueError, TypeError):
        return str(key)
    return style.text("network.by_day", lang, day=style.format_day(day, lang)) if day else str(key)


def _small_panel(fig: Figure, ax: Axes, graph: nx.Graph, pos: dict, max_w: float, n_labels: int, title: str,
                 lang: str) -> None:
    _fit_limits(ax, pos, 0.1)
    ax.set_title(title, fontsize=style.SIZES["small"], loc="left", pad=2)
    ax.patch.set_visible(True)
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, style.text("network.empty", lang), ha="center", va="center", transform=ax.transAxes,
                fontsize=style.SIZES["small"], color=style.MUTED_TEXT)
        return
    cent = centrality(graph)
    _draw_graph(ax, graph, pos, cent, 0.35, max_w)
    bounds = Box.from_bbox(ax.get_window_extent(renderer_for(fig)))
    _label_nodes(fig, ax, graph, pos, cent, 0.35, style.SIZES["small"], n_labels, bounds)
