"""The measured side of the benchmarks: one run per process, started by ``run_all.py``.

Three kinds of run, each writing a JSON result to ``--result FILE``:

- ``pipeline``: the real pipeline (``timeline.pipeline.run``) over a JSONL corpus, with per-stage clocks
  wrapped around its seams: reading the input (time spent inside the article iterator), the NLP engine,
  the batch writes, the consolidation into final tables and the cross-article analysis. Nothing in the
  pipeline is replaced, only timed, so the end-to-end time is the time a user would see.
- ``reference``: the practical ceiling, a bare ``spacy.blank(lang)`` tokenization pass over the same
  texts, and the temporal tagger alone (``timeline.temporal.extract``) in tokens per second.
- ``html``: the page parser over the demo snapshot, in pages per second (the CPU cost of collection's output).

Usage: python benchmarks/bench_pipeline.py {pipeline,reference,html} ... --result FILE
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import json
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class StageClock:
    """Seconds spent per named stage, accumulated over every call."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.phases: list[list] = []  # [name, epoch start, epoch end] of the stages in PHASES, for memory timelines

    def wrap(self, name: str, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            started, wall = time.perf_counter(), time.time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started
                if name in PHASES:
                    self.phases.append([name, round(wall, 3), round(time.time(), 3)])

        return timed

    def iterate(self, name: str, items: Iterable, on_item: Callable | None = None) -> Iterator:
        """Yield from `items`, counting only the time spent producing each item (not the consumer's)."""
        iterator = iter(items)
        while True:
            started = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                self.seconds[name] += time.perf_counter() - started
                return
            self.seconds[name] += time.perf_counter() - started
            if on_item is not None:
                on_item(item)
            yield item


# (module, attribute path, stage): the pipeline's seams that get a clock. A seam that does not exist (the
# pipeline changed) is reported as uninstrumented instead of failing the benchmark.
SEAMS = (
    ("timeline.engine", "process", "engine"),
    ("timeline.dataset.store", "WorkStore.write_batch", "write"),
    ("timeline.dataset.store", "WorkStore.consolidate", "consolidate"),
    ("timeline.pipeline", "_cross_article", "analysis"),
    ("timeline.analysis.aggregate", "actors_from_tables", "actor_table"),
    ("timeline.pipeline", "_merge_events", "event_merge"),
    ("timeline.analysis.aggregate", "edges_from_tables", "edges"),
)
# stages whose start and end times are kept (a batch write happens hundreds of times: only its total is)
PHASES = ("engine", "consolidate", "analysis", "actor_table", "event_merge", "edges")


def _instrument(stack: contextlib.ExitStack, clock: StageClock) -> list[str]:
    missing = []
    for module_name, path, stage in SEAMS:
        owner = importlib.import_module(module_name)
        *parents, attr = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        original = getattr(owner, attr, None)
        if original is None:
            missing.append(f"{module_name}.{path}")
            continue
        setattr(owner, attr, clock.wrap(stage, original))
        stack.callback(setattr, owner, attr, original)
    return missing


def _max_rss_mib() -> dict[str, float]:
    """Peak RSS of this process and of its largest finished child (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"self_max_rss_mib": round(own / 1024, 1), "children_max_rss_mib": round(children / 1024, 1)}


def _cpu_seconds() -> tuple[float, float]:
    """CPU time (user + system) of this process and of its finished children (worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _stage_seconds(clock: StageClock, end_to_end: float) -> dict[str, float]:
    s = clock.seconds
    nlp = s["engine"] - s["ingest"] - s["write"]
    accounted = s["engine"] + s["consolidate"] + s["analysis"]
    stages = {"ingest": s["ingest"], "nlp": nlp, "write": s["write"], "consolidate": s["consolidate"],
              "analysis": s["analysis"], "other": end_to_end - accounted, "end_to_end": end_to_end}
    return {k: round(v, 4) for k, v in stages.items()}


def _warm_imports(languages: str) -> None:
    """Import what the run will import: start-up cost (about 3 s for spaCy's French alone), not throughput."""
    import spacy

    for module in ("timeline.nlp.pipeline", "timeline.analysis.timeline", "timeline.analysis.network"):
        importlib.import_module(module)
    for lang in filter(None, languages.split(",")):
        spacy.util.get_lang_class(lang)


def run_pipeline(args: argparse.Namespace) -> dict:
    from timeline import pipeline
    from timeline.config import Settings, load_case
    from timeline.pipeline import RunSummary

    _warm_imports(args.languages)
    settings = Settings().with_(workers=args.workers, engine=args.engine, batch_size=args.batch_size,
                                checkpoint_every=args.checkpoint_every)
    case = load_case(args.case, ROOT) if args.case else None
    out = Path(args.out)
    summary = RunSummary(out_dir=out, case=case.name if case else None)
    clock = StageClock()
    words = [0]

    def count(article) -> None:
        words[0] += len(article.text.split())

    with contextlib.ExitStack() as stack:
        uninstrumented = _instrument(stack, clock)
        cpu_before = _cpu_seconds()
        started = time.perf_counter()
        articles = clock.iterate("ingest", pipeline.iter_input(Path(args.corpus), settings, summary.reports, case),
                                 count)
        pipeline.run(articles, out, case=case, settings=settings, summary=summary)
        end_to_end = time.perf_counter() - started
    cpu = [round(after - before, 3) for after, before in zip(_cpu_seconds(), cpu_before, strict=True)]
    return {"n_records": summary.n_records, "n_articles": summary.n_articles, "n_reused": summary.n_reused,
            "n_rejected": summary.n_rejected, "n_words_read": words[0],
            "n_event_mentions": summary.n_event_mentions, "n_events": summary.n_events,
            "n_actors": summary.n_actors, "n_edges": summary.n_edges,
            "seconds": _stage_seconds(clock, end_to_end), "run_json_seconds": summary.seconds,
            "cpu_seconds": {"main": cpu[0], "workers": cpu[1]}, "phases": clock.phases,
            "uninstrumented": uninstrumented, **_max_rss_mib()}


def _read_corpus(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _bare_tokenizer(records: list[dict], batch_size: int) -> tuple[dict, list[int]]:
    """Tokenize every text with ``spacy.blank(lang)``; return the speed and each text's token count."""
    import spacy

    by_lang: dict[str, list[int]] = defaultdict(list)
    for i, rec in enumerate(records):
        by_lang[rec.get("language") or "en"].append(i)
    tokens = [0] * len(records)
    elapsed = 0.0
    for lang, indices in sorted(by_lang.items()):
        nlp = spacy.blank(lang)
        texts = [records[i]["text"] for i in indices]
        list(nlp.pipe(texts[:20]))  # warm the tokenizer's caches as a long run would have them
        started = time.perf_counter()
        counts = [len(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]
        elapsed += time.perf_counter() - started
        for i, n in zip(indices, counts, strict=True):
            tokens[i] = n
    n_words = sum(len(r["text"].split()) for r in records)
    result = {"n_texts": len(records), "n_tokens": sum(tokens), "n_words": n_words, "seconds": round(elapsed, 4),
              "tokens_per_s": round(sum(tokens) / elapsed, 1), "words_per_s": round(n_words / elapsed, 1)}
    return result, tokens


def _temporal(records: list[dict], tokens: list[int], sample: int) -> dict:
    """Tokens per second of the temporal tagger alone, over the first `sample` texts."""
    try:
        from timeline.temporal import extract
    except Exception as exc:  # a missing or broken tagger leaves the rest of the benchmark standing
        return {"error": f"timeline.temporal unavailable: {type(exc).__name__}: {exc}"}
    chosen = records[:sample]
    for rec in chosen[:5]:  # build the per-language rules once, as a long run would have them
        extract(rec["text"], rec.get("published"), rec.get("language") or "en")
    started = time.perf_counter()
    found = sum(len(extract(rec["text"], rec.get("published"), rec.get("language") or "en")) for rec in chosen)
    elapsed = time.perf_counter() - started
    n_tokens = sum(tokens[: len(chosen)])
    return {"n_texts": len(chosen), "n_tokens": n_tokens, "n_timexes": found, "seconds": round(elapsed, 4),
            "tokens_per_s": round(n_tokens / elapsed, 1) if elapsed else None}


def run_reference(args: argparse.Namespace) -> dict:
    records = _read_corpus(Path(args.corpus))
    bare, tokens = _bare_tokenizer(records, args.batch_size)
    return {"bare_tokenizer": bare, "temporal": _temporal(records, tokens, args.temporal_sample), **_max_rss_mib()}


def run_html(args: argparse.Namespace) -> dict:
    """Parse every page of a folder with the project's page parser, `rounds` times."""
    from timeline.ingest.adapters import parse_html

    pages = [p.read_bytes() for p in sorted(Path(args.folder).rglob("*.htm*"))]
    if not pages:
        return {"error": f"no HTML pages under {args.folder}"}
    parse_html(pages[0])  # load the extractor libraries outside the clock
    started = time.perf_counter()
    n_words = 0
    for _ in range(args.rounds):
        for data in pages:
            n_words += len(parse_html(data).text.split())
    elapsed = time.perf_counter() - started
    n_pages = len(pages) * args.rounds
    megabytes = sum(len(p) for p in pages) * args.rounds / 1e6
    return {"n_pages": n_pages, "seconds": round(elapsed, 4), "pages_per_s": round(n_pages / elapsed, 1),
            "mb_per_s": round(megabytes / elapsed, 2), "words_per_s": round(n_words / elapsed, 1)}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="kind", required=True)
    pipe = sub.add_parser("pipeline", help="the whole pipeline over a JSONL corpus")
    pipe.add_argument("--corpus", required=True)
    pipe.add_argument("--out", required=True)
    pipe.add_argument("--workers", type=int, default=1)
    pipe.add_argument("--engine", default="local", choices=("local", "dask"))
    pipe.add_argument("--batch-size", type=int, default=64)
    pipe.add_argument("--checkpoint-every", type=int, default=256)
    pipe.add_argument("--case", default=None, help="add this case's actor dictionary")
    pipe.add_argument("--languages", default="", help="languages of the corpus, to import before the clock starts")
    ref = sub.add_parser("reference", help="bare spaCy tokenizer and temporal tagger over a JSONL corpus")
    ref.add_argument("--corpus", required=True)
    ref.add_argument("--batch-size", type=int, default=256)
    ref.add_argument("--temporal-sample", type=int, default=5000)
    html = sub.add_parser("html", help="the page parser over a folder of HTML pages")
    html.add_argument("--folder", required=True)
    html.add_argument("--rounds", type=int, default=3)
    for p in (pipe, ref, html):
        p.add_argument("--result", required=True, help="write the JSON result here")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    runner = {"pipeline": run_pipeline, "reference": run_reference, "html": run_html}[args.kind]
    result = runner(args)
    Path(args.result).write_text(json.dumps(result, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
