"""Run the NLP stage on a gold corpus and score it (used by the ratchet test and ``scripts/eval_nlp.py``).

Two gold corpora share this code: the demo snapshot (HTML pages under ``data/raw/<case>/snapshot`` with
``tests/fixtures/gold/demo_*.jsonl``) and our own news-style sentences (``tests/fixtures/gold/nlp/*.jsonl``,
texts inline). Each run is scored twice: with the case dictionary, and without it (rules only), the
latter being what a new incident gets.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from timeline.config import Settings
from timeline.evaluation.actors_events import (
    NameTable,
    read_key_events,
    score_actor_table,
    score_article_actors,
    score_events,
    score_key_events,
)
from timeline.evaluation.common import read_jsonl
from timeline.nlp.pipeline import aggregate_actors, analyze_articles
from timeline.types import ActorEntry, Article, ArticleAnalysis


@dataclass
class GoldCorpus:
    articles: dict[str, Article]
    actors: dict[str, list[str]] = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)
    key_events: list[dict] = field(default_factory=list)


def load_snapshot_corpus(snapshot: Path, gold_dir: Path) -> GoldCorpus:
    """Parse the snapshot pages named by the demo gold files."""
    from timeline.parse.page import parse_page

    actors = {row["file"]: row["actors"] for p in sorted(gold_dir.glob("demo_actors_*.jsonl")) for row in read_jsonl(p)}
    events = [row for p in sorted(gold_dir.glob("demo_events_*.jsonl")) for row in read_jsonl(p)]
    files = sorted(set(actors) | {e["file"] for e in events})
    articles = {}
    for file in files:
        path = snapshot / file
        if path.is_file():
            art = parse_page(path.read_bytes(), article_id=file, hints={"language": file.split("/")[0]})
            articles[file] = art
    keys = [k for name in ("demo_key_events.yml", "demo_key_events_extra.yml") if (gold_dir / name).is_file()
            for k in read_key_events(gold_dir / name)]
    return GoldCorpus(articles, actors, events, keys)


def load_inline_corpus(paths: Sequence[Path]) -> GoldCorpus:
    """Our own gold: each line holds id, lang, published, text, actors and events."""
    corpus = GoldCorpus({})
    for path in paths:
        for row in read_jsonl(path):
            file = row["id"]
            corpus.articles[file] = Article(article_id=file, text=row["text"], language=row["lang"],
                                            published_date=date.fromisoformat(row["published"]))
            corpus.actors[file] = row.get("actors", [])
            corpus.events += [{**e, "file": file} for e in row.get("events", [])]
    return corpus


def evaluate(corpus: GoldCorpus, dictionary: Sequence[ActorEntry], *, use_dictionary: bool = True,
             settings: Settings | None = None) -> dict:
    """All scores for one run over `corpus`."""
    settings = settings or Settings(use_trained_pipeline=False)
    names = NameTable.from_entries(dictionary)
    t0 = time.perf_counter()
    results: list[ArticleAnalysis] = list(analyze_articles(
        corpus.articles.values(), actors=dictionary if use_dictionary else (), settings=settings))
    seconds = time.perf_counter() - t0
    by_file = {r.article.article_id: r for r in results}
    predicted_actors = {f: {m.name for m in r.actor_mentions} for f, r in by_file.items()}
    mentions = pd.DataFrame([vars_of(m) for r in results for m in r.actor_mentions])
    articles = pd.DataFrame([{"article_id": a.article_id, "published_date": a.published_date}
                             for a in corpus.articles.values()])
    table = aggregate_actors(mentions, articles, dictionary if use_dictionary else ())
    rows = [[row["name"], *str(row["aliases"] or "").split("; ")] for _, row in table.iterrows()]
    gold_names = {n for names_ in corpus.actors.values() for n in names_}
    texts = {f: r.article.text for f, r in by_file.items()}
    event_mentions = {f: r.event_mentions for f, r in by_file.items()}
    return {
        "seconds": round(seconds, 2),
        "n_articles": len(results),
        "actors_per_article": score_article_actors(corpus.actors, predicted_actors, names),
        "actor_table": score_actor_table(gold_names, rows, names),
        "events": score_events(corpus.events, event_mentions, texts, names),
        "key_events": score_key_events(corpus.key_events, [m for r in results for m in r.event_mentions], names),
    }


def vars_of(mention) -> dict:
    return {"article_id": mention.article_id, "sentence_index": mention.sentence_index,
            "char_start": mention.char_start, "char_end": mention.char_end, "text": mention.text,
            "actor_id": mention.actor_id, "name": mention.name, "kind": mention.kind, "country": mention.country,
            "match_source": mention.match_source}
