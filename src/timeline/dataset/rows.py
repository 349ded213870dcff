"""Pure conversion of NLP results into table columns (no I/O).

One function per table, each returning a dict of equally long lists whose keys are exactly the schema's
columns, in order. Columns rather than row dicts: a batch of a few hundred articles has tens of thousands
of mention rows, and the dataset boundary turns each list into one Arrow array and checks it in one go.
"""

from __future__ import annotations

from collections.abc import Sequence

from timeline.dataset.schema import JOIN, TABLES
from timeline.types import ArticleAnalysis


def _columns(table: str, values: list[tuple]) -> dict[str, list]:
    """Transpose row tuples (in the schema's column order) into named columns."""
    names = TABLES[table].names
    if not values:
        return {name: [] for name in names}
    return {name: list(column) for name, column in zip(names, zip(*values, strict=True), strict=True)}


def article_columns(analyses: Sequence[ArticleAnalysis]) -> dict[str, list]:
    return _columns("articles", [
        (a.article_id, a.url, a.outlet, a.language, a.published_date, a.published_datetime, a.title, a.text,
         a.n_words, bool(a.is_paywalled), a.page_kind, a.extractor, JOIN.join(a.authors) or None, a.content_sha256)
        for a in (analysis.article for analysis in analyses)])


def timex_columns(analyses: Sequence[ArticleAnalysis]) -> dict[str, list]:
    return _columns("timexes", [
        (analysis.article.article_id, t.start, t.end, t.text, t.type, t.value, t.mod, t.anchor, t.anchor_source)
        for analysis in analyses for t in analysis.timexes])


def actor_mention_columns(analyses: Sequence[ArticleAnalysis]) -> dict[str, list]:
    return _columns("actor_mentions", [
        (m.article_id, m.sentence_index, m.char_start, m.char_end, m.text, m.actor_id, m.name, m.kind, m.country,
         m.match_source)
        for analysis in analyses for m in analysis.actor_mentions])


def event_mention_columns(analyses: Sequence[ArticleAnalysis]) -> dict[str, list]:
    return _columns("event_mentions", [
        (m.mention_id, None, m.article_id, a.url, a.outlet, a.language, a.published_date, m.sentence_index,
         m.sentence, m.char_start, m.char_end, m.trigger, m.event_type, m.plover, JOIN.join(m.actors) or None,
         JOIN.join(m.targets) or None, m.date, m.date_precision, m.date_source, m.timex_text, m.modality,
         float(m.confidence))
        for analysis in analyses for a in (analysis.article,) for m in analysis.event_mentions])


BUILDERS = {"articles": article_columns, "timexes": timex_columns, "actor_mentions": actor_mention_columns,
            "event_mentions": event_mention_columns}


def batch_columns(analyses: Sequence[ArticleAnalysis]) -> dict[str, dict[str, list]]:
    """Every per-article table of a batch of analyses, as columns."""
    return {table: build(analyses) for table, build in BUILDERS.items()}
