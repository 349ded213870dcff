"""``timeline build`` and ``timeline network``: the analysis commands (registered on the app by cli.py).

They only convert arguments and print; the work is done by :mod:`timeline.api`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from timeline.config import Settings, project_root
from timeline.dataset.io import atomic_write_text, defuse_formula
from timeline.errors import ConfigError, OutputError, TimelineError

console = Console()
err_console = Console(stderr=True)
WINDOW_COLUMNS = ["event_id", "date", "type", "actors", "targets", "n_sources", "n_languages", "has_date_conflict",
                  "is_key_event", "title", "sources"]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def _load(case: str, lang: str | None):
    from timeline.api import load

    settings = Settings().with_(lang=lang) if lang else Settings()
    try:
        return load(case, settings=settings)
    except (ConfigError, TimelineError) as exc:
        raise _fail(str(exc)) from None


def _out_dir(case: str, tl, out: Path | None) -> Path:
    if out:
        return out
    name = tl.case.name if tl.case else Path(case).name
    return project_root() / "reports" / name


def _print_table(df: pd.DataFrame, title: str) -> None:
    table = Table(title=title, show_lines=False)
    for col in ("date", "type", "actors", "n_sources", "title"):
        table.add_column(col, overflow="fold", max_width=70 if col == "title" else None)
    for row in df.itertuples(index=False):
        flag = " ⚠" if row.has_date_conflict else ""
        table.add_row(f"{row.date}{flag}", row.type, row.actors or "", str(row.n_sources), row.title)
    console.print(table)


def build(
    case: Annotated[str, typer.Argument(help="Case name (data/processed/<case>/) or an output folder.")],
    from_: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD), event id or milestone.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD), event id or milestone.")] = None,
    k: Annotated[int | None, typer.Option("--k", min=1, help="Keep only the K key events of the window.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language for event titles (en, nl, fr, ...).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="CSV folder (default reports/<case>/).")] = None,
) -> None:
    """Print and save the timeline between two days or events (the key events with --k).

    Example:
      timeline build grok-2026 --from 2026-01-02 --to 2026-01-09 --k 8 --lang en
    """
    tl = _load(case, lang)
    events = tl.events
    if events.empty:
        raise _fail("the run has no events to show", code=1)
    first = from_ or min(events["date"]).isoformat()
    last = to or max(events["date"]).isoformat()
    try:
        window = tl.window(first, last, k=k, lang=lang)
    except TimelineError as exc:
        raise _fail(str(exc)) from None
    _print_table(window, f"{len(window)} events, {first} → {last}")
    target = _out_dir(case, tl, out) / f"window_{first}_{last}{f'_k{k}' if k else ''}.csv"
    buf = io.StringIO()
    window[WINDOW_COLUMNS].map(defuse_formula).to_csv(buf, index=False, lineterminator="\n")
    try:
        atomic_write_text(target, buf.getvalue())
    except OutputError as exc:
        raise _fail(str(exc), code=1) from None
    err_console.print(f"written to [bold]{target}[/]")


def network(
    case: Annotated[str, typer.Argument(help="Case name (data/processed/<case>/) or an output folder.")],
    freq: Annotated[str, typer.Option("--freq", help="Slices for the over-time tables: day or week.")] = "day",
    fmt: Annotated[str, typer.Option("--format", help="gexf (dynamic, for Gephi), graphml or csv.")] = "gexf",
    kind: Annotated[str, typer.Option("--kind", help="co_mention, interaction or all.")] = "all",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder (default reports/<case>/network/).")] = None,
) -> None:
    """Write the actor networks, plus centrality and communities per day or week as CSV.

    Example:
      timeline network grok-2026 --freq day --format gexf
    """
    if freq not in ("day", "week") or fmt not in ("gexf", "graphml", "csv"):
        raise _fail("--freq must be day|week and --format gexf|graphml|csv")
    kinds = ("co_mention", "interaction") if kind == "all" else (kind,)
    if any(k not in ("co_mention", "interaction") for k in kinds):
        raise _fail("--kind must be co_mention, interaction or all")
    tl = _load(case, None)
    folder = out or _out_dir(case, tl, None) / "network"
    written: list[Path] = []
    try:
        for k in kinds:
            written += tl.export_network(folder, kind=k, fmt=fmt)
            for name, table in (("centrality", tl.centrality_over_time(freq, kind=k)),
                                ("communities", tl.communities(freq, kind=k))):
                buf = io.StringIO()
                table.to_csv(buf, index=False, lineterminator="\n")
                written.append(atomic_write_text(folder / f"{name}_{k}_{freq}.csv", buf.getvalue()))
    except OutputError as exc:
        raise _fail(str(exc), code=1) from None
    for path in written:
        err_console.print(f"written [bold]{path}[/]")
