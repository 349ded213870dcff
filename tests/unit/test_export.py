"""Exports are valid files, each chart sits next to the CSV it was drawn from, and every export reads back."""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path

import defusedxml.ElementTree as DET
import pandas as pd
import pytest

from tests.conftest import ROOT
from tests.fixtures.present.grok_case import MILESTONES, WINDOW, build_tables, write_run
from timeline.present import charts, export
from timeline.present.timelinejs import validation_errors


@pytest.fixture(scope="module")
def tables():
    return build_tables()


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    run = write_run(tmp_path_factory.mktemp("run"))
    out = tmp_path_factory.mktemp("reports")
    export.export_all(run, out, root=ROOT)
    return out


def _png_dpi(data: bytes) -> float:
    pos = data.index(b"pHYs")
    x_ppm, _, unit = struct.unpack(">IIB", data[pos + 4: pos + 13])
    assert unit == 1  # metres
    return x_ppm * 0.0254


def test_each_format_is_a_valid_nonempty_file(tables, tmp_path):
    fig = charts.timeline_chart(tables["events"], actors=tables["actors"], milestones=MILESTONES, window=WINDOW)
    table = charts.timeline_table(tables["events"], actors=tables["actors"])
    written = export.write_figure(fig, table, tmp_path, "timeline")
    assert sorted(p.name for p in written) == ["timeline.csv", "timeline.pdf", "timeline.png", "timeline.svg"]
    svg = (tmp_path / "timeline.svg").read_bytes()
    root = DET.fromstring(svg)
    assert root.tag.endswith("svg")
    svg_text = svg.decode()
    assert "Ofcom: investigation" in svg_text  # text stays text: editable and searchable
    png = (tmp_path / "timeline.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and round(_png_dpi(png)) == 300
    width = struct.unpack(">I", png[16:20])[0]
    assert width == round(fig.get_size_inches()[0] * 300)
    pdf = (tmp_path / "timeline.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 5000


def test_csv_next_to_the_chart_equals_the_table_drawn(tables, tmp_path):
    table = charts.volume_table(tables["articles"], tables["events"])
    fig = charts.volume_chart(tables["articles"], tables["events"])
    export.write_figure(fig, table, tmp_path, "volume", formats=["svg"])
    back = pd.read_csv(tmp_path / "volume.csv", dtype={"group": str, "series": str})
    assert back["date"].tolist() == [d.isoformat() for d in table["date"]]
    assert back["count"].tolist() == table["count"].tolist()
    assert back["group"].tolist() == table["group"].tolist()


def test_csv_defuses_spreadsheet_formulas():
    table = pd.DataFrame({"title": ["=HYPERLINK(\"http://evil\")", "+1", "-cmd", "@SUM(A1)", "Ofcom"], "n": range(5)})
    text = export.csv_text(table)
    back = pd.read_csv(io.StringIO(text))
    assert back["title"].tolist() == ["'=HYPERLINK(\"http://evil\")", "'+1", "'-cmd", "'@SUM(A1)", "Ofcom"]


def test_same_data_gives_the_same_svg_bytes(tables):
    first = export.figure_bytes(charts.lags_chart(pd.DataFrame({"actor": ["Ofcom"], "lag_days": [3]})), "svg")
    again = export.figure_bytes(charts.lags_chart(pd.DataFrame({"actor": ["Ofcom"], "lag_days": [3]})), "svg")
    assert first == again


def test_unknown_format_is_refused_before_anything_is_written(tables, tmp_path):
    fig = charts.lags_chart(pd.DataFrame({"actor": ["Ofcom"], "lag_days": [3]}))
    with pytest.raises(ValueError, match="unknown figure format 'gif'"):
        export.write_figure(fig, pd.DataFrame(), tmp_path, "lags", formats=["png", "gif"])
    assert list(tmp_path.iterdir()) == []


def test_export_all_writes_a_publishable_folder(report_dir):
    names = {p.name for p in report_dir.iterdir()}
    for stem in ("timeline", "network", "network-by-day", "volume", "lags"):
        assert {f"{stem}.svg", f"{stem}.png", f"{stem}.pdf", f"{stem}.csv"} <= names, stem
    assert {"timeline.html", "timelinejs.json", "network_co_mention.gexf", "network_interaction.gexf",
            "README.md"} <= names
    assert not [n for n in names if n.endswith(".tmp")]


def test_export_all_reads_back(report_dir, tables):
    drawn = pd.read_csv(report_dir / "timeline.csv")
    key = tables["events"].loc[tables["events"]["is_key_event"]]
    assert sorted(drawn["event_id"]) == sorted(key["event_id"])
    doc = json.loads((report_dir / "timelinejs.json").read_text("utf-8"))
    assert validation_errors(doc) == []
    assert len(doc["events"]) == len(tables["events"])
    assert doc["eras"][0]["start_date"] == {"year": 2026, "month": 1, "day": 2, "display_date": "2 Jan 2026"}
    page = (report_dir / "timeline.html").read_text("utf-8")
    for eid in tables["events"]["event_id"]:
        assert f'"id":"{eid}"' in page
    gexf = DET.fromstring((report_dir / "network_co_mention.gexf").read_bytes())
    assert gexf.tag.endswith("gexf")
    lags = pd.read_csv(report_dir / "lags.csv")
    assert lags["lag_days"].tolist() == sorted(lags["lag_days"]) and "Grok" not in set(lags["actor"])
    network = pd.read_csv(report_dir / "network.csv")
    assert {"source", "target", "weight", "source_centrality"} <= set(network.columns)


def test_chart_range_filters_events_and_articles(tmp_path):
    run = write_run(tmp_path / "run")
    report = export.load_report(run, start="2026-01-05", end="2026-01-10", root=ROOT)
    written = export.export_chart(report, "timeline", tmp_path / "out", ["png"])
    drawn = pd.read_csv(tmp_path / "out" / "timeline.csv")
    assert drawn["date"].min() >= "2026-01-05" and drawn["date"].max() <= "2026-01-10"
    assert [p.suffix for p in written] == [".csv", ".png"]
    assert report.window == (MILESTONES[0].date, MILESTONES[1].date)  # from the case's milestones
