"""Streaming table writers: rows go to Parquet part files as they are produced.

The NLP stage yields one article at a time; holding every text and mention of a large corpus in memory
would make memory grow with the corpus. A sink validates and writes each batch as a part file under
``_parts/<table>/`` and, at the end, streams the parts into the single ``<table>.parquet`` readers expect,
renamed into place atomically.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from timeline.dataset import io, schema


class TableSink:
    """Collect rows of one table and spill them to part files every `flush_rows` rows."""

    def __init__(self, table: str, out_dir: Path, flush_rows: int = 5000):
        self.table, self.out_dir, self.flush_rows = table, Path(out_dir), flush_rows
        self.parts_dir = self.out_dir / "_parts" / table
        self._rows: list[dict] = []
        self._parts: list[Path] = []
        self.n_rows = 0
        if self.parts_dir.exists():
            shutil.rmtree(self.parts_dir)

    def add(self, rows: list[dict] | dict) -> None:
        if isinstance(rows, dict):
            rows = [rows]
        self._rows.extend(rows)
        self.n_rows += len(rows)
        if len(self._rows) >= self.flush_rows:
            self.flush()

    def flush(self) -> None:
        if not self._rows:
            return
        df = pd.DataFrame(self._rows, columns=schema.TABLES[self.table].names)
        arrow = io.to_arrow(self.table, df)
        path = self.parts_dir / f"part-{len(self._parts):05d}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(arrow, path, compression="zstd")
        self._parts.append(path)
        self._rows = []

    def finalize(self) -> Path:
        """Stream every part into ``<table>.parquet`` (atomic rename) and remove the parts."""
        self.flush()
        target = self.out_dir / f"{self.table}.parquet"
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=self.out_dir)
        os.close(fd)
        try:
            with pq.ParquetWriter(tmp, io.arrow_schema(self.table), compression="zstd") as writer:
                for part in self._parts:
                    for batch in pq.ParquetFile(part).iter_batches(batch_size=2048):
                        writer.write_batch(batch)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        shutil.rmtree(self.parts_dir, ignore_errors=True)
        return target
