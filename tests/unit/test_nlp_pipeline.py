"""The NLP stage as a whole: sentences, streaming by language, error isolation, speed, trained pipelines."""

from __future__ import annotations

import time
from datetime import date

import pytest
import spacy

from timeline.config import Settings
from timeline.nlp.pipeline import analyze_articles, build_nlp, normalize_lang, trained_pipeline_name
from timeline.nlp.sentences import sentence_starts
from timeline.types import ActorEntry, Article

SETTINGS = Settings(use_trained_pipeline=False, batch_size=2)
OFCOM = ActorEntry("ofcom", "Ofcom", "regulator", "GB", aliases={"any": ("Ofcom",)})


def split(text: str, lang: str = "en") -> list[str]:
    nlp = spacy.blank(lang)
    doc = nlp.make_doc(text)
    starts = sentence_starts([(t.text, t.is_space) for t in doc], lang)
    out, current = [], []
    for tok, flag in zip(doc, starts, strict=True):
        if flag == 1 and current:
            out.append("".join(current).strip())
            current = []
        current.append(tok.text_with_ws)
    out.append("".join(current).strip())
    return [s for s in out if s]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "Mr. Smith met Sen. Warren. They spoke.", ["Mr. Smith met Sen. Warren.", "They spoke."]),
    ("en", 'He said: "We are sorry." Then he left.', ['He said: "We are sorry."', "Then he left."]),
    ("en", "J. K. Rowling wrote it. Fans cheered.", ["J. K. Rowling wrote it.", "Fans cheered."]),
    ("en", "Grok and X\nOfcom opened a probe", ["Grok and X", "Ofcom opened a probe"]),
    ("en", "It rose approx. ten per cent. Then it fell.", ["It rose approx. ten per cent.", "Then it fell."]),
    ("nl", "Volgens dhr. Jansen o.a. de ministers. Zij reageerden.", ["Volgens dhr. Jansen o.a. de ministers.",
                                                                   "Zij reageerden."]),
    ("fr", "M. Macron a parlé. Mme Durand aussi.", ["M. Macron a parlé.", "Mme Durand aussi."]),
    ("fr", "L'enquête vise X. La ministre a réagi.", ["L'enquête vise X.", "La ministre a réagi."]),
    ("de", "Laut Dr. Müller, u.a. Experte, ist das so. Er warnt.", ["Laut Dr. Müller, u.a. Experte, ist das so.",
                                                                   "Er warnt."]),
])
def test_sentence_splitter_survives_abbreviations_quotes_and_line_breaks(lang, text, expected):
    assert split(text, lang) == expected


def test_articles_stream_grouped_by_language_with_ids_and_counts():
    articles = [
        Article("en1", "Ofcom opened an investigation into X on Monday.", language="en",
                published_date=date(2026, 1, 12)),
        Article("nl1", "Ofcom is een onderzoek gestart.", language="nl-NL", published_date=date(2026, 1, 12)),
        Article("fr1", "L'Ofcom a ouvert une enquête.", language="fr", published_date=date(2026, 1, 12)),
        Article("xx1", "Ofcom opened a probe.", language=None, published_date=None),
    ]
    results = {r.article.article_id: r for r in analyze_articles(iter(articles), actors=(OFCOM,), settings=SETTINGS)}
    assert set(results) == {"en1", "nl1", "fr1", "xx1"}
    for r in results.values():
        assert r.event_mentions and r.event_mentions[0].event_type == "investigation"
        assert r.actor_mentions[0].name == "Ofcom" and r.n_sentences == 1
    assert results["xx1"].event_mentions[0].date is None  # no publication date: nothing to fall back on


def test_a_failing_article_does_not_take_its_batch_down(monkeypatch):
    from timeline.nlp import pipeline

    real = pipeline.to_analysis

    def flaky(doc, article):
        if article.article_id == "bad":
            raise RuntimeError("boom")
        return real(doc, article)

    monkeypatch.setattr(pipeline, "to_analysis", flaky)
    arts = [Article("good", "Ofcom opened a probe.", language="en"), Article("bad", "Ofcom fined X.", language="en")]
    out = {r.article.article_id: r for r in analyze_articles(arts, actors=(OFCOM,), settings=SETTINGS)}
    assert out["good"].event_mentions and not out["bad"].event_mentions


def test_language_codes_are_normalised():
    assert normalize_lang("en-GB") == "en"
    assert normalize_lang("NL") == "nl"
    assert normalize_lang(None, "fr") == "fr"
    assert normalize_lang("zz") == "xx"


def test_pipelines_are_built_once_per_language_and_dictionary():
    assert build_nlp("en", settings=SETTINGS) is build_nlp("en", settings=SETTINGS)
    assert build_nlp("en", settings=SETTINGS, actors=(OFCOM,)) is not build_nlp("en", settings=SETTINGS)
    names = build_nlp("en", settings=SETTINGS).pipe_names
    assert names[0] == "timeline_sentences" and names[-2:] == ["timeline_actors", "timeline_events"]


def test_trained_pipeline_is_used_only_when_installed_and_allowed():
    name = trained_pipeline_name("fr")
    nlp = build_nlp("fr", settings=Settings(use_trained_pipeline=True))
    if name is None:
        assert "ner" not in nlp.pipe_names
    else:
        assert "ner" in nlp.pipe_names and "parser" in nlp.pipe_names
    assert "ner" not in build_nlp("fr", settings=Settings(use_trained_pipeline=False)).pipe_names


def _news(seed: int, n: int = 25) -> str:
    """A news-like text whose words vary with `seed`, so no tokenizer cache flatters either side."""
    import random

    rnd = random.Random(seed)
    out = []
    for i in range(n):
        w = "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7))
        out.append(f"Regulator Ofcom said on Monday it had opened an investigation into {w.title()} Ltd over "
                   f"{w} images number {seed * 100 + i}. Minister Clara {w.title()}son called it appalling. ")
    return "".join(out)


def test_nlp_runs_at_a_useful_fraction_of_bare_tokenisation_speed():
    """The issue asks for >= 25% of a bare tokenisation pass, which scripts/bench_nlp.py measures on the
    demo corpus (0.25-0.35 there). This guard catches regressions of a different order (a lexicon
    regex gone quadratic once made the stage 60 times slower) with a bar that a busy two-core CI
    machine does not trip by noise: best of three rounds, each on texts neither side has seen."""
    settings = Settings(use_trained_pipeline=False, batch_size=8)
    list(analyze_articles([Article("w", _news(999, 2), language="en")], settings=settings))  # build, warm
    blank = spacy.blank("en")
    blank.make_doc(_news(998, 2))
    bare = full = float("inf")
    for round_ in range(3):
        texts = [_news(1000 * round_ + i) for i in range(12)]
        t0 = time.perf_counter()
        for text in texts[:6]:
            blank.make_doc(text)
        bare = min(bare, time.perf_counter() - t0)
        arts = [Article(f"a{i}", t, language="en", published_date=date(2026, 1, 12)) for i, t in enumerate(texts[6:])]
        t0 = time.perf_counter()
        list(analyze_articles(arts, settings=settings))
        full = min(full, time.perf_counter() - t0)
    assert bare / full >= 0.08, f"NLP at {bare / full:.2f} of tokenisation speed"


@pytest.mark.slow
def test_parallel_workers_give_the_same_results():
    arts = [Article(f"a{i}", f"Ofcom opened investigation number {i} into X.", language="en",
                    published_date=date(2026, 1, 12)) for i in range(6)]
    serial = {r.article.article_id: r.event_mentions for r in analyze_articles(arts, actors=(OFCOM,),
                                                                               settings=SETTINGS)}
    parallel = {r.article.article_id: r.event_mentions for r in analyze_articles(
        arts, actors=(OFCOM,), settings=SETTINGS.with_(workers=2))}
    assert serial == parallel


def test_components_added_by_hand_work_with_and_without_a_dictionary():
    """The finder and extractor are built on first need: a pipe added without `set_entries` still finds the
    background actors and events, and one given a dictionary finds its names too."""
    text = "Ofcom opened an investigation into X on 12 January 2026. The European Commission fined Meta."
    bare = spacy.blank("en")
    for name in ("timeline_sentences", "timeline_dates", "timeline_actors", "timeline_events"):
        bare.add_pipe(name)
    doc = bare(text)
    assert "European Commission" in {a.name for a in doc._.actors}
    assert doc._.events, "the trigger lexicon is built without set_extension"
    curated = spacy.blank("en")
    for name in ("timeline_sentences", "timeline_dates"):
        curated.add_pipe(name)
    curated.add_pipe("timeline_actors").set_entries([OFCOM])
    curated.add_pipe("timeline_events").set_extension(None)
    found = {(a.name, a.source) for a in curated(text)._.actors}
    assert ("Ofcom", "dictionary") in found
