"""The ``timeline`` command line: converts arguments, calls the pipeline, prints a summary.

Exit codes: 0 success; 1 the run finished but records were rejected and --strict was given, or nothing was
usable; 2 bad arguments or configuration (the message names the file, line and key).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from timeline.config import Settings
from timeline.errors import ConfigError, OutputError, TimelineError

app = typer.Typer(
    name="timeline",
    help="Turn news coverage of an incident into dated events, actors, timelines and networks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    console.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def _print_summary(summary) -> None:
    console.print(
        f"[bold]{summary.n_articles}[/] articles from {summary.n_records} records "
        f"({summary.n_reused} reused from an earlier run) "
        f"({summary.n_rejected} rejected, {summary.n_warnings} warnings) → "
        f"{summary.n_event_mentions} event mentions, [bold]{summary.n_events}[/] events, "
        f"{summary.n_actors} actors, {summary.n_edges} edges"
    )
    for report in summary.reports:
        for r in report.rejects[:10]:
            where = f"line {r.line}" if r.line else (r.record_id or "")
            console.print(f"  [yellow]rejected[/] {Path(r.source or '').name} {where}: {r.reason}")
        if len(report.rejects) > 10:
            console.print(f"  … and {len(report.rejects) - 10} more (see rejects.csv)")
    console.print(f"written to [bold]{summary.out_dir}[/]")


@app.command()
def run(
    case: Annotated[str | None, typer.Argument(help="Case name under config/cases/ (e.g. grok-2026).")] = None,
    input: Annotated[Path | None, typer.Option("--input", "-i", help="JSONL file or folder of pages.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder.")] = None,
    case_opt: Annotated[str | None, typer.Option("--case", help="Add this case's actors and settings.")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes for the NLP stage.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 64,
    lang: Annotated[str, typer.Option("--lang", help="Preferred language of event titles.")] = "en",
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 if any record was rejected.")] = False,
    engine: Annotated[str, typer.Option("--engine", help="local, or dask for a (local or remote) cluster.")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address.")] = None,
    checkpoint_every: Annotated[int, typer.Option("--checkpoint-every", min=1,
                                                  help="Articles per crash-safe batch.")] = 256,
) -> None:
    """Run the whole pipeline: parse → NLP → dataset → timeline and network tables.

    Examples:
      timeline run grok-2026
      timeline run --input articles.jsonl --out results/ --case grok-2026
    """
    from timeline import pipeline

    if engine not in ("local", "dask"):
        raise _fail(f"--engine must be local or dask, got {engine!r}")
    settings = Settings().with_(workers=workers, batch_size=batch_size, lang=lang, engine=engine, scheduler=scheduler,
                                checkpoint_every=checkpoint_every)
    try:
        if input is not None:
            if out is None:
                raise _fail("--input needs --out DIR")
            summary = pipeline.run_input(input, out, case=case_opt or case, settings=settings)
        elif case:
            summary = pipeline.run_case(case, out, settings=settings)
        else:
            raise _fail("give a CASE or --input FILE --out DIR")
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    except (OutputError, TimelineError) as exc:
        raise _fail(str(exc), 1) from None
    except OSError as exc:  # disk full, read-only folder, ...: a sentence, not a traceback
        from timeline.dataset.io import explain_os_error

        raise _fail(str(explain_os_error(exc, Path(exc.filename or out or "output"))), 1) from None
    _print_summary(summary)
    if summary.n_articles == 0:
        raise _fail("no usable article in the input", 1)
    if strict and summary.n_rejected:
        raise _fail(f"{summary.n_rejected} record(s) rejected (--strict)", 1)


@app.command()
def extract(
    text: Annotated[str | None, typer.Argument(help="Text to analyse; '-' or nothing reads standard input.")] = None,
    reference_date: Annotated[str | None, typer.Option("--date", "-d", help="Publication date, YYYY-MM-DD.")] = None,
    lang: Annotated[str, typer.Option("--lang", "-l")] = "en",
    case: Annotated[str | None, typer.Option("--case", help="Use this case's actor dictionary.")] = None,
) -> None:
    """Show the dates, actors and events found in one text, as JSON.

    Example:
      timeline extract "Five days later, Ofcom opened an investigation into X." --date 2026-01-07
    """
    from timeline.extraction import extract_text

    if text in (None, "-"):
        text = sys.stdin.read()
    try:
        ref = date.fromisoformat(reference_date) if reference_date else None
    except ValueError:
        raise _fail(f"--date must be YYYY-MM-DD, got {reference_date!r}") from None
    try:
        result = extract_text(text, ref, lang, case=case)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    typer.echo(json.dumps(result, indent=2, ensure_ascii=False, default=str))


def _register() -> None:
    """Attach the commands that live next to their own layer."""
    from timeline import cli_actors, cli_analysis, cli_collect, cli_present

    app.command("collect")(cli_collect.collect)
    app.command("verify")(cli_collect.verify)
    app.command("build")(cli_analysis.build)
    app.command("network")(cli_analysis.network)
    app.command("chart")(cli_present.chart)
    app.command("export")(cli_present.export)
    app.add_typer(cli_actors.actors_app, name="actors")


_register()
