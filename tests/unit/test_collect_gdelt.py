"""GDELT DOC 2.0: ArtList parsing, error payloads, window splitting under the 250-record cap."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from timeline.collect.gdelt import MAX_RECORDS, GdeltError, GdeltRateLimited, GdeltSearch, parse_artlist, query_url
from timeline.collect.http import FetchResult

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "collect"
START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2026, 1, 11, tzinfo=UTC)


def test_query_url_has_window_language_and_cap():
    params = parse_qs(urlsplit(query_url('"Grok" deepfake', START, END, "fr")).query)
    assert params["query"] == ['"Grok" deepfake sourcelang:french']
    assert params["mode"] == ["ArtList"] and params["format"] == ["json"]
    assert params["maxrecords"] == [str(MAX_RECORDS)]
    assert params["startdatetime"] == ["20260101000000"] and params["enddatetime"] == ["20260111000000"]
    with pytest.raises(ValueError):
        query_url("x", START, END, "xx")


def test_parse_artlist():
    body = (FIXTURES / "gdelt-artlist.json").read_bytes().replace(b"{{BASE}}", b"https://n.example")
    items = parse_artlist(body)
    assert [i.language for i in items] == ["en", "fr", "nl"]
    assert items[0].published == "2026-01-02T19:00:00Z"
    assert items[1].outlet == "actu.example.fr"
    assert parse_artlist(b"{}") == [] and parse_artlist(b"") == []


def test_text_answers_are_told_apart():
    with pytest.raises(GdeltRateLimited):
        parse_artlist((FIXTURES / "gdelt-ratelimit.txt").read_bytes())
    with pytest.raises(GdeltError, match="phrase is too short"):
        parse_artlist((FIXTURES / "gdelt-error.txt").read_bytes())


class FakeGdelt:
    """Answers like the API: up to 250 of the articles whose time falls in the asked window."""

    def __init__(self, times, rate_limited_calls=0):
        self.times, self.calls, self.rate_limited = times, [], rate_limited_calls

    def __call__(self, url):
        q = parse_qs(urlsplit(url).query)
        lo = datetime.strptime(q["startdatetime"][0], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        hi = datetime.strptime(q["enddatetime"][0], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        self.calls.append((lo, hi))
        if self.rate_limited:
            self.rate_limited -= 1
            return FetchResult(url, url, status=200, body=(FIXTURES / "gdelt-ratelimit.txt").read_bytes())
        hits = [t for t in self.times if lo <= t <= hi][:MAX_RECORDS]
        arts = [{"url": f"https://n.example/a/{t:%Y%m%d%H%M%S}", "seendate": f"{t:%Y%m%dT%H%M%SZ}",
                 "language": "English", "domain": "n.example", "title": "t"} for t in hits]
        return FetchResult(url, url, status=200, body=json.dumps({"articles": arts}).encode())


def test_full_windows_are_split_until_everything_is_found():
    times = [START + timedelta(minutes=37 * i) for i in range(900)]  # ~23 days of articles, 900 of them
    api = FakeGdelt(times)
    report = GdeltSearch(api, sleep=lambda s: None).run("grok", START, START + timedelta(minutes=37 * 899))
    assert len(report.found) == 900
    assert len(api.calls) > 4 and not report.errors


def test_rate_limit_text_backs_off_then_succeeds():
    waits = []
    api = FakeGdelt([START + timedelta(hours=1)], rate_limited_calls=2)
    report = GdeltSearch(api, sleep=waits.append, rate_limit_wait=5.0).run("grok", START, END)
    assert waits == [5.0, 10.0]
    assert len(report.found) == 1


def test_persistent_rate_limit_and_error_payload_are_reported():
    api = FakeGdelt([], rate_limited_calls=99)
    report = GdeltSearch(api, sleep=lambda s: None, max_waits=2).run("grok", START, END)
    assert report.found == [] and "rate-limited" in report.errors[0]

    def error_api(url):
        return FetchResult(url, url, status=200, body=(FIXTURES / "gdelt-error.txt").read_bytes())
    report = GdeltSearch(error_api, sleep=lambda s: None).run("g", START, END, ("en", "fr"))
    assert len(report.errors) == 2 and all("gdelt-error" in e for e in report.errors)


def test_unreachable_api_stops_after_one_call():
    calls = []

    def down(url):
        calls.append(url)
        return FetchResult(url, url, status=0, error="dns: cannot resolve 'api.gdeltproject.org'")
    report = GdeltSearch(down, sleep=lambda s: None).run("grok", START, END, ("en", "fr", "nl"))
    assert len(calls) == 1 and not report.reached
