"""Run the NLP stage on one text: what ``timeline extract`` prints, and a quick check for notebooks."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from timeline.config import Settings, load_case
from timeline.types import Article


def extract_text(text: str, reference_date: date | None, lang: str, *, case: str | None = None,
                 settings: Settings | None = None) -> dict:
    """Dates, actors and events of `text` as plain JSON-ready data."""
    from timeline.nlp.pipeline import analyze_articles

    loaded = load_case(case) if case else None
    article = Article(article_id="text", text=text, language=lang, published_date=reference_date)
    analysis = next(iter(analyze_articles([article], actors=loaded.actors if loaded else (),
                                          settings=settings or Settings(),
                                          extension=loaded.event_triggers if loaded else None)))
    return {
        "reference_date": reference_date,
        "language": lang,
        "timexes": [asdict(t) for t in analysis.timexes],
        "actors": [asdict(m) for m in analysis.actor_mentions],
        "events": [asdict(m) for m in analysis.event_mentions],
    }
