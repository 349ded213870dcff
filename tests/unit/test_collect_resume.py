"""What a rerun skips, decided from manifest rows alone."""

import pytest

from timeline.collect.resume import done_keys, is_final, is_unreachable
from timeline.store.manifest import ManifestRow

SHA = "a" * 64


@pytest.mark.parametrize(
    ("row", "final"),
    [
        (ManifestRow("https://a.example/1", status=200, sha256=SHA, path="objects/aa/x.html"), True),
        (ManifestRow("https://a.example/1", status=404, error="http-status: 404"), True),
        (ManifestRow("https://a.example/1", status=410, error="http-status: 410"), True),
        (ManifestRow("https://a.example/1", status=429, error="http-status: 429"), False),
        (ManifestRow("https://a.example/1", status=503, error="http-status: 503"), False),
        (ManifestRow("https://a.example/1", status=0, error="timeout: ReadTimeout"), False),
        (ManifestRow("https://a.example/1", status=0, error="robots-disallowed: ..."), False),
        (ManifestRow("https://a.example/1", status=0, error="unsafe-url: ... loopback"), False),
        (ManifestRow("https://a.example/1", status=200, error="unsupported-type: application/pdf"), True),
        (ManifestRow("https://a.example/1", status=200, error="too-large: more than 10 bytes"), True),
        (ManifestRow("https://a.example/1", status=200), False),  # no body stored: not done
    ],
)
def test_is_final(row, final):
    assert is_final(row) is final


def test_done_keys_are_normalised_and_include_final_urls():
    rows = [
        ManifestRow("https://a.example/1?utm_source=x", final_url="https://a.example/one", status=200, sha256=SHA,
                    path="objects/aa/x.html"),
        ManifestRow("https://a.example/2", status=500, error="http-status: 500"),
        ManifestRow("https://a.example/rss", status=200, sha256=SHA, path="objects/aa/x.xml", kind="feed"),
    ]
    assert done_keys(rows) == {"https://a.example/1", "https://a.example/one"}


def test_unreachable_means_no_http_answer():
    assert is_unreachable("dns: cannot resolve 'x'")
    assert is_unreachable("connection: ConnectError [Errno 111] Connection refused")
    assert is_unreachable("robots-unavailable: robots.txt connection: ConnectError")
    assert not is_unreachable("robots-unavailable: robots.txt HTTP 503")
    assert not is_unreachable("http-status: 500", status=500)
    assert not is_unreachable(ManifestRow("u", status=200, sha256=SHA, path="p"))
