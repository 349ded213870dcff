"""The actor table computed on disk (DuckDB over Parquet) equals the pandas reference, rule for rule."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.analysis import aggregate
from timeline.dataset import io, schema
from timeline.nlp.actor_table import aggregate_actors
from timeline.types import ActorEntry

CASE = (ActorEntry("elon-musk", "Elon Musk", "person", "US"), ActorEntry("ofcom", "Ofcom", "regulator", "GB"))
# (actor_id, name): partial names ("Chappaz", "Musk") next to the full ones, one name under two ids
NAMES = [("clara-chappaz", "Clara Chappaz"), ("chappaz", "Chappaz"), ("elon-musk", "Elon Musk"), ("musk", "Musk"),
         ("ofcom", "Ofcom"), ("arcom", "Arcom"), ("arcom-fr", "Arcom"), ("paris-prosecutor", "Paris prosecutor")]
TEXTS = ["", "  ", "Chappaz's", "Clara  Chappaz", "the regulator", "=HYPERLINK()", "Arcom,", "Musk", "Ofcom"]


def _mention(article: int, sentence: int, actor: int, text: str, kind: str | None, country: str | None,
             source: str) -> dict:
    actor_id, name = NAMES[actor]
    return {"article_id": f"a{article}", "sentence_index": sentence, "char_start": 0, "char_end": 1, "text": text,
            "actor_id": actor_id, "name": name, "kind": kind, "country": country, "match_source": source}


mention_rows = st.lists(st.builds(
    _mention, st.integers(0, 6), st.integers(0, 3), st.integers(0, len(NAMES) - 1), st.sampled_from(TEXTS),
    st.sampled_from(["person", "regulator", "other", None]), st.sampled_from(["FR", "GB", None]),
    st.sampled_from(schema.MATCH_SOURCES)), max_size=40)


def _articles(n: int, undated: set[int]) -> pd.DataFrame:
    rows = [{"article_id": f"a{i}", "n_words": 100, "is_paywalled": False, "page_kind": "article",
             "extractor": "text", "published_date": None if i in undated else date(2026, 1, 10 - i)}
            for i in range(n)]
    return pd.DataFrame(rows).reindex(columns=schema.TABLES["articles"].names)


def _on_disk(folder: Path, mentions: pd.DataFrame, articles: pd.DataFrame | None) -> pd.DataFrame:
    io.write_table("actor_mentions", mentions, folder)
    if articles is not None:
        io.write_table("articles", articles, folder)
    with aggregate.connect(folder) as con:
        return aggregate.actors_from_tables(con, CASE)


def _same(folder: Path, mentions: pd.DataFrame, articles: pd.DataFrame | None) -> None:
    expected = schema.validate("actors", aggregate_actors(mentions, articles, CASE))
    got = schema.validate("actors", _on_disk(folder, mentions, articles))
    pd.testing.assert_frame_equal(got, expected)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=mention_rows, n_articles=st.integers(0, 7), undated=st.sets(st.integers(0, 6), max_size=3))
def test_on_disk_actor_table_equals_the_pandas_one(rows, n_articles, undated):
    mentions = pd.DataFrame(rows, columns=schema.TABLES["actor_mentions"].names)
    articles = _articles(n_articles, undated) if n_articles else None
    with tempfile.TemporaryDirectory() as folder:
        _same(Path(folder), mentions, articles)


def test_partial_names_fold_and_curated_actors_keep_their_dictionary_fields(tmp_path):
    rows = [_mention(0, 0, 0, "Clara Chappaz", "person", "FR", "rule"),
            _mention(1, 2, 1, "Chappaz's", "other", None, "rule"),
            _mention(2, 0, 1, "the minister", "other", None, "coref"),
            _mention(1, 1, 2, "Musk", None, None, "dictionary")]
    mentions = pd.DataFrame(rows, columns=schema.TABLES["actor_mentions"].names)
    table = _on_disk(tmp_path, mentions, _articles(3, undated={0}))
    chappaz = table.set_index("actor_id").loc["clara-chappaz"]
    assert (chappaz["n_mentions"], chappaz["n_articles"]) == (3, 3)
    assert chappaz["aliases"] == "Chappaz; Clara Chappaz"  # named forms only: "the minister" is a coreference
    assert chappaz["first_mention_date"] == date(2026, 1, 8) and chappaz["kind"] == "person"
    musk = table.set_index("actor_id").loc["elon-musk"]
    assert (musk["name"], musk["kind"], musk["country"], musk["is_curated"]) == ("Elon Musk", "person", "US", True)
    assert "chappaz" not in set(table["actor_id"])
    _same(tmp_path, mentions, _articles(3, undated={0}))


def test_no_mentions_give_an_empty_table(tmp_path):
    table = _on_disk(tmp_path, schema.empty("actor_mentions"), None)
    assert table.empty and list(table.columns) == schema.TABLES["actors"].names
