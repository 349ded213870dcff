"""Coverage diagnostics: articles per day by language or outlet, and the days nobody covered.

An analyst should see the gaps before trusting a timeline: a quiet day in the events may only be a
day the collection missed (a feed that broke, a language with no sources).
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from timeline.analysis.mentions import as_date


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _dated(articles: pd.DataFrame) -> pd.DataFrame:
    out = articles.assign(day=articles["published_date"].map(as_date))
    return out.loc[out["day"].notna()]


def coverage(articles: pd.DataFrame, *, by: str = "language", start: date | str | None = None,
             end: date | str | None = None) -> pd.DataFrame:
    """Articles per day (rows, every day of the range, zeros included) by `by` (columns) plus ``total``."""
    if by not in ("language", "outlet"):
        raise ValueError(f"coverage by {by!r}: use 'language' or 'outlet'")
    dated = _dated(articles)
    first = as_date(start) if start else (min(dated["day"]) if len(dated) else None)
    last = as_date(end) if end else (max(dated["day"]) if len(dated) else None)
    if first is None or last is None:
        return pd.DataFrame({"date": [], "total": []})
    dated = dated.loc[dated["day"].map(lambda d: first <= d <= last)]
    groups = dated[by].fillna("unknown")
    table = pd.crosstab(dated["day"], groups) if len(dated) else pd.DataFrame()
    table = table.reindex(_days(first, last), fill_value=0)
    table.index.name = "date"
    table.columns.name = None
    table = table.astype(int)
    table["total"] = table.sum(axis=1).astype(int)
    return table.reset_index()


def coverage_gaps(articles: pd.DataFrame, *, by: str = "language", start: date | str | None = None,
                  end: date | str | None = None, min_days: int = 1) -> pd.DataFrame:
    """Runs of consecutive days without articles, overall (``group='total'``) and per language/outlet."""
    table = coverage(articles, by=by, start=start, end=end)
    rows = []
    for group in [c for c in table.columns if c != "date"]:
        run: list[date] = []
        for day, n in zip(table["date"], table[group], strict=True):
            if n == 0:
                run.append(day)
                continue
            if len(run) >= min_days:
                rows.append({"group": group, "start_date": run[0], "end_date": run[-1], "n_days": len(run)})
            run = []
        if len(run) >= min_days:
            rows.append({"group": group, "start_date": run[0], "end_date": run[-1], "n_days": len(run)})
    return pd.DataFrame(rows, columns=["group", "start_date", "end_date", "n_days"])
