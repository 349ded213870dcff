"""A corpus of any size made from real-looking seed articles, for benchmarks and crash tests.

Articles are recombined from the paragraphs of the seeds and perturbed: publication dates are shifted,
numbers changed and paragraphs reordered, so the NLP sees varied text (not one article repeated, which
would flatter caches) while the language stays realistic news prose.

A big corpus grows in time, as a year of incidents does, rather than piling every article onto the same
weeks: each run of :data:`EDITION_SIZE` articles is a new "edition" of the incident, moved ``k`` years back
(publication dates and the years written in the text alike; back, because a publication date in the future
is rejected as impossible), so articles per day stay those of the first edition and an edition's events
never merge with another's.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

NUMBER = re.compile(r"\b\d{1,3}\b")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
EDITION_SIZE = 10_000


def generate(seeds: Sequence[dict], n: int, *, seed: int = 7, start: date = date(2026, 1, 1),
             edition_size: int = EDITION_SIZE) -> Iterator[dict]:
    """Yield `n` JSONL-ready article records recombined from `seeds` (dicts with text and language)."""
    rng = random.Random(seed)
    by_lang: dict[str, list[str]] = {}
    for s in seeds:
        paras = [p.strip() for p in re.split(r"\n\s*\n|\n", s["text"]) if len(p.split()) > 5]
        by_lang.setdefault(s.get("language") or "en", []).extend(paras)
    langs = sorted(by_lang)
    for i in range(n):
        lang = langs[i % len(langs)]
        pool = by_lang[lang]
        k = min(len(pool), rng.randint(4, 9))
        paras = rng.sample(pool, k)
        text = "\n\n".join(NUMBER.sub(lambda m: str(int(m.group()) + rng.randint(0, 3)), p) for p in paras)
        day = start + timedelta(days=rng.randint(0, 60))
        if edition := i // max(1, edition_size):
            text = YEAR.sub(lambda m: str(int(m.group()) - edition), text)
            day = _years_later(day, -edition)
        yield {"id": f"syn-{i:07d}", "url": f"https://news{i % 97}.example/{lang}/{i}", "language": lang,
               "published": day.isoformat(), "title": text.split("\n\n", 1)[0][:80], "text": text}


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def write_jsonl(records: Iterator[dict], path: Path) -> int:
    n = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n
