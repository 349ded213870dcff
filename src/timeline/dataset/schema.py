"""Every output column, defined once: type, meaning and allowed values.

Tables are validated here when they are written (``validate``), and the README's data dictionary is
generated from these definitions (``data_dictionary_markdown``), so the documentation cannot drift from
what the code writes. Column suffixes follow one convention: ``_date`` for calendar days, ``_id`` for keys,
``n_`` for counts, ``is_``/``has_`` for booleans; the same name means the same quantity in every table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from timeline.errors import SchemaError

EVENT_TYPES = (
    "statement",
    "acknowledgement",
    "criticism",
    "restriction",
    "policy_change",
    "investigation",
    "regulatory_demand",
    "legal_complaint",
    "block_ban",
    "fine_sanction",
    "legislation",
    "report_finding",
    "content_removal",
    "other",
)
MODALITIES = ("asserted", "planned", "threatened", "demanded", "denied", "hypothetical")
DATE_SOURCES = ("explicit", "relative", "anchored", "published")
DATE_PRECISIONS = ("day", "month", "year")
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
RELATIONS = ("co_mention", "interaction")
PAGE_KINDS = ("article", "paywall", "cookie_wall", "not_article")
MATCH_SOURCES = ("dictionary", "ner", "rule", "coref")

JOIN = "; "  # separator of multi-valued text cells (actors, targets, sources)


@dataclass(frozen=True)
class Column:
    """One column: name, logical type, meaning, and the rules a value must follow."""

    name: str
    dtype: str  # string | int | float | bool | date
    description: str
    nullable: bool = True
    allowed: tuple[str, ...] | None = None
    multi: bool = False  # a "; "-joined list of values (each checked against `allowed`)


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    csv: bool = False  # also written as a CSV mirror for people
    key: str | None = None

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name, dtype, description, **kw) -> Column:
    return Column(name, dtype, description, **kw)


ARTICLE_ID = _c("article_id", "string", "The input's `id` when given, else a stable hash of url and text.",
                nullable=False)
URL = _c("url", "string", "Canonical URL of the article (the page's canonical link, else the fetched URL).")
OUTLET = _c("outlet", "string", "Publishing outlet: og:site_name or the registered domain.")
LANGUAGE = _c("language", "string", "ISO 639-1 code, given or detected offline.")
PUBLISHED = _c("published_date", "date", "Publication day in the publisher's own time zone.")

TABLES: dict[str, Table] = {}


def _register(table: Table) -> Table:
    TABLES[table.name] = table
    return table


ARTICLES = _register(Table("articles", "One row per usable article.", (
    ARTICLE_ID, URL, OUTLET, LANGUAGE, PUBLISHED,
    _c("published_datetime", "string", "Publication time as ISO 8601 with its UTC offset, when the page gave one."),
    _c("title", "string", "Headline."),
    _c("text", "string", "Body text (cut at the documented limit)."),
    _c("n_words", "int", "Whitespace-separated words in `text`.", nullable=False),
    _c("is_paywalled", "bool", "The page looked like a paywall teaser.", nullable=False),
    _c("page_kind", "string", "What the page was.", allowed=PAGE_KINDS, nullable=False),
    _c("extractor", "string", "How the text was obtained: text (given), trafilatura, newspaper4k, ...",
       nullable=False),
    _c("authors", "string", "Bylines, '; '-joined.", multi=True),
    _c("content_sha256", "string", "SHA-256 of the raw page or text: the key for incremental runs."),
), key="article_id"))

REJECTS = _register(Table("rejects", "Input records that could not be used, and why.", (
    _c("source", "string", "The input file or store the record came from."),
    _c("line", "int", "Line number in the input (1-based), when the input has lines."),
    _c("record_id", "string", "The record's id, when it had one."),
    _c("reason", "string", "Why it was rejected or changed, in words.", nullable=False),
    _c("severity", "string", "error: the record was dropped; warning: kept with a change.",
       allowed=("error", "warning"), nullable=False),
), csv=True))

TIMEXES = _register(Table("timexes", "Temporal expressions found in article texts.", (
    ARTICLE_ID,
    _c("char_start", "int", "Offset of the expression in the article text.", nullable=False),
    _c("char_end", "int", "End offset (exclusive).", nullable=False),
    _c("text", "string", "The expression as written.", nullable=False),
    _c("timex_type", "string", "TIMEX3 type.", allowed=TIMEX_TYPES, nullable=False),
    _c("value", "string", "TIMEX3 value (2026-01-02, 2026-W02, P5D, PRESENT_REF, ...).", nullable=False),
    _c("mod", "string", "TIMEX3 modifier (APPROX, START, END, ...)."),
    _c("anchor", "string", "The value a relative expression was resolved from."),
    _c("anchor_source", "string", "What the anchor was: dct (publication date) or narrative (an earlier date)."),
)))

ACTOR_MENTIONS = _register(Table("actor_mentions", "Every actor mention, resolved to a canonical actor.", (
    ARTICLE_ID,
    _c("sentence_index", "int", "Sentence number in the article (0-based).", nullable=False),
    _c("char_start", "int", "Offset of the mention in the article text.", nullable=False),
    _c("char_end", "int", "End offset (exclusive).", nullable=False),
    _c("text", "string", "The mention as written.", nullable=False),
    _c("actor_id", "string", "Canonical actor key (see actors).", nullable=False),
    _c("name", "string", "Canonical actor name.", nullable=False),
    _c("kind", "string", "Actor kind."),
    _c("country", "string", "ISO 3166 alpha-2 country of the actor."),
    _c("match_source", "string", "How it was found.", allowed=MATCH_SOURCES, nullable=False),
)))

EVENT_MENTIONS = _register(Table("event_mentions", "Sentence-level event reports, each traceable to its text.", (
    _c("mention_id", "string", "Stable key of the mention.", nullable=False),
    _c("event_id", "string", "The merged timeline event this mention belongs to (empty when not merged)."),
    ARTICLE_ID, URL, OUTLET, LANGUAGE, PUBLISHED,
    _c("sentence_index", "int", "Sentence number in the article (0-based).", nullable=False),
    _c("sentence", "string", "The sentence that reports the event.", nullable=False),
    _c("char_start", "int", "Offset of the sentence in the article text.", nullable=False),
    _c("char_end", "int", "End offset (exclusive).", nullable=False),
    _c("trigger", "string", "The word(s) that signal the event.", nullable=False),
    _c("event_type", "string", "Event type (see the ontology in the README).", allowed=EVENT_TYPES, nullable=False),
    _c("plover", "string", "The PLOVER event category it maps to, when one fits."),
    _c("actors", "string", "Canonical names of the acting actors, '; '-joined.", multi=True),
    _c("targets", "string", "Canonical names of the actors acted upon, '; '-joined.", multi=True),
    _c("date", "date", "The day the event happened (not when it was reported)."),
    _c("date_precision", "string", "How precise `date` is.", allowed=DATE_PRECISIONS),
    _c("date_source", "string", "Where `date` came from.", allowed=DATE_SOURCES, nullable=False),
    _c("timex_text", "string", "The temporal expression the date was taken from."),
    _c("modality", "string", "Whether the event is reported as fact.", allowed=MODALITIES, nullable=False),
    _c("confidence", "float", "Extraction confidence in [0, 1].", nullable=False),
)))

EVENTS = _register(Table("events", "The timeline: one row per merged event (timeline.csv).", (
    _c("event_id", "string", "Stable key of the merged event.", nullable=False),
    _c("date", "date", "Consensus day the event happened.", nullable=False),
    _c("date_precision", "string", "How precise `date` is.", allowed=DATE_PRECISIONS, nullable=False),
    _c("type", "string", "Event type.", allowed=EVENT_TYPES, nullable=False),
    _c("actors", "string", "Canonical names of the acting actors, '; '-joined.", multi=True),
    _c("targets", "string", "Canonical names of the actors acted upon, '; '-joined.", multi=True),
    _c("title", "string", "The clearest mention sentence (extractive).", nullable=False),
    _c("n_sources", "int", "Distinct articles reporting the event.", nullable=False),
    _c("n_languages", "int", "Distinct languages reporting it.", nullable=False),
    _c("first_reported_date", "date", "Earliest publication day among its sources."),
    _c("sources", "string", "URLs of the reporting articles, '; '-joined.", multi=True),
    _c("n_mentions", "int", "Event mentions merged into it.", nullable=False),
    _c("outlets", "string", "Reporting outlets, '; '-joined.", multi=True),
    _c("languages", "string", "Reporting languages, '; '-joined.", multi=True),
    _c("modality", "string", "Modality of the event (asserted unless asked otherwise).", allowed=MODALITIES),
    _c("confidence", "float", "Grows with independent sources and explicit dates, in [0, 1].", nullable=False),
    _c("has_date_conflict", "bool", "Sources disagree on the day by more than the merge tolerance.", nullable=False),
    _c("date_spread_days", "int", "Days between the earliest and latest date its mentions give.", nullable=False),
    _c("salience", "float", "Ranking score for the key-events view.", nullable=False),
    _c("is_key_event", "bool", "Among the top-K salient events.", nullable=False),
    _c("mention_ids", "string", "Its event mentions, '; '-joined.", multi=True),
), csv=True, key="event_id"))

ACTORS = _register(Table("actors", "One row per canonical actor found (actors.csv).", (
    _c("actor_id", "string", "Canonical actor key.", nullable=False),
    _c("name", "string", "Canonical name.", nullable=False),
    _c("kind", "string", "Actor kind (person, company, platform, ai_system, regulator, ...)."),
    _c("country", "string", "ISO 3166 alpha-2 country."),
    _c("n_mentions", "int", "Mentions across all articles.", nullable=False),
    _c("n_articles", "int", "Articles naming the actor.", nullable=False),
    _c("aliases", "string", "Surface forms seen in the texts, '; '-joined.", multi=True),
    _c("is_curated", "bool", "The actor comes from the case dictionary (else found by rules/NER).", nullable=False),
    _c("first_mention_date", "date", "Publication day of the first article naming it."),
), csv=True, key="actor_id"))

EDGES = _register(Table("edges", "Actor network edges (edges.csv).", (
    _c("source", "string", "Canonical name of the first (acting) actor.", nullable=False),
    _c("target", "string", "Canonical name of the second (acted-upon) actor.", nullable=False),
    _c("relation", "string", "co_mention (named in the same sentence) or interaction (source acted on target).",
       allowed=RELATIONS, nullable=False),
    _c("event_type", "string", "For interactions, the event type; empty for co-mentions."),
    _c("weight", "float", "Number of sentences (co_mention) or events (interaction).", nullable=False),
    _c("first_date", "date", "First day the edge is seen."),
    _c("last_date", "date", "Last day the edge is seen."),
), csv=True))


def _check_value(col: Column, value: object) -> str | None:
    """Return why `value` breaks `col`, or None."""
    checks = {
        "string": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "date": lambda v: isinstance(v, date) and not isinstance(v, datetime),
    }
    if not checks[col.dtype](value):
        return f"expected {col.dtype}, got {type(value).__name__} {value!r}"[:200]
    if col.allowed is not None:
        values = [p for p in str(value).split(JOIN) if p] if col.multi else [value]
        bad = [v for v in values if v not in col.allowed]
        if bad:
            return f"{bad[0]!r} not in allowed values {col.allowed}"
    return None


def is_missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _coerce(col: Column, series: pd.Series) -> pd.Series:
    """Bring common equivalent representations to the column's logical type."""
    if col.dtype == "date":
        def to_date(v):
            if is_missing(v):
                return None
            if isinstance(v, datetime | pd.Timestamp):
                return v.date()
            if isinstance(v, str):
                return date.fromisoformat(v[:10]) if v else None
            return v
        return series.map(to_date).astype(object)
    if col.dtype == "int":
        def to_int(v):
            if is_missing(v):
                return None
            is_number = isinstance(v, int | float) and not isinstance(v, bool)
            return int(v) if is_number and float(v).is_integer() else v
        return series.map(to_int).astype(object)
    if col.dtype == "bool":
        return pd.Series([None if is_missing(v) else bool(v) if isinstance(v, (bool, int)) else v for v in series],
                         index=series.index, dtype=object)
    if col.dtype == "float":
        return pd.Series([None if is_missing(v) else float(v) if isinstance(v, (int, float)) else v for v in series],
                         index=series.index, dtype=object)
    # a list comprehension, not Series.map: pandas 3 would turn the result back into a string dtype
    # whose missing values are NaN floats, which Arrow refuses in a string column
    return pd.Series([None if is_missing(v) else v for v in series], index=series.index, dtype=object)


def validate(table_name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Return `df` with exactly the table's columns, in order, coerced; raise SchemaError on any break.

    The error names the table, the column, the row and the offending value, so a broken contract is
    found where it is made rather than in a chart three steps later.
    """
    table = TABLES[table_name]
    missing = [c for c in table.names if c not in df.columns]
    if missing:
        raise SchemaError(f"table {table_name!r}: missing column(s) {missing}")
    out = pd.DataFrame(index=range(len(df)))
    for col in table.columns:
        series = _coerce(col, df[col.name].reset_index(drop=True))
        for row, value in enumerate(series):
            if is_missing(value):
                if not col.nullable:
                    raise SchemaError(f"table {table_name!r}, column {col.name!r}, row {row}: missing value")
                continue
            why = _check_value(col, value)
            if why:
                raise SchemaError(f"table {table_name!r}, column {col.name!r}, row {row}: {why}")
        out[col.name] = series
    if table.key and out[table.key].duplicated().any():
        dup = out.loc[out[table.key].duplicated(), table.key].iloc[0]
        raise SchemaError(f"table {table_name!r}: duplicate {table.key} {dup!r}")
    return out


_CANONICAL = {"string": str, "int": int, "float": float, "bool": bool, "date": date}


def _column_is_canonical(col: Column, values: list) -> bool:
    """True when every value already has the column's exact Python type (None where allowed) and passes its rules."""
    kinds = set(map(type, values))
    allowed_kinds = {_CANONICAL[col.dtype], type(None)} if col.nullable else {_CANONICAL[col.dtype]}
    if not kinds <= allowed_kinds:
        return False
    if col.dtype == "float" and any(v != v for v in values if v is not None):
        return False  # NaN: validate() turns it into a missing value
    if col.allowed is None:
        return True
    distinct = set(values) - {None}
    if col.multi:
        distinct = {part for v in distinct for part in v.split(JOIN) if part}
    return distinct <= set(col.allowed)


def columns_are_valid(table_name: str, columns: dict[str, list]) -> bool:
    """Cheap check, one column at a time: are `columns` exactly the table's columns, every value already of its
    column's type and within its rules, and the key unique?

    True means ``validate`` would return them unchanged, so they can go to Arrow as they are; False means they
    need ``validate``, which coerces equivalent values (an int in a float column, a datetime for a date) or
    names the row that breaks the contract.
    """
    table = TABLES[table_name]
    if list(columns) != table.names:
        return False
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        return False
    if not all(_column_is_canonical(col, columns[col.name]) for col in table.columns):
        return False
    return not table.key or len(set(columns[table.key])) == len(columns[table.key])


def empty(table_name: str) -> pd.DataFrame:
    """An empty, valid table (every column present, no rows)."""
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in TABLES[table_name].names})


def data_dictionary_markdown() -> str:
    """The README's data dictionary, generated from the definitions above."""
    lines = []
    for table in TABLES.values():
        files = f"`{table.name}.parquet`" + (f", `{'timeline' if table.name == 'events' else table.name}.csv`"
                                              if table.csv else "")
        lines += [f"### {table.name} ({files})", "", table.description, "",
                  "| column | type | meaning | allowed values |", "| --- | --- | --- | --- |"]
        for c in table.columns:
            allowed = ", ".join(c.allowed) if c.allowed else ""
            kind = c.dtype + ("" if c.nullable else ", required") + ("; list" if c.multi else "")
            lines.append(f"| `{c.name}` | {kind} | {c.description} | {allowed} |")
        lines.append("")
    return "\n".join(lines)
