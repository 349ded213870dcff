"""Speed and memory of the pipeline at 1k, 10k and 100k articles, 1 and 2 workers (``make bench``).

For each size a synthetic corpus is generated from seed articles (``timeline.synthetic``); then, each in its
own process so that peak memory is per run: the bare spaCy tokenizer and the temporal tagger over the same
texts (the ceiling the pipeline is compared with), and the whole pipeline with 1 and 2 workers, repeated
(medians reported). Results go to ``benchmarks/results/<name>.json`` and a markdown table is printed.

Examples:
    python benchmarks/run_all.py                       # 1k, 10k, 100k; 1 and 2 workers (tens of minutes)
    python benchmarks/run_all.py --quick               # 1k only, one repetition (about a minute)
    python benchmarks/run_all.py --sizes 1000,10000 --reps 5 --engines local,dask
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import BenchError, machine_info, median_tree, rate, run_child
from report import NOMINAL_TOKENIZER_WORDS_PER_S, check_targets, markdown

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHILD = HERE / "bench_pipeline.py"
SNAPSHOT = ROOT / "data" / "raw" / "grok-2026" / "snapshot"
FALLBACK_SEEDS = ROOT / "tests" / "fixtures" / "corpus" / "seeds.jsonl"


def load_seeds(seeds: Path | None) -> tuple[list[dict], str]:
    """Seed texts: a JSONL file if given, else the demo snapshot parsed by the project, else the test seeds."""
    if seeds is not None:
        return _jsonl_seeds(seeds), str(seeds)
    if SNAPSHOT.is_dir():
        try:
            from timeline.ingest.folder import read_folder

            parsed = [{"text": a.text, "language": a.language} for a in read_folder(SNAPSHOT) if a.text.strip()]
        except Exception as exc:  # the parser is optional here: the test seeds are a sound fallback
            print(f"warning: the demo snapshot could not be parsed ({exc}); using {FALLBACK_SEEDS}", file=sys.stderr)
            parsed = []
        if parsed:
            return parsed, str(SNAPSHOT)
    return _jsonl_seeds(FALLBACK_SEEDS), str(FALLBACK_SEEDS)


def _jsonl_seeds(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_corpus(seeds: list[dict], n: int, folder: Path) -> tuple[Path, dict]:
    """Write an `n`-article corpus; return its path and what it holds (words, characters, languages)."""
    from timeline.synthetic import generate

    path = folder / f"corpus-{n}.jsonl"
    stats = {"n_articles": 0, "n_words": 0, "n_chars": 0, "languages": {}}
    with path.open("w", encoding="utf-8") as fh:
        for record in generate(seeds, n):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            stats["n_articles"] += 1
            stats["n_words"] += len(record["text"].split())
            stats["n_chars"] += len(record["text"])
            lang = record["language"]
            stats["languages"][lang] = stats["languages"].get(lang, 0) + 1
    stats["mib"] = round(path.stat().st_size / 2**20, 1)
    return path, stats


def _child(kind: str, *options: str) -> list[str]:
    return [sys.executable, str(CHILD), kind, *options]


def _timeout(args: argparse.Namespace, size: int) -> float:
    return args.timeout if args.timeout else 300 + size * 0.1


def bench_reference(args: argparse.Namespace, corpus: Path, size: int, reps: int) -> dict:
    """Bare tokenizer and temporal tagger over the corpus texts: the median of `reps` runs."""
    cmd = _child("reference", "--corpus", str(corpus), "--temporal-sample", str(min(size, args.temporal_sample)))
    runs = [run_child(cmd, cwd=ROOT, timeout=_timeout(args, size)) for _ in range(reps)]
    return {"reps": reps, **median_tree(runs)}


def _pipeline_cmd(args: argparse.Namespace, corpus: Path, stats: dict, out: Path, engine: str,
                  workers: int) -> list[str]:
    return _child("pipeline", "--corpus", str(corpus), "--out", str(out), "--workers", str(workers),
                  "--engine", engine, "--batch-size", str(args.batch_size),
                  "--checkpoint-every", str(args.checkpoint_every), "--languages", ",".join(stats["languages"]),
                  *(["--case", args.case] if args.case else []))


def bench_pipeline(args: argparse.Namespace, corpus: tuple[Path, dict], engine: str, workers: int, reps: int,
                   scratch: Path) -> tuple[dict, Path]:
    """The pipeline over the corpus into fresh output folders: the medians, and the first run's folder."""
    corpus, stats = corpus
    size = stats["n_articles"]
    runs = []
    first = scratch / f"out-{size}-{engine}-{workers}-0"
    for rep in range(reps):
        out = scratch / f"out-{size}-{engine}-{workers}-{rep}"
        runs.append(run_child(_pipeline_cmd(args, corpus, stats, out, engine, workers), cwd=ROOT,
                              timeout=_timeout(args, size)))
        if out != first:
            shutil.rmtree(out, ignore_errors=True)
    for r in runs:  # imports and language data, paid once per process whatever the corpus size
        r["startup_seconds"] = round(r["wall_seconds"] - r["result"]["seconds"]["end_to_end"], 3)
    row = {"size": size, "engine": engine, "workers": workers, "reps": reps, **median_tree(runs),
           "end_to_end_runs": [r["result"]["seconds"]["end_to_end"] for r in runs]}
    return row, first


def bench_rerun(args: argparse.Namespace, corpus: tuple[Path, dict], engine: str, workers: int,
                out: Path) -> dict:
    """The same run again on a finished output folder: nothing is new, so the cost of an incremental run.

    If the NLP code changed in between (its digest is part of the fingerprint), everything is redone: the
    `n_reused` count shows it.
    """
    path, stats = corpus
    result = run_child(_pipeline_cmd(args, path, stats, out, engine, workers), cwd=ROOT,
                       timeout=_timeout(args, stats["n_articles"]))["result"]
    return {"seconds": result["seconds"]["end_to_end"], "n_reused": result["n_reused"],
            "n_articles": result["n_articles"]}


def add_rates(row: dict, bare: dict) -> None:
    """Articles/s and words/s per stage, and the pipeline's speed as a fraction of the bare tokenizer's."""
    result = row["result"]
    n, words = result["n_articles"], result["n_words_read"]
    stages = result["seconds"]
    # With several workers the NLP overlaps the main process's reading and writing, so only their sum,
    # the per-article phase, compares across worker counts
    stages["per_article"] = round(stages["ingest"] + stages["nlp"] + stages["write"], 4)
    row["rates"] = {stage: {"articles_per_s": rate(n, s), "words_per_s": rate(words, s)}
                    for stage, s in result["seconds"].items() if stage != "other"}
    bare_wps = bare["words_per_s"]
    e2e_wps = row["rates"]["end_to_end"]["words_per_s"]
    nlp_wps = row["rates"]["nlp"]["words_per_s"]
    row["ratio_to_bare_tokenizer"] = {
        "end_to_end": round(e2e_wps / bare_wps, 4) if e2e_wps else None,
        "nlp": round(nlp_wps / bare_wps, 4) if nlp_wps else None,
    }
    # the same against the figure for real news text (the synthetic corpus flatters the tokenizer cache)
    row["ratio_to_nominal_tokenizer"] = {
        "end_to_end": round(e2e_wps / NOMINAL_TOKENIZER_WORDS_PER_S, 4) if e2e_wps else None,
        "nlp": round(nlp_wps / NOMINAL_TOKENIZER_WORDS_PER_S, 4) if nlp_wps else None,
    }


def add_speedups(rows: list[dict]) -> None:
    """Speed-up of each run over the 1-worker run of the same size and engine (end to end, per-article phase)."""
    base = {(r["size"], r["engine"]): r for r in rows if r["workers"] == 1}
    for row in rows:
        one = base.get((row["size"], row["engine"]))
        if one is None:
            continue
        seconds, one_seconds = row["result"]["seconds"], one["result"]["seconds"]
        row["speedup_vs_1_worker"] = {
            stage: round(one_seconds[stage] / seconds[stage], 3) if seconds[stage] > 0 else None
            for stage in ("end_to_end", "per_article")}


def bench_pages(args: argparse.Namespace) -> dict:
    """Collection against local servers (polite vs unthrottled) and the page parser, over the demo snapshot."""
    out: dict = {}
    if not SNAPSHOT.is_dir():
        return out
    if not args.no_collect:
        out["collect"] = bench_collect()
    if not args.no_html:
        out["html_parse"] = _optional(_child("html", "--folder", str(SNAPSHOT), "--rounds", "3"))
    return out


def bench_collect() -> dict:
    """``bench_collect.py`` (the collector against local servers) at the shipped delay and with none."""
    cmd = [sys.executable, str(HERE / "bench_collect.py"), "--hosts", "4", "--pages", "15", "--delays", "1.0", "0"]
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
        rows = {row["delay_s"]: row for row in (json.loads(line) for line in done.stdout.splitlines() if line.strip())}
        polite, fast = rows[1.0], rows[0.0]
    except (OSError, ValueError, KeyError, subprocess.SubprocessError) as exc:
        return {"error": f"{' '.join(cmd)}: {type(exc).__name__}: {exc}"[-500:]}
    return {"polite": polite, "unthrottled": fast, "headroom": round(fast["pages_per_s"] / polite["pages_per_s"], 1)}


def _optional(cmd: list[str]) -> dict:
    """A side measurement: its failure is recorded, not fatal to the benchmark."""
    try:
        return run_child(cmd, cwd=ROOT, timeout=600)
    except BenchError as exc:
        return {"error": str(exc)[-500:]}


def bench_real_text(args: argparse.Namespace) -> dict:
    """NLP against a bare tokenizer on real texts, each read once in a fresh process (``nlp_cpu.py --corpus
    real``): the fair ratio, since the recombined corpus repeats sentences and flatters the tokenizer's cache.
    The median of ``--reps`` processes."""
    source = args.real_texts or args.seeds
    cmd = [sys.executable, str(HERE / "nlp_cpu.py"), "--corpus", "real", *(["--seeds", str(source)] if source else [])]
    runs = []
    for _ in range(max(1, args.reps)):
        try:
            done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800, check=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        except (OSError, ValueError, IndexError, subprocess.SubprocessError) as exc:
            return {"error": f"{' '.join(cmd)}: {type(exc).__name__}: {exc}"[-500:]}
    by_ratio = sorted(runs, key=lambda r: r["ratio_to_bare"])
    return {"reps": len(runs), "runs": runs, "median": by_ratio[len(by_ratio) // 2]}


def _reps_for(args: argparse.Namespace, size: int) -> int:
    return args.reps if size < args.large_size else args.reps_large


def run_matrix(args: argparse.Namespace, seeds: list[dict], scratch: Path) -> Iterator[tuple[str, dict]]:
    """Yield (kind, result) as each measurement finishes, smallest size first.

    Kinds: "corpus", "reference", "pipeline" (a new row), "rerun" (the same row, now with its re-run).
    """
    for size in sorted(args.sizes):
        corpus, stats = make_corpus(seeds, size, scratch)
        yield "corpus", {"size": size, **stats}
        reps = _reps_for(args, size)
        reference = bench_reference(args, corpus, size, reps)
        yield "reference", {"size": size, **reference}
        for engine in args.engines:
            for workers in args.workers:
                row, first = bench_pipeline(args, (corpus, stats), engine, workers, reps, scratch)
                add_rates(row, reference["result"]["bare_tokenizer"])
                yield "pipeline", row  # saved before the re-run: a long run is never lost
                if args.rerun:
                    row["rerun"] = bench_rerun(args, (corpus, stats), engine, workers, first)
                    yield "rerun", row
                shutil.rmtree(first, ignore_errors=True)
        corpus.unlink()


def _csv_ints(text: str) -> list[int]:
    return [int(x.replace("_", "").replace("k", "000")) for x in text.split(",") if x.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=_csv_ints, default=[1000, 10000, 100000], help="corpus sizes, e.g. 1k,10k")
    p.add_argument("--workers", type=_csv_ints, default=[1, 2], help="worker counts, e.g. 1,2")
    p.add_argument("--engines", type=lambda s: s.split(","), default=["local"], help="local and/or dask")
    p.add_argument("--reps", type=int, default=3, help="repetitions below --large-size (medians reported)")
    p.add_argument("--reps-large", type=int, default=1, help="repetitions at or above --large-size")
    p.add_argument("--large-size", type=int, default=50_000)
    p.add_argument("--quick", action="store_true", help="1k articles, one repetition")
    p.add_argument("--case", default="grok-2026", help="actor dictionary to use ('' for none)")
    p.add_argument("--seeds", type=Path, default=None, help="JSONL seed articles (default: the demo snapshot)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--checkpoint-every", type=int, default=256)
    p.add_argument("--temporal-sample", type=int, default=5000, help="texts the temporal tagger is timed on")
    p.add_argument("--real-texts", type=Path, default=None,
                   help="JSONL of real news texts for the fair NLP ÷ tokenizer ratio (default: the seeds; "
                        "see real_texts.py)")
    p.add_argument("--no-real-text", dest="real_text", action="store_false", help="skip the real-text ratio")
    p.add_argument("--no-rerun", dest="rerun", action="store_false", help="skip the incremental re-run")
    p.add_argument("--no-html", action="store_true", help="skip the page-parser measurement")
    p.add_argument("--no-collect", action="store_true", help="skip the collection measurement")
    p.add_argument("--timeout", type=float, default=0, help="seconds per run (default grows with the size)")
    p.add_argument("--work-dir", type=Path, default=None, help="scratch folder (default: a temporary one)")
    p.add_argument("--results-dir", type=Path, default=HERE / "results")
    p.add_argument("--name", default=None, help="results file name (default: full-DATE or quick-DATE)")
    p.add_argument("--report", type=Path, default=None, help="only re-print the tables of this results file")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.reps, args.reps_large = [1000], 1, 1
    args.name = args.name or f"{'quick' if args.quick else 'full'}-{datetime.now():%Y-%m-%d}"
    return args


def _environment(args: argparse.Namespace, seeds_source: str, n_seeds: int) -> dict:
    import spacy

    from timeline import PIPELINE_VERSION, __version__

    return {"started": datetime.now().isoformat(timespec="seconds"), "python": platform.python_version(),
            "spacy": spacy.__version__, "timeline": __version__, "pipeline_version": PIPELINE_VERSION,
            "machine": machine_info(), "seeds": {"source": seeds_source, "n": n_seeds},
            "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv else "",
            "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}}


def save(report: dict, results_dir: Path, name: str) -> Path:
    from timeline.dataset.io import atomic_write_text

    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{name}.json"
    atomic_write_text(path, json.dumps(report, indent=2, default=str) + "\n")
    return path


def reprint(path: Path) -> int:
    """Recompute the derived numbers of a results file and print its tables (no measurement)."""
    report = json.loads(path.read_text())
    references = {ref["size"]: ref["result"]["bare_tokenizer"] for ref in report["reference"]}
    for row in report["runs"]:
        add_rates(row, references[row["size"]])
    add_speedups(report["runs"])
    report["targets"] = check_targets(report)
    save(report, path.parent, path.stem)
    print(markdown(report))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report:
        return reprint(args.report)
    seeds, source = load_seeds(args.seeds)
    report = {"environment": _environment(args, source, len(seeds)), "corpora": [], "reference": [], "runs": []}
    scratch = Path(tempfile.mkdtemp(prefix="timeline-bench-", dir=args.work_dir))
    started = time.perf_counter()
    try:
        report.update(bench_pages(args))
        if args.real_text:
            report["real_text"] = bench_real_text(args)
            save(report, args.results_dir, args.name)
        for kind, item in run_matrix(args, seeds, scratch):
            if kind != "rerun":
                report[{"corpus": "corpora", "reference": "reference", "pipeline": "runs"}[kind]].append(item)
            if kind == "pipeline":
                add_speedups(report["runs"])
                r = item["result"]
                print(f"{item['size']:>7} articles  {item['engine']}  {item['workers']} worker(s): "
                      f"{r['seconds']['end_to_end']:.1f} s", file=sys.stderr, flush=True)
            save(report, args.results_dir, args.name)  # partial results survive an interrupted run
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report["total_seconds"] = round(time.perf_counter() - started, 1)
    report["targets"] = check_targets(report)
    path = save(report, args.results_dir, args.name)
    print(markdown(report))
    print(f"\nresults: {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
