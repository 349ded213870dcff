"""Reading and writing tables: atomic, schema-checked, queryable with DuckDB.

Every file is written to a temporary name in the same folder and renamed into place, so a crash or a
kill never leaves a half-written Parquet or CSV where a reader (or the next run) would trust it.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from timeline.dataset import schema
from timeline.errors import OutputError

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


def clean_stale_temps(folder: Path) -> int:
    """Remove temp files a killed run left behind; they were never visible under a real name."""
    removed = 0
    if folder.is_dir():
        for tmp in folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed += 1
    return removed


def _arrow_type(col: schema.Column) -> pa.DataType:
    return {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
            "date": pa.date32()}[col.dtype]


def arrow_schema(table_name: str) -> pa.Schema:
    table = schema.TABLES[table_name]
    return pa.schema([pa.field(c.name, _arrow_type(c), nullable=c.nullable) for c in table.columns])


def to_arrow(table_name: str, df: pd.DataFrame) -> pa.Table:
    """Validate `df` against the schema and convert it with the table's exact Arrow types."""
    return _arrow_of_valid(table_name, schema.validate(table_name, df))


def _arrow_of_valid(table_name: str, valid: pd.DataFrame) -> pa.Table:
    arrays = {c.name: pa.array(valid[c.name].tolist(), type=_arrow_type(c))
              for c in schema.TABLES[table_name].columns}
    return pa.Table.from_pydict(arrays, schema=arrow_schema(table_name))


def defuse_formula(value: object) -> object:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_text(table_name: str, df: pd.DataFrame) -> str:
    """The table as CSV for people: validated, with formula-like cells defused."""
    return _csv_of_valid(table_name, schema.validate(table_name, df))


def _csv_of_valid(table_name: str, valid: pd.DataFrame) -> str:
    safe = valid.copy()
    for col in schema.TABLES[table_name].columns:
        if col.dtype == "string":
            safe[col.name] = safe[col.name].map(defuse_formula)
    buf = io.StringIO()
    safe.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def write_table(table_name: str, df: pd.DataFrame, out_dir: Path | str, *, csv: bool | None = None) -> list[Path]:
    """Write a validated table as Parquet (and its CSV mirror for people-facing tables), atomically."""
    out_dir = Path(out_dir)
    valid = schema.validate(table_name, df)  # once: both files are written from the same checked frame
    arrow = _arrow_of_valid(table_name, valid)
    sink = pa.BufferOutputStream()
    pq.write_table(arrow, sink, compression="zstd")
    written = [atomic_write_bytes(out_dir / f"{table_name}.parquet", sink.getvalue().to_pybytes())]
    if csv if csv is not None else schema.TABLES[table_name].csv:
        name = CSV_NAMES.get(table_name, table_name)
        written.append(atomic_write_text(out_dir / f"{name}.csv", _csv_of_valid(table_name, valid)))
    return written


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


def duckdb_connect(folder: Path | str):
    """A DuckDB connection with one view per Parquet table in `folder` (``SELECT * FROM events``)."""
    import duckdb

    con = duckdb.connect()
    folder = Path(folder)
    views = {p.stem: str(p) for p in sorted(folder.glob("*.parquet"))}
    for part in sorted(p for p in folder.glob("*") if p.is_dir() and any(p.glob("**/*.parquet"))):
        views.setdefault(part.name, str(part / "**" / "*.parquet"))
    for name, target in views.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            continue  # not a table this toolkit wrote; never build SQL from an odd file name
        literal = target.replace("'", "''")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{literal}')")
    return con
