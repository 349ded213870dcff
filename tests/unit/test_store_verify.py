"""`verify`: missing objects and hash mismatches fail; crash leftovers are warnings."""

from timeline.store.raw import RawStore
from timeline.store.verify import verify_store


def filled_store(root):
    with RawStore(root) as store:
        rows = [store.put(f"<html>page {i}</html>".encode(), url=f"https://a.example/{i}",
                          final_url=f"https://a.example/{i}", status=200, fetched_at="2026-01-02T00:00:00Z",
                          content_type="text/html") for i in range(3)]
    return rows


def test_clean_store_passes(tmp_path):
    filled_store(tmp_path)
    report = verify_store(tmp_path)
    assert report.ok and report.rows == 3 and report.objects_checked == 3
    assert report.lines()[-1].strip() == "OK"


def test_changed_and_missing_objects_fail(tmp_path):
    rows = filled_store(tmp_path)
    (tmp_path / rows[0].path).write_bytes(b"<html>edited by hand</html>")
    (tmp_path / rows[1].path).unlink()
    report = verify_store(tmp_path)
    assert not report.ok
    assert report.mismatched[0].startswith(rows[0].path)
    assert report.missing == [rows[1].path]
    assert "FAILED" in report.lines()[-1]


def test_orphans_and_truncated_tail_are_warnings(tmp_path):
    rows = filled_store(tmp_path)
    manifest = tmp_path / "manifest.csv"
    lines = manifest.read_text().splitlines(keepends=True)
    manifest.write_text("".join(lines[:-1]) + lines[-1][:30])  # last row cut mid-line
    report = verify_store(tmp_path)
    assert report.ok and report.truncated_tail
    assert report.orphans == [rows[2].path]


def test_hostile_path_and_no_manifest(tmp_path):
    filled_store(tmp_path)
    with (tmp_path / "manifest.csv").open("a") as fh:
        fh.write("https://a.example/x,,200,,abc,text/html,1,,../../etc/passwd,page\n")
    report = verify_store(tmp_path)
    assert not report.ok and "outside the store" in report.bad_rows[0]
    assert verify_store(tmp_path / "nothing-here").no_manifest
