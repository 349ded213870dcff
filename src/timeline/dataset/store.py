"""Per-article results kept between runs: incremental, crash-safe, and the unit of parallel work.

The NLP stage writes its results batch by batch into ``<out>/_work/<fingerprint>/batch-*/`` (one Parquet
file per per-article table). A batch folder is written under a temporary name and renamed into place, so
it either exists whole or not at all: a run killed at any point loses at most the batch in flight, and the
next run skips every article already in a finished batch. The fingerprint covers the pipeline version and
everything that changes extraction (actor dictionary, settings), so a changed pipeline starts afresh.
At the end the batches are streamed into the final tables, keeping only the articles of the current input.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Collection
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from timeline.dataset import io, rows
from timeline.dataset.digests import DigestSet
from timeline.types import ArticleAnalysis

PER_ARTICLE_TABLES = ("articles", "timexes", "actor_mentions", "event_mentions")
WORK = "_work"


def article_key(article_id: str, content_sha256: str | None) -> bytes:
    """An article's identity for incremental runs (id and content), as 16 bytes: a run keeps one per input
    article until its tables are consolidated, so the key is a digest rather than the long id|hash string."""
    return hashlib.blake2b(f"{article_id}|{content_sha256 or ''}".encode("utf-8", "surrogatepass"),
                           digest_size=16).digest()


def fingerprint(*parts: object) -> str:
    blob = json.dumps([str(p) for p in parts], sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


class WorkStore:
    """The batch folders of one output folder and one pipeline fingerprint."""

    def __init__(self, out_dir: Path, fp: str):
        self.root = Path(out_dir) / WORK / fp
        self.root.mkdir(parents=True, exist_ok=True)
        self.run_stamp = time.time_ns()  # batches of this run sort after those of earlier runs
        self._drop_stale(Path(out_dir) / WORK, keep=fp)

    def _drop_stale(self, work: Path, keep: str) -> None:
        for child in work.iterdir():
            if child.name != keep:
                shutil.rmtree(child, ignore_errors=True)  # another pipeline version's results
        for tmp in self.root.glob(".batch-*"):
            shutil.rmtree(tmp, ignore_errors=True)  # a batch a killed run did not finish

    def batches(self) -> list[Path]:
        return sorted(p for p in self.root.glob("batch-*") if p.is_dir())

    def done_keys(self) -> DigestSet:
        keys = DigestSet()
        for batch in self.batches():
            table = pq.read_table(batch / "articles.parquet", columns=["article_id", "content_sha256"])
            for aid, sha in zip(table.column(0).to_pylist(), table.column(1).to_pylist(), strict=True):
                keys.add(article_key(aid, sha))
        return keys

    def write_batch(self, analyses: list[ArticleAnalysis], position: int | None = None) -> Path | None:
        """Write one batch atomically (temp folder + rename); return its folder.

        `position` is where the batch's first article stands in this run's stream of new articles (the order
        in which the NLP stage emits them). With it, batches are named, and so consolidated, in stream order
        whichever worker finished first; without it, in the order they were written (right for one writer).
        """
        if not analyses:
            return None
        name = self._batch_name(position)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=self.root))
        try:
            for table, columns in rows.batch_columns(analyses).items():
                pq.write_table(io.arrow_of_columns(table, columns), tmp / f"{table}.parquet", compression="zstd")
            final = self.root / name
            os.replace(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return final

    def _batch_name(self, position: int | None) -> str:
        """Names sort by run, then by position in the run (or by write time): the order ``consolidate`` keeps."""
        if position is None:
            return f"batch-{time.time_ns():020d}-{uuid.uuid4().hex[:6]}"
        return f"batch-{self.run_stamp:020d}-p{position:012d}-{uuid.uuid4().hex[:6]}"

    def consolidate(self, out_dir: Path, keep_keys: Collection[bytes] | None) -> dict[str, int]:
        """Stream every batch into ``<table>.parquet`` (atomic), keeping only the `keep_keys` articles.

        An article whose text changed has a new key: its old batch rows are dropped here, so an edited
        article is never counted twice.
        """
        valid = {batch: _valid_ids(batch, keep_keys) for batch in self.batches()}
        return {table: _stream_table(table, valid, Path(out_dir)) for table in PER_ARTICLE_TABLES}


def _valid_ids(batch: Path, keep_keys: Collection[bytes] | None) -> pa.Array:
    table = pq.read_table(batch / "articles.parquet", columns=["article_id", "content_sha256"])
    ids = table.column(0).to_pylist()
    shas = table.column(1).to_pylist()
    keep = [i for i, s in zip(ids, shas, strict=True) if keep_keys is None or article_key(i, s) in keep_keys]
    return pa.array(keep, type=pa.string())


def _stream_table(table: str, valid: dict[Path, pa.Array], out_dir: Path) -> int:
    target = out_dir / f"{table}.parquet"
    tmp = io.temp_beside(target)  # readable like the tables written by io.write_table
    n = 0
    try:
        with pq.ParquetWriter(tmp, io.arrow_schema(table), compression="zstd") as writer:
            for batch, ids in valid.items():
                part = pq.read_table(batch / f"{table}.parquet")
                part = part.filter(pc.is_in(part.column("article_id"), value_set=ids))
                writer.write_table(part.cast(io.arrow_schema(table)))
                n += part.num_rows
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return n
