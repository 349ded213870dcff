"""The actor table (``actors.csv``): one row per canonical actor, curated or found by rules and NER.

Curated actors are kept whenever they are mentioned. Actors found without the dictionary must earn
their row. A name typed by a cue (a title, a role, an organisation head word, a country) is kept from
its first article in corpora of up to :data:`SMALL_CORPUS` articles, where one article can hold the only
mention of a minister or a watchdog; above that it needs :data:`MIN_SHARE` of the articles (and at
least two). A name that only its capitalisation supports (kind "other") always needs two articles
more than that. Partial names that abbreviate exactly one full name elsewhere ("Chappaz") are merged
into it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import pandas as pd

from timeline.nlp.spans import clean_name
from timeline.types import ActorEntry

COLUMNS = ["actor_id", "name", "kind", "country", "n_mentions", "n_articles", "aliases", "is_curated",
           "first_mention_date"]
MAX_ALIASES = 12
JOIN = "; "
SMALL_CORPUS = 200
MIN_SHARE = 0.01  # share of a large corpus's articles a rule-found actor must be named in
WEAK_KINDS = {"other"}  # the kind the rules give when nothing but capitalisation spoke for a name


def min_articles_for(n_corpus: int, kind: str | None) -> int:
    """How many articles must name a rule-found actor of `kind` before it gets a row."""
    weak = kind in WEAK_KINDS or kind is None
    if n_corpus <= SMALL_CORPUS:
        return 2 if weak and n_corpus >= 3 else 1
    base = max(2, math.ceil(MIN_SHARE * n_corpus))
    return base + 1 if weak else base


def partial_name_mapping(first_names: Mapping[str, object], curated: set[str]) -> dict[str, str]:
    """Which actor ids to fold into another: a one-word name owned by exactly one multi-word name.

    `first_names` maps each actor id to its name (its first mention's); curated actors are never folded.
    """
    last_word: dict[str, set[str]] = {}
    for actor_id, name in first_names.items():
        parts = str(name).split()
        if len(parts) > 1:
            last_word.setdefault(parts[-1].lower(), set()).add(actor_id)
    mapping = {}
    for actor_id, name in first_names.items():
        if actor_id in curated or " " in str(name):
            continue
        owners = last_word.get(str(name).lower(), set())
        if len(owners) == 1:
            mapping[actor_id] = next(iter(owners))
    return mapping


def _merge_partial_names(df: pd.DataFrame, curated: set[str]) -> pd.DataFrame:
    """Map single-word names onto the one multi-word person/organisation ending with that word."""
    names = df.drop_duplicates("actor_id").set_index("actor_id")["name"]
    mapping = partial_name_mapping(dict(names.items()), curated)
    if not mapping:
        return df
    df = df.copy()
    target = df["actor_id"].map(mapping)
    moved = target.notna()
    canonical = df.drop_duplicates("actor_id").set_index("actor_id")
    df.loc[moved, "actor_id"] = target[moved]
    for col in ("name", "kind", "country"):
        df.loc[moved, col] = df.loc[moved, "actor_id"].map(canonical[col])
    return df


def _published(articles: pd.DataFrame | None) -> dict[str, object]:
    if articles is None or articles.empty or "published_date" not in articles:
        return {}
    return dict(zip(articles["article_id"], articles["published_date"], strict=False))


def _mode(values: pd.Series):
    values = values.dropna()
    return values.mode().iloc[0] if not values.empty else None


def _named(group: pd.DataFrame) -> pd.DataFrame:
    """Mentions that name the actor (not "the company" resolved to it), or all when none does."""
    named = group[group["match_source"] != "coref"] if "match_source" in group else group
    return named if not named.empty else group


def _aliases(texts: pd.Series) -> str:
    return rank_aliases(Counter(t for t in texts if isinstance(t, str)))


def rank_aliases(text_counts: Mapping[str, int]) -> str:
    """Surface forms (cleaned) by frequency; ties by name, so the order does not depend on article order."""
    counts: Counter[str] = Counter()
    for text, n in text_counts.items():
        if isinstance(text, str) and text.strip():
            counts[clean_name(text)] += n
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return JOIN.join(name for name, _ in ranked[:MAX_ALIASES] if name)


def most_common(value_counts: Mapping[object, int]):
    """The most frequent value, ties to the smallest (as ``Series.mode().iloc[0]``); None when there is none."""
    if not value_counts:
        return None
    return min(value_counts.items(), key=lambda item: (-item[1], item[0]))[0]


def aggregate_actors(actor_mentions: pd.DataFrame, articles: pd.DataFrame | None = None,
                     dictionary: Sequence[ActorEntry] = ()) -> pd.DataFrame:
    """The ``actors`` table from all actor mentions (see the module docstring for who gets a row)."""
    if actor_mentions is None or actor_mentions.empty:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS})
    entries = {e.actor_id: e for e in dictionary}
    df = _merge_partial_names(actor_mentions, set(entries))
    published = _published(articles)
    n_corpus = articles["article_id"].nunique() if articles is not None and not articles.empty else \
        df["article_id"].nunique()
    rows = []
    for actor_id, group in df.groupby("actor_id", sort=False):
        entry = entries.get(actor_id)
        n_articles = int(group["article_id"].nunique())
        kind = entry.kind if entry else _mode(group["kind"])
        if entry is None and n_articles < min_articles_for(n_corpus, kind):
            continue
        dates = [published.get(a) for a in group["article_id"].unique()]
        dates = [d for d in dates if d is not None and not pd.isna(d)]
        rows.append({
            "actor_id": actor_id,
            "name": entry.name if entry else _mode(group["name"]),
            "kind": kind,
            "country": entry.country if entry else _mode(group["country"]),
            "n_mentions": len(group),
            "n_articles": n_articles,
            "aliases": _aliases(_named(group)["text"]),
            "is_curated": entry is not None,
            "first_mention_date": min(dates) if dates else None,
        })
    out = pd.DataFrame(rows, columns=COLUMNS)
    if out.empty:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS})
    out = out.sort_values(["n_articles", "n_mentions", "name"], ascending=[False, False, True], kind="stable")
    return out.reset_index(drop=True)
