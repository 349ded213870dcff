"""Pure conversion of NLP results into table rows (no I/O).

One function per table, each returning plain dicts whose keys are exactly the schema's columns, so the
dataset boundary can validate them and the analysis layer can rely on them.
"""

from __future__ import annotations

from timeline.dataset.schema import JOIN
from timeline.types import ArticleAnalysis


def article_row(analysis: ArticleAnalysis) -> dict:
    a = analysis.article
    return {
        "article_id": a.article_id,
        "url": a.url,
        "outlet": a.outlet,
        "language": a.language,
        "published_date": a.published_date,
        "published_datetime": a.published_datetime,
        "title": a.title,
        "text": a.text,
        "n_words": a.n_words,
        "is_paywalled": bool(a.is_paywalled),
        "page_kind": a.page_kind,
        "extractor": a.extractor,
        "authors": JOIN.join(a.authors) or None,
        "content_sha256": a.content_sha256,
    }


def timex_rows(analysis: ArticleAnalysis) -> list[dict]:
    aid = analysis.article.article_id
    return [
        {"article_id": aid, "char_start": t.start, "char_end": t.end, "text": t.text, "timex_type": t.type,
         "value": t.value, "mod": t.mod, "anchor": t.anchor, "anchor_source": t.anchor_source}
        for t in analysis.timexes
    ]


def actor_mention_rows(analysis: ArticleAnalysis) -> list[dict]:
    return [
        {"article_id": m.article_id, "sentence_index": m.sentence_index, "char_start": m.char_start,
         "char_end": m.char_end, "text": m.text, "actor_id": m.actor_id, "name": m.name, "kind": m.kind,
         "country": m.country, "match_source": m.match_source}
        for m in analysis.actor_mentions
    ]


def event_mention_rows(analysis: ArticleAnalysis) -> list[dict]:
    a = analysis.article
    return [
        {"mention_id": m.mention_id, "event_id": None, "article_id": m.article_id, "url": a.url,
         "outlet": a.outlet, "language": a.language, "published_date": a.published_date,
         "sentence_index": m.sentence_index, "sentence": m.sentence, "char_start": m.char_start,
         "char_end": m.char_end, "trigger": m.trigger, "event_type": m.event_type, "plover": m.plover,
         "actors": JOIN.join(m.actors) or None, "targets": JOIN.join(m.targets) or None, "date": m.date,
         "date_precision": m.date_precision, "date_source": m.date_source, "timex_text": m.timex_text,
         "modality": m.modality, "confidence": float(m.confidence)}
        for m in analysis.event_mentions
    ]
