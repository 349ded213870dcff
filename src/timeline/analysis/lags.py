"""Who moved first? Reaction lags after a trigger event, per actor.

A reaction's time is the publication time of its first report when that report came out on the
event's day (news sites time-stamp to the minute); otherwise the event's day at midnight UTC, because a
report days later says nothing about the hour. ``lag_source`` says which one was used.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pandas as pd

from timeline.dataset.schema import JOIN
from timeline.errors import TimelineError

COLUMNS = ["actor", "kind", "country", "event_id", "type", "date", "lag_days", "lag_hours", "lag_source",
           "n_reactions", "title"]


def _parse_datetime(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) < 16:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def first_report_times(event_mentions: pd.DataFrame, articles: pd.DataFrame | None) -> dict[str, datetime]:
    """Earliest known publication time (UTC) of each event's sources."""
    if articles is None or articles.empty or "published_datetime" not in articles or event_mentions.empty:
        return {}
    stamps = articles.drop_duplicates("article_id").set_index("article_id")["published_datetime"].map(_parse_datetime)
    linked = event_mentions.loc[event_mentions["event_id"].notna(), ["event_id", "article_id"]]
    times: dict[str, datetime] = {}
    for event_id, article_id in zip(linked["event_id"], linked["article_id"], strict=True):
        moment = stamps.get(article_id)
        if moment is not None and (event_id not in times or moment < times[event_id]):
            times[event_id] = moment
    return times


def _event_time(event_id: str, day: date, report_times: dict[str, datetime]) -> tuple[datetime, str]:
    reported = report_times.get(event_id)
    if reported is not None and reported.astimezone(UTC).date() == day:
        return reported.astimezone(UTC), "published_datetime"
    return datetime.combine(day, time(0, 0), tzinfo=UTC), "date"


def _names(cell: object) -> list[str]:
    return [p for p in cell.split(JOIN) if p] if isinstance(cell, str) else []


def reaction_lags(events: pd.DataFrame, trigger: str, *, event_mentions: pd.DataFrame | None = None,
                  articles: pd.DataFrame | None = None, actors: pd.DataFrame | None = None,
                  horizon_days: int = 30, first_only: bool = True) -> pd.DataFrame:
    """One row per reacting actor (or per reaction with ``first_only=False``), earliest first.

    Reactions are events on or after the trigger's day, within `horizon_days`, by actors other than the
    trigger's own actors. `actors` (the actors table) adds each actor's kind and country.
    """
    match = events.loc[events["event_id"] == trigger]
    if match.empty:
        raise TimelineError(f"no event with id {trigger!r}")
    trig = match.iloc[0]
    times = first_report_times(event_mentions, articles) if event_mentions is not None else {}
    t0, _ = _event_time(trig["event_id"], trig["date"], times)
    own = set(_names(trig["actors"]))
    last = trig["date"] + timedelta(days=horizon_days)
    later = events.loc[(events["event_id"] != trigger) & events["date"].map(lambda d: trig["date"] <= d <= last)]
    info = actors.set_index("name")[["kind", "country"]].to_dict("index") if actors is not None and len(actors) else {}
    rows = []
    for ev in later.itertuples(index=False):
        when, source = _event_time(ev.event_id, ev.date, times)
        for actor in (a for a in _names(ev.actors) if a not in own):
            rows.append({"actor": actor, "kind": info.get(actor, {}).get("kind"),
                         "country": info.get(actor, {}).get("country"), "event_id": ev.event_id, "type": ev.type,
                         "date": ev.date, "lag_days": (ev.date - trig["date"]).days,
                         "lag_hours": round((when - t0).total_seconds() / 3600, 1), "lag_source": source,
                         "title": ev.title})
    table = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "n_reactions"])
    if table.empty:
        return pd.DataFrame(columns=COLUMNS)
    table = table.sort_values(["lag_hours", "lag_days", "actor"]).reset_index(drop=True)
    table["n_reactions"] = table.groupby("actor")["event_id"].transform("count").astype(int)
    if first_only:
        table = table.drop_duplicates("actor").reset_index(drop=True)
    return table[COLUMNS]

