"""TimelineJS export: valid against the documented structure, precise dates, escaped text."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tests.fixtures.present.grok_case import WINDOW, build_tables
from timeline.present.timelinejs import timelinejs_document, tl_date, to_json, validation_errors


@pytest.fixture(scope="module")
def events():
    return build_tables()["events"]


def test_document_validates_and_has_one_slide_per_event(events):
    doc = timelinejs_document(events, title="Grok", text="Coverage", window=WINDOW)
    assert validation_errors(doc) == []
    assert len(doc["events"]) == len(events)
    ids = [s["unique_id"] for s in doc["events"]]
    assert len(set(ids)) == len(ids) and "K08" in ids
    slide = next(s for s in doc["events"] if s["unique_id"] == "K08")
    assert slide["start_date"] == {"year": 2026, "month": 1, "day": 9, "display_date": "9 Jan 2026"}
    assert slide["text"]["headline"] == "X: restriction"
    assert slide["group"] == "restriction"
    assert doc["eras"][0]["end_date"]["day"] == 9


def test_dates_are_only_as_precise_as_known():
    assert tl_date(date(2026, 1, 9), "month") == {"year": 2026, "month": 1}
    assert tl_date(date(2026, 1, 9), "year") == {"year": 2026}


def test_text_from_the_news_is_escaped_and_links_are_http_only(events):
    hostile = events.copy()
    hostile.loc[0, "title"] = "<script>alert(1)</script>"
    hostile.loc[0, "sources"] = 'javascript:alert(1); https://a.example/x"onmouseover="y; https://b.example/ok'
    hostile.loc[0, "outlets"] = "<i>evil</i>; a.example; b.example"
    doc = timelinejs_document(hostile, title="<b>t</b>")
    text = next(s for s in doc["events"] if s["unique_id"] == hostile.loc[0, "event_id"])["text"]["text"]
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert 'href="javascript' not in text and "onmouseover" not in text
    assert text.count("<a ") == 1 and 'href="https://b.example/ok"' in text
    assert "&lt;i&gt;evil&lt;/i&gt;" in text
    assert doc["title"]["text"]["headline"] == "&lt;b&gt;t&lt;/b&gt;"


@pytest.mark.parametrize(("mutate", "problem"), [
    (lambda d: d["events"][0]["start_date"].pop("year"), "'year' is a required property"),
    (lambda d: d["events"][0]["start_date"].update(month=13), "start_date/month"),
    (lambda d: d["events"][0].update(headline="typo"), "Additional properties"),
    (lambda d: d.update(scale="geological"), "scale"),
    (lambda d: d.pop("events"), "'events' is a required property"),
])
def test_schema_catches_broken_documents(events, mutate, problem):
    doc = timelinejs_document(events.head(3), title="Grok")
    mutate(doc)
    errors = validation_errors(doc)
    assert errors and any(problem in e for e in errors), errors
    with pytest.raises(ValueError, match="TimelineJS document"):
        to_json(doc)


def test_empty_timeline_is_still_a_valid_document():
    doc = timelinejs_document(pd.DataFrame(columns=["event_id", "date", "type", "title"]), title="Nothing yet")
    assert validation_errors(doc) == [] and doc["events"] == []
