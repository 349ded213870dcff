"""environment.yml gives conda users the same dependencies as pyproject.toml."""

import re
import tomllib

import yaml

from tests.conftest import ROOT

CONDA_NAMES = {"duckdb": "python-duckdb", "dask[dataframe,distributed]": "dask"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ ]", requirement, maxsplit=1)[0].lower()


def test_environment_yml_lists_every_runtime_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    pip = {_name(d) for block in env["dependencies"] if isinstance(block, dict) for d in block["pip"]}
    missing = []
    for req in project["dependencies"]:
        name = _name(req)
        name = CONDA_NAMES.get(name, name)
        if name not in conda and name not in pip and name.lower() not in {p.lower() for p in pip}:
            missing.append(name)
    assert not missing, f"environment.yml lacks: {missing}"
    assert any("-e" in d and ".[dev]" in d for block in env["dependencies"] if isinstance(block, dict)
               for d in block["pip"]), "environment.yml must install the project itself with pip -e"


def test_console_script_and_python_floor():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["timeline"] == "timeline.cli:app"
    assert project["requires-python"] == ">=3.11"
