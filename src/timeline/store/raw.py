"""The raw store: write-once, content-addressed page bodies plus a manifest of every fetch.

Layout of a store folder::

    manifest.csv                        one row per fetch attempt (see timeline.store.manifest)
    objects/<sha[:2]>/<sha256>.<ext>    each distinct body once, never overwritten
    objects/<sha[:2]>/<sha256>.meta.json   who fetched it first (url, time, type): lets a rerun adopt
                                           an object whose manifest row was lost to a crash

Write order for a new body: sidecar, object, manifest row. A crash between object and row leaves an
object the next :meth:`RawStore.open` *adopts* (hash checked, row appended from the sidecar), so the
URL is not fetched again. Readers use :func:`iter_stored_pages`, which also reads hand-made snapshot
folders of readable ``*.html`` files (see :mod:`timeline.store.snapshot`).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from timeline.errors import OutputError, TimelineError
from timeline.store.atomic import remove_stale_temps, write_new
from timeline.store.manifest import MANIFEST_NAME, ManifestRow, ManifestWriter, read_manifest
from timeline.store.snapshot import build_snapshot_manifest, is_snapshot_dir, snapshot_rows, unlisted_pages

__all__ = ["RawStore", "StoredPage", "build_snapshot_manifest", "find_stores", "iter_stored_pages"]

log = logging.getLogger(__name__)
OBJECTS = "objects"
META_SUFFIX = ".meta.json"
_EXTENSIONS = {
    "text/html": "html", "application/xhtml+xml": "html", "application/json": "json", "text/json": "json",
    "application/rss+xml": "xml", "application/atom+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "application/rdf+xml": "xml", "text/plain": "txt",
}


class StoreLockedError(TimelineError):
    """Another collection is writing to the same store folder."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extension_for(content_type: str) -> str:
    return _EXTENSIONS.get(content_type.split(";", 1)[0].strip().lower(), "bin")


def inside(root: Path, relative: str) -> Path:
    """`root / relative`, refusing paths that escape `root` (a manifest from elsewhere may be hostile)."""
    target = (root / relative).resolve()
    if not relative or os.path.isabs(relative) or not target.is_relative_to(root.resolve()):
        raise ValueError(f"path {relative!r} is outside the store {root}")
    return target


@dataclass(frozen=True)
class StoredPage:
    """One stored page body with its provenance; `read_bytes()` returns the exact bytes received."""

    url: str
    final_url: str
    fetched_at: str
    sha256: str
    content_type: str
    path: str  # relative to store_dir
    store_dir: Path
    status: int = 200

    @property
    def file(self) -> Path:
        return inside(self.store_dir, self.path)

    def read_bytes(self) -> bytes:
        return self.file.read_bytes()


def iter_object_files(root: Path) -> Iterator[Path]:
    """Every stored body under `root/objects` (no sidecars, no temp files)."""
    folder = root / OBJECTS
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("??/*")):
        if path.name.startswith(".") or path.name.endswith(META_SUFFIX) or not path.is_file():
            continue
        yield path


class RawStore:
    """A store folder opened for writing by one collection run (an exclusive lock guards it)."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.manifest_path = self.root / MANIFEST_NAME
        self._paths: dict[str, str] = {}
        self._writer: ManifestWriter | None = None
        self._lock_fd = -1
        self.adopted: list[ManifestRow] = []
        self.repaired_tail = False
        self.rows: list[ManifestRow] = []

    # -- lifecycle ------------------------------------------------------------------------------

    def open(self) -> RawStore:
        try:
            (self.root / OBJECTS).mkdir(parents=True, exist_ok=True)
            self._lock_fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot write the raw store {self.root}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock_fd)
            raise StoreLockedError(f"another collection is writing to {self.root}; wait for it to finish") from None
        remove_stale_temps(self.root)
        self._writer = ManifestWriter(self.manifest_path)
        self.repaired_tail = self._writer.repaired
        self.rows = read_manifest(self.manifest_path).rows
        for row in self.rows:
            if row.sha256 and row.path:
                self._paths.setdefault(row.sha256, row.path)
        self._adopt_orphans()
        return self

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._lock_fd >= 0:
            os.close(self._lock_fd)  # closing releases the flock
            self._lock_fd = -1

    def __enter__(self) -> RawStore:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------------

    def path_of(self, sha: str) -> str | None:
        return self._paths.get(sha)

    def put(self, body: bytes, *, url: str, final_url: str, status: int, fetched_at: str,
            content_type: str, kind: str = "page", sha: str | None = None) -> ManifestRow:
        """Store `body` once (by sha256) and append its manifest row; returns the row written."""
        sha = sha or sha256_bytes(body)
        rel = self._paths.get(sha)
        if rel is None:
            rel = f"{OBJECTS}/{sha[:2]}/{sha}.{extension_for(content_type)}"
            target = self.root / rel
            meta = {"url": url, "final_url": final_url, "status": status, "fetched_at": fetched_at,
                    "content_type": content_type, "bytes": len(body), "kind": kind}
            write_new(target.with_name(sha + META_SUFFIX), json.dumps(meta, ensure_ascii=False).encode())
            write_new(target, body)
            self._paths[sha] = rel
        row = ManifestRow(url=url, final_url=final_url, status=status, fetched_at=fetched_at, sha256=sha,
                          content_type=content_type, bytes=len(body), path=rel, kind=kind)
        self.record(row)
        return row

    def record(self, row: ManifestRow) -> None:
        """Append a row for an attempt that stored nothing (error, refusal) or for `put`."""
        if self._writer is None:
            raise RuntimeError("RawStore is not open")
        self._writer.append(row)
        self.rows.append(row)

    # -- crash recovery -------------------------------------------------------------------------

    def _adopt_orphans(self) -> None:
        for obj in iter_object_files(self.root):
            sha = obj.name.split(".", 1)[0]
            if sha in self._paths:
                continue
            rel = obj.relative_to(self.root).as_posix()
            sidecar = obj.with_name(sha + META_SUFFIX)
            if sha256_file(obj) != sha or not sidecar.is_file():
                continue  # not ours or damaged: left for `verify` to report, never trusted
            try:
                meta = json.loads(sidecar.read_text(encoding="utf-8"))
                row = ManifestRow(url=str(meta["url"]), final_url=str(meta.get("final_url", "")),
                                  status=int(meta.get("status", 200)), fetched_at=str(meta.get("fetched_at", "")),
                                  sha256=sha, content_type=str(meta.get("content_type", "")),
                                  bytes=obj.stat().st_size, path=rel, kind=str(meta.get("kind", "page")))
            except (ValueError, KeyError, TypeError):
                continue
            self._paths[sha] = rel
            self.record(row)
            self.adopted.append(row)


def find_stores(folder: Path | str) -> list[Path]:
    """The store folders under `folder`: itself, or its sub-stores (e.g. `<case>/snapshot` and `<case>/live`)."""
    root = Path(folder)
    if (root / MANIFEST_NAME).is_file():
        return [root]
    if not root.is_dir():
        return []
    subs = [c for c in sorted(root.iterdir()) if c.is_dir() and not c.name.startswith(".")]
    stores = [c for c in subs if (c / MANIFEST_NAME).is_file()]
    if not stores and is_snapshot_dir(root, max_depth=2):
        return [root]
    stores += [c for c in subs if c not in stores and is_snapshot_dir(c, max_depth=3)]
    return sorted(stores)


def _rows_of(store: Path) -> list[ManifestRow]:
    if not (store / MANIFEST_NAME).is_file():
        return snapshot_rows(store)
    rows = read_manifest(store / MANIFEST_NAME).rows
    if not (store / OBJECTS).is_dir():
        missing = unlisted_pages(store, {r.path for r in rows})
        if missing:
            log.warning("%s: %d pages are not in its manifest and are skipped (first: %s); rebuild it with "
                        "`python -m timeline.store.snapshot %s`", store, len(missing), missing[0], store)
    return rows


def iter_stored_pages(store_dir: Path | str) -> Iterator[StoredPage]:
    """Every successfully stored page, one per distinct body (sha256), in manifest order.

    Works on a collected store, a snapshot folder (with or without its manifest), or a case's raw
    folder holding several of them. Feed, sitemap and API documents are not pages and are skipped.
    """
    seen: set[str] = set()
    for store in find_stores(store_dir):
        for row in _rows_of(store):
            if not row.stored or row.kind not in ("page", "") or row.sha256 in seen:
                continue
            seen.add(row.sha256)
            yield StoredPage(url=row.url, final_url=row.final_url or row.url, fetched_at=row.fetched_at,
                             sha256=row.sha256, content_type=row.content_type, path=row.path,
                             store_dir=store, status=row.status)
