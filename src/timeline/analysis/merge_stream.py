"""The event merge over the Parquet tables, in bounded memory (what the pipeline runs).

DuckDB streams the mentions in anchor-date order, sorting a span of days at a time (never the article
texts); the windowed merge (:mod:`timeline.analysis.merge_window`) turns them into events a few days at a
time. Each day's events are named as soon as no later event can share their day, then spilled to a scratch
file; memory keeps only their compact columns and one small int per mention (its event). At the end
salience and key events come from the compact columns; the staged events are re-read in the table's order
(whole days at a time) and the mentions are put in id order a piece at a time (pieces of id ranges for the
pipeline's hex ids; else of places found by merging the file's sorted stretches, or by DuckDB), both written
batch by batch.
The result equals :func:`timeline.analysis.timeline.merge_events` on the same tables, row for row.

With ``settings.workers`` > 1 (and enough mentions) forked workers sweep shares of the blocks
(:mod:`timeline.analysis.merge_parallel`) and the mentions are written beside the events: same tables.
"""

from __future__ import annotations

import contextlib
import heapq
import tempfile
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from timeline.analysis.mentions import STRONG_SOURCES, Mention, from_rows
from timeline.analysis.merge_parallel import Forked, fork_context, parallel_sweep, shares
from timeline.analysis.merge_window import WindowedMerge
from timeline.analysis.similarity import FAMILY_OF
from timeline.analysis.similarity import family as family_of
from timeline.analysis.timeline import (
    EVENT_ORDER,
    event_row,
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
TRIM_MENTIONS = 20_000  # the sweep hands free C heap pages back after this many mentions' events finished
SPAN_ROWS = 20_000  # mentions sorted by day at a time (a bucket of whole days; 10k articles fill a few)
EVENT_BATCH_ROWS = 500  # event rows are wide (every member's id, source and outlet) ...
EVENT_BATCH_BYTES = 1 << 20  # ... and a batch holds at most this much of those lists (big events get small batches)
STAGED_READ_ROWS = 256  # staged event rows read ahead at a time
SCAN_ROWS = 65_536  # mention ids read at a time (counting hex prefixes, or looking for the sorted runs)
HEX_PREFIX_BITS = 16  # hex mention ids are dealt to sort pieces by this many leading bits (a count per prefix)
MAX_RUNS = 64  # sorted runs merged as they stream; a file of more is sorted by DuckDB
PIECE_ROWS = 20_000  # mentions put in order at a time (more once there would be over MAX_PIECES pieces)
MAX_PIECES = 256  # scratch files open at once
ARTICLES_FILE = "article-fields.parquet"  # in the merge's scratch folder
DUCKDB_MEMORY_MB = 128  # DuckDB spills its sorts to the scratch folder beyond this (too low fails) ...
MIN_DUCKDB_MEMORY_MB = 48  # ... and each of several sweep workers gets its share of it, never below this
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
    orgs = organisations(dictionary)
    with tempfile.TemporaryDirectory(prefix=".merge-", suffix=".tmp", dir=out_dir) as scratch:
        scratch = Path(scratch)
        spill = _Spill(scratch, settings, pq.ParquetFile(source).metadata.num_rows)
        _article_fields(out_dir, scratch)
        with _opened(out_dir, scratch) as inputs:
            parts = shares(inputs.block_sizes(settings), settings.workers) if _parallel(settings) else []
            if len(parts) <= 1:  # one process, one connection: the sweep's memory serves the final sort
                _fill(spill, sweep(inputs, settings, orgs))
                n_events = _rank_and_write_events(spill, settings, actor_weights, out_dir)
                return _write_mentions(inputs, spill, out_dir), n_events

        def sweep_part(blocks: Sequence[tuple[str, str]]) -> Iterator[tuple[list[dict], int]]:
            with _opened(out_dir, scratch, share=len(parts)) as inputs:  # its own connection: none may cross a fork
                yield from sweep(inputs, settings, orgs, blocks)

        _fill(spill, parallel_sweep(sweep_part, parts))
        writer = Forked(lambda: _write_mentions_apart(out_dir, scratch, spill))  # beside the events
        try:
            n_events = _rank_and_write_events(spill, settings, actor_weights, out_dir)
        except BaseException:
            writer.cancel()
            raise
        return writer.result(), n_events


def _parallel(settings: Settings) -> bool:
    return settings.workers > 1 and fork_context() is not None


def _fill(spill: _Spill, rows: Iterator[tuple[list[dict], int]]) -> None:
    try:
        for batch, settled in rows:
            spill.add(batch, settled)
    finally:
        spill.close()
    spill.ids()  # before the mention write (or its fork): one Arrow array instead of a string per event
    io.release_memory()


def _rank_and_write_events(spill: _Spill, settings: Settings, actor_weights: Mapping[str, float] | None,
                           out_dir: Path) -> int:
    ranked = rank_events(spill.compact(), settings, actor_weights)
    n_events = _write_events(spill, ranked, out_dir)
    del ranked
    io.release_memory()
    return n_events


def _write_mentions_apart(out_dir: Path, scratch: Path, spill: _Spill) -> int:
    """:func:`_write_mentions` in a forked process, on a connection of its own."""
    with _opened(out_dir, scratch) as inputs:
        return _write_mentions(inputs, spill, out_dir)


@contextlib.contextmanager
def _opened(out_dir: Path, scratch: Path, share: int = 1) -> Iterator[_Inputs]:
    """The input tables on a fresh DuckDB connection (one per process: a connection must not cross a fork).

    With `share` > 1 (one of that many sweep workers running at once) the connection's memory limit is that
    share of the one-process budget.
    """
    memory = max(MIN_DUCKDB_MEMORY_MB, DUCKDB_MEMORY_MB // share)
    con = _connect(Path(tempfile.mkdtemp(prefix="db-", dir=scratch)), memory)
    articles = scratch / ARTICLES_FILE
    try:
        yield _Inputs(con, out_dir, articles if articles.is_file() else None, scratch)
    finally:
        con.close()


def _article_fields(out_dir: Path, scratch: Path) -> None:
    """Write each article's fields (its first row, by article id) to the scratch folder, once per merge.

    Every span query of the sweep and the mention pass join this small file instead of deduplicating the
    article table again (a window over every article, per query); forked workers read the same file.
    Only the fields a join can change are kept (see :func:`_fillable`); with none, no file and no join.
    """
    articles = out_dir / "articles.parquet"
    have = set(pq.read_schema(articles).names) if articles.is_file() else set()
    if "article_id" not in have:
        return
    fillable = _fillable(out_dir / "event_mentions.parquet", articles)
    if not fillable:
        return
    con = _connect(Path(tempfile.mkdtemp(prefix="db-", dir=scratch)))
    try:
        picked = ", ".join(fillable)
        con.execute(f"COPY (SELECT article_id, {picked} "
                    f"FROM read_parquet({_literal(str(articles))}, file_row_number = true) "
                    "WHERE article_id IS NOT NULL QUALIFY row_number() OVER (PARTITION BY article_id "
                    f"ORDER BY file_row_number) = 1) TO {_literal(str(scratch / ARTICLES_FILE))} (FORMAT parquet)")
    finally:
        con.close()


def _fillable(mentions: Path, articles: Path) -> list[str]:
    """The article fields that filling can change: some mention lacks the field and some article has it.

    Read from the Parquet footers' null counts, so nothing is scanned. The pipeline copies each article's
    fields into its mentions, so usually there is none: then the merge joins nothing (a join holds a hash
    table of every article). A footer without a count answers "some" both ways.
    """
    lacking, having = _nulls(mentions), _nulls(articles)
    return [c for c in _FILLED if lacking.get(c, (True, False))[0] and having.get(c, (True, False))[1]]


def _nulls(path: Path) -> dict[str, tuple[bool, bool]]:
    """``column → (some value missing, some value present)`` from a Parquet file's footer."""
    meta = pq.ParquetFile(path).metadata
    found: dict[str, tuple[bool, bool]] = {}
    for j in range(meta.num_columns):  # leaf columns; a flat field's path is its name
        name = meta.schema.column(j).path
        missing = present = False
        for g in range(meta.num_row_groups):
            group = meta.row_group(g)
            stats = group.column(j).statistics
            if stats is None or not stats.has_null_count:
                missing = present = True
                break
            missing |= stats.null_count > 0
            present |= stats.null_count < group.num_rows
        found[name] = (missing, present)
    return found


def _connect(scratch: Path, memory_mb: int = DUCKDB_MEMORY_MB):
    spill = scratch / "duckdb"
    spill.mkdir()
    return io.duckdb_connect(scratch, memory_limit=f"{memory_mb}MB", temp_directory=spill,  # no views: empty folder
                             settings=DUCKDB_SETTINGS)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class _Inputs:
    """SQL over the input tables: the mentions with their article's fields filled in (the ``filled`` view)."""

    def __init__(self, con, out_dir: Path, articles: Path | None, scratch: Path):
        self.con = con
        self.scratch = scratch  # where the sweep's day buckets go
        path = out_dir / "event_mentions.parquet"
        present = set(pq.read_schema(path).names)
        cols = ", ".join(f"{c}" if c in present else f"NULL AS {c}" for c in schema.TABLES["event_mentions"].names
                         if c != "event_id")
        con.execute(f"CREATE VIEW em AS SELECT {cols}, file_row_number AS _row "
                    f"FROM read_parquet({_literal(str(path))}, file_row_number = true)")
        fill = [c for c in _FILLED if c in pq.read_schema(articles).names] if articles is not None else []
        filled = {c: f"coalesce(em.{c}, art.{c}) AS {c}" for c in fill}
        names = [c for c in schema.TABLES["event_mentions"].names if c != "event_id"]
        join = ""
        if fill:  # only the fields some mention lacks and some article has (see _article_fields)
            con.execute(f"CREATE VIEW art AS SELECT article_id, {', '.join(fill)} "
                        f"FROM read_parquet({_literal(str(articles))})")
            join = " LEFT JOIN art USING (article_id)"
        con.execute("CREATE VIEW filled AS SELECT " + ", ".join(filled.get(c, f"em.{c}") for c in names)
                    + f", em._row FROM em{join}")

    def ordered(self, settings: Settings, blocks: Collection[tuple[str, str]] | None = None
                ) -> Iterator[pa.RecordBatch]:
        """The kept mentions that have a day, by anchor day then order key (as ``Mention.anchor_date``);
        only those of `blocks` (``grouping.block``: modality and type family) when given.

        One unsorted pass deals the rows to scratch buckets of consecutive days (about :data:`SPAN_ROWS`
        rows each); each bucket is then read back and sorted alone. Memory holds one bucket whatever the
        corpus size, and the input is read once, not once per span.
        """
        sql = self._dated(settings)
        if blocks is not None:
            sql += " AND (" + (" OR ".join(f"(modality = {_literal(m)} AND _family = {_literal(f)})"
                                           for m, f in sorted(blocks)) or "false") + ")"
        days = self.con.sql(f"SELECT _anchor, count(*) FROM ({sql}) GROUP BY _anchor ORDER BY _anchor").fetchall()
        firsts = np.array([first for first, _ in _spans(days, SPAN_ROWS)], "datetime64[D]")
        if not len(firsts):
            return
        with tempfile.TemporaryDirectory(prefix="days-", dir=self.scratch) as folder:
            buckets = _Buckets(Path(folder))
            rows = self.con.sql(f"SELECT * EXCLUDE (_family) FROM ({sql})").to_arrow_reader(READ_BATCH_ROWS)
            for batch in rows:
                anchors = batch.column("_anchor").to_numpy(zero_copy_only=False).astype("datetime64[D]")
                buckets.add(pa.Table.from_batches([batch]), np.searchsorted(firsts, anchors, "right") - 1)
            del rows
            yield from buckets.in_order(["_anchor", "mention_id", "_row"])

    def block_sizes(self, settings: Settings) -> dict[tuple[str, str], int]:
        """How many dated, kept mentions each block holds."""
        rows = self.con.sql(f"SELECT modality, _family, count(*) FROM ({self._dated(settings)}) GROUP BY ALL"
                            ).fetchall()
        return {(modality, fam): n for modality, fam, n in rows}

    @staticmethod
    def _dated(settings: Settings) -> str:
        keep = ", ".join(_literal(m) for m in settings.keep_modalities) or "NULL"
        strong = ", ".join(_literal(s) for s in STRONG_SOURCES)
        tol = int(settings.merge_window_days)
        checked = (f"CASE WHEN coalesce(date_source, 'published') = 'published' OR date IS NULL THEN NULL "
                   f"WHEN published_date IS NOT NULL AND date - published_date > {tol} THEN NULL ELSE date END")
        other = family_of("")  # the family of a type outside the ontology
        family = ("CASE " + " ".join(f"WHEN event_type = {_literal(t)} THEN {_literal(f)}"
                                     for t, f in sorted(FAMILY_OF.items())) + f" ELSE {_literal(other)} END")
        return (f"WITH k AS (SELECT {', '.join(_READ)}, _row, {checked} AS _checked FROM filled "
                f"WHERE modality IN ({keep})), "
                f"a AS (SELECT *, CASE WHEN _checked IS NOT NULL AND date_source IN ({strong}) "
                f"AND coalesce(date_precision, 'day') = 'day' THEN _checked ELSE coalesce(published_date, _checked) "
                f"END AS _anchor, {family} AS _family FROM k) "
                f"SELECT * EXCLUDE (_checked) FROM a WHERE _anchor IS NOT NULL")


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


def _records(inputs: _Inputs, settings: Settings, orgs: Mapping[str, str],
             blocks: Collection[tuple[str, str]] | None = None) -> Iterator[Mention]:
    """The merge's records of the mentions in `blocks` (all by default), in the order they are swept."""
    tol = settings.merge_window_days
    pool = pa.default_memory_pool()
    for batch in inputs.ordered(settings, blocks):
        # Column by column: the values that outlive the batch (ids, sentences) are then made side by side,
        # not between the short-lived ones, and do not pin the allocator's pools once those are freed.
        names = batch.schema.names
        columns = [batch.column(n).to_pylist() for n in names]
        anchors = columns[names.index("_anchor")]
        del batch
        pool.release_unused()
        records = from_rows((dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)),
                            tolerance=tol, organisations=orgs, index_column="_row", acting_groups=True)
        del columns
        for m, anchor in zip(records, anchors, strict=True):
            if m.anchor_date != anchor:
                raise TimelineError(f"event mention {m.mention_id}: anchor day {m.anchor_date} read as {anchor}")
            yield m


def sweep(inputs: _Inputs, settings: Settings, orgs: Mapping[str, str],
          blocks: Collection[tuple[str, str]] | None = None) -> Iterator[tuple[list[dict], int]]:
    """The events of `blocks` as they become final: ``(event rows, settled)`` after each day and at the end.

    ``settled`` is the first day a later row can carry. A row's ``_rows`` are its members' file rows.
    """
    merge = WindowedMerge(settings.merge_window_days)
    freed = _Freed()
    day: date | None = None
    batch: list[Mention] = []
    for m in _records(inputs, settings, orgs, blocks):
        if m.anchor_date != day and batch:
            rows = _rows(merge.add_day(day, batch), settings)
            yield rows, merge.settled
            freed.add(sum(len(row["_rows"]) for row in rows))
            del rows
            batch = []
        day = m.anchor_date
        batch.append(m)
    if batch:
        yield _rows(merge.add_day(day, batch), settings), merge.settled
    yield _rows(merge.finish(), settings), merge.settled


class _Freed:
    """Counts the mentions of finished events; past :data:`TRIM_MENTIONS` the C heap's free pages go back.

    A window's records live for days and die together when its events finish. What they held in C
    (sentences, word sets, dict tables) is then free, but glibc keeps those pages until asked, and the next
    window's records would only partly reuse them, and the sweep's memory would creep up window by window
    (the sweep alone over the 100k benchmark corpus, ten busy stretches: 258 MiB at most untrimmed, 250 trimmed).
    """

    def __init__(self) -> None:
        self._count = 0

    def add(self, mentions: int) -> None:
        self._count += mentions
        if self._count >= TRIM_MENTIONS:
            self._count = 0
            io.trim_heap()


def _rows(groups: list[list[Mention]], settings: Settings) -> list[dict]:
    """Event rows of finished groups, their members as file rows (cheap to hold and to send between processes)."""
    rows = []
    for members in groups:
        row = event_row(members, settings)
        row["_rows"] = np.fromiter((m.index for m in row.pop("_members")), np.int64, len(members))
        rows.append(row)
    return rows


class _Spill:
    """Finished events, named day by day and written to scratch files; the compact columns stay in memory."""

    def __init__(self, scratch: Path, settings: Settings, n_rows: int):
        self.settings = settings
        self.events_path = scratch / "events.parquet"
        staged = pa.schema([io.arrow_schema("events").field(n) for n in _STAGED])
        self._events = pq.ParquetWriter(self.events_path, staged)
        self.event_of_row = np.full(n_rows, -1, np.int32)  # file row → position in event_ids (-1: none)
        self.event_ids: list[str] | pa.Array = []  # an Arrow array once the sweep is done (see ids)
        self.sizes: list[int] = []  # bytes of each event's member lists, by position (to bound batches)
        self._pending: dict[date, list[dict]] = defaultdict(list)
        self._compact: list[pd.DataFrame] = []
        self._staged = staged

    def add(self, rows: list[dict], settled: int) -> None:
        """Hold `rows` until their day is settled (no later row can share it), then name whole days."""
        for row in rows:
            self._pending[row["date"]].append(row)
        ready = sorted(d for d in self._pending if d.toordinal() < settled)
        if ready:
            self._name([row for d in ready for row in self._pending.pop(d)])

    def _name(self, rows: list[dict]) -> None:
        """Name the events of whole days (ids only depend on events of the same day); stage them in slices
        of bounded bytes (a big event's member lists are long strings)."""
        events = name_events(rows)
        self._compact.append(events[_COMPACT].copy())  # a copy: a view would keep every member alive
        first = len(self.event_ids)
        for event_id, members in zip(events["event_id"], events["_rows"], strict=True):
            self.event_of_row[members] = len(self.event_ids)
            self.event_ids.append(event_id)
        self.sizes.extend(_list_bytes(events))
        sizes = np.asarray(self.sizes[first:], np.int64)
        for start, end in _slices(sizes, EVENT_BATCH_ROWS, EVENT_BATCH_BYTES):
            part = events.iloc[start:end]
            staged = {n: [None if pd.isna(v) else v for v in part[n].astype(object)] for n in _STAGED}
            self._events.write_table(pa.Table.from_pydict(staged, schema=self._staged))

    def close(self) -> None:
        if self._pending:
            self._name([row for d in sorted(self._pending) for row in self._pending.pop(d)])
        self._events.close()

    def compact(self) -> pd.DataFrame:
        """The compact columns of every event, handed over once (the spill keeps no copy)."""
        parts, self._compact = self._compact, []
        if not parts:
            return pd.DataFrame({c: pd.Series([], dtype=object) for c in _COMPACT})
        return pd.concat(parts, ignore_index=True)

    def ids(self) -> pa.Array:
        """The event ids as one Arrow array (the Python strings are dropped: the mention write needs only this)."""
        if not isinstance(self.event_ids, pa.Array):
            self.event_ids = pa.array(self.event_ids, pa.string())
        return self.event_ids


def _write_events(spill: _Spill, ranked: pd.DataFrame, out_dir: Path) -> int:
    """The staged events with their salience, in the table's order, batch by batch.

    The staged file is in naming order, which the table's order (date, then salience) only roughly follows:
    a window over it held nearly every event. Instead one pass deals each staged row to the scratch piece
    of the output batch it belongs to; each piece is read back, put in order and written in turn, so memory
    holds one batch whatever the corpus size.
    """
    order = ranked.sort_values(EVENT_ORDER[0], ascending=EVENT_ORDER[1], kind="stable").index.to_numpy()
    salience = pa.array(ranked["salience"].astype(float).to_numpy(), pa.float64())
    key = pa.array(ranked["is_key_event"].astype(bool).to_numpy(), pa.bool_())
    place = np.empty(len(order), np.int64)
    place[order] = np.arange(len(order))
    sizes = np.asarray(spill.sizes, np.int64)[order] if len(order) else np.zeros(0, np.int64)
    slices = list(_slices(sizes, EVENT_BATCH_ROWS, EVENT_BATCH_BYTES))
    per_piece = -(-len(slices) // MAX_PIECES)  # slices per scratch piece: never more than MAX_PIECES files
    starts = np.fromiter((start for start, _ in slices[::per_piece]), np.int64) if slices else np.zeros(1, np.int64)
    pieces = _Pieces(spill.events_path.parent / "events-by-place", place, starts)
    staged = pq.ParquetFile(spill.events_path, pre_buffer=False, buffer_size=1 << 16)
    row = 0
    for batch in staged.iter_batches(batch_size=STAGED_READ_ROWS, use_threads=False):  # see _hex_bounds
        rows = np.arange(row, row + batch.num_rows)
        batch = batch.append_column("salience", salience.take(rows)).append_column("is_key_event", key.take(rows))
        pieces.deal(pa.Table.from_batches([batch.append_column("_row", pa.array(rows))]))
        row += len(rows)
    pool = pa.default_memory_pool()  # pooled batches would otherwise pile up until the phase ends
    names = schema.TABLES["events"].names
    with io.TableWriter("events", out_dir) as writer:
        for i, table in enumerate(pieces.by_place(whole=True)):
            base = slices[i * per_piece][0]
            for start, end in slices[i * per_piece:(i + 1) * per_piece]:  # the output batches: bounded bytes
                writer.write(table.slice(start - base, end - start).select(names))
            del table
            pool.release_unused()
        return writer.n_rows


def _list_bytes(events: pd.DataFrame) -> list[int]:
    """Characters in each event's member lists (ids, sources, outlets): what makes a row wide."""
    total = np.zeros(len(events), np.int64)
    for column in ("mention_ids", "sources", "outlets"):
        total += events[column].str.len().fillna(0).to_numpy(np.int64)
    return total.tolist()


def _slices(sizes: np.ndarray, max_rows: int, max_bytes: int) -> Iterator[tuple[int, int]]:
    """Consecutive ``(start, end)`` slices of at most `max_rows` rows and `max_bytes` (at least one row each)."""
    start, n = 0, len(sizes)
    ends = np.cumsum(sizes)
    while start < n:
        base = ends[start - 1] if start else 0
        fit = int(np.searchsorted(ends, base + max_bytes, side="right"))
        end = min(n, start + max_rows, max(fit, start + 1))
        yield start, end
        start = end


def _write_mentions(inputs: _Inputs, spill: _Spill, out_dir: Path) -> int:
    """Every mention (kept or not) with its event id, in mention-id order, batch by batch.

    Each row's event comes from the in-memory row → event array, which a join would have to hold as a hash
    table beside the sort.
    """
    ids = spill.ids()
    pool = pa.default_memory_pool()
    columns = schema.TABLES["event_mentions"].names
    with io.TableWriter("event_mentions", out_dir) as writer:
        for table in _mentions_by_id(inputs, out_dir, spill.events_path.parent):
            codes = spill.event_of_row[table.column("_row").to_numpy()]
            event_id = ids.take(pa.array(codes, pa.int32(), mask=codes < 0))
            writer.write(table.append_column("event_id", event_id).select(columns))  # Arrow when the values conform
            del table
            pool.release_unused()
        return writer.n_rows


def _mentions_by_id(inputs: _Inputs, out_dir: Path, scratch: Path) -> Iterator[pa.Table]:
    """The filled mentions (and ``_row``) by mention id then file row, :data:`BATCH_ROWS` at a time.

    The pipeline's ids are hex digests, spread evenly: one pass counts them by their first four digits and
    cuts that range into pieces of at most :data:`PIECE_ROWS`; a pass over the filled rows (the ``filled`` view:
    the same article fill as the sweep) deals each row to its piece, and each piece is read back and sorted
    alone. Memory holds the counts, a batch and a piece whatever the corpus size.

    Other ids (or hex ids crowding a few prefixes) take the general path: each row's place (an int per
    mention) from merging the file's stretches already in id order or, for a file of many stretches, from
    DuckDB sorting the ids alone; the rows are then dealt to pieces of :data:`PIECE_ROWS` consecutive places.
    """
    path = out_dir / "event_mentions.parquet"
    n_rows = pq.ParquetFile(path).metadata.num_rows
    names = [n for n in schema.TABLES["event_mentions"].names if n != "event_id"]
    rows = inputs.con.sql(f"SELECT {', '.join(names)}, _row FROM filled")
    bounds = _hex_bounds(path, _piece_rows(n_rows))
    if bounds is not None:
        yield from _rebatched(_hex_pieces(rows.to_arrow_reader(READ_BATCH_ROWS), bounds,
                                          scratch / "mentions-by-id"), BATCH_ROWS)
        return
    runs = _sorted_runs(path)
    place = _sorted_positions(inputs, n_rows) if runs is None else _merged_positions(path, runs)
    pieces = _Pieces(scratch / "mentions-by-id", place)
    for batch in rows.to_arrow_reader(READ_BATCH_ROWS):
        pieces.deal(pa.Table.from_batches([batch]))  # one pass in any order: each row goes to its place's piece
    yield from pieces.by_place()


def _piece_rows(n_rows: int) -> int:
    """Rows a scratch piece of a mention sort holds: :data:`PIECE_ROWS`, more when there would be over
    :data:`MAX_PIECES` pieces (each dealt batch is written in one part per piece it touches: many small
    pieces make many tiny writes)."""
    return max(PIECE_ROWS, -(-n_rows // MAX_PIECES))


def _hex_prefixes(values: np.ndarray) -> np.ndarray:
    return (values >> np.uint64(64 - HEX_PREFIX_BITS)).astype(np.int64)


def _hex_bounds(path: Path, piece_rows: int) -> np.ndarray | None:
    """The first id prefix (:data:`HEX_PREFIX_BITS` bits) of each piece of at most `piece_rows` mentions, when
    every id is 16 lowercase hex digits (as the pipeline makes them); else None.

    Such ids sort as strings exactly as their values sort as 64-bit numbers, so ranges of prefixes are
    ranges of ids. None too when one prefix alone holds more than a piece, or the pieces would be more than
    :data:`MAX_PIECES`: ids that are not spread like digests go the general way.
    """
    counts = np.zeros(1 << HEX_PREFIX_BITS, np.int64)
    source = pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 16)
    # one thread: the merge's streamed reads gain nothing from Arrow's reader threads, whose buffers stayed
    # behind (about 10 MiB more after this read at 100k articles, 15 MiB more in the events write)
    for batch in source.iter_batches(batch_size=SCAN_ROWS, columns=["mention_id"], use_threads=False):
        values = _hex_values(batch.column(0))
        if values is None:
            return None
        counts += np.bincount(_hex_prefixes(values), minlength=len(counts))
    io.trim_heap()
    if counts.max() > piece_rows:
        return None
    starts, filled = [0], 0
    for prefix, n in zip(*_nonzero(counts), strict=True):
        if filled and filled + n > piece_rows:
            starts.append(prefix)
            filled = 0
        filled += n
    return np.asarray(starts, np.int64) if len(starts) <= MAX_PIECES else None


def _nonzero(counts: np.ndarray) -> tuple[list[int], list[int]]:
    where = np.flatnonzero(counts)
    return where.tolist(), counts[where].tolist()


def _hex_pieces(batches: Iterator[pa.RecordBatch], bounds: np.ndarray, folder: Path) -> Iterator[pa.RecordBatch]:
    """Rows with hex mention ids, dealt to pieces by id prefix (`bounds`, from :func:`_hex_bounds`), each
    piece read back sorted by id then file row."""
    folder.mkdir()
    pieces = _Buckets(folder)
    for batch in batches:
        values = _hex_values(batch.column("mention_id"))
        if values is None:  # the file's ids were all hex a moment ago
            raise TimelineError(f"event mentions: mention ids changed while they were sorted ({folder})")
        pieces.add(pa.Table.from_batches([batch]), np.searchsorted(bounds, _hex_prefixes(values), "right") - 1)
    return pieces.in_order(["mention_id", "_row"])


def _rebatched(batches: Iterator[pa.RecordBatch], rows: int) -> Iterator[pa.Table]:
    """The rows of `batches`, in order, in tables of exactly `rows` rows (the last may hold fewer).

    The batches are put together without a copy (a table of several chunks): Parquet writes the same bytes.
    """
    held: list[pa.RecordBatch] = []
    n = 0
    for batch in batches:
        while batch.num_rows:
            take = min(rows - n, batch.num_rows)
            held.append(batch.slice(0, take))
            batch = batch.slice(take)
            n += take
            if n == rows:
                yield pa.Table.from_batches(held)
                held, n = [], 0
    if held:
        yield pa.Table.from_batches(held)


_NIBBLE = np.full(256, 255, np.uint8)  # a lowercase hex digit's value; 255 for any other byte
_NIBBLE[np.frombuffer(b"0123456789", np.uint8)] = np.arange(10)
_NIBBLE[np.frombuffer(b"abcdef", np.uint8)] = np.arange(10, 16)


def _hex_values(ids: pa.Array) -> np.ndarray | None:
    """16-lowercase-hex-digit strings as the numbers they spell; None if any id is missing or otherwise."""
    wide = pa.types.is_large_string(ids.type)
    if not (wide or pa.types.is_string(ids.type)) or ids.null_count:
        return None
    if not len(ids):
        return np.zeros(0, np.uint64)
    if pc.min_max(pc.binary_length(ids)).as_py() != {"min": 16, "max": 16}:
        return None
    width = np.int64 if wide else np.int32
    offsets = np.frombuffer(ids.buffers()[1], width, len(ids) + 1, ids.offset * np.dtype(width).itemsize)
    digits = _NIBBLE[np.frombuffer(ids.buffers()[2], np.uint8)[offsets[0]:offsets[-1]]].reshape(-1, 16)
    if (digits > 15).any():
        return None
    octets = (digits[:, 0::2] << 4) | digits[:, 1::2]  # 8 bytes a mention, most significant first
    return np.ascontiguousarray(octets).view(">u8").ravel().astype(np.uint64)


def _sorted_positions(inputs: _Inputs, n_rows: int) -> np.ndarray:
    """Each file row's place in (mention id, row) order, from a DuckDB sort of those two columns alone
    (a sort of the full rows would hold their sentences; this one spills past its limit if it must)."""
    place = np.empty(n_rows, np.int64)
    done = 0
    for batch in inputs.con.sql("SELECT _row FROM em ORDER BY mention_id, _row").to_arrow_reader(SCAN_ROWS):
        rows = batch.column(0).to_numpy()
        place[rows] = np.arange(done, done + len(rows))
        done += len(rows)
    return place


def _sorted_runs(path: Path) -> list[tuple[int, int]] | None:
    """The file's stretches of rows already in mention-id order, as ``(first row, end)``; None when there are
    more than :data:`MAX_RUNS` (or a missing id, which DuckDB would sort last)."""
    runs: list[tuple[int, int]] = []
    first = row = 0
    last = None
    for batch in pq.ParquetFile(path).iter_batches(batch_size=SCAN_ROWS, columns=["mention_id"], use_threads=False):
        ids = batch.column(0)
        if ids.null_count:
            return None
        n = len(ids)
        breaks = [] if n < 2 else np.flatnonzero(pc.less(ids.slice(1), ids.slice(0, n - 1)).to_numpy(
            zero_copy_only=False)) + 1
        if last is not None and n and ids[0].as_py() < last:
            breaks = [0, *breaks]
        for b in breaks:
            runs.append((first, row + int(b)))
            first = row + int(b)
            if len(runs) >= MAX_RUNS:
                return None
        if n:
            last = ids[n - 1].as_py()
        row += n
    if row > first:
        runs.append((first, row))
    return runs


def _merged_positions(path: Path, runs: Sequence[tuple[int, int]]) -> np.ndarray:
    """Each file row's place in (mention id, row) order: the sorted runs' ids merged as they stream."""
    def keyed(first: int, end: int) -> Iterator[tuple[str, int]]:
        for batch, row in _file_rows(path, first, end, ["mention_id"]):
            yield from zip(batch.column(0).to_pylist(), range(row, row + batch.num_rows), strict=True)

    n_rows = runs[-1][1] if runs else 0
    place = np.empty(n_rows, np.int64)
    for i, (_, row) in enumerate(heapq.merge(*(keyed(first, end) for first, end in runs))):
        place[row] = i
    return place


def _file_rows(path: Path, first: int, end: int, columns: list[str]) -> Iterator[tuple[pa.RecordBatch, int]]:
    """Rows ``first`` to ``end`` of a Parquet file in order, as ``(batch, its first row)``."""
    source = pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 16)  # streamed, not a row group at a time
    meta = source.metadata
    start = 0
    for group in range(meta.num_row_groups):
        n = meta.row_group(group).num_rows
        lo, hi = max(first, start), min(end, start + n)
        pos = start
        for batch in source.iter_batches(batch_size=READ_BATCH_ROWS, row_groups=[group], columns=columns,
                                         use_threads=False) \
                if lo < hi else ():
            b_lo, b_hi = max(lo, pos), min(hi, pos + batch.num_rows)
            if b_lo < b_hi:
                yield batch.slice(b_lo - pos, b_hi - b_lo), b_lo
            pos += batch.num_rows
            if pos >= hi:
                break
        start += n


class _Buckets:
    """Rows dealt to numbered Arrow scratch files, read back whole, one bucket at a time in number order."""

    def __init__(self, folder: Path):
        self._folder = folder
        self._writers: dict[int, pa.ipc.RecordBatchFileWriter] = {}
        self._options = pa.ipc.IpcWriteOptions(compression="lz4")

    def add(self, table: pa.Table, bucket: np.ndarray) -> None:
        """Each row to its bucket, in the order given.

        One stable sort by bucket and a slice per bucket: a filter per bucket would read the whole table once
        for every bucket it touches, and rows in file order touch nearly all of them.
        """
        order = np.argsort(bucket, kind="stable")
        found, starts, counts = np.unique(bucket[order], return_index=True, return_counts=True)
        grouped = table.take(pa.array(order)) if len(found) > 1 else table
        for b, start, n in zip(found.tolist(), starts.tolist(), counts.tolist(), strict=True):
            rows = grouped.slice(start, n)
            if b not in self._writers:
                self._writers[b] = pa.ipc.new_file(self._folder / f"{b}.arrow", rows.schema, options=self._options)
            self._writers[b].write_table(rows)

    def tables(self) -> Iterator[pa.Table]:
        for writer in self._writers.values():
            writer.close()
        for b in sorted(self._writers):
            path = self._folder / f"{b}.arrow"
            with pa.OSFile(str(path)) as source:
                table = pa.ipc.open_file(source).read_all()
            path.unlink()
            yield table
            del table
            io.trim_heap()  # what the bucket's rows took is free now: hand it back before the next one

    def in_order(self, keys: list[str]) -> Iterator[pa.RecordBatch]:
        """Every row, bucket by bucket, each bucket sorted by `keys` (ascending, missing values last).

        A batch is taken at a time, so a bucket's rows are held once, not also as a sorted copy.
        """
        for table in self.tables():
            order = pc.sort_indices(table, [(k, "ascending") for k in keys])
            for start in range(0, len(order), READ_BATCH_ROWS):
                yield from table.take(order.slice(start, READ_BATCH_ROWS)).to_batches()
            del table, order  # before the next bucket is read, not after


class _Pieces(_Buckets):
    """Rows dealt by their place to Arrow files of consecutive places, read back in order.

    Pieces are :data:`PIECE_ROWS` places each, or start at the given `starts` (ascending places, the first 0).
    """

    def __init__(self, folder: Path, place: np.ndarray, starts: np.ndarray | None = None):
        folder.mkdir()
        super().__init__(folder)
        self.n_rows = len(place)
        self._place = place
        self._starts = starts
        size = _piece_rows(self.n_rows)
        self._size = -(-size // BATCH_ROWS) * BATCH_ROWS  # whole batches: the file's row groups as a plain sort's

    def deal(self, table: pa.Table) -> None:
        """Each row (by its ``_row``) to the piece of its place."""
        places = self._place[table.column("_row").to_numpy()]
        piece = places // self._size if self._starts is None else np.searchsorted(self._starts, places, "right") - 1
        super().add(table, piece)

    def by_place(self, whole: bool = False) -> Iterator[pa.Table]:
        """The rows in place order: :data:`BATCH_ROWS` at a time, or one table per piece if `whole`."""
        for table in self.tables():
            order = np.argsort(self._place[table.column("_row").to_numpy()], kind="stable")
            step = len(order) if whole else BATCH_ROWS
            for start in range(0, len(order), max(1, step)):
                yield table.take(pa.array(order[start:start + step]))
