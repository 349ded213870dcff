"""Scoring a run on an incident the toolkit was not tuned on, with no case dictionary (held-out style).

An incident folder (``tests/fixtures/incidents/<slug>/``) holds ``articles.jsonl``, ``gold_actors.json``
(canonical actors with the surface forms that count as a match, plus names that are acceptable but not
required) and ``gold_key_events.yml`` (id, date, type, actors, targets). A run's ``actors.csv`` and
``timeline.csv`` are scored the way the held-out evaluation scores them:

- actors: a row matches a gold actor when its name or one of its aliases is one of the actor's surface
  forms (accent- and case-insensitive). Precision is the share of rows matching a gold or acceptable name;
  recall is the share of gold actors matched by some row (all, and the "core" ones alone);
- key events: a key event is found when a timeline row has its type, a date within ±1 day and one of its
  actors among the row's actors;
- top-K precision: among the K rows with most sources, the share matching a distinct key event (date
  ±1 day, a shared actor or target, a compatible type), and date-selection F1 of those rows' days.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from timeline.analysis.similarity import type_similarity
from timeline.nlp.spans import name_key

JOIN = ";"


@dataclass
class GoldActors:
    """Gold actors and the written forms that count as each."""

    actors: list[dict]
    acceptable: set[str] = field(default_factory=set)
    by_form: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path | str) -> GoldActors:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        gold = cls(list(data["actors"]), {name_key(n) for n in data.get("acceptable", [])})
        for actor in gold.actors:
            for form in [actor["name"], *actor.get("surface", [])]:
                gold.by_form.setdefault(name_key(form), set()).add(actor["name"])
        return gold

    def canonical(self, names: Iterable[str]) -> set[str]:
        """The gold actors any of `names` stands for."""
        return {g for n in names if n for g in self.by_form.get(name_key(n), ())}

    def is_acceptable(self, names: Iterable[str]) -> bool:
        return any(name_key(n) in self.acceptable for n in names if n)


def read_key_events(path: Path | str) -> list[dict]:
    return [dict(e) for e in yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []]


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _split(value) -> list[str]:
    if not isinstance(value, str):
        return []
    return [p.strip() for p in value.split(JOIN) if p.strip()]


def score_actor_rows(actors_csv: pd.DataFrame, gold: GoldActors) -> dict:
    """Precision/recall of the actor table against the gold actors (see the module docstring)."""
    matched: set[str] = set()
    good = strict = 0
    wrong: list[str] = []
    for row in actors_csv.itertuples(index=False):
        forms = [str(row.name), *_split(getattr(row, "aliases", None))]
        hit = gold.canonical(forms)
        matched |= hit
        if hit:
            good += 1
            strict += 1
        elif gold.is_acceptable(forms):
            good += 1
        else:
            wrong.append(str(row.name))
    n_rows = len(actors_csv)
    core = {a["name"] for a in gold.actors if a.get("importance", "core") == "core"}
    all_gold = {a["name"] for a in gold.actors}
    return {
        "rows": n_rows,
        "precision": round(good / n_rows, 4) if n_rows else 1.0,
        "strict_precision": round(strict / n_rows, 4) if n_rows else 1.0,
        "recall": round(len(matched & all_gold) / len(all_gold), 4) if all_gold else 1.0,
        "core_recall": round(len(matched & core) / len(core), 4) if core else 1.0,
        "missed": sorted(all_gold - matched),
        "wrong_rows": wrong,
    }


def _row_names(row, gold: GoldActors, column: str) -> set[str]:
    return gold.canonical(_split(getattr(row, column, None)))


def score_key_events(timeline: pd.DataFrame, key_events: Sequence[Mapping], gold: GoldActors,
                     tolerance: int = 1) -> dict:
    """Share of key events with a timeline row of the same type, date ±tolerance and a correct actor."""
    rows = list(timeline.itertuples(index=False))
    hits, missed, near = [], [], {}
    for k in key_events:
        day = _as_date(k["date"])
        wanted = set(k.get("actors") or [])
        dated = [r for r in rows if (d := _as_date(r.date)) and day and abs((d - day).days) <= tolerance]
        ok = any(r.type == k["type"] and _row_names(r, gold, "actors") & wanted for r in dated)
        (hits if ok else missed).append(k["id"])
        if not ok:
            near[k["id"]] = sorted({f"{r.date} {r.type} [{r.actors}]" for r in dated
                                    if (_row_names(r, gold, "actors") | _row_names(r, gold, "targets")) & wanted})[:4]
    share = len(hits) / len(key_events) if key_events else 1.0
    return {"share": round(share, 4), "hits": hits, "missed": missed, "near_misses": near}


def _matches(row, key: Mapping, gold: GoldActors, tolerance: int) -> bool:
    day, d = _as_date(key["date"]), _as_date(row.date)
    if not (day and d) or abs((d - day).days) > tolerance:
        return False
    named = _row_names(row, gold, "actors") | _row_names(row, gold, "targets")
    wanted = set(key.get("actors") or []) | set(key.get("targets") or [])
    return bool(named & wanted) and type_similarity(str(row.type), key["type"]) > 0


def top_k_rows(timeline: pd.DataFrame, k: int) -> pd.DataFrame:
    """The K most-reported events: most sources first, then salience when the table has it."""
    order = [c for c in ("n_sources", "salience") if c in timeline]
    return timeline.sort_values(order, ascending=False, kind="stable").head(k) if order else timeline.head(k)


def score_top_k(timeline: pd.DataFrame, key_events: Sequence[Mapping], gold: GoldActors, k: int,
                tolerance: int = 1) -> dict:
    """Precision of the top-K events as key events, and date-selection F1 of their days."""
    top = top_k_rows(timeline, k)
    used: set[int] = set()
    hits = 0
    for row in top.itertuples(index=False):
        for j, key in enumerate(key_events):
            if j not in used and _matches(row, key, gold, tolerance):
                used.add(j)
                hits += 1
                break
    days = {d for d in (_as_date(v) for v in top["date"]) if d}
    gold_days = {_as_date(e["date"]) for e in key_events}
    tp = len(days & gold_days)
    p = tp / len(days) if days else 0.0
    r = tp / len(gold_days) if gold_days else 1.0
    return {"k": len(top), "precision_at_k": round(hits / len(top), 4) if len(top) else 0.0,
            "date_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "date_precision": round(p, 4), "date_recall": round(r, 4)}


def score_run(out_dir: Path | str, incident_dir: Path | str, ks: Sequence[int] = (10,)) -> dict:
    """Every measure for one run folder (with ``actors.csv`` and ``timeline.csv``) on one incident."""
    out_dir, incident_dir = Path(out_dir), Path(incident_dir)
    gold = GoldActors.read(incident_dir / "gold_actors.json")
    keys = read_key_events(incident_dir / "gold_key_events.yml")
    actors = pd.read_csv(out_dir / "actors.csv", dtype=str, keep_default_na=False)
    timeline = pd.read_csv(out_dir / "timeline.csv", keep_default_na=False)
    timeline["n_sources"] = pd.to_numeric(timeline["n_sources"], errors="coerce").fillna(0)
    if "salience" in timeline:
        timeline["salience"] = pd.to_numeric(timeline["salience"], errors="coerce").fillna(0)
    scores = {
        "actors": score_actor_rows(actors, gold),
        "key_events": score_key_events(timeline, keys, gold),
        "n_events": len(timeline),
    }
    for k in sorted({*ks, len(keys)}):
        scores[f"top_{k}"] = score_top_k(timeline, keys, gold, k)
    return scores
