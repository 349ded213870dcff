"""`timeline run --input`: the bring-your-own-corpus contract, end to end through the CLI."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from timeline.cli import app

ARTICLES = [
    {"id": "guardian-1", "url": "https://www.theguardian.com/technology/2026/jan/09/grok-image",
     "title": "X limits Grok image tool to paying users", "language": "en", "published": "2026-01-09",
     "text": "X has restricted Grok's image generation to paying subscribers on Friday, after a week of "
             "outrage over sexualised images of women and children. Ofcom said it was in contact with xAI. "
             "Prime Minister Keir Starmer called the images disgraceful."},
    "{this line is broken",
    {"id": "nos-1", "url": "https://nos.nl/artikel/1", "language": "nl", "published": "2026-01-10",
     "text": "X heeft de beeldgenerator van Grok vrijdag beperkt tot betalende abonnees. De Britse premier "
             "Keir Starmer noemde de beelden walgelijk. De Europese Commissie onderzoekt de zaak."},
    {"id": "empty", "text": "   ", "language": "en"},
]


def _jsonl(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(a if isinstance(a, str) else json.dumps(a) for a in ARTICLES) + "\n")
    return path


def test_bad_lines_are_reported_with_line_numbers_and_the_run_goes_on(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", "--input", str(_jsonl(tmp_path)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "line 2" in result.output and "invalid JSON" in result.output
    rejects = pd.read_csv(out / "rejects.csv")
    errors = rejects[rejects["severity"] == "error"]
    assert sorted(errors["line"].tolist()) == [2, 4]
    timeline = pd.read_csv(out / "timeline.csv")
    assert (timeline["type"] == "restriction").any()
    assert {"guardian-1", "nos-1"} == set(pd.read_parquet(out / "articles.parquet")["article_id"])


def test_strict_mode_fails_when_a_record_was_rejected(tmp_path):
    result = CliRunner().invoke(app, ["run", "--input", str(_jsonl(tmp_path)), "--out", str(tmp_path / "o"),
                                      "--strict"])
    assert result.exit_code == 1
    assert "rejected (--strict)" in result.output


def test_nothing_usable_is_an_error(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1}\nnot json\n')
    result = CliRunner().invoke(app, ["run", "--input", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "no usable article" in result.output


def test_missing_input_and_bad_case_are_clear_errors(tmp_path):
    result = CliRunner().invoke(app, ["run", "--input", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path)])
    assert result.exit_code != 0 and "input not found" in result.output
    result = CliRunner().invoke(app, ["run", "no-such-case"])
    assert result.exit_code == 2 and "no case named 'no-such-case'" in result.output
