"""The explorer's data: every node and relation of a graph, with what the page needs to filter and explain.

``graph.html`` opens on an overview (the most central officials and meetings) and draws the
rest on demand: search runs over every node here, a click adds a node's neighbours, and the
side panel is built from the relations and their source sentences. Years and provinces come
from meetings (their date and place) and documents (their issue date), and pass to the nodes
next to them, so a year or province filter keeps the people, posts and themes of those meetings;
an organization's jurisdiction gives its province to its posts and the people who hold them.
"""
from __future__ import annotations

from collections import defaultdict

from rdflib import Dataset, Graph

from . import store, vocab
from .graphview import NODE_TYPES, GraphView, _PREFIXES, _ranked

OVERVIEW = 80  # nodes drawn when the page opens: enough to read, few enough to read at a glance
OVERVIEW_KINDS = ("person", "meeting")
MAX_SOURCES = 6  # source sentences kept per relation
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#393b79", "#ad494a", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
           "#e6550d", "#31a354", "#756bb1", "#636363"]

PLACES_QUERY = _PREFIXES + """
SELECT DISTINCT ?m ?province WHERE {
  { SELECT DISTINCT ?m ?code WHERE { GRAPH ?g { ?m kg:place|kg:jurisdiction ?place . ?place kg:adcode ?c }
      BIND(CONCAT(SUBSTR(?c, 1, 2), "0000") AS ?code) } }
  { SELECT DISTINCT ?code ?province WHERE { GRAPH ?h { ?top kg:adcode ?code ; skos:prefLabel ?province } FILTER(STRENDS(?code, "0000")) } }
}"""
COMMUNITY_QUERY = _PREFIXES + f"""
SELECT ?n (MIN(?c) AS ?community) WHERE {{ GRAPH <{vocab.graph_iri("analysis")}> {{ ?n kg:community ?c }} }} GROUP BY ?n"""


def _years(view: GraphView) -> dict[str, set[int]]:
    years: dict[str, set[int]] = defaultdict(set)
    for iri, node in view.nodes.items():
        if node.kind in ("meeting", "document"):
            for key, value in node.details:
                if key == "日期" and value[:4].isdigit():
                    years[iri].add(int(value[:4]))
    return years


def _spread(view: GraphView, own: dict[str, set]) -> dict[str, set]:
    """Each meeting's, document's and organization's values given also to the nodes next to it."""
    spread: dict[str, set] = defaultdict(set)
    adjacent = view.neighbours()
    for iri, values in own.items():
        spread[iri] |= values
        for other in adjacent[iri]:
            if view.nodes[other].kind not in ("meeting", "document", "organization"):
                spread[other] |= values
    return spread


def _through_posts(view: GraphView, values: dict[str, set]) -> dict[str, set]:
    """An organization's province given to the people who hold its posts (person → post → organization)."""
    adjacent = view.neighbours()
    for iri, node in view.nodes.items():
        if node.kind == "post" and values.get(iri):
            for other in adjacent[iri]:
                if view.nodes[other].kind == "person":
                    values.setdefault(other, set()).update(values[iri])
    return values


def explorer_data(ds: Graph, view: GraphView, overview: int = OVERVIEW, by_iri: bool = False) -> dict:
    """The page's data: nodes, relations with sources, the overview's node ids, the filters' values.

    Nodes are numbered in the file; ``by_iri`` names them by IRI instead, so that the pieces a
    server sends one at a time (``explore_routes.py``) fit together.
    """
    provinces_of: dict[str, set[str]] = defaultdict(set)
    for n, province in store.select(ds, PLACES_QUERY):
        if str(n) in view.nodes:
            provinces_of[str(n)].add(str(province))
    community: dict[str, int] = {}
    if isinstance(ds, Dataset):
        community = {str(n): int(c) for n, c in store.select(ds, COMMUNITY_QUERY) if c is not None}
    years, provinces = _spread(view, _years(view)), _through_posts(view, _spread(view, provinces_of))
    order = sorted(view.nodes, key=lambda i: (list(NODE_TYPES).index(view.nodes[i].kind), view.nodes[i].label, i))
    position = {iri: number for number, iri in enumerate(order)}
    ids: dict[str, int | str] = {iri: iri if by_iri else number for iri, number in position.items()}
    nodes = [{"id": ids[iri], "full": view.nodes[iri].label, "kind": view.nodes[iri].kind,
              "score": round(view.nodes[iri].score, 4), "community": community.get(iri),
              "years": sorted(years.get(iri, ())), "provinces": sorted(provinces.get(iri, ())),
              "details": [list(d) for d in view.nodes[iri].details]} for iri in order]
    edges = [{"id": f"{e.source} {e.target}" if by_iri else number, "from": ids[e.source], "to": ids[e.target],
              "label": "、".join(e.labels), "src": [list(span) for span in e.spans[:MAX_SOURCES]]}
             for number, e in enumerate(sorted(view.edges.values(), key=lambda e: (position[e.source], position[e.target])))]
    central = [iri for iri in _ranked(view, view.nodes) if view.nodes[iri].kind in OVERVIEW_KINDS][:overview]
    files = {value: date for node in view.nodes.values() if node.kind == "document"
             for key, value in node.details if key == "文件"
             for k2, date in node.details if k2 == "日期"}
    all_years = sorted({y for ys in years.values() for y in ys})
    return {"kinds": {key: {"name": t.name, "shape": t.shape, "color": t.color, "glyph": t.glyph}
                      for key, t in NODE_TYPES.items()},
            "nodes": nodes, "edges": edges, "overview": [ids[iri] for iri in central],
            "provinces": sorted({p for ps in provinces.values() for p in ps}),
            "years": [all_years[0], all_years[-1]] if all_years else [],
            "files": files, "palette": PALETTE, "total": view.total, "notice": view.notice}
