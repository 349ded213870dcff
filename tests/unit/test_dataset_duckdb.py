"""Bounded DuckDB connections: the limits and settings asked for are in force, the spill folder goes afterwards."""

from __future__ import annotations

import ctypes
import os
import sys
from datetime import date

import pandas as pd
import pytest

from timeline.dataset import io


def _edges(n: int) -> pd.DataFrame:
    return pd.DataFrame({"source": [f"actor {i}" for i in range(n)], "target": ["X"] * n,
                         "relation": ["co_mention"] * n, "event_type": [None] * n, "weight": [1.0] * n,
                         "first_date": [date(2026, 1, 2)] * n, "last_date": [date(2026, 1, 9)] * n})


def _setting(con, name: str) -> str:
    return con.execute("SELECT value FROM duckdb_settings() WHERE name = ?", [name]).fetchone()[0]


def test_bounded_connection_applies_its_limits_and_removes_its_spill_folder(tmp_path):
    io.write_table("edges", _edges(50), tmp_path)
    settings = {"preserve_insertion_order": False, "allocator_flush_threshold": "16MB"}
    with io.bounded_duckdb(tmp_path, memory_limit="64MB", threads=1, settings=settings) as con:
        spills = list(tmp_path.glob(".duckdb-*.tmp"))
        assert len(spills) == 1 and spills[0].is_dir()
        assert _setting(con, "temp_directory") == str(spills[0])
        assert _setting(con, "threads") == "1"
        assert _setting(con, "preserve_insertion_order") == "false"
        assert _setting(con, "allocator_flush_threshold") == "16MB"
        assert _setting(con, "memory_limit").endswith("MiB") and float(_setting(con, "memory_limit")[:-4]) < 64
        assert con.execute("SELECT count(*) FROM edges").fetchone() == (50,)
    assert not list(tmp_path.glob(".duckdb-*.tmp"))


def test_spill_folder_is_removed_when_the_query_fails_and_may_live_elsewhere(tmp_path):
    tables, scratch = tmp_path / "tables", tmp_path / "scratch"
    scratch.mkdir()
    io.write_table("edges", _edges(3), tables)
    with pytest.raises(Exception, match="no_such_table"), io.bounded_duckdb(tables, memory_limit="64MB",
                                                                              spill_in=scratch) as con:
        assert len(list(scratch.glob(".duckdb-*.tmp"))) == 1 and not list(tables.glob(".duckdb-*"))
        con.execute("SELECT * FROM no_such_table")
    assert not list(scratch.iterdir())


def _rss() -> int:
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_heap_memory_goes_back_to_the_system():
    libc = ctypes.CDLL("libc.so.6")
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(64 * 1024) for _ in range(3000)]  # below the mmap threshold: on the heap
    for block in blocks:
        ctypes.memset(block, 1, 64 * 1024)
    keep = blocks.pop()  # the top of the heap stays in use, so glibc cannot shrink it by itself
    for block in blocks:
        libc.free(block)
    before = _rss()
    io.release_memory()
    after = _rss()
    libc.free(keep)
    assert before - after > 100 * 1024 * 1024
