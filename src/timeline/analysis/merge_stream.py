"""The event merge over the Parquet tables, in bounded memory (what the pipeline runs).

DuckDB streams the mentions in anchor-date order (never the article texts); the windowed merge
(:mod:`timeline.analysis.merge_window`) turns them into events a few days at a time. Each day's events are
named as soon as no later event can share their day, then spilled to scratch files: the event rows, and which
file row belongs to which event. At the end only the events' compact columns come back for salience and key
events, and DuckDB joins everything into the final tables, written batch by batch. The result equals
:func:`timeline.analysis.timeline.merge_events` on the same tables, row for row.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from timeline.analysis.mentions import STRONG_SOURCES, Mention
from timeline.analysis.merge_window import WindowedMerge
from timeline.analysis.timeline import (
    EVENT_ORDER,
    event_row,
    merge_records,
    name_events,
    organisations,
    rank_events,
)
from timeline.config import Settings
from timeline.dataset import io, schema
from timeline.errors import TimelineError
from timeline.types import ActorEntry

BATCH_ROWS = 20_000
DUCKDB_MEMORY = "192MB"  # DuckDB spills its sorts to the scratch folder beyond this (too low fails)
_FILLED = ("url", "outlet", "language", "published_date")  # taken from the article when the mention lacks them
_READ = ("mention_id", "article_id", "url", "outlet", "language", "published_date", "sentence_index", "sentence",
         "event_type", "actors", "targets", "date", "date_precision", "date_source", "modality", "confidence")
_COMPACT = ["event_id", "date", "type", "actors", "targets", "n_sources", "n_languages", "_n_outlets",
            "_explicit_share"]
_STAGED = [n for n in schema.TABLES["events"].names if n not in ("salience", "is_key_event")]
_MAP_SCHEMA = pa.schema([pa.field("_row", pa.int64()), pa.field("event_id", pa.string())])


def merge_event_files(out_dir: Path, *, settings: Settings, dictionary: Sequence[ActorEntry],
                      actor_weights: Mapping[str, float] | None) -> tuple[int, int]:
    """Merge ``event_mentions.parquet`` in `out_dir` into ``events`` (and ``timeline.csv``); rewrite the
    mentions with their ``event_id``. Returns ``(n_event_mentions, n_events)``."""
    out_dir = Path(out_dir)
    source = out_dir / "event_mentions.parquet"
    if not source.is_file():
        io.write_table("events", schema.empty("events"), out_dir)
        io.write_table("event_mentions", schema.empty("event_mentions"), out_dir)
        return 0, 0
    with tempfile.TemporaryDirectory(prefix=".merge-", suffix=".tmp", dir=out_dir) as scratch:
        con = _connect(Path(scratch))
        try:
            inputs = _Inputs(con, out_dir)
            spill = _Spill(Path(scratch), settings)
            try:
                _merge(inputs, spill, settings, organisations(dictionary))
            finally:
                spill.close()
            ranked = rank_events(spill.compact(), settings, actor_weights)
            n_events = _write_events(con, spill, ranked, out_dir)
            n_mentions = _write_mentions(con, inputs, spill, out_dir)
        finally:
            con.close()
    return n_mentions, n_events


def _connect(scratch: Path):
    con = io.duckdb_connect(scratch)  # an empty folder: no views, only the connection's settings
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    con.execute("SET temp_directory = ?", [str(scratch)])
    return con


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class _Inputs:
    """SQL over the input tables: the mentions with their article's fields filled in."""

    def __init__(self, con, out_dir: Path):
        self.con = con
        path = out_dir / "event_mentions.parquet"
        present = set(pq.read_schema(path).names)
        cols = ", ".join(f"{c}" if c in present else f"NULL AS {c}" for c in schema.TABLES["event_mentions"].names
                         if c != "event_id")
        con.execute(f"CREATE VIEW em AS SELECT {cols}, file_row_number AS _row "
                    f"FROM read_parquet({_literal(str(path))}, file_row_number = true)")
        articles = out_dir / "articles.parquet"
        have = set(pq.read_schema(articles).names) if articles.is_file() else set()
        if "article_id" in have:
            picked = ", ".join(c if c in have else f"NULL AS {c}" for c in _FILLED)
            con.execute(f"CREATE VIEW art AS SELECT article_id, {picked} FROM read_parquet({_literal(str(articles))}, "
                        "file_row_number = true) QUALIFY row_number() OVER (PARTITION BY article_id "
                        "ORDER BY file_row_number) = 1")
        else:
            con.execute("CREATE VIEW art AS SELECT NULL::VARCHAR AS article_id, "
                        + ", ".join(f"NULL AS {c}" for c in _FILLED) + " WHERE false")
        filled = {c: f"coalesce(em.{c}, art.{c}) AS {c}" for c in _FILLED}
        names = [c for c in schema.TABLES["event_mentions"].names if c != "event_id"]
        con.execute("CREATE VIEW filled AS SELECT " + ", ".join(filled.get(c, f"em.{c}") for c in names)
                    + ", em._row FROM em LEFT JOIN art USING (article_id)")

    def ordered(self, settings: Settings) -> pa.RecordBatchReader:
        """The kept mentions that have a day, by anchor day then order key (as ``Mention.anchor_date``)."""
        keep = ", ".join(_literal(m) for m in settings.keep_modalities) or "NULL"
        strong = ", ".join(_literal(s) for s in STRONG_SOURCES)
        tol = int(settings.merge_window_days)
        checked = (f"CASE WHEN coalesce(date_source, 'published') = 'published' OR date IS NULL THEN NULL "
                   f"WHEN published_date IS NOT NULL AND date - published_date > {tol} THEN NULL ELSE date END")
        sql = (f"WITH k AS (SELECT {', '.join(_READ)}, _row, {checked} AS _checked FROM filled "
               f"WHERE modality IN ({keep})), "
               f"a AS (SELECT *, CASE WHEN _checked IS NOT NULL AND date_source IN ({strong}) "
               f"AND coalesce(date_precision, 'day') = 'day' THEN _checked ELSE coalesce(published_date, _checked) "
               f"END AS _anchor FROM k) "
               f"SELECT * EXCLUDE (_checked) FROM a WHERE _anchor IS NOT NULL ORDER BY _anchor, mention_id, _row")
        return self.con.sql(sql).to_arrow_reader(BATCH_ROWS)


def _records(inputs: _Inputs, settings: Settings, orgs: Mapping[str, str]) -> Iterator[Mention]:
    tol = settings.merge_window_days
    for batch in inputs.ordered(settings):
        frame = io.frame_of_arrow(batch)
        for m, anchor in zip(merge_records(frame, tolerance=tol, organisations=orgs, index_column="_row"),
                             frame["_anchor"], strict=True):
            if m.anchor_date != anchor:
                raise TimelineError(f"event mention {m.mention_id}: anchor day {m.anchor_date} read as {anchor}")
            yield m


def _merge(inputs: _Inputs, spill: _Spill, settings: Settings, orgs: Mapping[str, str]) -> None:
    merge = WindowedMerge(settings.merge_window_days)
    day: date | None = None
    batch: list[Mention] = []
    for m in _records(inputs, settings, orgs):
        if m.anchor_date != day and batch:
            spill.add(merge.add_day(day, batch), merge.settled)
            batch = []
        day = m.anchor_date
        batch.append(m)
    if batch:
        spill.add(merge.add_day(day, batch), merge.settled)
    spill.add(merge.finish(), merge.settled)


class _Spill:
    """Finished events, named day by day and written to scratch files; the compact columns stay in memory."""

    def __init__(self, scratch: Path, settings: Settings):
        self.settings = settings
        self.events_path = scratch / "events.parquet"
        self.map_path = scratch / "mention_events.parquet"
        staged = pa.schema([io.arrow_schema("events").field(n) for n in _STAGED])
        self._events = pq.ParquetWriter(self.events_path, staged)
        self._map = pq.ParquetWriter(self.map_path, _MAP_SCHEMA)
        self._pending: dict[date, list[dict]] = defaultdict(list)
        self._compact: list[pd.DataFrame] = []
        self._staged = staged

    def add(self, groups: list[list[Mention]], settled: int) -> None:
        for members in groups:
            row = event_row(members, self.settings)
            self._pending[row["date"]].append(row)
        ready = sorted(d for d in self._pending if d.toordinal() < settled)
        if ready:
            self._name([row for d in ready for row in self._pending.pop(d)])

    def _name(self, rows: list[dict]) -> None:
        """Name the events of whole days (ids only depend on events of the same day)."""
        events = name_events(rows)
        self._compact.append(events[_COMPACT].copy())  # a copy: a view would keep every member alive
        rows_, events_ = [], []
        for event_id, members in zip(events["event_id"], events["_members"], strict=True):
            rows_ += [m.index for m in members]
            events_ += [event_id] * len(members)
        self._map.write_table(pa.table({"_row": pa.array(rows_, pa.int64()), "event_id": events_},
                                       schema=_MAP_SCHEMA))
        staged = {n: [None if pd.isna(v) else v for v in events[n].astype(object)] for n in _STAGED}
        self._events.write_table(pa.Table.from_pydict(staged, schema=self._staged))

    def close(self) -> None:
        if self._pending:
            self._name([row for d in sorted(self._pending) for row in self._pending.pop(d)])
        self._events.close()
        self._map.close()

    def compact(self) -> pd.DataFrame:
        if not self._compact:
            return pd.DataFrame({c: pd.Series([], dtype=object) for c in _COMPACT})
        return pd.concat(self._compact, ignore_index=True)


def _write_events(con, spill: _Spill, ranked: pd.DataFrame, out_dir: Path) -> int:
    """The staged events with their salience, in the table's order, batch by batch."""
    ranks = pa.table({"event_id": pa.array(ranked["event_id"].tolist(), pa.string()),
                      "salience": pa.array(ranked["salience"].astype(float).tolist(), pa.float64()),
                      "is_key_event": pa.array(ranked["is_key_event"].astype(bool).tolist(), pa.bool_())})
    con.register("ranks", ranks)
    cols = ", ".join(f"s.{n}" if n in _STAGED else f"r.{n}" for n in schema.TABLES["events"].names)
    keys = ", ".join(f"{'r' if k in ('salience', 'is_key_event') else 's'}.{k} {'ASC' if up else 'DESC'}"
                     for k, up in zip(*EVENT_ORDER, strict=True))
    reader = con.sql(f"SELECT {cols} FROM read_parquet({_literal(str(spill.events_path))}) s "
                         f"JOIN ranks r USING (event_id) ORDER BY {keys}").to_arrow_reader(BATCH_ROWS)
    with io.TableWriter("events", out_dir) as writer:
        for batch in reader:
            writer.write(batch)
        n = writer.n_rows
    con.unregister("ranks")
    return n


def _write_mentions(con, inputs: _Inputs, spill: _Spill, out_dir: Path) -> int:
    """Every mention (kept or not) with its event id, in mention-id order, batch by batch."""
    cols = ", ".join("mp.event_id" if n == "event_id" else f"f.{n}" for n in schema.TABLES["event_mentions"].names)
    reader = con.sql(f"SELECT {cols} FROM filled f LEFT JOIN read_parquet({_literal(str(spill.map_path))}) mp "
                         "ON mp._row = f._row ORDER BY f.mention_id, f._row").to_arrow_reader(BATCH_ROWS)
    with io.TableWriter("event_mentions", out_dir) as writer:
        for batch in reader:
            writer.write(batch)
        return writer.n_rows
