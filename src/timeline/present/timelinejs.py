"""TimelineJS 3 export: the JSON document Knight Lab's TimelineJS reads, checked against our schema.

TimelineJS renders `headline` and `text` as HTML, so every value taken from the news (titles, names,
outlets) is HTML-escaped here and links are built only from http(s) URLs; a headline containing
``<script>`` is shown as text, never run. The schema (``assets/timelinejs.schema.json``) was written
from the format's documentation and refuses unknown keys, so a typo fails here and not silently there.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd

from timeline.present import frame, style
from timeline.present.tables import cell_bool, cell_list, cell_str, records, require_columns

SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)
MAX_SOURCES = 12


@lru_cache(maxsize=1)
def schema() -> dict:
    """The JSON Schema of the TimelineJS document (draft 2020-12)."""
    text = resources.files("timeline.present").joinpath("assets/timelinejs.schema.json").read_text("utf-8")
    return json.loads(text)


def validation_errors(document: dict) -> list[str]:
    """Every way `document` breaks the TimelineJS structure, as 'path: message' lines (empty when valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in errors]


def tl_date(day: date, precision: str = "day", lang: str = "en") -> dict[str, Any]:
    """A TimelineJS date object: month and day only as precise as the event's date is known."""
    out: dict[str, Any] = {"year": day.year}
    if precision in ("day", "month"):
        out["month"] = day.month
    if precision == "day":
        out["day"] = day.day
        out["display_date"] = style.format_day(day, lang, with_year=True)
    return out


def safe_url(url: str) -> str | None:
    """`url` when it is a plain http(s) URL (no javascript:, data: or quotes), else None."""
    url = url.strip()
    return url if SAFE_URL.match(url) else None


def _sources_html(urls: list[str], outlets: list[str], lang: str) -> str:
    links = []
    for i, url in enumerate(urls[:MAX_SOURCES]):
        checked = safe_url(url)
        name = outlets[i] if i < len(outlets) else (url.split("/")[2] if "://" in url else url)
        if checked:
            links.append(f'<a href="{html.escape(checked, quote=True)}" target="_blank" rel="noopener noreferrer">'
                         f"{html.escape(name)}</a>")
        else:
            links.append(html.escape(name))
    if not links:
        return ""
    more = f" (+{len(urls) - MAX_SOURCES})" if len(urls) > MAX_SOURCES else ""
    return f"<p>{html.escape(style.text('page.sources', lang))}: {', '.join(links)}{more}</p>"


def _unique_id(event_id: str, seen: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", event_id).strip("-") or "event"
    uid, n = base, 2
    while uid in seen:
        uid, n = f"{base}-{n}", n + 1
    seen.add(uid)
    return uid


def _slide(ev: dict, lang: str, group_by: str, seen: set[str]) -> dict[str, Any]:
    day = frame.as_day(ev["date"])
    actors, targets = cell_list(ev.get("actors")), cell_list(ev.get("targets"))
    title = cell_str(ev.get("title"))
    headline = style.event_headline(actors, cell_str(ev.get("type")), title, lang)
    parts = [f"<p>{html.escape(title)}</p>"]
    if targets:
        parts.append(f"<p>→ {html.escape(', '.join(targets))}</p>")
    parts.append(_sources_html(cell_list(ev.get("sources")), cell_list(ev.get("outlets")), lang))
    if cell_bool(ev.get("has_date_conflict")):
        parts.append(f"<p><em>{html.escape(style.text('page.date_conflict', lang))}</em></p>")
    group = (style.type_label(ev.get("type"), lang) if group_by == "type"
             else style.text("legend.key_event", lang) if cell_bool(ev.get("is_key_event")) else "")
    slide = {"start_date": tl_date(day, cell_str(ev.get("date_precision")) or "day", lang),
             "text": {"headline": html.escape(headline), "text": "".join(p for p in parts if p)},
             "unique_id": _unique_id(cell_str(ev.get("event_id")), seen), "autolink": False}
    if group:
        slide["group"] = group
    return slide


def timelinejs_document(events: pd.DataFrame, *, title: str, text: str = "", lang: str = "en",
                        window: Sequence[Any] | None = None, window_label: str | None = None,
                        group_by: str = "type") -> dict[str, Any]:
    """The TimelineJS document for `events` (one slide each, in date order), with the window as an era.

    `group_by` is ``type`` (rows per event type) or ``key`` (key events in their own row).
    """
    style.check_lang(lang)
    if group_by not in ("type", "key"):
        raise ValueError(f"group_by must be 'type' or 'key', got {group_by!r}")
    require_columns(events, ("event_id", "date", "type", "title"), "events table")
    seen: set[str] = set()
    ordered = records(events.sort_values(["date", "event_id"], kind="stable")) if len(events) else []
    doc: dict[str, Any] = {
        "title": {"text": {"headline": html.escape(title), "text": f"<p>{html.escape(text)}</p>" if text else ""}},
        "events": [_slide(ev, lang, group_by, seen) for ev in ordered if frame.as_day(ev["date"])],
        "scale": "human",
    }
    span = frame.as_window(window)
    if span:
        label = window_label or (f"{style.text('legend.window', lang)} {style.format_day(span[0], lang)}"
                                 f"–{style.format_day(span[1], lang)}")
        doc["eras"] = [{"start_date": tl_date(span[0], "day", lang), "end_date": tl_date(span[1], "day", lang),
                        "text": {"headline": html.escape(label)}}]
    return doc


def to_json(document: dict) -> str:
    """Serialise `document` after validating it; a broken document raises ValueError with every problem."""
    errors = validation_errors(document)
    if errors:
        raise ValueError("TimelineJS document breaks the documented structure: " + "; ".join(errors[:5]))
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
