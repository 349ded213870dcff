"""Network files for other tools: dynamic GEXF (Gephi), GraphML, and CSV node and edge lists.

Every file is written atomically, and the GEXF is checked against the local GEXF 1.3 schema before it is
written, so a file that Gephi would reject is never left behind.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import networkx as nx
import pandas as pd

from timeline.analysis import gexf
from timeline.dataset.io import atomic_write_bytes, atomic_write_text, defuse_formula
from timeline.errors import OutputError

FORMATS = ("gexf", "graphml", "csv")


def flat_graph(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are plain strings and numbers (what GraphML can store)."""
    flat = graph.__class__()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items() if v is not None})
    for u, v, data in graph.edges(data=True):
        attrs = {k: _scalar(val) for k, val in data.items() if k not in ("days", "distance") and val is not None}
        attrs["n_days"] = len(data.get("days", {}))
        flat.add_edge(u, v, **attrs)
    return flat


def _scalar(value: object) -> object:
    if isinstance(value, dict):
        return "; ".join(sorted(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def node_table(graph: nx.Graph, entry: Mapping[str, date] | None = None) -> pd.DataFrame:
    entry = entry or {}
    rows = [{"id": n, "label": d.get("label", n), "kind": d.get("kind"), "country": d.get("country"),
             "entry_date": entry.get(n), "community": d.get("community"), "degree": graph.degree(n),
             "strength": float(graph.degree(n, weight="weight"))} for n, d in sorted(graph.nodes(data=True))]
    return pd.DataFrame(rows, columns=["id", "label", "kind", "country", "entry_date", "community", "degree",
                                       "strength"])


def edge_table(graph: nx.Graph, relation: str) -> pd.DataFrame:
    rows = [{"source": u, "target": v, "relation": relation,
             "event_types": "; ".join(sorted(d.get("event_types", {}))) or None, "weight": float(d["weight"]),
             "first_date": d.get("first_date"), "last_date": d.get("last_date")}
            for u, v, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1]))]
    return pd.DataFrame(rows, columns=["source", "target", "relation", "event_types", "weight", "first_date",
                                       "last_date"])


def _csv(df: pd.DataFrame) -> str:
    buf = io.StringIO()
    df.map(defuse_formula).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def write_network(graph: nx.Graph, out_dir: Path | str, *, name: str, relation: str, fmt: str = "gexf",
                  entry: Mapping[str, date] | None = None) -> list[Path]:
    """Write `graph` as ``<name>.gexf`` | ``<name>.graphml`` | ``<name>_nodes.csv`` + ``<name>_edges.csv``."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    if fmt == "gexf":
        data = gexf.to_gexf(graph, relation=relation, entry=entry)
        errors = gexf.validation_errors(data)
        if errors:
            raise OutputError(f"GEXF for {name} breaks the GEXF 1.3 schema: {errors[0]}")
        return [atomic_write_bytes(out / f"{name}.gexf", data)]
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(flat_graph(graph), buf)
        return [atomic_write_bytes(out / f"{name}.graphml", buf.getvalue())]
    return [atomic_write_text(out / f"{name}_nodes.csv", _csv(node_table(graph, entry))),
            atomic_write_text(out / f"{name}_edges.csv", _csv(edge_table(graph, relation)))]
