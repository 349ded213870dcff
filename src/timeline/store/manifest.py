"""The raw store's manifest: one CSV row per fetch attempt, appended so a crash loses at most one row.

Each row is written with a single ``write`` on an ``O_APPEND`` descriptor followed by ``fsync``, and
no field ever contains a line break, so one physical line is one record. A kill -9 or power loss can
only leave a last line without its newline; the reader ignores it and the writer cuts it off before
appending (repair), so the next row never glues onto a fragment.

Columns: ``url, final_url, status, fetched_at, sha256, content_type, bytes, error, path, kind``.
``status`` is 0 when no HTTP response was received; ``path`` is relative to the store folder and
empty when no body was stored; ``kind`` is ``page`` (articles), or ``feed``/``sitemap``/``gdelt``
for discovery documents kept for provenance.
"""

from __future__ import annotations

import csv
import io
import os
import threading
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

MANIFEST_NAME = "manifest.csv"
COLUMNS = ("url", "final_url", "status", "fetched_at", "sha256", "content_type", "bytes", "error", "path", "kind")
HEADER = ",".join(COLUMNS) + "\n"


@dataclass(frozen=True)
class ManifestRow:
    url: str
    final_url: str = ""
    status: int = 0
    fetched_at: str = ""
    sha256: str = ""
    content_type: str = ""
    bytes: int = 0
    error: str = ""
    path: str = ""
    kind: str = "page"

    @property
    def stored(self) -> bool:
        """A body was received with a 2xx status and is in the store."""
        return 200 <= self.status < 300 and bool(self.sha256) and bool(self.path)

    @property
    def error_kind(self) -> str:
        return self.error.split(":", 1)[0] if self.error else ""


@dataclass
class ManifestRead:
    rows: list[ManifestRow] = field(default_factory=list)
    truncated_tail: bool = False
    bad_lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


def _one_line(value: object) -> str:
    return " ".join(str(value).splitlines()).replace("\r", " ")


def format_row(row: ManifestRow) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([_one_line(v) for v in asdict(row).values()])
    return buf.getvalue()


def _parse(values: list[str], line_no: int) -> ManifestRow:
    if len(values) == len(COLUMNS) - 1:  # manifests written before the `kind` column
        values = [*values, "page"]
    if len(values) != len(COLUMNS):
        raise ValueError(f"expected {len(COLUMNS)} fields, found {len(values)}")
    data = dict(zip(COLUMNS, values, strict=True))
    try:
        status, size = int(data["status"] or 0), int(data["bytes"] or 0)
    except ValueError:
        raise ValueError("status and bytes must be integers") from None
    return ManifestRow(**{**data, "status": status, "bytes": size})


def read_manifest(path: Path) -> ManifestRead:
    """Read every complete row; a last line without newline is reported as truncated, bad rows listed."""
    out = ManifestRead()
    if not path.is_file():
        return out
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        out.truncated_tail = True
        data = data[: data.rfind(b"\n") + 1]
    lines = data.decode("utf-8", errors="replace").split("\n")
    for line_no, line in enumerate(lines, start=1):
        if not line.strip() or (line_no == 1 and line.startswith("url,")):
            continue
        try:
            values = next(csv.reader([line]))
            out.rows.append(_parse(values, line_no))
        except (ValueError, csv.Error, StopIteration) as exc:
            out.bad_lines.append((line_no, str(exc)))
    return out


def repair_tail(path: Path) -> bool:
    """Cut a partial last line (left by a crash) so appends start on a fresh line; True if cut."""
    if not path.is_file():
        return False
    size = path.stat().st_size
    if size == 0:
        return False
    with path.open("rb+") as fh:
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return False
        fh.seek(0)
        data = fh.read()
        keep = data.rfind(b"\n") + 1
        fh.truncate(keep)
        fh.flush()
        os.fsync(fh.fileno())
    return True


class ManifestWriter:
    """Appends rows durably (one write + fsync each); safe to share between threads."""

    def __init__(self, path: Path):
        self.path = path
        self.repaired = repair_tail(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._lock = threading.Lock()
        if os.fstat(self._fd).st_size == 0:
            self._write(HEADER)

    def _write(self, text: str) -> None:
        data = text.encode("utf-8")
        written = os.write(self._fd, data)
        if written != len(data):  # a short write on a full disk: keep the line whole or fail loudly
            os.write(self._fd, data[written:])
        os.fsync(self._fd)

    def append(self, row: ManifestRow) -> None:
        line = format_row(row)
        with self._lock:
            self._write(line)

    def close(self) -> None:
        with self._lock:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1


def write_manifest_text(rows: list[ManifestRow]) -> str:
    """A whole manifest as text (for stores written in one go, like a snapshot)."""
    return HEADER + "".join(format_row(r) for r in rows)


ROW_FIELDS = tuple(f.name for f in fields(ManifestRow))
