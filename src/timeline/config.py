"""Settings and case files.

A *case* is the analyst's curation of one incident: ``config/cases/<name>/case.toml`` (title, languages,
window, milestones, collection sources), ``sources.csv`` and ``actors.yml``. Loading is strict: a bad file
fails fast with a :class:`~timeline.errors.ConfigError` naming the file, line and key, because a silently
ignored typo in a curated dictionary corrupts every table built from it.
"""

from __future__ import annotations

import csv
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from timeline.errors import ConfigError
from timeline.types import ActorEntry, Milestone

# libyaml's loader when PyYAML was built with it: the same documents, about 8x less CPU than the pure-Python
# one (start-up reads the case and background dictionaries in every process)
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ACTOR_KINDS = (
    "person",
    "company",
    "platform",
    "ai_system",
    "government",
    "regulator",
    "prosecutor_court",
    "ngo",
    "media",
    "country",
    "intergovernmental_body",
    "political_party",
    "legislature",
    "other",
)


@dataclass(frozen=True)
class Settings:
    """Run-wide knobs with shipped defaults; override with ``Settings().with_(...)``."""

    batch_size: int = 64
    workers: int = 1
    max_text_chars: int = 200_000  # longer texts are cut with a warning (see README, "Limits")
    key_events: int = 12
    merge_window_days: int = 1
    lang: str = "en"
    keep_modalities: tuple[str, ...] = ("asserted",)
    use_trained_pipeline: bool = True
    checkpoint_every: int = 256  # articles per crash-safe batch (the unit of resumption and of Dask tasks)
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # address of an existing Dask scheduler; None starts a local cluster

    def with_(self, **changes: Any) -> Settings:
        unknown = set(changes) - set(self.__dataclass_fields__)
        if unknown:
            raise ConfigError("settings", f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


@dataclass(frozen=True)
class Case:
    """Everything the analyst curated about one incident."""

    name: str
    root: Path
    title: str
    languages: tuple[str, ...]
    window_start: date | None = None
    window_end: date | None = None
    timezone: str = "UTC"
    description: str = ""
    milestones: tuple[Milestone, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    gdelt_queries: tuple[str, ...] = ()
    actors: tuple[ActorEntry, ...] = field(default_factory=tuple)

    @property
    def sources_csv(self) -> Path:
        return self.root / "sources.csv"

    @property
    def actors_yml(self) -> Path:
        return self.root / "actors.yml"

    @property
    def event_triggers(self) -> Path | None:
        """The case's own event trigger terms (``events.yml``), when it has them."""
        path = self.root / "events.yml"
        return path if path.is_file() else None

    def milestone(self, key_or_date: str) -> Milestone | None:
        for m in self.milestones:
            if key_or_date in (m.key, m.date.isoformat()):
                return m
        return None


def project_root(start: Path | None = None) -> Path:
    """The folder holding ``config/cases``: ``$TIMELINE_HOME``, else the nearest parent of the cwd."""
    env = os.environ.get("TIMELINE_HOME")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "config" / "cases").is_dir():
            return candidate
    return here


def case_dir(name_or_path: str | Path, root: Path | None = None) -> Path:
    path = Path(name_or_path)
    if path.is_dir() and (path / "case.toml").is_file():
        return path.resolve()
    base = (root or project_root()) / "config" / "cases" / str(name_or_path)
    if not (base / "case.toml").is_file():
        raise ConfigError(base / "case.toml", f"no case named {str(name_or_path)!r} (case.toml not found)")
    return base


def _as_date(value: Any, path: Path, key: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(path, f"not a date (YYYY-MM-DD): {value!r}", key=key) from None


def _str_tuple(value: Any, path: Path, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, "expected a list of strings", key=key)
    return tuple(value)


def _milestones(raw: list[Any], path: Path) -> tuple[Milestone, ...]:
    out = []
    for i, item in enumerate(raw):
        key = f"milestones[{i}]"
        if not isinstance(item, dict) or "date" not in item or "label" not in item:
            raise ConfigError(path, "each milestone needs a date and a label", key=key)
        out.append(
            Milestone(
                date=_as_date(item["date"], path, key + ".date"),
                label=str(item["label"]),
                event_type=item.get("event_type"),
                key=item.get("key"),
            )
        )
    return tuple(sorted(out, key=lambda m: m.date))


def load_case(name_or_path: str | Path, root: Path | None = None, *, with_actors: bool = True) -> Case:
    """Read and check a case folder; raise ConfigError with file, line and key on any problem."""
    folder = case_dir(name_or_path, root)
    path = folder / "case.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = getattr(exc, "lineno", None) or (int(found.group(1)) if found else None)
        raise ConfigError(path, f"invalid TOML: {exc}", line=line) from None
    meta = data.get("case", {})
    window = data.get("window", {})
    collect = data.get("collect", {})
    if "title" not in meta:
        raise ConfigError(path, "missing required key", key="case.title")
    langs = _str_tuple(meta.get("languages", ["en"]), path, "case.languages")
    case = Case(
        name=str(meta.get("name", folder.name)),
        root=folder,
        title=str(meta["title"]),
        languages=langs,
        description=str(meta.get("description", "")),
        timezone=str(meta.get("timezone", "UTC")),
        window_start=_as_date(window["start"], path, "window.start") if "start" in window else None,
        window_end=_as_date(window["end"], path, "window.end") if "end" in window else None,
        milestones=_milestones(data.get("milestones", []), path),
        feeds=_str_tuple(collect.get("feeds"), path, "collect.feeds"),
        sitemaps=_str_tuple(collect.get("sitemaps"), path, "collect.sitemaps"),
        gdelt_queries=_str_tuple(collect.get("gdelt_queries"), path, "collect.gdelt_queries"),
    )
    if case.window_start and case.window_end and case.window_start > case.window_end:
        raise ConfigError(path, "window.start is after window.end", key="window")
    if with_actors and case.actors_yml.is_file():
        case = replace(case, actors=load_actors(case.actors_yml))
    return case


def _node_line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _mapping_lines(node: yaml.Node) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def _alias_map(raw: Any, path: Path, line: int | None, key: str) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if isinstance(raw, list):  # a plain list applies to every language
        raw = {"any": raw}
    if not isinstance(raw, dict):
        raise ConfigError(path, "expected a mapping of language -> list of names", line=line, key=key)
    out = {}
    for lang, names in raw.items():
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise ConfigError(path, "expected a list of non-empty strings", line=line, key=f"{key}.{lang}")
        out[str(lang)] = tuple(n.strip() for n in names)
    return out


def _actor_entry(item: Any, node: yaml.Node | None, path: Path, index: int) -> ActorEntry:
    line = _node_line(node)
    lines = _mapping_lines(node) if node is not None else {}
    if not isinstance(item, dict):
        raise ConfigError(path, "each actor must be a mapping", line=line, key=f"actors[{index}]")
    for required in ("id", "name", "kind"):
        if not item.get(required):
            raise ConfigError(path, f"missing {required!r}", line=line, key=f"actors[{index}].{required}")
    actor_id = str(item["id"])
    kind = str(item["kind"])
    if kind not in ACTOR_KINDS:
        raise ConfigError(
            path, f"unknown kind {kind!r} (allowed: {', '.join(ACTOR_KINDS)})", line=lines.get("kind", line),
            key=f"{actor_id}.kind",
        )
    return ActorEntry(
        actor_id=actor_id,
        name=str(item["name"]),
        kind=kind,
        country=(str(item["country"]) if item.get("country") else None),
        aliases=_alias_map(item.get("aliases"), path, lines.get("aliases", line), f"{actor_id}.aliases"),
        roles=_alias_map(item.get("roles"), path, lines.get("roles", line), f"{actor_id}.roles"),
        parent=item.get("parent"),
    )


def load_actors(path: Path) -> tuple[ActorEntry, ...]:
    """Read an ``actors.yml`` dictionary; errors name the file, line and actor key."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=YAML_LOADER)
        data = yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(path, f"invalid YAML: {getattr(exc, 'problem', exc)}",
                          line=mark.line + 1 if mark else None) from None
    items = data.get("actors") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ConfigError(path, "expected a list under 'actors:'", key="actors")
    nodes: list[yaml.Node | None] = [None] * len(items)
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if k.value == "actors" and isinstance(v, yaml.SequenceNode):
                nodes = list(v.value)
    elif isinstance(root, yaml.SequenceNode):
        nodes = list(root.value)
    actors = [_actor_entry(item, nodes[i] if i < len(nodes) else None, path, i) for i, item in enumerate(items)]
    seen: dict[str, int] = {}
    for i, a in enumerate(actors):
        if a.actor_id in seen:
            raise ConfigError(path, f"duplicate actor id {a.actor_id!r}", line=_node_line(nodes[i]), key=a.actor_id)
        seen[a.actor_id] = i
    return tuple(actors)


def load_sources(path: Path) -> list[dict[str, str]]:
    """Read a ``sources.csv`` (url, outlet, language, published_date); rows without a url are errors."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "url" not in reader.fieldnames:
            raise ConfigError(path, "header must contain a 'url' column", line=1)
        rows = []
        for row in reader:
            if not (row.get("url") or "").strip():
                raise ConfigError(path, "empty url", line=reader.line_num, key="url")
            rows.append({k: (v or "").strip() for k, v in row.items() if k})
    return rows
