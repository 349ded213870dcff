"""The tagger against the project's own multilingual gold, with floors pinned in a file (a ratchet)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline.nlp.dates.scoring import gold_spans, load_gold, score_record, score_records
from timeline.temporal import extract
from timeline.types import Timex

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "gold"
FLOORS = json.loads((GOLD / "floors_temporal.json").read_text(encoding="utf-8"))
LANGS = ["en", "nl", "fr", "de"]


@pytest.mark.parametrize("lang", LANGS)
def test_gold_scores_stay_above_the_floors(lang):
    records = load_gold(GOLD / "timex" / f"{lang}.jsonl")
    counts = score_records(records, extract)
    scores = counts.scores()
    below = {k: (round(v, 3), FLOORS[lang][k]) for k, v in scores.items() if v < FLOORS[lang][k]}
    assert not below, f"{lang} below floor (score, floor): {below}\n" + "\n".join(counts.errors)


@pytest.mark.parametrize("lang", LANGS)
def test_gold_files_are_well_formed_and_big_enough(lang):
    records = load_gold(GOLD / "timex" / f"{lang}.jsonl")
    assert all(r["lang"] == lang for r in records)
    n = sum(len(gold_spans(r)) for r in records)  # raises if an expression is not in its text
    assert n >= (10 if lang == "de" else 60)
    assert any(not r["timexes"] for r in records), "each language keeps a document of non-dates"


def test_the_scorer_counts_strict_relaxed_and_value_separately():
    record = {"id": "t", "lang": "en", "dct": "2026-01-10",
              "text": "On Friday, five days later, in 2025.",
              "timexes": [{"text": "Friday", "type": "DATE", "value": "2026-01-09"},
                          {"text": "five days later", "type": "DATE", "value": "2026-01-14"},
                          {"text": "2025", "type": "DATE", "value": "2025"}]}
    system = [Timex(3, 9, "Friday", "DATE", "2026-01-09"),
              Timex(11, 20, "five days", "DURATION", "P5D"),
              Timex(0, 2, "On", "DATE", "XXXX")]
    counts = score_record(record, system)
    assert (counts.gold, counts.system, counts.strict, counts.relaxed) == (3, 3, 1, 2)
    assert (counts.type_ok, counts.value_ok) == (1, 1)
    assert counts.scores()["relaxed"] == pytest.approx(2 / 3)
    assert counts.scores()["value"] == pytest.approx(1 / 3)
