"""Bounded decompression of response bodies (gzip, deflate, brotli).

A 10 kB gzip or brotli "bomb" can expand to gigabytes. Decoding here never produces more than the
caller's limit at a time, so a bomb is stopped at `max_bytes` of output instead of filling memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

import brotli

SUPPORTED_ENCODINGS = ("gzip", "deflate", "br")
ACCEPT_ENCODING = "gzip, deflate, br"
_CHUNK = 64 * 1024


class TooLarge(Exception):
    """The body (after decompression) is larger than allowed."""


class UnsupportedEncoding(Exception):
    """The server used a content-encoding this collector does not decode."""


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data

    def finish(self) -> Iterator[bytes]:
        return iter(())


class _Zlib:
    """gzip (wbits 31) or deflate; deflate tries the zlib wrapper then raw deflate, as browsers do."""

    def __init__(self, encoding: str):
        self._encoding = encoding
        self._obj = zlib.decompressobj(31 if encoding == "gzip" else zlib.MAX_WBITS)
        self._first = True

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._first and self._encoding == "deflate" and data:
            self._first = False
            try:
                probe = zlib.decompressobj(zlib.MAX_WBITS)
                probe.decompress(data[:2])
            except zlib.error:
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
        buf = data
        while buf:
            out = self._obj.decompress(buf, _CHUNK)
            buf = self._obj.unconsumed_tail
            if out:
                yield out
            if self._obj.eof:
                return

    def finish(self) -> Iterator[bytes]:
        while True:
            out = self._obj.decompress(self._obj.unconsumed_tail, _CHUNK) if self._obj.unconsumed_tail else b""
            if not out:
                break
            yield out
        tail = self._obj.flush(_CHUNK)
        if tail:
            yield tail


class _Brotli:
    def __init__(self) -> None:
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        out = self._obj.process(data, output_buffer_limit=_CHUNK)
        if out:
            yield out
        while not self._obj.is_finished():
            out = self._obj.process(b"", output_buffer_limit=_CHUNK)
            if not out:
                break
            yield out

    def finish(self) -> Iterator[bytes]:
        return iter(())


def _decoder(encoding: str):
    if encoding in ("", "identity"):
        return _Identity()
    if encoding in ("gzip", "x-gzip"):
        return _Zlib("gzip")
    if encoding == "deflate":
        return _Zlib("deflate")
    if encoding == "br":
        return _Brotli()
    raise UnsupportedEncoding(f"unsupported content-encoding {encoding!r}")


def decode_stream(chunks: Iterable[bytes], content_encoding: str, max_bytes: int) -> bytes:
    """Join and decode raw body chunks; raise TooLarge past `max_bytes` of raw or decoded bytes.

    Several encodings (``gzip, br``) are undone in reverse order of application.
    """
    encodings = [e.strip().lower() for e in content_encoding.split(",") if e.strip()]
    if len(encodings) > 2:
        raise UnsupportedEncoding(f"too many content-encodings: {content_encoding!r}")
    decoders = [_decoder(e) for e in reversed(encodings)] or [_Identity()]
    out = bytearray()
    raw_total = 0

    def push(level: int, data: bytes) -> None:
        if level == len(decoders):
            out.extend(data)
            if len(out) > max_bytes:
                raise TooLarge(f"too-large: more than {max_bytes} bytes after decompression")
            return
        for piece in decoders[level].feed(data):
            push(level + 1, piece)

    try:
        for chunk in chunks:
            raw_total += len(chunk)
            if raw_total > max_bytes:
                raise TooLarge(f"too-large: more than {max_bytes} bytes on the wire")
            push(0, chunk)
        for level, dec in enumerate(decoders):
            for piece in dec.finish():
                push(level + 1, piece)
    except (zlib.error, brotli.error) as exc:
        raise UnsupportedEncoding(f"corrupt {content_encoding} body ({exc})") from None
    return bytes(out)


def maybe_gunzip(data: bytes, max_bytes: int) -> bytes:
    """Sitemaps are often served as `.xml.gz` files (gzip body, not gzip transfer): undo that safely."""
    if data[:2] != b"\x1f\x8b":
        return data
    return decode_stream([data], "gzip", max_bytes)
