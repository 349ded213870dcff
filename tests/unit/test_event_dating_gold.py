"""Ratchet on our dating dev set: news paragraphs in en, nl, fr whose events are often reported days later."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests/fixtures/gold/dating"
FLOORS = json.loads((ROOT / "tests/fixtures/gold/floors_dating.json").read_text(encoding="utf-8"))


def _scorer():
    spec = importlib.util.spec_from_file_location("eval_dating", ROOT / "scripts/eval_dating.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores() -> dict:
    scorer = _scorer()
    articles = scorer.load(GOLD)
    return scorer.score(articles, [scorer.date_directly(a) for a in articles])


def test_the_dev_set_is_big_enough_and_mostly_late():
    scorer = _scorer()
    articles = scorer.load(GOLD)
    by_lang: dict[str, int] = {}
    late = 0
    for a in articles:
        by_lang[a["lang"]] = by_lang.get(a["lang"], 0) + len(a["events"])
        late += sum((a["published"] - e["gold"]).days >= 2 for e in a["events"])
    assert min(by_lang.get(lang, 0) for lang in ("en", "nl", "fr")) >= 40
    assert late >= 0.4 * sum(by_lang.values())


@pytest.mark.parametrize("lang", ["all", "en", "fr", "nl"])
def test_events_are_dated_within_a_day_above_the_floor(scores, lang):
    assert scores[lang]["within_1_day"] >= FLOORS["within_1_day"][lang], scores[lang]


def test_events_reported_days_later_get_the_day_they_happened(scores):
    assert scores["all"]["late_within_1_day"] >= FLOORS["late_within_1_day"]["all"], scores["all"]
    assert scores["all"]["within_1_day"] > scores["all"]["baseline_within_1_day"] + 0.3


def test_a_bad_gold_line_names_its_file_and_line(tmp_path):
    row = {"id": "x", "lang": "en", "published": "2025-03-06", "text": "Ofcom acted.",
           "events": [{"sentence": "Not in the text.", "trigger": "Not", "date": "2025-03-06"}]}
    (tmp_path / "en.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"en\.jsonl:1"):
        _scorer().load(tmp_path)
