"""Dynamic GEXF 1.3 that Gephi opens as a network changing over time, and its schema check.

Gephi reads time from ``mode="dynamic"`` graphs: a node lives from its entry day on (``start``), an edge
lives on the days it was observed (``spells``), and its weight on each day is a dynamic attribute titled
``weight`` (the GEXF 1.3 convention). Static attributes (actor kind, country, community, edge relation
and totals) sit in separate static attribute blocks so Gephi can colour and filter by them.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import date, timedelta

import networkx as nx

from timeline.analysis.gexf_schema import GEXF_13_XSD, GEXF_NS

NODE_ATTRS = (("kind", "string"), ("country", "string"), ("entry_date", "string"), ("community", "string"))
EDGE_ATTRS = (("relation", "string"), ("event_types", "string"), ("total_weight", "double"),
              ("first_date", "string"), ("last_date", "string"))


def _runs(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days folded into (first, last) spells."""
    runs: list[tuple[date, date]] = []
    for day in sorted(days):
        if runs and day - runs[-1][1] == timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _attributes(graph_el: ET.Element, cls: str, mode: str, attrs: tuple[tuple[str, str], ...]) -> None:
    block = ET.SubElement(graph_el, "attributes", {"class": cls, "mode": mode})
    for name, kind in attrs:
        ET.SubElement(block, "attribute", {"id": name, "title": name, "type": kind})


def _attvalues(parent: ET.Element, values: Mapping[str, object]) -> ET.Element:
    box = ET.SubElement(parent, "attvalues")
    for key, value in values.items():
        if value is not None and value != "":
            ET.SubElement(box, "attvalue", {"for": key, "value": str(value)})
    return box


def _node(nodes_el: ET.Element, node: str, data: Mapping[str, object], entry: date | None, end: date) -> None:
    attrs = {"id": node, "label": str(data.get("label", node))}
    if entry:
        attrs.update(start=entry.isoformat(), end=end.isoformat())
    el = ET.SubElement(nodes_el, "node", attrs)
    _attvalues(el, {"kind": data.get("kind"), "country": data.get("country"),
                    "entry_date": entry.isoformat() if entry else None, "community": data.get("community")})


def _edge(edges_el: ET.Element, i: int, u: str, v: str, data: Mapping, relation: str) -> None:
    el = ET.SubElement(edges_el, "edge", {"id": f"e{i}", "source": u, "target": v})
    days: dict[date, float] = data.get("days", {})
    box = _attvalues(el, {
        "relation": relation, "event_types": "; ".join(sorted(data.get("event_types", {}))),
        "total_weight": float(data.get("weight", 0.0)),
        "first_date": data["first_date"].isoformat() if data.get("first_date") else None,
        "last_date": data["last_date"].isoformat() if data.get("last_date") else None,
    })
    for day in sorted(days):
        ET.SubElement(box, "attvalue", {"for": "weight", "value": str(float(days[day])),
                                        "start": day.isoformat(), "end": day.isoformat()})
    if days:
        spells = ET.SubElement(el, "spells")
        for first, last in _runs(list(days)):
            ET.SubElement(spells, "spell", {"start": first.isoformat(), "end": last.isoformat()})


def to_gexf(graph: nx.Graph, *, relation: str, entry: Mapping[str, date] | None = None,
            description: str = "", today: date | None = None) -> bytes:
    """Serialise a graph built by ``network.graph_from`` as dynamic GEXF 1.3 (UTF-8 bytes)."""
    entry = entry or {}
    days = [d for _, _, data in graph.edges(data=True) for d in data.get("days", {})] + list(entry.values())
    first, last = (min(days), max(days)) if days else (None, None)
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.3"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": (today or date.today()).isoformat()})
    ET.SubElement(meta, "creator").text = "timeline"
    ET.SubElement(meta, "description").text = description or f"{relation} network of actors over time"
    graph_attrs = {"mode": "dynamic", "timeformat": "date",
                   "defaultedgetype": "directed" if graph.is_directed() else "undirected"}
    if first:
        graph_attrs.update(start=first.isoformat(), end=last.isoformat())
    graph_el = ET.SubElement(root, "graph", graph_attrs)
    _attributes(graph_el, "node", "static", NODE_ATTRS)
    _attributes(graph_el, "edge", "static", EDGE_ATTRS)
    _attributes(graph_el, "edge", "dynamic", (("weight", "double"),))
    nodes_el = ET.SubElement(graph_el, "nodes", {"count": str(graph.number_of_nodes())})
    for node, data in sorted(graph.nodes(data=True)):
        _node(nodes_el, node, data, entry.get(node), last or date.today())
    edges_el = ET.SubElement(graph_el, "edges", {"count": str(graph.number_of_edges())})
    for i, (u, v, data) in enumerate(sorted(graph.edges(data=True), key=lambda e: (e[0], e[1]))):
        _edge(edges_el, i, u, v, data, relation)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


@functools.cache
def gexf_schema():
    """The compiled local GEXF 1.3 schema (see ``gexf_schema``)."""
    import xmlschema

    return xmlschema.XMLSchema11(GEXF_13_XSD)


def validation_errors(document: bytes | str) -> list[str]:
    """Every schema violation of a GEXF document, as readable strings (empty when valid)."""
    import defusedxml.ElementTree as DET

    tree = DET.fromstring(document.encode("utf-8") if isinstance(document, str) else document)
    return [f"{err.path}: {err.reason}" for err in gexf_schema().iter_errors(tree)]
