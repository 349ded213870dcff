"""Slices of the timeline an analyst asks for: filters and milestone windows.

A window can be given by dates ("2026-01-02" → "2026-01-09"), by event ids (the story from one event to
another) or by milestone keys from the case file; all three resolve to days first, so they combine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pandas as pd

from timeline.analysis.mentions import as_date
from timeline.dataset.schema import JOIN
from timeline.errors import TimelineError


def _as_set(value: str | Iterable[str] | None) -> set[str] | None:
    if value is None:
        return None
    return {value} if isinstance(value, str) else set(value)


def _has_any(cell: object, wanted: set[str]) -> bool:
    if not isinstance(cell, str):
        return False
    return any(part in wanted for part in cell.split(JOIN))


def filter_events(events: pd.DataFrame, *, actor: str | Iterable[str] | None = None,
                  type: str | Iterable[str] | None = None, language: str | Iterable[str] | None = None,
                  outlet: str | Iterable[str] | None = None, start: date | str | None = None,
                  end: date | str | None = None, key_only: bool = False,
                  role: str = "any") -> pd.DataFrame:
    """Events matching every given criterion; a list means "any of these".

    `actor` matches canonical names among the acting actors (``role="actor"``), the targets
    (``role="target"``) or either (``role="any"``). `language`/`outlet` keep events reported in that
    language or by that outlet. `start`/`end` are inclusive days.
    """
    keep = pd.Series(True, index=events.index)
    actors = _as_set(actor)
    if actors:
        columns = {"actor": ["actors"], "target": ["targets"], "any": ["actors", "targets"]}[role]
        keep &= pd.concat([events[c].map(lambda v, a=actors: _has_any(v, a)) for c in columns], axis=1).any(axis=1)
    if _as_set(type):
        keep &= events["type"].isin(_as_set(type))
    for column, wanted in (("languages", _as_set(language)), ("outlets", _as_set(outlet))):
        if wanted:
            keep &= events[column].map(lambda v, w=wanted: _has_any(v, w))
    first, last = as_date(start) if start else None, as_date(end) if end else None
    if first:
        keep &= events["date"].map(lambda d: d >= first)
    if last:
        keep &= events["date"].map(lambda d: d <= last)
    if key_only:
        keep &= events["is_key_event"].astype(bool)
    return events.loc[keep].reset_index(drop=True)


def resolve_bound(bound: date | str, events: pd.DataFrame, milestones: Mapping[str, date] | None = None) -> date:
    """A window bound as a day: a date, an ISO day, an event id, or a milestone key."""
    if isinstance(bound, date):
        return bound
    text = str(bound).strip()
    day = as_date(text) if len(text) == 10 else None
    if day:
        return day
    match = events.loc[events["event_id"] == text, "date"]
    if len(match):
        return match.iloc[0]
    if milestones and text in milestones:
        return milestones[text]
    raise TimelineError(f"window bound {text!r} is neither a YYYY-MM-DD day, an event id, nor a milestone key")


def window(events: pd.DataFrame, start: date | str, end: date | str, *,
           milestones: Mapping[str, date] | None = None, k: int | None = None) -> pd.DataFrame:
    """The story between two bounds (inclusive), chronological; with `k`, only its K most salient events."""
    first, last = resolve_bound(start, events, milestones), resolve_bound(end, events, milestones)
    if first > last:
        raise TimelineError(f"window starts after it ends: {first} > {last}")
    inside = filter_events(events, start=first, end=last)
    if k is not None:
        from timeline.analysis.salience import select_key_events

        picked = set(select_key_events(inside, k))
        inside = inside.loc[inside["event_id"].isin(picked)]
    return inside.sort_values(["date", "salience"], ascending=[True, False]).reset_index(drop=True)
