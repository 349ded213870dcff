"""Shared fixtures: the project root and a processed demo run built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("TIMELINE_HOME", str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> Path:
    """The demo case processed once into a temporary folder (never touches data/processed)."""
    from timeline.pipeline import run_case

    out = tmp_path_factory.mktemp("grok-2026")
    run_case("grok-2026", out, root=ROOT)
    return out
