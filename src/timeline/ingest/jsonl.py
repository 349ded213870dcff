"""Read a bring-your-own-corpus JSONL file, one article per line (the contract in the README).

Each line is checked on its own: a broken line becomes a reject with its line number and the reason, and
the next line is read as if nothing happened. Lines are decoded one at a time, so a stretch of binary
garbage or a wrong encoding damages only the lines it is on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from timeline.dataset.digests import DigestSet
from timeline.ingest import adapters
from timeline.ingest.records import (
    IngestReport,
    cut_text,
    looks_binary,
    make_article,
    normalise_language,
    parse_published,
    stable_id,
    text_fingerprint,
)
from timeline.types import Article

STRING_FIELDS = ("id", "url", "title", "text", "html", "published", "language", "outlet")
MAX_LINE_BYTES = 64 * 1024 * 1024  # a single record larger than this is refused before decoding


class _Seen:
    """Ids and text fingerprints already accepted (with their line), to refuse duplicates (first one wins).

    Kept for the whole file, so as 16-byte digests in compact sets rather than the strings.
    """

    def __init__(self) -> None:
        self.ids = DigestSet()
        self.texts = DigestSet()

    @staticmethod
    def id_key(article_id: str) -> bytes:
        return hashlib.blake2b(article_id.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    @staticmethod
    def text_key(fingerprint: str) -> bytes:
        return bytes.fromhex(fingerprint[:32])  # already a SHA-256: its first half is key enough


def _decode(raw: bytes) -> tuple[str | None, str | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="replace")
    if looks_binary(text):
        return None, "line is not UTF-8 text (binary data?)"
    return text, None


def _load_object(line: str) -> tuple[dict | None, str | None]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} at column {exc.colno}"
    except RecursionError:
        return None, "invalid JSON: nested too deeply"
    if not isinstance(obj, dict):
        return None, f"expected a JSON object, got {type(obj).__name__}"
    return obj, None


def _check_types(obj: dict) -> str | None:
    for name in STRING_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            if name == "id" and isinstance(value, int) and not isinstance(value, bool):
                obj["id"] = str(value)
                continue
            return f"field {name!r} must be a string, got {type(value).__name__}"
    return None


def _text_of(obj: dict, fields: dict) -> str | None:
    """The record's body text: `text` as given, else extracted from `html` (which may also fill metadata)."""
    text = obj.get("text")
    if text and text.strip():
        fields["extractor"] = "text"
        return text
    html = obj.get("html")
    if not (html and html.strip()):
        return None
    page = adapters.parse_html(html, url=obj.get("url"))
    fields["extractor"] = page.extractor
    for key in ("title", "url", "outlet", "language", "published_date", "published_datetime"):
        if fields.get(key) is None and getattr(page, key, None) is not None:
            fields[key] = getattr(page, key)
    return page.text


def _record(obj: dict, line: int, report: IngestReport, seen: _Seen, max_chars: int) -> Article | None:
    rid = obj.get("id") if isinstance(obj.get("id"), str | int) else None
    rid = None if rid is None else str(rid)
    problem = _check_types(obj)
    if problem:
        report.reject(problem, line, rid)
        return None
    if not (obj.get("text") or obj.get("html")):
        report.reject("record has neither 'text' nor 'html'", line, rid)
        return None
    fields: dict = {"url": obj.get("url"), "title": obj.get("title"), "outlet": obj.get("outlet")}
    day, stamp, why = parse_published(obj.get("published"))
    if why:
        report.warn(why + "; kept without a publication date", line, rid)
    fields["published_date"], fields["published_datetime"] = day, stamp
    lang, why = normalise_language(obj.get("language"))
    if why:
        report.warn(why, line, rid)
    fields["language"] = lang
    try:
        text = _text_of(obj, fields)
    except Exception as exc:  # one hostile page must not stop the corpus
        report.reject(f"html could not be parsed: {type(exc).__name__}: {exc}", line, rid)
        return None
    if not text or not text.strip():
        report.reject("text is empty" if obj.get("text") is not None else "no article text found in 'html'",
                      line, rid)
        return None
    if looks_binary(text):
        report.reject("text looks like binary data, not language", line, rid)
        return None
    text, was_cut = cut_text(text, max_chars)
    if was_cut:
        report.warn(f"text longer than {max_chars} characters; cut at the limit", line, rid)
    return _accept(text, fields, rid, line, report, seen)


def _accept(text: str, fields: dict, rid: str | None, line: int, report: IngestReport, seen: _Seen) -> Article | None:
    article_id = rid or stable_id(fields.get("url"), text)
    id_key = seen.id_key(article_id)
    if id_key in seen.ids:
        report.reject(f"duplicate id {article_id!r} (first seen on line {seen.ids.get(id_key)})", line, rid)
        return None
    fingerprint = text_fingerprint(text)
    text_key = seen.text_key(fingerprint)
    if text_key in seen.texts:
        report.reject(f"duplicate text of line {seen.texts.get(text_key)}", line, rid)
        return None
    seen.ids.add(id_key, line)
    seen.texts.add(text_key, line)
    if fields.get("language") is None:
        fields["language"] = adapters.detect_language(text, fields.get("title"))
    if fields.get("published_date") is None:
        report.warn("no publication date: relative dates stay unresolved", line, article_id)
    fields.update(id=article_id, text=text, sha256=fingerprint)
    return make_article(fields, line=line, extractor=fields.get("extractor", "text"))


def read_jsonl(path: Path | str, report: IngestReport | None = None, *, max_chars: int = 200_000) -> Iterator[Article]:
    """Yield the usable articles of a JSONL file; every problem is recorded in `report`."""
    path = Path(path)
    report = report if report is not None else IngestReport(source=str(path))
    seen = _Seen()
    with path.open("rb") as fh:
        for line_no, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            report.n_records += 1
            if len(raw) > MAX_LINE_BYTES:
                report.reject(f"line is larger than {MAX_LINE_BYTES // (1024 * 1024)} MiB", line_no, None)
                continue
            line, why = _decode(raw)
            obj, why = (None, why) if why else _load_object(line)
            if why:
                report.reject(why, line_no, None)
                continue
            article = _record(obj, line_no, report, seen, max_chars)
            if article is not None:
                report.n_articles += 1
                yield article
