"""Charts ready to publish. Every function returns a matplotlib Figure and never writes a file.

Each chart has a companion ``*_table`` function returning exactly the rows it draws; the exporter writes
that table as the CSV next to the figure, so every published chart can be checked against its data.
Network charts live in :mod:`timeline.present.network_charts` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from timeline.config import ACTOR_KINDS
from timeline.dataset.schema import EVENT_TYPES
from timeline.present import frame, style
from timeline.present.layout import pack_rows, renderer_for, text_size_px
from timeline.present.network_charts import (
    cumulative_graphs,
    graph_from_edges,
    network_chart,
    network_small_multiples,
    network_table,
    small_multiples_table,
    top_subgraph,
)
from timeline.present.tables import cell_bool, cell_int, cell_list, cell_str, kind_lookup, records, require_columns

__all__ = [
    "coverage_credit", "cumulative_graphs", "graph_from_edges", "lags_chart", "lags_table", "network_chart",
    "network_small_multiples", "network_table", "small_multiples_table", "timeline_chart", "timeline_table",
    "top_subgraph", "volume_chart", "volume_table",
]

KIND_ORDER = ("ai_system", "platform", "company", "person", "government", "legislature", "political_party",
              "country", "regulator", "intergovernmental_body", "prosecutor_court", "ngo", "media", "other")
assert set(KIND_ORDER) == set(ACTOR_KINDS)

# A pale box behind labels keeps them legible over grid and milestone lines (a stroke halo would turn
# SVG text into paths, which graphics desks cannot edit).
LABEL_BOX = {"boxstyle": "square,pad=0.08", "facecolor": "white", "edgecolor": "none", "alpha": 0.72}
ROW_PT = 15.0  # height of one label row in a timeline lane
LABEL_GAP_PT = 3.0  # space between a marker and its label


def _outlet(outlet: Any, url: Any) -> str:
    """The outlet's name, else the host of its URL (a JSONL corpus often names no outlet)."""
    name = cell_str(outlet)
    if name:
        return name
    host = urlsplit(cell_str(url)).hostname or ""
    return host.removeprefix("www.")


def coverage_credit(articles: pd.DataFrame, lang: str = "en") -> str:
    """'Source: N articles from M outlets, collected D1–D2.' from an articles table."""
    days = [frame.as_day(v) for v in articles.get("published_date", pd.Series(dtype=object))]
    days = [d for d in days if d is not None]
    outlets = {_outlet(o, u) for o, u in zip(articles.get("outlet", pd.Series([None] * len(articles))),
                                              articles.get("url", pd.Series([None] * len(articles))), strict=True)}
    outlets.discard("")
    return style.source_line(len(articles), len(outlets), min(days, default=None), max(days, default=None), lang)


# --------------------------------------------------------------------------------------------- timeline


def _event_label(actors: list[str], event_type: str, title: str, mode: str, lang: str) -> str:
    who = frame.shorten(actors[0], 26) + (f" +{len(actors) - 1}" if len(actors) > 1 else "") if actors else ""
    if mode == "title" or (mode == "actor_type" and event_type == "other" and title):
        return frame.shorten(title, 48 if mode == "title" else 40)
    if mode == "actor":
        return who or style.type_label(event_type, lang)
    return f"{who}: {style.type_label(event_type, lang)}" if who else style.type_label(event_type, lang)


def timeline_table(events: pd.DataFrame, *, actors: pd.DataFrame | Mapping[str, str] | None = None,
                   lanes: str = "actor_kind", lang: str = "en", label: str | None = None) -> pd.DataFrame:
    """The events as the timeline chart draws them: lane, label and colour per event, in drawing order.

    `lanes` is ``actor_kind`` (the kind of the first acting actor, looked up in `actors`) or
    ``event_type``. `label` is ``actor_type`` (default for actor lanes), ``actor`` (default for type
    lanes) or ``title``.
    """
    if lanes not in ("actor_kind", "event_type"):
        raise ValueError(f"lanes must be 'actor_kind' or 'event_type', got {lanes!r}")
    style.check_lang(lang)
    require_columns(events, ("event_id", "date", "type", "actors", "title"), "events table")
    label = label or ("actor_type" if lanes == "actor_kind" else "actor")
    kinds = kind_lookup(actors)
    rows = []
    for ev in records(events):
        names, etype = cell_list(ev.get("actors")), cell_str(ev.get("type")) or "other"
        if lanes == "actor_kind":
            lane = kinds.get(names[0], "other") if names else "other"
            lane = lane if lane in KIND_ORDER else "other"
            lane_label, color, order = style.kind_label(lane, lang), style.kind_color(lane), KIND_ORDER.index(lane)
        else:
            lane = etype if etype in EVENT_TYPES else "other"
            lane_label, color, order = style.type_label(lane, lang), style.type_color(lane), EVENT_TYPES.index(lane)
        rows.append({
            "event_id": cell_str(ev["event_id"]), "date": frame.as_day(ev["date"]), "lane": lane,
            "lane_label": lane_label, "label": _event_label(names, etype, cell_str(ev.get("title")), label, lang),
            "type": etype, "actors": cell_str(ev.get("actors")), "targets": cell_str(ev.get("targets")),
            "n_sources": cell_int(ev.get("n_sources"), 1), "is_key_event": cell_bool(ev.get("is_key_event", True)),
            "title": cell_str(ev.get("title")), "sources": cell_str(ev.get("sources")), "color": color,
            "_order": order,
        })
    columns = ["event_id", "date", "lane", "lane_label", "label", "type", "actors", "targets", "n_sources",
               "is_key_event", "title", "sources", "color"]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    table = pd.DataFrame(rows).sort_values(["_order", "date", "event_id"], kind="stable")
    return table[columns].reset_index(drop=True)


def _marker_area(n_sources: int) -> float:
    return 22.0 + 9.0 * min(max(n_sources, 1), 12)


def _lane_rows(table: pd.DataFrame, widths: Sequence[float], lo: date, hi: date,
               plot_width_in: float) -> tuple[list[int], list[str]]:
    """Row within its lane and text alignment for every label, so labels never overlap."""
    width_px = plot_width_in * frame.DPI
    px_per_day = width_px / max(1, (hi - lo).days)
    rows, aligns = [0] * len(table), ["left"] * len(table)
    for _, idx in table.groupby("lane", sort=False).groups.items():
        spans = []
        for i in idx:
            x = (table.at[i, "date"] - lo).days * px_per_day
            r = (_marker_area(table.at[i, "n_sources"]) ** 0.5 / 2 + LABEL_GAP_PT) * frame.PX_PER_PT
            if x + r + widths[i] > width_px:
                aligns[i] = "right"
                spans.append((x - r - widths[i], x + r))
            else:
                spans.append((x - r, x + r + widths[i]))
        for i, row in zip(idx, pack_rows(spans, gap=6.0), strict=True):
            rows[i] = row
    return rows, aligns


def _lane_extents(table: pd.DataFrame, rows: list[int]) -> dict[str, tuple[float, float]]:
    """Vertical extent of each lane, in row units from the top (lanes padded by a quarter row)."""
    extents, top = {}, 0.0
    for lane in dict.fromkeys(table["lane"]):
        n = 1 + max(r for r, ln in zip(rows, table["lane"], strict=True) if ln == lane)
        extents[lane] = (top, top + n + 0.5)
        top += n + 0.5
    return extents


def _draw_lanes(ax: Axes, table: pd.DataFrame, extents: dict[str, tuple[float, float]]) -> None:
    labels = dict(zip(table["lane"], table["lane_label"], strict=True))
    trans = blended_transform_factory(ax.transAxes, ax.transData)
    for i, (lane, (top, bottom)) in enumerate(extents.items()):
        if i % 2 == 0:
            ax.axhspan(top, bottom, color="#F3F3F3", lw=0, zorder=0)
        ax.text(-0.015, (top + bottom) / 2, frame.wrap(labels[lane], style.SIZES["label"], 1.3), transform=trans,
                ha="right", va="center", fontsize=style.SIZES["label"], gid="lane-label")


def _draw_events(ax: Axes, table: pd.DataFrame, rows: list[int], aligns: list[str],
                 extents: dict[str, tuple[float, float]]) -> None:
    xs, ys = [], []
    for i, ev in enumerate(table.itertuples(index=False)):
        x, y = frame.day_num(ev.date), extents[ev.lane][0] + 0.25 + rows[i] + 0.5
        xs.append(x)
        ys.append(y)
        radius_pt = _marker_area(ev.n_sources) ** 0.5 / 2
        dx = radius_pt + LABEL_GAP_PT if aligns[i] == "left" else -(radius_pt + LABEL_GAP_PT)
        ax.annotate(ev.label, (x, y), xytext=(dx, 0), textcoords="offset points", ha=aligns[i], va="center",
                    fontsize=style.SIZES["label"], gid="event-label", annotation_clip=False, zorder=4,
                    bbox=LABEL_BOX)
    faces = [c if key else "white" for c, key in zip(table["color"], table["is_key_event"], strict=True)]
    ax.scatter(xs, ys, s=[_marker_area(n) for n in table["n_sources"]], c=faces, edgecolors=list(table["color"]),
               linewidths=1.4, zorder=3, gid="event-markers", clip_on=False)


def _legend_handles(table: pd.DataFrame, milestones: Sequence, window, lang: str) -> list[Any]:
    handles = []
    if table["is_key_event"].any():
        handles.append(Line2D([], [], marker="o", ls="", color=style.TEXT_COLOR, markersize=6,
                              label=style.text("legend.key_event", lang)))
    if not table["is_key_event"].all():
        handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor=style.TEXT_COLOR,
                              markersize=6, label=style.text("legend.other_event", lang)))
    if milestones:
        handles.append(Line2D([], [], color=style.MUTED_TEXT, ls=(0, (3, 2)), lw=0.9,
                              label=style.text("legend.milestone", lang)))
    if window:
        handles.append(Patch(color=style.WINDOW_COLOR, label=style.text("legend.window", lang)
                             + f" {style.format_day(window[0], lang)}–{style.format_day(window[1], lang)}"))
    if handles and handles[0].get_label() == style.text("legend.key_event", lang):
        handles[0].set_label(f"{handles[0].get_label()} ({style.text('legend.sources', lang)})")
    return handles


LEGEND_KW = {"fontsize": style.SIZES["small"], "handlelength": 1.4, "columnspacing": 1.0, "borderaxespad": 0,
             "handletextpad": 0.4, "loc": "lower left"}


def _legend_columns(fig: Figure, handles: list[Any]) -> tuple[int, float]:
    """The most legend columns that fit the figure width, and the legend's height in inches."""
    renderer = renderer_for(fig)
    for ncol in range(min(len(handles), 4), 0, -1):
        legend = fig.legend(handles=handles, ncol=ncol, **LEGEND_KW)
        box = legend.get_window_extent(renderer)
        legend.remove()
        if box.width <= (style.FIG_WIDTH_IN - 0.2) * frame.DPI or ncol == 1:
            return ncol, box.height / frame.DPI
    return 1, 0.0


def _draw_legend(fig: Figure, handles: list[Any], ncol: int, bottom_in: float) -> None:
    height = fig.get_size_inches()[1]
    fig.legend(handles=handles, ncol=ncol, bbox_to_anchor=(0.1 / style.FIG_WIDTH_IN, bottom_in / height),
               **LEGEND_KW)


def timeline_chart(events: pd.DataFrame, *, actors: pd.DataFrame | Mapping[str, str] | None = None,
                   milestones: Iterable[Any] = (), window: Sequence[Any] | None = None, lanes: str = "actor_kind",
                   lang: str = "en", title: str | None = None, subtitle: str | None = None,
                   source_line: str | None = None, label: str | None = None) -> Figure:
    """Events as labelled markers in lanes on a date axis, with milestones and a highlighted window.

    Filled markers are key events, hollow ones the rest; marker area grows with the number of sources.
    Labels are measured as rendered and packed into rows, so they never overlap.
    """
    table = timeline_table(events, actors=actors, lanes=lanes, lang=lang, label=label)
    window_days, stones = frame.as_window(window), frame.as_milestones(milestones)
    title = style.text("chart.timeline_title", lang) if title is None else title
    with style.chart_style():
        return _draw_timeline(table, stones, window_days, lang, frame.Header.build(title, subtitle),
                              frame.wrap_source(source_line))


def _draw_timeline(table: pd.DataFrame, milestones, window, lang: str, header: frame.Header, source: str) -> Figure:
    fig = frame.new_figure()
    lo, hi = frame.day_range(table["date"], window, milestones)
    lane_texts = [frame.wrap(t, style.SIZES["label"], 1.3) for t in dict.fromkeys(table["lane_label"])]
    lane_w = max((w for w, _ in text_size_px(fig, lane_texts, fontsize=style.SIZES["label"])), default=0)
    left = max(0.6, lane_w / frame.DPI + 0.2)
    plot_w = style.FIG_WIDTH_IN - left - 0.2
    widths = [w for w, _ in text_size_px(fig, list(table["label"]), fontsize=style.SIZES["label"])]
    rows, aligns = _lane_rows(table, widths, lo, hi, plot_w)
    extents = _lane_extents(table, rows) if len(table) else {}
    n_rows = max((b for _, b in extents.values()), default=1.0) + 0.25
    strip = frame.MilestoneStrip.build(fig, milestones, lo, hi, plot_w, lang)
    handles = _legend_handles(table, milestones, window, lang)
    ncol, legend_h = _legend_columns(fig, handles)
    footer = frame.footer_height_in(source)
    margins = frame.Margins(left=left, right=0.2, top=header.height_in + strip.height_in + 0.1,
                            bottom=0.55 + legend_h + 0.08 + footer)
    plot_h = n_rows * ROW_PT / 72
    ax = fig.add_axes((0, 0, 1, 1))
    frame.place_axes(fig, ax, margins, plot_h)
    ax.set_ylim(n_rows, 0)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    frame.draw_date_axis(ax, lo, hi, lang)
    ax.grid(axis="x", color=style.LIGHT_GREY, lw=0.6, zorder=0)
    ax.set_axisbelow(True)
    frame.draw_window(ax, window)
    _draw_lanes(ax, table, extents)
    strip.draw(ax, milestones, plot_h)
    _draw_events(ax, table, rows, aligns, extents)
    header.draw(fig)
    _draw_legend(fig, handles, ncol, footer + 0.04)
    frame.draw_source(fig, source)
    return fig


# ----------------------------------------------------------------------------------------------- volume

LANGUAGE_COLORS = (style.OKABE_ITO["blue"], style.OKABE_ITO["orange"], style.OKABE_ITO["bluish_green"],
                   style.OKABE_ITO["vermillion"], style.OKABE_ITO["reddish_purple"], style.OKABE_ITO["sky_blue"])
MAX_LANGUAGES = len(LANGUAGE_COLORS)


def _article_groups(articles: pd.DataFrame, stack: bool, lang: str) -> list[str]:
    langs = [cell_str(v).lower() or "?" for v in articles.get("language", pd.Series([None] * len(articles)))]
    if not stack:
        return [style.text("series.articles", lang)] * len(articles)
    top = [code for code, _ in pd.Series(langs, dtype=object).value_counts().head(MAX_LANGUAGES).items()]
    if len(set(langs)) > MAX_LANGUAGES:
        top = top[: MAX_LANGUAGES - 1]
    return [code.upper() if code in top else style.text("other", lang) for code in langs]


def volume_table(articles: pd.DataFrame, events: pd.DataFrame | None = None, *, stack_by: str = "language",
                 lang: str = "en") -> pd.DataFrame:
    """Counts per day: articles by publication day and events by event day, with their stack group.

    ``stack_by="language"`` splits articles by language (the most frequent six, the rest as "other");
    ``stack_by="type"`` splits events by event-type group. The other series stays one group.
    """
    if stack_by not in ("language", "type"):
        raise ValueError(f"stack_by must be 'language' or 'type', got {stack_by!r}")
    style.check_lang(lang)
    frames = []
    if len(articles):
        days = articles["published_date"].map(frame.as_day)
        groups = _article_groups(articles, stack_by == "language", lang)
        frames.append(pd.DataFrame({"date": days, "series": "articles", "group": groups}))
    if events is not None and len(events):
        groups = ([style.text(f"tgroup.{style.type_group(cell_str(t))}", lang) for t in events["type"]]
                  if stack_by == "type" else [style.text("series.events", lang)] * len(events))
        frames.append(pd.DataFrame({"date": events["date"].map(frame.as_day), "series": "events", "group": groups}))
    columns = ["date", "series", "group", "count"]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    long = pd.concat(frames, ignore_index=True)
    long = long[long["date"].notna()]
    counts = long.groupby(["series", "date", "group"], sort=True).size().reset_index(name="count")
    counts["count"] = counts["count"].astype(int)
    return counts[columns].sort_values(["series", "date", "group"], kind="stable").reset_index(drop=True)


def _group_colors(series: str, groups: list[str], lang: str) -> dict[str, str]:
    if series == "events":
        by_label = {style.text(f"tgroup.{g}", lang): c for g, c in style.TYPE_GROUP_COLORS.items()}
        return {g: by_label.get(g, style.OKABE_ITO["blue"]) for g in groups}
    other = style.text("other", lang)
    named = [g for g in groups if g != other]
    colors = {g: LANGUAGE_COLORS[i % len(LANGUAGE_COLORS)] for i, g in enumerate(named)}
    if other in groups:
        colors[other] = style.GREY
    return colors


def _draw_stack(ax: Axes, counts: pd.DataFrame, series: str, lo: date, hi: date, lang: str,
                legend_y: float = 1.0) -> None:
    part = counts[counts["series"] == series]
    totals = part.groupby("group")["count"].sum().sort_values(ascending=False)
    groups = list(totals.index)
    other = style.text("other", lang)
    if other in groups:
        groups = [g for g in groups if g != other] + [other]
    colors = _group_colors(series, groups, lang)
    days = [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]
    bottom = [0] * len(days)
    index = {d: i for i, d in enumerate(days)}
    for group in groups:
        values = [0] * len(days)
        for row in part[part["group"] == group].itertuples(index=False):
            values[index[row.date]] = row.count
        ax.bar([frame.day_num(d) for d in days], values, bottom=bottom, width=0.8, color=colors[group],
               label=group, zorder=2, gid=f"bars-{series}", edgecolor="white", linewidth=0.3)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylim(0, max(max(bottom, default=0), 1) * 1.08)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", color=style.LIGHT_GREY, lw=0.6, zorder=0)
    if len(groups) > 1:
        ax.legend(loc="lower left", bbox_to_anchor=(0, legend_y), ncol=min(len(groups), 6),
                  fontsize=style.SIZES["small"], handlelength=1.0, columnspacing=0.8, handletextpad=0.3,
                  borderaxespad=0.2)


def volume_chart(articles: pd.DataFrame, events: pd.DataFrame | None = None, *, stack_by: str = "language",
                 milestones: Iterable[Any] = (), window: Sequence[Any] | None = None, lang: str = "en",
                 title: str | None = None, subtitle: str | None = None, source_line: str | None = None) -> Figure:
    """Articles per day (top) and events per day (bottom) as stacked bars, milestones marked on both."""
    counts = volume_table(articles, events, stack_by=stack_by, lang=lang)
    window_days, stones = frame.as_window(window), frame.as_milestones(milestones)
    title = style.text("chart.volume_title", lang) if title is None else title
    header, source = frame.Header.build(title, subtitle), frame.wrap_source(source_line)
    panels = [s for s in ("articles", "events") if (counts["series"] == s).any()] or ["articles"]
    with style.chart_style():
        fig = frame.new_figure()
        lo, hi = frame.day_range(counts["date"], window_days, stones)
        strip = frame.MilestoneStrip.build(fig, stones, lo, hi, style.FIG_WIDTH_IN - 0.75, lang)
        panel_h, gap = 1.45, 0.55
        top = header.height_in + 0.3 + strip.height_in + 0.1
        bottom = 0.45 + frame.footer_height_in(source)
        height = top + len(panels) * panel_h + (len(panels) - 1) * gap + bottom
        fig.set_size_inches(style.FIG_WIDTH_IN, height)
        for i, series in enumerate(panels):
            y0 = height - top - (i + 1) * panel_h - i * gap
            width = (style.FIG_WIDTH_IN - 0.75) / style.FIG_WIDTH_IN
            ax = fig.add_axes((0.55 / style.FIG_WIDTH_IN, y0 / height, width, panel_h / height))
            frame.draw_date_axis(ax, lo, hi, lang)
            frame.draw_window(ax, window_days)
            _draw_stack(ax, counts, series, lo, hi, lang, 1.0 + (strip.height_in / panel_h if i == 0 else 0.0))
            ax.set_ylabel(style.text(f"axis.{series}", lang), fontsize=style.SIZES["small"])
            if i == 0:
                strip.draw(ax, stones, panel_h)
            else:
                for m in stones:
                    ax.axvline(frame.day_num(m.date), color=style.MUTED_TEXT, lw=0.9, ls=(0, (3, 2)), zorder=3)
            if i < len(panels) - 1:
                ax.tick_params(axis="x", labelbottom=False)
        header.draw(fig)
        frame.draw_source(fig, source)
        return fig


# ------------------------------------------------------------------------------------------------- lags

MAX_LAG_ACTORS = 20
LAG_COLUMNS = {"actor": ("actor", "name", "actor_name", "actors"),
               "lag_days": ("lag_days", "lag", "days", "reaction_lag_days"),
               "kind": ("kind", "actor_kind"),
               "date": ("first_date", "date", "reaction_date", "first_reaction_date"),
               "event_type": ("event_type", "type"),
               "reference": ("reference", "milestone", "reference_label", "milestone_label")}


def _most_mentioned(table: pd.DataFrame, actors: Any, max_actors: int | None) -> pd.DataFrame:
    """Keep `max_actors` rows: the most mentioned actors when the actors table says so, else the fastest."""
    if max_actors is None or len(table) <= max_actors:
        return table
    if isinstance(actors, pd.DataFrame) and {"name", "n_mentions"} <= set(actors.columns):
        mentions = {cell_str(n): cell_int(m) for n, m in zip(actors["name"], actors["n_mentions"], strict=True)}
        ranked = sorted(range(len(table)), key=lambda i: (-mentions.get(table["actor"].iloc[i], 0), i))
        return table.iloc[sorted(ranked[:max_actors])]
    return table.head(max_actors)


def lags_table(lags: pd.DataFrame, *, actors: pd.DataFrame | Mapping[str, str] | None = None,
               max_actors: int | None = None) -> pd.DataFrame:
    """A reaction-lag table in the chart's columns (actor, lag_days, kind, date, event_type, reference).

    Accepts the analysis helper's column names and common alternatives; rows without a lag are dropped.
    Sorted fastest first. With `max_actors`, keeps the most mentioned actors (per the actors table).
    """
    found = {key: next((c for c in names if c in lags.columns), None) for key, names in LAG_COLUMNS.items()}
    if found["actor"] is None or found["lag_days"] is None:
        raise ValueError(f"reaction lags table needs an actor and a lag column; got {list(lags.columns)}")
    kinds = kind_lookup(actors)
    rows = []
    for rec in records(lags):
        lag = rec[found["lag_days"]]
        if lag is None:
            continue
        actor = cell_str(rec[found["actor"]])
        kind = cell_str(rec[found["kind"]]) if found["kind"] else ""
        rows.append({"actor": actor, "lag_days": float(lag), "kind": kind or kinds.get(actor, "other"),
                     "date": frame.as_day(rec[found["date"]]) if found["date"] else None,
                     "event_type": cell_str(rec[found["event_type"]]) if found["event_type"] else "",
                     "reference": cell_str(rec[found["reference"]]) if found["reference"] else ""})
    table = pd.DataFrame(rows, columns=["actor", "lag_days", "kind", "date", "event_type", "reference"])
    table = table.sort_values(["lag_days", "actor"], kind="stable").reset_index(drop=True)
    return _most_mentioned(table, actors, max_actors).reset_index(drop=True)


def _lag_text(lag: float, lang: str) -> str:
    value = f"{lag:+.0f}" if float(lag).is_integer() else f"{lag:+.1f}"
    value = "0" if value in ("+0", "-0") else value
    return value + {"en": " d", "nl": " d", "fr": " j"}.get(lang, " d")


def lags_chart(lags: pd.DataFrame, *, actors: pd.DataFrame | Mapping[str, str] | None = None,
               reference: str | None = None, lang: str = "en", title: str | None = None,
               subtitle: str | None = None, source_line: str | None = None,
               max_actors: int | None = MAX_LAG_ACTORS) -> Figure:
    """Days from a reference moment to each actor's first reaction, fastest at the top, coloured by kind.

    At most `max_actors` rows (the most mentioned actors when an actors table is given), so the chart
    stays readable on real coverage with dozens of reacting actors.
    """
    style.check_lang(lang)
    table = lags_table(lags, actors=actors, max_actors=max_actors)
    if reference is None and len(table) and table["reference"].nunique() == 1:
        reference = table["reference"].iloc[0] or None
    title = style.text("chart.lags_title", lang) if title is None else title
    header, source = frame.Header.build(title, subtitle), frame.wrap_source(source_line)
    with style.chart_style():
        fig = frame.new_figure()
        names = [frame.wrap(a, style.SIZES["label"], 1.9) for a in table["actor"]]
        name_w = max((w for w, _ in text_size_px(fig, names, fontsize=style.SIZES["label"])), default=40)
        left = name_w / frame.DPI + 0.25
        row_in = 0.27 + 0.12 * max((n.count("\n") for n in names), default=0)
        margins = frame.Margins(left, 0.45, header.height_in + 0.15, 0.5 + frame.footer_height_in(source))
        ax = fig.add_axes((0, 0, 1, 1))
        frame.place_axes(fig, ax, margins, max(1, len(table)) * row_in)
        _draw_lags(ax, table, names, lang)
        axis = style.text("axis.lag", lang, reference=reference) if reference else style.text("axis.lag_plain", lang)
        ax.set_xlabel(axis)
        header.draw(fig)
        frame.draw_source(fig, source)
        return fig


def _draw_lags(ax: Axes, table: pd.DataFrame, names: list[str], lang: str) -> None:
    ys = list(range(len(table)))
    colors = [style.kind_color(k) for k in table["kind"]]
    lags = list(table["lag_days"])
    ax.hlines(ys, 0, lags, color=colors, lw=2.0, zorder=2)
    ax.scatter(lags, ys, s=48, c=colors, zorder=3, gid="lag-markers", edgecolors="white", linewidths=0.8)
    for y, lag in zip(ys, lags, strict=True):
        ax.annotate(_lag_text(lag, lang), (lag, y), xytext=(7 if lag >= 0 else -7, 0), textcoords="offset points",
                    ha="left" if lag >= 0 else "right", va="center", fontsize=style.SIZES["small"],
                    color=style.MUTED_TEXT, gid="lag-label")
    ax.axvline(0, color=style.TEXT_COLOR, lw=0.8, zorder=1)
    ax.set_yticks(ys, names)
    ax.set_ylim(len(table) - 0.4, -0.6)
    lo, hi = min([*lags, 0]), max([*lags, 0])
    span = max(hi - lo, 1)
    ax.set_xlim(lo - 0.08 * span - (0.6 if lo < 0 else 0.3), hi + 0.12 * span + 0.6)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", color=style.LIGHT_GREY, lw=0.6, zorder=0)
    ax.tick_params(axis="y", length=0, labelcolor=style.TEXT_COLOR, labelsize=style.SIZES["label"])
    ax.spines["left"].set_visible(False)
