"""Score temporal expressions against gold, TempEval-3 Task A style.

Used by the gold-set ratchet test and the evaluation scripts. Gold records are JSON objects
``{"id", "lang", "dct", "text", "timexes": [{"text", "type", "value", "mod"?}, ...]}`` whose
expressions are listed in text order; their offsets are found by searching each expression's text
after the previous one, so a hand-written gold file needs no character counting.

Metrics: strict (same span) and relaxed (overlapping span) precision, recall and F1 over
one-to-one pairs (exact pairs first, then largest overlap), and type and value F1 as relaxed F1
times the share of paired expressions whose type (value) is exactly right.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from timeline.types import Timex

Span = tuple[int, int, str, str]  # start, end, type, value


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in ("gold", "system", "strict", "relaxed", "type_ok", "value_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def scores(self) -> dict[str, float]:
        """strict, relaxed, type and value F1."""

        def f1(match: int) -> float:
            p = match / self.system if self.system else 0.0
            r = match / self.gold if self.gold else 0.0
            return 2 * p * r / (p + r) if p + r else 0.0

        relaxed = f1(self.relaxed)
        paired = self.relaxed or 1
        return {
            "strict": f1(self.strict),
            "relaxed": relaxed,
            "type": relaxed * self.type_ok / paired,
            "value": relaxed * self.value_ok / paired,
        }


def load_gold(path: str | Path) -> list[dict]:
    """The records of a gold JSONL file; a bad line raises ValueError naming the file and line."""
    records = []
    with Path(path).open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc})") from exc
    return records


def gold_spans(record: dict) -> list[Span]:
    """The gold expressions of a record with offsets found in text order."""
    text, pos, spans = record["text"], 0, []
    for timex in record["timexes"]:
        start = text.find(timex["text"], pos)
        if start < 0:
            raise ValueError(f"{record.get('id')}: gold expression {timex['text']!r} not found in text")
        pos = start + len(timex["text"])
        spans.append((start, pos, timex["type"], timex["value"]))
    return spans


def _pairs(gold: list[Span], system: list[Span]) -> list[tuple[int, int, bool]]:
    candidates = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g[1], s[1]) - max(g[0], s[0])
            if overlap > 0:
                exact = g[0] == s[0] and g[1] == s[1]
                candidates.append((not exact, -overlap, gi, si, exact))
    candidates.sort()
    used_g, used_s, pairs = set(), set(), []
    for *_, gi, si, exact in candidates:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gi, si, exact))
    return pairs


def score_record(record: dict, system: Iterable[Timex]) -> Counts:
    """Counts for one gold record against the system's expressions for its text."""
    gold = gold_spans(record)
    sys_spans = [(t.start, t.end, t.type, t.value) for t in system]
    counts = Counts(gold=len(gold), system=len(sys_spans))
    pairs = _pairs(gold, sys_spans)
    for gi, si, exact in pairs:
        g, s = gold[gi], sys_spans[si]
        counts.relaxed += 1
        counts.strict += exact
        counts.type_ok += g[2] == s[2]
        counts.value_ok += g[3] == s[3]
        if g[3] != s[3] or not exact:
            counts.errors.append(f"{record['id']}: gold {record['text'][g[0]:g[1]]!r} {g[3]} | "
                                 f"system {record['text'][s[0]:s[1]]!r} {s[3]}")
    paired_g = {gi for gi, _, _ in pairs}
    paired_s = {si for _, si, _ in pairs}
    counts.errors += [f"{record['id']}: missed {record['text'][g[0]:g[1]]!r} {g[3]}"
                      for k, g in enumerate(gold) if k not in paired_g]
    counts.errors += [f"{record['id']}: spurious {record['text'][s[0]:s[1]]!r} {s[3]}"
                      for k, s in enumerate(sys_spans) if k not in paired_s]
    return counts


def score_records(records: Iterable[dict], extract: Callable[[str, str, str], list[Timex]]) -> Counts:
    """Run ``extract(text, dct, lang)`` on every record and add up the counts."""
    total = Counts()
    for record in records:
        total.add(score_record(record, extract(record["text"], record["dct"], record["lang"])))
    return total
