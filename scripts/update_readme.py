"""Regenerate the README's generated sections (data dictionary, event ontology); a test checks they are current."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from timeline.dataset.schema import data_dictionary_markdown
from timeline.nlp.ontology import EVENT_TYPES


def ontology_markdown() -> str:
    lines = ["| type | meaning | PLOVER |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | {meaning} | {plover or '–'} |" for name, (meaning, plover) in EVENT_TYPES.items()]
    return "\n".join(lines) + "\n"


SECTIONS = {
    "data-dictionary": lambda: f"## Data dictionary\n\n{data_dictionary_markdown()}",
    "ontology": ontology_markdown,
}


def render(readme: str) -> str:
    for name, make in SECTIONS.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        block = f"{start}\n{make()}\n{end}"
        readme = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _, b=block: b, readme, flags=re.S)
    return readme


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
