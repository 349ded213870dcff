"""Scoring actors and events against hand-annotated gold (the NLP stage's ratchet).

Gold formats (one JSON object per line):

- actors: ``{"file": ..., "actors": ["canonical name", ...]}`` — the actors an article names;
- events: ``{"file": ..., "sentence": ..., "event_type": ..., "date": "YYYY-MM-DD", "actors": [...],
  "targets": [...], "modality": ..., "key_event": id | null}``;
- key events (YAML list): ``{id, date, type, actors, targets}``.

Names are compared through an alias table (canonical gold name ← every alias of a dictionary), so a
run without the dictionary is scored fairly when it writes "Europese Commissie" for "European
Commission". Measures:

- actors per article: micro precision/recall over (article, actor) pairs; and corpus-level through the
  actor table (what ``actors.csv`` lists vs the union of gold actors);
- events: a gold event is *found* when a predicted mention's sentence overlaps it; then type accuracy,
  date within ±1 day, source actor match, target match and modality accuracy among found events, and
  mention precision (predicted mentions in sentences with a gold event);
- key events: share of key events with a predicted mention of the same type, dated within ±1 day,
  naming one of its actors (the issue's target measure, before merging).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from timeline.evaluation.common import prf
from timeline.nlp.spans import name_key
from timeline.types import ActorEntry, EventMention


def read_key_events(path: Path) -> list[dict]:
    return list(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or [])


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass
class NameTable:
    """Maps any written form of an actor to its canonical gold name."""

    to_gold: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_entries(cls, entries: Sequence[ActorEntry]) -> NameTable:
        table = cls()
        for e in entries:
            for alias in e.all_aliases():
                table.to_gold.setdefault(name_key(alias), e.name)
            table.to_gold[name_key(e.name)] = e.name
        return table

    def canonical(self, name: str) -> str:
        return self.to_gold.get(name_key(name), name)

    def same(self, predicted: str, gold: str) -> bool:
        return name_key(self.canonical(predicted)) == name_key(gold)



def score_article_actors(gold: Mapping[str, Iterable[str]], predicted: Mapping[str, Iterable[str]],
                         names: NameTable) -> dict:
    """Micro P/R over (article, actor) pairs; `gold`/`predicted` map a file to actor names."""
    tp = n_pred = n_gold = 0
    misses: list[tuple[str, str]] = []
    extras: list[tuple[str, str]] = []
    for file, gold_names in gold.items():
        g = {name_key(n) for n in gold_names}
        p = {name_key(names.canonical(n)) for n in predicted.get(file, ())}
        tp += len(g & p)
        n_pred += len(p)
        n_gold += len(g)
        misses += [(file, n) for n in sorted(g - p)]
        extras += [(file, n) for n in sorted(p - g)]
    return {**prf(tp, n_pred, n_gold), "misses": misses, "extras": extras}


def score_actor_table(gold_names: Iterable[str], table_names: Iterable[Iterable[str]], names: NameTable) -> dict:
    """Corpus-level P/R of the actor table; each row is (canonical name, *aliases)."""
    gold = {name_key(n) for n in gold_names}
    matched_gold: set[str] = set()
    n_rows = tp_rows = 0
    for row in table_names:
        keys = {name_key(names.canonical(n)) for n in row if n}
        n_rows += 1
        hit = keys & gold
        if hit:
            tp_rows += 1
            matched_gold |= hit
    p = tp_rows / n_rows if n_rows else 1.0
    r = len(matched_gold) / len(gold) if gold else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "rows": n_rows, "n_gold": len(gold),
            "missed": sorted(gold - matched_gold)}


def _locate(text: str, sentence: str) -> tuple[int, int] | None:
    pos = text.find(sentence)
    if pos < 0:
        probe = sentence[: max(30, len(sentence) // 2)]
        pos = text.find(probe)
        if pos < 0:
            return None
    return pos, pos + len(sentence)


def _names_match(predicted: Sequence[str], gold: Sequence[str], names: NameTable) -> bool:
    return any(names.same(p, g) for p in predicted for g in gold)


def score_events(gold: Sequence[Mapping], predicted: Mapping[str, Sequence[EventMention]],
                 texts: Mapping[str, str], names: NameTable) -> dict:
    """Per-event measures (see the module docstring); `predicted`/`texts` are keyed by gold file."""
    counts = dict.fromkeys(("gold", "found", "type", "date", "actor", "actor_gold", "target", "target_gold",
                            "modality", "unlocated"), 0)
    errors: list[dict] = []
    gold_spans: dict[str, list[tuple[int, int]]] = {}
    for g in gold:
        text = texts.get(g["file"])
        span = _locate(text, g["sentence"]) if text else None
        counts["gold"] += 1
        if span is None:
            counts["unlocated"] += 1
            continue
        gold_spans.setdefault(g["file"], []).append(span)
        cands = [m for m in predicted.get(g["file"], ()) if m.char_start < span[1] and span[0] < m.char_end]
        if not cands:
            errors.append({"kind": "missed", "file": g["file"], "sentence": g["sentence"][:160],
                           "gold_type": g["event_type"]})
            continue
        counts["found"] += 1
        _score_found(g, cands, names, counts, errors)
    n_pred = sum(len(v) for v in predicted.values())
    in_gold = sum(1 for f, ms in predicted.items() for m in ms
                  if any(m.char_start < e and s < m.char_end for s, e in gold_spans.get(f, ())))
    found = max(1, counts["found"])
    return {
        "n_gold": counts["gold"], "unlocated": counts["unlocated"],
        "recall": round(counts["found"] / max(1, counts["gold"] - counts["unlocated"]), 4),
        "mention_precision": round(in_gold / n_pred, 4) if n_pred else 1.0,
        "type_accuracy": round(counts["type"] / found, 4),
        "date_within_1_day": round(counts["date"] / found, 4),
        "actor_match": round(counts["actor"] / max(1, counts["actor_gold"]), 4),
        "target_match": round(counts["target"] / max(1, counts["target_gold"]), 4),
        "modality_accuracy": round(counts["modality"] / found, 4),
        "errors": errors,
    }


def _score_found(g: Mapping, cands: Sequence[EventMention], names: NameTable, counts: dict, errors: list) -> None:
    typed = [m for m in cands if m.event_type == g["event_type"]]
    best = typed[0] if typed else cands[0]
    gold_day = _as_date(g.get("date"))
    if typed:
        counts["type"] += 1
    else:
        errors.append({"kind": "type", "file": g["file"], "sentence": g["sentence"][:160],
                       "gold_type": g["event_type"], "predicted": [m.event_type for m in cands]})
    if gold_day and best.date and abs((best.date - gold_day).days) <= 1:
        counts["date"] += 1
    elif gold_day:
        errors.append({"kind": "date", "file": g["file"], "sentence": g["sentence"][:160], "gold": str(gold_day),
                       "predicted": str(best.date), "source": best.date_source})
    if g.get("actors"):
        counts["actor_gold"] += 1
        if any(_names_match(m.actors, g["actors"], names) for m in cands):
            counts["actor"] += 1
        else:
            errors.append({"kind": "actor", "file": g["file"], "sentence": g["sentence"][:160],
                           "gold": g["actors"], "predicted": [list(m.actors) for m in cands]})
    if g.get("targets"):
        counts["target_gold"] += 1
        if any(_names_match(m.targets, g["targets"], names) for m in cands):
            counts["target"] += 1
    if best.modality == g.get("modality", "asserted"):
        counts["modality"] += 1
    else:
        errors.append({"kind": "modality", "file": g["file"], "sentence": g["sentence"][:160],
                       "gold": g.get("modality"), "predicted": best.modality})


def score_key_events(key_events: Sequence[Mapping], mentions: Iterable[EventMention], names: NameTable,
                     tolerance_days: int = 1) -> dict:
    """Share of key events with a same-type mention dated within tolerance that names one of its actors."""
    mentions = [m for m in mentions if m.modality == "asserted"]
    hits, missed = [], []
    for k in key_events:
        day = _as_date(k.get("date"))
        ok = any(
            m.event_type == k.get("type") and m.date and day and abs((m.date - day).days) <= tolerance_days
            and _names_match(m.actors, k.get("actors") or [], names)
            for m in mentions
        )
        (hits if ok else missed).append(k["id"])
    return {"share": round(len(hits) / len(key_events), 4) if key_events else 1.0, "hits": hits, "missed": missed}
