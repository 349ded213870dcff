"""Reading and writing tables: atomic, schema-checked, queryable with DuckDB.

Every file is written to a temporary name in the same folder and renamed into place, so a crash or a
kill never leaves a half-written Parquet or CSV where a reader (or the next run) would trust it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import gc
import io
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from timeline.dataset import schema
from timeline.errors import OutputError, SchemaError

_UMASK = os.umask(0)
os.umask(_UMASK)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_NAMES = {"events": "timeline"}  # the people-facing name of a table's CSV mirror


def explain_os_error(exc: OSError, path: Path) -> OutputError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(f"cannot write {path}: the disk is full")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(f"cannot write {path}: the folder is read-only or not yours ({exc.strerror})")
    return OutputError(f"cannot write {path}: {exc.strerror or exc}")


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    """Write `data` to `path` so that readers see either the old file or the whole new one."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise explain_os_error(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; published reports must be readable
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise explain_os_error(exc, path) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def atomic_write_text(path: Path | str, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def clean_stale_temps(folder: Path, pattern: str = ".*.tmp") -> int:
    """Remove temp files (and spill folders) a killed run left behind; they were never visible under a real name."""
    removed = 0
    if folder.is_dir():
        for tmp in folder.glob(pattern):
            with contextlib.suppress(OSError):
                if tmp.is_dir() and not tmp.is_symlink():
                    shutil.rmtree(tmp)
                else:
                    tmp.unlink()
                removed += 1
    return removed


def use_system_memory_pool() -> None:
    """Allocate Arrow buffers with the C library's malloc instead of Arrow's bundled mimalloc.

    mimalloc keeps what a phase freed (the event merge left ~100 MiB of freed buffers on the books at 100k
    articles, more than its live data), while glibc gives large buffers back as they are freed and the rest
    at ``malloc_trim``. Measured on the merge alone, same CPU. A user's ``ARROW_DEFAULT_MEMORY_POOL`` wins.

    This sets the pool pyarrow's Python calls use. Arrow's C++ readers and writers keep the pool chosen when
    pyarrow loaded, which ``import timeline`` makes the system one when it comes first (see ``timeline``).
    """
    from timeline import ARROW_POOL_CHOSEN_BY_USER

    if not ARROW_POOL_CHOSEN_BY_USER and pa.default_memory_pool().backend_name != "system":
        pa.set_memory_pool(pa.system_memory_pool())


def release_memory() -> None:
    """Hand the memory of a finished phase back to the system before the next one starts.

    Arrow keeps freed buffers pooled and glibc keeps freed heap pages, so a phase's peak would otherwise stay
    on the books for the rest of the run and add to the next phase's.
    """
    gc.collect()
    pa.default_memory_pool().release_unused()
    trim_heap()


def trim_heap() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; elsewhere nothing).

    Cheap enough to call between the pieces of a long step, so that what one piece freed does not stay
    counted while the next one runs.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)  # glibc only; other C libraries have no such call


def _arrow_type(col: schema.Column) -> pa.DataType:
    return {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
            "date": pa.date32()}[col.dtype]


def arrow_schema(table_name: str) -> pa.Schema:
    table = schema.TABLES[table_name]
    return pa.schema([pa.field(c.name, _arrow_type(c), nullable=c.nullable) for c in table.columns])


def to_arrow(table_name: str, df: pd.DataFrame) -> pa.Table:
    """Validate `df` against the schema and convert it with the table's exact Arrow types."""
    return _arrow_of_valid(table_name, schema.validate(table_name, df))


def arrow_of_columns(table_name: str, columns: dict[str, list]) -> pa.Table:
    """Columns of Python values (see ``dataset.rows``) as a validated Arrow table with the table's exact types.

    Values that are already of their column's type are checked a column at a time and go straight to Arrow;
    anything else takes the full ``schema.validate`` path, which coerces or names the offending row. Both
    give the same table.
    """
    if not schema.columns_are_valid(table_name, columns):
        return to_arrow(table_name, pd.DataFrame(columns))
    arrays = [pa.array(columns[c.name], type=_arrow_type(c)) for c in schema.TABLES[table_name].columns]
    return pa.Table.from_arrays(arrays, schema=arrow_schema(table_name))


def _arrow_of_valid(table_name: str, valid: pd.DataFrame) -> pa.Table:
    arrays = {c.name: pa.array(valid[c.name].tolist(), type=_arrow_type(c))
              for c in schema.TABLES[table_name].columns}
    return pa.Table.from_pydict(arrays, schema=arrow_schema(table_name))


def _arrow_kind(col: schema.Column, dtype: pa.DataType) -> bool:
    """Arrow types whose values are, one for one, what ``schema.validate`` accepts for `col` unchanged."""
    if pa.types.is_null(dtype):
        return True
    return {"string": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
            "int": pa.types.is_integer, "float": pa.types.is_floating, "bool": pa.types.is_boolean,
            "date": pa.types.is_date32}[col.dtype](dtype)


def _arrow_column_ok(col: schema.Column, values: pa.ChunkedArray) -> bool:
    if not _arrow_kind(col, values.type) or (not col.nullable and values.null_count):
        return False
    if col.dtype == "float" and pa.types.is_floating(values.type) and pc.any(pc.is_nan(values)).as_py():
        return False  # NaN: validate() makes it a missing value
    if col.allowed is None:
        return True
    distinct = {v for v in pc.unique(values).to_pylist() if v is not None}
    if col.multi:
        distinct = {part for v in distinct for part in v.split(schema.JOIN) if part}
    return distinct <= set(col.allowed)


def arrow_if_valid(table_name: str, data: pa.Table | pa.RecordBatch) -> pa.Table | None:
    """`data` cast to the table's exact Arrow types if its columns already conform, else None.

    Checked a column at a time in Arrow (types, missing values, allowed values), so a large batch, such as
    mentions coming back from DuckDB, is not turned into Python objects only to be found valid. None means
    "use ``schema.validate``", which coerces other representations or names the offending row. Keys are
    left to the caller (``TableWriter`` checks them across batches).
    """
    table = pa.Table.from_batches([data]) if isinstance(data, pa.RecordBatch) else data
    spec = schema.TABLES[table_name]
    if table.column_names != spec.names:
        return None
    if not all(_arrow_column_ok(col, table.column(col.name)) for col in spec.columns):
        return None
    return table.cast(arrow_schema(table_name)).combine_chunks()


def defuse_formula(value: object) -> object:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_text(table_name: str, df: pd.DataFrame) -> str:
    """The table as CSV for people: validated, with formula-like cells defused."""
    return _csv_of_valid(table_name, schema.validate(table_name, df))


def _csv_of_valid(table_name: str, valid: pd.DataFrame, *, header: bool = True) -> str:
    safe = valid.copy()
    for col in schema.TABLES[table_name].columns:
        if col.dtype == "string":
            safe[col.name] = safe[col.name].map(defuse_formula)
    buf = io.StringIO()
    safe.to_csv(buf, index=False, header=header, lineterminator="\n")
    return buf.getvalue()


def frame_of_arrow(data: pa.Table | pa.RecordBatch, names: list[str] | None = None) -> pd.DataFrame:
    """Arrow data as a frame of plain Python values (dates as datetime.date), as the tables are read back."""
    names = names if names is not None else list(data.schema.names)
    return pd.DataFrame({n: pd.Series(data.column(n).to_pylist(), dtype=object) for n in names})


def temp_beside(path: Path) -> str:
    """A temp file in `path`'s folder (same file system, so os.replace is atomic), readable like a normal file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; published reports must be readable
    except OSError as exc:
        raise explain_os_error(exc, path) from None
    return tmp


class TableWriter:
    """Write one table batch by batch: Parquet row groups (and its CSV mirror) streamed to temp files.

    Memory holds one batch, not the table. Every batch is validated against the schema (and the table's
    key checked across batches); ``close`` renames the finished files into place, and any error (or
    ``abort``) removes the temp files, so readers only ever see a whole table. Use it as a context manager.
    """

    def __init__(self, table_name: str, out_dir: Path | str, *, csv: bool | None = None):
        self.table_name = table_name
        self.n_rows = 0
        self._n_batches = 0
        self._key = schema.TABLES[table_name].key
        self._seen_keys: set[object] = set()
        out_dir = Path(out_dir)
        self._targets = [out_dir / f"{table_name}.parquet"]
        if csv if csv is not None else schema.TABLES[table_name].csv:
            self._targets.append(out_dir / f"{CSV_NAMES.get(table_name, table_name)}.csv")
        self._temps: list[str] = []
        self._parquet: pq.ParquetWriter | None = None
        self._csv = None
        try:
            self._temps = [temp_beside(t) for t in self._targets]
            self._parquet = pq.ParquetWriter(self._temps[0], arrow_schema(table_name), compression="zstd")
            if len(self._temps) > 1:
                self._csv = open(self._temps[1], "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed in close)
        except BaseException:
            self.abort()
            raise

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.abort()
        elif self._parquet is not None:
            self.close()

    def write(self, data: pd.DataFrame | pa.Table | pa.RecordBatch) -> int:
        """Validate and append one batch (a frame, or Arrow data such as a DuckDB result); return its rows.

        Arrow data whose columns already conform (see ``arrow_if_valid``) is written as it is, without
        turning every cell into a Python object. For a table with a CSV mirror, values that pass the cheap
        column-at-a-time check (``schema.columns_are_valid``) skip the row-by-row ``schema.validate``, which
        would return them unchanged; anything else takes that full path. All write the same table.
        """
        if isinstance(data, pa.Table | pa.RecordBatch):
            arrow = arrow_if_valid(self.table_name, data) if self._csv is None else None
            if arrow is not None:
                return self._write_arrow(arrow)
            columns = {n: data.column(n).to_pylist() for n in data.schema.names}
            canonical = schema.columns_are_valid(self.table_name, columns)
            data = pd.DataFrame({n: pd.Series(columns.pop(n), dtype=object) for n in list(columns)})
            if canonical:
                return self.write_valid(data)
        return self.write_valid(schema.validate(self.table_name, data))

    def _write_arrow(self, table: pa.Table) -> int:
        if self._parquet is None:
            raise OutputError(f"table {self.table_name!r}: the writer is already closed")
        if self._key and table.num_rows:
            self._check_keys(pd.DataFrame({self._key: table.column(self._key).to_pylist()}))
        try:
            self._parquet.write_table(table)
        except OSError as exc:
            self.abort()
            raise explain_os_error(exc, self._targets[0]) from None
        self.n_rows += table.num_rows
        self._n_batches += 1
        return table.num_rows

    def write_valid(self, valid: pd.DataFrame) -> int:
        """Append a batch that ``schema.validate`` already returned."""
        if self._parquet is None:
            raise OutputError(f"table {self.table_name!r}: the writer is already closed")
        self._check_keys(valid)
        try:
            self._parquet.write_table(_arrow_of_valid(self.table_name, valid))
            if self._csv is not None:
                self._csv.write(_csv_of_valid(self.table_name, valid, header=self._n_batches == 0))
        except OSError as exc:
            self.abort()
            raise explain_os_error(exc, self._targets[0]) from None
        self.n_rows += len(valid)
        self._n_batches += 1
        return len(valid)

    def _check_keys(self, valid: pd.DataFrame) -> None:
        if not self._key or valid.empty:
            return
        for value in valid[self._key]:
            if value in self._seen_keys:
                self.abort()
                raise SchemaError(f"table {self.table_name!r}: duplicate {self._key} {value!r}")
            self._seen_keys.add(value)

    def close(self) -> list[Path]:
        """Finish the files and move them into place; an empty table still gets its schema (and CSV header)."""
        if self._parquet is None:
            raise OutputError(f"table {self.table_name!r}: the writer is already closed")
        try:
            if self._n_batches == 0:
                self.write_valid(schema.empty(self.table_name))
            self._parquet.close()
            self._parquet = None
            if self._csv is not None:
                self._csv.flush()
                os.fsync(self._csv.fileno())
                self._csv.close()
                self._csv = None
            _fsync_path(self._temps[0])
            for tmp, target in zip(self._temps, self._targets, strict=True):
                os.replace(tmp, target)
        except OSError as exc:
            self.abort()
            raise explain_os_error(exc, self._targets[0]) from None
        except BaseException:
            self.abort()
            raise
        self._temps = []
        return list(self._targets)

    def abort(self) -> None:
        """Drop what was written; the previous files (if any) stay as they were."""
        with contextlib.suppress(Exception):
            if self._parquet is not None:
                self._parquet.close()
        with contextlib.suppress(Exception):
            if self._csv is not None:
                self._csv.close()
        self._parquet = self._csv = None
        for tmp in self._temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self._temps = []


def _fsync_path(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_table(table_name: str, df: pd.DataFrame, out_dir: Path | str, *, csv: bool | None = None) -> list[Path]:
    """Write a validated table as Parquet (and its CSV mirror for people-facing tables), atomically."""
    valid = schema.validate(table_name, df)  # once: both files are written from the same checked frame
    writer = TableWriter(table_name, out_dir, csv=csv)
    try:
        writer.write_valid(valid)
    except BaseException:
        writer.abort()
        raise
    return writer.close()


def read_table(table_name: str, folder: Path | str, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a table back as plain Python values (dates as datetime.date), columns in schema order.

    `columns` reads only those columns (e.g. everything but the article texts), so memory stays small.
    """
    path = Path(folder) / f"{table_name}.parquet"
    names = [n for n in schema.TABLES[table_name].names if columns is None or n in columns]
    if not path.is_file():
        return schema.empty(table_name)[names]
    present = set(pq.read_schema(path).names)
    table = pq.read_table(path, columns=[n for n in names if n in present])
    data = {name: table.column(name).to_pylist() if name in present else [None] * table.num_rows
            for name in names}
    return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in data.items()})


def duckdb_connect(folder: Path | str, *, tables: Iterable[str] | None = None, memory_limit: str | None = None,
                   threads: int | None = None, temp_directory: Path | str | None = None, row_numbers: bool = False,
                   settings: Mapping[str, object] | None = None):
    """A DuckDB connection with one view per Parquet table in `folder` (``SELECT * FROM events``).

    `tables` limits the views to those names; `memory_limit` (e.g. ``"512MB"``), `threads` and
    `temp_directory` bound what a query may hold in memory: past the limit DuckDB spills to the temp folder.
    `settings` are further DuckDB options set when the connection opens (e.g. ``{"preserve_insertion_order":
    False}``). `row_numbers` adds a ``file_row_number`` column (a row's position in its file) for
    first-occurrence rules.
    """
    import duckdb

    config = {k: v for k, v in (("memory_limit", memory_limit), ("threads", threads),
                                ("temp_directory", str(temp_directory) if temp_directory else None)) if v}
    config.update(settings or {})
    con = duckdb.connect(config=config)
    folder = Path(folder)
    views = {p.stem: str(p) for p in sorted(folder.glob("*.parquet"))}
    for part in sorted(p for p in folder.glob("*") if p.is_dir() and any(p.glob("**/*.parquet"))):
        views.setdefault(part.name, str(part / "**" / "*.parquet"))
    wanted = set(tables) if tables is not None else None
    option = ", file_row_number = true" if row_numbers else ""
    for name, target in views.items():
        if wanted is not None and name not in wanted:
            continue
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            continue  # not a table this toolkit wrote; never build SQL from an odd file name
        literal = target.replace("'", "''")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{literal}'{option})")
    return con


@contextlib.contextmanager
def bounded_duckdb(folder: Path | str, *, memory_limit: str, threads: int = 1, tables: Iterable[str] | None = None,
                   row_numbers: bool = False, settings: Mapping[str, object] | None = None,
                   spill_in: Path | str | None = None) -> Iterator:
    """``duckdb_connect`` under `memory_limit`, spilling into a private temp folder that is removed on exit.

    The spill folder is made in `spill_in` (default: `folder`) with a ``.duckdb-*.tmp`` name, so that a
    killed run's leftovers are swept by ``clean_stale_temps``. `settings` are passed on (see ``duckdb_connect``).
    """
    parent = Path(spill_in if spill_in is not None else folder)
    try:
        spill = Path(tempfile.mkdtemp(prefix=".duckdb-", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise explain_os_error(exc, parent) from None
    try:
        con = duckdb_connect(folder, tables=tables, memory_limit=memory_limit, threads=max(1, threads),
                             temp_directory=spill, row_numbers=row_numbers, settings=settings)
        try:
            yield con
        finally:
            con.close()
    finally:
        shutil.rmtree(spill, ignore_errors=True)
