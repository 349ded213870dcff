"""The analysis notebooks: stored clean and thin, and each runs top to bottom on the demo case's output.

The executed runs use the demo pipeline output built once per session (the ``demo_run`` fixture); set
TIMELINE_NOTEBOOK_DATA to an existing run folder (e.g. data/processed/grok-2026) to reuse it instead.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT
from timeline.present.notebooks import execute_notebook, inject_parameters, parameters_cell_index

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
CASE_NOTEBOOKS = [p for p in NOTEBOOKS if not p.name.startswith("05-")]
ALLOWED_IMPORTS = {"timeline", "timeline.present", "timeline.present.charts", "timeline.present.export",
                   "timeline.config", "pathlib", "datetime"}


def _code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def test_the_five_notebooks_exist():
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_stored_clean_and_thin(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code), "stored with outputs"
    assert parameters_cell_index(nb) <= 2, "the parameters cell should come first"
    assert sum(c.cell_type == "markdown" for c in nb.cells) >= 3, "tell the story in markdown"
    for source in _code(nb):
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.startswith("%")))
        for node in ast.walk(tree):
            assert not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef), \
                f"{path.name} defines {node.name}: reusable code belongs in the package"
            if isinstance(node, ast.ImportFrom):
                assert node.module in ALLOWED_IMPORTS, f"{path.name} imports {node.module}"
                assert not any(a.name.startswith("_") for a in node.names), "private name imported"
            if isinstance(node, ast.Import):
                assert all(a.name in ALLOWED_IMPORTS for a in node.names)


def test_parameters_are_injected_after_the_parameters_cell():
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    injected = inject_parameters(nb, {"CASE": "/tmp/run", "LANG": "nl"})
    i = parameters_cell_index(injected)
    assert injected.cells[i + 1].source.splitlines()[1:] == ["CASE = '/tmp/run'", "LANG = 'nl'"]
    assert len(injected.cells) == len(nb.cells) + 1


@pytest.fixture(scope="session")
def notebook_data(request) -> Path:
    given = os.environ.get("TIMELINE_NOTEBOOK_DATA")
    if given:
        return Path(given).resolve()
    return request.getfixturevalue("demo_run")


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("path", CASE_NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom_on_the_demo_output(path, notebook_data, tmp_path):
    nb = execute_notebook(path, {"CASE": str(notebook_data), "OUT": str(tmp_path)}, timeout=600)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    if path.name.startswith(("01", "03", "04")):
        assert images, "the charts should display"


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_your_own_case_notebook_runs_the_whole_pipeline(tmp_path):
    path = next(p for p in NOTEBOOKS if p.name.startswith("05-"))
    execute_notebook(path, {"OUT": str(tmp_path / "example")}, timeout=600)
    assert (tmp_path / "example" / "events.parquet").is_file()
    assert (tmp_path / "example" / "reports" / "timeline.html").is_file()
