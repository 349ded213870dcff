#!/usr/bin/env bash
# Score timeline.temporal.extract on TempEval-3 TimeML gold (TimeBank and AQUAINT) with the shared scorer.
#
# Usage: scripts/eval_timeml.sh [EVAL_DIR] [ERRORS]
#   EVAL_DIR  folder holding run_project.py and tbaq/ (default: ../shared/eval/timeml next to the checkout)
#   ERRORS    how many error lines to print per corpus (default 0)
# The data is not part of the project (see EVAL_DIR/README.md for its origin and licence).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
eval_dir="${1:-$root/../shared/eval/timeml}"
errors="${2:-0}"
python="$root/.venv/bin/python"
if [[ ! -f "$eval_dir/run_project.py" ]]; then
    echo "error: $eval_dir/run_project.py not found; pass the TimeML evaluation folder as first argument" >&2
    exit 2
fi
[[ -x "$python" ]] || python="$(command -v python3)"
for corpus in TimeBank AQUAINT; do
    python3 "$eval_dir/run_project.py" --python "$python" --project "$root" \
        --gold "$eval_dir/tbaq/$corpus" --errors "$errors"
    echo
done
