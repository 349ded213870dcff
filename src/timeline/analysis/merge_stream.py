"""The event merge over the Parquet tables, in bounded memory (what the pipeline runs).

DuckDB streams the mentions in anchor-date order, sorting a span of days at a time (never the article
texts); the windowed merge (:mod:`timeline.analysis.merge_window`) turns them into events a few days at a
time. Each day's events are named as soon as no later event can share their day, then spilled to a scratch
file; memory keeps only their compact columns and one small int per mention (its event). At the end
salience and key events come from the compact columns; the staged events are re-read in the table's order
(whole days at a time) and DuckDB sorts the mentions by id with spilling, both written batch by batch.
The result equals :func:`timeline.analysis.timeline.merge_events` on the same tables, row for row.
"""

from __future__ import annotations

import gc
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path

import numpy as np
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
READ_BATCH_ROWS = 5_000  # mentions turned into records at a time
SPAN_ROWS = 100_000  # mentions sorted by day at a time
EVENT_BATCH_ROWS = 500  # event rows are wide (every member's id, source and outlet)
STAGED_READ_ROWS = 1_024  # staged event rows read ahead at a time
DUCKDB_MEMORY = "128MB"  # DuckDB spills its sorts to the scratch folder beyond this (too low fails)
DUCKDB_SETTINGS = {  # one thread and an eager allocator: a sort holds one buffer set, freed memory goes back
    "threads": 1, "preserve_insertion_order": False, "allocator_flush_threshold": "16MB",
    "allocator_bulk_deallocation_flush_threshold": "16MB"}
_FILLED = ("url", "outlet", "language", "published_date")  # taken from the article when the mention lacks them
_READ = ("mention_id", "article_id", "url", "outlet", "language", "published_date", "sentence_index", "sentence",
         "event_type", "actors", "targets", "date", "date_precision", "date_source", "modality", "confidence")
_COMPACT = ["event_id", "date", "type", "actors", "targets", "n_sources", "n_languages", "_n_outlets",
            "_explicit_share"]
_STAGED = [n for n in schema.TABLES["events"].names if n not in ("salience", "is_key_event")]


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
    io.clean_stale_temps(out_dir, ".merge-*.tmp")  # scratch of a killed merge; a finished one removes its own
    with tempfile.TemporaryDirectory(prefix=".merge-", suffix=".tmp", dir=out_dir) as scratch:
        con = _connect(Path(scratch))
        try:
            inputs = _Inputs(con, out_dir)
            spill = _Spill(Path(scratch), settings, pq.ParquetFile(source).metadata.num_rows)
            try:
                _merge(inputs, spill, settings, organisations(dictionary))
            finally:
                spill.close()
            _release_memory()
            ranked = rank_events(spill.compact(), settings, actor_weights)
            n_events = _write_events(spill, ranked, out_dir)
            del ranked
            _release_memory()
            n_mentions = _write_mentions(con, spill, out_dir)
        finally:
            con.close()
    return n_mentions, n_events


def _release_memory() -> None:
    """Hand the memory of a finished phase back to the system before the next one (Arrow keeps it pooled)."""
    gc.collect()
    pa.default_memory_pool().release_unused()


def _connect(scratch: Path):
    spill = scratch / "duckdb"
    spill.mkdir()
    con = io.duckdb_connect(scratch, memory_limit=DUCKDB_MEMORY, temp_directory=spill)  # no views: empty folder
    for name, value in DUCKDB_SETTINGS.items():
        con.execute(f"SET {name} = {_literal(value) if isinstance(value, str) else value}")
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

    def ordered(self, settings: Settings) -> Iterator[pa.RecordBatch]:
        """The kept mentions that have a day, by anchor day then order key (as ``Mention.anchor_date``).

        Sorted a span of days at a time (spans of about :data:`SPAN_ROWS` rows): each sort holds one
        span, so DuckDB's share of memory does not grow with the corpus.
        """
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
               f"SELECT * EXCLUDE (_checked) FROM a WHERE _anchor IS NOT NULL")
        days = self.con.sql(f"SELECT _anchor, count(*) FROM ({sql}) GROUP BY _anchor ORDER BY _anchor").fetchall()
        for first, last in _spans(days, SPAN_ROWS):
            yield from self.con.sql(f"{sql} AND _anchor BETWEEN DATE '{first.isoformat()}' AND "
                                    f"DATE '{last.isoformat()}' ORDER BY _anchor, mention_id, _row"
                                    ).to_arrow_reader(READ_BATCH_ROWS)


def _spans(days: Sequence[tuple[date, int]], rows: int) -> Iterator[tuple[date, date]]:
    """First and last day of consecutive days holding about `rows` rows together (one day may hold more)."""
    span: list[date] = []
    total = 0
    for day, n in days:
        if span and total + n > rows:
            yield span[0], span[-1]
            span, total = [], 0
        span.append(day)
        total += n
    if span:
        yield span[0], span[-1]


def _records(inputs: _Inputs, settings: Settings, orgs: Mapping[str, str]) -> Iterator[Mention]:
    tol = settings.merge_window_days
    pool = pa.default_memory_pool()
    for batch in inputs.ordered(settings):
        frame = io.frame_of_arrow(batch)
        del batch
        pool.release_unused()
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

    def __init__(self, scratch: Path, settings: Settings, n_rows: int):
        self.settings = settings
        self.events_path = scratch / "events.parquet"
        staged = pa.schema([io.arrow_schema("events").field(n) for n in _STAGED])
        self._events = pq.ParquetWriter(self.events_path, staged)
        self.event_of_row = np.full(n_rows, -1, np.int32)  # file row → position in event_ids (-1: none)
        self.event_ids: list[str] = []
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
        for event_id, members in zip(events["event_id"], events["_members"], strict=True):
            self.event_of_row[[m.index for m in members]] = len(self.event_ids)
            self.event_ids.append(event_id)
        staged = {n: [None if pd.isna(v) else v for v in events[n].astype(object)] for n in _STAGED}
        self._events.write_table(pa.Table.from_pydict(staged, schema=self._staged))

    def close(self) -> None:
        if self._pending:
            self._name([row for d in sorted(self._pending) for row in self._pending.pop(d)])
        self._events.close()

    def compact(self) -> pd.DataFrame:
        if not self._compact:
            return pd.DataFrame({c: pd.Series([], dtype=object) for c in _COMPACT})
        return pd.concat(self._compact, ignore_index=True)


def _write_events(spill: _Spill, ranked: pd.DataFrame, out_dir: Path) -> int:
    """The staged events with their salience, in the table's order, batch by batch.

    The staged file holds whole days in date order, so each output batch only needs the staged rows
    of a few days: rows are read ahead until the batch is complete and dropped once no later batch needs them.
    """
    order = ranked.sort_values(EVENT_ORDER[0], ascending=EVENT_ORDER[1], kind="stable").index.to_numpy()
    salience = pa.array(ranked["salience"].astype(float).to_numpy(), pa.float64())
    key = pa.array(ranked["is_key_event"].astype(bool).to_numpy(), pa.bool_())
    needed_from = np.minimum.accumulate(order[::-1])[::-1] if len(order) else order
    window = _StagedWindow(spill.events_path)
    pool = pa.default_memory_pool()  # pooled batches would otherwise pile up until the phase ends
    names = schema.TABLES["events"].names
    with io.TableWriter("events", out_dir) as writer:
        for start in range(0, len(order), EVENT_BATCH_ROWS):
            rows = order[start:start + EVENT_BATCH_ROWS]
            batch = window.take(rows)
            batch = batch.append_column("salience", salience.take(rows)).append_column("is_key_event", key.take(rows))
            writer.write(batch.select(names))
            pool.release_unused()
            if start + EVENT_BATCH_ROWS < len(order):
                window.drop_before(int(needed_from[start + EVENT_BATCH_ROWS]))
        return writer.n_rows


class _StagedWindow:
    """Rows of a staged Parquet file by position, read in order and kept only while needed."""

    def __init__(self, path: Path):
        self._batches = pq.ParquetFile(path).iter_batches(batch_size=STAGED_READ_ROWS)
        self._held: list[tuple[int, pa.RecordBatch]] = []  # (first row, batch)
        self._end = 0

    def take(self, rows: np.ndarray) -> pa.Table:
        while self._end <= int(rows.max()):
            batch = next(self._batches)
            self._held.append((self._end, batch))
            self._end += batch.num_rows
        base = self._held[0][0]
        return pa.Table.from_batches([b for _, b in self._held]).take(pa.array(rows - base))

    def drop_before(self, row: int) -> None:
        while self._held and self._held[0][0] + self._held[0][1].num_rows <= row:
            self._held.pop(0)


def _write_mentions(con, spill: _Spill, out_dir: Path) -> int:
    """Every mention (kept or not) with its event id, in mention-id order, batch by batch.

    DuckDB sorts the rows (spilling past its memory limit); each row's event comes from the in-memory
    row → event array, which a join would have to hold as a hash table beside the sort.
    """
    names = [n for n in schema.TABLES["event_mentions"].names if n != "event_id"]
    reader = con.sql(f"SELECT {', '.join(names)}, _row FROM filled ORDER BY mention_id, _row").to_arrow_reader(
        BATCH_ROWS)
    ids = pa.array(spill.event_ids, pa.string())
    pool = pa.default_memory_pool()
    columns = schema.TABLES["event_mentions"].names
    with io.TableWriter("event_mentions", out_dir) as writer:
        for batch in reader:
            codes = spill.event_of_row[batch.column("_row").to_numpy()]
            event_id = ids.take(pa.array(codes, pa.int32(), mask=codes < 0))
            table = pa.Table.from_batches([batch]).append_column("event_id", event_id)
            writer.write(table.select(columns))
            pool.release_unused()
        return writer.n_rows
