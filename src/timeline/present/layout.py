"""Label placement that cannot overlap: measure each label as rendered, then pack or search for room.

Charts for publication cannot have labels on top of each other, and force-based nudging (adjustText)
only makes overlaps unlikely. Here every label's size is measured with the real renderer first, then
placed where its box is free: interval packing into rows for the timeline, a spiral search around each
node for the network. :func:`overlapping_pairs` checks the result and is what the tests assert on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in display pixels."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        return not (self.x1 + pad <= other.x0 or other.x1 + pad <= self.x0
                    or self.y1 + pad <= other.y0 or other.y1 + pad <= self.y0)

    def inside(self, outer: Box) -> bool:
        return self.x0 >= outer.x0 and self.y0 >= outer.y0 and self.x1 <= outer.x1 and self.y1 <= outer.y1

    @classmethod
    def from_bbox(cls, bbox: Bbox) -> Box:
        return cls(bbox.x0, bbox.y0, bbox.x1, bbox.y1)


def renderer_for(fig: Figure):
    """The Agg renderer of `fig` (attaching an Agg canvas when the figure has none)."""
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def text_size_px(fig: Figure, labels: Sequence[str], **text_kw) -> list[tuple[float, float]]:
    """Width and height in pixels of each label as `fig` would render it with `text_kw`."""
    renderer = renderer_for(fig)
    sizes = []
    for label in labels:
        artist = fig.text(0, 0, label, **text_kw)
        box = artist.get_window_extent(renderer)
        sizes.append((box.width, box.height))
        artist.remove()
    return sizes


def pack_rows(intervals: Sequence[tuple[float, float]], gap: float = 0.0) -> list[int]:
    """Assign each (start, end) interval the lowest row where it does not touch an earlier one.

    First-fit in order of start: optimal for intervals (the number of rows equals the largest number of
    intervals that overlap at one point), and stable, so the same data always gives the same layout.
    """
    order = sorted(range(len(intervals)), key=lambda i: (intervals[i][0], intervals[i][1], i))
    row_ends: list[float] = []
    rows = [0] * len(intervals)
    for i in order:
        start, end = intervals[i]
        for r, last_end in enumerate(row_ends):
            if start >= last_end + gap:
                rows[i], row_ends[r] = r, end
                break
        else:
            rows[i] = len(row_ends)
            row_ends.append(end)
    return rows


def place_near(anchor: tuple[float, float], size: tuple[float, float], taken: list[Box], bounds: Box,
               *, start_radius: float, step: float, max_radius: float) -> Box | None:
    """The first free box of `size` around `anchor` (pixels), searching rings of growing radius.

    Candidates go right, left, above, below, then the diagonals, at each radius; the first box that
    stays inside `bounds` and clears every box in `taken` wins. None when nothing fits within
    `max_radius` (the caller then leaves the label out rather than draw it over another).
    """
    w, h = size
    ax_, ay = anchor
    radius = start_radius
    while radius <= max_radius:
        offsets = ((radius, -h / 2), (-radius - w, -h / 2), (-w / 2, radius), (-w / 2, -radius - h),
                   (radius * 0.7, radius * 0.7), (-radius * 0.7 - w, radius * 0.7),
                   (radius * 0.7, -radius * 0.7 - h), (-radius * 0.7 - w, -radius * 0.7 - h))
        for dx, dy in offsets:
            box = Box(ax_ + dx, ay + dy, ax_ + dx + w, ay + dy + h)
            if box.inside(bounds) and not any(box.overlaps(t, pad=1.0) for t in taken):
                return box
        radius += step
    return None


def overlapping_pairs(boxes: Iterable[Box | Bbox], pad: float = 0.0) -> list[tuple[int, int]]:
    """Index pairs of boxes that overlap (touching edges do not count)."""
    items = [b if isinstance(b, Box) else Box.from_bbox(b) for b in boxes]
    pairs = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i].overlaps(items[j], pad=pad):
                pairs.append((i, j))
    return pairs
