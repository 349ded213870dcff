"""One event counted once: merge event mentions across articles, outlets and languages.

Three passes, because the two kinds of date evidence deserve different treatment:

1. Mentions whose *text* dates the event ("on Friday", "le 2 janvier") are clustered by average linkage
   over pairwise similarity (compatible type, overlapping actors, same day within the tolerance).
2. Mentions dated only by their publication day are weak evidence: a report follows its event by hours
   to days. Each joins the best-fitting event from pass 1 whose day lies up to a week before it.
3. The rest (no text-dated event fits) are clustered among themselves by publication day.

Actors are canonical names, so "Commission européenne" and "Europese Commissie" already match across
languages. Only the modalities in ``settings.keep_modalities`` (asserted facts, by default) are merged;
the others keep an empty ``event_id``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

import pandas as pd

from timeline.analysis import consensus, salience
from timeline.analysis.grouping import ATTACH_THRESHOLD, MAX_REPORT_LAG_DAYS, MERGE_THRESHOLD, order_key
from timeline.analysis.mentions import Mention, from_frame, organisation_of
from timeline.analysis.merge_window import windowed_groups
from timeline.config import Settings
from timeline.dataset import schema
from timeline.dataset.schema import JOIN
from timeline.types import ActorEntry

__all__ = ["ATTACH_THRESHOLD", "MAX_REPORT_LAG_DAYS", "MERGE_THRESHOLD", "merge_events", "organisations",
           "retitle"]
_FILLED_FROM_ARTICLES = ("url", "outlet", "language", "published_date")


def merge_events(event_mentions: pd.DataFrame, *, settings: Settings | None = None,
                 articles: pd.DataFrame | None = None, dictionary: Sequence[ActorEntry] = (),
                 actor_weights: Mapping[str, float] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge mentions into events; return ``(events, event_mentions with event_id filled)``.

    `articles` fills a mention's url, outlet, language and publication day when the mention lacks them.
    `dictionary` (the case's actors) lets names of one organisation support each other (Grok, xAI and X
    when actors.yml or the background gazetteer gives their ``parent``). `actor_weights` (e.g. articles naming
    each actor) feeds the salience ranking; by default each actor's weight is the number of sources of its events.
    """
    settings = settings or Settings()
    # a fixed order (mention ids are content hashes) makes ties break the same way whichever engine,
    # worker count or batch order produced the mentions
    mentions = _with_article_fields(event_mentions, articles).sort_values("mention_id", kind="stable")
    mentions = mentions.reset_index(drop=True)
    tol = settings.merge_window_days
    keep = mentions["modality"].isin(settings.keep_modalities) if len(mentions) else pd.Series([], dtype=bool)
    kept = mentions.loc[keep].reset_index()
    records = merge_records(kept, tolerance=tol, organisations=organisations(dictionary))
    events, labels = _events_from_groups(list(windowed_groups(in_anchor_order(records), tol)), settings,
                                         actor_weights)
    mentions["event_id"] = None
    if len(kept):
        mentions.loc[kept["index"].to_numpy(), "event_id"] = [labels.get(m.index) for m in records]
    # object columns: pandas' string dtype would turn missing cells into NaN floats that Arrow rejects
    return (schema.validate("events", events.astype(object)),
            schema.validate("event_mentions", mentions.astype(object)))


def merge_records(rows: pd.DataFrame, *, tolerance: int, organisations: Mapping[str, str],
                  index_column: str | None = None) -> list[Mention]:
    """Mention records for the merge: `organisations` of the *acting* actors only.

    Two states blocking Grok (an xAI product) share a target's organisation, which says nothing about
    whether they did the same thing.
    """
    return from_frame(rows, tolerance=tolerance, organisations=organisations, index_column=index_column,
                      acting_groups=True)


def in_anchor_order(records: Iterable[Mention]) -> list[Mention]:
    """The dated records by anchor day, then order key (what the windowed merge reads).

    A mention with neither a usable text date nor a publication day cannot be placed on a timeline: it
    stays out of every event.
    """
    return sorted((m for m in records if m.anchor_date is not None), key=lambda m: (m.anchor_date, order_key(m)))


def organisations(dictionary: Sequence[ActorEntry]) -> dict[str, str]:
    """Canonical name → top-level organisation, from the case's actors and the background gazetteer.

    A case entry without a ``parent`` inherits the gazetteer's (the case's "European Commission" still
    belongs to the European Union), and a parent named by id resolves to whichever entry carries that
    body's name, so institutions and the body they belong to support each other in the merge.
    """
    from timeline.nlp.actors import background_entries

    background = background_entries()
    bg_by_id = {e.actor_id: e for e in background}
    bg_by_name = {e.name: e for e in background}
    curated_names = {e.name: e.actor_id for e in dictionary}
    curated_ids = set(curated_names.values())

    def resolved(parent: str | None) -> str | None:
        if parent is None or parent in curated_ids or parent not in bg_by_id:
            return parent
        return curated_names.get(bg_by_id[parent].name, parent)

    entries = []
    for e in dictionary:
        known = bg_by_id.get(e.actor_id) or bg_by_name.get(e.name)
        entries.append(e if e.parent or known is None else replace(e, parent=resolved(known.parent)))
    entries += [replace(e, parent=resolved(e.parent)) for e in background
                if e.actor_id not in curated_ids and e.name not in curated_names]
    return organisation_of(entries)


def retitle(events: pd.DataFrame, event_mentions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The same events with titles re-chosen for language `lang` (kept when no mention is in it)."""
    linked = event_mentions.loc[event_mentions["event_id"].notna()].reset_index(drop=True)
    records = from_frame(linked)
    by_event: dict[str, list[Mention]] = defaultdict(list)
    for event_id, m in zip(linked["event_id"], records, strict=True):
        by_event[event_id].append(m)
    titles = []
    for ev in events.itertuples(index=False):
        members = by_event.get(ev.event_id)
        if not members or not any(m.language == lang for m in members):
            titles.append(ev.title)
            continue
        actors = [a for a in ev.actors.split(JOIN) if a] if isinstance(ev.actors, str) else []
        best = consensus.choose_title(members, lang, ev.date, actors, ev.type)
        titles.append(" ".join(best.sentence.split()))
    return events.assign(title=titles)


def _with_article_fields(event_mentions: pd.DataFrame, articles: pd.DataFrame | None) -> pd.DataFrame:
    mentions = event_mentions.reset_index(drop=True).copy()
    for col in schema.TABLES["event_mentions"].names:
        if col not in mentions.columns:
            mentions[col] = None
    if articles is None or articles.empty or mentions.empty:
        return mentions
    lookup = articles.drop_duplicates("article_id").set_index("article_id")
    for col in _FILLED_FROM_ARTICLES:
        if col in lookup.columns:
            fill = mentions["article_id"].map(lookup[col])
            mentions[col] = mentions[col].where(mentions[col].notna(), fill)
    return mentions


def event_row(members: Sequence[Mention], settings: Settings) -> dict:
    tol = settings.merge_window_days
    day = consensus.vote_date(members)
    event_type = consensus.vote_type(members)
    actors = consensus.vote_names(members, "actors")
    targets = [t for t in consensus.vote_names(members, "targets") if t not in actors]
    conflict, spread = consensus.date_conflict(members, day, tol)
    title = consensus.choose_title(members, settings.lang, day, actors, event_type)
    by_report = sorted(members, key=lambda m: (m.published or date.max, m.article_id))
    return {
        "date": day,
        "date_precision": "day" if any(m.is_strong for m in members) else _loosest(members),
        "type": event_type,
        "actors": JOIN.join(actors) or None,
        "targets": JOIN.join(targets) or None,
        "title": " ".join(title.sentence.split()),
        "n_sources": len({m.article_id for m in members}),
        "n_languages": len({m.language for m in members if m.language != "und"}),
        "first_reported_date": min((m.published for m in members if m.published), default=None),
        "sources": JOIN.join(_unique(m.url for m in by_report)) or None,
        "n_mentions": len(members),
        "outlets": JOIN.join(_unique(m.outlet for m in by_report)) or None,
        "languages": JOIN.join(sorted(_unique(m.language for m in members if m.language != "und"))) or None,
        "modality": members[0].modality,
        "confidence": consensus.confidence(members),
        "has_date_conflict": bool(conflict),
        "date_spread_days": int(spread),
        "mention_ids": JOIN.join(sorted(m.mention_id for m in members)),
        "_n_outlets": len({m.outlet for m in members}),
        "_explicit_share": sum(m.is_strong for m in members) / len(members),
        "_members": members,
    }


def _loosest(members: Sequence[Mention]) -> str:
    given = {m.precision for m in members if m.date_source != "published"}
    return "year" if given == {"year"} else "month" if "month" in given else "day"


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if isinstance(v, str) and v))


def _id_text(names: object) -> str:
    # A missing cell hashes as "nan": what pandas 3's string columns gave from the first release on, so the
    # ids earlier runs wrote stay valid (and no longer depend on whether *other* events name targets).
    return names if isinstance(names, str) else "nan"


def _event_ids(events: pd.DataFrame) -> list[str]:
    """Readable, content-based keys: day, type and a short hash of the actors (stable across runs)."""
    ids, seen = [], defaultdict(int)
    for day, kind, actors, targets in zip(events["date"], events["type"], events["actors"], events["targets"],
                                          strict=True):
        digest = hashlib.sha1(f"{_id_text(actors)}|{_id_text(targets)}".encode()).hexdigest()[:6]
        base = f"E{day:%Y%m%d}-{kind}-{digest}"
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def id_order(row: Mapping) -> tuple:
    """The order event ids are handed out in (suffixes -2, -3 … follow it within one day and type)."""
    return -row["n_sources"], row["date"], row["type"], row["mention_ids"]


def name_events(rows: list[dict]) -> pd.DataFrame:
    """Event rows as a frame in id order, with their ``event_id``."""
    events = pd.DataFrame(sorted(rows, key=id_order))
    events["event_id"] = _event_ids(events)
    return events


def rank_events(events: pd.DataFrame, settings: Settings, actor_weights: Mapping[str, float] | None) -> pd.DataFrame:
    """Add ``salience`` and ``is_key_event``; needs every event, but only its compact columns."""
    importance = salience.actor_importance(events, actor_weights)
    events["salience"] = salience.salience(events, explicit_share=events["_explicit_share"],
                                           n_outlets=events["_n_outlets"], importance=importance)
    key = set(salience.select_key_events(events, settings.key_events))
    events["is_key_event"] = events["event_id"].isin(key)
    return events


EVENT_ORDER = (["date", "salience", "event_id"], [True, False, True])  # the events table's row order
EVENT_EXTRAS = ["_n_outlets", "_explicit_share", "_members"]  # row fields that are not table columns


def _events_from_groups(groups: list[list[Mention]], settings: Settings,
                        actor_weights: Mapping[str, float] | None) -> tuple[pd.DataFrame, dict[int, str]]:
    if not groups:
        return schema.empty("events"), {}
    events = rank_events(name_events([event_row(g, settings) for g in groups if g]), settings, actor_weights)
    labels = {m.index: eid for eid, members in zip(events["event_id"], events["_members"], strict=True)
              for m in members}
    events = events.sort_values(EVENT_ORDER[0], ascending=EVENT_ORDER[1])
    return events.drop(columns=EVENT_EXTRAS).reset_index(drop=True), labels
