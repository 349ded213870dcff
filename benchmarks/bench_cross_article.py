"""Time and peak memory of the cross-article step alone (actor table, event merge, edges) on built tables.

Build the tables once (``timeline run --input corpus.jsonl --out DIR ...``), then run this script in a
fresh process per measurement, e.g. ``/usr/bin/time -v python benchmarks/bench_cross_article.py DIR``.
It copies DIR's tables (not ``_work``) to a scratch folder, runs ``pipeline._cross_article`` there and
prints one JSON line: seconds, the peak RSS after imports and at the end (``ru_maxrss``), and the counts.
``--stub-merge`` replaces the event merge with a no-op (it keeps the events already in DIR), so the
memory of the other steps is seen on its own; that stub lives only in this script.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

COPIED = ("articles", "timexes", "actor_mentions", "event_mentions", "events")


def _mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _stub_merge(pipeline) -> None:
    """No merge: the events (and event ids) already in the folder stay as they are."""
    if hasattr(pipeline, "_merge_events"):  # the file-based pipeline
        def counts(out_dir, *_args, **_kw):
            import pyarrow.parquet as pq

            return (pq.ParquetFile(out_dir / "event_mentions.parquet").metadata.num_rows,
                    pq.ParquetFile(out_dir / "events.parquet").metadata.num_rows)

        pipeline._merge_events = counts
        return
    import timeline.analysis.timeline as merge_module  # the in-memory pipeline imports merge_events per call

    def keep(mentions, **_kw):
        from timeline.dataset import io

        return io.read_table("events", _FOLDER[0]), mentions

    merge_module.merge_events = keep


_FOLDER: list[Path] = []


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("tables", type=Path, help="an output folder of `timeline run`")
    p.add_argument("--case", default="grok-2026")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--stub-merge", action="store_true", help="leave the event merge out of the measurement")
    p.add_argument("--keep", type=Path, default=None, help="copy the resulting tables here (for comparisons)")
    args = p.parse_args()

    import duckdb  # noqa: F401  (imports first, so the baseline counts them for both pipelines)
    import pandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    import timeline.analysis.network
    import timeline.analysis.timeline  # noqa: F401
    from timeline import pipeline
    from timeline.config import Settings, load_case

    case = load_case(args.case)
    settings = Settings().with_(workers=args.workers)
    with tempfile.TemporaryDirectory(prefix="bench-xa-") as scratch:
        out = Path(scratch)
        for name in COPIED:
            if (args.tables / f"{name}.parquet").is_file():
                shutil.copy2(args.tables / f"{name}.parquet", out / f"{name}.parquet")
        _FOLDER.append(out)
        if args.stub_merge:
            _stub_merge(pipeline)
        baseline = _mib()
        summary = pipeline.RunSummary(out_dir=out, case=case.name)
        t0 = time.perf_counter()
        pipeline._cross_article(out, case.actors, settings, summary)
        seconds = time.perf_counter() - t0
        if args.keep:
            shutil.copytree(out, args.keep, dirs_exist_ok=True)
        print(json.dumps({"tables": str(args.tables), "stub_merge": args.stub_merge, "seconds": round(seconds, 2),
                          "maxrss_after_imports_mib": baseline, "maxrss_mib": _mib(),
                          "n_event_mentions": summary.n_event_mentions, "n_events": summary.n_events,
                          "n_actors": summary.n_actors, "n_edges": summary.n_edges,
                          "code": pipeline.__file__}))


if __name__ == "__main__":
    main()
