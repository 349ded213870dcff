"""Execute the analysis notebooks and render them as HTML into reports/notebooks/ (used by `make report`).

Usage:
    python scripts/render_notebooks.py                       # every notebooks/NN-*.ipynb on the demo case
    python scripts/render_notebooks.py --case data/processed/grok-2026 --out reports/notebooks
    python scripts/render_notebooks.py notebooks/03-timeline.ipynb --lang nl

Notebooks are stored without outputs; this writes executed HTML copies only and never touches the
.ipynb files. The exit code is 1 when a notebook fails, with the failing cell in the message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timeline.config import project_root
from timeline.present.notebooks import render_notebooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all)")
    parser.add_argument("--case", help="case name or run folder (default: each notebook's own CASE)")
    parser.add_argument("--lang", choices=("en", "nl", "fr"), help="chart language")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: reports/notebooks)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    args = parser.parse_args(argv)
    root = project_root()
    notebooks = args.notebooks or sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    parameters = {k.upper(): v for k, v in (("case", args.case), ("lang", args.lang)) if v}
    out = args.out or root / "reports" / "notebooks"
    try:
        for path in render_notebooks(notebooks, out, parameters, timeout=args.timeout):
            print(f"wrote {path}")
    except Exception as exc:  # report which notebook and cell failed, then exit non-zero
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
