"""The interactive timeline page: one self-contained HTML file, no network access needed to open it.

The page's CSS and JavaScript are our own and inlined; the data travels as JSON in a
``<script type="application/json">`` block. Text from the news is untrusted: the JSON is escaped so
that no ``</script>`` (or any ``<``) can end the block, the script inserts values with ``textContent``
only, links are kept only when they are http(s), and a Content-Security-Policy allows exactly our own
script and style (by hash), no network and no other script — so even a title that somehow carried
markup could not run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterable, Sequence
from datetime import date
from importlib import resources
from typing import Any

import pandas as pd

from timeline import __version__
from timeline.present import frame, style
from timeline.present.tables import cell_bool, cell_int, cell_list, cell_str, records, require_columns
from timeline.present.timelinejs import safe_url

MAX_MENTIONS = 25  # per event: enough to read how it was reported, small enough for a light page
MAX_SENTENCE = 500
PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
PAGE_TEXT_KEYS = ("page.all", "page.showing", "page.sources", "page.mentions", "page.reported_by",
                  "page.reported_by_one", "page.date_conflict", "page.no_events")


def _asset(name: str) -> str:
    return resources.files("timeline.present").joinpath(f"assets/{name}").read_text("utf-8")


def json_for_script(data: Any) -> str:
    """JSON that is safe inside a <script> element: '<', '>', '&' and line separators are escaped.

    These escapes are valid JSON, so ``JSON.parse`` returns the original strings, but the HTML parser
    never sees ``</script>`` or ``<!--`` inside the block.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


def _mentions_by_event(mentions: pd.DataFrame | None) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    if mentions is None or not len(mentions) or "event_id" not in mentions.columns:
        return out
    for m in records(mentions):
        eid = cell_str(m.get("event_id"))
        if not eid or len(out.setdefault(eid, [])) >= MAX_MENTIONS:
            continue
        out[eid].append({"sentence": frame.shorten(cell_str(m.get("sentence")), MAX_SENTENCE),
                         "url": cell_str(m.get("url")), "outlet": cell_str(m.get("outlet")),
                         "language": cell_str(m.get("language")),
                         "published": cell_str(frame.as_day(m.get("published_date")) or ""),
                         "date_source": cell_str(m.get("date_source"))})
    return out


def _event_entry(ev: dict, mentions: list[dict[str, str]], lang: str) -> dict[str, Any]:
    day = frame.as_day(ev["date"])
    actors, etype = cell_list(ev.get("actors")), cell_str(ev.get("type")) or "other"
    urls, outlets = cell_list(ev.get("sources")), cell_list(ev.get("outlets"))
    languages = cell_list(ev.get("languages")) or sorted({m["language"] for m in mentions if m["language"]})
    return {
        "id": re.sub(r"[^A-Za-z0-9_-]+", "-", cell_str(ev["event_id"])), "date": day.isoformat(),
        "display_date": style.format_day(day, lang, with_year=True), "type": etype,
        "type_label": style.type_label(etype, lang), "color": style.type_color(etype),
        "headline": style.event_headline(actors, etype, cell_str(ev.get("title")), lang),
        "actors": actors, "targets": cell_list(ev.get("targets")), "title": cell_str(ev.get("title")),
        "n_sources": cell_int(ev.get("n_sources"), len(urls)), "languages": languages,
        "is_key": cell_bool(ev.get("is_key_event")), "has_conflict": cell_bool(ev.get("has_date_conflict")),
        "sources": [{"url": u if safe_url(u) else "", "outlet": outlets[i] if i < len(outlets) else u}
                    for i, u in enumerate(urls)],
        "mentions": mentions,
    }


def page_data(events: pd.DataFrame, *, mentions: pd.DataFrame | None = None, lang: str = "en",
              window: Sequence[Any] | None = None, milestones: Iterable[Any] = ()) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-ready data (events in date order)."""
    style.check_lang(lang)
    require_columns(events, ("event_id", "date", "type", "title"), "events table")
    by_event = _mentions_by_event(mentions)
    rows = [ev for ev in records(events) if frame.as_day(ev["date"])]
    rows.sort(key=lambda ev: (frame.as_day(ev["date"]), cell_str(ev["event_id"])))
    entries = [_event_entry(ev, by_event.get(cell_str(ev["event_id"]), []), lang) for ev in rows]
    span, stones = frame.as_window(window), frame.as_milestones(milestones)
    days = [date.fromisoformat(e["date"]) for e in entries]
    lo, hi = frame.day_range(days, span, stones) if (days or span or stones) else (date.today(), date.today())
    return {
        "lang": lang, "events": entries, "range": [lo.isoformat(), hi.isoformat()],
        "window": [span[0].isoformat(), span[1].isoformat()] if span else None,
        "milestones": [{"date": m.date.isoformat(), "label": m.label,
                        "display": style.format_day(m.date, lang, with_year=True)} for m in stones],
        "ticks": [{"date": d.isoformat(), "label": label.replace("\n", " ")}
                  for d, label in frame.date_ticks(lo, hi, lang, max_ticks=10)],
        "texts": {k: style.text(k, lang) for k in PAGE_TEXT_KEYS},
    }


def render_page(events: pd.DataFrame, *, title: str, subtitle: str = "", source_line: str = "",
                mentions: pd.DataFrame | None = None, lang: str = "en", window: Sequence[Any] | None = None,
                milestones: Iterable[Any] = ()) -> str:
    """The complete HTML page as a string (write it with ``dataset.io.atomic_write_text``)."""
    data = page_data(events, mentions=mentions, lang=lang, window=window, milestones=milestones)
    css, js = _asset("timeline.css"), _asset("timeline.js")
    csp = (f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    values = {
        "LANG": html.escape(lang), "CSP": csp, "TITLE": html.escape(title), "SUBTITLE": html.escape(subtitle),
        "SOURCE": html.escape(source_line), "GENERATOR": f"timeline {html.escape(__version__)}",
        "GENERATED": html.escape(style.text("page.generated", lang, version=__version__)),
        "L_ACTOR": html.escape(style.text("page.filter_actor", lang)),
        "L_TYPE": html.escape(style.text("page.filter_type", lang)),
        "L_LANGUAGE": html.escape(style.text("page.filter_language", lang)),
        "L_SEARCH": html.escape(style.text("page.search", lang)),
        "L_KEY_ONLY": html.escape(style.text("page.key_only", lang)),
        "L_NO_EVENTS": html.escape(style.text("page.no_events", lang)),
        "CSS": css, "JS": js, "DATA": json_for_script(data),
    }
    # One pass over the template: values are never re-scanned, so data cannot inject a placeholder.
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("timeline.html"))
