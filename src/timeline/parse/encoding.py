"""Raw page bytes → text, surviving wrong, missing and mixed charset declarations.

Order of trust (measured on real pages, see the parse README section):

1. a byte-order mark;
2. strict UTF-8 — most of the web, and a page that decodes as UTF-8 is UTF-8 whatever its
   ``<meta charset>`` claims (``latin-1`` declared on UTF-8 pages is the commonest wrong declaration);
3. mostly UTF-8 with a few stray legacy bytes (a widget or a pasted quote in Windows-1252): decode as
   UTF-8 and read each invalid byte as Windows-1252 rather than dropping or replacing it;
4. a legacy charset declared by the server or the page (``latin-1``/``ascii`` read as Windows-1252,
   as browsers do);
5. charset_normalizer's guess, except that a guess within the Latin single-byte family becomes
   Windows-1252: on short texts the detector confuses cp1250/cp1252 and turns French "à" into "ŕ".

Input that is empty, compressed, binary or larger than :data:`MAX_PAGE_BYTES` raises
:class:`~timeline.errors.RecordError` with the reason.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from timeline.errors import RecordError

MAX_PAGE_BYTES = 10 * 1024 * 1024  # as the collector's default cap; larger "pages" are dumps, not articles
MAX_CONTROL_SHARE = 0.02  # share of control characters above which decoded bytes are not text

_MAGIC = (
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"PK\x03\x04", "a ZIP archive (or office document)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF media file"),
    (b"\x7fELF", "an executable"),
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]{2,40})", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # C0/C1 controls except tab, newlines, form feed
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# What browsers do with these labels (WHATWG Encoding Standard): they all mean Windows-1252.
_WINDOWS_1252_ALIASES = {"latin1", "latin_1", "iso8859_1", "iso88591", "ascii", "us_ascii", "cp819", "l1"}
_LATIN_SINGLE_BYTE = {
    "cp1250", "cp1252", "latin_1", "iso8859_15", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9",
    "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_16", "cp1254", "cp1257", "mac_roman", "mac_latin2",
    "mac_iceland", "mac_turkish", "cp437", "cp850", "cp858", "ascii",
}


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the offending bytes as Windows-1252 (undefined bytes as U+FFFD)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("timeline-cp1252", _cp1252_fallback)


def decode_html(data: bytes | str, declared: str | None = None) -> str:
    """Decode a page to text; `declared` is the server's Content-Type (or just its charset), if known.

    Raises:
        RecordError: the input is empty, too large, compressed or binary.
    """
    text = data if isinstance(data, str) else _decode_bytes(_check_bytes(data), declared)
    if not text.strip():
        raise RecordError("empty page: no content to parse")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise RecordError("binary content: the page is not text (too many control characters)")
    return text


def _check_bytes(data: bytes) -> bytes:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise RecordError(f"expected bytes or str, got {type(data).__name__}")
    data = bytes(data)
    if not data.strip():
        raise RecordError("empty page: no content to parse")
    if len(data) > MAX_PAGE_BYTES:
        raise RecordError(f"page too large: {len(data):,} bytes (limit {MAX_PAGE_BYTES:,})")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise RecordError(f"not an HTML page: the bytes are {what}")
    return data


def _decode_bytes(data: bytes, declared: str | None) -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace")
    if _looks_utf16(data):  # before UTF-8: ASCII interleaved with NULs is valid UTF-8 too
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="timeline-cp1252")
    legacy = _declared_charset(data, declared)
    if legacy:
        return data.decode(legacy, errors="replace")
    return data.decode(_guess_charset(data), errors="replace")


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: ASCII markup leaves a NUL in every other byte."""
    head = data[:4000]
    if len(head) < 8:
        return False
    return head[1::2].count(0) > 0.4 * len(head) / 2 or head[0::2].count(0) > 0.4 * len(head) / 2


def _mostly_utf8(data: bytes) -> bool:
    """True when valid multi-byte UTF-8 sequences outnumber the bytes that are not UTF-8."""
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if not valid:
        return False
    stripped = _UTF8_MULTIBYTE.sub(b"", data)
    invalid = sum(1 for byte in stripped if byte >= 0x80)
    return valid >= invalid


def _canonical(name: str) -> str | None:
    """Python's name for a charset label, Windows-1252 for what browsers treat as such, else None."""
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    key = codec.replace("-", "_")
    return "cp1252" if key in _WINDOWS_1252_ALIASES else codec


def _declared_charset(data: bytes, declared: str | None) -> str | None:
    """A legacy charset named by the server or the page itself (a UTF-8 claim is ignored: it failed)."""
    labels: list[str] = []
    if declared:
        match = _HEADER_CHARSET.search(declared)
        labels.append(match.group(1) if match else declared)
    labels += [m.group(1).decode("ascii", "replace") for m in _DECLARED.finditer(data[:8192])]
    for label in labels:
        codec = _canonical(label)
        if codec and not codec.startswith("utf"):
            return codec
    return None


def _guess_charset(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    guess = _canonical(best.encoding) if best is not None else None
    if guess is None or guess.replace("-", "_") in _LATIN_SINGLE_BYTE or guess.startswith("utf"):
        return "cp1252"
    return guess


def _control_share(text: str) -> float:
    sample = text[:20_000]
    return len(_CONTROL.findall(sample)) / len(sample)
