"""The temporal tagger as a spaCy component: ``nlp.add_pipe("timeline_dates")``.

It reads the reference date from ``doc._.reference_date`` (an ISO string or a ``date``; set it before
running the pipeline, e.g. with ``nlp.pipe(..., as_tuples=True)``) and writes the expressions to
``doc._.timexes`` as :class:`~timeline.types.Timex` records with character offsets into
``doc.text``. The language is the pipeline's (``spacy.blank("nl")`` -> Dutch) unless the factory is
given ``config={"lang": "fr"}``. The component keeps no state, so it needs no training and works in
``spacy.blank(...)`` pipelines.

Importing this module registers the factory and both ``Doc`` extensions; importing it again (or
after another module registered them) is harmless.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from timeline.nlp.dates.engine import extract_timexes
from timeline.nlp.doctext import doc_text

FACTORY_NAME = "timeline_dates"
EXTENSIONS = ("timexes", "reference_date")


def register_extensions() -> None:
    """Add ``doc._.timexes`` and ``doc._.reference_date`` unless they exist already."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None, force=False)


class TimelineDates:
    """Runs :func:`~timeline.nlp.dates.engine.extract_timexes` on each Doc."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = extract_timexes(doc_text(doc), doc._.reference_date, self.lang)
        return doc


def make_timeline_dates(nlp: Language, name: str, lang: str | None) -> TimelineDates:
    """Factory: the component for ``lang``, or for the pipeline's language."""
    register_extensions()
    return TimelineDates(lang or nlp.lang)


register_extensions()
if not Language.has_factory(FACTORY_NAME):
    Language.factory(
        FACTORY_NAME,
        default_config={"lang": None},
        assigns=["doc._.timexes"],
        func=make_timeline_dates,
    )
