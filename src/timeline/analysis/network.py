"""Actor networks over time: who is named with whom, and who acted on whom.

Everything starts from *observations*: one dated row per co-mention (two actors in one sentence, or one
article) or per interaction (an event's actor acting on its target, one row per merged event, so one
event counted once). Graphs, daily/weekly slices, cumulative views, centrality and communities are all
computed from that one table, so they always agree with each other and with ``edges.csv``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import networkx as nx
import pandas as pd

from timeline.analysis.mentions import as_date
from timeline.dataset import schema
from timeline.dataset.schema import JOIN

OBSERVATION_COLUMNS = ["source", "target", "relation", "event_type", "date", "weight", "ref"]


def _names(cell: object) -> list[str]:
    return list(dict.fromkeys(p for p in cell.split(JOIN) if p)) if isinstance(cell, str) else []


def article_days(articles: pd.DataFrame | None = None, event_mentions: pd.DataFrame | None = None) -> dict[str, date]:
    """Publication day per article id, from the articles table or, failing that, the event mentions."""
    for table in (articles, event_mentions):
        if table is not None and len(table) and "published_date" in table:
            pairs = table[["article_id", "published_date"]].drop_duplicates("article_id")
            return {a: as_date(d) for a, d in zip(pairs["article_id"], pairs["published_date"], strict=True)
                    if as_date(d)}
    return {}


def co_mention_observations(actor_mentions: pd.DataFrame, days: Mapping[str, date], *,
                            scope: str = "sentence") -> pd.DataFrame:
    """One row per pair of actors named together in a sentence (or an article), dated by publication."""
    if scope not in ("sentence", "article"):
        raise ValueError(f"scope {scope!r}: use 'sentence' or 'article'")
    keys = ["article_id", "sentence_index"] if scope == "sentence" else ["article_id"]
    rows = []
    if len(actor_mentions):
        for key, group in actor_mentions.groupby(keys, sort=True):
            article_id = key[0] if isinstance(key, tuple) else key
            names = sorted(set(group["name"]))
            for a, b in itertools.combinations(names, 2):
                rows.append((a, b, "co_mention", None, days.get(article_id), 1.0, f"{article_id}#{key}"))
    return pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)


def interaction_observations(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (actor, target) of each merged event: directed, typed and dated by the event."""
    rows = []
    for ev in events.itertuples(index=False):
        for actor, target in itertools.product(_names(ev.actors), _names(ev.targets)):
            if actor != target:
                rows.append((actor, target, "interaction", ev.type, ev.date, 1.0, ev.event_id))
    return pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)


def build_edges(actor_mentions: pd.DataFrame, event_mentions: pd.DataFrame, events: pd.DataFrame, *,
                articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``edges`` table: sentence co-mentions (undirected) and typed interactions (directed)."""
    days = article_days(articles, event_mentions)
    obs = pd.concat([co_mention_observations(actor_mentions, days), interaction_observations(events)],
                    ignore_index=True)
    if obs.empty:
        return schema.empty("edges")
    obs["event_type"] = obs["event_type"].fillna("")
    grouped = obs.groupby(["source", "target", "relation", "event_type"], sort=True)
    edges = grouped.agg(weight=("weight", "sum"),
                        first_date=("date", lambda s: min((d for d in s if d), default=None)),
                        last_date=("date", lambda s: max((d for d in s if d), default=None))).reset_index()
    edges["event_type"] = edges["event_type"].replace("", None)
    edges = edges.sort_values(["relation", "weight", "source", "target"], ascending=[True, False, True, True])
    return schema.validate("edges", edges.reset_index(drop=True).astype(object))


def graph_from(observations: pd.DataFrame, *, directed: bool = False,
               node_info: Mapping[str, Mapping[str, object]] | None = None) -> nx.Graph:
    """A weighted graph: edge ``weight``, ``first_date``, ``last_date``, ``event_types``, per-day ``days``."""
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    for row in observations.itertuples(index=False):
        for name in (row.source, row.target):
            if name not in graph:
                graph.add_node(name, label=name, **dict((node_info or {}).get(name, {})))
        data = graph.get_edge_data(row.source, row.target)
        if data is None:
            graph.add_edge(row.source, row.target, weight=0.0, days={}, event_types={})
            data = graph.get_edge_data(row.source, row.target)
        data["weight"] += row.weight
        if row.date:
            data["days"][row.date] = data["days"].get(row.date, 0.0) + row.weight
        if isinstance(row.event_type, str) and row.event_type:
            data["event_types"][row.event_type] = data["event_types"].get(row.event_type, 0.0) + row.weight
    for _, _, data in graph.edges(data=True):
        days = sorted(data["days"])
        data["first_date"], data["last_date"] = (days[0], days[-1]) if days else (None, None)
    return graph


def period_start(day: date, freq: str) -> date:
    """The first day of the day's period: itself for daily slices, the Monday for weekly ones."""
    if freq in ("D", "day"):
        return day
    if freq in ("W", "week"):
        return day - timedelta(days=day.weekday())
    raise ValueError(f"freq {freq!r}: use 'day' or 'week'")


def periods(observations: pd.DataFrame, freq: str) -> list[tuple[date, date]]:
    """Every period (start, end inclusive) from the first to the last dated observation, gaps included."""
    days = [d for d in observations["date"] if d]
    if not days:
        return []
    step = timedelta(days=1 if freq in ("D", "day") else 7)
    start, last = period_start(min(days), freq), max(days)
    out = []
    while start <= last:
        out.append((start, start + step - timedelta(days=1)))
        start += step
    return out


def slices(observations: pd.DataFrame, freq: str = "day", *, cumulative: bool = False, directed: bool = False,
           node_info: Mapping[str, Mapping[str, object]] | None = None) -> list[tuple[date, date, nx.Graph]]:
    """One graph per period: what happened in it, or (``cumulative``) everything up to its end."""
    dated = observations.loc[observations["date"].notna()]
    out = []
    for start, end in periods(dated, freq):
        inside = dated["date"].map(lambda d, s=start, e=end: (d <= e) if cumulative else (s <= d <= e))
        out.append((start, end, graph_from(dated.loc[inside], directed=directed, node_info=node_info)))
    return out


def entry_dates(observations: pd.DataFrame, mention_days: Mapping[str, date] | None = None) -> dict[str, date]:
    """The first day each actor appears: named in an article, or in an edge, whichever is earlier."""
    first: dict[str, date] = dict(mention_days or {})
    for row in observations.itertuples(index=False):
        if row.date:
            for name in (row.source, row.target):
                if name not in first or row.date < first[name]:
                    first[name] = row.date
    return dict(sorted(first.items(), key=lambda kv: (kv[1], kv[0])))


def first_mention_days(actor_mentions: pd.DataFrame, days: Mapping[str, date]) -> dict[str, date]:
    """The publication day of the first article naming each actor."""
    first: dict[str, date] = {}
    for name, article_id in zip(actor_mentions["name"], actor_mentions["article_id"], strict=True):
        day = days.get(article_id)
        if day and (name not in first or day < first[name]):
            first[name] = day
    return first


def centrality_over_time(graphs: Iterable[tuple[date, date, nx.Graph]]) -> pd.DataFrame:
    """Degree, weighted degree (strength) and betweenness of every actor in every slice."""
    rows = []
    for start, end, graph in graphs:
        if graph.number_of_nodes() == 0:
            continue
        simple = graph.to_undirected() if graph.is_directed() else graph
        for _, _, data in simple.edges(data=True):
            data["distance"] = 1.0 / data["weight"] if data.get("weight") else 1.0
        betweenness = nx.betweenness_centrality(simple, weight="distance", normalized=True)
        degree_c = nx.degree_centrality(simple)
        for node in sorted(simple.nodes):
            rows.append({"period_start": start, "period_end": end, "actor": node, "degree": simple.degree(node),
                         "strength": float(simple.degree(node, weight="weight")),
                         "degree_centrality": round(degree_c[node], 4), "betweenness": round(betweenness[node], 4)})
    return pd.DataFrame(rows, columns=["period_start", "period_end", "actor", "degree", "strength",
                                       "degree_centrality", "betweenness"])


def _louvain(graph: nx.Graph, seed: int) -> list[set[str]]:
    simple = graph.to_undirected() if graph.is_directed() else graph
    if simple.number_of_edges() == 0:
        return [{n} for n in sorted(simple.nodes)]
    found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(c)))


def match_labels(previous: Mapping[str, set[str]], current: list[set[str]], next_label: int) -> tuple[dict, int]:
    """Give each current community the label of the previous one it overlaps most (one-to-one).

    Pairs are taken by decreasing overlap (Jaccard), so a community that split keeps its label on the
    larger part; a community overlapping nothing gets a new label.
    """
    scored = []
    for i, members in enumerate(current):
        for label, old in previous.items():
            shared = len(members & old)
            if shared:
                scored.append((-shared / len(members | old), -shared, label, i))
    labels: dict[int, str] = {}
    used: set[str] = set()
    for _, _, label, i in sorted(scored):
        if i not in labels and label not in used:
            labels[i] = label
            used.add(label)
    for i in range(len(current)):
        if i not in labels:
            labels[i] = f"C{next_label}"
            next_label += 1
    return {labels[i]: members for i, members in enumerate(current)}, next_label


def communities_over_time(graphs: Iterable[tuple[date, date, nx.Graph]], *, seed: int = 42) -> pd.DataFrame:
    """Louvain communities per slice (seeded), with labels carried over between consecutive slices."""
    rows, previous, next_label = [], {}, 1
    for start, end, graph in graphs:
        if graph.number_of_nodes() == 0:
            continue
        named, next_label = match_labels(previous, _louvain(graph, seed), next_label)
        for label, members in named.items():
            rows.extend({"period_start": start, "period_end": end, "actor": a, "community": label}
                        for a in sorted(members))
        previous = named
    table = pd.DataFrame(rows, columns=["period_start", "period_end", "actor", "community"])
    return table.sort_values(["period_start", "community", "actor"]).reset_index(drop=True)
