"""The Dask engine: per-article NLP as Dask tasks, one batch folder per task.

A local cluster is started by default (``--workers`` processes); ``--scheduler ADDRESS`` uses an existing
cluster, whose workers must see the output folder (a shared file system). Only a bounded number of chunks
is in flight at once, so the driver's memory stays flat however large the corpus is.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from timeline.config import Settings
from timeline.dataset.store import WorkStore
from timeline.engine import _chunks, chunk_size, process_chunk
from timeline.types import ActorEntry, Article


def _client(settings: Settings):
    from dask.distributed import Client, LocalCluster

    if settings.scheduler:
        return Client(settings.scheduler), None
    cluster = LocalCluster(n_workers=max(1, settings.workers), threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    return Client(cluster), cluster


def process_dask(articles: Iterable[Article], work: WorkStore, *, actors: tuple[ActorEntry, ...],
                 settings: Settings, extension: Path | None = None) -> int:
    from dask.distributed import as_completed

    client, cluster = _client(settings)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        in_flight = as_completed()
        done = 0
        for start, chunk in _chunks(articles, chunk_size(settings)):
            in_flight.add(client.submit(process_chunk, chunk, work, actors, settings, extension, start, pure=False))
            while in_flight.count() >= 2 * n_workers:
                done += next(in_flight).result()
        for future in in_flight:
            done += future.result()
        return done
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
