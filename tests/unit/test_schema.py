"""One schema for every table: validation names the table, column and row; the README follows it."""

from __future__ import annotations

import importlib.util
from datetime import date

import pandas as pd
import pytest

from tests.conftest import ROOT
from timeline.dataset import io, schema
from timeline.errors import SchemaError


def _event(**over):
    row = {"event_id": "e1", "date": date(2026, 1, 9), "date_precision": "day", "type": "restriction",
           "actors": "X", "targets": "Grok", "title": "X limited Grok's image tool to paying subscribers.",
           "n_sources": 3, "n_languages": 2, "first_reported_date": date(2026, 1, 9),
           "sources": "https://a.example/1; https://b.example/2", "n_mentions": 4, "outlets": "a; b",
           "languages": "en; nl", "modality": "asserted", "confidence": 0.8, "has_date_conflict": False,
           "date_spread_days": 0, "salience": 2.5, "is_key_event": True, "mention_ids": "m1; m2"}
    row.update(over)
    return row


def test_valid_table_round_trips_through_parquet_with_exact_types(tmp_path):
    df = pd.DataFrame([_event(), _event(event_id="e2", date="2026-01-02", type="acknowledgement")])
    io.write_table("events", df, tmp_path)
    back = io.read_table("events", tmp_path)
    assert back.loc[1, "date"] == date(2026, 1, 2)  # ISO strings are coerced to dates
    assert list(back.columns) == schema.TABLES["events"].names
    assert (tmp_path / "timeline.csv").read_text().splitlines()[0].startswith("event_id,date,date_precision,type")
    con = io.duckdb_connect(tmp_path)
    assert con.execute("SELECT count(*) FROM events WHERE is_key_event").fetchone() == (2,)


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"type": "explosion"}, "column 'type', row 0: 'explosion' not in allowed values"),
        ({"n_sources": "three"}, "column 'n_sources', row 0: expected int"),
        ({"title": None}, "column 'title', row 0: missing value"),
        ({"date": "09/01/2026"}, "Invalid isoformat"),
    ],
)
def test_broken_rows_fail_with_table_column_and_row(over, message):
    with pytest.raises((SchemaError, ValueError), match=message):
        schema.validate("events", pd.DataFrame([_event(**over)]))


def test_duplicate_keys_and_missing_columns_are_refused():
    with pytest.raises(SchemaError, match="duplicate event_id 'e1'"):
        schema.validate("events", pd.DataFrame([_event(), _event()]))
    with pytest.raises(SchemaError, match=r"missing column\(s\) \['salience'\]"):
        schema.validate("events", pd.DataFrame([_event()]).drop(columns=["salience"]))


def test_csv_mirror_defuses_spreadsheet_formulas(tmp_path):
    io.write_table("events", pd.DataFrame([_event(title="=HYPERLINK(\"http://evil\")")]), tmp_path)
    text = (tmp_path / "timeline.csv").read_text()
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text


def test_readme_data_dictionary_is_generated_from_the_schema():
    spec = importlib.util.spec_from_file_location("update_readme", ROOT / "scripts" / "update_readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert module.render(readme) == readme, "README data dictionary is stale: run scripts/update_readme.py"
    for table in schema.TABLES.values():
        for column in table.columns:
            assert f"| `{column.name}` |" in readme


def test_every_contract_column_of_the_design_is_present():
    timeline_cols = ["event_id", "date", "date_precision", "type", "actors", "targets", "title", "n_sources",
                     "n_languages", "first_reported_date", "sources"]
    assert schema.TABLES["events"].names[: len(timeline_cols)] == timeline_cols
    assert schema.TABLES["actors"].names[:7] == ["actor_id", "name", "kind", "country", "n_mentions",
                                                 "n_articles", "aliases"]
    assert schema.TABLES["edges"].names == ["source", "target", "relation", "event_type", "weight", "first_date",
                                            "last_date"]
