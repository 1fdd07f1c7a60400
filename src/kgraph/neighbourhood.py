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
    """A small dataset with what the page says about ``nodes``: their quads, and the statements and mentions behind them.

    The lookups run in the store's own terms (``engine.term``/``match``/``extend``):
    converting each quad of Oxigraph's to rdflib and back cost 8 s on 2,000 reports.
    """
    engine = store.engine(ds)
    small = engine.scratch()
    t = engine.term
    place_predicates = {t(KG.place), t(KG.jurisdiction)}
    subject, evidence = t(RDF.subject), t(KG.evidence)
    in_document, source_file = t(KG.inDocument), t(KG.sourceFile)
    wanted = {t(n) for n in nodes}
    quads, places, documents = [], set(), set()
    for node in wanted:
        own = list(engine.match(node))
        quads += own
        places |= {q.object for q in own if q.predicate in place_predicates and q.object not in wanted}
        for statement in {q.subject for q in engine.match(None, subject, node)}:
            about = list(engine.match(statement))
            quads += about
            for mention in {q.object for q in about if q.predicate == evidence}:
                said = list(engine.match(mention))
                quads += said
                documents |= {q.object for q in said if q.predicate == in_document}
    for document in documents - wanted:  # a source sentence names its file
        quads += engine.match(document, source_file)
    for place in places:  # a place's code gives its province, for the page's province filter
        for predicate in (KG.adcode, SKOS.prefLabel):
            quads += engine.match(place, t(predicate))
    store.engine(small).extend(quads)
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
