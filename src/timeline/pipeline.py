"""Wire the layers: input → parse → NLP → dataset → analysis, for a case or a user's corpus.

This module (with ``cli.py``) is the only place that knows every layer. It streams articles through the
NLP stage into part files (memory stays flat), then runs the cross-article steps (event merging, actor
table, network edges) on the compact mention tables, and writes every table atomically.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from timeline import PIPELINE_VERSION, __version__
from timeline.config import Case, Settings, load_case, load_sources, project_root
from timeline.dataset import io
from timeline.dataset.digests import DigestSet
from timeline.dataset.schema import TABLES
from timeline.dataset.store import WorkStore, article_key, fingerprint
from timeline.errors import TimelineError
from timeline.ingest.folder import read_folder
from timeline.ingest.jsonl import read_jsonl
from timeline.ingest.records import IngestReport
from timeline.types import ActorEntry, Article


@dataclass
class RunSummary:
    """What a run read, kept, rejected and wrote; printed by the CLI and saved as run.json."""

    out_dir: Path
    case: str | None
    case_dir: str | None = None  # the case folder, so `timeline.load(out)` finds its milestones
    input_digest: str | None = None  # the articles and extraction behind these tables
    analysis_digest: str | None = None  # ... plus the analysis settings: equal digests, equal tables
    n_records: int = 0
    n_articles: int = 0
    n_reused: int = 0  # articles whose results were kept from an earlier run
    n_rejected: int = 0
    n_warnings: int = 0
    n_event_mentions: int = 0
    n_events: int = 0
    n_actors: int = 0
    n_edges: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    reports: list[IngestReport] = field(default_factory=list)

    def to_json(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k not in ("reports", "out_dir")}
        data.update(out_dir=str(self.out_dir), version=__version__, pipeline_version=PIPELINE_VERSION)
        return data


def case_raw_folders(case: Case, root: Path | None = None) -> list[Path]:
    """The raw folders of a case: the shipped snapshot and, when collected, the live pages."""
    base = (root or project_root()) / "data" / "raw" / case.name
    return [p for p in (base / "snapshot", base / "live") if p.is_dir()]


def _hints(case: Case | None) -> dict[str, dict]:
    if case is None or not case.sources_csv.is_file():
        return {}
    return {row["url"]: row for row in load_sources(case.sources_csv)}


def iter_input(path: Path, settings: Settings, reports: list[IngestReport],
               case: Case | None = None) -> Iterator[Article]:
    """Articles from a JSONL file or a folder (raw store, snapshot, or plain HTML files)."""
    report = IngestReport(source=str(path))
    reports.append(report)
    if path.is_dir():
        yield from read_folder(path, report, hints_by_url=_hints(case), max_chars=settings.max_text_chars)
    elif path.is_file():
        yield from read_jsonl(path, report, max_chars=settings.max_text_chars)
    else:
        raise TimelineError(f"input not found: {path}")


@functools.lru_cache(maxsize=4)
def _code_digest(*parts: str) -> str:
    """A hash of the package's code and data under `parts`, so upgraded code never reuses stale results."""
    import hashlib

    package = Path(__file__).resolve().parent
    files = sorted(f for part in parts for f in ([package / part] if part.endswith(".py") else
                                                 [*(package / part).rglob("*.py"), *(package / part).rglob("*.yml")]))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _fingerprint(actors: tuple[ActorEntry, ...], extension: Path | None, settings: Settings) -> str:
    """What changes per-article results: a different value means every article is processed again."""
    triggers = extension.read_text(encoding="utf-8") if extension else ""
    return fingerprint(PIPELINE_VERSION, __version__, _code_digest("nlp", "temporal.py"), repr(actors), triggers,
                       settings.max_text_chars, settings.use_trained_pipeline)


def _in_nlp_order(articles: Iterable[Article], settings: Settings) -> Iterator[Article]:
    """The articles in the order the NLP stage emits them: grouped by language, ``batch_size`` at a time.

    One process emits its analyses in this order anyway; handing the engine the articles already in it
    means every chunk a worker takes is a run of whole language groups, which the worker's own grouping
    leaves as it is. So the batches, put back in stream order, give the same rows in the same order with
    any number of workers.
    """
    from timeline.nlp.pipeline import language_batches

    for _lang, batch in language_batches(articles, settings):
        yield from batch


def _analyze(articles: Iterable[Article], case: Case | None, settings: Settings, out_dir: Path,
             summary: RunSummary) -> tuple[WorkStore, DigestSet]:
    """Stream new articles through NLP into crash-safe batches; return them and the current input's keys."""
    from timeline.engine import process

    actors = case.actors if case else ()
    extension = case.event_triggers if case else None
    work = WorkStore(out_dir, _fingerprint(actors, extension, settings))
    done = work.done_keys()
    current = DigestSet()  # one key per input article, compact: see dataset.digests

    def todo() -> Iterator[Article]:
        for article in articles:
            key = article_key(article.article_id, article.content_sha256)
            current.add(key)
            if key in done:
                summary.n_reused += 1
                continue
            yield article

    process(_in_nlp_order(todo(), settings), work, actors=actors, settings=settings, extension=extension)
    summary.input_digest = fingerprint(work.root.name, *(key.hex() for key in current))  # in byte order: sorted
    io.release_memory()
    return work, current


def _cross_article(out_dir: Path, actors: tuple[ActorEntry, ...], settings: Settings,
                   summary: RunSummary) -> None:
    """Build the actor table, merge mentions into events and build the network edges, from the tables on disk.

    The actor table and the edges are DuckDB group-bys over the Parquet files, so no mention table is
    ever held whole in Python; the event merge gets the actor weights it ranks events with.
    """
    from timeline.analysis import aggregate

    with aggregate.connect(out_dir, threads=settings.workers) as con:
        actor_table = aggregate.actors_from_tables(con, actors)
    io.write_table("actors", actor_table, out_dir)
    weights = dict(zip(actor_table["name"], actor_table["n_articles"], strict=True))
    io.release_memory()  # each step starts from what the run holds, not from the previous step's peak
    summary.n_event_mentions, summary.n_events = _merge_events(out_dir, actors, settings, weights)
    io.release_memory()
    with aggregate.connect(out_dir, threads=settings.workers) as con:
        edges = aggregate.edges_from_tables(con)
    io.write_table("edges", edges, out_dir)
    summary.n_actors, summary.n_edges = len(actor_table), len(edges)


def _merge_events(out_dir: Path, actors: tuple[ActorEntry, ...], settings: Settings,
                  weights: dict[str, int]) -> tuple[int, int]:
    """Write ``events`` (+ timeline.csv) and ``event_mentions`` with event ids; return their row counts."""
    from timeline.analysis.merge_stream import merge_event_files

    return merge_event_files(out_dir, settings=settings, dictionary=actors, actor_weights=weights)


def run(articles: Iterable[Article], out_dir: Path | str, *, case: Case | None = None,
        settings: Settings | None = None, summary: RunSummary | None = None) -> RunSummary:
    """Run NLP, dataset and analysis on `articles`; write every table to `out_dir`."""
    settings = settings or Settings()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    io.clean_stale_temps(out_dir)
    io.use_system_memory_pool()  # freed Arrow buffers go back to the system between phases
    summary = summary or RunSummary(out_dir=out_dir, case=case.name if case else None)
    summary.case_dir = str(case.root) if case else None
    actors = case.actors if case else ()
    t0 = time.perf_counter()
    work, current = _analyze(articles, case, settings, out_dir, summary)
    summary.analysis_digest = fingerprint(summary.input_digest, _code_digest("analysis", "pipeline.py"),
                                          settings.merge_window_days, settings.key_events, settings.keep_modalities,
                                          settings.lang)
    reuse = _reuse_analysis(out_dir, summary)
    if not reuse:
        # The tables are about to change: a run.json left by a crash from here on must not vouch for them
        (out_dir / "run.json").unlink(missing_ok=True)
        summary.n_articles = work.consolidate(out_dir, current)["articles"]
    del current  # one key per input article: not needed by the cross-article steps
    io.release_memory()
    t1 = time.perf_counter()
    if not reuse:  # consolidation rewrites event_mentions without event ids: the analysis must follow it
        _cross_article(out_dir, actors, settings, summary)
    t2 = time.perf_counter()
    summary.seconds = {"nlp": round(t1 - t0, 3), "analysis": round(t2 - t1, 3)}
    _write_rejects(out_dir, summary)
    io.atomic_write_text(out_dir / "run.json", json.dumps(summary.to_json(), indent=2, default=str) + "\n")
    return summary


CROSS_ARTICLE_OUTPUTS = ("articles.parquet", "timexes.parquet", "actor_mentions.parquet", "event_mentions.parquet",
                         "events.parquet", "actors.parquet", "edges.parquet", "timeline.csv", "actors.csv", "edges.csv")


def _reuse_analysis(out_dir: Path, summary: RunSummary) -> bool:
    """Keep the previous run's cross-article tables when nothing they depend on has changed."""
    try:
        previous = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if previous.get("analysis_digest") != summary.analysis_digest:
        return False
    if not all((out_dir / name).is_file() for name in CROSS_ARTICLE_OUTPUTS):
        return False
    for key in ("n_articles", "n_event_mentions", "n_events", "n_actors", "n_edges"):
        setattr(summary, key, previous.get(key, 0))
    return True


def _write_rejects(out_dir: Path, summary: RunSummary) -> None:
    all_rows = [row for report in summary.reports for row in report.rows()]
    summary.n_records = sum(r.n_records for r in summary.reports)
    summary.n_rejected = sum(r.n_rejected for r in summary.reports)
    summary.n_warnings = sum(len(r.warnings) for r in summary.reports)
    io.write_table("rejects", pd.DataFrame(all_rows, columns=TABLES["rejects"].names), out_dir)


def processed_dir(case_name: str, root: Path | None = None) -> Path:
    return (root or project_root()) / "data" / "processed" / case_name


def run_case(name: str, out: Path | str | None = None, settings: Settings | None = None,
             root: Path | None = None) -> RunSummary:
    """Run the whole pipeline on a case's raw folders into ``data/processed/<case>/``."""
    case = load_case(name, root)
    settings = settings or Settings()
    folders = case_raw_folders(case, root)
    if not folders:
        raise TimelineError(f"case {name!r} has no raw pages: run `timeline collect {name}` first")
    out_dir = Path(out) if out else processed_dir(case.name, root)
    summary = RunSummary(out_dir=out_dir, case=case.name)

    def articles() -> Iterator[Article]:
        for folder in folders:
            yield from iter_input(folder, settings, summary.reports, case)

    return run(articles(), out_dir, case=case, settings=settings, summary=summary)


def run_input(path: Path | str, out: Path | str, case: str | None = None, settings: Settings | None = None,
              root: Path | None = None) -> RunSummary:
    """Run the pipeline on a user's JSONL file or folder of pages (the bring-your-own-corpus contract)."""
    loaded = load_case(case, root) if case else None
    settings = settings or Settings()
    summary = RunSummary(out_dir=Path(out), case=loaded.name if loaded else None)
    articles = iter_input(Path(path), settings, summary.reports, loaded)
    return run(articles, out, case=loaded, settings=settings, summary=summary)
