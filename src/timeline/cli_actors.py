"""``timeline actors …``: help the analyst grow a case's actor dictionary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

actors_app = typer.Typer(help="Inspect actors and grow a case's actors.yml.", no_args_is_help=True)


@actors_app.command("suggest")
def suggest(
    case: Annotated[str, typer.Argument(help="Case name (reads data/processed/CASE) or an output folder.")],
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many candidates to list.")] = 25,
    min_articles: Annotated[int, typer.Option("--min-articles", min=1)] = 1,
    yaml_out: Annotated[bool, typer.Option("--yaml", help="Print ready-to-edit actors.yml entries.")] = False,
) -> None:
    """List frequent actors the case dictionary does not know, with an example sentence each.

    Example:
      timeline actors suggest grok-2026 --top 20 --yaml >> new-actors.yml
    """
    from timeline.analysis.suggest import suggest_actors
    from timeline.pipeline import processed_dir

    folder = Path(case) if Path(case).is_dir() else processed_dir(case)
    if not (folder / "actor_mentions.parquet").is_file():
        Console(stderr=True).print(f"[red]error:[/] no processed tables in {folder}; run `timeline run {case}`")
        raise typer.Exit(2)
    candidates = suggest_actors(folder, top=top, min_articles=min_articles)
    if yaml_out:
        typer.echo(candidates_yaml(candidates))
        return
    table = Table("candidate", "kind guess", "mentions", "articles", "example")
    for row in candidates.itertuples():
        table.add_row(row.name, row.kind or "?", str(row.n_mentions), str(row.n_articles), row.example[:110])
    Console().print(table)


def candidates_yaml(candidates) -> str:
    """actors.yml entries for the candidates, for the analyst to check and paste."""
    import re

    lines = ["actors:"]
    for row in candidates.itertuples():
        key = re.sub(r"[^a-z0-9]+", "-", row.name.lower()).strip("-") or "actor"
        aliases = sorted(set(row.aliases.split("; "))) if row.aliases else [row.name]
        lines += [f"  - id: {key}", f"    name: {row.name!r}", f"    kind: {row.kind or 'other'}",
                  "    aliases:", f"      any: {aliases!r}"]
    return "\n".join(lines)
