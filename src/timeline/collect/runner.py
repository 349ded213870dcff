"""The collection loop: discover article URLs, fetch each once, store bodies and manifest rows.

1. Open the store (exclusive lock, stale temp files removed, a truncated manifest line cut, orphan
   objects adopted) and read which URLs are already done (:mod:`timeline.collect.resume`).
2. Expand feeds, sitemaps and GDELT queries into URLs (their documents are stored too, for
   provenance, with ``kind`` feed/sitemap/gdelt).
3. Normalise and de-duplicate the URLs, drop the done ones, and fetch the rest on a thread pool
   whose scheduler keeps every host within its delay and concurrency cap.

Every attempt is a manifest row the moment it ends, so a kill at any point loses at most the
requests in flight; the next run picks up from the manifest.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as dtime
from pathlib import Path

from tqdm import tqdm

from timeline.collect.feeds import discover_feed
from timeline.collect.gdelt import GDELT_ENDPOINT, GdeltSearch
from timeline.collect.http import HTML_TYPES, JSON_TYPES, XML_TYPES, Fetcher, FetchResult
from timeline.collect.items import Discovery, FoundURL
from timeline.collect.ratelimit import HostScheduler
from timeline.collect.resume import done_keys, is_final, is_unreachable
from timeline.collect.settings import CollectSettings
from timeline.collect.sitemaps import discover_sitemap
from timeline.collect.sources import Plan, Source
from timeline.collect.urls import host_key, try_normalize
from timeline.store.manifest import ManifestRow
from timeline.store.raw import RawStore, sha256_bytes

Echo = Callable[[str], None]
REFUSAL_KINDS = frozenset({"robots-disallowed", "unsafe-url"})


@dataclass
class CollectReport:
    store: Path
    sources_tried: int = 0
    sources_unreachable: int = 0
    urls_found: int = 0
    skipped_done: int = 0
    attempted: int = 0
    stored_new: int = 0
    stored_duplicate: int = 0
    failed: int = 0  # will be retried by the next run
    refused: int = 0  # by robots.txt or the address policy (re-checked by the next run, no error)
    settled_errors: int = 0  # permanent 4xx, not HTML, too large
    adopted: int = 0
    interrupted: bool = False
    errors: Counter = field(default_factory=Counter)
    discovery_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def no_network(self) -> bool:
        return self.sources_tried > 0 and self.sources_unreachable == self.sources_tried

    @property
    def exit_code(self) -> int:
        """0 all done; 1 some URLs failed (a rerun retries them); 2 nothing reachable; 130 interrupted."""
        if self.interrupted:
            return 130
        if self.no_network:
            return 2
        return 1 if self.failed or self.discovery_errors else 0

    def count(self, row: ManifestRow, existed: bool) -> None:
        """Tally one page attempt."""
        self.attempted += 1
        if row.stored:
            self.stored_duplicate += existed
            self.stored_new += not existed
        elif is_final(row):
            self.settled_errors += 1
        elif row.error_kind in REFUSAL_KINDS:
            self.refused += 1
        else:
            self.failed += 1
        if row.error:
            self.errors[row.error_kind] += 1

    def summary(self) -> str:
        rate = self.attempted / self.seconds if self.seconds else 0.0
        parts = [f"{self.stored_new} new pages stored", f"{self.stored_duplicate} duplicate bodies",
                 f"{self.skipped_done} already done", f"{self.failed} failed (retried next run)",
                 f"{self.refused} refused (robots.txt/address policy)", f"{self.settled_errors} settled errors"]
        if self.adopted:
            parts.append(f"{self.adopted} recovered from an interrupted run")
        return f"{', '.join(parts)}; {self.attempted} requests in {self.seconds:.1f} s ({rate:.2f} pages/s)"


@dataclass(frozen=True)
class _Task:
    key: str  # normalised URL
    found: FoundURL
    source_index: int  # which plan source it came from (-1: discovered by a feed/sitemap/GDELT)


class Collector:
    """Runs one collection into one store folder (see module docstring)."""

    def __init__(self, store_dir: Path | str, settings: CollectSettings | None = None, *,
                 fetcher: Fetcher | None = None, progress: bool = True, echo: Echo | None = None,
                 gdelt_endpoint: str = GDELT_ENDPOINT):
        self.store_dir = Path(store_dir)
        self.settings = settings or CollectSettings()
        self.fetcher = fetcher or Fetcher(self.settings)
        self.progress = progress
        self.echo = echo or (lambda _msg: None)
        self.gdelt_endpoint = gdelt_endpoint
        self._lock = threading.Lock()
        self._stop = threading.Event()

    # -- discovery --------------------------------------------------------------------------------

    def _doc_fetcher(self, store: RawStore, kind: str, accept: tuple[str, ...]) -> Callable[[str], FetchResult]:
        def fetch(url: str) -> FetchResult:
            use_robots = kind != "gdelt"  # the API is documented for programs; robots.txt governs crawling
            result = self.fetcher.fetch(url, accept=accept, max_bytes=self.settings.max_feed_bytes,
                                        use_robots=use_robots)
            self._record(store, result, kind)
            return result
        return fetch

    def _discover(self, source: Source, plan: Plan, store: RawStore) -> Discovery:
        s = self.settings
        if source.kind == "feed":
            return discover_feed(self._doc_fetcher(store, "feed", XML_TYPES), source.target, plan.since, plan.until)
        if source.kind == "sitemap":
            return discover_sitemap(self._doc_fetcher(store, "sitemap", XML_TYPES), source.target, since=plan.since,
                                    until=plan.until, languages=plan.languages, max_depth=s.sitemap_max_depth,
                                    max_files=s.sitemap_max_files, max_bytes=s.max_feed_bytes)
        start = datetime.combine(plan.since, dtime.min, UTC) if plan.since else datetime.now(UTC).replace(
            hour=0, minute=0, second=0, microsecond=0)
        end = datetime.combine(plan.until, dtime.max, UTC) if plan.until else datetime.now(UTC)
        search = GdeltSearch(self._doc_fetcher(store, "gdelt", JSON_TYPES), endpoint=self.gdelt_endpoint,
                             rate_limit_wait=max(1.0, self.fetcher.gate.delay(host_key(self.gdelt_endpoint))))
        return search.run(source.target, start, end, plan.languages)

    def _tasks(self, plan: Plan, store: RawStore, report: CollectReport) -> list[_Task]:
        done = done_keys(store.rows)
        tasks: dict[str, _Task] = {}
        for index, source in enumerate(plan.sources):
            if source.kind == "url":
                found = [FoundURL(source.target, origin="list", published=source.published,
                                  language=source.language, outlet=source.outlet)]
            else:
                report.sources_tried += 1
                discovery = self._discover(source, plan, store)
                report.sources_unreachable += not discovery.reached
                report.discovery_errors += discovery.errors
                found = discovery.found
                self.echo(f"{source.label}: {len(found)} URLs" + (f", {len(discovery.errors)} errors"
                                                                    if discovery.errors else ""))
            for item in found:
                key = try_normalize(item.url)
                if key is None:
                    report.errors["bad-url"] += 1
                    continue
                report.urls_found += 1
                if key in done:
                    report.skipped_done += 1
                elif key not in tasks:
                    tasks[key] = _Task(key, item, index if source.kind == "url" else -1)
        return list(tasks.values())

    # -- fetching ---------------------------------------------------------------------------------

    def _record(self, store: RawStore, result: FetchResult, kind: str, sha: str | None = None) -> ManifestRow:
        if result.ok:
            return store.put(result.body, url=result.url, final_url=result.final_url, status=result.status,
                             fetched_at=result.fetched_at, content_type=result.content_type, kind=kind, sha=sha)
        row = ManifestRow(url=result.url, final_url=result.final_url, status=result.status,
                          fetched_at=result.fetched_at, content_type=result.content_type, error=result.error,
                          kind=kind)
        store.record(row)
        return row

    def _fetch_one(self, task: _Task, store: RawStore, done: set[str], report: CollectReport,
                   reached_sources: set[int]) -> None:
        result = self.fetcher.fetch(task.key, accept=HTML_TYPES)
        sha = sha256_bytes(result.body) if result.ok else None
        with self._lock:
            existed = sha is not None and store.path_of(sha) is not None
            row = self._record(store, result, "page", sha)
            report.count(row, existed)
            if not is_unreachable(row):
                reached_sources.add(task.source_index)
            if is_final(row):
                done.add(task.key)
                final = try_normalize(row.final_url) if row.stored else None
                if final:
                    done.add(final)

    def _worker(self, sched: HostScheduler[_Task], store: RawStore, done: set[str], report: CollectReport,
                reached: set[int], bar: tqdm) -> None:
        while not self._stop.is_set():
            item = sched.get()
            if item is None:
                return
            host, task = item
            try:
                if task.key not in done:
                    self._fetch_one(task, store, done, report, reached)
            finally:
                sched.done(host)
                bar.update(1)

    def _fetch_all(self, tasks: list[_Task], store: RawStore, report: CollectReport, done: set[str]) -> None:
        sched: HostScheduler[_Task] = HostScheduler(self.fetcher.gate)
        for task in tasks:
            sched.put(host_key(task.key), task)
        sched.close()
        listed = {t.source_index for t in tasks if t.source_index >= 0}
        reached: set[int] = set()
        workers = max(1, min(self.settings.workers, len(tasks)))
        with tqdm(total=len(tasks), unit="page", desc="collect", disable=not self.progress, leave=False) as bar, \
                ThreadPoolExecutor(workers, thread_name_prefix="collect") as pool:
            futures = [pool.submit(self._worker, sched, store, done, report, reached, bar) for _ in range(workers)]
            try:
                while wait(futures, timeout=0.5).not_done:
                    pass
            except KeyboardInterrupt:
                self._stop.set()
                sched.cancel()
                report.interrupted = True
                wait(futures)
            for future in futures:
                future.result()
        report.sources_tried += len(listed)
        report.sources_unreachable += len(listed - reached)

    def run(self, plan: Plan) -> CollectReport:
        """Collect everything in `plan` into the store; see :class:`CollectReport` for the outcome."""
        started = time.monotonic()
        report = CollectReport(store=self.store_dir)
        with RawStore(self.store_dir) as store:
            report.adopted = len(store.adopted)
            tasks = self._tasks(plan, store, report)
            done = done_keys(store.rows)
            self._fetch_all(tasks, store, report, done)
        report.seconds = time.monotonic() - started
        return report
