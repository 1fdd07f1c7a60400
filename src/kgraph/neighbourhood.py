"""A node's neighbourhood read from the store by index lookups, never the whole graph.

``ego(ds, "某某", depth=2)`` finds the nodes named so, walks the relations the page draws one
step at a time by looking up each frontier node as subject and as object, and then copies the
quads about the nodes found (their types, labels, relations, statements and source mentions)
into a small in-memory dataset, from which ``graphview.graph_data`` builds the page as it does for
a whole build. SPARQL with the frontier as VALUES was no faster than reading everything on a
2,000-report Oxigraph store (about 100 s); lookups by subject and object take seconds.
"""
from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef

from . import store
from .errors import QueryError
from .graphview import _PREFIXES, RELATIONS, GraphView, _subgraph, graph_data
from .vocab import DCTERMS, KG, RDF, SKOS

MAX_STEP = 5_000  # nodes one step may add; past a hub (a theme in every report) the walk stops widening

FOCUS_EXACT = _PREFIXES + """
SELECT DISTINCT ?n WHERE { GRAPH ?g { ?n rdfs:label|kg:displayLabel|kg:text|dcterms:title ?label } }"""
FOCUS_CONTAINS = _PREFIXES + """
SELECT DISTINCT ?n WHERE { GRAPH ?g { ?n rdfs:label|dcterms:title ?label } FILTER(CONTAINS(STR(?label), ?text)) }"""


def _values(query: str, variable: str, *terms: Literal) -> str:
    """The query with ``VALUES ?variable { … }``: terms written by rdflib, so any text stays one literal."""
    head, _, body = query.partition("WHERE {")
    return f"{head}WHERE {{ VALUES ?{variable} {{ {' '.join(t.n3() for t in terms)} }} {body}"


def find(ds: Graph, label: str) -> set[URIRef]:
    """The nodes named ``label`` exactly (label, text or title; @zh or plain), else those whose label or title contains it."""
    found = {n for n, in ds.query(_values(FOCUS_EXACT, "label", Literal(label, lang="zh"), Literal(label)))}
    if not found:
        found = {n for n, in ds.query(_values(FOCUS_CONTAINS, "text", Literal(label)))}
    return found


def _quads(ds: Graph, s=None, p=None, o=None):
    """(s, p, o, graph) for a pattern, in any graph of a dataset (or the one graph of a Graph)."""
    if isinstance(ds, Dataset):
        for s2, p2, o2, g in ds.quads((s, p, o, None)):
            yield s2, p2, o2, g
    else:
        for s2, p2, o2 in ds.triples((s, p, o)):
            yield s2, p2, o2, None


def step(ds: Graph, node: URIRef) -> set[URIRef]:
    """The nodes one drawn relation away, including a reported meeting's themes (议题) through its report."""
    found = {o for _, p, o, _ in _quads(ds, node) if p in RELATIONS and isinstance(o, URIRef)}
    found |= {s for s, p, _, _ in _quads(ds, None, None, node) if p in RELATIONS and isinstance(s, URIRef)}
    for doc, _, _, _ in _quads(ds, None, KG.reports, node):
        found |= {o for _, _, o, _ in _quads(ds, doc, DCTERMS.subject)}
    for doc, _, _, _ in _quads(ds, None, DCTERMS.subject, node):
        found |= {o for _, _, o, _ in _quads(ds, doc, KG.reports)}
    return found


def around(ds: Graph, start: set[URIRef], depth: int) -> set[URIRef]:
    """Every node within ``depth`` relation steps of ``start``."""
    seen, frontier = set(start), set(start)
    for _ in range(depth):
        found: set[URIRef] = set()
        for node in frontier:
            found |= step(ds, node)
        found -= seen
        frontier = set(sorted(found)[:MAX_STEP])
        seen |= frontier
    return seen


def extract(ds: Graph, nodes: set[URIRef]) -> Dataset:
    """A small dataset with what the page says about ``nodes``: their quads, and the statements and mentions behind them."""
    ox = store.oxigraph_of(ds)
    if ox is not None:
        return _extract_oxigraph(ox, nodes)
    small = store.new_dataset("memory")
    seen_quads = set()

    def copy(s=None, p=None, o=None) -> list:
        rows = list(_quads(ds, s, p, o))
        for quad in rows:
            if quad not in seen_quads:
                seen_quads.add(quad)
                small.graph(quad[3] if quad[3] is not None else URIRef("urn:kgraph:default")).add(quad[:3])
        return rows

    places: set[URIRef] = set()
    documents: set[URIRef] = set()
    for node in nodes:
        for _, p, o, _ in copy(node):
            if p in (KG.place, KG.jurisdiction) and o not in nodes:
                places.add(o)
        for statement, _, _, _ in copy(None, RDF.subject, node):
            for _, p, mention, _ in copy(statement):
                if p == KG.evidence:
                    documents.update(o for _, q, o, _ in copy(mention) if q == KG.inDocument)
    for document in documents - nodes:  # a source sentence names its file
        copy(document, KG.sourceFile)
    for place in places:  # a place's code gives its province, for the page's province filter
        copy(place, KG.adcode)
        copy(place, SKOS.prefLabel)
    return small


def _extract_oxigraph(ox, nodes: set[URIRef]) -> Dataset:
    """``extract`` on pyoxigraph's own terms: converting each quad to rdflib and back cost 8 s on 2,000 reports."""
    import pyoxigraph as px

    small = store.new_dataset("oxigraph")
    place_predicates = {px.NamedNode(str(KG.place)), px.NamedNode(str(KG.jurisdiction))}
    subject, evidence = px.NamedNode(str(RDF.subject)), px.NamedNode(str(KG.evidence))
    wanted = {px.NamedNode(str(n)) for n in nodes}
    in_document, source_file = px.NamedNode(str(KG.inDocument)), px.NamedNode(str(KG.sourceFile))
    quads, places, documents = [], set(), set()
    for node in wanted:
        own = list(ox.quads_for_pattern(node, None, None, None))
        quads += own
        places |= {q.object for q in own if q.predicate in place_predicates and q.object not in wanted}
        for statement in {q.subject for q in ox.quads_for_pattern(None, subject, node, None)}:
            about = list(ox.quads_for_pattern(statement, None, None, None))
            quads += about
            for mention in {q.object for q in about if q.predicate == evidence}:
                said = list(ox.quads_for_pattern(mention, None, None, None))
                quads += said
                documents |= {q.object for q in said if q.predicate == in_document}
    for document in documents - wanted:  # a source sentence names its file
        quads += ox.quads_for_pattern(document, source_file, None, None)
    for place in places:  # a place's code gives its province, for the page's province filter
        for predicate in (KG.adcode, SKOS.prefLabel):
            quads += ox.quads_for_pattern(place, px.NamedNode(str(predicate)), None, None)
    store.oxigraph_of(small).extend(quads)
    return small


def ego_dataset(ds: Graph, focus_label: str, depth: int = 2) -> tuple[Dataset, GraphView]:
    """The ego graph of the node(s) named ``focus_label`` (exact, else substring), with the small dataset it was read from."""
    focus = find(ds, focus_label)
    if not focus:
        raise QueryError(f"no node labelled {focus_label!r} in the graph")
    nodes = around(ds, focus, depth)
    small = extract(ds, nodes)
    view = graph_data(small)
    keep = {str(n) for n in nodes}
    sub = _subgraph(view, keep & set(view.nodes), [f"以 {focus_label} 为中心 {depth} 步内的 {len(keep)} 个节点"
                                                   f" (ego graph of {focus_label}, {depth} steps)"])
    sub.total = len(sub.nodes)
    return small, sub


def ego(ds: Graph, focus_label: str, depth: int = 2) -> GraphView:
    """The nodes within ``depth`` steps of the node(s) named ``focus_label`` (exact, else substring)."""
    return ego_dataset(ds, focus_label, depth)[1]
