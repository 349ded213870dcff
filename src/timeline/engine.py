"""Where the per-article NLP runs: in forked worker processes (one for ``--workers 1``, a pool for more; this
process itself for a single chunk or where nothing can fork), or on Dask.

Both engines write the same crash-safe batches (``dataset.store.WorkStore``), so the tables built from them
are identical whichever engine ran; only the cross-article steps run afterwards, on compact tables.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import signal
import sys
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path

from timeline.analysis.merge_parallel import fork_context
from timeline.config import Settings
from timeline.dataset.store import WorkStore
from timeline.types import ActorEntry, Article


def _chunks(items: Iterable[Article], size: int) -> Iterator[tuple[int, list[Article]]]:
    """(position of the first article, articles) of consecutive chunks of `size` articles."""
    iterator = iter(items)
    start = 0
    while chunk := list(islice(iterator, size)):
        yield start, chunk
        start += len(chunk)


def chunk_size(settings: Settings) -> int:
    """Articles per chunk: `checkpoint_every` rounded up to whole NLP batches, so that a chunk never splits
    one of the language groups the stream arrives in (see ``pipeline._in_nlp_order``)."""
    batch = max(1, settings.batch_size)
    return -(-max(1, settings.checkpoint_every) // batch) * batch


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
    chunks = _chunks(articles, chunk_size(settings))
    head = list(islice(chunks, 2))
    if len(head) > 1 and fork_context() is not None:
        return process_apart(chain(head, chunks), work, actors=actors, settings=settings, extension=extension)
    return sum(process_chunk(chunk, work, actors, settings, extension, start) for start, chunk in chain(head, chunks))


def process_apart(chunks: Iterable[tuple[int, list[Article]]], work: WorkStore, *, actors: tuple[ActorEntry, ...],
                  settings: Settings, extension: Path | None = None) -> int:
    """One worker: the chunks analysed one after the other in a forked process, while this one waits.

    Still one core's work (this process reads the next chunk only once the last is written), but the NLP's
    pipelines, memos and the holes its millions of short-lived objects leave in the heap go away with the
    worker instead of staying under the event merge that follows (about 40 MiB at 100k articles, more the
    longer the corpus). An input of a single chunk is analysed in this process instead (see
    :func:`process_local`).
    """
    from concurrent.futures import ProcessPoolExecutor

    done = 0
    with ProcessPoolExecutor(max_workers=1, mp_context=fork_context(), initializer=_die_with_parent) as pool:
        for i, (start, chunk) in enumerate(chunks):
            if i == 0:
                gc.freeze()  # the worker's collector then leaves this process's objects (and their pages) alone
            try:
                future = pool.submit(process_chunk, chunk, work, actors, settings, extension, start)
            finally:
                if i == 0:
                    gc.unfreeze()
            done += future.result()
    return done


def _die_with_parent() -> None:
    """A worker whose parent was killed stops too, rather than write batches a resumed run also writes."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def process_chunk(chunk: list[Article], work: WorkStore, actors: tuple[ActorEntry, ...], settings: Settings,
                  extension: Path | None = None, position: int | None = None) -> int:
    """One unit of distributed work: analyse a chunk in one process and write it as one batch.

    `position` (of the chunk's first article in the stream) names the batch, so batches are consolidated in
    stream order whichever finished first.
    """
    from timeline.nlp.pipeline import analyze_articles

    analyses = list(analyze_articles(chunk, actors=actors, settings=settings.with_(workers=1), extension=extension))
    work.write_batch(analyses, position=position)
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

    ctx = fork_context() or multiprocessing.get_context()
    done = 0
    chunks = _chunks(articles, chunk_size(settings))
    first = next(chunks, None)
    if first is None:
        return 0
    if ctx.get_start_method() == "fork":  # workers inherit the pipelines instead of each building its own
        from timeline.nlp.pipeline import warm_pipelines

        warm_pipelines(first[1], actors=actors, settings=settings, extension=extension)
    with ProcessPoolExecutor(max_workers=settings.workers, mp_context=ctx, initializer=_die_with_parent) as pool:
        pending: set = set()
        for start, chunk in chain([first], chunks):
            pending.add(pool.submit(process_chunk, chunk, work, actors, settings, extension, start))
            if len(pending) >= 2 * settings.workers:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                done += sum(f.result() for f in finished)
        done += sum(f.result() for f in pending)
    return done

