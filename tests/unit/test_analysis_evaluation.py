"""The merge and key-event scorers give the numbers a hand count gives."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from timeline.evaluation import merge as scoring


def test_pairwise_scores_by_hand():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}  # gold pairs: ab ac bc de
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y", "e": None}  # predicted pairs: ab cd
    s = scoring.pairwise_scores(predicted, gold)
    assert (s["true_pairs"], s["predicted_pairs"], s["gold_pairs"]) == (1, 2, 4)
    assert s["precision"] == 0.5 and s["recall"] == 0.25 and s["f1"] == pytest.approx(1 / 3, abs=1e-3)
    perfect = scoring.pairwise_scores(gold, gold)
    assert perfect["precision"] == perfect["recall"] == 1.0


def test_unfound_gold_mentions_count_as_singletons():
    s = scoring.pairwise_scores({"a": "x"}, {"a": 1, "b": 1})
    assert s["recall"] == 0.0 and s["precision"] == 1.0


def _events(rows):
    return pd.DataFrame(rows, columns=["event_id", "date", "type", "actors", "targets", "n_sources", "salience"])


GOLD = [{"id": "K1", "date": "2026-01-02", "type": "acknowledgement", "actors": ["Grok"]},
        {"id": "K2", "date": "2026-01-09", "type": "restriction", "actors": ["X"], "targets": ["Grok"]}]


def test_key_event_precision_counts_each_gold_event_once():
    events = _events([
        ("e1", date(2026, 1, 9), "restriction", "X", "Grok", 9, 1.0),
        ("e2", date(2026, 1, 10), "restriction", "X", "Grok", 5, 0.8),  # duplicate a day late
        ("e3", date(2026, 1, 2), "statement", "Elon Musk", None, 4, 0.5),  # wrong type and actor
        ("e4", date(2026, 1, 3), "acknowledgement", "Grok", None, 3, 0.6),  # a day late: within tolerance
    ])
    s = scoring.key_event_precision(events, GOLD, 4)
    assert (s["hits"], s["k"], s["gold_covered"]) == (2, 4, 2) and s["precision_at_k"] == 0.5
    assert scoring.key_event_precision(events, GOLD, 4, tolerance=0)["hits"] == 1


def test_date_selection_f1_and_top_days():
    events = _events([("e1", date(2026, 1, 9), "restriction", "X", "Grok", 9, 1.0),
                      ("e2", date(2026, 1, 5), "statement", "Ofcom", None, 2, 0.3)])
    assert scoring.top_k_days(events, 1) == [date(2026, 1, 9)]
    s = scoring.date_selection_f1(scoring.top_k_days(events, 2), [date(2026, 1, 2), date(2026, 1, 9)])
    assert s["precision"] == 0.5 and s["recall"] == 0.5


def test_matching_gold_to_run_mentions_by_file_and_sentence():
    gold = [{"file": "en/2026-01-09-a.html", "sentence": "X restricted Grok image generation on Friday.",
             "key_event": "K2", "modality": "asserted"},
            {"file": "en/2026-01-09-a.html", "sentence": "Nothing like this was found by the run at all.",
             "key_event": "K2", "modality": "asserted"}]
    articles = pd.DataFrame({"article_id": ["A"],
                             "text": ["Intro.  X restricted Grok image generation on Friday. End."]})
    mentions = pd.DataFrame({"article_id": ["A"], "event_id": ["E1"],
                             "sentence": ["X restricted Grok image generation on Friday."]})
    assert scoring.articles_for_files(gold, articles) == {"en/2026-01-09-a.html": "A"}
    s = scoring.score_run_against_gold(gold, mentions, articles)
    assert s["matched"] == 1 and s["gold_pairs"] == 1 and s["recall"] == 0.0


def test_gold_as_event_mentions_uses_file_day_as_byline(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"file": "nl/2026-01-10-nos-x.html", "sentence": "X beperkte vrijdag Grok.", '
                    '"event_type": "restriction", "date": "2026-01-09", "actors": ["X"], "targets": ["Grok"], '
                    '"modality": "asserted", "key_event": "K2"}\n\n', encoding="utf-8")
    rows = scoring.gold_as_event_mentions(scoring.read_gold_mentions([path]))
    row = rows.iloc[0]
    assert row["published_date"] == date(2026, 1, 10) and row["date_source"] == "explicit"
    assert row["language"] == "nl" and row["actors"] == "X"
    path.write_text("{broken\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"g\.jsonl:1"):
        scoring.read_gold_mentions([path])
