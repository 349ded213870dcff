"""A doc's text, read once: spaCy's ``Doc.text`` joins every token's text each time it is accessed.

The pipeline stores the article's string in ``doc._.source_text`` when it makes the doc; every component
reads it through :func:`doc_text`, which falls back to ``Doc.text`` (once) when it is missing or stale.
"""

from __future__ import annotations

from spacy.tokens import Doc

if not Doc.has_extension("source_text"):
    Doc.set_extension("source_text", default=None)


def doc_text(doc: Doc) -> str:
    """The doc's text, from ``doc._.source_text`` when it is this doc's, else rebuilt once and kept."""
    text = doc._.source_text
    if text is None or (len(doc) and len(text) != doc[-1].idx + len(doc[-1].text_with_ws)):
        text = doc.text  # not set by our pipeline, or not this doc's text: rebuild it once
        doc._.source_text = text
    return text
