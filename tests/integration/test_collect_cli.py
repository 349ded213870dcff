"""`timeline collect` / `timeline verify` as a user runs them (typer), against local servers only."""

from __future__ import annotations

import contextlib
import socket
from pathlib import Path

import pytest
import typer
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from timeline.cli_collect import collect, verify
from timeline.store.manifest import read_manifest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "collect"
app = typer.Typer()
app.command("collect")(collect)
app.command("verify")(verify)
runner = CliRunner()


def output(result) -> str:
    text = result.output
    with contextlib.suppress(ValueError):  # older click mixes stderr into output
        text += result.stderr
    return " ".join(text.split())


@pytest.fixture
def site():
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    for name in ("article-en.html", "article-fr.html", "article-nl.html"):
        server.expect_request(f"/{name}").respond_with_data((FIXTURES / name).read_bytes(), content_type="text/html")
    server.expect_request("/missing").respond_with_data("no", status=404)
    yield server
    server.clear()
    server.stop()


def test_collect_then_verify(site, tmp_path):
    listing = tmp_path / "urls.csv"
    listing.write_text("url,outlet,language\n" + "".join(f"{site.url_for('/' + n)},Example,xx\n" for n in
                                                       ("article-en.html", "article-fr.html")), encoding="utf-8")
    store = tmp_path / "raw"
    result = runner.invoke(app, ["collect", "--urls", str(listing), "--url", site.url_for("/article-nl.html"),
                                 "--url", site.url_for("/missing"), "--out", str(store), "--allow-private",
                                 "--delay", "0", "--no-progress"])
    assert result.exit_code == 0, output(result)
    assert "3 new pages stored" in output(result) and "1 settled errors" in output(result)
    assert len([r for r in read_manifest(store / "manifest.csv").rows if r.stored]) == 3

    checked = runner.invoke(app, ["verify", str(store)])
    assert checked.exit_code == 0 and "OK" in output(checked)
    victim = next((store / "objects").glob("*/*.html"))
    victim.write_bytes(victim.read_bytes().replace(b"Grok", b"Gork"))
    checked = runner.invoke(app, ["verify", str(store)])
    assert checked.exit_code == 1 and "hash mismatch" in output(checked)


def test_private_addresses_need_the_flag(site, tmp_path):
    result = runner.invoke(app, ["collect", "--url", site.url_for("/article-en.html"), "--out", str(tmp_path / "r"),
                                 "--no-progress"])
    assert result.exit_code == 0  # refused, not failed: nothing a rerun could fix without the flag
    assert "1 refused" in output(result) and "unsafe-url" in output(result)
    assert site.log == []


def test_argument_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["collect"]).exit_code == 2
    no_out = runner.invoke(app, ["collect", "--url", "https://example.org/a"])
    assert no_out.exit_code == 2 and "--out" in output(no_out)
    bad_date = runner.invoke(app, ["collect", "--url", "https://example.org/a", "--out", str(tmp_path),
                                   "--since", "2026-02-30"])
    assert bad_date.exit_code == 2 and "--since" in output(bad_date)
    assert runner.invoke(app, ["verify", str(tmp_path / "nowhere")]).exit_code == 2


def test_case_without_network_says_so_and_keeps_the_snapshot(tmp_path, monkeypatch):
    root = tmp_path / "project"
    case = root / "config" / "cases" / "demo"
    case.mkdir(parents=True)
    (case / "case.toml").write_text(
        '[case]\ntitle = "Demo"\nlanguages = ["en", "fr"]\n[window]\nstart = 2026-01-01\nend = 2026-01-31\n'
        '[collect]\nfeeds = ["https://feeds.example.invalid/rss"]\ngdelt_queries = ["grok"]\n', encoding="utf-8")
    (case / "sources.csv").write_text("url,outlet,language,published_date\n"
                                      "https://news.example.invalid/a,A,en,2026-01-02\n"
                                      "https://actu.example.invalid/b,B,fr,2026-01-03\n", encoding="utf-8")
    snapshot = root / "data" / "raw" / "demo" / "snapshot" / "en"
    snapshot.mkdir(parents=True)
    (snapshot / "a.html").write_bytes((FIXTURES / "article-en.html").read_bytes())
    before = {p: p.read_bytes() for p in snapshot.parent.rglob("*") if p.is_file()}

    def no_dns(*args, **kwargs):
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)  # nothing can leave the machine
    monkeypatch.setenv("TIMELINE_HOME", str(root))
    result = runner.invoke(app, ["collect", "demo", "--no-progress"])
    assert result.exit_code == 2, output(result)
    text = output(result)
    assert f"no network: 4 of 4 sources unreachable; the offline snapshot in {root / 'data/raw/demo/snapshot'} " \
           "still works" in text
    assert "Traceback" not in text
    after = {p: p.read_bytes() for p in snapshot.parent.rglob("*") if p.is_file()}
    assert after == before
    rows = read_manifest(root / "data" / "raw" / "demo" / "live" / "manifest.csv").rows
    assert rows and all(r.error.startswith(("dns:", "robots-unavailable")) or r.kind != "page" for r in rows)
