"""Which events matter: a salience score and a key-events view that spreads across days.

Timeline summarisation (date selection, then the best events of the selected days) beats a plain
"most reported first" list, because one busy day would otherwise fill the whole view. Salience mixes
how widely an event was reported (sources, outlets, languages), how central its actors are, how well it
is dated (days the text gives, and several languages, over byline guesses), and what kind of event it is
(an acknowledgement or a ban matters more than a remark; an event without an actor counts little).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

import pandas as pd

from timeline.dataset.schema import JOIN

TYPE_WEIGHT = {
    "restriction": 1.0, "block_ban": 1.0, "investigation": 1.0, "fine_sanction": 1.0, "legal_complaint": 0.9,
    "acknowledgement": 0.9, "regulatory_demand": 0.9, "policy_change": 0.9, "legislation": 0.9,
    "content_removal": 0.8, "report_finding": 0.7, "criticism": 0.5, "statement": 0.1, "other": 0.1,
}
# An event nobody is said to have done ("It is the first fine under the DSA") is usually an echo of
# another event, not a happening of its own: it should not fill the key-events view.
NO_ACTOR_PENALTY = 0.8


def _names(cell: object) -> list[str]:
    return [p for p in str(cell).split(JOIN) if p] if isinstance(cell, str) else []


def actor_importance(events: pd.DataFrame, weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """Importance in [0, 1] per actor: given weights (e.g. articles naming it), else its event sources."""
    if weights is None:
        totals: dict[str, float] = defaultdict(float)
        for actors, n in zip(events["actors"], events["n_sources"], strict=True):
            for name in _names(actors):
                totals[name] += float(n)
        weights = totals
    top = max(weights.values(), default=0.0)
    return {k: v / top for k, v in weights.items()} if top > 0 else {}


def salience(events: pd.DataFrame, *, explicit_share: pd.Series, n_outlets: pd.Series,
             importance: Mapping[str, float]) -> pd.Series:
    """Salience in [0, 1] per event (1 = the most salient of this timeline)."""
    if events.empty:
        return pd.Series([], dtype=float)
    actor_part = [max((importance.get(a, 0.0) for a in _names(cell)), default=0.0) for cell in events["actors"]]
    has_actor = pd.Series([bool(_names(cell)) for cell in events["actors"]], index=events.index)
    raw = (
        events["n_sources"].astype(float).map(math.log1p)
        + 0.7 * n_outlets.astype(float).map(math.log1p)
        + 0.9 * events["n_languages"].astype(float).map(math.log1p)
        + 0.5 * pd.Series(actor_part, index=events.index)
        + 0.5 * explicit_share.astype(float)
        + 0.8 * events["type"].map(lambda t: TYPE_WEIGHT.get(t, 0.5)).astype(float)
        - NO_ACTOR_PENALTY * (~has_actor).astype(float)
    )
    raw = raw.clip(lower=0.0)
    top = raw.max()
    return (raw / top).round(4) if top > 0 else raw * 0.0


def select_key_events(events: pd.DataFrame, k: int) -> list[str]:
    """Timeline-summarisation style: the best event of each of the top ⌈K/2⌉ days, then the most
    salient of the rest, whatever their day (an important second event on a busy day still gets in).

    The rest skips near-duplicates of events already picked (same day, same type, a shared actor or
    target: "X restricted Grok" and "Grok was restricted"), which a merge may leave apart; they only
    fill the view when nothing else is left.
    """
    if k <= 0 or events.empty:
        return []
    picked = list(key_days(events, (k + 1) // 2)["top_event_id"])
    rest = events.loc[~events["event_id"].isin(picked)]
    rest = rest.sort_values(["salience", "n_sources", "event_id"], ascending=[False, False, True])
    seen = {_fingerprint(row) for row in events.loc[events["event_id"].isin(picked)].itertuples(index=False)}
    by_day_type: dict[tuple, list[frozenset[str]]] = defaultdict(list)
    for day_type, names in seen:
        by_day_type[day_type].append(names)
    fresh, repeats = [], []
    for row in rest.itertuples(index=False):
        if len(picked) + len(fresh) >= k:
            break  # the view is full: later rows could only be cut off
        day_type, names = _fingerprint(row)
        if any(names & n for n in by_day_type[day_type]):
            repeats.append(row.event_id)
            continue
        fresh.append(row.event_id)
        by_day_type[day_type].append(names)
    return (picked + fresh + repeats)[:k]


def _fingerprint(row) -> tuple[tuple, frozenset[str]]:
    names = frozenset(_names(getattr(row, "actors", None)) + _names(getattr(row, "targets", None)))
    return (row.date, row.type), names


def key_days(events: pd.DataFrame, k: int) -> pd.DataFrame:
    """The K days that matter most: summed salience of their events, chronological."""
    if events.empty or k <= 0:
        return pd.DataFrame({"date": [], "score": [], "n_events": [], "top_event_id": []})
    ordered = events.sort_values(["salience", "event_id"], ascending=[False, True])
    grouped = ordered.groupby("date", sort=False)
    days = pd.DataFrame({
        "score": grouped["salience"].sum().round(4),
        "n_events": grouped["event_id"].count(),
        "top_event_id": grouped["event_id"].first(),
    }).reset_index()
    top = days.sort_values(["score", "date"], ascending=[False, True]).head(k)
    return top.sort_values("date").reset_index(drop=True)
