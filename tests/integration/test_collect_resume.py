"""Crash safety: kill -9 the collector at random points, rerun, and nothing is lost or fetched twice.

Also: a run where some hosts fail (500s, refused connections, hanging responses) still stores every
page the working hosts serve.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from timeline.collect.runner import Collector
from timeline.collect.settings import CollectSettings
from timeline.collect.sources import Plan, Source
from timeline.store.manifest import read_manifest
from timeline.store.raw import iter_object_files
from timeline.store.verify import verify_store

PAGES_PER_HOST = 20
COLLECT = ("from timeline.cli_collect import collect; import typer; typer.run(collect)",)


def page_body(host: int, i: int) -> bytes:
    return (f"<!DOCTYPE html><html lang='en'><head><title>Grok coverage {host}-{i}</title></head><body><article>"
            f"<h1>Regulators react to Grok images (part {i} from outlet {host})</h1>"
            f"<p>{'On 2 January 2026 Grok acknowledged lapses in its safeguards. ' * (5 + i)}</p>"
            "</article></body></html>").encode()


class Site:
    """Local hosts whose handler can kill the collector process after its k-th page response."""

    def __init__(self, n_hosts: int = 2):
        self.lock = threading.Lock()
        self.log: list[tuple[str, int]] = []  # (url, status) of every page response
        self.kill_after: int | None = None
        self.kill_signal = signal.SIGKILL
        self.pid: int | None = None
        self.served_this_run = 0
        self.rng = random.Random(7)
        self.servers = [HTTPServer(host="127.0.0.1", port=0, threaded=True) for _ in range(n_hosts)]
        self.bodies: dict[str, bytes] = {}
        for h, server in enumerate(self.servers):
            server.start()
            server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
            for i in range(PAGES_PER_HOST):
                url = server.url_for(f"/news/{i}")
                self.bodies[url] = page_body(h, i)
                server.expect_request(f"/news/{i}").respond_with_handler(self._handler(url))

    def _handler(self, url: str):
        def handle(request: Request) -> Response:
            with self.lock:
                self.log.append((url, 200))
                self.served_this_run += 1
                if self.kill_after is not None and self.served_this_run == self.kill_after and self.pid:
                    # kill a few milliseconds later: lands anywhere in hashing, object or manifest writes
                    threading.Timer(self.rng.uniform(0.0, 0.03), os.kill, (self.pid, self.kill_signal)).start()
            return Response(self.bodies[url], content_type="text/html; charset=utf-8")
        return handle

    def stop(self) -> None:
        for server in self.servers:
            server.clear()
            server.stop()


def stored_urls(store: Path, bodies: dict[str, bytes]) -> set[str]:
    """URLs whose body is on disk, judged from the object files alone (the test knows every body)."""
    by_sha = {hashlib.sha256(b).hexdigest(): url for url, b in bodies.items()}
    return {by_sha[p.name.split(".")[0]] for p in iter_object_files(store) if p.name.split(".")[0] in by_sha}


def run_collector(urls_file: Path, store: Path, site: Site, kill_after: int | None, delay: float = 0.01) -> int:
    with site.lock:
        site.kill_after, site.served_this_run = kill_after, 0
    cmd = [sys.executable, "-c", *COLLECT, "--urls", str(urls_file), "--out", str(store), "--allow-private",
           "--delay", str(delay), "--per-host", "2", "--workers", "4", "--no-progress"]
    # a job started in the background (nohup, `cmd &` in a script) inherits SIGINT ignored, and Python then
    # never raises KeyboardInterrupt: give the collector the disposition of a terminal's foreground job
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    site.pid = proc.pid
    _, err = proc.communicate(timeout=60)
    site.pid = None
    if proc.returncode not in (0, 130, -signal.SIGKILL):
        pytest.fail(f"collector exited {proc.returncode}: {err.decode()[-2000:]}")
    return proc.returncode


@pytest.mark.timeout(120)
def test_kill_9_at_random_points_then_resume(tmp_path):
    site = Site()
    try:
        urls_file = tmp_path / "urls.txt"
        urls_file.write_text("\n".join(site.bodies) + "\n", encoding="utf-8")
        store = tmp_path / "store"
        rng = random.Random(20260102)
        kills = 0
        for _ in range(4):
            before = stored_urls(store, site.bodies)
            remaining = len(site.bodies) - len(before)
            if remaining < 4:
                break
            start = len(site.log)
            code = run_collector(urls_file, store, site, kill_after=rng.randint(1, remaining // 2))
            kills += code == -signal.SIGKILL
            refetched = [u for u, status in site.log[start:] if status == 200 and u in before]
            assert refetched == [], f"already stored, fetched again: {refetched}"
        assert kills >= 3
        before = stored_urls(store, site.bodies)
        start = len(site.log)
        assert run_collector(urls_file, store, site, kill_after=None) == 0
        assert not [u for u, _ in site.log[start:] if u in before]

        objects = list(iter_object_files(store))
        assert len(objects) == len(site.bodies)  # every page stored exactly once
        assert stored_urls(store, site.bodies) == set(site.bodies)
        rows = [r for r in read_manifest(store / "manifest.csv").rows if r.stored]
        assert sorted(r.url for r in rows) == sorted(site.bodies)  # one stored row per URL, none doubled
        report = verify_store(store)
        assert report.ok and not report.orphans and not report.truncated_tail
    finally:
        site.stop()


def test_ctrl_c_stops_cleanly_and_resumes(tmp_path):
    site = Site(n_hosts=1)
    site.kill_signal = signal.SIGINT
    try:
        urls_file = tmp_path / "urls.txt"
        urls_file.write_text("\n".join(site.bodies) + "\n", encoding="utf-8")
        store = tmp_path / "store"
        assert run_collector(urls_file, store, site, kill_after=3, delay=0.1) == 130
        interrupted = stored_urls(store, site.bodies)
        assert 3 <= len(interrupted) < len(site.bodies)
        assert verify_store(store).ok and not verify_store(store).orphans  # in-flight work was finished
        start = len(site.log)
        assert run_collector(urls_file, store, site, kill_after=None, delay=0.01) == 0
        assert not [u for u, _ in site.log[start:] if u in interrupted]
        assert stored_urls(store, site.bodies) == set(site.bodies)
    finally:
        site.stop()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_failing_hosts_do_not_stop_working_ones(tmp_path):
    working = Site(n_hosts=3)
    broken = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    broken.start()
    broken.expect_request("/robots.txt").respond_with_data("", status=404)
    broken.expect_request("/down").respond_with_data("Internal Server Error", status=500)

    def hang(request: Request) -> Response:
        time.sleep(1.5)
        return Response("late", content_type="text/html")

    broken.expect_request("/hang").respond_with_handler(hang)
    dead = f"http://127.0.0.1:{closed_port()}"
    try:
        urls = [u for u in working.bodies if int(u.rsplit("/", 1)[1]) < 6]  # 6 pages on each working host
        failing = [broken.url_for("/down"), broken.url_for("/hang"), f"{dead}/news/1", f"{dead}/news/2"]
        mixed = [u for pair in zip(failing * 5, urls, strict=False) for u in pair] + urls[len(failing) * 5:]
        settings = CollectSettings(allow_private=True, min_delay=0.01, retries=1, backoff_base=0.05,
                                   connect_timeout=0.5, read_timeout=0.3)
        started = time.monotonic()
        report = Collector(tmp_path, settings, progress=False).run(Plan(tuple(Source("url", u) for u in mixed)))
        assert time.monotonic() - started < 15
        assert report.stored_new == len(urls) == 18
        assert report.failed == len(failing)
        assert set(report.errors) == {"http-status", "timeout", "robots-unavailable"}
        assert report.exit_code == 1 and not report.no_network
        # the rerun only retries the failures
        start = len(working.log)
        again = Collector(tmp_path, settings, progress=False).run(Plan(tuple(Source("url", u) for u in mixed)))
        assert again.skipped_done == len(urls) and again.attempted == len(failing)
        assert len(working.log) == start
    finally:
        working.stop()
        broken.clear()
        broken.stop()
