"""The NLP stage: articles in, dated events and canonical actors out, streaming.

One spaCy ``Language`` per language, built once and cached: a trained pipeline when one is installed
(``spacy.util.is_package``) and the settings allow it, else ``spacy.blank(lang)``; then our rule-based
sentence splitter, the dates tagger, and the actor and event components. Articles are grouped by
language into batches and sent through ``nlp.pipe(..., as_tuples=True)`` so ids travel with docs.

With ``settings.workers > 1`` batches go to a process pool rather than spaCy's ``n_process``: spaCy
sends docs back through msgpack, which cannot carry our extension values (dates, dataclasses).

Once a pipeline is built, every object alive in the process (the pipelines, their vocabularies and
lexicons, the imported libraries) is moved out of the cyclic garbage collector's view (``gc.freeze``):
they live as long as the process, and each full collection used to walk all of them again (about a
tenth of the NLP stage's CPU time). Frozen objects are still freed by reference counting; workers
forked afterwards also stop dirtying the pages they share with the parent when they collect.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language

from timeline.config import Settings
from timeline.nlp import components
from timeline.nlp.actor_table import aggregate_actors
from timeline.nlp.event_lexicon import case_extension
from timeline.nlp.events import actor_names, mention_id
from timeline.types import ActorEntry, ActorMention, Article, ArticleAnalysis, EventMention

__all__ = ["aggregate_actors", "analyze_articles", "analyze_text", "build_nlp", "trained_pipeline_name",
           "warm_pipelines"]

log = logging.getLogger(__name__)
TRAINED = ("{lang}_core_news_sm", "{lang}_core_web_sm", "{lang}_core_news_md", "{lang}_core_web_md")
_NLP_CACHE: dict[tuple, Language] = {}


def trained_pipeline_name(lang: str) -> str | None:
    """The installed trained spaCy pipeline for `lang`, if any."""
    for template in TRAINED:
        name = template.format(lang=lang)
        if spacy.util.is_package(name):
            return name
    return None


def normalize_lang(code: str | None, default: str = "en") -> str:
    """A spaCy language code for an article ("en-GB" → "en"; unknown → "xx", multi-language)."""
    lang = (code or default or "en").strip().lower().replace("_", "-").split("-")[0] or "en"
    return _supported(lang)


@cache
def _supported(lang: str) -> str:
    try:
        spacy.util.get_lang_class(lang)
    except Exception:
        return "xx"
    return lang


def _entries_key(actors: Sequence[ActorEntry]) -> tuple:
    return tuple((a.actor_id, a.name, a.kind, a.country, repr(sorted(a.aliases.items())),
                  repr(sorted(a.roles.items())), a.parent) for a in actors)


def build_nlp(lang: str, *, settings: Settings | None = None, actors: Sequence[ActorEntry] = (),
              extension: dict | None = None) -> Language:
    """The (cached) pipeline for `lang` with the case dictionary `actors` and event `extension`."""
    settings = settings or Settings()
    key = (lang, settings.use_trained_pipeline, _entries_key(actors), repr(extension))
    if key in _NLP_CACHE:
        return _NLP_CACHE[key]
    trained = trained_pipeline_name(lang) if settings.use_trained_pipeline else None
    if trained:
        nlp = spacy.load(trained, exclude=["lemmatizer", "textcat"])
        nlp.add_pipe("timeline_sentences", first=True)
    else:
        nlp = spacy.blank(lang)
        nlp.add_pipe("timeline_sentences")
    if Language.has_factory("timeline_dates"):
        nlp.add_pipe("timeline_dates")
    nlp.add_pipe("timeline_actors").set_entries(actors)
    nlp.add_pipe("timeline_events").set_extension(extension)
    nlp.max_length = max(nlp.max_length, settings.max_text_chars + 1)
    _NLP_CACHE[key] = nlp
    gc.collect(1)  # young garbage (cheap to find) is not frozen with the rest
    gc.freeze()
    return nlp


def analyze_text(text: str, *, lang: str = "en", published=None, actors: Sequence[ActorEntry] = (),
                 settings: Settings | None = None, article_id: str = "text") -> ArticleAnalysis:
    """Analyse one text (convenient in notebooks and tests)."""
    article = Article(article_id=article_id, text=text, language=lang, published_date=published)
    return next(analyze_articles([article], actors=actors, settings=settings))


def analyze_articles(articles: Iterable[Article], *, actors: Sequence[ActorEntry] = (),
                     settings: Settings | None = None, extension: dict | Path | None = None
                     ) -> Iterator[ArticleAnalysis]:
    """Stream `articles` through the NLP stage, one :class:`ArticleAnalysis` each (grouped by language).

    `extension` is a case's ``events.yml`` (path or parsed content) adding trigger terms.
    """
    settings = settings or Settings()
    ext = _extension(extension)
    batches = language_batches(articles, settings)
    if settings.workers > 1:
        yield from _parallel(batches, tuple(actors), settings, ext)
        return
    for lang, batch in batches:
        yield from _run_batch(lang, batch, tuple(actors), settings, ext)


def _extension(extension: dict | Path | str | None) -> dict | None:
    """A case's events.yml (path or parsed) as the mapping the pipelines are built and cached with."""
    return case_extension(extension) if isinstance(extension, (str, Path)) else (extension or None)


def warm_pipelines(articles: Iterable[Article], *, actors: Sequence[ActorEntry] = (),
                   settings: Settings | None = None, extension: dict | Path | None = None) -> None:
    """Build (and cache) the pipelines of these articles' languages, e.g. before forking workers that inherit them."""
    settings = settings or Settings()
    ext = _extension(extension)
    for lang in sorted({normalize_lang(a.language, settings.lang) for a in articles}):
        build_nlp(lang, settings=settings, actors=tuple(actors), extension=ext)


def language_batches(articles: Iterable[Article], settings: Settings) -> Iterator[tuple[str, list[Article]]]:
    """Articles grouped by language, `batch_size` at a time (one spaCy pipeline per batch); the order the
    analyses come out in, which ``pipeline._in_nlp_order`` reproduces for the workers."""
    buffers: dict[str, list[Article]] = defaultdict(list)
    size = max(1, settings.batch_size)
    for article in articles:
        lang = normalize_lang(article.language, settings.lang)
        buffers[lang].append(article)
        if len(buffers[lang]) >= size:
            yield lang, buffers.pop(lang)
    yield from buffers.items()


def _run_batch(lang: str, batch: list[Article], actors: tuple[ActorEntry, ...], settings: Settings,
               ext: dict | None) -> list[ArticleAnalysis]:
    nlp = build_nlp(lang, settings=settings, actors=actors, extension=ext)
    with _collector_paused():
        try:
            pairs = [(_make_doc(nlp, a), a) for a in batch]
            return [to_analysis(doc, a) for doc, a in nlp.pipe(pairs, as_tuples=True,
                                                                 batch_size=settings.batch_size)]
        except Exception:  # one bad article must not take the batch down: redo them one by one
            return [_run_one(nlp, a) for a in batch]


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while one batch is analysed; it runs again after the batch.

    The analysis allocates millions of short-lived objects, nearly all freed by reference counting, yet
    each few hundred allocations triggered a collection (a few percent of the stage's CPU time). The
    little cyclic garbage one batch makes waits until the batch is done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run_one(nlp: Language, article: Article) -> ArticleAnalysis:
    try:
        return to_analysis(nlp(_make_doc(nlp, article)), article)
    except Exception as exc:
        log.warning("NLP failed on article %r (line %s): %s", article.article_id, article.source_line, exc)
        return ArticleAnalysis(article=article)


def _make_doc(nlp: Language, article: Article):
    doc = nlp.make_doc(article.text or "")
    doc._.reference_date = article.published_date
    doc._.source_text = article.text or ""  # Doc.text rebuilds the string from tokens on every access
    return doc


def _work(job: tuple) -> list[ArticleAnalysis]:
    return _run_batch(*job)


def _parallel(batches, actors, settings, ext) -> Iterator[ArticleAnalysis]:
    """Batches on a process pool, at most two per worker in flight so memory stays flat."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=settings.workers, mp_context=ctx) as pool:
        pending = []
        for lang, batch in batches:
            pending.append(pool.submit(_work, (lang, batch, actors, settings, ext)))
            if len(pending) >= 2 * settings.workers:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()


def to_analysis(doc, article: Article) -> ArticleAnalysis:
    """Convert a processed doc into the plain records of the shared types."""
    sents = components.sentence_bounds(doc)
    text = components.doc_text(doc)
    ext = doc._  # each `doc._` builds an accessor object: read the other extensions through one
    aid = article.article_id
    index = sents.index
    actor_mentions = [
        ActorMention(aid, index(f.start), f.start, f.end, f.text, f.key, f.name, f.kind, f.country, f.source)
        for f in ext.actors or []
    ]
    published = article.published_date
    events = []
    for ev in ext.events or []:
        when = ev.when
        events.append(EventMention(
            mention_id=mention_id(aid, ev.sent_start, ev.sent_end, ev.event_type), article_id=aid,
            sentence_index=ev.sentence_index, sentence=text[ev.sent_start:ev.sent_end],
            char_start=ev.sent_start, char_end=ev.sent_end, trigger=ev.trigger, event_type=ev.event_type,
            actors=actor_names(ev.sources), targets=actor_names(ev.targets),
            date=when.date if when else published, date_precision=when.precision if when else None,
            date_source=when.source if when else "published", timex_text=when.timex_text if when else None,
            modality=ev.modality, plover=ev.plover, confidence=ev.confidence,
        ))
    return ArticleAnalysis(article=article, timexes=list(ext.timexes or []), actor_mentions=actor_mentions,
                           event_mentions=events, n_sentences=len(sents))
