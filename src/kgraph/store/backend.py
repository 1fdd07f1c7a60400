"""The store protocol and its registry: a backend is chosen by the store spec's name.

As rdflib's plugin registry picks a store by name, :func:`for_spec` picks the backend for
``oxigraph``, ``oxigraph:PATH``, ``memory`` or a server's URL, and :func:`of` finds the
backend behind an open dataset. Callers ask the backend; none branches on the kind of store.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, Protocol
from urllib.parse import unquote

from rdflib import Dataset, Graph, URIRef
from rdflib.query import Result
from rdflib.term import Identifier

from .. import vocab
from ..errors import StoreError

# explicit GRAPH patterns: these must not depend on how a server reads its default graph
HASHES = """PREFIX kg: <https://w3id.org/kgraph/ontology#>
SELECT ?g ?h WHERE { GRAPH ?g { ?g a kg:Document ; kg:contentHash ?h } }"""
COUNTS = """PREFIX kg: <https://w3id.org/kgraph/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
SELECT (COUNT(DISTINCT ?p) AS ?persons) (COUNT(DISTINCT ?post) AS ?posts) (COUNT(DISTINCT ?m) AS ?meetings)
WHERE { { GRAPH ?g1 { ?p a kg:Person } } UNION { GRAPH ?g2 { ?post a org:Post } }
        UNION { GRAPH ?g3 { ?d kg:reports ?m } } }"""
UNION_HEADER = b"# The union of all documents' graphs, one triple a line (N-Triples is Turtle).\n"

Statement = tuple[Identifier | str, Identifier | str, str]


class Quad(NamedTuple):
    """A quad in a backend's own terms (pyoxigraph's quads have the same fields)."""

    subject: Any
    predicate: Any
    object: Any
    graph_name: Any


class Backend(Protocol):
    """What kgraph asks of the engine under a dataset."""

    name: str
    remote: bool  # a server elsewhere: followed from a store.json only when allowed
    background: bool  # loads can run on a thread of their own (the engine releases Python's lock)

    def load(self, raw: bytes, fmt: str) -> None: ...
    def flush(self) -> None: ...
    def statements(self, predicate: URIRef) -> set[Statement]: ...
    def drop_graph(self, graph_iri: str) -> None: ...
    def count_quads(self) -> int: ...
    def graph_ntriples(self, graph_iri: str) -> bytes: ...
    def graph_triples(self, graph_iri: str) -> Iterable[tuple[Identifier, Identifier, Identifier]]: ...
    def write_dataset(self, path: Path) -> None: ...
    def write_union(self, path: Path) -> None: ...
    def dump(self, fmt: str) -> bytes | None: ...  # nquads | trig written by the engine, or None
    def counts(self) -> dict[str, int]: ...
    def load_file(self, path: Path, fmt: str) -> None: ...
    def query(self, text: str, init: Mapping[str, Identifier], row_limit: int | None) -> Result | None: ...
    # None: no faster way than rdflib's own engine over the dataset
    def local_copy(self) -> Dataset: ...
    def scratch(self) -> Dataset: ...  # an empty in-memory dataset taking this engine's quads
    def term(self, node: Identifier) -> Any: ...
    def match(self, s: Any = None, p: Any = None, o: Any = None) -> Iterator[Quad]: ...
    def extend(self, quads: Iterable[Quad]) -> None: ...



REGISTRY: list[Any] = []  # backend classes; the one marked fallback serves what no other claims


def register(cls: Any) -> Any:
    """Add a backend class to the registry (a class decorator)."""
    REGISTRY.append(cls)
    return cls


def for_spec(spec: str) -> Any | None:
    """The backend class a store spec names, or None when it names none."""
    return next((cls for cls in REGISTRY if cls.claims_spec(spec)), None)


def named(spec: str) -> Any:
    """The backend class a store spec names; an unknown spec is a StoreError."""
    cls = for_spec(spec)
    if cls is None:
        raise StoreError(f"unknown store {spec!r}: use oxigraph, oxigraph:PATH, memory or http://HOST:PORT/")
    return cls


def of(ds: Graph) -> Backend:
    """The backend serving an open dataset (or a plain rdflib graph); the fallback claims any."""
    ordered = sorted(REGISTRY, key=lambda cls: getattr(cls, "fallback", False))
    return next(cls for cls in ordered if cls.claims(ds))(ds)


def document_id(graph: str) -> str:
    """The doc_id of a document's named graph IRI."""
    return unquote(graph.removeprefix(str(vocab.doc_iri(""))))
