"""Run the analysis notebooks with other parameters and render them as HTML (for `make report` and CI).

A notebook's first code cell tagged ``parameters`` holds its settings (case, window, language); new values
are injected as a cell right after it, the way papermill does, so a notebook runs unchanged on another
case. Notebooks are stored without outputs; executed copies go to ``reports/notebooks/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat

from timeline.dataset.io import atomic_write_text

INJECTED_TAG = "injected-parameters"


def parameters_cell_index(nb: nbformat.NotebookNode) -> int:
    """Index of the cell tagged ``parameters``; a notebook without one cannot be re-parameterised."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            return i
    raise ValueError("notebook has no cell tagged 'parameters'")


def inject_parameters(nb: nbformat.NotebookNode, parameters: Mapping[str, Any]) -> nbformat.NotebookNode:
    """A copy of `nb` with a cell setting `parameters` (as Python literals) after its parameters cell."""
    nb = nbformat.from_dict(nb)
    if not parameters:
        return nb
    lines = ["# Parameters injected for this run"] + [f"{k} = {v!r}" for k, v in parameters.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": [INJECTED_TAG]})
    nb.cells.insert(parameters_cell_index(nb) + 1, cell)
    return nb


def execute_notebook(path: Path | str, parameters: Mapping[str, Any] | None = None, *, timeout: int = 600,
                     kernel_name: str = "python3") -> nbformat.NotebookNode:
    """Execute a notebook top to bottom (in its own folder) and return it with outputs.

    Raises ``nbclient.exceptions.CellExecutionError`` naming the failing cell when a cell fails.
    """
    from nbclient import NotebookClient

    path = Path(path)
    nb = inject_parameters(nbformat.read(path, as_version=4), parameters or {})
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    client.execute()
    return nb


def render_html(nb: nbformat.NotebookNode) -> str:
    """An executed notebook as one standalone HTML page."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="classic").from_notebook_node(nb)
    return body


def render_notebooks(notebooks: list[Path], out_dir: Path | str, parameters: Mapping[str, Any] | None = None,
                     *, timeout: int = 600) -> list[Path]:
    """Execute each notebook and write ``<name>.html`` into `out_dir`; stop at the first failing one."""
    out = Path(out_dir)
    written = []
    for path in notebooks:
        nb = execute_notebook(path, parameters, timeout=timeout)
        written.append(atomic_write_text(out / f"{Path(path).stem}.html", render_html(nb)))
    return written
