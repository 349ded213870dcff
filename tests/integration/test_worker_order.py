"""The tables do not depend on how many workers ran: same rows in the same order with one process or two.

Workers finish their chunks in any order; the batches are named by their place in the stream and the
stream arrives grouped as one process would group it, so consolidation restores one process's order.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyarrow.parquet as pq

from timeline.config import Settings
from timeline.pipeline import run_input
from timeline.synthetic import generate, write_jsonl

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "seeds.jsonl"
TABLES = ("articles", "timexes", "actor_mentions", "event_mentions", "events", "actors", "edges")


def test_one_and_two_workers_write_identical_tables(tmp_path):
    seeds = [json.loads(line) for line in SEEDS.read_text().splitlines()]
    corpus = tmp_path / "corpus.jsonl"
    records = list(generate(seeds, 90))
    random.Random(3).shuffle(records)  # languages in no regular order, as in a real corpus
    write_jsonl(iter(records), corpus)
    # small NLP batches and checkpoints: many chunks, language groups that straddle them, a short tail
    settings = Settings().with_(batch_size=4, checkpoint_every=10)
    one = run_input(corpus, tmp_path / "one", case="grok-2026", settings=settings)
    two = run_input(corpus, tmp_path / "two", case="grok-2026", settings=settings.with_(workers=2))
    assert one.n_articles == two.n_articles == 90 and one.n_events > 0
    languages = pq.read_table(tmp_path / "one" / "articles.parquet", columns=["language"]).column(0).to_pylist()
    assert len(set(languages)) >= 3
    for table in TABLES:
        a = pq.read_table(tmp_path / "one" / f"{table}.parquet")
        b = pq.read_table(tmp_path / "two" / f"{table}.parquet")
        assert a.num_rows > 0, table
        assert a.equals(b), table
