"""When does the pipeline's memory peak? One pipeline run with its memory sampled over time, split by phase.

Runs ``bench_pipeline.py pipeline`` in a child process (as ``run_all.py`` does), samples the PSS of its whole
process tree every `--interval` seconds and prints, per phase (the NLP engine, consolidation, the actor
table, the event merge, the edges), the highest PSS seen in it, and which phase holds the run's peak.
``--save FILE`` keeps the samples and phase bounds as JSON, e.g. to plot them.

    python benchmarks/memory_timeline.py --size 10000 --workers 1 --case grok-2026
    python benchmarks/memory_timeline.py --corpus corpus.jsonl --save timeline-10k.json
    python benchmarks/memory_timeline.py --corpus corpus.jsonl --out DIR   # DIR's finished batches are reused
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import peak_by_phase, run_child
from run_all import load_seeds, make_corpus

HERE = Path(__file__).resolve().parent


def measure(corpus: Path, languages: list[str], args: argparse.Namespace, scratch: Path) -> dict:
    cmd = [sys.executable, str(HERE / "bench_pipeline.py"), "pipeline", "--corpus", str(corpus),
           "--out", str(args.out or scratch / "out"), "--workers", str(args.workers),
           "--languages", ",".join(languages),
           *(["--case", args.case] if args.case else [])]
    run = run_child(cmd, cwd=HERE.parent, timeout=args.timeout, interval=args.interval, timeline=True)
    phases = run["result"]["phases"]
    by_phase = peak_by_phase(run["memory_timeline"], phases)
    top = max(by_phase, key=lambda p: p["peak_pss_mib"]) if by_phase else None
    return {"corpus": str(corpus), "workers": args.workers, "case": args.case, "memory": run["memory"],
            "wall_seconds": run["wall_seconds"], "seconds": run["result"]["seconds"],
            "cpu_seconds": run["result"]["cpu_seconds"], "by_phase": by_phase,
            "peak_phase": top["phase"] if top else None, "phases": phases, "timeline": run["memory_timeline"]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, help="a JSONL corpus (else one of --size articles is generated)")
    p.add_argument("--size", type=int, default=10_000)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--case", default="grok-2026", help="actor dictionary ('' for none)")
    p.add_argument("--interval", type=float, default=0.2)
    p.add_argument("--timeout", type=float, default=7200)
    p.add_argument("--save", type=Path, help="write the samples and phases here as JSON")
    p.add_argument("--out", type=Path, help="output folder (default: a scratch folder, deleted); an existing one "
                                            "reuses its finished batches, to look at the later phases alone")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="timeline-memory-") as tmp:
        scratch = Path(tmp)
        if args.corpus:
            corpus = args.corpus
            languages = sorted({json.loads(line).get("language") or "en"
                                for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()})
        else:
            corpus, stats = make_corpus(load_seeds(None)[0], args.size, scratch)
            languages = sorted(stats["languages"])
        result = measure(corpus, languages, args, scratch)
    if args.save:
        args.save.write_text(json.dumps(result, indent=1) + "\n")
    print(f"peak PSS {result['memory']['pss_tree']} MiB, in phase {result['peak_phase']}")
    for row in result["by_phase"]:
        print(f"  {row['phase']:<12} {row['seconds']:>8.1f} s  peak {row['peak_pss_mib']:>7.1f} MiB "
              f"at {row['at_second']:>7.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
