"""The notebook API: ``timeline.load("grok-2026")`` → a :class:`Timeline` with tables and questions.

A Timeline holds the output tables as pandas DataFrames (dates as ``datetime.date``) and answers the
analyst's questions as methods: key events, milestone windows, filters, reaction lags, coverage, actor
networks over time, and SQL over the Parquet files. It never re-runs the pipeline; it reads what a run
wrote (``data/processed/<case>/`` or any ``--out`` folder).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import networkx as nx
import pandas as pd

from timeline.analysis import coverage as cov
from timeline.analysis import lags, network, salience, views
from timeline.analysis.network_export import write_network
from timeline.analysis.timeline import retitle
from timeline.config import Case, Settings, load_case, project_root
from timeline.dataset import io, schema
from timeline.errors import ConfigError, TimelineError

TABLE_NAMES = ("articles", "event_mentions", "events", "actors", "actor_mentions", "edges", "timexes", "rejects")
_VALIDATED_ON_LOAD = ("events", "actors", "edges")  # small tables: cheap to re-check; the rest were checked on write
GRAPH_KINDS = ("co_mention", "interaction")


@dataclass
class Timeline:
    """The tables of one run and the operations an analyst needs on them."""

    tables: dict[str, pd.DataFrame]
    folder: Path | None = None
    case: Case | None = None
    settings: Settings = field(default_factory=Settings)

    # -- tables ---------------------------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        """One table by name (an empty, valid table when the run did not write it)."""
        if name not in TABLE_NAMES:
            raise KeyError(f"no table {name!r}; tables: {', '.join(TABLE_NAMES)}")
        return self.tables.get(name, schema.empty(name))

    articles = property(lambda self: self.table("articles"), doc="One row per usable article.")
    event_mentions = property(lambda self: self.table("event_mentions"), doc="Sentence-level event reports.")
    events = property(lambda self: self.table("events"), doc="The timeline: one row per merged event.")
    actors = property(lambda self: self.table("actors"), doc="One row per canonical actor.")
    actor_mentions = property(lambda self: self.table("actor_mentions"), doc="Every actor mention.")
    edges = property(lambda self: self.table("edges"), doc="Network edges (co-mentions, interactions).")
    timexes = property(lambda self: self.table("timexes"), doc="Temporal expressions found in the texts.")
    rejects = property(lambda self: self.table("rejects"), doc="Input records that could not be used.")

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}={len(self.tables.get(n, ()))}" for n in TABLE_NAMES)
        return f"Timeline({self.case.name if self.case else self.folder}: {sizes})"

    @property
    def milestones(self) -> dict[str, date]:
        """Milestone keys (and labels) from the case file, mapped to their day."""
        out: dict[str, date] = {}
        for m in self.case.milestones if self.case else ():
            out[m.label] = m.date
            if m.key:
                out[m.key] = m.date
        return out

    # -- timeline -------------------------------------------------------------------------------
    def key_events(self, k: int | None = None, *, lang: str | None = None) -> pd.DataFrame:
        """The K most salient events spread over the days (default: the run's ``is_key_event``), by date."""
        events = self.events
        if k is None:
            chosen = events.loc[events["is_key_event"].astype(bool)]
        else:
            chosen = events.loc[events["event_id"].isin(salience.select_key_events(events, k))]
        return self._titled(chosen.sort_values(["date", "salience"], ascending=[True, False]), lang)

    def key_days(self, k: int = 10) -> pd.DataFrame:
        """The K days that matter most (summed event salience), chronological."""
        return salience.key_days(self.events, k)

    def window(self, start: date | str, end: date | str, *, k: int | None = None,
               lang: str | None = None) -> pd.DataFrame:
        """The story between two days, event ids or milestone keys (inclusive); `k` keeps the top K."""
        return self._titled(views.window(self.events, start, end, milestones=self.milestones, k=k), lang)

    def filter(self, **criteria) -> pd.DataFrame:
        """Events by actor, type, language, outlet, start/end day, key_only (see ``views.filter_events``)."""
        return views.filter_events(self.events, **criteria)

    def reaction_lags(self, trigger: str, **options) -> pd.DataFrame:
        """Who reacted to `trigger` (an event id) and how many hours/days later, earliest first."""
        return lags.reaction_lags(self.events, trigger, event_mentions=self.event_mentions,
                                  articles=self.articles, actors=self.actors, **options)

    def mentions_of(self, event_id: str) -> pd.DataFrame:
        """The sentences and URLs behind one event."""
        return self.event_mentions.loc[self.event_mentions["event_id"] == event_id].reset_index(drop=True)

    def coverage(self, by: str = "language", *, start: date | str | None = None,
                 end: date | str | None = None) -> pd.DataFrame:
        """Articles per day by language (or outlet), zero days included, with a ``total`` column."""
        return cov.coverage(self.articles, by=by, start=start, end=end)

    def coverage_gaps(self, by: str = "language", **options) -> pd.DataFrame:
        """Runs of days without articles, overall and per language (or outlet)."""
        return cov.coverage_gaps(self.articles, by=by, **options)

    # -- networks -------------------------------------------------------------------------------
    def observations(self, kind: str = "co_mention", *, scope: str = "sentence") -> pd.DataFrame:
        """The dated pairs every graph is built from (see ``analysis.network``)."""
        if kind == "co_mention":
            days = network.article_days(self.articles, self.event_mentions)
            return network.co_mention_observations(self.actor_mentions, days, scope=scope)
        if kind == "interaction":
            return network.interaction_observations(self.events)
        raise ValueError(f"graph kind {kind!r}: use one of {', '.join(GRAPH_KINDS)}")

    def _node_info(self) -> dict[str, dict]:
        if self.actors.empty:
            return {}
        actors = self.actors.drop_duplicates("name").set_index("name")
        return {n: {"kind": r["kind"], "country": r["country"]} for n, r in actors.iterrows()}

    def _graph(self, kind: str, start, end, scope: str = "sentence") -> nx.Graph:
        obs = self.observations(kind, scope=scope)
        first = views.resolve_bound(start, self.events, self.milestones) if start else None
        last = views.resolve_bound(end, self.events, self.milestones) if end else None
        if first is not None or last is not None:  # a bounded view drops undated pairs
            obs = obs.loc[obs["date"].map(lambda d: bool(d) and (first is None or d >= first)
                                          and (last is None or d <= last))]
        return network.graph_from(obs, directed=kind == "interaction", node_info=self._node_info())

    def co_mention_graph(self, *, scope: str = "sentence", start=None, end=None) -> nx.Graph:
        """Actors named in the same sentence (or article), weighted by how often."""
        return self._graph("co_mention", start, end, scope)

    def interaction_graph(self, *, start=None, end=None) -> nx.DiGraph:
        """Directed actor → target edges from merged events, with event types and dates."""
        return self._graph("interaction", start, end)

    def slices(self, freq: str = "day", *, kind: str = "co_mention", cumulative: bool = False) -> list:
        """``[(period_start, period_end, graph), ...]`` per day or week, or cumulative up to each period."""
        return network.slices(self.observations(kind), freq, cumulative=cumulative,
                              directed=kind == "interaction", node_info=self._node_info())

    def entry_dates(self, kind: str = "co_mention") -> dict[str, date]:
        """The first day each actor appears (named in an article, or in an edge of `kind`)."""
        days = network.article_days(self.articles, self.event_mentions)
        return network.entry_dates(self.observations(kind), network.first_mention_days(self.actor_mentions, days))

    def centrality_over_time(self, freq: str = "day", *, kind: str = "co_mention",
                             cumulative: bool = True) -> pd.DataFrame:
        """Degree, strength and betweenness of each actor per period."""
        return network.centrality_over_time(self.slices(freq, kind=kind, cumulative=cumulative))

    def communities(self, freq: str = "day", *, kind: str = "co_mention", cumulative: bool = True,
                    seed: int = 42) -> pd.DataFrame:
        """Louvain communities per period with labels kept stable between consecutive periods."""
        return network.communities_over_time(self.slices(freq, kind=kind, cumulative=cumulative), seed=seed)

    def export_network(self, out_dir: Path | str, *, kind: str = "co_mention", fmt: str = "gexf",
                       seed: int = 42) -> list[Path]:
        """Write the whole-period graph of `kind` as GEXF (dynamic), GraphML or CSV node/edge lists."""
        graph = self._graph(kind, None, None)
        found = network.communities_over_time([(None, None, graph)], seed=seed) if graph.number_of_nodes() else None
        if found is not None:
            for actor, label in zip(found["actor"], found["community"], strict=True):
                graph.nodes[actor]["community"] = label
        return write_network(graph, out_dir, name=f"network_{kind}", relation=kind, fmt=fmt,
                             entry=self.entry_dates(kind))

    # -- SQL ------------------------------------------------------------------------------------
    def sql(self, query: str) -> pd.DataFrame:
        """Run DuckDB SQL over the tables (``SELECT type, count(*) FROM events GROUP BY 1``)."""
        import duckdb

        if self.folder is not None and any(self.folder.glob("*.parquet")):
            with io.duckdb_connect(self.folder) as con:
                return con.execute(query).df()
        con = duckdb.connect()
        try:
            for name, df in self.tables.items():
                con.register(name, df)
            return con.execute(query).df()
        finally:
            con.close()

    def _titled(self, events: pd.DataFrame, lang: str | None) -> pd.DataFrame:
        events = events.reset_index(drop=True)
        if lang:  # the run chose titles in its own language; re-choose them in this one
            return retitle(events, self.event_mentions, lang)
        return events


def _read(folder: Path) -> dict[str, pd.DataFrame]:
    tables = {}
    for name in TABLE_NAMES:
        df = io.read_table(name, folder)
        tables[name] = schema.validate(name, df) if name in _VALIDATED_ON_LOAD else df
    return tables


def _case_of(folder: Path, root: Path | None) -> Case | None:
    run = folder / "run.json"
    try:
        meta = json.loads(run.read_text(encoding="utf-8")) if run.is_file() else {}
        where = meta.get("case_dir") if meta.get("case_dir") and Path(meta["case_dir"]).is_dir() else meta.get("case")
        return load_case(where, root) if where else None
    except (ConfigError, ValueError, OSError):
        return None  # milestones are a convenience; a folder without its case still loads


def load(case_or_dir: str | Path, *, settings: Settings | None = None, root: Path | None = None) -> Timeline:
    """Load a run: a case name (``data/processed/<case>/`` plus its milestones) or an output folder."""
    settings = settings or Settings()
    path = Path(case_or_dir)
    if path.is_dir() and any(path.glob("*.parquet")):
        return Timeline(_read(path), folder=path.resolve(), case=_case_of(path, root), settings=settings)
    case = load_case(str(case_or_dir), root)
    folder = (root or project_root()) / "data" / "processed" / case.name
    if not any(folder.glob("*.parquet")):
        raise TimelineError(f"no processed tables for case {case.name!r} in {folder}: run `timeline run {case.name}`")
    return Timeline(_read(folder), folder=folder, case=case, settings=settings)
