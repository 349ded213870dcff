"""Where the per-article NLP runs: in this process (optionally several spaCy processes) or on Dask.

Both engines write the same crash-safe batches (``dataset.store.WorkStore``), so the tables built from them
are identical whichever engine ran; only the cross-article steps run afterwards, on compact tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path

from timeline.config import Settings
from timeline.dataset.store import WorkStore
from timeline.types import ActorEntry, Article


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def process(articles: Iterable[Article], work: WorkStore, *, actors: tuple[ActorEntry, ...],
            settings: Settings, extension: Path | None = None) -> int:
    """Analyse `articles` and write their results as batches; return how many were processed.

    `extension` is the case's ``events.yml`` (extra trigger terms), when it has one.
    """
    if settings.engine == "dask":
        from timeline.engine_dask import process_dask

        return process_dask(articles, work, actors=actors, settings=settings, extension=extension)
    return process_local(articles, work, actors=actors, settings=settings, extension=extension)


def process_local(articles: Iterable[Article], work: WorkStore, *, actors: tuple[ActorEntry, ...],
                  settings: Settings, extension: Path | None = None) -> int:
    if settings.workers > 1:
        return process_pool(articles, work, actors=actors, settings=settings, extension=extension)
    from timeline.nlp.pipeline import analyze_articles

    n = 0
    batch = []
    for analysis in analyze_articles(articles, actors=actors, settings=settings, extension=extension):
        batch.append(analysis)
        if len(batch) >= settings.checkpoint_every:
            work.write_batch(batch)
            n += len(batch)
            batch = []
    work.write_batch(batch)
    return n + len(batch)


def process_chunk(chunk: list[Article], work: WorkStore, actors: tuple[ActorEntry, ...], settings: Settings,
                  extension: Path | None = None) -> int:
    """One unit of distributed work: analyse a chunk in one process and write it as one batch."""
    from timeline.nlp.pipeline import analyze_articles

    analyses = list(analyze_articles(chunk, actors=actors, settings=settings.with_(workers=1), extension=extension))
    work.write_batch(analyses)
    return len(analyses)


def process_pool(articles: Iterable[Article], work: WorkStore, *, actors: tuple[ActorEntry, ...],
                 settings: Settings, extension: Path | None = None) -> int:
    """Chunks on a pool of processes that analyse AND write their own batch, as the Dask engine's tasks do.

    The main process only reads the input: were the rows built, pickled back and written here, that serial
    share (about a tenth of the per-article cost) would compete with the workers for the same cores and cap
    the speed-up. At most two chunks per worker are in flight, so memory stays flat.
    """
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    done = 0
    chunks = _chunks(articles, settings.checkpoint_every)
    first = next(chunks, None)
    if first is None:
        return 0
    if ctx.get_start_method() == "fork":  # workers inherit the pipelines instead of each building its own
        from timeline.nlp.pipeline import warm_pipelines

        warm_pipelines(first, actors=actors, settings=settings, extension=extension)
    with ProcessPoolExecutor(max_workers=settings.workers, mp_context=ctx) as pool:
        pending: set = set()
        for chunk in chain([first], chunks):
            pending.add(pool.submit(process_chunk, chunk, work, actors, settings, extension))
            if len(pending) >= 2 * settings.workers:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                done += sum(f.result() for f in finished)
        done += sum(f.result() for f in pending)
    return done

