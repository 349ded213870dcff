"""Label placement: packing is optimal and overlap-free, milestone labels never sit on another's line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.present.frame import date_ticks, shorten, stack_rows
from timeline.present.layout import Box, overlapping_pairs, pack_rows, place_near

intervals = st.lists(st.tuples(st.floats(0, 500, allow_nan=False), st.floats(1, 200, allow_nan=False))
                     .map(lambda t: (t[0], t[0] + t[1])), min_size=0, max_size=40)


@settings(max_examples=150, deadline=None)
@given(intervals)
def test_packed_rows_never_overlap_and_use_as_few_rows_as_possible(spans):
    rows = pack_rows(spans, gap=2.0)
    for i, (a0, a1) in enumerate(spans):
        for j, (b0, b1) in enumerate(spans):
            if i < j and rows[i] == rows[j]:
                assert a1 + 2.0 <= b0 or b1 + 2.0 <= a0
    if spans:  # optimal: as many rows as the deepest pile of (gap-widened) intervals over one point
        points = [s for s, _ in spans]
        depth = max(sum(1 for s, e in spans if s <= p < e + 2.0) for p in points)
        assert max(rows) + 1 == depth


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 400, allow_nan=False), st.floats(5, 150, allow_nan=False)),
                min_size=1, max_size=12))
def test_milestone_rows_avoid_overlap_and_line_crossings(items):
    xs = [x for x, _ in items]
    spans = [(x, x + w) for x, w in items]  # left-aligned labels hung on their lines
    rows = stack_rows(xs, spans)
    for i in range(len(xs)):
        for j in range(len(xs)):
            if i == j:
                continue
            if rows[i] == rows[j]:
                assert spans[i][1] <= spans[j][0] or spans[j][1] <= spans[i][0]
            if spans[i][0] < xs[j] < spans[i][1] and xs[j] != xs[i]:
                assert rows[i] > rows[j], "a line would cross a lower label"


def test_place_near_finds_room_or_gives_up():
    bounds = Box(0, 0, 100, 100)
    taken = [Box(40, 40, 60, 60)]
    spot = place_near((50, 50), (20, 10), taken, bounds, start_radius=11, step=2, max_radius=40)
    assert spot is not None and spot.inside(bounds) and overlapping_pairs([spot, *taken]) == []
    full = [Box(0, 0, 100, 100)]
    assert place_near((50, 50), (20, 10), full, bounds, start_radius=5, step=5, max_radius=30) is None


def test_date_ticks_are_readable_for_short_and_long_spans():
    from datetime import date

    short = date_ticks(date(2025, 12, 27), date(2026, 1, 15), "nl")
    assert len(short) <= 8 and short[0][1].endswith("2025") and any(lbl.startswith("1 jan") for _, lbl in short)
    long = date_ticks(date(2024, 11, 3), date(2026, 2, 1), "en")
    assert all(d.day == 1 for d, _ in long) and len(long) <= 9


def test_shorten_cuts_at_words():
    assert shorten("Malaysian Communications and Multimedia Commission", 26) == "Malaysian Communications…"
    assert shorten("Ofcom", 26) == "Ofcom"
