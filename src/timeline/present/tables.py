"""Small readers for table cells, tolerant of how pandas 3 and Parquet hand values back.

A missing cell can arrive as None, NaN, pd.NA or an empty string depending on the dtype; the charts
treat all of these the same way, so the rest of the code only sees plain Python values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from timeline.dataset.schema import JOIN, is_missing


def cell_str(value: Any) -> str:
    """A cell as text: '' for any kind of missing value."""
    return "" if is_missing(value) else str(value)


def cell_list(value: Any) -> list[str]:
    """A '; '-joined multi-valued cell as a list of non-empty values."""
    return [part.strip() for part in cell_str(value).split(JOIN) if part.strip()]


def cell_int(value: Any, default: int = 0) -> int:
    return default if is_missing(value) else int(value)


def cell_bool(value: Any) -> bool:
    return False if is_missing(value) else bool(value)


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with missing values turned into None."""
    return [{k: (None if is_missing(v) else v) for k, v in row.items()} for row in df.to_dict("records")]


def require_columns(df: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {missing}; got {list(df.columns)}")


def kind_lookup(actors: pd.DataFrame | Mapping[str, str] | None) -> dict[str, str]:
    """Canonical actor name -> kind, from an actors table or a plain mapping."""
    if actors is None:
        return {}
    if isinstance(actors, Mapping):
        return {str(k): str(v) for k, v in actors.items()}
    require_columns(actors, ("name", "kind"), "actors table")
    return {cell_str(n): cell_str(k) or "other" for n, k in zip(actors["name"], actors["kind"], strict=True)}
