"""Article body text: one adapter over trafilatura, with newspaper4k as a measured fallback.

Settings chosen by measurement on the 181-page article-extraction benchmark (numbers in
``benchmarks/eval_extraction.py`` and the parse README section):

* trafilatura with ``favor_precision=True, include_comments=False`` is the base (reader comments are
  not the article; the precision mode drops related-article teasers and share bars);
* when the precision mode keeps almost nothing (< :data:`SHORT_WORDS` words), it has usually thrown
  away the real container: trafilatura is rerun in its balanced mode and the longer text is kept;
* when the text covers less than :data:`MIN_COVERAGE` of the page's long paragraphs, the article is
  often split over sibling containers of which trafilatura kept one: newspaper4k is asked, and its
  text is adopted only if it is clearly longer *and* contains what trafilatura found (so a different
  block of the page, such as a comment thread, never replaces the article).

So newspaper4k (5× slower) runs on a few pages only. Paragraphs are separated by newlines, which keeps
4-word shingles (and sentence splitting downstream) from running across blocks.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections import Counter
from dataclasses import dataclass

import trafilatura
from lxml.html import HtmlElement, tostring

from timeline.errors import RecordError
from timeline.parse.dom import parse_html

SHORT_WORDS = 50
MIN_COVERAGE = 0.5
LONG_PARAGRAPH_WORDS = 25
FALLBACK_GROWTH = 1.5
FALLBACK_CONTAINMENT = 0.8

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")

for _name in ("trafilatura", "htmldate", "newspaper"):
    # They log every discarded page at WARNING; a batch run would drown in it. Callers can lower it again.
    if logging.getLogger(_name).level == logging.NOTSET:
        logging.getLogger(_name).setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class Body:
    """The article text of a page and how it was obtained."""

    text: str
    extractor: str  # trafilatura | newspaper4k | none
    authors: tuple[str, ...] = ()  # bylines the body extractor found itself (newspaper4k only)


def extract_text(html: str, url: str | None = None) -> str | None:
    """Body text of an HTML page, or None when the page has none (the benchmark's callable)."""
    try:
        tree = parse_html(html)
    except RecordError:
        return None
    return extract_body(tree, url).text or None


def extract_body(tree: HtmlElement, url: str | None = None) -> Body:
    """Body text of a parsed page; `tree` is left unchanged (the extractors work on copies)."""
    text = _trafilatura(tree, url, favor_precision=True)
    if _n_words(text) < SHORT_WORDS:
        balanced = _trafilatura(tree, url, favor_precision=False)
        if _n_words(balanced) > _n_words(text):
            text = balanced
    if _n_words(text) < MIN_COVERAGE * long_paragraph_words(tree):
        fallback = _newspaper(tree, url)
        if fallback is not None and _is_better_superset(fallback.text, text):
            return fallback
    return Body(text, "trafilatura" if text else "none")


def long_paragraph_words(tree: HtmlElement) -> int:
    """Words in the page's ``<p>`` elements long enough to be prose rather than captions or links."""
    total = 0
    for para in tree.iter("p"):
        n = _n_words(para.text_content())
        if n >= LONG_PARAGRAPH_WORDS:
            total += n
    return total


def _trafilatura(tree: HtmlElement, url: str | None, *, favor_precision: bool) -> str:
    text = trafilatura.extract(
        tree,
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        favor_precision=favor_precision,
        deduplicate=False,
        with_metadata=False,
    )
    return tidy_text(text or "")


def _newspaper(tree: HtmlElement, url: str | None) -> Body | None:
    """newspaper4k on the same page (no network: the HTML is handed over, images are not fetched)."""
    with warnings.catch_warnings():  # missing optional extras, unknown time zone names: not our reader's concern
        warnings.simplefilter("ignore")
        import newspaper  # imported lazily: it is slow to import and rarely needed

        try:
            article = newspaper.Article(url or "http://localhost/", fetch_images=False)
            article.download(input_html=tostring(tree, encoding="unicode"))
            article.parse()
        except Exception:  # a fallback that fails just leaves trafilatura's text
            return None
    authors = tuple(a.strip() for a in article.authors or () if a and a.strip())
    return Body(tidy_text(article.text or ""), "newspaper4k", authors)


def _is_better_superset(candidate: str, base: str) -> bool:
    """`candidate` is clearly longer than `base` and holds most of base's 4-word shingles."""
    if _n_words(candidate) <= FALLBACK_GROWTH * _n_words(base):
        return False
    if not base:
        return True
    mine, theirs = _shingles(base), _shingles(candidate)
    shared = sum((mine & theirs).values())
    return shared >= FALLBACK_CONTAINMENT * max(sum(mine.values()), 1)


def _shingles(text: str, size: int = 4) -> Counter:
    words = _WORD.findall(text)
    return Counter(tuple(words[i : i + size]) for i in range(max(len(words) - size + 1, 1)))


def _n_words(text: str) -> int:
    return len(_WORD.findall(text)) if text else 0


def tidy_text(text: str) -> str:
    """Normalise spaces inside lines, keep one newline between paragraphs, strip the ends."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()
