"""Per-article batches: built as Arrow columns (checked a column at a time, same table as the pandas path),
named so that consolidation keeps the stream order whichever worker wrote first."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from timeline.dataset import io, rows, schema
from timeline.dataset.store import WorkStore
from timeline.errors import SchemaError
from timeline.nlp.pipeline import analyze_articles
from timeline.types import Article

TEXTS = [
    ("en", "On 2 January 2026 xAI said Grok had lapses in its safeguards. Ofcom opened an investigation "
           "into X on 12 January, and the European Commission ordered X to keep its documents."),
    ("fr", "Le 9 janvier 2026, X a limité la génération d'images de Grok aux abonnés payants. L'Arcom a "
           "saisi la justice, et la ministre a dénoncé des images « inacceptables »."),
    ("nl", "Op 5 januari 2026 zei de Europese Commissie dat zij de zaak zeer serieus neemt. "
           "De toezichthouder eiste uitleg van X."),
]


@pytest.fixture(scope="module")
def analyses():
    articles = [Article(article_id=f"a{i}", text=text, language=lang, url=f"https://news.example/{i}",
                        outlet="news.example", published_date=date(2026, 1, 10 + i), title=f"Story {i}",
                        authors=("A. Writer", "B. Writer") if i == 0 else (), content_sha256=f"{i:064x}")
                for i, (lang, text) in enumerate(TEXTS * 4)]
    return list(analyze_articles(articles))


def _frame(columns: dict[str, list]) -> pd.DataFrame:
    return pd.DataFrame(columns)


def test_columns_give_exactly_the_table_of_the_validated_frame(analyses):
    built = rows.batch_columns(analyses)
    assert len(built["event_mentions"]["mention_id"]) > 0 and len(built["actor_mentions"]["actor_id"]) > 0
    assert len(built["timexes"]["value"]) > 0
    for table, columns in built.items():
        assert list(columns) == schema.TABLES[table].names
        assert schema.columns_are_valid(table, columns), table
        fast = io.arrow_of_columns(table, columns)
        assert fast.equals(io.to_arrow(table, _frame(columns))), table
        assert fast.schema.equals(io.arrow_schema(table)), table
    assert built["articles"]["authors"][0] == "A. Writer; B. Writer" and built["articles"]["authors"][1] is None


def _edges(**over) -> dict[str, list]:
    columns = {"source": ["Ofcom", "Arcom"], "target": ["X", "Grok"], "relation": ["interaction", "co_mention"],
               "event_type": ["investigation", None], "weight": [2.0, 1.0],
               "first_date": [date(2026, 1, 12), None], "last_date": [date(2026, 1, 14), date(2026, 1, 9)]}
    columns.update(over)
    return columns


@pytest.mark.parametrize("over", [
    {"weight": [2, 1.0]},  # an int in a float column
    {"first_date": [datetime(2026, 1, 12, 8, 30), "2026-01-09"]},  # a datetime and an ISO string for dates
])
def test_values_of_another_type_take_the_coercing_path_and_give_its_table(over):
    columns = _edges(**over)
    assert not schema.columns_are_valid("edges", columns)
    assert io.arrow_of_columns("edges", columns).equals(io.to_arrow("edges", _frame(columns)))


@pytest.mark.parametrize(("over", "message"), [
    ({"relation": ["interaction", "friendship"]}, r"column 'relation', row 1: 'friendship' not in allowed"),
    ({"source": ["Ofcom", None]}, r"column 'source', row 1: missing value"),
    ({"weight": [2.0, "many"]}, r"column 'weight', row 1: expected float"),
    ({"weight": [2.0, float("nan")]}, r"column 'weight', row 1: missing value"),  # NaN is missing, not a number
])
def test_a_broken_value_is_named_by_column_and_row(over, message):
    with pytest.raises(SchemaError, match=message):
        io.arrow_of_columns("edges", _edges(**over))


def test_a_repeated_article_id_in_a_batch_is_refused(analyses):
    columns = rows.article_columns([analyses[0], analyses[0]])
    assert not schema.columns_are_valid("articles", columns)
    with pytest.raises(SchemaError, match="duplicate article_id 'a0'"):
        io.arrow_of_columns("articles", columns)


def _ids(out) -> list[str]:
    return pq.read_table(out / "articles.parquet", columns=["article_id"]).column(0).to_pylist()


def test_batches_are_consolidated_in_stream_order_whatever_order_they_were_written(tmp_path, analyses):
    work = WorkStore(tmp_path, "fp")
    for start in (8, 0, 4):  # workers finish out of order
        work.write_batch(analyses[start:start + 4], position=start)
    work.consolidate(tmp_path, None)
    assert _ids(tmp_path) == [a.article.article_id for a in analyses]


def test_a_later_run_comes_after_the_earlier_runs(tmp_path, analyses):
    first = WorkStore(tmp_path, "fp")
    first.write_batch(analyses[4:8], position=0)
    later = WorkStore(tmp_path, "fp")
    later.write_batch(analyses[8:], position=4)
    later.write_batch(analyses[:4], position=0)
    assert later.run_stamp > first.run_stamp
    later.consolidate(tmp_path, None)
    expected = analyses[4:8] + analyses[:4] + analyses[8:]
    assert _ids(tmp_path) == [a.article.article_id for a in expected]


def test_arrow_batches_are_written_as_they_are_and_equal_the_validated_path(tmp_path, analyses):
    columns = rows.event_mention_columns(analyses)
    columns["event_id"] = [f"e{i % 3}" if i % 2 else None for i in range(len(columns["mention_id"]))]
    arrow = io.arrow_of_columns("event_mentions", columns)
    half = arrow.num_rows // 2
    assert io.arrow_if_valid("event_mentions", arrow) is not None
    for name, parts in (("fast", [arrow.slice(0, half), arrow.slice(half).to_batches()[0]]),
                        ("slow", [io.frame_of_arrow(arrow.slice(0, half)), io.frame_of_arrow(arrow.slice(half))])):
        (tmp_path / name).mkdir()
        with io.TableWriter("event_mentions", tmp_path / name) as writer:
            for part in parts:
                writer.write(part)
    fast = pq.read_table(tmp_path / "fast" / "event_mentions.parquet")
    assert fast.num_rows == arrow.num_rows
    assert fast.equals(pq.read_table(tmp_path / "slow" / "event_mentions.parquet"))


def test_arrow_batches_that_do_not_conform_take_the_checking_path(tmp_path):
    good = pa.table(_edges())
    assert io.arrow_if_valid("edges", good) is not None
    as_ints = good.set_column(4, "weight", pa.array([2, 1]))  # ints in a float column: coerced, not refused
    assert io.arrow_if_valid("edges", as_ints) is None
    io.write_table("edges", io.frame_of_arrow(as_ints), tmp_path)
    assert pq.read_table(tmp_path / "edges.parquet").column("weight").to_pylist() == [2.0, 1.0]
    bad = good.set_column(2, "relation", pa.array(["interaction", "friendship"]))
    assert io.arrow_if_valid("edges", bad) is None
    with pytest.raises(SchemaError, match=r"column 'relation', row 1: 'friendship' not in allowed"), \
            io.TableWriter("edges", tmp_path / "bad", csv=False) as writer:
        writer.write(bad)
    nan = good.set_column(4, "weight", pa.array([2.0, float("nan")]))
    assert io.arrow_if_valid("edges", nan) is None
    reordered = good.select(list(reversed(good.column_names)))
    assert io.arrow_if_valid("edges", reordered) is None


def test_a_key_repeated_across_arrow_batches_is_refused(tmp_path, analyses):
    arrow = io.arrow_of_columns("articles", rows.article_columns(analyses[:3]))
    with pytest.raises(SchemaError, match=f"duplicate article_id '{analyses[1].article.article_id}'"), \
            io.TableWriter("articles", tmp_path) as writer:
        writer.write(arrow)
        writer.write(arrow.slice(1))
    assert not list(tmp_path.iterdir())
