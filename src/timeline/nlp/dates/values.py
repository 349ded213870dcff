"""TIMEX3 values: a small calendar point model, shifting it, and writing it in TIMEX3 notation.

A :class:`Point` is a date at some granularity (a day, an ISO week, a month, a quarter, a season, a
year, a decade, a century), optionally with a part of the day or a clock time. Relative expressions
shift a point by whole units (:func:`shift`) and keep the granularity the expression asks for, so
"a year earlier" after "the third quarter" of 1989 gives ``1988-Q3`` and "five days later" after
``2026-01-02`` gives ``2026-01-07``. Unknown years print as ``XXXX`` (TIMEX3's notation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

GRANULARITIES = ("CE", "DE", "Y", "H", "S", "Q", "M", "W", "D")  # coarse to fine
UNIT_GRANULARITY = {"Y": "Y", "Q": "Q", "M": "M", "W": "W", "D": "D", "DE": "DE", "CE": "CE",
                    "WE": "W", "F": "W", "MIL": "CE"}
IN_SMALLER_UNITS = {"Q": (3, "M"), "DE": (10, "Y"), "CE": (100, "Y"), "MIL": (1000, "Y"), "F": (2, "W"),
                    "WE": (2, "D")}
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
_DATE = (
    r"(?:\d{4}|XXXX)"
    r"(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-W(?:\d{2}|XX)(?:-(?:[1-7]|WE))?|-Q[1-4X]|-H[12]|-(?:SP|SU|FA|WI))?"
)
_TIME = r"T(?:[0-2]\d(?::[0-5]\d(?::[0-5]\d)?)?|MO|AF|EV|NI|DT)"
_NUM = r"(?:\d+(?:\.\d+)?|X)"
_DURATION = (
    rf"P(?:(?:{_NUM}(?:Y|M|W|D|Q|H|DE|CE|ML|WE))+(?:T(?:{_NUM}[HMS])+)?|T(?:{_NUM}[HMS])+)"
)
VALUE_RE = re.compile(
    rf"^(?:(?:{_DATE}|\d{{2,3}})(?:{_TIME})?|{_TIME}|{_DURATION}|PRESENT_REF|PAST_REF|FUTURE_REF)$"
)


@dataclass(frozen=True, slots=True)
class Point:
    """A calendar point; ``year`` None means the year is unknown (no reference date)."""

    year: int | None
    gran: str = "Y"  # one of GRANULARITIES
    month: int = 1
    day: int = 1
    quarter: int = 0
    half: int = 0
    season: str = ""
    weekend: bool = False
    part: str = ""  # MO / AF / EV / NI / DT
    clock: str = ""  # HH:MM or HH

    @classmethod
    def of_day(cls, d: date, part: str = "", clock: str = "") -> Point:
        return cls(d.year, "D", d.month, d.day, part=part, clock=clock)

    def as_date(self) -> date | None:
        """The first day of the point's period (its day, for a day), or None if the year is unknown."""
        if self.year is None:
            return None
        if self.gran == "Q":
            return date(self.year, 3 * self.quarter - 2, 1)
        if self.gran == "H":
            return date(self.year, 6 * self.half - 5, 1)
        if self.gran == "S":
            return date(self.year, SEASON_MONTH[self.season], 1)
        if self.gran in ("Y", "DE", "CE"):
            return date(self.year, 1, 1)
        return date(self.year, self.month, self.day)

    def finer_or_equal(self, gran: str) -> bool:
        """True if this point is at least as precise as ``gran``."""
        order = {"CE": 0, "DE": 1, "Y": 2, "H": 3, "S": 3, "Q": 4, "M": 5, "W": 6, "D": 7}
        return order[self.gran] >= order[gran]


def truncate(d: date, gran: str, *, weekend: bool = False) -> Point:
    """The point of granularity ``gran`` that contains day ``d``."""
    if gran == "D":
        return Point.of_day(d)
    if gran == "W":
        return Point(d.year, "W", d.month, d.day, weekend=weekend)
    if gran == "M":
        return Point(d.year, "M", d.month)
    if gran == "Q":
        return Point(d.year, "Q", d.month, quarter=(d.month - 1) // 3 + 1)
    if gran == "H":
        return Point(d.year, "H", d.month, half=1 if d.month <= 6 else 2)
    return Point(d.year, gran if gran in ("Y", "DE", "CE") else "Y")


def add_units(d: date, n: int, unit: str) -> date:
    """``d`` moved by ``n`` calendar units (months and years clamp the day to the month's end)."""
    if unit == "D":
        return d + timedelta(days=n)
    if unit in ("W", "WE"):
        return d + timedelta(weeks=n)
    if unit == "F":
        return d + timedelta(weeks=2 * n)
    months = {"M": 1, "Q": 3, "H": 6, "Y": 12, "DE": 120, "CE": 1200, "MIL": 12000}.get(unit)
    if months is None:
        return d
    total = d.year * 12 + d.month - 1 + n * months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        return d
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month + 1, day)
        except ValueError:
            continue
    return d


def shift(point: Point, n: int, unit: str, gran: str) -> Point:
    """``point`` moved by ``n`` units, expressed at granularity ``gran``."""
    start = point.as_date()
    if start is None:
        return Point(None, gran)
    moved = add_units(start, n, unit)
    if gran == "S" and point.gran == "S":
        return replace(point, year=moved.year)
    return truncate(moved, gran, weekend=unit == "WE")


def _time_suffix(point: Point) -> str:
    if point.clock:
        return "T" + point.clock
    if point.part:
        return "T" + point.part
    return ""


def format_point(point: Point) -> str:
    """The TIMEX3 value of a point: 2026-01-02, 2026-W02, 2026-Q1, 2026-SU, 199, 20, ..."""
    if point.gran == "CE":
        return "XX" if point.year is None else f"{point.year // 100:02d}"
    if point.gran == "DE":
        return "XXX" if point.year is None else f"{point.year // 10:03d}"
    year = "XXXX" if point.year is None else f"{point.year:04d}"
    if point.gran == "Y":
        return year
    if point.gran == "Q":
        return f"{year}-Q{point.quarter or 'X'}"
    if point.gran == "H":
        return f"{year}-H{point.half}"
    if point.gran == "S":
        return f"{year}-{point.season}"
    if point.year is None:
        unknown = {"M": f"XXXX-{point.month:02d}", "W": "XXXX-WXX", "D": "XXXX-XX-XX"}[point.gran]
        return unknown + _time_suffix(point)
    if point.gran == "M":
        return f"{year}-{point.month:02d}"
    if point.gran == "W":
        iso_year, week, _ = date(point.year, point.month, point.day).isocalendar()
        return f"{iso_year:04d}-W{week:02d}" + ("-WE" if point.weekend else "")
    return f"{year}-{point.month:02d}-{point.day:02d}" + _time_suffix(point)


def format_amount(n: float | None) -> str:
    if n is None:
        return "X"
    if float(n).is_integer():
        return str(int(n))
    return f"{n:g}"


HALF_UNIT = {"Y": "6M", "M": "15D", "D": "T12H", "H": "30M", "MIN": "30S"}


def _with_half(n: float, unit: str) -> str | None:
    """"2 1/2 years" -> P2Y6M, "a minute and a half" -> PT1M30S; None if n is not a whole number
    plus a half or the unit has no half."""
    whole = int(n)
    if n - whole != 0.5 or unit not in HALF_UNIT:
        return None
    suffix = {"MIN": "M"}.get(unit, unit)
    if unit in ("H", "MIN"):
        return f"PT{whole}{suffix}{HALF_UNIT[unit]}" if whole else f"PT{HALF_UNIT[unit]}"
    return f"P{whole}{suffix}{HALF_UNIT[unit]}" if whole else f"P{HALF_UNIT[unit]}"


def format_duration(n: float | None, unit: str, *, convert: bool = True) -> str:
    """The TIMEX3 duration of ``n`` units: P5D, PT12H, P6M (two quarters), PXY; None means an
    unspecified amount. ``convert=False`` keeps quarters and decades as they are (sets: P1Q)."""
    if n is not None and not float(n).is_integer():
        halved = _with_half(n, unit)
        if halved:
            return halved
    if unit in ("H", "MIN", "S"):
        suffix = {"H": "H", "MIN": "M", "S": "S"}[unit]
        return f"PT{format_amount(n)}{suffix}"
    if n is not None and convert and unit in IN_SMALLER_UNITS:  # TimeML: two quarters P6M, two decades P20Y
        factor, smaller = IN_SMALLER_UNITS[unit]
        return f"P{format_amount(n * factor)}{smaller}"
    if n is None and unit == "Q" and convert:
        return "PXM"
    code = {"MIL": "ML"}.get(unit, unit)
    return f"P{format_amount(n)}{code}"


def is_valid_value(value: str) -> bool:
    """True if ``value`` follows the TIMEX3 value grammar this tagger produces."""
    return bool(VALUE_RE.match(value))
