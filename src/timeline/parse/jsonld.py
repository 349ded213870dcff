"""schema.org JSON-LD blocks of a page, read defensively.

Publishers state the publication time, the article type and whether the text is free in these blocks,
so the date reader and the page classifier both use them. Broken blocks are common (trailing commas,
HTML comments, raw newlines inside strings); a block that still cannot be read is skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lxml.html import HtmlElement

MAX_BLOCK_CHARS = 2_000_000
MAX_NODES = 5_000
ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
        "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "blogposting",
        "liveblogposting", "socialmediaposting", "report", "techarticle", "scholarlyarticle",
    }
)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_COMMENT = re.compile(r"<!--|-->|/\*.*?\*/", re.DOTALL)


def json_ld_nodes(tree: HtmlElement) -> list[dict]:
    """Every JSON object found in the page's ``application/ld+json`` scripts (``@graph`` unrolled)."""
    nodes: list[dict] = []
    for script in tree.iterfind(".//script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        data = _load(script.text or "")
        if data is not None:
            nodes.extend(_walk(data))
        if len(nodes) >= MAX_NODES:
            break
    return nodes[:MAX_NODES]


def node_types(node: dict) -> set[str]:
    """Lower-cased schema.org types of a node (``@type`` may be a string or a list)."""
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


def article_nodes(nodes: list[dict]) -> list[dict]:
    """The nodes that describe an article (NewsArticle, BlogPosting, ...)."""
    return [n for n in nodes if node_types(n) & ARTICLE_TYPES]


def _load(raw: str) -> object | None:
    raw = raw.strip()
    if not raw or len(raw) > MAX_BLOCK_CHARS:
        return None
    for attempt in (raw, _TRAILING_COMMA.sub(r"\1", _COMMENT.sub("", raw))):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _walk(data: object) -> Iterator[dict]:
    """Depth-first over nested dicts and lists, without recursion (hostile JSON can be deep)."""
    stack = [data]
    seen = 0
    while stack and seen < MAX_NODES:
        item = stack.pop()
        if isinstance(item, dict):
            seen += 1
            yield item
            stack.extend(v for v in reversed(list(item.values())) if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(reversed(item))
