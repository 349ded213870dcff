"""The manifest survives crashes: a truncated last line is ignored by readers and cut by writers."""

from timeline.store.manifest import HEADER, ManifestRow, ManifestWriter, read_manifest, repair_tail

SHA = "b" * 64


def row(i: int, **kw) -> ManifestRow:
    return ManifestRow(url=f"https://a.example/{i}", final_url=f"https://a.example/{i}", status=200,
                       fetched_at="2026-01-02T10:00:00Z", sha256=SHA, content_type="text/html",
                       bytes=10, path=f"objects/bb/{SHA}.html", **kw)


def test_round_trip_and_header(tmp_path):
    path = tmp_path / "manifest.csv"
    writer = ManifestWriter(path)
    writer.append(row(1))
    writer.append(ManifestRow("https://a.example/2", status=0, error="timeout: ReadTimeout\nsecond line, \"quoted\""))
    writer.close()
    text = path.read_text()
    assert text.startswith(HEADER) and text.count("\n") == 3  # no field ever breaks a line
    read = read_manifest(path)
    assert read.rows[0] == row(1)
    assert read.rows[1].error == 'timeout: ReadTimeout second line, "quoted"'
    assert not read.truncated_tail and not read.bad_lines


def test_truncated_last_line_is_ignored_then_repaired(tmp_path):
    path = tmp_path / "manifest.csv"
    writer = ManifestWriter(path)
    writer.append(row(1))
    writer.close()
    with path.open("ab") as fh:  # what a kill -9 in the middle of a write could leave
        fh.write(b"https://a.example/2,https://a.exa")
    read = read_manifest(path)
    assert read.truncated_tail and [r.url for r in read.rows] == ["https://a.example/1"]
    writer = ManifestWriter(path)  # opening for append cuts the fragment first
    assert writer.repaired
    writer.append(row(3))
    writer.close()
    read = read_manifest(path)
    assert [r.url for r in read.rows] == ["https://a.example/1", "https://a.example/3"]
    assert not read.truncated_tail and not read.bad_lines
    assert not repair_tail(path)


def test_bad_lines_are_listed_not_fatal(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text(HEADER + "only,three,fields\n" + "u,f,notanumber,t,s,c,1,e,p,page\n", encoding="utf-8")
    with path.open("a") as fh:
        fh.write(",".join(["https://a.example/ok", "", "200", "", SHA, "text/html", "5", "", "objects/x", "page"]))
        fh.write("\n")
    read = read_manifest(path)
    assert [n for n, _ in read.bad_lines] == [2, 3]
    assert [r.url for r in read.rows] == ["https://a.example/ok"]


def test_manifest_without_kind_column_reads_as_pages(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("url,final_url,status,fetched_at,sha256,content_type,bytes,error,path\n"
                    f"https://a.example/1,,200,,{SHA},text/html,3,,objects/x.html\n", encoding="utf-8")
    assert read_manifest(path).rows[0].kind == "page"
