"""Score body-text extraction (and time the whole page parser) on the article-extraction benchmark.

The benchmark (181 news pages with hand-made reference bodies, plus a stdlib-only ``score.py``) is not
shipped with the project; pass the folder that holds ``score.py``, ``ground-truth.json`` and ``html/``.

    python benchmarks/eval_extraction.py ../shared/eval/article-extraction            # the project's extractor
    python benchmarks/eval_extraction.py ../shared/eval/article-extraction --variants # + the options table
    python benchmarks/eval_extraction.py DIR --parse-page                             # + parse_page pages/s

Metric: 4-word-shingle precision / recall / F1 exactly as the benchmark's own ``score.py`` defines it
(its functions are imported, not re-implemented). pages/s counts time inside the extraction function only.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib.util
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

Extractor = Callable[[str, str], "str | None"]


def _load_scorer(folder: Path):
    spec = importlib.util.spec_from_file_location("benchmark_score", folder / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"{folder}: no score.py here")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load_pages(folder: Path) -> tuple[dict, dict[str, str]]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {
        pid: gzip.decompress((folder / "html" / f"{pid}.html.gz").read_bytes()).decode("utf-8")
        for pid in sorted(truth)
    }
    return truth, pages


def _run(func: Extractor, truth: dict, pages: dict[str, str]) -> tuple[dict, float, float]:
    """Predictions, pages per wall-clock second and pages per CPU second (steadier on a busy machine)."""
    predictions, wall, cpu = {}, 0.0, 0.0
    for pid, html in pages.items():
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            text = func(html, truth[pid].get("url"))
        except Exception:  # scored as empty, like score.py --callable does
            text = None
        wall += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        predictions[pid] = {"articleBody": text or ""}
    return predictions, len(pages) / wall, len(pages) / cpu


def _variants() -> dict[str, Extractor]:
    """The options compared when choosing the settings (see timeline.parse.extract)."""
    import trafilatura

    from timeline.parse.extract import extract_text

    def traf(**options) -> Extractor:
        return lambda html, url: trafilatura.extract(html, url=url, **options)

    def newspaper4k(html: str, url: str) -> str:
        import newspaper

        article = newspaper.Article(url or "http://localhost/", fetch_images=False)
        article.download(input_html=html)
        article.parse()
        return article.text

    return {
        "trafilatura (defaults)": traf(),
        "trafilatura favor_precision": traf(favor_precision=True),
        "trafilatura favor_recall": traf(favor_recall=True),
        "trafilatura include_comments=False": traf(include_comments=False),
        "trafilatura no comments, fast": traf(include_comments=False, fast=True),
        "trafilatura no comments, no tables": traf(include_comments=False, include_tables=False),
        "trafilatura no comments, deduplicate": traf(include_comments=False, deduplicate=True),
        "trafilatura no comments, favor_recall": traf(include_comments=False, favor_recall=True),
        "trafilatura no comments, favor_precision": traf(include_comments=False, favor_precision=True),
        "newspaper4k": newspaper4k,
        "timeline.parse.extract_text (chosen)": extract_text,
    }


def _parse_page_speed(truth: dict, pages: dict[str, str]) -> tuple[float, float]:
    """parse_page over every page: pages per wall-clock second and per CPU second."""
    from timeline.errors import RecordError
    from timeline.parse import parse_page

    start, start_cpu = time.perf_counter(), time.process_time()
    for pid, html in pages.items():
        with contextlib.suppress(RecordError):
            parse_page(html.encode("utf-8"), truth[pid].get("url"))
    return len(pages) / (time.perf_counter() - start), len(pages) / (time.process_time() - start_cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="benchmark folder (score.py, ground-truth.json, html/)")
    parser.add_argument("--variants", action="store_true", help="also score the alternative settings")
    parser.add_argument("--parse-page", action="store_true", help="also time the whole parse_page")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    args = parser.parse_args(argv)

    scorer = _load_scorer(args.folder)
    truth, pages = _load_pages(args.folder)
    if args.variants:
        candidates = _variants()
    else:
        from timeline.parse.extract import extract_text

        candidates = {"timeline.parse.extract_text (chosen)": extract_text}
    warmup = next(iter(pages.values()))
    for func in candidates.values():  # imports and lazy caches outside the clock
        func(warmup, "http://localhost/")

    rows = []
    print(f"{'extractor':45s} {'F1':>6s} {'P':>6s} {'R':>6s} {'pages/s':>8s} {'pages/cpu-s':>11s}")
    for name, func in candidates.items():
        predictions, speed, cpu_speed = _run(func, truth, pages)
        m = scorer.evaluate(truth, predictions, n_bootstrap=200)
        rows.append({"extractor": name, "f1": m["f1"], "f1_std": m["f1_std"], "precision": m["precision"],
                     "recall": m["recall"], "pages_per_s": speed, "pages_per_cpu_s": cpu_speed})
        print(f"{name:45s} {m['f1']:6.3f} {m['precision']:6.3f} {m['recall']:6.3f} {speed:8.1f} {cpu_speed:11.1f}",
              flush=True)
    result: dict = {"pages": len(pages), "extractors": rows}
    if args.parse_page:
        wall, cpu = _parse_page_speed(truth, pages)
        result["parse_page_pages_per_s"], result["parse_page_pages_per_cpu_s"] = wall, cpu
        print(f"parse_page (decode, parse, body, metadata, date, language, kind): {wall:.1f} pages/s, "
              f"{cpu:.1f} pages/cpu-s")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
