"""Throughput of the temporal tagger (timeline.temporal.extract), in tokens per second on one core.

Usage:
    python benchmarks/bench_temporal.py                 # generated English/Dutch/French news text
    python benchmarks/bench_temporal.py DIR_OF_TML      # the <TEXT> of TimeML files (English)
    python benchmarks/bench_temporal.py --runs 7 --docs 300

It times whole passes over the corpus (after one warm-up pass that also builds the word tables),
reports the median of several runs, and counts tokens the way the TimeML scorer does (words and
single punctuation marks), so the numbers compare with ``run_project.py``'s tokens/s.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

from timeline.temporal import extract

TOKEN_RE = re.compile(r"\w+(?:[-'\u2019]\w+)*|[^\w\s]")
TARGET_TOKENS_PER_S = 70_000

TEMPLATES = {
    "en": [
        "On {day} {month_en}, {actor} said it had {verb_en} the feature after complaints from users.",
        "{weekday_en}, the regulator opened an investigation; {n_en} days later it asked for documents.",
        "The company paid $27 million in fines last year, and its shares fell 4% on Friday.",
        "A 14-year-old girl reported that Grok 4 produced 250 images in about twelve hours.",
        "Ministers will meet again next Tuesday at 3 p.m. GMT, and every day until the end of January.",
        "Earlier this month, officials from three countries wrote to the firm, according to Article 34.",
    ],
    "nl": [
        "Op {day} {month_nl} zei {actor} dat het de functie had {verb_nl} na klachten van gebruikers.",
        "{weekday_nl} opende de toezichthouder een onderzoek; {n_nl} dagen later vroeg hij om documenten.",
        "Het bedrijf betaalde vorig jaar 27 miljoen euro aan boetes en het aandeel daalde vrijdag 4 procent.",
        "Een 14-jarig meisje meldde dat Grok 4 in ongeveer 12 uur 250 beelden maakte.",
        "De ministers vergaderen volgende week dinsdag om 15.00 uur opnieuw, en daarna wekelijks.",
        "Eerder deze maand schreven ambtenaren uit drie landen de onderneming aan, volgens artikel 34.",
    ],
    "fr": [
        "Le {day} {month_fr}, {actor} a déclaré avoir {verb_fr} la fonction après des plaintes.",
        "{weekday_fr}, le régulateur a ouvert une enquête ; {n_fr} jours plus tard, il a demandé des documents.",
        "L'entreprise a payé 27 millions d'euros d'amendes l'an dernier et l'action a chuté de 4 % vendredi.",
        "Une adolescente de 14 ans a signalé que Grok 4 avait produit 250 images en environ douze heures.",
        "Les ministres se réuniront mardi prochain à 15h, puis chaque jour jusqu'à la fin janvier.",
        "Plus tôt ce mois-ci, des responsables de trois pays ont écrit à l'entreprise, selon l'article 34.",
    ],
}
WORDS = {
    "month_en": ["January", "February", "March", "December"], "month_nl": ["januari", "februari", "december"],
    "month_fr": ["janvier", "février", "décembre"], "weekday_en": ["On Friday", "Monday", "Last Wednesday"],
    "weekday_nl": ["Vrijdag", "Maandag", "Afgelopen woensdag"], "weekday_fr": ["Vendredi", "Lundi", "Mercredi dernier"],
    "verb_en": ["restricted", "paused", "changed"], "verb_nl": ["beperkt", "gepauzeerd", "aangepast"],
    "verb_fr": ["restreint", "suspendu", "modifié"], "n_en": ["Two", "Five", "Three"],
    "n_nl": ["Twee", "Vijf", "Drie"], "n_fr": ["Deux", "Cinq", "Trois"],
    "actor": ["X", "xAI", "the European Commission", "Ofcom", "Arcom"],
}


def generated_corpus(n_docs: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """(text, reference date, lang) news-like documents of about 150 tokens each."""
    rng = random.Random(seed)
    docs = []
    for k in range(n_docs):
        lang = ("en", "nl", "fr")[k % 3]
        sentences = []
        for _ in range(8):
            template = rng.choice(TEMPLATES[lang])
            fields = {name: rng.choice(options) for name, options in WORDS.items()}
            sentences.append(template.format(day=rng.randint(1, 28), **fields))
        reference = (date(2026, 1, 1) + timedelta(days=rng.randint(0, 40))).isoformat()
        docs.append((" ".join(sentences), reference, lang))
    return docs


def tml_corpus(folder: Path) -> list[tuple[str, str, str]]:
    """The <TEXT> (tags stripped) and DCT of every .tml file under ``folder``."""
    docs = []
    for path in sorted(folder.rglob("*.tml")):
        root = ET.parse(path).getroot()
        text_el = root.find("TEXT")
        if text_el is None:
            continue
        dct = next((t.get("value", "") for t in root.iter("TIMEX3")
                    if t.get("functionInDocument") == "CREATION_TIME"), "")
        m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", dct)
        docs.append(("".join(text_el.itertext()), "-".join(m.groups()) if m else None, "en"))
    return docs


def one_pass(docs: list[tuple[str, str, str]]) -> float:
    start = time.perf_counter()
    for text, reference, lang in docs:
        extract(text, reference, lang)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tml_dir", nargs="?", help="folder of TimeML .tml files (default: generated text)")
    ap.add_argument("--runs", type=int, default=5, help="timed passes; the median is reported")
    ap.add_argument("--docs", type=int, default=300, help="generated documents (without tml_dir)")
    args = ap.parse_args(argv)
    docs = tml_corpus(Path(args.tml_dir)) if args.tml_dir else generated_corpus(args.docs)
    if not docs:
        print(f"error: no documents under {args.tml_dir}", file=sys.stderr)
        return 2
    tokens = sum(len(TOKEN_RE.findall(text)) for text, _, _ in docs)
    one_pass(docs)  # warm-up: word tables are built once per language
    times = [one_pass(docs) for _ in range(args.runs)]
    median = statistics.median(times)
    source = args.tml_dir or f"{len(docs)} generated en/nl/fr documents"
    print(f"corpus: {source} ({len(docs)} docs, {tokens} tokens)")
    print(f"runs: {', '.join(f'{t:.3f}s' for t in times)}")
    print(f"median: {median:.3f}s  ->  {tokens / median:,.0f} tokens/s, {len(docs) / median:,.1f} docs/s "
          f"(target {TARGET_TOKENS_PER_S:,} tokens/s)")
    for lang in sorted({lang for _, _, lang in docs}):
        subset = [d for d in docs if d[2] == lang]
        sub_tokens = sum(len(TOKEN_RE.findall(text)) for text, _, _ in subset)
        sub_median = statistics.median(one_pass(subset) for _ in range(args.runs))
        print(f"  {lang}: {sub_tokens / sub_median:,.0f} tokens/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
