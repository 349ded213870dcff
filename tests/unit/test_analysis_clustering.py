"""Average linkage and the pairwise evidence it runs on."""

from __future__ import annotations

import itertools
from datetime import date

from timeline.analysis.clustering import average_linkage
from timeline.analysis.mentions import Mention, content_words
from timeline.analysis.similarity import (
    actor_similarity,
    day_similarity,
    lag_similarity,
    pair_similarity,
    type_similarity,
)


def mention(mid="m1", *, article="a1", lang="en", published=date(2026, 1, 9), day=date(2026, 1, 9),
            source="explicit", kind="restriction", actors=("X",), targets=("Grok",), modality="asserted",
            sentence="X restricted Grok image generation to paying subscribers."):
    return Mention(index=0, mention_id=mid, article_id=article, url=None, outlet=article, language=lang,
                   groups=frozenset(),
                   published=published, date=day if source != "published" else None, date_source=source,
                   precision="day", event_type=kind, modality=modality, actors=frozenset(actors),
                   targets=frozenset(targets), words=content_words(sentence), confidence=0.9, sentence=sentence,
                   sentence_index=0)


def test_single_ambiguous_link_does_not_chain_two_groups():
    # a-b and b-c are similar, a-c never compared: b joins one side, c stays apart
    labels = average_linkage(3, [(0, 1, 0.9), (1, 2, 0.8)], threshold=0.5)
    assert labels[0] == labels[1] != labels[2]


def test_average_linkage_merges_dense_groups_and_is_order_independent():
    pairs = [(0, 1, 0.9), (0, 2, 0.8), (1, 2, 0.85), (3, 4, 0.95), (2, 3, 0.2)]
    expected = average_linkage(5, pairs, threshold=0.5)
    assert expected == [0, 0, 0, 3, 3]
    for perm in itertools.permutations(pairs):
        assert average_linkage(5, list(perm), threshold=0.5) == expected


def test_nothing_merges_below_threshold():
    assert average_linkage(3, [(0, 1, 0.4), (1, 2, 0.49)], threshold=0.5) == [0, 1, 2]


def test_type_compatibility():
    assert type_similarity("restriction", "restriction") == 1.0
    assert 0.5 < type_similarity("restriction", "policy_change") < 1.0
    assert type_similarity("legal_complaint", "criticism") == 0.0
    assert type_similarity("statement", "acknowledgement") < 0.5  # alone, not enough to merge


def test_actor_overlap_and_vetoes():
    x = mention(actors=("X",))
    assert actor_similarity(x, mention(actors=("X", "xAI"))) == 1.0
    assert actor_similarity(x, mention(actors=("Ofcom",), targets=("Meta",))) == 0.0
    assert actor_similarity(x, mention(actors=("X",), targets=("Meta",))) < 0.6  # same actor, other target
    assert 0 < actor_similarity(x, mention(actors=(), targets=())) < 0.5


def test_days_and_reporting_lag():
    assert day_similarity(0, 1) == 1.0 and day_similarity(1, 1) > 0.8
    assert day_similarity(2, 1) > day_similarity(3, 1) > day_similarity(4, 1) == 0.0
    assert lag_similarity(date(2026, 1, 10), date(2026, 1, 9), 1) == 1.0
    assert 0 < lag_similarity(date(2026, 1, 14), date(2026, 1, 9), 1) < 1.0
    assert lag_similarity(date(2026, 1, 7), date(2026, 1, 9), 1) == 0.0  # reported before it happened
    assert lag_similarity(date(2026, 1, 20), date(2026, 1, 9), 1) == 0.0


def test_cross_language_same_event_scores_high_and_modality_separates():
    en = mention("m1", article="a1")
    nl = mention("m2", article="a2", lang="nl", sentence="X beperkt Grok tot betalende abonnees.")
    assert pair_similarity(en, nl, 1) == 1.0
    assert pair_similarity(en, mention("m3", article="a3", modality="planned"), 1) == 0.0
    week_later = mention("m4", article="a4", day=date(2026, 1, 16), published=date(2026, 1, 16))
    assert pair_similarity(en, week_later, 1) == 0.0
