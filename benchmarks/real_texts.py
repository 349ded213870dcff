"""Make a JSONL of real news texts (text, language, published) for ``nlp_cpu.py --corpus real``.

The recombined benchmark corpus repeats its seeds' sentences, which flatters every cache, the bare
tokenizer's most of all; the fair ratio of the NLP to tokenization is measured on real texts, each read once.
Two public sources of English news text are read:

- TimeML files (``*.tml``, e.g. the TempEval-3 TimeBank and AQUAINT training sets): the text inside
  ``<TEXT>``, tags removed, with the document creation time as publication date;
- an article-extraction ground truth (``{page_id: {"articleBody": ..., "url": ...}}``, as in the
  scrapinghub article-extraction benchmark).

    python benchmarks/real_texts.py --timeml DIR --extraction ground-truth.json --out real.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
TAG = re.compile(r"<[^>]+>")
CREATION = re.compile(r"<TIMEX3\b[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>")
VALUE = re.compile(r"value=\"(\d{4}-\d\d-\d\d)")
MIN_WORDS = 50  # shorter bodies are captions and stubs, not articles


def timeml_records(folder: Path) -> Iterator[dict]:
    for path in sorted(folder.rglob("*.tml")):
        markup = path.read_text(encoding="utf-8")
        body = TEXT.search(markup)
        if not body:
            continue
        creation = CREATION.search(markup)
        day = VALUE.search(creation.group()) if creation else None
        yield {"text": TAG.sub("", body.group(1)), "language": "en", "published": day.group(1) if day else None,
               "source": path.name}


def extraction_records(path: Path) -> Iterator[dict]:
    for page_id, page in sorted(json.loads(path.read_text(encoding="utf-8")).items()):
        text = page.get("articleBody") or ""
        if len(text.split()) >= MIN_WORDS:
            yield {"text": text, "language": "en", "published": None, "source": page.get("url") or page_id}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--timeml", type=Path, action="append", default=[], help="folder of .tml files (repeatable)")
    p.add_argument("--extraction", type=Path, action="append", default=[], help="ground-truth JSON (repeatable)")
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    records = [r for folder in args.timeml for r in timeml_records(folder)]
    records += [r for path in args.extraction for r in extraction_records(path)]
    if not records:
        print("error: no texts found in the given sources", file=sys.stderr)
        return 1
    with args.out.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    words = sum(len(r["text"].split()) for r in records)
    print(f"{len(records)} texts, {words:,} words -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
