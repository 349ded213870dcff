"""Scoring the timeline: is one event counted once, and are the key events and key days right?

- Pairwise merge precision/recall: over every pair of gold mentions, were mentions of the same gold event
  put in one predicted event (recall), and were predicted co-members really the same event (precision)?
- Key-event precision at K: among the K most-reported predicted events, the share matching a distinct
  gold key event (same day within a tolerance, a shared actor or target, and a compatible type).
- Date-selection F1: predicted key days against gold key days (the timeline-summarisation measure).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from timeline.analysis.mentions import as_date, content_words, split_names
from timeline.analysis.similarity import type_similarity
from timeline.evaluation.common import prf, read_jsonl


def _pairs(labels: Mapping[Hashable, Hashable | None]) -> set[frozenset]:
    groups: dict[Hashable, list[Hashable]] = {}
    for item, label in labels.items():
        if label is not None:
            groups.setdefault(label, []).append(item)
    return {frozenset(p) for members in groups.values() for p in itertools.combinations(sorted(members, key=str), 2)}



def pairwise_scores(predicted: Mapping[Hashable, Hashable | None], gold: Mapping[Hashable, Hashable]) -> dict:
    """Pairwise precision/recall/F1 of a clustering over the gold items.

    `predicted` maps item → predicted cluster (None or missing = not clustered, i.e. a singleton);
    only items in `gold` are scored.
    """
    pred = {item: predicted.get(item) for item in gold}
    pred_pairs, gold_pairs = _pairs(pred), _pairs(gold)
    tp = len(pred_pairs & gold_pairs)
    return {**prf(tp, len(pred_pairs), len(gold_pairs)), "true_pairs": tp, "predicted_pairs": len(pred_pairs),
            "gold_pairs": len(gold_pairs), "n_items": len(gold)}


def sentence_overlap(a: str, b: str) -> float:
    """Share of the shorter sentence's content words found in the other (robust to split sentences)."""
    wa, wb = content_words(a), content_words(b)
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def match_mentions(gold: Sequence[Mapping], predicted: pd.DataFrame, article_of_file: Mapping[str, str],
                   min_overlap: float = 0.6) -> dict[int, int]:
    """Gold mention position → predicted mention row, by article and best sentence overlap."""
    by_article = {a: g for a, g in predicted.reset_index(drop=True).groupby("article_id")}
    matches = {}
    for i, g in enumerate(gold):
        rows = by_article.get(article_of_file.get(g["file"], ""))
        if rows is None:
            continue
        scored = [(sentence_overlap(g["sentence"], s), idx)
                  for idx, s in zip(rows.index, rows["sentence"], strict=True)]
        best = max(scored, default=(0.0, None))
        if best[1] is not None and best[0] >= min_overlap:
            matches[i] = int(best[1])
    return matches


def _matches_gold(event, gold: Mapping, tolerance: int) -> bool:
    day = as_date(gold.get("date"))
    if day is None or abs((event.date - day).days) > tolerance:
        return False
    gold_actors = set(gold.get("actors") or []) | set(gold.get("targets") or [])
    shared = (split_names(event.actors) | split_names(event.targets)) & gold_actors
    return bool(shared) and type_similarity(event.type, gold.get("type", "")) > 0


def key_event_precision(events: pd.DataFrame, gold_events: Sequence[Mapping], k: int, *,
                        tolerance: int = 1) -> dict:
    """Among the K most-reported events, the share matching a distinct gold key event."""
    top = events.sort_values(["n_sources", "salience"], ascending=[False, False]).head(k)
    used: set[int] = set()
    hits = 0
    for ev in top.itertuples(index=False):
        for j, g in enumerate(gold_events):
            if j not in used and _matches_gold(ev, g, tolerance):
                used.add(j)
                hits += 1
                break
    return {"precision_at_k": round(hits / len(top), 4) if len(top) else 0.0, "hits": hits, "k": len(top),
            "gold_covered": len(used), "n_gold": len(gold_events)}


def date_selection_f1(predicted_days: Iterable[date], gold_days: Iterable[date]) -> dict:
    """F1 of the set of predicted key days against the gold key days (exact days)."""
    pred, gold = set(predicted_days), set(gold_days)
    tp = len(pred & gold)
    return {**prf(tp, len(pred), len(gold)), "n_predicted": len(pred), "n_gold": len(gold)}


def top_k_days(events: pd.DataFrame, k: int) -> list[date]:
    """The days of the K most-reported events (what a reader of timeline.csv would take as key days)."""
    top = events.sort_values(["n_sources", "salience"], ascending=[False, False]).head(k)
    return sorted(set(top["date"]))


_FILE_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")


def read_gold_mentions(paths: Iterable[Path | str]) -> list[dict]:
    """Gold event mentions from JSONL files (one object per line: file, sentence, event_type, date, ...)."""
    return [row for path in paths for row in read_jsonl(path)]


def gold_as_event_mentions(gold: Sequence[Mapping]) -> pd.DataFrame:
    """Gold mentions as an ``event_mentions`` table (perfect extraction), to score the merge alone.

    A file is one article; its publication day is the date in its file name. A gold day equal to that
    day is treated as byline evidence (``published``), a different one as read from the text.
    """
    rows = []
    for i, g in enumerate(gold):
        found = _FILE_DAY.search(Path(g["file"]).name)
        published = as_date(found.group(1)) if found else None
        day = as_date(g.get("date"))
        source = "published" if day is None or day == published else "explicit"
        rows.append({
            "mention_id": f"g{i:04d}", "event_id": None, "article_id": g["file"], "url": None,
            "outlet": Path(g["file"]).name[11:].split("-")[0] or None, "language": Path(g["file"]).parts[0],
            "published_date": published, "sentence_index": i, "sentence": g["sentence"], "char_start": 0,
            "char_end": len(g["sentence"]), "trigger": g.get("event_type", "other"),
            "event_type": g.get("event_type", "other"), "plover": None,
            "actors": "; ".join(g.get("actors") or []) or None, "targets": "; ".join(g.get("targets") or []) or None,
            "date": day or published, "date_precision": g.get("date_precision") or "day", "date_source": source,
            "timex_text": None, "modality": g.get("modality", "asserted"), "confidence": 1.0,
        })
    return pd.DataFrame(rows)


def read_gold_key_events(path: Path | str) -> list[dict]:
    """Gold key events from a YAML list (id, date, type, actors, targets, description)."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    return [dict(item) for item in data]


def _squash(text: str) -> str:
    return " ".join(str(text).split())


def articles_for_files(gold: Sequence[Mapping], articles: pd.DataFrame) -> dict[str, str]:
    """Gold file → article id of the run: the article whose text holds most of the file's gold sentences."""
    texts = {a: _squash(t) for a, t in zip(articles["article_id"], articles["text"], strict=True)
             if isinstance(t, str)}
    by_file: dict[str, list[str]] = {}
    for g in gold:
        by_file.setdefault(g["file"], []).append(_squash(g["sentence"]))
    out = {}
    for file, sentences in by_file.items():
        best = max(((sum(s in text for s in sentences), a) for a, text in texts.items()), default=(0, None))
        if best[0] > 0:
            out[file] = best[1]
    return out


def score_run_against_gold(gold: Sequence[Mapping], event_mentions: pd.DataFrame, articles: pd.DataFrame) -> dict:
    """Pairwise merge scores of a run's mentions against the gold key-event clustering.

    Gold mentions without a key event, or not asserted, are left out. A gold mention the run did not
    find counts as a singleton (it lowers recall); ``matched`` says how many were found.
    """
    labelled = [(i, g) for i, g in enumerate(gold)
                if g.get("key_event") and g.get("modality", "asserted") == "asserted"]
    files = articles_for_files([g for _, g in labelled], articles)
    predicted = event_mentions.reset_index(drop=True)
    matches = match_mentions([g for _, g in labelled], predicted, files)
    pred = {i: predicted.loc[matches[k], "event_id"] for k, (i, _) in enumerate(labelled) if k in matches}
    scores = pairwise_scores(pred, {i: g["key_event"] for i, g in labelled})
    return {**scores, "matched": len(matches), "files_found": len(files)}
