"""The parts every chart shares: figure geometry in inches, title block, source line, date axis, milestones.

Geometry is computed in inches before anything is drawn, so a chart's height can grow with its content
(more lanes, more label rows) while text keeps the same physical size, and labels measured in pixels
stay valid because the width never changes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from timeline.present import style
from timeline.present.layout import text_size_px
from timeline.types import Milestone

DPI = 100  # screen dpi used for layout; exports rescale everything together
PX_PER_PT = DPI / 72


@dataclass(frozen=True)
class Margins:
    """Space around the plotting area, in inches."""

    left: float
    right: float
    top: float
    bottom: float


def new_figure(height_in: float = 4.0) -> Figure:
    """A pyplot-free figure (no global state, safe in servers and tests) with the shared size and dpi."""
    return Figure(figsize=(style.FIG_WIDTH_IN, height_in), dpi=DPI)


def place_axes(fig: Figure, ax: Axes, margins: Margins, plot_height_in: float) -> None:
    """Resize `fig` to fit a plot of `plot_height_in` inside `margins`, and position `ax` there."""
    width = style.FIG_WIDTH_IN
    height = margins.top + plot_height_in + margins.bottom
    fig.set_size_inches(width, height)
    ax.set_position([margins.left / width, margins.bottom / height,
                     (width - margins.left - margins.right) / width, plot_height_in / height])


def as_day(value: Any) -> date | None:
    """A calendar day from a date, datetime, Timestamp or ISO string; None for missing values."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        return date.fromisoformat(value.strip()[:10])
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    raise ValueError(f"not a date: {value!r}")


def as_window(window: Sequence[Any] | None) -> tuple[date, date] | None:
    """(start, end) days from any pair of date-likes; raises when start is after end."""
    if window is None:
        return None
    start, end = (as_day(v) for v in window)
    if start is None or end is None:
        return None
    if start > end:
        raise ValueError(f"window starts after it ends: {start} > {end}")
    return start, end


def as_milestones(milestones: Iterable[Any] | None) -> list[Milestone]:
    """Milestone objects from Milestones, (date, label) pairs or mappings with date and label."""
    out = []
    for m in milestones or ():
        if isinstance(m, Milestone):
            out.append(m)
        elif isinstance(m, dict):
            out.append(Milestone(as_day(m["date"]), str(m["label"]), m.get("event_type"), m.get("key")))
        else:
            day, label = m
            out.append(Milestone(as_day(day), str(label)))
    return sorted(out, key=lambda m: m.date)


def day_num(day: date) -> float:
    """Matplotlib's date number for midnight of `day` (one unit = one day)."""
    return float(mdates.date2num(datetime(day.year, day.month, day.day)))


def wrap(text: str, size_pt: float, width_in: float) -> str:
    """Wrap `text` to lines that fit `width_in` at `size_pt` (a conservative average glyph width)."""
    chars = max(10, int(width_in * 72 / (size_pt * 0.56)))
    return "\n".join(textwrap.wrap(text, chars)) if text else ""


def shorten(text: str, limit: int) -> str:
    """Cut `text` at a word boundary to at most `limit` characters, marking the cut with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(",;:.") + "…"


def lines_height_in(text: str, size_pt: float, spacing: float = 1.3) -> float:
    return 0 if not text else (text.count("\n") + 1) * size_pt * spacing / 72


@dataclass(frozen=True)
class Header:
    title: str
    subtitle: str

    @classmethod
    def build(cls, title: str | None, subtitle: str | None) -> Header:
        width = style.FIG_WIDTH_IN - 0.3
        return cls(wrap(title or "", style.SIZES["title"], width), wrap(subtitle or "", style.SIZES["subtitle"], width))

    @property
    def height_in(self) -> float:
        return 0.12 + lines_height_in(self.title, style.SIZES["title"]) + lines_height_in(
            self.subtitle, style.SIZES["subtitle"]) + (0.06 if self.subtitle else 0)

    def draw(self, fig: Figure) -> None:
        height = fig.get_size_inches()[1]
        y = 1 - 0.1 / height
        if self.title:
            fig.text(0.15 / style.FIG_WIDTH_IN, y, self.title, ha="left", va="top", fontsize=style.SIZES["title"],
                     fontweight="bold", gid="chart-title")
            y -= (lines_height_in(self.title, style.SIZES["title"]) + 0.04) / height
        if self.subtitle:
            fig.text(0.15 / style.FIG_WIDTH_IN, y, self.subtitle, ha="left", va="top",
                     fontsize=style.SIZES["subtitle"], color=style.MUTED_TEXT, gid="chart-subtitle")


def footer_height_in(source: str | None) -> float:
    return 0.1 + lines_height_in(source or "", style.SIZES["source"])


def wrap_source(source: str | None) -> str:
    return wrap(source or "", style.SIZES["source"], style.FIG_WIDTH_IN - 0.3)


def draw_source(fig: Figure, source: str) -> None:
    if source:
        fig.text(0.15 / style.FIG_WIDTH_IN, 0.08 / fig.get_size_inches()[1], source, ha="left", va="bottom",
                 fontsize=style.SIZES["source"], color=style.MUTED_TEXT, gid="chart-source")


def day_range(days: Iterable[date | None], window: tuple[date, date] | None,
              milestones: Sequence[Milestone], pad_days: int = 1) -> tuple[date, date]:
    """The first and last day a date axis must show: every event, the window and the milestones."""
    known = [d for d in days if d is not None]
    known += [m.date for m in milestones]
    if window:
        known += list(window)
    if not known:
        raise ValueError("nothing to draw: no dated events, window or milestones")
    return min(known) - timedelta(days=pad_days), max(known) + timedelta(days=pad_days)


def _tick_step(span_days: int, max_ticks: int) -> int:
    for step in (1, 2, 3, 7, 14):
        if span_days / step <= max_ticks:
            return step
    return 0  # switch to months


def date_ticks(lo: date, hi: date, lang: str, max_ticks: int = 8) -> list[tuple[date, str]]:
    """Tick days and their labels: daily to fortnightly steps, else months; the year where it changes."""
    span = (hi - lo).days
    step = _tick_step(span, max_ticks)
    if step:
        start = lo + timedelta(days=(-lo.toordinal()) % step) if step in (2, 3) else lo
        if step >= 7:  # weekly ticks fall on Mondays, the way calendars read
            start = lo + timedelta(days=(7 - lo.weekday()) % 7)
        days = [start + timedelta(days=i) for i in range(0, span + 1, step) if start + timedelta(days=i) <= hi]
    else:
        months = (hi.year - lo.year) * 12 + hi.month - lo.month
        every = max(1, -(-months // max_ticks))
        days = []
        y, m = (lo.year, lo.month + 1) if lo.day > 1 else (lo.year, lo.month)
        while date(y + (m - 1) // 12, (m - 1) % 12 + 1, 1) <= hi:
            days.append(date(y + (m - 1) // 12, (m - 1) % 12 + 1, 1))
            m += every
    out, last_year = [], None
    for d in days:
        label = style.format_day(d, lang) if step else style.MONTHS.get(lang, style.MONTHS["en"])[d.month - 1]
        if d.year != last_year:
            label += f"\n{d.year}"
            last_year = d.year
        out.append((d, label))
    return out


def draw_date_axis(ax: Axes, lo: date, hi: date, lang: str) -> None:
    ticks = date_ticks(lo, hi, lang)
    ax.set_xlim(day_num(lo), day_num(hi))
    ax.set_xticks([day_num(d) for d, _ in ticks], [label for _, label in ticks])
    ax.tick_params(axis="x", length=3, pad=2)


def draw_window(ax: Axes, window: tuple[date, date] | None) -> None:
    """Shade the analysis window, whole days included (half a day either side of the day markers)."""
    if window:
        ax.axvspan(day_num(window[0]) - 0.5, day_num(window[1]) + 0.5, color=style.WINDOW_COLOR, zorder=0.5,
                   alpha=0.7, lw=0, gid="window")


def milestone_label(m: Milestone, lang: str) -> str:
    return f"{style.format_day(m.date, lang)}: {shorten(m.label, 38)}"


def stack_rows(xs: Sequence[float], spans: Sequence[tuple[float, float]]) -> list[int]:
    """Rows for labels hung on vertical lines at `xs`, so no label overlaps another or crosses a line.

    A label whose span covers another line's position must sit above that line's label (row + 1);
    labels that still share a row and overlap are lifted until they do not.
    """
    n = len(xs)
    covers = [[j for j in range(n) if j != i and spans[i][0] <= xs[j] <= spans[i][1]] for i in range(n)]
    rows: list[int | None] = [None] * n
    visiting: set[int] = set()

    def row_of(i: int) -> int:
        if rows[i] is not None:
            return rows[i]
        if i in visiting:  # two labels cover each other's line: no crossing-free order exists
            return 0
        visiting.add(i)
        rows[i] = 1 + max((row_of(j) for j in covers[i]), default=-1)
        visiting.discard(i)
        return rows[i]

    final = [row_of(i) for i in range(n)]
    fixed: list[int] = []
    for i in sorted(range(n), key=lambda k: (final[k], xs[k])):
        while any(final[j] == final[i] and spans[i][0] < spans[j][1] and spans[j][0] < spans[i][1] for j in fixed):
            final[i] += 1
        fixed.append(i)
    return final


@dataclass(frozen=True)
class MilestoneStrip:
    """Milestone labels above the plot: texts, their rows and the height they need."""

    labels: list[str]
    rows: list[int]
    aligns: list[str]
    row_height_in: float

    @property
    def height_in(self) -> float:
        return (max(self.rows) + 1) * self.row_height_in + 0.05 if self.rows else 0.0

    @classmethod
    def build(cls, fig: Figure, milestones: Sequence[Milestone], lo: date, hi: date, plot_width_in: float,
              lang: str) -> MilestoneStrip:
        labels = [milestone_label(m, lang) for m in milestones]
        sizes = text_size_px(fig, labels, fontsize=style.SIZES["small"])
        width_px = plot_width_in * DPI
        px_per_day = width_px / max(1, (hi - lo).days)
        xs, spans, aligns = [], [], []
        for m, (w, _) in zip(milestones, sizes, strict=True):
            x = (m.date - lo).days * px_per_day
            right_aligned = x + 3 + w > width_px
            spans.append((x - 3 - w, x) if right_aligned else (x, x + 3 + w))
            aligns.append("right" if right_aligned else "left")
            xs.append(x)
        row_h = style.SIZES["small"] * 1.45 / 72
        return cls(labels, stack_rows(xs, spans) if labels else [], aligns, row_h)

    def draw(self, ax: Axes, milestones: Sequence[Milestone], plot_height_in: float) -> None:
        for m, label, row, align in zip(milestones, self.labels, self.rows, self.aligns, strict=True):
            x = day_num(m.date)
            ax.axvline(x, color=style.MUTED_TEXT, lw=0.9, ls=(0, (3, 2)), zorder=1, gid="milestone-line")
            top = 1 + (row + 1) * self.row_height_in / plot_height_in
            ax.plot([x, x], [1, top - 0.25 * self.row_height_in / plot_height_in], transform=ax.get_xaxis_transform(),
                    color=style.MUTED_TEXT, lw=0.9, ls=(0, (3, 2)), clip_on=False)
            dx = 2 if align == "left" else -2
            ax.annotate(label, (x, top), xycoords=ax.get_xaxis_transform(), xytext=(dx, 0),
                        textcoords="offset points", ha=align, va="top", fontsize=style.SIZES["small"],
                        color=style.TEXT_COLOR, annotation_clip=False, gid="milestone-label")
