"""Score event dating on the dating dev set (``tests/fixtures/gold/dating/*.jsonl``).

Usage: python scripts/eval_dating.py [--pipeline] [--demo] [--errors N] [GOLD_DIR]

Each line of a gold file is one article: ``id``, ``lang``, ``published``, ``text`` (paragraphs split by
blank lines) and ``events``: ``{"sentence", "trigger", "date"}``, where ``date`` is the day the event
happened. The direct score dates each gold trigger with :func:`timeline.nlp.event_dates.date_event`;
``--pipeline`` also runs the whole NLP stage and scores the event mentions it finds in the gold sentences.
``--demo`` scores the NLP stage's dates on the demo gold (``tests/fixtures/gold/demo_events_*.jsonl`` over
the snapshot in ``data/raw/grok-2026/snapshot``) the way ``scripts/eval_nlp.py`` does, split by how long
after the event it was reported. Reported: the share dated within one day (all events, and those that
happened two or more days before their report), the exact-day share, and the publication-day baseline.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from datetime import date
from pathlib import Path

from timeline.nlp.dates.dating import clause_around
from timeline.nlp.event_dates import date_event
from timeline.temporal import extract

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests/fixtures/gold/dating"
LATE_DAYS = 2


def load(gold_dir: Path) -> list[dict]:
    """All gold articles of ``gold_dir``, with each event located in its text."""
    articles = []
    for path in sorted(gold_dir.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            row["published"] = date.fromisoformat(row["published"])
            for ev in row["events"]:
                start = row["text"].find(ev["sentence"])
                if start < 0:
                    raise ValueError(f"{path.name}:{n}: sentence not in text: {ev['sentence'][:60]!r}")
                k = start + ev["sentence"].index(ev["trigger"])
                ev["span"] = (start, start + len(ev["sentence"]))
                ev["trigger_span"] = (k, k + len(ev["trigger"]))
                ev["gold"] = date.fromisoformat(ev["date"])
            articles.append(row)
    return articles


def date_directly(article: dict) -> list[date | None]:
    """The date :func:`date_event` gives each gold event of ``article``."""
    text, published = article["text"], article["published"]
    timexes = extract(text, published, article["lang"])
    out = []
    for ev in article["events"]:
        clause = clause_around(text, timexes, ev["trigger_span"], ev["span"])
        out.append(date_event(text, clause, ev["span"], ev["trigger_span"], timexes, published).date)
    return out


def date_by_pipeline(articles: list[dict]) -> list[list[date | None]]:
    """The date of the NLP stage's event mention in each gold sentence (None when it finds none)."""
    from timeline.config import Settings
    from timeline.nlp.pipeline import analyze_articles
    from timeline.types import Article

    items = [Article(article_id=a["id"], text=a["text"], language=a["lang"], published_date=a["published"])
             for a in articles]
    results = {r.article.article_id: r for r in analyze_articles(items, settings=Settings(use_trained_pipeline=False))}
    out = []
    for a in articles:
        mentions = results[a["id"]].event_mentions
        dates = []
        for ev in a["events"]:
            inside = [m for m in mentions if m.char_start < ev["span"][1] and ev["span"][0] < m.char_end]
            same = [m for m in inside if ev["trigger"].lower() in (m.trigger or "").lower()]
            best = (same or inside or [None])[0]
            dates.append(best.date if best else None)
        out.append(dates)
    return out


def score(articles: list[dict], predicted: list[list[date | None]]) -> dict:
    """Within-one-day, exact and late-event shares per language and overall, with the baseline."""
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a, dates in zip(articles, predicted, strict=True):
        for ev, got in zip(a["events"], dates, strict=True):
            late = (a["published"] - ev["gold"]).days >= LATE_DAYS
            for key in (a["lang"], "all"):
                t = tally[key]
                t["n"] += 1
                t["late"] += late
                if got is None:
                    t["unfound"] += 1
                    continue
                ok = abs((got - ev["gold"]).days) <= 1
                t["within_1_day"] += ok
                t["exact"] += got == ev["gold"]
                t["late_within_1_day"] += ok and late
                t["baseline"] += abs((a["published"] - ev["gold"]).days) <= 1
    return {key: {"n": t["n"], "late": t["late"], "unfound": t["unfound"],
                  "within_1_day": round(t["within_1_day"] / max(1, t["n"]), 4),
                  "exact": round(t["exact"] / max(1, t["n"]), 4),
                  "late_within_1_day": round(t["late_within_1_day"] / max(1, t["late"]), 4),
                  "baseline_within_1_day": round(t["baseline"] / max(1, t["n"]), 4)}
            for key, t in sorted(tally.items())}


def errors(articles: list[dict], predicted: list[list[date | None]], limit: int) -> list[str]:
    out = []
    for a, dates in zip(articles, predicted, strict=True):
        for ev, got in zip(a["events"], dates, strict=True):
            if got is None or abs((got - ev["gold"]).days) > 1:
                out.append(f"{a['id']} pub {a['published']} gold {ev['gold']} got {got}: {ev['sentence'][:110]}")
    return out[:limit]


def demo_scores(limit: int = 0) -> dict:
    """Dates of the demo gold's found events, within one day, by how many days the report came later."""
    from timeline.config import Settings, load_actors
    from timeline.evaluation.nlp_gold import load_snapshot_corpus
    from timeline.nlp.pipeline import analyze_articles

    corpus = load_snapshot_corpus(ROOT / "data/raw/grok-2026/snapshot", ROOT / "tests/fixtures/gold")
    actors = load_actors(ROOT / "config/cases/grok-2026/actors.yml")
    results = {r.article.article_id: r for r in analyze_articles(
        corpus.articles.values(), actors=actors, settings=Settings(use_trained_pipeline=False))}
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for g in corpus.events:
        art, gold = corpus.articles.get(g["file"]), g.get("date") or ""
        if art is None or len(gold) != 10 or art.text.find(g["sentence"]) < 0:
            continue
        lo = art.text.find(g["sentence"])
        cands = [m for m in results[g["file"]].event_mentions if m.char_start < lo + len(g["sentence"])
                 and lo < m.char_end]
        if not cands:
            continue
        best = ([m for m in cands if m.event_type == g["event_type"]] or cands)[0]
        lag = (art.published_date - date.fromisoformat(gold)).days
        key = "same_day" if lag <= 0 else "day_before" if lag == 1 else "2_plus_days"
        for k in (key, "all"):
            tally[k][0] += 1
            tally[k][1] += bool(best.date) and abs((best.date - date.fromisoformat(gold)).days) <= 1
            tally[k][2] += lag <= 1
    return {k: {"n": n, "within_1_day": round(ok / n, 4), "baseline_within_1_day": round(b / n, 4)}
            for k, (n, ok, b) in sorted(tally.items())}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold_dir", nargs="?", type=Path, default=GOLD)
    parser.add_argument("--pipeline", action="store_true")
    parser.add_argument("--errors", type=int, default=0)
    parser.add_argument("--demo", action="store_true")
    args = parser.parse_args()
    if args.demo:
        print("demo (found events with a gold day):", json.dumps(demo_scores(), indent=1))
    articles = load(args.gold_dir)
    direct = [date_directly(a) for a in articles]
    print("direct:", json.dumps(score(articles, direct), indent=1))
    for line in errors(articles, direct, args.errors):
        print("  ", line)
    if args.pipeline:
        piped = date_by_pipeline(articles)
        print("pipeline:", json.dumps(score(articles, piped), indent=1))
        for line in errors(articles, piped, args.errors):
            print("  ", line)


if __name__ == "__main__":
    main()
