"""Bounded decompression: real encodings decode, bombs stop at the limit without filling memory."""

import gzip
import zlib

import brotli
import pytest

from timeline.collect.decompress import TooLarge, UnsupportedEncoding, decode_stream, maybe_gunzip

PAGE = ("<html><body>" + "Grok a reconnu des failles dans ses garde-fous. " * 200 + "</body></html>").encode()


def chunks(data, size=1000):
    return [data[i:i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda d: zlib.compress(d)[2:-4]),  # raw deflate, as some servers send it
        ("br", brotli.compress),
        ("", lambda d: d),
        ("identity", lambda d: d),
    ],
)
def test_encodings_round_trip_in_small_chunks(encoding, encode):
    assert decode_stream(chunks(encode(PAGE)), encoding, 10 * len(PAGE)) == PAGE


def test_stacked_encodings_are_undone_in_reverse():
    assert decode_stream([gzip.compress(brotli.compress(PAGE))], "br, gzip", 10**6) == PAGE


@pytest.mark.parametrize(
    ("encoding", "encode"), [("gzip", gzip.compress), ("br", lambda d: brotli.compress(d, quality=1))])
def test_bombs_stop_at_the_limit(encoding, encode):
    bomb = encode(b"\0" * 30_000_000)  # 30 MB of zeros in ~30 kB (gzip) or a few hundred bytes (brotli)
    assert len(bomb) < 40_000
    with pytest.raises(TooLarge, match="after decompression"):
        decode_stream(chunks(bomb, 65536), encoding, 1_000_000)


def test_raw_size_is_capped_too():
    with pytest.raises(TooLarge, match="on the wire"):
        decode_stream(chunks(b"x" * 5000), "", 4000)


def test_unknown_and_corrupt_encodings_are_errors():
    with pytest.raises(UnsupportedEncoding, match="zstd"):
        decode_stream([b"abc"], "zstd", 100)
    with pytest.raises(UnsupportedEncoding, match="corrupt"):
        decode_stream([b"this is not gzip at all"], "gzip", 100)


def test_gzipped_sitemap_files_are_unpacked_with_the_same_cap():
    assert maybe_gunzip(gzip.compress(b"<urlset/>"), 100) == b"<urlset/>"
    assert maybe_gunzip(b"<urlset/>", 100) == b"<urlset/>"
    with pytest.raises(TooLarge):
        maybe_gunzip(gzip.compress(b"a" * 10_000), 1000)
