"""Checks shared by every input reader: one record in, an Article or a clear reason out.

The policy (see README, "Bad input"): a record that cannot be used is rejected with its line, id and
reason; a record that can be used after a change (text cut at the limit, an impossible date dropped, an
unknown language code replaced by detection) is kept and the change is logged as a warning.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from timeline.types import Article, Reject

LANG_CODE = re.compile(r"^[a-z]{2,3}$")
MIN_YEAR = 1990  # online news before this is almost surely a parsing error
KNOWN_LANGS = frozenset(
    {
        "af", "ar", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "eu", "fa", "fi", "fr",
        "ga", "gl", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "ja", "ka", "kk", "ko", "lt", "lv", "mk",
        "ms", "mt", "nb", "nl", "nn", "no", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "sw", "ta",
        "th", "tl", "tr", "uk", "ur", "vi", "zh", "lb", "fy",
    }
)


@dataclass
class IngestReport:
    """What happened to every input record: counts plus the rejects table rows."""

    source: str
    n_records: int = 0
    n_articles: int = 0
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[Reject] = field(default_factory=list)

    @property
    def n_rejected(self) -> int:
        return len(self.rejects)

    def reject(self, reason: str, line: int | None, record_id: str | None) -> None:
        self.rejects.append(Reject(reason=reason, line=line, record_id=record_id, source=self.source))

    def warn(self, reason: str, line: int | None, record_id: str | None) -> None:
        self.warnings.append(Reject(reason=reason, line=line, record_id=record_id, source=self.source))

    def rows(self) -> list[dict]:
        return [
            {"source": r.source, "line": r.line, "record_id": r.record_id, "reason": r.reason, "severity": sev}
            for sev, items in (("error", self.rejects), ("warning", self.warnings))
            for r in items
        ]


def stable_id(url: str | None, text: str) -> str:
    """An article id that is the same on every run for the same url and text."""
    digest = hashlib.sha256(f"{url or ''}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return "a" + digest[:15]


def text_fingerprint(text: str) -> str:
    """Hash of the text with case and white space folded, to find duplicate texts."""
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(folded.encode("utf-8", "surrogatepass")).hexdigest()


# Replacement marks and control characters (Unicode category Cc: U+0000-001F, U+007F-009F) other than
# tab and line breaks; one regex scan instead of a category lookup per character (most of reading a corpus)
_NOT_TEXT = re.compile(r"[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def looks_binary(text: str) -> bool:
    """True for decoded bytes that are not human text (control characters, replacement marks)."""
    sample = text[:4000]
    if not sample:
        return False
    return len(_NOT_TEXT.findall(sample)) / len(sample) > 0.05


def parse_published(value: object, today: date | None = None) -> tuple[date | None, str | None, str | None]:
    """Return (day, ISO timestamp or None, problem or None) for a `published` field."""
    if value is None or value == "":
        return None, None, None
    if not isinstance(value, str):
        return None, None, f"'published' must be a string like 2026-01-09, got {type(value).__name__}"
    raw = value.strip()
    try:
        if len(raw) <= 10:
            day, stamp = date.fromisoformat(raw), None
        else:
            parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            day, stamp = parsed.date(), parsed.isoformat()
    except ValueError:
        return None, None, f"'published' is not a valid date: {raw!r}"
    limit = (today or date.today()) + timedelta(days=2)
    if day.year < MIN_YEAR:
        return None, None, f"'published' year {day.year} is implausible (before {MIN_YEAR})"
    if day > limit:
        return None, None, f"'published' {day.isoformat()} is in the future"
    return day, stamp, None


def normalise_language(value: object) -> tuple[str | None, str | None]:
    """Return (ISO 639-1 code or None, problem or None); region tags such as 'nl-BE' become 'nl'."""
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        return None, f"'language' must be a string, got {type(value).__name__}"
    code = value.strip().lower().replace("_", "-").split("-")[0]
    if not LANG_CODE.match(code) or code not in KNOWN_LANGS:
        return None, f"unknown language code {value!r}; detected from the text instead"
    return code, None


def cut_text(text: str, limit: int) -> tuple[str, bool]:
    """Cut `text` at `limit` characters, on a paragraph or sentence boundary when one is near."""
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    for sep in ("\n\n", "\n", ". "):
        pos = head.rfind(sep)
        if pos > limit * 0.8:
            return head[: pos + len(sep)].rstrip(), True
    return head, True


def make_article(fields: dict, *, line: int | None, extractor: str) -> Article:
    """Build an Article from already-checked fields (see jsonl.read_jsonl)."""
    return Article(
        article_id=fields["id"],
        text=fields["text"],
        url=fields.get("url"),
        outlet=fields.get("outlet"),
        language=fields.get("language"),
        published_date=fields.get("published_date"),
        published_datetime=fields.get("published_datetime"),
        title=fields.get("title"),
        extractor=extractor,
        source_line=line,
        content_sha256=fields.get("sha256"),
    )
