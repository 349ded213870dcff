"""Hand-made snapshot stores: readable ``*.html`` files (often in language folders) plus a manifest.

A shipped demo cannot hold content-addressed blobs that nobody can read, so a snapshot keeps pages
under human names (``en/guardian-2026-01-02-grok.html``). Provenance comes from the page itself: the
source URL from ``<meta name="timeline:source-url">``, else ``<link rel="canonical">``, else
``og:url``; the fetch time from ``<meta name="timeline:fetched-at">``, else the page's published time,
else empty. Nothing depends on the clock or the file system's timestamps, so rebuilding the manifest
gives the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from html.parser import HTMLParser
from pathlib import Path

from timeline.store.atomic import write_replace
from timeline.store.manifest import MANIFEST_NAME, ManifestRow, write_manifest_text

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm")
SKIP_DIRS = frozenset({"objects", "__pycache__"})
URL_KEYS = ("timeline:source-url", "canonical", "og:url")
FETCHED_KEYS = ("timeline:fetched-at", "timeline:retrieved", "article:published_time",
                "og:article:published_time", "datepublished", "date", "dc.date")


class _HeadScanner(HTMLParser):
    """Collects `<link rel=canonical>` and `<meta name|property=... content=...>` from the head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        a = {k.lower(): (v or "").strip() for k, v in attrs}
        if tag == "body":
            self.done = True
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.found.setdefault("canonical", a["href"])
        elif tag == "meta":
            key = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.found.setdefault(key, a["content"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.done = True


def page_provenance(data: bytes) -> tuple[str, str]:
    """(source url, fetched_at) declared by a snapshot page; empty strings when absent."""
    scanner = _HeadScanner()
    text = data[:200_000].decode("utf-8", errors="replace")
    with contextlib.suppress(AssertionError, ValueError):  # html.parser may give up on broken markup
        scanner.feed(text)
    url = next((scanner.found[k] for k in URL_KEYS if scanner.found.get(k)), "")
    fetched = next((scanner.found[k] for k in FETCHED_KEYS if scanner.found.get(k)), "")
    return url, fetched


def _html_files(folder: Path, max_depth: int | None = None) -> list[Path]:
    out = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if max_depth is not None and len(rel.parts) > max_depth:
            continue
        if any(p.startswith(".") or p in SKIP_DIRS for p in rel.parts):
            continue
        if path.suffix.lower() in HTML_SUFFIXES and path.is_file():
            out.append(path)
    return sorted(out, key=lambda p: p.relative_to(folder).as_posix())


def is_snapshot_dir(folder: Path, max_depth: int = 2) -> bool:
    """A folder of readable HTML pages (not a content-addressed store)."""
    return folder.is_dir() and not (folder / "objects").is_dir() and bool(_html_files(folder, max_depth))


def snapshot_rows(folder: Path | str) -> list[ManifestRow]:
    """The manifest rows of a snapshot folder, computed from the files (sorted by path)."""
    folder = Path(folder)
    rows = []
    for path in _html_files(folder):
        data = path.read_bytes()
        rel = path.relative_to(folder).as_posix()
        url, fetched_at = page_provenance(data)
        if not url:
            log.warning("%s: no timeline:source-url meta or canonical link; its url stays empty", rel)
        rows.append(ManifestRow(url=url, final_url=url, status=200, fetched_at=fetched_at,
                                sha256=hashlib.sha256(data).hexdigest(), content_type="text/html",
                                bytes=len(data), path=rel, kind="page"))
    return rows


def unlisted_pages(folder: Path, listed: set[str]) -> list[str]:
    """Pages in a snapshot folder that its manifest does not list (added after the last rebuild)."""
    return [p.relative_to(folder).as_posix() for p in _html_files(folder)
            if p.relative_to(folder).as_posix() not in listed]


def build_snapshot_manifest(snapshot_dir: Path | str) -> Path:
    """(Re)write `manifest.csv` for a snapshot folder; deterministic, atomic. Returns its path."""
    folder = Path(snapshot_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"no snapshot folder at {folder}")
    target = folder / MANIFEST_NAME
    write_replace(target, write_manifest_text(snapshot_rows(folder)).encode("utf-8"))
    return target


if __name__ == "__main__":  # python -m timeline.store.snapshot data/raw/<case>/snapshot
    import sys

    for arg in sys.argv[1:] or ["."]:
        print(build_snapshot_manifest(arg))
