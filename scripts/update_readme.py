"""Regenerate the README's data dictionary from timeline.dataset.schema (a test checks it is current)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from timeline.dataset.schema import data_dictionary_markdown

START, END = "<!-- data-dictionary:start -->", "<!-- data-dictionary:end -->"


def render(readme: str) -> str:
    block = f"{START}\n## Data dictionary\n\n{data_dictionary_markdown()}\n{END}"
    return re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, readme, flags=re.S)


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
