"""CPU time of the NLP stage alone, for A/B comparisons of NLP changes on a shared machine.

Wall time on a busy 2-core machine swings by ±10 % or more; the CPU time of one process, best of N, does
not. Two corpora:

- ``synthetic`` (default): `n` articles recombined from the seeds (as ``make bench`` builds them), after a
  warm-up on the first 200, so memos and tokenizer caches are as a long run has them;
- ``real``: each seed text once, in this fresh process, beside a bare ``spacy.blank`` pass over the same
  texts in the same cold state. The recombined corpus repeats sentences; this one does not.

Compare two versions of the code by running it with each on ``PYTHONPATH`` in turn:
``python benchmarks/nlp_cpu.py --corpus synthetic --n 2000 --reps 3``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run_all import load_seeds

NOMINAL_TOKENIZER_WORDS_PER_S = 450_000


def _articles(records: list[dict]) -> list:
    from timeline.types import Article

    return [Article(article_id=str(i), text=r["text"], language=r.get("language") or "en",
                    published_date=date.fromisoformat(r["published"][:10]) if r.get("published") else None)
            for i, r in enumerate(records)]


def _nlp_seconds(articles: list, settings) -> float:
    from timeline.nlp.pipeline import analyze_articles

    started = time.process_time()
    for _ in analyze_articles(articles, settings=settings):
        pass
    return time.process_time() - started


def _bare_seconds(articles: list) -> float:
    import spacy

    by_lang: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        by_lang[a.language].append(a.text)
    seconds = 0.0
    for lang, texts in by_lang.items():
        nlp = spacy.blank(lang)
        nlp("warm")
        started = time.process_time()
        for _ in nlp.pipe(texts):
            pass
        seconds += time.process_time() - started
    return seconds


def measure(corpus: str, n: int, reps: int, seeds: Path | None) -> dict:
    from timeline.config import Settings
    from timeline.nlp.pipeline import warm_pipelines
    from timeline.synthetic import generate

    records, source = load_seeds(seeds)
    settings = Settings(use_trained_pipeline=False)
    articles = _articles(list(generate(records, n)) if corpus == "synthetic" else records)
    words = sum(len(a.text.split()) for a in articles)
    warm_pipelines(articles, settings=settings)
    result = {"corpus": corpus, "seeds": source, "n_articles": len(articles), "n_words": words}
    if corpus == "real":  # one pass: a second would find every memo filled by the first
        result["bare_tokenizer_words_per_s"] = round(words / _bare_seconds(articles))
        seconds = _nlp_seconds(articles, settings)
    else:
        _nlp_seconds(articles[:200], settings)
        seconds = min(_nlp_seconds(articles, settings) for _ in range(max(1, reps)))
    result.update(cpu_seconds=round(seconds, 3), nlp_words_per_s=round(words / seconds),
                  ratio_to_450k=round(words / seconds / NOMINAL_TOKENIZER_WORDS_PER_S, 3))
    if "bare_tokenizer_words_per_s" in result:
        result["ratio_to_bare"] = round(result["nlp_words_per_s"] / result["bare_tokenizer_words_per_s"], 3)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("synthetic", "real"), default="synthetic")
    parser.add_argument("--n", type=int, default=2000, help="synthetic articles")
    parser.add_argument("--reps", type=int, default=3, help="timed passes over the synthetic corpus (best kept)")
    parser.add_argument("--seeds", type=Path, help="seed JSONL (default: the demo snapshot)")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.corpus, args.n, args.reps, args.seeds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
