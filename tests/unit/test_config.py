"""Case files fail fast with the file, line and key; the shipped demo case loads."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ROOT
from timeline.config import Settings, load_actors, load_case
from timeline.errors import ConfigError

CASE_TOML = """
[case]
title = "Test incident"
languages = ["en", "nl"]

[window]
start = 2026-01-01
end = 2026-01-31

[[milestones]]
date = 2026-01-09
label = "Restriction"
"""


def _case(tmp_path, toml=CASE_TOML, actors=None):
    folder = tmp_path / "config" / "cases" / "test-case"
    folder.mkdir(parents=True)
    (folder / "case.toml").write_text(toml)
    if actors is not None:
        (folder / "actors.yml").write_text(actors)
    return folder


def test_demo_case_loads_with_its_milestones_and_actors():
    case = load_case("grok-2026", ROOT)
    assert {"en", "nl", "fr"} <= set(case.languages)
    assert [m.date for m in case.milestones] == [date(2026, 1, 2), date(2026, 1, 9)]
    assert case.window_start <= date(2025, 12, 31) and case.window_end >= date(2026, 1, 31)
    names = {a.name for a in case.actors}
    assert {"Grok", "X", "Ofcom", "Arcom", "European Commission"} <= names


def test_invalid_toml_names_file_and_line(tmp_path):
    _case(tmp_path, CASE_TOML.replace('languages = ["en", "nl"]', "languages = [en"))
    with pytest.raises(ConfigError, match=r"case\.toml:4.*invalid TOML"):
        load_case("test-case", tmp_path)


@pytest.mark.parametrize(
    ("toml", "match"),
    [
        (CASE_TOML.replace('title = "Test incident"', ""), r"\[case\.title\]"),
        (CASE_TOML.replace("start = 2026-01-01", 'start = "1 Jan"'), r"\[window\.start\].*not a date"),
        (CASE_TOML.replace("end = 2026-01-31", "end = 2025-01-31"), "window.start is after window.end"),
        (CASE_TOML.replace('label = "Restriction"', ""), r"\[milestones\[0\]\]"),
    ],
)
def test_bad_keys_are_named(tmp_path, toml, match):
    _case(tmp_path, toml)
    with pytest.raises(ConfigError, match=match):
        load_case("test-case", tmp_path)


def test_unknown_case_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="no case named 'nope'"):
        load_case("nope", tmp_path)


ACTORS = """actors:
  - id: ofcom
    name: Ofcom
    kind: regulator
    country: GB
    aliases:
      any: [Ofcom]
  - id: x
    name: X
    kind: platfrom
"""


def test_actor_errors_name_line_and_key(tmp_path):
    folder = _case(tmp_path, actors=ACTORS)
    with pytest.raises(ConfigError, match=r"actors\.yml:10 \[x\.kind\]: unknown kind 'platfrom'"):
        load_actors(folder / "actors.yml")


def test_actor_yaml_syntax_and_duplicates(tmp_path):
    folder = _case(tmp_path, actors="actors:\n  - id: a\n    name: [unclosed\n")
    with pytest.raises(ConfigError, match=r"actors\.yml:\d+: invalid YAML"):
        load_actors(folder / "actors.yml")
    dup = "actors:\n  - {id: a, name: A, kind: person}\n  - {id: a, name: B, kind: person}\n"
    (folder / "actors.yml").write_text(dup)
    with pytest.raises(ConfigError, match=r"actors\.yml:3 \[a\]: duplicate actor id 'a'"):
        load_actors(folder / "actors.yml")


def test_settings_are_frozen_and_refuse_unknown_keys():
    s = Settings().with_(workers=2)
    assert s.workers == 2 and Settings().workers == 1
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings().with_(wrokers=2)
