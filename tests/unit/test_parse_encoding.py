"""Bytes → text: wrong, missing and mixed charset declarations, and input that is not a page at all."""

from __future__ import annotations

import gzip

import pytest

from timeline.errors import RecordError
from timeline.parse.encoding import MAX_PAGE_BYTES, decode_html

from ._parse_fixtures import fixture_bytes

FRENCH = "l'enfance ont écrit mardi au régulateur français"
MIXED_PARAGRAPH = "Le régulateur a indiqué qu'il étudiait les éléments transmis"


@pytest.mark.parametrize(
    "name",
    ["fr_cp1252_declared_utf8", "fr_utf8_declared_latin1", "fr_cp1252_undeclared", "fr_mixed_encoding"],
)
def test_french_accents_survive_every_charset_mistake(name):
    text = decode_html(fixture_bytes(name))
    assert FRENCH in text
    assert MIXED_PARAGRAPH in text
    assert "Ã" not in text and "\ufffd" not in text


def test_declared_legacy_charset_is_used_for_cyrillic():
    text = decode_html(fixture_bytes("ru_cp1251_declared"))
    assert "Еврокомиссия запросила у X сведения о работе Grok" in text


def test_server_charset_wins_over_guessing():
    body = "<html><body><p>Пример текста о регуляторах и платформе X.</p></body></html>".encode("koi8_r")
    assert "Пример текста" in decode_html(body, declared="text/html; charset=KOI8-R")


def test_utf8_bytes_beat_a_latin1_server_header():
    body = "<html><body><p>Ministère de l'Économie</p></body></html>".encode()
    assert "Ministère de l'Économie" in decode_html(body, declared="text/html; charset=ISO-8859-1")


def test_bom_decides_utf16():
    body = "<html><body><p>Déjà vu à Bruxelles</p></body></html>".encode("utf-16")
    assert "Déjà vu à Bruxelles" in decode_html(body)


def test_utf16_without_bom_is_recognised():
    body = "<html><body><p>Grok et la Commission</p></body></html>".encode("utf-16-le")
    assert "Grok et la Commission" in decode_html(body)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (gzip.compress(b"<html><body>x</body></html>"), "gzip"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (bytes(range(0, 32)) * 50, "binary"),
    ],
)
def test_non_pages_are_record_errors_with_a_reason(data, reason):
    with pytest.raises(RecordError, match=reason):
        decode_html(data)


def test_oversized_page_is_refused_before_decoding():
    with pytest.raises(RecordError, match="too large"):
        decode_html(b"<p>" + b"a" * (MAX_PAGE_BYTES + 1))


def test_text_input_is_checked_too():
    with pytest.raises(RecordError, match="empty"):
        decode_html("  \n ")
    with pytest.raises(RecordError, match="binary"):
        decode_html("\x00\x01\x02\x03" * 100)
