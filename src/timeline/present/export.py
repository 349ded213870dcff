"""Files a newsroom can publish: each chart as SVG, PNG (300 dpi) and PDF next to the CSV it was drawn from,
plus the interactive page, the TimelineJS JSON and the network for Gephi, under ``reports/<case>/``.

Every file is written atomically (temporary name, then rename), CSV cells that a spreadsheet would run as
a formula are defused, and figures are saved with fixed metadata so the same data gives the same bytes.
"""

from __future__ import annotations

import io as _io
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from timeline.config import load_case, project_root
from timeline.dataset.io import atomic_write_bytes, atomic_write_text, defuse_formula
from timeline.present import charts, frame, style
from timeline.present.html import render_page
from timeline.present.timelinejs import timelinejs_document, to_json
from timeline.types import Milestone

log = logging.getLogger(__name__)

FORMATS = ("svg", "png", "pdf")
CHART_KINDS = ("timeline", "network", "volume", "lags")
PNG_DPI = style.DPI_PNG
MAX_DAY_PANELS = 9
_METADATA = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}, "png": {}}


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """The figure encoded as `fmt` (svg | png | pdf); PNG at 300 dpi."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r} (choose from {', '.join(FORMATS)})")
    buf = _io.BytesIO()
    with style.chart_style():
        fig.savefig(buf, format=fmt, dpi=PNG_DPI if fmt == "png" else None, metadata=_METADATA[fmt])
    return buf.getvalue()


def csv_text(table: pd.DataFrame) -> str:
    """A table as CSV for people: dates as YYYY-MM-DD, formula-like text cells defused."""
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: defuse_formula(v.isoformat() if isinstance(v, date) else v))
    buf = _io.StringIO()
    safe.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def write_figure(fig: Figure, table: pd.DataFrame, out_dir: Path | str, stem: str,
                 formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write `fig` as ``<stem>.<fmt>`` for each format and `table` as ``<stem>.csv`` beside it."""
    out = Path(out_dir)
    formats = list(formats)
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"unknown figure format {fmt!r} (choose from {', '.join(FORMATS)})")
    written = [atomic_write_text(out / f"{stem}.csv", csv_text(table))]
    written += [atomic_write_bytes(out / f"{stem}.{fmt}", figure_bytes(fig, fmt)) for fmt in formats]
    return written


# ------------------------------------------------------------------------------------------ the report


@dataclass
class Report:
    """What every chart of one run needs: the loaded tables, the case's framing, and the reader's choices."""

    tl: Any  # timeline.api.Timeline
    name: str
    title: str
    lang: str = "en"
    window: tuple[date, date] | None = None
    milestones: list[Milestone] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    seed: int = 42

    def in_range(self, df: pd.DataFrame, column: str) -> pd.DataFrame:
        """Rows of `df` whose `column` day falls within --from/--to (all rows when unset)."""
        if (self.start is None and self.end is None) or not len(df):
            return df
        days = df[column].map(frame.as_day)
        keep = days.map(lambda d: d is not None and (self.start is None or d >= self.start)
                        and (self.end is None or d <= self.end))
        return df.loc[keep.astype(bool)].reset_index(drop=True)

    @property
    def source(self) -> str:
        return charts.coverage_credit(self.in_range(self.tl.articles, "published_date"), self.lang)


def load_report(case_or_dir: str | Path, *, lang: str = "en", window: Sequence[Any] | None = None,
                start: Any = None, end: Any = None, seed: int = 42, root: Path | None = None,
                case: str | Path | None = None) -> Report:
    """Load a run (case name or output folder) and frame it: title, milestones, highlighted window.

    `case` (a case name or case folder) supplies the framing when the run folder does not name a case
    under ``config/cases/`` (a corpus run with ``--case path/to/folder``). Without `window`, the
    highlighted window runs from the first to the last milestone (2 → 9 January for the demo case);
    with fewer than two milestones, it is the case's own window, if any.
    """
    from timeline.api import load

    style.check_lang(lang)
    tl = load(case_or_dir, root=root)
    if case is not None:
        tl.case = load_case(case, root)
    case = tl.case
    stones = list(case.milestones) if case else []
    span = frame.as_window(window)
    if span is None and len(stones) >= 2:
        span = (stones[0].date, stones[-1].date)
    elif span is None and case and case.window_start and case.window_end:
        span = (case.window_start, case.window_end)
    name = case.name if case else Path(str(case_or_dir)).name
    return Report(tl=tl, name=name, title=case.title if case else name, lang=lang, window=span, milestones=stones,
                  start=frame.as_day(start), end=frame.as_day(end), seed=seed)


def chart_events(report: Report) -> pd.DataFrame:
    """The events a timeline chart shows: the run's key events, else the most salient ones."""
    events = report.in_range(report.tl.events, "date")
    key = events.loc[events["is_key_event"].astype(bool)] if len(events) else events
    if len(key):
        return key.reset_index(drop=True)
    k = report.tl.settings.key_events
    return events.sort_values("salience", ascending=False).head(k).reset_index(drop=True)


def _timeline(report: Report) -> list[tuple[str, Figure, pd.DataFrame]]:
    events = chart_events(report)
    actors = report.tl.actors
    table = charts.timeline_table(events, actors=actors, lang=report.lang)
    fig = charts.timeline_chart(events, actors=actors, milestones=report.milestones, window=report.window,
                                lang=report.lang, subtitle=report.title, source_line=report.source)
    return [("timeline", fig, table)]


def _network(report: Report) -> list[tuple[str, Figure, pd.DataFrame]]:
    graph = report.tl.co_mention_graph(start=report.start, end=report.end)
    subtitle = style.text("sub.network", report.lang)
    fig = charts.network_chart(graph, seed=report.seed, lang=report.lang, subtitle=subtitle,
                               source_line=report.source)
    out = [("network", fig, charts.network_table(graph, report.seed))]
    slices = [(s, g) for s, _, g in report.tl.slices("day", cumulative=True)
              if (report.start is None or s >= report.start) and (report.end is None or s <= report.end)]
    if report.window:
        inside = [(s, g) for s, g in slices if report.window[0] <= s <= report.window[1]]
        slices = inside or slices
    slices = slices[-MAX_DAY_PANELS:]
    if slices:
        graphs = dict(slices)
        fig = charts.network_small_multiples(graphs, seed=report.seed, lang=report.lang,
                                             subtitle=style.text("sub.network_by_day", report.lang),
                                             source_line=report.source)
        table = charts.small_multiples_table(graphs).rename(columns={"panel": "date"})
        out.append(("network-by-day", fig, table))
    return out


def _volume(report: Report) -> list[tuple[str, Figure, pd.DataFrame]]:
    articles = report.in_range(report.tl.articles, "published_date")
    events = report.in_range(report.tl.events, "date")
    table = charts.volume_table(articles, events, lang=report.lang)
    fig = charts.volume_chart(articles, events, milestones=report.milestones, window=report.window,
                              lang=report.lang, subtitle=report.title, source_line=report.source)
    return [("volume", fig, table)]


def trigger_event(report: Report) -> tuple[str, str] | None:
    """The event standing for the first milestone (same day, same type if given; most salient), and its label."""
    events = report.tl.events
    for m in report.milestones:
        same_day = events.loc[events["date"].map(frame.as_day) == m.date]
        if m.event_type:
            typed = same_day.loc[same_day["type"] == m.event_type]
            same_day = typed if len(typed) else same_day
        if len(same_day):
            best = same_day.sort_values("salience", ascending=False).iloc[0]
            return str(best["event_id"]), f"{style.format_day(m.date, report.lang)} ({m.label})"
    return None


def _lags(report: Report) -> list[tuple[str, Figure, pd.DataFrame]]:
    trigger = trigger_event(report)
    if trigger is None:
        log.warning("no event matches a milestone of %s: reaction-lag chart skipped", report.name)
        return []
    lags = report.tl.reaction_lags(trigger[0])
    if lags.empty:
        log.warning("no reactions after %s in %s: reaction-lag chart skipped", trigger[0], report.name)
        return []
    table = charts.lags_table(lags, actors=report.tl.actors, max_actors=charts.MAX_LAG_ACTORS)
    fig = charts.lags_chart(lags, actors=report.tl.actors, reference=trigger[1], lang=report.lang,
                            subtitle=report.title, source_line=report.source)
    return [("lags", fig, table)]


BUILDERS: dict[str, Callable[[Report], list[tuple[str, Figure, pd.DataFrame]]]] = {
    "timeline": _timeline, "network": _network, "volume": _volume, "lags": _lags,
}


def export_chart(report: Report, kind: str, out_dir: Path | str, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Draw one kind of chart (timeline | network | volume | lags) and write its files and CSV."""
    if kind not in BUILDERS:
        raise ValueError(f"unknown chart kind {kind!r} (choose from {', '.join(CHART_KINDS)})")
    written = []
    for stem, fig, table in BUILDERS[kind](report):
        written += write_figure(fig, table, out_dir, stem, formats)
    return written


def export_page(report: Report, out_dir: Path | str) -> Path:
    events = report.in_range(report.tl.events, "date")
    page = render_page(events, title=report.title, subtitle=(report.tl.case.description if report.tl.case else ""),
                       source_line=report.source, mentions=report.tl.event_mentions, lang=report.lang,
                       window=report.window, milestones=report.milestones)
    return atomic_write_text(Path(out_dir) / "timeline.html", page)


def export_timelinejs(report: Report, out_dir: Path | str) -> Path:
    events = report.in_range(report.tl.events, "date")
    doc = timelinejs_document(events, title=report.title, text=report.source, lang=report.lang,
                              window=report.window)
    return atomic_write_text(Path(out_dir) / "timelinejs.json", to_json(doc))


def _readme(report: Report, written: list[Path], out_dir: Path) -> Path:
    lines = [f"# {report.title}", "", report.source, "",
             "Generated by the timeline toolkit; rebuild with `timeline export` (do not edit by hand).", "",
             "| file | what it is |", "| --- | --- |"]
    about = {".svg": "chart, vector (edit in Illustrator/Inkscape)", ".png": "chart, 300 dpi image",
             ".pdf": "chart, print", ".csv": "the data behind the chart of the same name (or a network table)",
             ".html": "interactive timeline page: open in any browser, works offline",
             ".json": "TimelineJS 3 data: load it into a TimelineJS embed",
             ".gexf": "actor network for Gephi (dynamic: nodes and edges carry their dates)"}
    for path in sorted(set(written)):
        lines.append(f"| `{path.name}` | {about.get(path.suffix, '')} |")
    return atomic_write_text(out_dir / "README.md", "\n".join(lines) + "\n")


def export_all(case_or_dir: str | Path, out_dir: Path | str | None = None, formats: Iterable[str] = FORMATS,
               window: Sequence[Any] | None = None, lang: str = "en", *, seed: int = 42,
               root: Path | None = None, case: str | Path | None = None) -> list[Path]:
    """Write every chart, the page, the TimelineJS JSON and the network files under ``reports/<case>/``.

    `case` frames a run whose folder does not name a known case (see :func:`load_report`).
    """
    report = load_report(case_or_dir, lang=lang, window=window, seed=seed, root=root, case=case)
    out = Path(out_dir) if out_dir else (root or project_root()) / "reports" / report.name
    formats = list(formats)
    written: list[Path] = []
    for kind in CHART_KINDS:
        written += export_chart(report, kind, out, formats)
    written.append(export_page(report, out))
    written.append(export_timelinejs(report, out))
    for kind in ("co_mention", "interaction"):
        written += report.tl.export_network(out, kind=kind, fmt="gexf", seed=seed)
        written += report.tl.export_network(out, kind=kind, fmt="csv", seed=seed)
    written.append(_readme(report, written, out))
    return written
