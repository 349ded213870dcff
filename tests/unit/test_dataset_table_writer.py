"""io.TableWriter: a table streamed batch by batch is the table write_table writes, and failures leave no trace."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from timeline.dataset import io, schema
from timeline.errors import SchemaError


def _edges(n: int, start: int = 0) -> pd.DataFrame:
    return pd.DataFrame({
        "source": [f"=Actor {i}" if i % 7 == 0 else f"Actor {i}" for i in range(start, start + n)],
        "target": ["Ofcom"] * n, "relation": ["interaction" if i % 2 else "co_mention" for i in range(n)],
        "event_type": ["investigation" if i % 2 else None for i in range(n)],
        "weight": [float(i + 1) for i in range(n)],
        "first_date": [date(2026, 1, 1 + i % 28) for i in range(n)], "last_date": [None] * n,
    })


def _actors(ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"actor_id": ids, "name": [i.title() for i in ids], "kind": "regulator", "country": "FR",
                         "n_mentions": 3, "n_articles": 2, "aliases": None, "is_curated": False,
                         "first_mention_date": date(2026, 1, 2)})


def _temps(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_table_writes_what_pyarrow_writes_for_the_validated_table(tmp_path):
    df = _edges(30)
    io.write_table("edges", df, tmp_path)
    sink = pa.BufferOutputStream()
    pq.write_table(io.to_arrow("edges", df), sink, compression="zstd")
    assert (tmp_path / "edges.parquet").read_bytes() == sink.getvalue().to_pybytes()
    assert (tmp_path / "edges.csv").read_text(encoding="utf-8") == io.to_csv_text("edges", df)


def test_batches_give_the_same_table_and_csv_as_one_write(tmp_path):
    whole = tmp_path / "whole"
    streamed = tmp_path / "streamed"
    df = _edges(45)
    io.write_table("edges", df, whole)
    with io.TableWriter("edges", streamed) as writer:
        for start in range(0, 45, 20):
            writer.write(df.iloc[start:start + 20])
    assert writer.n_rows == 45
    assert pq.ParquetFile(streamed / "edges.parquet").metadata.num_row_groups == 3
    assert pq.read_table(streamed / "edges.parquet").equals(pq.read_table(whole / "edges.parquet"))
    csv = (streamed / "edges.csv").read_text(encoding="utf-8")
    assert csv == (whole / "edges.csv").read_text(encoding="utf-8")
    assert csv.count("source,target") == 1 and "'=Actor 14" in csv  # one header; formulas defused in every batch
    assert _temps(streamed) == []


def test_arrow_batches_are_validated_and_written(tmp_path):
    arrow = io.to_arrow("edges", _edges(5))
    with io.TableWriter("edges", tmp_path, csv=False) as writer:
        writer.write(arrow)
        writer.write(arrow.to_batches()[0])
    assert pq.read_table(tmp_path / "edges.parquet").num_rows == 10
    assert not (tmp_path / "edges.csv").exists()


def test_a_bad_batch_keeps_the_previous_table_and_leaves_no_temp_file(tmp_path):
    io.write_table("edges", _edges(3), tmp_path)
    before = (tmp_path / "edges.parquet").read_bytes(), (tmp_path / "edges.csv").read_text(encoding="utf-8")
    bad = _edges(2).assign(relation=["co_mention", "friendship"])
    with pytest.raises(SchemaError, match=r"relation.*row 1"), io.TableWriter("edges", tmp_path) as writer:
        writer.write(_edges(4))
        writer.write(bad)
    assert ((tmp_path / "edges.parquet").read_bytes(), (tmp_path / "edges.csv").read_text(encoding="utf-8")) == before
    assert _temps(tmp_path) == []


def test_a_key_repeated_in_a_later_batch_is_refused(tmp_path):
    with pytest.raises(SchemaError, match="duplicate actor_id 'arcom'"), io.TableWriter("actors", tmp_path) as w:
        w.write(_actors(["ofcom", "arcom"]))
        w.write(_actors(["arcom"]))
    assert not (tmp_path / "actors.parquet").exists() and not (tmp_path / "actors.csv").exists()
    assert _temps(tmp_path) == []


def test_an_error_in_the_caller_aborts_the_write(tmp_path):
    with pytest.raises(RuntimeError), io.TableWriter("edges", tmp_path) as writer:
        writer.write(_edges(2))
        raise RuntimeError("the producer failed")
    assert list(tmp_path.iterdir()) == []


def test_a_table_with_no_batches_is_an_empty_table_with_its_header(tmp_path):
    with io.TableWriter("events", tmp_path):
        pass
    assert pq.read_table(tmp_path / "events.parquet").schema.equals(io.arrow_schema("events"))
    assert (tmp_path / "timeline.csv").read_text(encoding="utf-8") == ",".join(schema.TABLES["events"].names) + "\n"
    io.write_table("events", schema.empty("events"), tmp_path / "direct")
    assert (tmp_path / "direct" / "events.parquet").read_bytes() == (tmp_path / "events.parquet").read_bytes()


def test_a_closed_writer_refuses_more_rows(tmp_path):
    writer = io.TableWriter("edges", tmp_path)
    writer.write(_edges(1))
    assert [p.name for p in writer.close()] == ["edges.parquet", "edges.csv"]
    with pytest.raises(Exception, match="already closed"):
        writer.write(_edges(1))


def test_stale_spill_folders_are_cleaned(tmp_path):
    spill = tmp_path / ".duckdb-abc.tmp"
    (spill / "sub").mkdir(parents=True)
    (spill / "sub" / "block").write_bytes(b"x")
    (tmp_path / ".edges.parquet.123.tmp").write_bytes(b"partial")
    assert io.clean_stale_temps(tmp_path) == 2
    assert list(tmp_path.iterdir()) == []
