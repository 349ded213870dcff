"""Parsing XML from the web without entity expansion or external references (defusedxml).

Feeds and sitemaps are untrusted input: a "billion laughs" entity bomb or an external entity
(``<!ENTITY x SYSTEM "file:///etc/passwd">``) must never be expanded. Every feed and sitemap body
goes through :func:`check_xml` before any other parser (feedparser included) sees it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree as SafeET

_DECLARATION = re.compile(rb"<!\s*(ENTITY|DOCTYPE[^>]*\[)", re.IGNORECASE)


class UnsafeXML(ValueError):
    """The document declares entities or external references: refused, never expanded."""


class BrokenXML(ValueError):
    """The document is not well-formed XML."""


def parse_xml(data: bytes) -> ET.Element:
    """Parse strictly and safely; raise UnsafeXML or BrokenXML."""
    try:
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeXML(f"unsafe-xml: {type(exc).__name__} ({exc})") from None
    except ET.ParseError as exc:
        if _DECLARATION.search(data):
            raise UnsafeXML("unsafe-xml: malformed document with entity declarations") from None
        raise BrokenXML(f"broken-xml: {exc}") from None


def check_xml(data: bytes) -> bool:
    """True when well-formed and safe; False when malformed but free of declarations (a lenient
    parser may still salvage it); raise UnsafeXML when it declares entities."""
    try:
        parse_xml(data)
    except BrokenXML:
        return False
    return True


def local_name(tag: str) -> str:
    """`{http://www.sitemaps.org/schemas/sitemap/0.9}url` -> `url`."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""
