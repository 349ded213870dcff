"""timeline: from news coverage of an incident to dated events, actors, timelines and networks.

``import timeline`` stays light; heavy parts (spaCy, matplotlib) load when first used.
"""

from __future__ import annotations

import os

# Arrow's C++ readers and writers (Parquet, IPC) take their buffers from the pool chosen when pyarrow loads.
# Its default, mimalloc, keeps what a phase freed: ~75 MiB of the event merge's peak at 10k-100k articles.
# The C library's malloc gives it back (see dataset.io.release_memory). Only before pyarrow loads; a user's
# own choice wins.
ARROW_POOL_CHOSEN_BY_USER = "ARROW_DEFAULT_MEMORY_POOL" in os.environ
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

__version__ = "0.1.0"
PIPELINE_VERSION = "1"  # bump when extraction output changes; cached per-article results are then redone

__all__ = ["PIPELINE_VERSION", "__version__", "load", "run_case", "run_input"]


def __getattr__(name: str):
    if name == "load":
        from timeline.api import load

        return load
    if name in ("run_case", "run_input"):
        from timeline import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'timeline' has no attribute {name!r}")
