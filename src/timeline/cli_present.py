"""``timeline chart`` and ``timeline export``: the publishing commands (registered on the app by cli.py).

They only convert arguments and print what was written; the work is done by :mod:`timeline.present.export`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from timeline.config import project_root
from timeline.errors import ConfigError, OutputError, TimelineError

console = Console(stderr=True)


class ChartKind(StrEnum):
    timeline = "timeline"
    network = "network"
    volume = "volume"
    lags = "lags"


class FigureFormat(StrEnum):
    svg = "svg"
    png = "png"
    pdf = "pdf"


class Lang(StrEnum):
    en = "en"
    nl = "nl"
    fr = "fr"


def _fail(message: str, code: int = 2) -> typer.Exit:
    console.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def _day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{option} must be YYYY-MM-DD, got {value!r}") from None


def _report(case: str, lang: Lang, start: date | None, end: date | None):
    from timeline.present.export import load_report

    try:
        return load_report(case, lang=lang.value, start=start, end=end)
    except (ConfigError, TimelineError, ValueError) as exc:
        raise _fail(str(exc)) from None


def _print_written(paths: list[Path]) -> None:
    for path in paths:
        console.print(f"  wrote {path}")
    if not paths:
        console.print("[yellow]nothing written[/] (see the warnings above)")


def chart(
    case: Annotated[str, typer.Argument(help="Case name (data/processed/<case>/) or a run's output folder.")],
    kind: Annotated[ChartKind, typer.Option("--kind", "-k", help="Which chart to draw.")] = ChartKind.timeline,
    formats: Annotated[list[FigureFormat] | None, typer.Option(
        "--format", "-f", help="File format; repeat for several (default: svg, png and pdf).")] = None,
    from_: Annotated[str | None, typer.Option("--from", help="First day to include (YYYY-MM-DD).")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Last day to include (YYYY-MM-DD).")] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the chart texts.")] = Lang.en,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder (default: reports/<case>/).")] = None,
) -> None:
    """Draw one chart and write it with the CSV it was drawn from.

    Example: timeline chart grok-2026 --kind timeline --format png --from 2026-01-01 --to 2026-01-15 --lang nl
    """
    from timeline.present.export import export_chart

    start, end = _day(from_, "--from"), _day(to, "--to")
    if start and end and start > end:
        raise _fail(f"--from {start} is after --to {end}")
    report = _report(case, lang, start, end)
    folder = out or project_root() / "reports" / report.name
    try:
        written = export_chart(report, kind.value, folder, [f.value for f in formats or list(FigureFormat)])
    except (OutputError, ValueError) as exc:
        raise _fail(str(exc), 1) from None
    _print_written(written)


def export(
    case: Annotated[str, typer.Argument(help="Case name (data/processed/<case>/) or a run's output folder.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder (default: reports/<case>/).")] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of chart and page texts.")] = Lang.en,
    window_from: Annotated[str | None, typer.Option(
        "--window-from", help="Start of the highlighted window (default: first milestone).")] = None,
    window_to: Annotated[str | None, typer.Option(
        "--window-to", help="End of the highlighted window (default: last milestone).")] = None,
) -> None:
    """Write everything a newsroom publishes: all charts (SVG, PNG, PDF + CSV), the interactive page
    (timeline.html), the TimelineJS JSON and the actor network for Gephi (GEXF + CSV).

    Example: timeline export grok-2026 --out reports/grok-2026 --lang en
    """
    from timeline.present.export import export_all

    first, last = _day(window_from, "--window-from"), _day(window_to, "--window-to")
    window = (first, last) if first and last else None
    if (first or last) and window is None:
        raise _fail("give both --window-from and --window-to, or neither")
    try:
        written = export_all(case, out, window=window, lang=lang.value)
    except (ConfigError, TimelineError, ValueError) as exc:
        raise _fail(str(exc), 1 if isinstance(exc, OutputError) else 2) from None
    _print_written(written)
    console.print(f"[bold]{len(written)}[/] files written")
