"""The compact digest set answers as a dict of the same keys would, across its merges."""

from __future__ import annotations

import hashlib
import random

import pytest

from timeline.dataset.digests import KEY_BYTES, MIN_RECENT, DigestSet
from timeline.ingest.jsonl import read_jsonl
from timeline.ingest.records import IngestReport


def _key(i: int) -> bytes:
    return hashlib.blake2b(str(i).encode(), digest_size=KEY_BYTES).digest()


def test_matches_a_dict_across_merges_with_repeats_and_trailing_zero_bytes():
    rng = random.Random(7)
    keys = [_key(i) for i in range(3 * MIN_RECENT)]
    # digests that end in NUL bytes, or differ only in their last byte: NumPy's S dtype must not confuse them
    keys += [b"\x01" * 15 + b"\x00", b"\x01" * 15 + b"\x02", b"\x01" * 14 + b"\x00\x00", b"\x00" * 16]
    stream = [rng.choice(keys) for _ in range(4 * len(keys))]
    digests, expected = DigestSet(), {}
    for line, key in enumerate(stream, start=1):
        assert (key in digests) == (key in expected)
        assert digests.get(key) == expected.get(key)
        digests.add(key, line)
        expected.setdefault(key, line)  # the first line wins, as for duplicate records
    assert len(digests) == len(expected)
    for key, line in expected.items():
        assert digests.get(key) == line
    assert list(digests) == sorted(expected)
    assert all(len(k) == KEY_BYTES for k in digests)
    absent = _key(-1)
    assert absent not in digests and digests.get(absent, -5) == -5
    assert "not bytes" not in digests


def test_refuses_a_key_of_another_length():
    with pytest.raises(ValueError, match="16 bytes, not 3"):
        DigestSet().add(b"abc")


def test_duplicate_records_still_name_the_first_line_past_a_merge(tmp_path):
    lines = [f'{{"id": "a{i}", "text": "Article number {i} about the ministry.", "published": "2026-01-0{1 + i % 9}"}}'
             for i in range(MIN_RECENT + 10)]
    lines.append('{"id": "a3", "text": "Another text with a reused id."}')
    lines.append('{"id": "b-new", "text": "Article number 5 about the ministry."}')
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = IngestReport(source=str(path))
    kept = list(read_jsonl(path, report))
    assert len(kept) == MIN_RECENT + 10
    assert [(r.line, r.reason) for r in report.rejects] == [
        (MIN_RECENT + 11, "duplicate id 'a3' (first seen on line 4)"),
        (MIN_RECENT + 12, "duplicate text of line 6"),
    ]
