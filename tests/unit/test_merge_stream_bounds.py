"""The file merge's memory bounds: article fields deduplicated once, event rows written in byte-bounded slices."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from timeline.analysis import merge_stream
from timeline.analysis.merge_stream import merge_event_files
from timeline.analysis.timeline import merge_events
from timeline.config import Settings
from timeline.dataset import io

FIXTURE = Path(__file__).parents[1] / "fixtures" / "analysis" / "grok_synthetic.py"


@pytest.fixture(scope="module")
def grok():
    spec = importlib.util.spec_from_file_location("grok_synthetic", FIXTURE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tables(grok):
    mentions = grok.event_mentions().drop(columns=["gold_event"])
    mentions.loc[mentions.index[::3], ["url", "outlet", "published_date"]] = None  # taken from the articles
    return mentions, grok.articles()


@pytest.mark.parametrize(("sizes", "max_rows", "max_bytes", "expected"), [
    ([3, 3, 3, 3], 10, 6, [(0, 2), (2, 4)]),
    ([3, 3, 3, 3], 3, 100, [(0, 3), (3, 4)]),
    ([1, 50, 1, 1], 10, 10, [(0, 1), (1, 2), (2, 4)]),  # a row over the budget goes alone, never dropped
    ([], 5, 5, []),
])
def test_slices_keep_to_the_row_and_byte_budgets(sizes, max_rows, max_bytes, expected):
    assert list(merge_stream._slices(np.asarray(sizes, np.int64), max_rows, max_bytes)) == expected


def test_article_fields_are_each_articles_first_row_written_once(tmp_path):
    articles = pd.DataFrame({"article_id": ["a1", "a2", "a1", None, "a3"],
                             "url": ["https://one.example/1", None, "https://later.example/1", "https://x.example",
                                     "https://three.example/3"],
                             "outlet": ["one", "two", "later", "x", None]})
    articles.to_parquet(tmp_path / "articles.parquet")
    pd.DataFrame({"mention_id": ["m1", "m2"], "article_id": ["a1", "a2"], "url": [None, "https://two.example/2"],
                  "outlet": ["one", None]}).to_parquet(tmp_path / "event_mentions.parquet")  # some lack each field
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    merge_stream._article_fields(tmp_path, scratch)
    fields = pq.read_table(scratch / merge_stream.ARTICLES_FILE).sort_by("article_id").to_pydict()
    assert fields == {"article_id": ["a1", "a2", "a3"], "url": ["https://one.example/1", None, "https://three.example/3"],
                      "outlet": ["one", "two", None]}  # absent fields stay absent (the view adds NULLs)


def test_no_article_table_writes_no_field_file(tmp_path):
    merge_stream._article_fields(tmp_path, tmp_path)
    assert not (tmp_path / merge_stream.ARTICLES_FILE).exists()


@pytest.mark.parametrize("workers", [1, 2])
def test_byte_bounded_event_batches_give_the_same_tables(tmp_path, grok, monkeypatch, workers):
    # a budget below one event's member lists: every staged and written batch holds a single event
    monkeypatch.setattr(merge_stream, "EVENT_BATCH_BYTES", 1)
    monkeypatch.setattr("timeline.analysis.merge_parallel.MIN_ROWS_PER_WORKER", 1)
    mentions, articles = _tables(grok)
    cfg = Settings(key_events=5, workers=workers)
    events, linked = merge_events(mentions, settings=cfg, articles=articles)
    io.write_table("event_mentions", mentions, tmp_path)
    io.write_table("articles", articles, tmp_path)
    assert merge_event_files(tmp_path, settings=cfg, dictionary=(), actor_weights=None) == (len(linked), len(events))
    assert pq.ParquetFile(tmp_path / "events.parquet").metadata.num_row_groups == len(events)
    assert io.read_table("events", tmp_path).equals(io.frame_of_arrow(io.to_arrow("events", events)))
    assert io.read_table("event_mentions", tmp_path).equals(io.frame_of_arrow(io.to_arrow("event_mentions", linked)))
    assert (tmp_path / "timeline.csv").read_text(encoding="utf-8") == io.to_csv_text("events", events)
    assert not list(tmp_path.glob(".merge-*"))
