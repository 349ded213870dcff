"""Where the per-article NLP runs: in this process (optionally several spaCy processes) or on Dask.

Both engines write the same crash-safe batches (``dataset.store.WorkStore``), so the tables built from them
are identical whichever engine ran; only the cross-article steps run afterwards, on compact tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
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
