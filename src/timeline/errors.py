"""One error tree for the toolkit.

A *record* error (one bad article, one bad line) is caught, logged with its id and reason, counted and
skipped. A *contract* error (a broken config, an unwritable output folder) stops the run with a message
that names the file, line or key, never a bare traceback.
"""

from __future__ import annotations


class TimelineError(Exception):
    """Base class: every error the toolkit raises on purpose."""


class ConfigError(TimelineError):
    """A case file (case.toml, actors.yml, sources.csv) is missing, malformed or inconsistent.

    The message always names the file and, where known, the line and key.
    """

    def __init__(self, path: object, reason: str, *, line: int | None = None, key: str | None = None):
        self.path, self.reason, self.line, self.key = str(path), reason, line, key
        where = self.path + (f":{line}" if line else "") + (f" [{key}]" if key else "")
        super().__init__(f"{where}: {reason}")


class RecordError(TimelineError):
    """One input record cannot be used; the run goes on without it."""

    def __init__(self, reason: str, *, record_id: str | None = None, line: int | None = None):
        self.reason, self.record_id, self.line = reason, record_id, line
        where = ", ".join(p for p in (f"line {line}" if line else "", f"id {record_id!r}" if record_id else "") if p)
        super().__init__(f"{where}: {reason}" if where else reason)


class SchemaError(TimelineError):
    """A table about to be written breaks its schema (names the table and column)."""


class OutputError(TimelineError):
    """Output cannot be written (read-only folder, disk full, ...)."""


class FetchError(TimelineError):
    """A URL could not be fetched; carries the reason stored in the manifest."""


class UnsafeURLError(FetchError):
    """A URL was refused by the safety policy (scheme, private address, ...)."""
