"""Write-once, content-addressed objects; crash recovery; reading pages back."""

import hashlib
import json

import pytest

from timeline.errors import OutputError
from timeline.store.manifest import read_manifest
from timeline.store.raw import RawStore, StoreLockedError, inside, iter_stored_pages

PAGE = "<html><head><title>Grok</title></head><body>Grok a reconnu des « failles ».</body></html>".encode()


def put(store, body, url, **kw):
    return store.put(body, url=url, final_url=url, status=200, fetched_at="2026-01-02T10:00:00Z",
                     content_type="text/html; charset=utf-8", **kw)


def test_objects_are_content_addressed_and_stored_once(tmp_path):
    with RawStore(tmp_path) as store:
        first = put(store, PAGE, "https://a.example/1")
        second = put(store, PAGE, "https://b.example/copy")
    sha = hashlib.sha256(PAGE).hexdigest()
    assert first.path == second.path == f"objects/{sha[:2]}/{sha}.html"
    assert (tmp_path / first.path).read_bytes() == PAGE
    assert len(list((tmp_path / "objects").glob("*/*.html"))) == 1
    assert [r.url for r in read_manifest(tmp_path / "manifest.csv").rows] == ["https://a.example/1",
                                                                               "https://b.example/copy"]


def test_existing_objects_are_never_overwritten(tmp_path):
    with RawStore(tmp_path) as store:
        row = put(store, PAGE, "https://a.example/1")
    target = tmp_path / row.path
    mtime = target.stat().st_mtime_ns
    with RawStore(tmp_path) as store:
        put(store, PAGE, "https://a.example/again")
    assert target.stat().st_mtime_ns == mtime


def test_orphan_object_is_adopted_with_its_sidecar(tmp_path):
    with RawStore(tmp_path) as store:
        row = put(store, PAGE, "https://a.example/1")
    manifest = tmp_path / "manifest.csv"
    lines = manifest.read_text().splitlines(keepends=True)
    manifest.write_text(lines[0])  # the crash came after the object but before its manifest row
    with RawStore(tmp_path) as store:
        assert [r.url for r in store.adopted] == ["https://a.example/1"]
        assert store.path_of(row.sha256) == row.path
    rows = read_manifest(manifest).rows
    assert len(rows) == 1 and rows[0].sha256 == row.sha256 and rows[0].status == 200


def test_damaged_or_foreign_objects_are_not_adopted(tmp_path):
    sha = hashlib.sha256(PAGE).hexdigest()
    folder = tmp_path / "objects" / sha[:2]
    folder.mkdir(parents=True)
    (folder / f"{sha}.html").write_bytes(PAGE + b"tampered")
    (folder / f"{sha}.meta.json").write_text(json.dumps({"url": "https://a.example/1"}))
    with RawStore(tmp_path) as store:
        assert store.adopted == []
        assert store.path_of(sha) is None


def test_stale_temp_files_are_removed_and_truncated_manifest_repaired(tmp_path):
    with RawStore(tmp_path) as store:
        put(store, PAGE, "https://a.example/1")
    stale = tmp_path / "objects" / "ab" / ".abc.html.123.tmp"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"half")
    with (tmp_path / "manifest.csv").open("ab") as fh:
        fh.write(b"https://a.example/2,")
    with RawStore(tmp_path) as store:
        assert store.repaired_tail
    assert not stale.exists()
    assert not read_manifest(tmp_path / "manifest.csv").truncated_tail


def test_second_writer_is_refused(tmp_path):
    with RawStore(tmp_path), pytest.raises(StoreLockedError):
        RawStore(tmp_path).open()


def test_iter_stored_pages_one_per_body_and_pages_only(tmp_path):
    with RawStore(tmp_path) as store:
        put(store, PAGE, "https://a.example/1")
        put(store, PAGE, "https://a.example/dup")
        put(store, b"<rss/>", "https://a.example/rss", kind="feed")
        store.record(store.rows[0].__class__("https://a.example/404", status=404, error="http-status: 404"))
        put(store, b"<html>two</html>", "https://a.example/2")
    pages = list(iter_stored_pages(tmp_path))
    assert [p.url for p in pages] == ["https://a.example/1", "https://a.example/2"]
    assert pages[0].read_bytes() == PAGE
    assert pages[1].fetched_at == "2026-01-02T10:00:00Z"


def test_manifest_paths_cannot_escape_the_store(tmp_path):
    (tmp_path / "store").mkdir()
    (tmp_path / "secret.txt").write_text("x")
    for bad in ("../secret.txt", "/etc/passwd", ""):
        with pytest.raises(ValueError):
            inside(tmp_path / "store", bad)
    assert inside(tmp_path / "store", "objects/ab/x.html") == (tmp_path / "store" / "objects/ab/x.html").resolve()


def test_unwritable_store_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store folder should be")
    with pytest.raises(OutputError, match="cannot write the raw store"):
        RawStore(blocker / "store").open()
