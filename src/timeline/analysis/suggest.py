"""Candidate actors for the dictionary: frequent names found by rules or NER, not by the dictionary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from timeline.dataset import io


def suggest_actors(folder: Path, *, top: int = 25, min_articles: int = 1) -> pd.DataFrame:
    """Rank non-curated actors by articles then mentions, with one example sentence each."""
    mentions = io.read_table("actor_mentions", folder)
    actors = io.read_table("actors", folder, columns=["name", "is_curated"])
    curated = set(actors.loc[actors["is_curated"] == True, "name"])  # noqa: E712 - object column of bools
    # found by rules or NER, and not a dictionary actor met through a role phrase ("the chatbot")
    unknown = mentions[mentions["match_source"].isin(["rule", "ner"]) & ~mentions["name"].isin(curated)]
    columns = ["name", "kind", "n_mentions", "n_articles", "aliases", "example"]
    if unknown.empty:
        return pd.DataFrame(columns=columns)
    articles = io.read_table("articles", folder).set_index("article_id")["text"]
    rows = []
    for name, group in unknown.groupby("name", sort=False):
        n_articles = group["article_id"].nunique()
        if n_articles < min_articles:
            continue
        first = group.iloc[0]
        text = articles.get(first["article_id"], "") or ""
        rows.append({
            "name": name,
            "kind": group["kind"].mode().iloc[0] if group["kind"].notna().any() else None,
            "n_mentions": len(group),
            "n_articles": n_articles,
            "aliases": "; ".join(sorted(set(group["text"]))),
            "example": _sentence_around(text, int(first["char_start"]), int(first["char_end"])),
        })
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["n_articles", "n_mentions", "name"], ascending=[False, False, True]).head(top)


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [p for p in (text.find(". ", end), text.find("\n", end)) if p != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return " ".join(text[left + 1: right + 1].split())
