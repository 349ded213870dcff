"""Where to collect from: a case's curated sources or ad hoc command-line options, as one list.

A :class:`Source` is a URL to fetch, a feed, a sitemap or a GDELT query. A :class:`Plan` adds the
time window and languages that filter what feeds, sitemaps and GDELT return (URLs listed explicitly
are always fetched: the analyst chose them).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from timeline.config import Case, load_case, load_sources, project_root
from timeline.errors import ConfigError

KINDS = ("url", "feed", "sitemap", "gdelt")


@dataclass(frozen=True)
class Source:
    kind: str  # url | feed | sitemap | gdelt
    target: str  # the URL, or the GDELT query text
    outlet: str = ""
    language: str = ""
    published: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown source kind {self.kind!r}")

    @property
    def label(self) -> str:
        return f"{self.kind} {self.target}"


@dataclass(frozen=True)
class Plan:
    """Sources plus the filters for what they return."""

    sources: tuple[Source, ...]
    since: date | None = None
    until: date | None = None
    languages: tuple[str, ...] = ()
    case: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def _csv_sources(path: Path, text: str) -> list[Source]:
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "url" not in [f.strip().lower() for f in reader.fieldnames]:
        raise ConfigError(path, "a CSV URL list needs a 'url' column", line=1)
    out = []
    for row in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if row.get("url"):
            out.append(Source("url", row["url"], outlet=row.get("outlet", ""), language=row.get("language", ""),
                              published=row.get("published_date", "")))
    return out


def read_url_file(path: Path | str) -> list[Source]:
    """A URL list: CSV with a `url` column (plus outlet, language, published_date), or one URL per line
    (blank lines and `#` comments ignored)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(path, f"cannot read the URL list ({exc.strerror or exc})") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," in first and "://" not in first:  # a header line: CSV
        return _csv_sources(path, text)
    return [Source("url", line.strip()) for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def sources_from_options(
    urls: list[str] | None = None,
    url_files: list[Path] | None = None,
    feeds: list[str] | None = None,
    sitemaps: list[str] | None = None,
    gdelt_queries: list[str] | None = None,
) -> list[Source]:
    out = [Source("url", u.strip()) for u in urls or [] if u.strip()]
    for path in url_files or []:
        out += read_url_file(path)
    out += [Source("feed", f.strip()) for f in feeds or [] if f.strip()]
    out += [Source("sitemap", s.strip()) for s in sitemaps or [] if s.strip()]
    out += [Source("gdelt", q.strip()) for q in gdelt_queries or [] if q.strip()]
    return out


def sources_from_case(case: Case) -> list[Source]:
    """A case's feeds, sitemaps and GDELT queries (case.toml) plus its curated sources.csv."""
    out: list[Source] = []
    if case.sources_csv.is_file():
        for row in load_sources(case.sources_csv):
            out.append(Source("url", row["url"], outlet=row.get("outlet", ""), language=row.get("language", ""),
                              published=row.get("published_date", "")))
    out += [Source("feed", f) for f in case.feeds]
    out += [Source("sitemap", s) for s in case.sitemaps]
    out += [Source("gdelt", q) for q in case.gdelt_queries]
    return out


def plan_for_case(name: str, root: Path | None = None) -> Plan:
    case = load_case(name, root, with_actors=False)
    return Plan(sources=tuple(sources_from_case(case)), since=case.window_start, until=case.window_end,
                languages=case.languages, case=case.name)


def case_raw_dir(case_name: str, root: Path | None = None) -> Path:
    """`data/raw/<case>/` of the project (the live collection goes to its `live/` subfolder)."""
    return (root or project_root()) / "data" / "raw" / case_name
