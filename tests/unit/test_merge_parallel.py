"""The event merge on two processes writes exactly the tables of the one-process merge."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from timeline import pipeline
from timeline.analysis import merge_parallel
from timeline.analysis.merge_parallel import parallel_sweep, shares
from timeline.analysis.merge_stream import merge_event_files
from timeline.config import Settings, load_case
from timeline.dataset import io
from timeline.synthetic import generate, write_jsonl

ROOT = Path(__file__).parents[2]
SEEDS = ROOT / "tests" / "fixtures" / "corpus" / "seeds.jsonl"
OUTPUTS = ("events.parquet", "event_mentions.parquet", "timeline.csv")

pytestmark = pytest.mark.skipif(merge_parallel.fork_context() is None, reason="the parallel merge needs fork")


@pytest.fixture(scope="module")
def analysed(tmp_path_factory) -> Path:
    """Per-article tables of 120 synthetic articles in three yearly editions (events close between them)."""
    folder = tmp_path_factory.mktemp("synthetic")
    seeds = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines() if line.strip()]
    corpus = folder / "corpus.jsonl"
    write_jsonl(generate(seeds, 120, edition_size=40), corpus)
    out = folder / "out"
    pipeline.run_input(corpus, out, case="grok-2026", settings=Settings(workers=1), root=ROOT)
    return out


def _merged(source: Path, target: Path, workers: int) -> tuple[tuple[int, int], dict[str, bytes]]:
    target.mkdir()
    for name in ("event_mentions.parquet", "articles.parquet"):
        shutil.copy(source / name, target / name)
    counts = merge_event_files(target, settings=Settings(workers=workers, key_events=8),
                               dictionary=load_case("grok-2026", ROOT).actors, actor_weights={"X": 30, "Ofcom": 12})
    return counts, {name: (target / name).read_bytes() for name in OUTPUTS}


def test_two_workers_write_the_same_tables_as_one(analysed, tmp_path, monkeypatch):
    monkeypatch.setattr(merge_parallel, "MIN_ROWS_PER_WORKER", 1)  # a small corpus, split all the same
    started = []
    real = merge_parallel.parallel_sweep
    monkeypatch.setattr("timeline.analysis.merge_stream.parallel_sweep",
                        lambda sweep, parts: started.append(len(parts)) or real(sweep, parts))
    one = _merged(analysed, tmp_path / "one", 1)
    two = _merged(analysed, tmp_path / "two", 2)
    assert started == [2]  # the second merge did run on two workers
    assert one[0] == two[0] and one[0][1] > 50
    assert io.read_table("event_mentions", tmp_path / "two")["event_id"].notna().sum() > one[0][1]
    for name in OUTPUTS:
        assert one[1][name] == two[1][name], name


def test_too_little_work_stays_in_one_process():
    sizes = {("asserted", "speech"): 900, ("asserted", "enforcement"): 700}
    assert shares(sizes, 2) == [[("asserted", "speech"), ("asserted", "enforcement")]]


def test_blocks_are_dealt_biggest_first_to_the_lightest_share(monkeypatch):
    monkeypatch.setattr(merge_parallel, "MIN_ROWS_PER_WORKER", 10)
    sizes = {("asserted", "speech"): 34_000, ("asserted", "enforcement"): 26_700, ("asserted", "rules"): 900,
             ("asserted", "platform_action"): 17_200, ("threatened", "speech"): 100}
    assert shares(sizes, 2) == [[("asserted", "speech"), ("asserted", "rules"), ("threatened", "speech")],
                                [("asserted", "enforcement"), ("asserted", "platform_action")]]
    assert len(shares(sizes, 8)) == 5  # never more shares than blocks


def test_rows_of_a_worker_far_ahead_wait_in_its_pipe_until_the_slowest_moves(monkeypatch):
    monkeypatch.setattr(merge_parallel, "AHEAD_ROWS", 5)

    def sweep(part):
        if part == ["fast"]:  # a whole share of days, sent at once
            for day in range(1_000, 1_300):
                yield [{"day": day, "members": list(range(20))}], day + 1
        else:  # still on its first day for a while
            time.sleep(1.0)
            yield [{"day": 10}], 11

    taken_before_slowest_moved = 0
    for rows, settled in parallel_sweep(sweep, [["fast"], ["slow"]]):
        if settled >= 11:
            break
        taken_before_slowest_moved += len(rows)
    assert 5 <= taken_before_slowest_moved <= 6  # not the 300 rows already sent: the rest stayed unread


def test_a_failing_worker_is_reported_with_its_error():
    def sweep(part):
        yield [], 1
        raise ValueError(f"broken block {part[0]}")

    with pytest.raises(Exception, match="broken block speech"):
        list(merge_parallel.parallel_sweep(sweep, [["speech"], ["rules"]]))
