"""`timeline collect` and `timeline verify`: argument conversion only; the work is in collect/ and store/.

The lead registers these functions on the main typer app (``app.command("collect")(collect)``).
Exit codes of collect: 0 done; 1 some URLs failed (rerun to retry them); 2 bad arguments or no
network; 130 interrupted (rerun to resume). Verify exits 1 when a store fails the check.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from timeline.errors import ConfigError, OutputError, TimelineError

console = Console(stderr=True, soft_wrap=True)


def _date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        console.print(f"[bold red]error:[/] {option} must be a date YYYY-MM-DD, got {value!r}")
        raise typer.Exit(2) from None


def _languages(values: list[str] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(code.strip().lower() for v in values or [] for code in v.split(",") if code.strip()))


def _plan(case, urls, url_files, feeds, sitemaps, gdelt, since, until, langs):
    from timeline.collect.sources import Plan, plan_for_case, sources_from_options

    extra = sources_from_options(urls, url_files, feeds, sitemaps, gdelt)
    if case:
        plan = plan_for_case(case)
        return Plan(sources=plan.sources + tuple(extra), since=since or plan.since, until=until or plan.until,
                    languages=langs or plan.languages, case=plan.case)
    return Plan(sources=tuple(extra), since=since, until=until, languages=langs)


def _report(report, plan, store_dir: Path) -> None:
    from timeline.collect.sources import case_raw_dir

    if report.no_network:
        line = f"no network: {report.sources_unreachable} of {report.sources_tried} sources unreachable"
        if plan.case:
            snapshot = case_raw_dir(plan.case) / "snapshot"
            line += f"; the offline snapshot in {snapshot} still works"
        console.print(f"[bold yellow]{line}[/]", soft_wrap=True, highlight=False)
        return
    console.print(report.summary())
    for kind, count in report.errors.most_common():
        console.print(f"  {count} × {kind}")
    for message in report.discovery_errors[:10]:
        console.print(f"  [yellow]source problem[/] {message}")
    console.print(f"stored in [bold]{store_dir}[/] (check with `timeline verify {store_dir}`)")


def collect(
    case: Annotated[str | None, typer.Argument(help="Case name under config/cases/ (e.g. grok-2026).")] = None,
    url: Annotated[list[str] | None, typer.Option("--url", help="A page to fetch (repeatable).")] = None,
    urls: Annotated[list[Path] | None, typer.Option("--urls", help="File of URLs: one per line, or CSV with "
                                                   "a url column (repeatable).")] = None,
    feed: Annotated[list[str] | None, typer.Option("--feed", help="RSS/Atom feed URL (repeatable).")] = None,
    sitemap: Annotated[list[str] | None, typer.Option("--sitemap", help="Sitemap or sitemap index URL.")] = None,
    gdelt: Annotated[list[str] | None, typer.Option("--gdelt", help="GDELT DOC API query (repeatable).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Window start, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Window end, YYYY-MM-DD.")] = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", help="Languages, e.g. --lang nl,en,fr.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Store folder (default for a case: "
                                             "data/raw/<case>/live).")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow loopback/private addresses "
                                                "(tests, intranets).")] = False,
    user_agent: Annotated[str | None, typer.Option("--user-agent", help="Identify yourself (default: "
                                                   "timeline/<version> with the project URL).")] = None,
    delay: Annotated[float | None, typer.Option("--delay", min=0.0, help="Seconds between requests to one "
                                                "host (default 1; robots.txt Crawl-delay can raise it).")] = None,
    per_host: Annotated[int | None, typer.Option("--per-host", min=1, help="Parallel requests per host "
                                                 "(default 2).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Parallel requests in total "
                                                "(default 8).")] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0.1, help="Read timeout in seconds.")] = None,
    max_mb: Annotated[float | None, typer.Option("--max-mb", min=0.01, help="Largest page kept, in MB after "
                                                 "decompression (default 10).")] = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
) -> None:
    """Collect pages politely into a write-once raw store; rerun to resume after any interruption.

    Examples:
      timeline collect grok-2026
      timeline collect --feed https://example.org/rss.xml --out data/raw/mycase
      timeline collect --gdelt '"Grok" deepfake' --since 2026-01-01 --until 2026-01-15 --lang en,fr --out raw/
    """
    from timeline.collect.runner import Collector
    from timeline.collect.settings import CollectSettings
    from timeline.collect.sources import case_raw_dir

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    start, end = _date(since, "--since"), _date(until, "--until")
    try:
        plan = _plan(case, url, urls, feed, sitemap, gdelt, start, end, _languages(lang))
    except (ConfigError, ValueError) as exc:
        console.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(2) from None
    if not plan.sources:
        console.print("[bold red]error:[/] nothing to collect: give a CASE or --url/--urls/--feed/--sitemap/--gdelt")
        raise typer.Exit(2)
    store_dir = out or (case_raw_dir(plan.case) / "live" if plan.case else None)
    if store_dir is None:
        console.print("[bold red]error:[/] without a CASE, give --out DIR for the raw store")
        raise typer.Exit(2)
    settings = CollectSettings().with_(
        allow_private=allow_private or None, user_agent=user_agent, min_delay=delay, per_host=per_host,
        workers=workers, read_timeout=timeout, max_bytes=int(max_mb * 1024 * 1024) if max_mb else None)
    collector = Collector(store_dir, settings, progress=progress, echo=lambda m: console.print(m, highlight=False))
    try:
        report = collector.run(plan)
    except (OutputError, TimelineError) as exc:
        console.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/]: everything finished so far is stored; run the same command to resume")
        raise typer.Exit(130) from None
    finally:
        collector.fetcher.close()
    _report(report, plan, store_dir)
    if report.interrupted:
        console.print("[yellow]interrupted[/]: run the same command again to resume")
    raise typer.Exit(report.exit_code)


def _store_dirs(target: str) -> list[Path]:
    from timeline.collect.sources import case_raw_dir
    from timeline.store.raw import find_stores

    path = Path(target)
    folder = path if path.is_dir() else case_raw_dir(target)
    if not folder.is_dir():
        console.print(f"[bold red]error:[/] {target!r} is neither a folder nor a case with data/raw/{target}/")
        raise typer.Exit(2)
    stores = find_stores(folder)
    if not stores:
        console.print(f"[bold red]error:[/] no raw store (manifest.csv) under {folder}")
        raise typer.Exit(2)
    return stores


def verify(
    target: Annotated[str, typer.Argument(help="A case name (checks data/raw/<case>/) or a store folder.")],
) -> None:
    """Check a raw store: every manifest row's file exists and has the sha256 the manifest says.

    Examples:
      timeline verify grok-2026
      timeline verify data/raw/mycase
    """
    from timeline.store.verify import verify_store

    failed = False
    for store in _store_dirs(target):
        report = verify_store(store)
        for line in report.lines():
            console.print(line, highlight=False)
        failed = failed or not report.ok
    raise typer.Exit(1 if failed else 0)
