"""The third round of NLP speed-ups changes no result: each shortcut against the plain computation.

- the date tokenizer's look-aheads (elided articles, digits) only skip alternatives that cannot match;
- the cyclic garbage collector is paused while a batch is analysed and long-lived objects are frozen
  once a pipeline is built, without changing what the caller's process had set.
"""

from __future__ import annotations

import gc
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.nlp import pipeline
from timeline.nlp.dates.tokens import TOKEN_RE
from timeline.types import Article

ELISION_GUARD = "(?=[lLdDjJmMnNsStTcCqQaApP])"
NUMBER_GUARD = "(?=[\\d'’])(?:"


def _unguarded() -> re.Pattern:
    """TOKEN_RE without the two look-aheads: the plain alternation they stand in front of."""
    pattern = TOKEN_RE.pattern
    assert ELISION_GUARD in pattern and NUMBER_GUARD in pattern
    pattern = pattern.replace(ELISION_GUARD, "", 1).replace(NUMBER_GUARD, "(?:", 1)
    return re.compile(pattern, re.VERBOSE)


TOKEN_PIECES = ["l'", "L’", "qu'", "jusqu’", "aujourd'", "presqu'", "d'", "s’", "c'est", "Arcom", "Ofcom", "hui",
                "'90s", "’80s", "1990s", "2026-01-09", "9/1/2026", "14:30", "14h30", "3rd", "1er", "12,000",
                "2½", "1.5", "$", "€", "%", "-", ".", ",", " ", "\n", "ſ", "é", "x", "_", "7"]


@given(st.lists(st.sampled_from(TOKEN_PIECES), max_size=25).map("".join))
@settings(max_examples=400, deadline=None)
def test_tagger_tokens_with_the_lookaheads_equal_the_plain_alternation(text):
    plain = _unguarded()
    assert [(m.span(), m.lastgroup) for m in TOKEN_RE.finditer(text)] == [
        (m.span(), m.lastgroup) for m in plain.finditer(text)]


def test_tagger_tokens_of_news_text_with_elisions_and_numbers():
    text = ("L’Arcom a saisi la justice jusqu’au 9 janvier 2026; aujourd'hui, qu'en dit X? In the '90s, "
            "14:30 on 2026-01-02, 3rd of 12,000 (1.5%) — d'ici là.")
    tokens = [m.group() for m in TOKEN_RE.finditer(text)]
    assert tokens[:4] == ["L’", "Arcom", "a", "saisi"]
    assert "jusqu’" in tokens and "aujourd'" in tokens and "qu'" in tokens and "'90s" in tokens
    assert [(m.span(), m.lastgroup) for m in TOKEN_RE.finditer(text)] == [
        (m.span(), m.lastgroup) for m in _unguarded().finditer(text)]


ARTICLES = [
    Article("a1", "Ofcom opened an investigation into X on Monday. Elon Musk said the platform would comply.",
            language="en", published_date="2026-01-12"),
    Article("a2", "L'Arcom a saisi la justice le 9 janvier 2026. Le gouvernement a condamné la plateforme.",
            language="fr", published_date="2026-01-10"),
]


def _rows(analyses) -> list[tuple]:
    return [(a.article.article_id, a.timexes, a.actor_mentions, a.event_mentions, a.n_sentences) for a in analyses]


@pytest.mark.parametrize("collector_on", [True, False])
def test_analysis_leaves_the_collector_as_it_found_it(collector_on):
    was = gc.isenabled()
    try:
        (gc.enable if collector_on else gc.disable)()
        rows = _rows(pipeline.analyze_articles(ARTICLES))
        assert gc.isenabled() is collector_on
        assert gc.get_freeze_count() > 0  # the built pipelines (and what was alive then) are frozen
    finally:
        (gc.enable if was else gc.disable)()
    assert rows[0][3] and rows[1][1]  # events in the first article, dates in the second
    assert rows == _rows(pipeline.analyze_articles(ARTICLES))  # the same whatever the collector does


def test_the_collector_runs_again_after_a_failing_batch(monkeypatch):
    def broken(doc, article):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "to_analysis", broken)
    assert gc.isenabled()
    [analysis] = pipeline.analyze_articles(ARTICLES[:1])  # the batch fails, then the article alone
    assert analysis.article.article_id == "a1" and not analysis.event_mentions
    assert gc.isenabled()
