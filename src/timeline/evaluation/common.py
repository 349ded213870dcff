"""What every scorer shares: reading gold files and precision/recall/F1 with the same conventions."""

from __future__ import annotations

import json
from pathlib import Path


def read_jsonl(path: Path | str) -> list[dict]:
    """Gold rows, one JSON object per line; a broken line names the file and line."""
    rows = []
    for i, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{i}: invalid JSON ({exc.msg})") from None
    return rows


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 (an empty side counts as perfect), rounded to 4 places, with the counts."""
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "n_pred": n_pred,
            "n_gold": n_gold}
