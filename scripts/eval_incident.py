"""Score the whole pipeline on an incident without a case dictionary (the held-out contract).

Usage:
  python scripts/eval_incident.py tests/fixtures/incidents/dsa-x-fine-2025            # runs the pipeline
  python scripts/eval_incident.py path/to/articles.jsonl --gold INCIDENT_DIR          # runs the pipeline
  python scripts/eval_incident.py RUN_DIR --gold INCIDENT_DIR                         # scores an existing run
Options: --out DIR keeps the run's output; --k 10 (repeatable) sets the top-K sizes; --errors shows the
actor rows that match no gold name, the gold actors missed and the key events missed (with the rows
that were close). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from timeline.config import Settings
from timeline.evaluation.incident import score_run
from timeline.pipeline import run_input


def _resolve(target: Path, gold: Path | None) -> tuple[Path | None, Path, Path]:
    """(articles to run or None, existing run folder or None, incident folder with the gold)."""
    if target.is_dir() and (target / "articles.jsonl").is_file() and (target / "gold_actors.json").is_file():
        return target / "articles.jsonl", None, gold or target
    if target.is_dir() and (target / "timeline.csv").is_file():
        if gold is None:
            raise SystemExit("scoring an existing run needs --gold INCIDENT_DIR")
        return None, target, gold
    if target.is_file():
        return target, None, gold or target.parent
    raise SystemExit(f"{target}: neither an incident folder, a run folder nor a JSONL file")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path)
    parser.add_argument("--gold", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--k", type=int, action="append")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    articles, run_dir, incident = _resolve(args.target, args.gold)
    seconds = None
    with tempfile.TemporaryDirectory() as tmp:
        if articles is not None:
            run_dir = args.out or Path(tmp) / "run"
            t0 = time.perf_counter()
            run_input(articles, run_dir, case=None, settings=Settings(use_trained_pipeline=False))
            seconds = round(time.perf_counter() - t0, 2)
        scores = score_run(run_dir, incident, ks=args.k or (10,))
    if not args.errors:
        for key in ("wrong_rows", "missed"):
            scores["actors"][f"n_{key}"] = len(scores["actors"].pop(key))
        scores["key_events"].pop("near_misses")
    scores["seconds"] = seconds
    print(json.dumps(scores, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
