"""Peak memory and CPU of the event merge alone, on the tables of a finished run.

The whole pipeline takes minutes at 100k articles; most of the memory questions are about the merge. This
copies a finished output folder's ``event_mentions``, ``articles`` and ``actors`` tables to a scratch folder
and runs ``merge_stream.merge_event_files`` on them in a child process, under the benchmarks' sampler
(the PSS of the child and every process it forks). Each step of the merge (article fields, sweep, event
write, mention write) gets its own peak, so two versions of the code can be compared step by step:

    python benchmarks/merge_memory.py OUT_DIR --workers 2
    PYTHONPATH=/other/checkout/src python benchmarks/merge_memory.py OUT_DIR   # the same for other code

Run the versions back to back on a quiet machine: PSS depends on what other processes share pages with ours.

A finished run's ``event_mentions`` are in mention-id order, which the merge's consolidated input never is
(it comes in article order). Fed that order, the merge's id sort and its scratch pieces do far less work,
which hid a DuckDB sort (round 7) and a slow deal (round 8). So the mentions are first put back in article
order (each article's place in ``articles``, then sentence), as consolidation writes them; ``--in-id-order``
measures on the file as it is.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import run_child

HERE = Path(__file__).resolve().parent
TABLES = ("event_mentions.parquet", "articles.parquet", "actors.parquet")
STEPS = ("_article_fields", "_fill", "_rank_and_write_events", "_write_mentions")  # merge_stream's own steps


def child(source: Path, workers: int, case: str, result: Path) -> None:
    """The merge on a copy of `source`'s tables, with the time each step starts and ends."""
    importlib.import_module("timeline")  # first, as in a run: it picks the pool Arrow's C++ parts allocate from
    import pyarrow.parquet as pq
    import spacy  # noqa: F401  (imported as in a run, so the baseline is a run's)

    from timeline.analysis import merge_stream
    from timeline.config import Settings, load_case
    from timeline.dataset import io

    marks: list[tuple[str, float]] = []
    for name in STEPS:
        step = getattr(merge_stream, name, None)
        if step is not None:
            setattr(merge_stream, name, _marked(step, name, marks))
    actors = load_case(case).actors if case else ()
    with tempfile.TemporaryDirectory(prefix="merge-memory-") as tmp:
        out = Path(tmp)
        for name in TABLES:
            if (source / name).is_file():
                shutil.copy(source / name, out / name)
        table = pq.read_table(out / "actors.parquet", columns=["name", "n_articles"]) \
            if (out / "actors.parquet").is_file() else None
        weights = dict(zip(*(table.column(c).to_pylist() for c in ("name", "n_articles")), strict=True)) \
            if table is not None else None
        if hasattr(io, "use_system_memory_pool"):  # as pipeline.run does (older code has no such call)
            io.use_system_memory_pool()
        io.release_memory()
        marks.append(("start", time.time()))
        started = time.process_time()
        counts = merge_stream.merge_event_files(out, settings=Settings(workers=workers), dictionary=actors,
                                                actor_weights=weights)
        cpu = time.process_time() - started
        marks.append(("end", time.time()))
    result.write_text(json.dumps({"counts": list(counts), "cpu_seconds": round(cpu, 2), "marks": marks}))


def in_article_order(out_dir: Path, folder: Path) -> Path:
    """`out_dir`'s tables in `folder`, the mentions in article order (as consolidated), without their event ids."""
    import duckdb

    for name in TABLES[1:]:
        if (out_dir / name).is_file():
            shutil.copy(out_dir / name, folder / name)
    con = duckdb.connect(config={"threads": 1, "memory_limit": "256MB", "temp_directory": str(folder / "db")})
    mentions, articles = (str(out_dir / n).replace("'", "''") for n in TABLES[:2])
    con.execute(f"COPY (SELECT m.* REPLACE (NULL::VARCHAR AS event_id) FROM read_parquet('{mentions}') m "
                f"LEFT JOIN (SELECT article_id, min(file_row_number) AS place FROM read_parquet('{articles}', "
                "file_row_number = true) GROUP BY article_id) a USING (article_id) "
                "ORDER BY a.place, m.sentence_index, m.mention_id) "
                f"TO '{folder / 'event_mentions.parquet'}' (FORMAT parquet, ROW_GROUP_SIZE 20000)")
    con.close()
    return folder


def _marked(step, name: str, marks: list):
    def run(*args, **kwargs):
        marks.append((f"{name} start", time.time()))
        try:
            return step(*args, **kwargs)
        finally:
            marks.append((f"{name} end", time.time()))
    return run


def by_step(timeline: list[list[float]], marks: list[list]) -> list[dict]:
    """The highest PSS sampled between consecutive marks."""
    out = []
    for (name, start), (_, end) in pairwise(marks):
        inside = [s[1] for s in timeline if start <= s[0] < end]
        if inside:
            out.append({"from": name, "seconds": round(end - start, 2), "peak_pss_mib": max(inside)})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out_dir", type=Path, help="a finished run's output folder")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--case", default="grok-2026", help="actor dictionary the run used ('' for none)")
    p.add_argument("--interval", type=float, default=0.1)
    p.add_argument("--save", type=Path, help="write the samples and marks here as JSON")
    p.add_argument("--in-id-order", action="store_true",
                   help="feed the finished file as it is (in id order) instead of in article order")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.out_dir, args.workers, args.case, args.result)
        return 0
    if not (args.out_dir / "event_mentions.parquet").is_file():
        print(f"error: {args.out_dir} has no event_mentions.parquet (not a finished run's folder)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="merge-input-") as tmp:
        source = args.out_dir if args.in_id_order else in_article_order(args.out_dir, Path(tmp))
        cmd = [sys.executable, str(Path(__file__).resolve()), str(source), "--child", "--workers",
               str(args.workers), "--case", args.case]
        run = run_child(cmd, cwd=HERE.parent, timeout=7200, interval=args.interval, timeline=True)
    steps = by_step(run["memory_timeline"], run["result"]["marks"])
    report = {"out_dir": str(args.out_dir), "workers": args.workers, "memory": run["memory"],
              "cpu_seconds_main": run["result"]["cpu_seconds"], "counts": run["result"]["counts"], "steps": steps}
    if args.save:
        args.save.write_text(json.dumps({**report, "timeline": run["memory_timeline"],
                                         "marks": run["result"]["marks"]}, indent=1) + "\n")
    print(f"peak PSS {run['memory']['pss_tree']} MiB ({run['memory']['processes']} processes at most), "
          f"main CPU {run['result']['cpu_seconds']} s, {run['result']['counts'][1]} events")
    for s in steps:
        print(f"  {s['from']:<32} {s['seconds']:>7.2f} s  peak {s['peak_pss_mib']:>7.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
