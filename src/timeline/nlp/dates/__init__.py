"""The multilingual temporal tagger: finds temporal expressions and normalizes them to TIMEX3.

Layout: :mod:`.lexicon` (word tables from dateparser + YAML), :mod:`.tokens` (tokens and their
classes), :mod:`.grammar` (rules over classes), :mod:`.absolute` / :mod:`.relative` / :mod:`.clock`
/ :mod:`.amounts` (resolvers), :mod:`.engine` (the loop), :mod:`.component` (spaCy),
:mod:`.dating` (event dating on top of the expressions), :mod:`.scoring` (gold-set scores).

Importing the package registers the spaCy factory ``"timeline_dates"`` and the ``doc._.timexes`` /
``doc._.reference_date`` extensions (see :mod:`.component`).
"""

from timeline.nlp.dates import component  # noqa: F401  (registers the spaCy factory)
from timeline.nlp.dates.engine import extract_timexes, parse_reference

__all__ = ["extract_timexes", "parse_reference"]
