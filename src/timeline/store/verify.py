"""`timeline verify`: does every manifest row's body exist with the hash the manifest says?

Read-only. Problems that lose or corrupt data (missing object, hash mismatch, a path outside the
store, an unreadable row) fail the check; leftovers a rerun repairs by itself (a truncated last
line, an object whose row a crash lost) are reported as warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from timeline.store.manifest import MANIFEST_NAME, read_manifest
from timeline.store.raw import OBJECTS, inside, iter_object_files, sha256_file
from timeline.store.snapshot import unlisted_pages


@dataclass
class VerifyReport:
    store: Path
    rows: int = 0
    objects_checked: int = 0
    missing: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    bad_rows: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    truncated_tail: bool = False
    no_manifest: bool = False

    @property
    def ok(self) -> bool:
        return not (self.missing or self.mismatched or self.bad_rows or self.no_manifest)

    def lines(self) -> list[str]:
        """A human summary, one problem per line, worst first."""
        out = [f"{self.store}: {self.rows} manifest rows, {self.objects_checked} objects checked"]
        if self.no_manifest:
            out.append("  ERROR no manifest.csv in this folder (for a folder of readable pages, write one with "
                       f"`python -m timeline.store.snapshot {self.store}`)")
        out += [f"  ERROR hash mismatch: {p}" for p in self.mismatched]
        out += [f"  ERROR missing object: {p}" for p in self.missing]
        out += [f"  ERROR bad manifest row: {p}" for p in self.bad_rows]
        out += [f"  warning: stored file without a manifest row: {p}" for p in self.orphans]
        if self.truncated_tail:
            out.append("  warning: the last manifest line is truncated (a crash); the next collect repairs it")
        out.append("  OK" if self.ok else "  FAILED")
        return out


def verify_store(store_dir: Path | str) -> VerifyReport:
    """Check one store folder (a collected store or a snapshot with its manifest)."""
    root = Path(store_dir)
    report = VerifyReport(store=root)
    manifest = root / MANIFEST_NAME
    if not manifest.is_file():
        report.no_manifest = True
        return report
    read = read_manifest(manifest)
    report.rows = len(read.rows)
    report.truncated_tail = read.truncated_tail
    report.bad_rows = [f"line {n}: {why}" for n, why in read.bad_lines]
    hashes: dict[str, str] = {}
    referenced: set[str] = set()
    for row in read.rows:
        if not row.path:
            continue
        try:
            target = inside(root, row.path)
        except ValueError as exc:
            report.bad_rows.append(str(exc))
            continue
        referenced.add(target.as_posix())
        if not target.is_file():
            report.missing.append(row.path)
            continue
        if row.path not in hashes:
            hashes[row.path] = sha256_file(target)
            report.objects_checked += 1
        if hashes[row.path] != row.sha256:
            report.mismatched.append(f"{row.path} (manifest {row.sha256[:12]}…, file {hashes[row.path][:12]}…)")
    report.missing = sorted(set(report.missing))
    report.mismatched = sorted(set(report.mismatched))
    if (root / OBJECTS).is_dir():
        report.orphans = [p.relative_to(root).as_posix() for p in iter_object_files(root)
                          if p.resolve().as_posix() not in referenced]
    else:  # a snapshot: readable pages the manifest does not list
        report.orphans = unlisted_pages(root, {row.path for row in read.rows})
    return report
