"""Crash-safe file writes for the raw store.

`write_new` never replaces an existing file (content-addressed objects are write-once): the data goes
to a temporary file in the same folder, is fsynced, then hard-linked to its final name, which fails
if that name already exists. `write_replace` is for files that are meant to be regenerated whole
(a snapshot manifest). Either way a reader sees the old file or the complete new one, never half.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def fsync_dir(folder: Path) -> None:
    """Persist a rename/link in `folder` (POSIX; silently skipped where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_with(folder: Path, name: str, data: bytes) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def write_new(path: Path, data: bytes) -> bool:
    """Create `path` with `data` atomically; return False (and write nothing) if it already exists."""
    if path.exists():
        return False
    tmp = _temp_with(path.parent, path.name, data)
    try:
        os.link(tmp, path)
        created = True
    except FileExistsError:
        created = False
    except OSError:  # file systems without hard links: a rename, guarded by the existence check above
        created = not path.exists()
        if created:
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    if created:
        fsync_dir(path.parent)
    return created


def write_replace(path: Path, data: bytes) -> None:
    """Write `path` atomically, replacing any previous version."""
    tmp = _temp_with(path.parent, path.name, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def remove_stale_temps(folder: Path) -> int:
    """Delete temp files a killed run left behind; they never had a real name, so nothing is lost."""
    removed = 0
    if folder.is_dir():
        for tmp in folder.rglob(f".*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed += 1
    return removed
