"""Property-based: whatever bytes a JSONL file holds, the reader never crashes and accounts for every line."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.ingest import IngestReport, read_jsonl

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
records = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=12), st.integers(), st.none()),
        "text": st.one_of(st.text(min_size=0, max_size=300), st.integers(), st.none()),
        "published": st.one_of(st.text(max_size=30), st.dates().map(str), st.none(), st.integers()),
        "language": st.one_of(st.sampled_from(["en", "nl", "fr", "xx", "EN-gb", ""]), st.text(max_size=5)),
        "url": st.one_of(st.text(max_size=30), st.none()),
        "title": json_values,
    },
)
lines = st.one_of(records.map(json.dumps), st.binary(max_size=200), st.text(max_size=100).map(str.encode)
                  .map(bytes.decode), json_values.map(json.dumps))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines, min_size=1, max_size=12))
def test_reader_never_crashes_and_every_line_is_accounted_for(items):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        with path.open("wb") as fh:
            for item in items:
                data = item if isinstance(item, bytes) else item.encode("utf-8", "surrogatepass")
                fh.write(data.replace(b"\n", b" ").replace(b"\r", b" ") + b"\n")
        report = IngestReport(source=str(path))
        articles = list(read_jsonl(path, report))
        assert report.n_articles == len(articles)
        assert report.n_articles + report.n_rejected == report.n_records
        for article in articles:
            assert article.text.strip()
            assert isinstance(article.article_id, str) and article.article_id
        assert len({a.article_id for a in articles}) == len(articles)
        for reject in report.rejects:
            assert reject.line is not None and reject.reason
