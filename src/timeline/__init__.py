"""timeline: from news coverage of an incident to dated events, actors, timelines and networks.

``import timeline`` stays light; heavy parts (spaCy, matplotlib) load when first used.
"""

from __future__ import annotations

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
