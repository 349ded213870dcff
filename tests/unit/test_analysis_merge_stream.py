"""The windowed merge and the file merge give exactly the all-at-once result, holding only a few days."""

from __future__ import annotations

import importlib.util
import random
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.analysis import merge_stream
from timeline.analysis.grouping import cluster_all, order_key
from timeline.analysis.merge_stream import merge_event_files
from timeline.analysis.merge_window import WindowedMerge, windowed_groups
from timeline.analysis.timeline import in_anchor_order, merge_events, merge_records
from timeline.config import Settings
from timeline.dataset import io
from timeline.nlp.events import mention_id

FIXTURE = Path(__file__).parents[1] / "fixtures" / "analysis" / "grok_synthetic.py"
START = date(2026, 1, 1)
ACTORS = ["Ofcom", "X", "Grok", "Arcom", "European Commission", None]
TYPES = ["statement", "criticism", "restriction", "policy_change", "investigation", "regulatory_demand",
         "fine_sanction"]
WORDS = ["Ofcom opened an investigation into X over Grok images",
         "X restricted Grok image generation to paying subscribers",
         "The regulator criticised the platform for the images",
         "Grok acknowledged lapses in its safeguards"]


def _fixture():
    spec = importlib.util.spec_from_file_location("grok_synthetic", FIXTURE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row(i: int, *, day: int, published: int, source: str, event_type: str, actor: str | None, target: str | None,
         words: int, article: int, precision: str = "day") -> dict:
    sentence = WORDS[words]
    return {"mention_id": f"m{i:04d}", "article_id": f"a{article}", "url": f"https://n{article % 5}.example/{article}",
            "outlet": f"n{article % 5}", "language": "en" if article % 3 else "fr",
            "published_date": START + timedelta(days=published), "sentence": sentence, "sentence_index": 0,
            "char_start": 0, "char_end": len(sentence), "trigger": "x", "event_type": event_type, "plover": None,
            "actors": actor, "targets": target, "modality": "asserted",
            "date": None if source == "published" else START + timedelta(days=day), "date_precision": precision,
            "date_source": source, "timex_text": None, "confidence": 0.9}


mention_rows = st.lists(st.builds(
    dict,
    day=st.integers(0, 30), lag=st.integers(0, 9), source=st.sampled_from(["explicit", "relative", "published"]),
    event_type=st.sampled_from(TYPES), actor=st.sampled_from(ACTORS), target=st.sampled_from(ACTORS),
    words=st.integers(0, len(WORDS) - 1), article=st.integers(0, 25), copies=st.integers(1, 3),
    precision=st.sampled_from(["day", "day", "day", "month"]),
), min_size=1, max_size=60)


def _frame(specs: list[dict]) -> pd.DataFrame:
    rows, i = [], 0
    for s in specs:
        for c in range(s["copies"]):  # identical reports from several articles: bundles of equal signature
            rows.append(_row(i, day=s["day"], published=s["day"] + s["lag"], source=s["source"],
                             event_type=s["event_type"], actor=s["actor"], target=s["target"], words=s["words"],
                             article=s["article"] + c, precision=s["precision"]))
            i += 1
    return pd.DataFrame(rows)


def _keys(groups) -> list[tuple]:
    return sorted(tuple(order_key(m) for m in g) for g in groups)


@settings(max_examples=120, deadline=None)
@given(mention_rows, st.integers(0, 2))
def test_windowed_merge_equals_the_merge_of_everything_at_once(specs, tolerance):
    records = merge_records(_frame(specs), tolerance=tolerance, organisations={"Grok": "xAI", "X": "xAI"})
    at_once = cluster_all(sorted(records, key=order_key), tolerance=tolerance)
    windowed = list(windowed_groups(in_anchor_order(records), tolerance))
    assert _keys(windowed) == _keys(at_once)  # same groups, members in the same order


def _by_day(records) -> dict[date, list]:
    days: dict[date, list] = {}
    for m in in_anchor_order(records):
        days.setdefault(m.anchor_date, []).append(m)
    return days


@pytest.mark.parametrize("chained", [True, False])
def test_two_months_of_daily_reports_merge_exactly_and_separate_events_leave_early(chained):
    # one regulator speaking every day (a chain of similar days) or four taking turns (days 4 apart), each
    # with a byline-dated echo two days later
    specs = [dict(day=d, lag=2 * k, source="explicit" if k == 0 else "published", event_type="statement",
                  actor="Ofcom" if chained else ACTORS[d % 4], target="X", words=d % 4, article=3 * d + k, copies=1,
                  precision="day") for d in range(60) for k in range(2)]
    records = merge_records(_frame(specs), tolerance=1, organisations={})
    merge, groups, most_held = WindowedMerge(1), [], 0
    for day, batch in _by_day(records).items():
        groups += merge.add_day(day, batch)
        most_held = max(most_held, len(merge._events))
    early = len(groups)
    groups += merge.finish()
    assert _keys(groups) == _keys(cluster_all(sorted(records, key=order_key), tolerance=1))
    if not chained:  # events leave as the window moves on
        assert early >= len(groups) - 10 and most_held <= 10


def test_days_must_arrive_in_order():
    merge = WindowedMerge(1)
    merge.add_day(date(2026, 1, 5), [])
    with pytest.raises(ValueError, match="anchor-date order"):
        merge.add_day(date(2026, 1, 4), [])


def test_undated_mentions_stay_out_of_events_instead_of_failing():
    rows = [_row(i, day=0, published=0, source="published", event_type="statement", actor="Ofcom", target=None,
                 words=0, article=i) for i in range(3)]
    rows[0]["published_date"] = rows[1]["published_date"] = None
    events, linked = merge_events(pd.DataFrame(rows))
    assert len(events) == 1 and linked["event_id"].isna().sum() == 2


@pytest.fixture(scope="module")
def grok():
    return _fixture()


def _tables(grok):
    mentions = grok.event_mentions().drop(columns=["gold_event"])
    mentions.loc[mentions.index[::3], ["outlet", "published_date"]] = None  # taken from the articles
    return mentions, grok.articles()


@pytest.mark.parametrize("options", [{}, {"keep_modalities": ("asserted", "threatened"), "lang": "fr"}])
def test_file_merge_writes_what_merge_events_returns(tmp_path, grok, options):
    mentions, articles = _tables(grok)
    cfg = Settings(key_events=5, **options)
    weights = {"X": 9.0, "Ofcom": 4.0, "Grok": 7.0}
    events, linked = merge_events(mentions, settings=cfg, articles=articles, actor_weights=weights)
    io.write_table("event_mentions", mentions, tmp_path)
    io.write_table("articles", articles, tmp_path)
    n_mentions, n_events = merge_event_files(tmp_path, settings=cfg, dictionary=(), actor_weights=weights)
    assert (n_mentions, n_events) == (len(linked), len(events))
    assert io.read_table("events", tmp_path).equals(io.frame_of_arrow(io.to_arrow("events", events)))
    assert io.read_table("event_mentions", tmp_path).equals(io.frame_of_arrow(io.to_arrow("event_mentions", linked)))
    assert (tmp_path / "timeline.csv").read_text(encoding="utf-8") == io.to_csv_text("events", events)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.parquet", "event_mentions.parquet",
                                                           "events.parquet", "timeline.csv"]


def test_file_merge_in_small_pieces_gives_the_same_tables_and_clears_a_killed_runs_scratch(tmp_path, grok,
                                                                                          monkeypatch):
    # tiny spans, batches and read-ahead: many sorts, many output batches, events taken across batches
    # (day buckets of 7 rows; event batches of 2 rows, dealt to at most 2 scratch pieces of several batches)
    for name, value in (("SPAN_ROWS", 7), ("READ_BATCH_ROWS", 3), ("EVENT_BATCH_ROWS", 2), ("STAGED_READ_ROWS", 3),
                        ("BATCH_ROWS", 5), ("MAX_PIECES", 2)):
        monkeypatch.setattr(merge_stream, name, value)
    mentions, articles = _tables(grok)
    events, linked = merge_events(mentions, settings=Settings(key_events=5), articles=articles)
    io.write_table("event_mentions", mentions, tmp_path)
    io.write_table("articles", articles, tmp_path)
    stale = tmp_path / ".merge-killed.tmp" / "duckdb"
    stale.mkdir(parents=True)
    (stale / "sort.block").write_bytes(b"left by a killed run")
    assert merge_event_files(tmp_path, settings=Settings(key_events=5), dictionary=(), actor_weights=None) == (
        len(linked), len(events))
    assert io.read_table("events", tmp_path).equals(io.frame_of_arrow(io.to_arrow("events", events)))
    assert io.read_table("event_mentions", tmp_path).equals(io.frame_of_arrow(io.to_arrow("event_mentions", linked)))
    assert not list(tmp_path.glob(".merge-*"))


@pytest.mark.parametrize(("lack", "articles_without", "fillable"), [
    (["outlet", "published_date"], [], ["outlet", "published_date"]),
    (["outlet", "published_date"], ["outlet"], ["published_date"]),  # no article has an outlet to give
    ([], [], []),  # every mention complete: nothing to join
])
def test_only_fields_a_mention_lacks_and_an_article_has_are_joined(tmp_path, grok, lack, articles_without, fillable):
    mentions = grok.event_mentions().drop(columns=["gold_event"])
    mentions.loc[mentions.index[::3], lack] = None
    articles = grok.articles()
    articles[articles_without] = None
    io.write_table("event_mentions", mentions, tmp_path)
    io.write_table("articles", articles, tmp_path)
    assert merge_stream._fillable(tmp_path / "event_mentions.parquet", tmp_path / "articles.parquet") == fillable
    events, linked = merge_events(mentions, settings=Settings(key_events=5), articles=articles)
    merge_event_files(tmp_path, settings=Settings(key_events=5), dictionary=(), actor_weights=None)
    assert io.read_table("events", tmp_path).equals(io.frame_of_arrow(io.to_arrow("events", events)))
    assert io.read_table("event_mentions", tmp_path).equals(io.frame_of_arrow(io.to_arrow("event_mentions", linked)))


def test_spans_group_whole_days_up_to_the_row_budget():
    days = [(date(2026, 1, d), n) for d, n in ((1, 3), (2, 4), (3, 9), (4, 1), (5, 1))]
    jan = [date(2026, 1, d) for d in range(1, 6)]
    assert list(merge_stream._spans(days, 7)) == [(jan[0], jan[1]), (jan[2], jan[2]), (jan[3], jan[4])]
    assert list(merge_stream._spans([], 7)) == []


def test_file_merge_without_mentions_writes_empty_tables(tmp_path):
    assert merge_event_files(tmp_path, settings=Settings(), dictionary=(), actor_weights=None) == (0, 0)
    assert io.read_table("events", tmp_path).empty and io.read_table("event_mentions", tmp_path).empty


@pytest.mark.parametrize(("max_runs", "ids"), [(64, "plain"), (1, "plain"), (1, "hex"), (1, "crowded hex")])
def test_mentions_in_several_sorted_runs_or_sorted_by_duckdb_give_the_same_tables(tmp_path, grok, monkeypatch,
                                                                                  max_runs, ids):
    # the file as three stretches each in mention-id order (as consolidated parts are); max_runs=1: DuckDB sorts;
    # hex: the pipeline's 16-hex-digit ids, sorted by id range whatever the stretches; crowded hex: hex ids
    # sharing their first digits, which go the general way
    monkeypatch.setattr(merge_stream, "MAX_RUNS", max_runs)
    bounds = []  # what each look at the ids' prefixes returned (None: the general way)

    def hex_bounds(path, piece_rows, _bounds=merge_stream._hex_bounds):
        bounds.append(_bounds(path, piece_rows))
        return bounds[-1]

    monkeypatch.setattr(merge_stream, "_hex_bounds", hex_bounds)
    monkeypatch.setattr(merge_stream, "BATCH_ROWS", 7)
    monkeypatch.setattr(merge_stream, "READ_BATCH_ROWS", 4)
    monkeypatch.setattr(merge_stream, "PIECE_ROWS", 5)  # rows dealt to many scratch pieces
    monkeypatch.setattr(merge_stream, "SCAN_ROWS", 6)  # ids read in several batches
    mentions, articles = _tables(grok)
    if ids != "plain":
        hashed = [mention_id(a, i, i + 1, "x") for a, i in zip(mentions["article_id"], range(len(mentions)),
                                                               strict=True)]
        mentions["mention_id"] = [("0000" + h[4:]) if ids == "crowded hex" else h for h in hashed]
    mentions = mentions.sort_values("mention_id", kind="stable")
    parts = [mentions.iloc[i::3] for i in range(3)]
    mentions = pd.concat([parts[1], parts[0], parts[2]], ignore_index=True)
    events, linked = merge_events(mentions, settings=Settings(key_events=5), articles=articles)
    io.write_table("event_mentions", mentions, tmp_path)
    io.write_table("articles", articles, tmp_path)
    runs = merge_stream._sorted_runs(tmp_path / "event_mentions.parquet")
    assert runs == (None if max_runs == 1 else [(0, len(parts[1])), (len(parts[1]), len(parts[1]) + len(parts[0])),
                                                (len(parts[1]) + len(parts[0]), len(mentions))])
    assert merge_event_files(tmp_path, settings=Settings(key_events=5), dictionary=(), actor_weights=None) == (
        len(linked), len(events))
    assert io.read_table("events", tmp_path).equals(io.frame_of_arrow(io.to_arrow("events", events)))
    assert io.read_table("event_mentions", tmp_path).equals(io.frame_of_arrow(io.to_arrow("event_mentions", linked)))
    assert [b is not None for b in bounds] == [ids == "hex"]
    if ids == "hex":
        assert len(bounds[0]) > 3  # several pieces, each of at most PIECE_ROWS mentions


def _hex_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(64):016x}"


@pytest.mark.parametrize("crowded", [False, True])
def test_mentions_come_out_by_id_then_row_in_batches_of_the_same_size(tmp_path, monkeypatch, crowded):
    # crowded: ids sharing their first four digits (not spread like digests) are sorted the general way
    for name, value in (("SCAN_ROWS", 7), ("READ_BATCH_ROWS", 4), ("PIECE_ROWS", 5), ("BATCH_ROWS", 6)):
        monkeypatch.setattr(merge_stream, name, value)
    general = []
    monkeypatch.setattr(merge_stream, "_sorted_runs", lambda path, _runs=merge_stream._sorted_runs: general.append(
        path) or _runs(path))
    rng = random.Random(8)
    ids = [_hex_id(rng) for _ in range(40)]
    ids += [*ids[:5], "0000000000000000", "ffffffffffffffff", "7fffffffffffffff", "8000000000000000"]
    if crowded:
        ids = ["abcd" + i[4:] for i in ids]
    rng.shuffle(ids)
    pq.write_table(pa.table({"mention_id": ids}), tmp_path / "event_mentions.parquet", row_group_size=9)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with merge_stream._opened(tmp_path, scratch) as inputs:
        tables = list(merge_stream._mentions_by_id(inputs, tmp_path, scratch))
    assert [t.num_rows for t in tables] == [6] * 8 + [1]
    got = [(m, r) for t in tables for m, r in zip(t.column("mention_id").to_pylist(), t.column("_row").to_pylist(),
                                                  strict=True)]
    assert got == sorted((m, r) for r, m in enumerate(ids))  # duplicates keep their file order
    assert len(general) == crowded


@pytest.mark.parametrize("ids", [["0123456789ABCDEF"], ["0123456789abcde"], ["0123456789abcdefa"],
                                 ["0123456789abcdeg"], ["m001"], [None, "0123456789abcdef"]])
def test_ids_that_are_not_sixteen_lowercase_hex_digits_are_left_to_the_string_sort(tmp_path, ids):
    path = tmp_path / "ids.parquet"
    pq.write_table(pa.table({"mention_id": pa.array(["0123456789abcdef"] * 3 + ids, pa.string())}), path)
    assert merge_stream._hex_bounds(path, 100) is None
    pq.write_table(pa.table({"mention_id": pa.array(["0123456789abcdef"] * 3, pa.string())}), path)
    assert merge_stream._hex_bounds(path, 100).tolist() == [0]


def test_hex_prefixes_are_cut_into_pieces_of_at_most_the_piece_rows(tmp_path):
    ids = [f"{p:04x}{n:012x}" for p, k in ((0x0001, 3), (0x0002, 2), (0x00ff, 4), (0x8000, 1), (0xffff, 5))
           for n in range(k)]
    path = tmp_path / "ids.parquet"
    pq.write_table(pa.table({"mention_id": ids}), path)
    assert merge_stream._hex_bounds(path, 5).tolist() == [0, 0x00ff, 0xffff]  # 3+2 | 4+1 | 5
    assert merge_stream._hex_bounds(path, 4) is None  # one prefix holds 5 ids
    assert merge_stream._hex_bounds(path, 15).tolist() == [0]


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_hex_values_read_a_sliced_array(kind):
    ids = pa.array(["ffffffffffffffff", "0000000000000001", "00000000000000a0", "8000000000000000"], kind)
    assert merge_stream._hex_values(ids.slice(1, 2)).tolist() == [1, 160]
    assert merge_stream._hex_values(ids).tolist() == [2**64 - 1, 1, 160, 2**63]


def test_the_sweep_hands_the_heap_back_as_events_finish_and_the_tables_stay_the_same(tmp_path, grok, monkeypatch):
    # three stories a month apart, each reported for a few days: the first two finish while the sweep goes on
    specs = [dict(day=start + d, lag=1, source="explicit", event_type="investigation", actor="Ofcom", target="X",
                  words=0, article=start + d, copies=3, precision="day")
             for start in (0, 30, 60) for d in range(4)]
    mentions = _frame(specs).assign(event_id=None)
    firsts = mentions.drop_duplicates("article_id").reset_index(drop=True)
    articles = grok.articles().iloc[[0] * len(firsts)].reset_index(drop=True)
    for column in ("article_id", "url", "outlet", "language", "published_date"):
        articles[column] = firsts[column]
    events, linked = merge_events(mentions, settings=Settings(key_events=5), articles=articles)
    trims = []
    monkeypatch.setattr(merge_stream.io, "trim_heap", lambda: trims.append(1))
    counts = {}
    for every in (10**9, 5):  # never, then after every five mentions of finished events
        monkeypatch.setattr(merge_stream, "TRIM_MENTIONS", every)
        folder = tmp_path / str(every)
        io.write_table("event_mentions", mentions, folder)
        io.write_table("articles", articles, folder)
        trims.clear()
        merge_event_files(folder, settings=Settings(key_events=5), dictionary=(), actor_weights=None)
        counts[every] = len(trims)
        assert io.read_table("events", folder).equals(io.frame_of_arrow(io.to_arrow("events", events)))
        assert io.read_table("event_mentions", folder).equals(
            io.frame_of_arrow(io.to_arrow("event_mentions", linked)))
    # events finish whole, a day at a time: at least one trim, at most one per five mentions
    assert 1 <= counts[5] - counts[10**9] <= len(linked) // 5
