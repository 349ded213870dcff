"""Text → one lxml tree, parsed once and shared by the extractor, the metadata reader and the classifier.

libxml2 silently drops everything below 256 levels of nesting (2048 with ``huge_tree``), so a hostile or
broken page with thousands of unclosed ``<div>`` would lose its text. When the parser reports
excessive depth, the markup is flattened first: tags deeper than :data:`MAX_DEPTH` are replaced by a
line break, which keeps their text and the block boundaries between them.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from timeline.errors import RecordError

MAX_DEPTH = 400  # nesting kept as is; real news pages stay under ~60
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title"})


def _parser() -> HTMLParser:
    return HTMLParser(
        collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True, huge_tree=True
    )


def parse_html(text: str) -> HtmlElement:
    """Parse an HTML document (or fragment) into a tree whose root is ``<html>``.

    Raises:
        RecordError: nothing parseable was left (no markup, or only whitespace).
    """
    text = _XML_DECLARATION.sub("", _INVALID_XML.sub("", text), count=1)
    if "<" not in text:
        raise RecordError("not an HTML page: the input has no markup")
    parser = _parser()
    tree = _parse(text, parser)
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        tree = _parse(flatten_deep_markup(text), _parser())
    return tree


def _parse(text: str, parser: HTMLParser) -> HtmlElement:
    try:
        tree = document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise RecordError(f"not an HTML page: {exc}") from exc
    if tree is None or not isinstance(tree, HtmlElement):
        raise RecordError("not an HTML page: the parser found no document")
    return tree


def flatten_deep_markup(text: str, max_depth: int = MAX_DEPTH) -> str:
    """Replace tags nested deeper than `max_depth` by newlines, keeping all text.

    A light tag scanner, not a full HTML tokenizer: closing tags pop back to their opening tag (as
    browsers do with unclosed elements), void and self-closed tags do not nest, and script/style
    content is not scanned for tags.
    """
    out: list[str] = []
    stack: list[str] = []
    open_at: dict[str, list[int]] = {}  # tag name -> stack positions where it is open (O(1) lookups)
    pos = 0
    raw_until: str | None = None
    for match in _TAG.finditer(text):
        closing, name, selfclosing = match.group(1), match.group(2).lower(), match.group(3)
        if raw_until and not (closing and name == raw_until):
            continue
        out.append(text[pos : match.start()])
        pos = match.end()
        raw_until = None
        keep = len(stack) < max_depth
        if closing and name in _RAW_TEXT:
            keep = True
        elif closing:
            if open_at.get(name):
                keep = open_at[name][-1] < max_depth
                _pop_to(stack, open_at, open_at[name][-1])
        elif name in _RAW_TEXT:
            keep, raw_until = True, name  # kept at any depth: their content must never become text
        elif name not in _VOID and not selfclosing:
            open_at.setdefault(name, []).append(len(stack))
            stack.append(name)
        out.append(match.group(0) if keep else "\n")
    out.append(text[pos:])
    return "".join(out)


def _pop_to(stack: list[str], open_at: dict[str, list[int]], depth: int) -> None:
    """Close every element from the top of `stack` down to position `depth` (inclusive)."""
    while len(stack) > depth:
        open_at[stack.pop()].pop()
