"""The raw store: write-once, content-addressed page bodies with a manifest of every fetch."""

from timeline.store.raw import RawStore, StoredPage, build_snapshot_manifest, find_stores, iter_stored_pages

__all__ = ["RawStore", "StoredPage", "build_snapshot_manifest", "find_stores", "iter_stored_pages"]
