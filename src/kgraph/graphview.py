"""The graph as the explorer sees it: typed nodes, relation edges, their source sentences.

Read from the dataset with SPARQL, one node per real person and meeting (the identity graph's
canonical nodes), scored by the build's centrality; ``view.py`` writes it as a page,
``explore.py`` shapes it for the page's script, ``neighbourhood.py`` reads a small part of it.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Dataset, Graph, URIRef

from . import store, vocab
from .merge import canonical_nodes, display_labels
from .vocab import DCTERMS, KG, ORG, RDF

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NodeType:
    name: str  # the legend's Chinese name
    cls: URIRef
    shape: str  # a vis shape with its label below, so size by value works
    color: str
    glyph: str  # the legend's swatch


# order matters: a resource of two classes shows as the first
NODE_TYPES: dict[str, NodeType] = {
    "person": NodeType("人物", KG.Person, "dot", "#d62728", "●"),
    "organization": NodeType("机构", ORG.Organization, "square", "#1f77b4", "■"),
    "post": NodeType("职务", ORG.Post, "triangle", "#ff7f0e", "▲"),
    "meeting": NodeType("会议", KG.Meeting, "star", "#9467bd", "★"),
    "directive": NodeType("部署要求", KG.Directive, "triangleDown", "#8c564b", "▼"),
    "theme": NodeType("主题", KG.Theme, "diamond", "#2ca02c", "◆"),
    "place": NodeType("地点", KG.Place, "hexagon", "#17becf", "⬢"),
    "document": NodeType("文章", KG.Document, "square", "#7f7f7f", "■"),
}

# predicate -> (Chinese label, drawn reversed): "meeting 部署 directive" reads better than
# "directive issuedAt meeting". dcterms:subject of a document becomes "meeting 议题 theme".
RELATIONS: dict[URIRef, tuple[str, bool]] = {
    ORG.holds: ("任职", False),
    ORG.postIn: ("属于", False),
    ORG.subOrganizationOf: ("隶属", False),
    KG.presided: ("主持", False),
    KG.spokeAt: ("讲话", False),
    KG.attended: ("出席", False),
    KG.place: ("地点", False),
    KG.organizer: ("主办", True),
    KG.references: ("提及", False),
    KG.issuedAt: ("部署", True),
    KG.issuedBy: ("提出", True),
    KG.reports: ("报道", False),
    DCTERMS.subject: ("涉及", False),
    KG.jurisdiction: ("辖区", False),
    KG.within: ("位于", False),
}
_IMPLIED = {"出席": ("主持", "讲话")}  # presiding or speaking is attending: show the stronger word

_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in {**vocab.PREFIXES, "rdf": str(RDF)}.items()) + "\n"
_ALSO = {"theme": (KG.PolicyTerm,)}  # further classes shown as a type
#: (class, node type) of every class read as a type, in NODE_TYPES order; the analysis reads the same
TYPE_CLASSES = tuple((cls, key) for key, t in NODE_TYPES.items() for cls in (t.cls, *_ALSO.get(key, ())))
_VALUES_TYPES = " ".join(f'(<{cls}> "{key}")' for cls, key in TYPE_CLASSES)
_VALUES_PREDICATES = " ".join(f"<{p}>" for p in RELATIONS)

# Several small queries joined in Python: rdflib's own engine runs one wide query with
# OPTIONALs several times slower than these simple patterns.
TYPES_QUERY = _PREFIXES + f"""
SELECT DISTINCT ?n ?kind WHERE {{ VALUES (?class ?kind) {{ {_VALUES_TYPES} }} ?n a ?class . }}"""
NAMES_QUERY = _PREFIXES + """
SELECT DISTINCT ?n ?rank ?name WHERE {
  VALUES (?property ?rank) { (rdfs:label 0) (kg:text 1) (dcterms:title 2) (kg:sourceFile 3) }
  ?n ?property ?name .
}"""
EDGES_QUERY = _PREFIXES + f"""
SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {_VALUES_PREDICATES} }} ?s ?p ?o . FILTER(isIRI(?o)) }}"""
# provenance: rdf:Statement -> kg:evidence -> kg:Mention (document, sentence, span, quote)
STATEMENTS_QUERY = _PREFIXES + """
SELECT ?s ?p ?o ?m WHERE { ?st rdf:predicate ?p ; rdf:subject ?s ; rdf:object ?o ; kg:evidence ?m . }"""
MENTIONS_QUERY = _PREFIXES + """
SELECT ?m ?doc ?start ?end ?quote ?from WHERE {
  ?m kg:quote ?quote ; kg:inDocument ?doc ; kg:charStart ?start ; kg:charEnd ?end .
  OPTIONAL { ?m kg:quoteStart ?from }
}"""
DETAILS_QUERY = _PREFIXES + """
SELECT DISTINCT ?n ?key ?value WHERE {
  { ?n kg:date ?value . BIND("日期" AS ?key) } UNION { ?n dcterms:issued ?value . BIND("日期" AS ?key) }
  UNION { ?n kg:sourceFile ?value . BIND("文件" AS ?key) } UNION { ?n kg:level ?value . BIND("级别" AS ?key) }
}"""
PAGERANK_QUERY = _PREFIXES + f"""
SELECT ?n (MAX(?v) AS ?score) WHERE {{ GRAPH <{vocab.graph_iri("analysis")}> {{ ?n kg:pagerank ?v }} }} GROUP BY ?n"""


@dataclass
class Node:
    iri: str
    kind: str
    label: str
    score: float = 0.0
    details: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Edge:
    source: str
    target: str
    labels: list[str] = field(default_factory=list)
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (sentence, source file)
    # (sentence, file, start, end, where the sentence starts): the fact's own characters in the document
    spans: list[tuple[str, str, int, int, int]] = field(default_factory=list)


@dataclass
class GraphView:
    """What one page shows; ``total`` is the node count of the whole graph."""

    nodes: dict[str, Node]
    edges: dict[tuple[str, str], Edge]
    total: int
    measure: str = "degree"
    notice: list[str] = field(default_factory=list)

    def neighbours(self) -> dict[str, set[str]]:
        adjacent: dict[str, set[str]] = defaultdict(set)
        for source, target in self.edges:
            adjacent[source].add(target)
            adjacent[target].add(source)
        return adjacent


def graph_data(ds: Graph) -> GraphView:
    """The whole displayable graph: typed nodes, relation edges with their source sentences."""
    same = canonical_nodes(ds)  # one node per real person and meeting: the identity graph's
    kinds: dict[str, str] = {}
    order = list(NODE_TYPES)
    for n, kind in store.select(ds, TYPES_QUERY):
        n = same.get(str(n), str(n))
        if n not in kinds or order.index(str(kind)) < order.index(kinds[n]):
            kinds[n] = str(kind)
    names: dict[str, tuple[int, str]] = {n: (-1, label) for n, label in display_labels(ds).items() if n in kinds}
    for n, rank, name in store.select(ds, NAMES_QUERY):
        if str(n) in kinds and (str(n) not in names or (int(rank), str(name)) < names[str(n)]):
            names[str(n)] = (int(rank), str(name))
    nodes = {iri: Node(iri, kind, names.get(iri, (0, iri))[1]) for iri, kind in kinds.items()}
    for n, key, value in sorted(store.select(ds, DETAILS_QUERY), key=lambda row: (str(row[1]), str(row[2]))):
        if str(n) in nodes and (str(key), str(value)) not in nodes[str(n)].details:
            nodes[str(n)].details.append((str(key), str(value)))

    evidence = _evidence(ds)
    reported: dict[str, list[str]] = defaultdict(list)
    for doc, meeting in ds.subject_objects(KG.reports):
        meeting = same.get(str(meeting), str(meeting))
        if meeting in nodes and meeting not in reported[str(doc)]:
            reported[str(doc)].append(meeting)

    edges: dict[tuple[str, str], Edge] = {}
    priority = {p: i for i, p in enumerate(RELATIONS)}  # presided's sentence before attended's
    for s, p, o in sorted(store.select(ds, EDGES_QUERY), key=lambda row: (priority[row[1]], row[0], row[2])):
        spans = evidence.get((str(s), str(p), str(o)), [])
        facts = [span[:2] for span in spans]
        s, o = same.get(str(s), str(s)), same.get(str(o), str(o))
        if s not in nodes or o not in nodes:
            continue
        label, reverse = RELATIONS[p]
        pairs = [(o, s) if reverse else (s, o)]
        if p == DCTERMS.subject and nodes[s].kind == "document":
            label, pairs = ("议题", [(m, o) for m in reported[s]]) if reported[s] else ("提及", pairs)
        elif p == KG.issuedBy and nodes[o].kind != "person":
            label = "部署"
        for pair in pairs:
            edge = edges.setdefault(pair, Edge(*pair))
            if label not in edge.labels:
                edge.labels.append(label)
            edge.evidence.extend(f for f in facts if f not in edge.evidence)
            edge.spans.extend(f for f in spans if f not in edge.spans)
    for edge in edges.values():
        for weaker, stronger in _IMPLIED.items():
            if weaker in edge.labels and any(s in edge.labels for s in stronger):
                edge.labels.remove(weaker)
    view = GraphView(nodes, edges, total=len(nodes))
    _score(ds, view)
    return view


def _evidence(ds: Graph) -> dict[tuple[str, str, str], list[tuple[str, str, int, int, int]]]:
    """(s, p, o) -> [(source sentence, file, start, end, sentence start)], offsets in the document's text.

    A mention keeps the fact's own characters (a name, a post title) and the sentence they
    lie in, so the page shows the sentence with those characters marked.
    """
    statements = [row for row in store.select(ds, STATEMENTS_QUERY) if row[1] in RELATIONS]
    mentions: dict[str, tuple[str, str, int, int, int]] = {}
    for m, doc, start, end, quote, begins in store.select(ds, MENTIONS_QUERY):
        # a graph built before mentions kept their own offsets: the quote is the span itself
        mentions[str(m)] = (str(quote), str(doc), int(start), int(end), int(begins if begins is not None else start))
    files = {str(doc): str(file) for doc, file in ds.subject_objects(KG.sourceFile)}
    evidence: dict[tuple[str, str, str], list[tuple[str, str, int, int, int]]] = defaultdict(list)
    for s, p, o, m in statements:
        if str(m) not in mentions:
            continue
        quote, doc, start, end, begins = mentions[str(m)]
        fact = (quote, files.get(doc, ""), start, end, begins)
        if fact not in evidence[str(s), str(p), str(o)]:
            evidence[str(s), str(p), str(o)].append(fact)
    return {key: sorted(facts, key=lambda f: (f[1], f[0])) for key, facts in evidence.items()}


def _score(ds: Graph, view: GraphView) -> None:
    """Centrality in [0, 1]: PageRank from the analysis graph where a build computed it, else degree.

    The analysis ranks officials and themes on networks of their own, so each kind's
    PageRank is scaled by its own maximum, and the other kinds by the maximum degree.
    """
    ranks: dict[str, float] = {}
    if isinstance(ds, Dataset):  # only a dataset has the analysis named graph
        ranks = {str(n): float(v) for n, v in store.select(ds, PAGERANK_QUERY) if v is not None and str(n) in view.nodes}
    degree = {iri: len(adjacent) for iri, adjacent in view.neighbours().items()}
    top_degree = max(degree.values(), default=1)
    top_rank: dict[str, float] = defaultdict(float)
    for iri, rank in ranks.items():
        top_rank[view.nodes[iri].kind] = max(top_rank[view.nodes[iri].kind], rank)
    for iri, node in view.nodes.items():
        if iri in ranks and top_rank[node.kind] > 0:
            node.score = ranks[iri] / top_rank[node.kind]
        else:
            node.score = degree.get(iri, 0) / top_degree
    kinds = "、".join(NODE_TYPES[k].name for k in NODE_TYPES if k in top_rank)
    view.measure = f"PageRank ({kinds}) and degree" if ranks else "degree"


def _ranked(view: GraphView, iris) -> list[str]:
    return sorted(iris, key=lambda iri: (-view.nodes[iri].score, view.nodes[iri].label, iri))


def _subgraph(view: GraphView, keep: set[str], notice: list[str]) -> GraphView:
    return GraphView({iri: n for iri, n in view.nodes.items() if iri in keep},
                     {pair: e for pair, e in view.edges.items() if pair[0] in keep and pair[1] in keep},
                     total=view.total, measure=view.measure, notice=view.notice + notice)


def limit(view: GraphView, budget: int, keep: tuple[str, ...] = ()) -> GraphView:
    """At most ``budget`` nodes: the most central fifth of the budget, then their neighbours by centrality."""
    if len(view.nodes) <= budget:
        return view
    budget = max(budget, 1)
    ranked = _ranked(view, view.nodes)
    hubs = list(dict.fromkeys([*keep, *ranked[:max(1, budget // 5)]]))[:budget]
    kept = dict.fromkeys(hubs)
    adjacent = view.neighbours()
    around = _ranked(view, {nb for hub in hubs for nb in adjacent[hub]} - set(kept))
    for iri in [*around, *ranked]:
        if len(kept) >= budget:
            break
        kept.setdefault(iri)
    note = (f"showing {len(kept)} of {len(view.nodes)} nodes: the most central {len(hubs)} by {view.measure} "
            f"and their neighbours (显示 {len(kept)} / {len(view.nodes)} 个节点)")
    return _subgraph(view, set(kept), [note])
