"""The actor table and the network edges, computed where the mention tables lie: DuckDB over Parquet.

At 100k articles the mention tables hold millions of rows, gigabytes as Python objects. Here DuckDB
groups them on disk under a memory limit (spilling to a temp folder past it), and only per-actor and
per-edge results (thousands of rows) come back to Python. The rules are those of
:mod:`timeline.nlp.actor_table` and :mod:`timeline.analysis.network`, whose pandas functions stay the
reference for small in-memory tables; the tests check that both give the same tables.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa

from timeline.dataset import io, schema
from timeline.nlp.actor_table import (
    COLUMNS,
    min_articles_for,
    most_common,
    partial_name_mapping,
    rank_aliases,
)
from timeline.types import ActorEntry

MEMORY_LIMIT = "128MB"  # DuckDB's buffer limit; past it, sorts and group-bys spill to the temp folder
ROWS_PER_PASS = 200_000  # mention rows grouped in one pass: group-by memory follows this, not the corpus size
TABLES = ("articles", "actor_mentions", "event_mentions", "events")


def connect(folder: Path | str, *, threads: int = 1, memory_limit: str = MEMORY_LIMIT):
    """A bounded DuckDB connection over `folder`'s tables (with row numbers), spilling into a temp folder there.

    A context manager (``with connect(out) as con``); the spill folder goes when it closes.
    """
    return io.bounded_duckdb(folder, tables=TABLES, memory_limit=memory_limit, threads=threads, row_numbers=True)


def _has(con, table: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [table]).fetchone()[0])


def _rows(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if _has(con, table) else 0


def _article_parts(con, table: str, column: str) -> list[str]:
    """Conditions on `column` (an article id) that split `table` into passes of about ROWS_PER_PASS rows.

    Every article falls in exactly one pass, so per-article counts (distinct articles, sentence pairs)
    add up across passes, and each group-by holds one part of the corpus at a time.
    """
    k = max(1, math.ceil(_rows(con, table) / ROWS_PER_PASS))
    return [f"hash({column}) % {k} = {i}" for i in range(k)]


# ---- actors ---------------------------------------------------------------------------------------------


def actors_from_tables(con, dictionary: Sequence[ActorEntry] = ()) -> pd.DataFrame:
    """The ``actors`` table from the ``actor_mentions`` and ``articles`` views of `con` (see ``connect``)."""
    if _rows(con, "actor_mentions") == 0:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS})
    entries = {e.actor_id: e for e in dictionary}
    _fold_partial_names(con, set(entries))
    source = "articles" if _rows(con, "articles") else "actor_mentions"
    n_corpus = con.execute(f"SELECT count(DISTINCT article_id) FROM {source}").fetchone()[0]
    stats = _actor_stats(con, _has(con, "articles"))
    modes = {col: _modes(con, col) for col in ("name", "kind", "country")}
    rows = []
    for actor_id, n_mentions, n_articles, first_row, first_date in stats:
        entry = entries.get(actor_id)
        kind = entry.kind if entry else modes["kind"].get(actor_id)
        if entry is None and n_articles < min_articles_for(n_corpus, kind):
            continue
        rows.append({"actor_id": actor_id, "name": entry.name if entry else modes["name"].get(actor_id),
                     "kind": kind, "country": entry.country if entry else modes["country"].get(actor_id),
                     "n_mentions": n_mentions, "n_articles": n_articles, "aliases": None,
                     "is_curated": entry is not None, "first_mention_date": first_date, "_first": first_row})
    aliases = _aliases(con, {r["actor_id"] for r in rows})
    for row in rows:
        row["aliases"] = aliases.get(row["actor_id"], "")
    rows.sort(key=lambda r: (-r["n_articles"], -r["n_mentions"], r["name"], r["_first"]))
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS})
    return pd.DataFrame(rows, columns=COLUMNS)


def _fold_partial_names(con, curated: set[str]) -> None:
    """Define the view ``am``: actor mentions with partial names ("Chappaz") folded into their full name."""
    firsts = con.execute("""
        SELECT actor_id, arg_min({'name': name, 'kind': kind, 'country': country}, file_row_number)
        FROM actor_mentions GROUP BY actor_id""").fetchall()
    first = {actor_id: values for actor_id, values in firsts}
    mapping = partial_name_mapping({a: v["name"] for a, v in first.items()}, curated)
    moved = pa.table({"src": list(mapping), "dst": list(mapping.values()),
                      "name": [first[t]["name"] for t in mapping.values()],
                      "kind": [first[t]["kind"] for t in mapping.values()],
                      "country": [first[t]["country"] for t in mapping.values()]},
                     schema=pa.schema([(c, pa.string()) for c in ("src", "dst", "name", "kind", "country")]))
    con.register("moved_actors", moved)
    con.execute("""
        CREATE OR REPLACE TEMP VIEW am AS
        SELECT coalesce(m.dst, a.actor_id) AS actor_id,
               CASE WHEN m.src IS NULL THEN a.name ELSE m.name END AS name,
               CASE WHEN m.src IS NULL THEN a.kind ELSE m.kind END AS kind,
               CASE WHEN m.src IS NULL THEN a.country ELSE m.country END AS country,
               a.article_id, a.text, a.match_source, a.file_row_number
        FROM actor_mentions a LEFT JOIN moved_actors m ON a.actor_id = m.src""")


def _actor_stats(con, with_articles: bool) -> list[tuple]:
    """(actor_id, n_mentions, n_articles, first row, first publication day) per actor, a part of the articles
    at a time."""
    day = "min(p.day)" if with_articles else "NULL::DATE"
    con.execute("CREATE OR REPLACE TEMP TABLE actor_parts (actor_id VARCHAR, n_mentions BIGINT, n_articles BIGINT, "
                "first_row BIGINT, first_date DATE)")
    for part in _article_parts(con, "actor_mentions", "article_id"):
        published = (f"LEFT JOIN (SELECT article_id, max(published_date) AS day FROM articles WHERE {part} "
                     "GROUP BY article_id) p USING (article_id)") if with_articles else ""
        con.execute(f"""
            INSERT INTO actor_parts
            SELECT am.actor_id, count(*), count(DISTINCT am.article_id), min(am.file_row_number), {day}
            FROM (SELECT * FROM am WHERE {part}) am {published} GROUP BY am.actor_id""")
    return con.execute("""
        SELECT actor_id, sum(n_mentions)::BIGINT, sum(n_articles)::BIGINT, min(first_row), min(first_date)
        FROM actor_parts GROUP BY actor_id""").fetchall()


def _modes(con, column: str) -> dict[str, object]:
    """Per actor, the most frequent non-null value of `column` (ties to the smallest, as pandas' mode)."""
    counts: dict[str, dict[object, int]] = defaultdict(dict)
    query = f"SELECT actor_id, {column}, count(*) FROM am WHERE {column} IS NOT NULL GROUP BY ALL"
    for actor_id, value, n in con.execute(query).fetchall():
        counts[actor_id][value] = n
    return {actor_id: most_common(values) for actor_id, values in counts.items()}


def _aliases(con, actor_ids: set[str]) -> dict[str, str]:
    """Surface forms per actor, from the mentions that name it (not "the company"), or all when none does."""
    con.register("kept_actors", pa.table({"actor_id": pa.array(sorted(actor_ids), type=pa.string())}))
    result = con.execute("""
        WITH counted AS (
            SELECT actor_id, text, match_source IS DISTINCT FROM 'coref' AS named, count(*) AS n
            FROM am SEMI JOIN kept_actors USING (actor_id) GROUP BY ALL),
        has_named AS (SELECT actor_id, bool_or(named) AS any_named FROM counted GROUP BY actor_id)
        SELECT c.actor_id, c.text, sum(c.n)::BIGINT FROM counted c JOIN has_named h USING (actor_id)
        WHERE c.text IS NOT NULL AND (c.named OR NOT h.any_named) GROUP BY ALL""").fetchall()
    per_actor: dict[str, dict[str, int]] = defaultdict(dict)
    for actor_id, text, n in result:
        per_actor[actor_id][text] = n
    return {actor_id: rank_aliases(texts) for actor_id, texts in per_actor.items()}


# ---- edges ----------------------------------------------------------------------------------------------


def _days_view(con) -> None:
    """Define ``article_days``: the publication day of each article (from articles, else the event mentions)."""
    source = next((t for t in ("articles", "event_mentions") if _rows(con, t)), None)
    if source is None:
        con.execute("CREATE OR REPLACE TEMP VIEW article_days AS SELECT NULL::VARCHAR AS article_id, "
                    "NULL::DATE AS day WHERE false")
        return
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW article_days AS
        SELECT article_id, day FROM (
            SELECT article_id, arg_min({{'d': published_date}}, file_row_number).d AS day
            FROM {source} GROUP BY article_id) WHERE day IS NOT NULL""")


CO_MENTION_PART = """
    WITH sentence_names AS (
        SELECT DISTINCT article_id, sentence_index, name FROM actor_mentions WHERE {part}),
    pairs AS (
        SELECT a.article_id, a.name AS source, b.name AS target
        FROM sentence_names a JOIN sentence_names b
          ON a.article_id = b.article_id AND a.sentence_index = b.sentence_index AND a.name < b.name)
    SELECT source, target, count(*) AS n, min(d.day) AS first_date, max(d.day) AS last_date
    FROM pairs LEFT JOIN (SELECT * FROM article_days WHERE {part}) d USING (article_id) GROUP BY source, target"""

CO_MENTIONS = """
    SELECT source, target, 'co_mention' AS relation, NULL::VARCHAR AS event_type, sum(n)::DOUBLE AS weight,
           min(first_date) AS first_date, max(last_date) AS last_date
    FROM co_mention_parts GROUP BY source, target"""


def _co_mention_parts(con) -> None:
    """Fill ``co_mention_parts``: pairs named in one sentence, counted a part of the articles at a time."""
    con.execute("CREATE OR REPLACE TEMP TABLE co_mention_parts (source VARCHAR, target VARCHAR, n BIGINT, "
                "first_date DATE, last_date DATE)")
    for part in _article_parts(con, "actor_mentions", "article_id"):
        con.execute("INSERT INTO co_mention_parts " + CO_MENTION_PART.format(part=part))


INTERACTIONS = """
    WITH named AS (
        SELECT event_id, type, date,
               list_distinct(list_filter(string_split(actors, '; '), lambda x: x <> '')) AS sources,
               list_distinct(list_filter(string_split(targets, '; '), lambda x: x <> '')) AS targets
        FROM events WHERE actors IS NOT NULL AND targets IS NOT NULL),
    one_side AS (SELECT event_id, type, date, unnest(sources) AS source, targets FROM named),
    pairs AS (SELECT event_id, type, date, source, unnest(targets) AS target FROM one_side)
    SELECT source, target, 'interaction' AS relation, type AS event_type, count(*)::DOUBLE AS weight,
           min(date) AS first_date, max(date) AS last_date
    FROM pairs WHERE source <> target GROUP BY source, target, type"""


def edges_from_tables(con) -> pd.DataFrame:
    """The ``edges`` table from the ``actor_mentions``, ``events`` and ``articles`` views of `con`."""
    _days_view(con)
    parts = [q for table, q in (("actor_mentions", CO_MENTIONS), ("events", INTERACTIONS)) if _rows(con, table)]
    if _rows(con, "actor_mentions"):
        _co_mention_parts(con)
    if not parts:
        return schema.empty("edges")
    union = " UNION ALL ".join(f"({q})" for q in parts)
    names = schema.TABLES["edges"].names
    rows = con.execute(f"""
        SELECT {", ".join(names)} FROM ({union})
        ORDER BY relation, weight DESC, source, target, coalesce(event_type, '')""").fetchall()
    return pd.DataFrame(rows, columns=names, dtype=object)
