"""One worker runs the NLP in a forked process, so its memory does not stay under the cross-article steps.

The tables must be those of the NLP run in this process; the worker must not outlive a killed run.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from timeline import engine
from timeline.config import Settings
from timeline.nlp import pipeline as nlp_pipeline
from timeline.pipeline import run_input
from timeline.synthetic import generate, write_jsonl

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "seeds.jsonl"
TABLES = ("articles", "timexes", "actor_mentions", "event_mentions", "events", "actors", "edges")
SETTINGS = Settings().with_(batch_size=4, checkpoint_every=8)  # 40 articles: five chunks

pytestmark = pytest.mark.skipif(engine.fork_context() is None, reason="this platform cannot fork")


def _failing_at_16(chunk, work, actors, settings, extension=None, position=None):
    if position == 16:
        raise ValueError(f"chunk at {position}: cannot be analysed")
    return _PROCESS_CHUNK(chunk, work, actors, settings, extension, position)


_PROCESS_CHUNK = engine.process_chunk


@pytest.fixture
def corpus(tmp_path):
    seeds = [json.loads(line) for line in SEEDS.read_text().splitlines()]
    path = tmp_path / "corpus.jsonl"
    write_jsonl(generate(seeds, 40), path)
    return path


def test_the_nlp_of_one_worker_runs_apart_and_writes_the_tables_it_writes_here(tmp_path, corpus, monkeypatch):
    nlp_pipeline._NLP_CACHE.clear()
    apart = run_input(corpus, tmp_path / "apart", case="grok-2026", settings=SETTINGS)
    assert not nlp_pipeline._NLP_CACHE  # no pipeline was built in this process
    monkeypatch.setattr(engine, "fork_context", lambda: None)
    here = run_input(corpus, tmp_path / "here", case="grok-2026", settings=SETTINGS)
    assert nlp_pipeline._NLP_CACHE
    assert apart.n_articles == here.n_articles == 40 and apart.n_events == here.n_events > 0
    for table in TABLES:
        a = pq.read_table(tmp_path / "apart" / f"{table}.parquet")
        b = pq.read_table(tmp_path / "here" / f"{table}.parquet")
        assert a.num_rows > 0, table
        assert a.equals(b), table


def test_a_single_chunk_is_analysed_in_this_process(tmp_path, corpus):
    nlp_pipeline._NLP_CACHE.clear()
    run_input(corpus, tmp_path / "out", case="grok-2026", settings=Settings().with_(checkpoint_every=64))
    assert nlp_pipeline._NLP_CACHE


def test_a_failing_chunk_stops_the_run_with_its_error_and_keeps_the_chunks_before_it(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr(engine, "process_chunk", _failing_at_16)  # the worker is forked: it sees the patch
    with pytest.raises(ValueError, match="chunk at 16"):
        run_input(corpus, tmp_path / "out", case="grok-2026", settings=SETTINGS)
    batches = sorted(p.name for p in (tmp_path / "out" / "_work").rglob("*") if p.is_dir() and "batch" in p.name)
    assert len(batches) == 2  # the two chunks before the failing one are on disk, ready for a resumed run


def test_a_worker_dies_with_its_parent():
    code = ("import ctypes, signal; from timeline.engine import _die_with_parent; _die_with_parent(); "
            "libc = ctypes.CDLL('libc.so.6'); sig = ctypes.c_int(); libc.prctl(2, ctypes.byref(sig)); "
            "print(sig.value)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert int(out.stdout) == signal.SIGKILL
