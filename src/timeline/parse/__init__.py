"""Page → article: body text, metadata, publication date, language and page kind, all offline.

Entry points: :func:`parse_page` (bytes or text of one page → :class:`~timeline.types.Article`, or a
:class:`~timeline.errors.RecordError`) and :func:`extract_text` (HTML → body text, the function scored
on the extraction benchmark).
"""

from timeline.parse.extract import extract_text
from timeline.parse.page import parse_page

__all__ = ["extract_text", "parse_page"]
