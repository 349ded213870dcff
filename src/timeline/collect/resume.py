"""Which URLs a rerun skips, read from the manifest alone.

Done (never fetched again): a page whose body is stored, a permanent 4xx (404, 410, 403 ...), and a
resource refused for what it *is* (not HTML, over the size cap). Everything else is retried by the
next run: timeouts, 5xx, 429, connection errors, robots.txt unavailable, and refusals that cost no
request to re-check (robots.txt disallow, a private address: the rules or `--allow-private` may
have changed).
"""

from __future__ import annotations

from collections.abc import Iterable

from timeline.collect.urls import try_normalize
from timeline.store.manifest import ManifestRow

TRANSIENT_4XX = frozenset({408, 425, 429})
FINAL_ERROR_KINDS = frozenset({"unsupported-type", "too-large"})
UNREACHABLE_KINDS = ("dns", "connection", "timeout")


def is_final(row: ManifestRow) -> bool:
    """True when this attempt settles the URL for good."""
    if row.stored:
        return True
    if 400 <= row.status < 500 and row.status not in TRANSIENT_4XX and row.error_kind == "http-status":
        return True
    return row.error_kind in FINAL_ERROR_KINDS


def is_unreachable(row_or_error: ManifestRow | str, status: int = 0) -> bool:
    """No HTTP answer at all: DNS failure, refused or timed-out connection (also for robots.txt)."""
    if isinstance(row_or_error, ManifestRow):
        error, status = row_or_error.error, row_or_error.status
    else:
        error = row_or_error
    if status or not error:
        return False
    kind = error.split(":", 1)[0]
    if kind in UNREACHABLE_KINDS:
        return True
    return kind == "robots-unavailable" and any(f"{k}:" in error for k in UNREACHABLE_KINDS)


def done_keys(rows: Iterable[ManifestRow]) -> set[str]:
    """Normalised URLs (requested and final) that a rerun must not fetch again."""
    done: set[str] = set()
    for row in rows:
        if row.kind not in ("page", "") or not is_final(row):
            continue
        for url in (row.url, row.final_url if row.stored else ""):
            key = try_normalize(url) if url else None
            if key:
                done.add(key)
    return done
