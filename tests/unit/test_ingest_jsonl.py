"""The JSONL reader: every kind of bad record is rejected or repaired with its line and reason."""

from __future__ import annotations

import json
from datetime import date

import pytest

from timeline.ingest import IngestReport, read_jsonl

GOOD_EN = ("Ofcom said on Monday it had opened a formal investigation into X under the Online Safety Act, "
           "after Grok was used to create sexualised images of women and children.")
GOOD_NL = ("De Europese Commissie heeft X opgedragen alle documenten over Grok te bewaren tot eind 2026, "
           "zei een woordvoerder donderdag in Brussel.")


def _write(tmp_path, lines: list) -> object:
    path = tmp_path / "articles.jsonl"
    with path.open("wb") as fh:
        for line in lines:
            if isinstance(line, bytes):
                fh.write(line + b"\n")
            elif isinstance(line, str):
                fh.write(line.encode() + b"\n")
            else:
                fh.write(json.dumps(line, ensure_ascii=False).encode() + b"\n")
    return path


def _read(path, **kw):
    report = IngestReport(source=str(path))
    return list(read_jsonl(path, report, **kw)), report


def test_good_records_keep_their_fields(tmp_path):
    path = _write(tmp_path, [
        {"id": "bbc-1", "url": "https://www.bbc.com/news/x", "title": "Ofcom investigates X", "text": GOOD_EN,
         "published": "2026-01-12T10:30:00+00:00", "language": "en"},
        {"id": "nos-1", "text": GOOD_NL, "published": "2026-01-08", "language": "nl-NL"},
    ])
    articles, report = _read(path)
    assert [a.article_id for a in articles] == ["bbc-1", "nos-1"]
    assert articles[0].published_date == date(2026, 1, 12)
    assert articles[0].published_datetime == "2026-01-12T10:30:00+00:00"
    assert articles[1].language == "nl"
    assert articles[0].source_line == 1 and articles[1].source_line == 2
    assert report.n_rejected == 0


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "x1", "text": "unterminated', "invalid JSON"),
        ('["a", "list"]', "expected a JSON object"),
        ({"id": "x2", "text": 42}, "field 'text' must be a string"),
        ({"id": "x3", "title": "no body"}, "neither 'text' nor 'html'"),
        ({"id": "x4", "text": "   \n\t "}, "text is empty"),
        ({"id": "x5", "text": "\x00\x01\x02\x03" * 50}, "binary"),
        (b"\xff\xfe\x00\x00\x9c\x80\x81\x82\x83\x84\x85\x86\x87\x88", "not UTF-8"),
        ({"id": "x7", "url": ["not", "a", "string"], "text": GOOD_EN}, "field 'url' must be a string"),
    ],
)
def test_bad_record_is_rejected_and_the_rest_goes_on(tmp_path, line, reason):
    path = _write(tmp_path, [{"id": "ok-1", "text": GOOD_EN, "published": "2026-01-12", "language": "en"},
                             line,
                             {"id": "ok-2", "text": GOOD_NL, "published": "2026-01-08", "language": "nl"}])
    articles, report = _read(path)
    assert [a.article_id for a in articles] == ["ok-1", "ok-2"]
    assert report.n_rejected == 1
    rejected = report.rejects[0]
    assert rejected.line == 2
    assert reason in rejected.reason


@pytest.mark.parametrize(
    ("published", "why"),
    [("2026-02-30", "not a valid date"), ("1900-01-01", "implausible"), ("2199-05-01", "future"),
     ("next tuesday", "not a valid date")],
)
def test_impossible_dates_are_dropped_with_a_warning_not_the_record(tmp_path, published, why):
    path = _write(tmp_path, [{"id": "d1", "text": GOOD_EN, "published": published, "language": "en"}])
    articles, report = _read(path)
    assert len(articles) == 1 and articles[0].published_date is None
    assert any(why in w.reason and w.line == 1 for w in report.warnings)


def test_unknown_language_code_is_replaced_by_detection(tmp_path):
    path = _write(tmp_path, [{"id": "l1", "text": GOOD_NL, "published": "2026-01-08", "language": "klingon"}])
    articles, report = _read(path)
    assert articles[0].language == "nl"
    assert any("unknown language code" in w.reason for w in report.warnings)


def test_duplicate_ids_and_texts_are_rejected_naming_the_first(tmp_path):
    path = _write(tmp_path, [
        {"id": "a", "text": GOOD_EN, "language": "en"},
        {"id": "a", "text": GOOD_NL, "language": "nl"},
        {"id": "b", "text": "  " + GOOD_EN.upper() + "  ", "language": "en"},
    ])
    articles, report = _read(path)
    assert [a.article_id for a in articles] == ["a"]
    reasons = sorted(r.reason for r in report.rejects)
    assert reasons == ["duplicate id 'a' (first seen on line 1)", "duplicate text of line 1"]


def test_gigantic_text_is_cut_at_the_limit_with_a_warning(tmp_path):
    big = (GOOD_EN + "\n\n") * 500
    path = _write(tmp_path, [{"id": "big", "text": big, "language": "en", "published": "2026-01-12"}])
    articles, report = _read(path, max_chars=5_000)
    assert len(articles[0].text) <= 5_000
    assert articles[0].text.endswith("children.")  # cut on a paragraph boundary
    assert any("cut at the limit" in w.reason for w in report.warnings)


def test_missing_id_gets_a_stable_hash(tmp_path):
    path = _write(tmp_path, [{"url": "https://nos.nl/a", "text": GOOD_NL, "language": "nl"}])
    first, _ = _read(path)
    second, _ = _read(path)
    assert first[0].article_id == second[0].article_id
    assert first[0].article_id.startswith("a") and len(first[0].article_id) == 16


def test_blank_lines_are_ignored_and_line_numbers_stay_true(tmp_path):
    path = _write(tmp_path, ["", {"id": "x", "text": GOOD_EN}, "   ", "{broken"])
    articles, report = _read(path)
    assert articles[0].source_line == 2
    assert report.rejects[0].line == 4


def test_binary_check_counts_exactly_control_characters_and_replacement_marks():
    """The one-regex check flags the same characters as a per-character Unicode category test would:
    category Cc except tab and line breaks, plus U+FFFD; nothing else (e.g. not U+2028 or format marks)."""
    import unicodedata

    from timeline.ingest.records import looks_binary

    def not_text(ch: str) -> bool:
        return ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")

    flagged = [cp for cp in range(0x110000) if looks_binary(chr(cp) * 20)]
    expected = [cp for cp in range(0x110000) if not_text(chr(cp))]
    assert flagged == expected
    prose = "De Europese Commissie opende een onderzoek naar X.\n\tArcom volgt.\r\n" * 10
    assert not looks_binary(prose)
    assert not looks_binary(prose + "\x07" * 20)  # a few bells in long text stay under 5 %
    assert looks_binary(prose[:100] + "\ufffd" * 10)
