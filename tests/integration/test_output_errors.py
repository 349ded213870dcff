"""A full disk or a read-only output folder gives one clear sentence, not a traceback, and loses nothing."""

from __future__ import annotations

import errno
import json
import os

import pytest
from typer.testing import CliRunner

from timeline.cli import app

TEXT = ("X restricted Grok's image generation to paying subscribers on Friday, after Ofcom said it had made "
        "urgent contact with the company. Prime Minister Keir Starmer called the images disgraceful.")


def _input(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": TEXT, "language": "en", "published": "2026-01-09"}) + "\n")
    return path


@pytest.mark.parametrize(
    ("code", "message"),
    [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only"), (errno.EACCES, "read-only or not yours")],
)
def test_write_failures_are_explained(tmp_path, monkeypatch, code, message):
    real_replace = os.replace

    def failing_replace(src, dst, *args, **kwargs):
        raise OSError(code, os.strerror(code), str(dst))

    monkeypatch.setattr(os, "replace", failing_replace)
    result = CliRunner().invoke(app, ["run", "--input", str(_input(tmp_path)), "--out", str(tmp_path / "out")])
    monkeypatch.setattr(os, "replace", real_replace)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not list((tmp_path / "out").glob("*.parquet")), "a half-written table became visible"


def test_output_path_that_is_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(app, ["run", "--input", str(_input(tmp_path)), "--out", str(blocker)])
    assert result.exit_code in (1, 2)
    assert "cannot write" in result.output and "Traceback" not in result.output
    assert blocker.read_text() == "not a folder"


def test_a_rerun_after_the_disk_is_freed_finishes_the_work(tmp_path, monkeypatch):
    real_replace = os.replace

    def replace_until_full(src, dst, *args, **kwargs):
        if str(dst).endswith("events.parquet"):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace_until_full)
    out = tmp_path / "out"
    first = CliRunner().invoke(app, ["run", "--input", str(_input(tmp_path)), "--out", str(out)])
    assert first.exit_code == 1 and "disk is full" in first.output
    monkeypatch.setattr(os, "replace", real_replace)
    second = CliRunner().invoke(app, ["run", "--input", str(_input(tmp_path)), "--out", str(out)])
    assert second.exit_code == 0, second.output
    assert "1 reused" in second.output  # the NLP work done before the disk filled was kept
    assert (out / "timeline.csv").is_file()
