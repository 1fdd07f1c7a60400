"""Oxigraph, in memory (``oxigraph``, the default) or on disk (``oxigraph:PATH``), through oxrdflib.

Oxigraph answers SPARQL tens of times faster than rdflib's own store and loads N-Quads
natively, so the backend reads, loads and writes with pyoxigraph itself where oxrdflib's
triple-at-a-time API would cost ten times as much on a large store.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Variable

from .. import vocab
from ..errors import StoreError
from ..vocab import XSD
from .backend import COUNTS, Quad, Statement, register

_FORMATS = {"nquads": pyoxigraph.RdfFormat.N_QUADS, "trig": pyoxigraph.RdfFormat.TRIG}


def oxigraph_of(ds: Graph) -> pyoxigraph.Store | None:
    """The pyoxigraph Store behind an oxrdflib dataset, or None for another engine."""
    return getattr(getattr(ds, "store", None), "_inner", None)


class TermCache:
    """pyoxigraph terms to rdflib ones, each distinct term converted once.

    A large answer repeats the same names, labels and IRIs over and over; rdflib's
    term constructors are the slow part of reading it, so each is called once a term.
    """

    def __init__(self) -> None:
        self.seen: dict = {}

    def __call__(self, t):
        got = self.seen.get(t)
        if got is None:
            got = self.seen[t] = from_ox(t)
        return got


def to_ox(term: Identifier):
    """An rdflib term as a pyoxigraph one (the inverse of :class:`TermCache`)."""
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal) and term.language:
        return pyoxigraph.Literal(str(term), language=term.language)
    if isinstance(term, Literal):
        return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(t):
    """A pyoxigraph term as an rdflib one."""
    if isinstance(t, pyoxigraph.NamedNode):
        return vocab.trusted_iri(t.value)  # Oxigraph holds only valid IRIs
    if isinstance(t, pyoxigraph.BlankNode):
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    return Literal(t.value, datatype=vocab.trusted_iri(t.datatype.value))


def _on_disk(path: str, read_only: bool) -> OxigraphStore:
    if read_only and not Path(path).is_dir():
        raise StoreError(f"{path}: no Oxigraph store here")
    try:
        inner = pyoxigraph.Store.read_only(path) if read_only else pyoxigraph.Store(path)
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the Oxigraph store ({exc})") from exc
    return OxigraphStore(store=inner)


@register
class OxigraphBackend:
    name = "oxigraph"
    remote = False
    background = True  # Oxigraph parses and indexes without holding Python's lock

    @classmethod
    def claims_spec(cls, spec: str) -> bool:
        return spec == "oxigraph" or spec.startswith("oxigraph:")

    @classmethod
    def claims(cls, ds: Graph) -> bool:
        return oxigraph_of(ds) is not None

    @classmethod
    def location(cls, spec: str) -> Path | None:
        """The folder an on-disk store lives in (None in memory)."""
        return Path(spec.removeprefix("oxigraph:")) if spec.startswith("oxigraph:") else None

    @classmethod
    def persists(cls, spec: str) -> bool:
        return cls.location(spec) is not None

    @classmethod
    def canonical(cls, spec: str) -> str:
        """The spec as later commands reopen it from anywhere (an absolute path)."""
        where = cls.location(spec)
        return spec if where is None else "oxigraph:" + str(where.resolve())

    @classmethod
    def open(cls, spec: str, read_only: bool = False) -> Dataset:
        """A dataset whose default graph is the union of the named graphs, in memory or at PATH."""
        if spec == "oxigraph":
            return vocab.bind_prefixes(Dataset(store="Oxigraph", default_union=True))
        store = _on_disk(spec.removeprefix("oxigraph:"), read_only)
        return vocab.bind_prefixes(Dataset(store=store, default_union=True))

    def __init__(self, ds: Graph) -> None:
        self.ds = ds
        self.ox = oxigraph_of(ds)

    def load(self, raw: bytes, fmt: str) -> None:
        # lenient: the IRIs and literals come from rdf.py, which escapes them itself
        self.ox.load(raw, format=_FORMATS[fmt], lenient=True)

    def flush(self) -> None:
        if hasattr(self.ox, "flush"):
            self.ox.flush()

    def statements(self, predicate: URIRef) -> set[Statement]:
        iri = pyoxigraph.NamedNode
        term = TermCache()
        found = set()
        for q in self.ox.quads_for_pattern(None, to_ox(predicate), None, None):
            g, s, o = q.graph_name, q.subject, q.object
            if type(g) is iri:  # not the default graph, nor a blank-node graph (kgraph names every graph)
                found.add((s.value if type(s) is iri else term(s), o.value if type(o) is iri else term(o), g.value))
        return found

    def drop_graph(self, graph_iri: str) -> None:
        self.ox.remove_graph(pyoxigraph.NamedNode(str(graph_iri)))

    def counts(self) -> dict[str, int]:
        row = next(iter(self.ds.query(COUNTS)))
        return {"persons": int(row[0]), "posts": int(row[1]), "meetings": int(row[2]), "triples": len(self.ox)}

    def count_quads(self) -> int:
        return len(self.ox)

    def graph_ntriples(self, graph_iri: str) -> bytes:
        return self.ox.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.NamedNode(str(graph_iri)))

    def graph_triples(self, graph_iri: str) -> Iterator[tuple[Identifier, Identifier, Identifier]]:
        term = TermCache()
        for q in self.ox.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(graph_iri))):
            yield term(q.subject), term(q.predicate), term(q.object)

    def write_dataset(self, path: Path) -> None:
        self.ox.dump(str(path), pyoxigraph.RdfFormat.TRIG, prefixes=dict(vocab.PREFIXES))

    def write_union(self, path: Path) -> None:
        union = self.ox.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        # the union as one graph in a scratch store, so Oxigraph's writer can use prefixes
        scratch = pyoxigraph.Store()
        scratch.load(union.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES), format=pyoxigraph.RdfFormat.N_TRIPLES)
        scratch.dump(str(path), pyoxigraph.RdfFormat.TURTLE, from_graph=pyoxigraph.DefaultGraph(),
                     prefixes=dict(vocab.PREFIXES))

    def dump(self, fmt: str) -> bytes:
        if fmt == "nquads":
            return self.ox.dump(format=pyoxigraph.RdfFormat.N_QUADS)
        return self.ox.dump(format=pyoxigraph.RdfFormat.TRIG, prefixes=dict(vocab.PREFIXES))

    def query(self, text: str, init: Mapping[str, Identifier], row_limit: int | None = None) -> Result:
        """The query run by Oxigraph: a SELECT on the store itself, another form through oxrdflib.

        Evaluated here, so a query Oxigraph cannot run fails here (and rdflib's engine may try).
        """
        result = self._select(text, init, row_limit) if isinstance(self.ds, Dataset) and self.ds.default_union \
            else None
        if result is None:
            result = self.ds.query(text, initNs=vocab.PREFIXES, initBindings=init)
        if result.type == "SELECT":
            len(result.bindings)  # evaluate now, so a failure surfaces here
        return result

    def _select(self, text: str, init: Mapping[str, Identifier], row_limit: int | None = None) -> Result | None:
        """A SELECT straight on the pyoxigraph store, each distinct term converted once.

        oxrdflib converts every cell anew; a canned query's answer repeats the same names,
        labels and meetings across thousands of rows, so a cache halves the time of a large one.
        Other query forms return None.
        """
        answer = self.ox.query(text, use_default_graph_as_union=True, prefixes=dict(vocab.PREFIXES),
                               substitutions={pyoxigraph.Variable(k): to_ox(v) for k, v in init.items()})
        if not isinstance(answer, pyoxigraph.QuerySolutions):
            return None
        result = Result("SELECT")
        result.vars = [Variable(v.value) for v in answer.variables]
        term = TermCache()
        rows = answer if row_limit is None else itertools.islice(answer, row_limit + 1)
        result.bindings = [{v: term(t) for v, t in zip(result.vars, row) if t is not None} for row in rows]
        return result

    def local_copy(self) -> Dataset:
        return self.ds

    def load_file(self, path: Path, fmt: str) -> None:
        self.ox.load(path=str(path), format=_FORMATS[fmt])

    # pattern lookups in pyoxigraph's own terms: converting each quad to rdflib and back
    # cost 8 s on 2,000 reports where a page copies a node's neighbourhood
    def scratch(self) -> Dataset:
        """An empty in-memory dataset that takes this engine's quads as they are."""
        return self.open("oxigraph")

    def term(self, node: Identifier):
        return to_ox(node)

    def match(self, s=None, p=None, o=None) -> Iterator[Quad]:
        return iter(self.ox.quads_for_pattern(s, p, o, None))

    def extend(self, quads: Iterable) -> None:
        self.ox.extend(quads)
