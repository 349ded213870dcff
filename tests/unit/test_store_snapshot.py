"""Hand-made snapshot folders: a deterministic manifest and the same reader as collected stores."""

import hashlib
from pathlib import Path

from timeline.store.manifest import read_manifest
from timeline.store.raw import RawStore, find_stores, iter_stored_pages
from timeline.store.snapshot import build_snapshot_manifest, page_provenance, snapshot_rows
from timeline.store.verify import verify_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "collect"


def make_snapshot(root: Path) -> Path:
    snap = root / "snapshot"
    (snap / "en").mkdir(parents=True)
    (snap / "fr").mkdir()
    (snap / "nl").mkdir()
    (snap / "en" / "example-news-grok-safeguards.html").write_bytes((FIXTURES / "article-en.html").read_bytes())
    (snap / "fr" / "actu-grok-justice.html").write_bytes((FIXTURES / "article-fr.html").read_bytes())
    (snap / "nl" / "nieuws-grok-beperkt.html").write_text(
        '<html><head><meta name="timeline:source-url" content="https://nieuws.example.nl/grok">'
        '<link rel="canonical" href="https://nieuws.example.nl/other">'
        '<meta name="timeline:fetched-at" content="2026-01-20T12:00:00Z"></head><body>Grok</body></html>',
        encoding="utf-8")
    (snap / "README.md").write_text("notes, not a page")
    return snap


def test_provenance_from_the_page_head():
    url, fetched = page_provenance((FIXTURES / "article-en.html").read_bytes())
    assert url == "https://news.example.org/technology/2026/jan/02/grok-safeguard-lapses"
    assert fetched == "2026-01-02T18:41:00+00:00"  # no fetch time given: the published time
    assert page_provenance(b"<html><body>no head at all") == ("", "")


def test_manifest_is_deterministic_and_verifiable(tmp_path):
    snap = make_snapshot(tmp_path)
    first = build_snapshot_manifest(snap).read_bytes()
    second = build_snapshot_manifest(snap).read_bytes()
    assert first == second
    rows = read_manifest(snap / "manifest.csv").rows
    assert [r.path for r in rows] == ["en/example-news-grok-safeguards.html", "fr/actu-grok-justice.html",
                                      "nl/nieuws-grok-beperkt.html"]
    nl = rows[2]
    assert nl.url == "https://nieuws.example.nl/grok"  # the explicit source-url beats the canonical link
    assert nl.fetched_at == "2026-01-20T12:00:00Z" and nl.status == 200
    assert nl.sha256 == hashlib.sha256((snap / nl.path).read_bytes()).hexdigest()
    assert verify_store(snap).ok


def test_pages_readable_with_or_without_manifest(tmp_path):
    snap = make_snapshot(tmp_path)
    without = [(p.url, p.path) for p in iter_stored_pages(snap)]
    assert not (snap / "manifest.csv").exists()  # reading never writes into the snapshot
    build_snapshot_manifest(snap)
    with_manifest = [(p.url, p.path) for p in iter_stored_pages(snap)]
    assert without == with_manifest and len(without) == 3
    page = next(iter(iter_stored_pages(snap)))
    assert page.read_bytes() == (FIXTURES / "article-en.html").read_bytes()


def test_case_raw_folder_reads_snapshot_and_live_together(tmp_path):
    raw = tmp_path / "grok-2026"
    make_snapshot(raw)
    with RawStore(raw / "live") as store:
        store.put(b"<html>live page</html>", url="https://live.example/1", final_url="https://live.example/1",
                  status=200, fetched_at="2026-02-01T00:00:00Z", content_type="text/html")
    assert [p.name for p in find_stores(raw)] == ["live", "snapshot"]
    assert {p.url for p in iter_stored_pages(raw)} >= {"https://live.example/1", "https://nieuws.example.nl/grok"}
    assert len(list(iter_stored_pages(raw))) == 4


def test_pages_added_after_the_manifest_are_flagged(tmp_path, caplog):
    snap = make_snapshot(tmp_path)
    build_snapshot_manifest(snap)
    (snap / "en" / "late-addition.html").write_text("<html><head></head><body>late</body></html>")
    assert len(list(iter_stored_pages(snap))) == 3
    assert "1 pages are not in its manifest" in caplog.text
    report = verify_store(snap)
    assert report.ok and report.orphans == ["en/late-addition.html"]
    build_snapshot_manifest(snap)
    assert len(list(iter_stored_pages(snap))) == 4


def test_page_without_url_keeps_an_empty_url(tmp_path):
    (tmp_path / "x.html").write_text("<html><head><title>t</title></head><body>b</body></html>")
    [row] = snapshot_rows(tmp_path)
    assert row.url == "" and row.path == "x.html"
