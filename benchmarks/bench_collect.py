"""Collection throughput against local servers: bounded by politeness, not by CPU.

Starts `--hosts` local HTTP servers (different ports = different hosts for the politeness rules),
each serving `--pages` article pages, and collects them all into a temporary raw store, once per
delay given in `--delays`. With a per-host delay of d seconds the expected rate is about
hosts / d pages/s; the CPU time column shows how little of the wall time the collector itself uses.
A delay of 0 shows the unthrottled ceiling of this machine.

    python benchmarks/bench_collect.py --hosts 4 --pages 15 --delays 1.0 0.5 0
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import tempfile
import time

from pytest_httpserver import HTTPServer

from timeline.collect.runner import Collector
from timeline.collect.settings import CollectSettings
from timeline.collect.sources import Plan, Source


def start_hosts(hosts: int, pages: int) -> tuple[list[HTTPServer], list[str]]:
    servers, urls = [], []
    for h in range(hosts):
        server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        server.start()
        server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
        for i in range(pages):
            body = (f"<html><head><title>Host {h} article {i}</title></head><body><article><p>"
                    + "Grok acknowledged lapses in its safeguards on 2 January 2026. " * 150
                    + "</p></article></body></html>").encode()
            server.expect_request(f"/news/{i}").respond_with_data(body, content_type="text/html; charset=utf-8")
            urls.append(server.url_for(f"/news/{i}"))
        servers.append(server)
    return servers, urls


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(urls: list[str], delay: float, per_host: int, workers: int) -> dict:
    settings = CollectSettings(allow_private=True, min_delay=delay, per_host=per_host, workers=workers)
    plan = Plan(sources=tuple(Source("url", u) for u in urls))
    with tempfile.TemporaryDirectory() as store:
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        report = Collector(store, settings, progress=False).run(plan)
        wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
    return {"delay_s": delay, "per_host": per_host, "workers": workers, "pages": report.stored_new,
            "wall_s": round(wall, 2), "pages_per_s": round(report.stored_new / wall, 2),
            "cpu_s": round(cpu, 2), "cpu_share": round(cpu / wall, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--pages", type=int, default=15, help="pages per host")
    parser.add_argument("--delays", type=float, nargs="+", default=[1.0, 0.5, 0.0])
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    servers, urls = start_hosts(args.hosts, args.pages)
    try:
        for delay in args.delays:
            row = measure(urls, delay, args.per_host, args.workers)
            row["expected_pages_per_s"] = round(args.hosts / delay, 2) if delay else None
            print(json.dumps(row))
    finally:
        for server in servers:
            server.clear()
            server.stop()


if __name__ == "__main__":
    main()
