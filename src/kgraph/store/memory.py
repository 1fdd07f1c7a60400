"""rdflib's own pure-Python store (``memory``): slow on a large build, but needs nothing beyond rdflib.

It also serves any plain rdflib Graph or Dataset a caller hands in, so it claims every
dataset no other backend does.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.query import Result
from rdflib.term import Identifier

from .. import vocab
from .backend import COUNTS, Quad, Statement, register

_ORPHANS = URIRef("urn:kgraph:default")  # where a copied quad of no named graph goes


def union_graph(ds: Graph) -> Graph:
    """All named graphs merged into one plain graph (for Turtle and analysis)."""
    g = vocab.bind_prefixes(Graph())
    for triple in ds.triples((None, None, None)):
        g.add(triple)
    return g


def plain(t: Identifier) -> Identifier | str:
    return str(t) if isinstance(t, URIRef) else t


@register
class MemoryBackend:
    name = "memory"
    remote = False
    fallback = True  # serves any rdflib graph no other backend claims
    background = False  # rdflib's parser holds Python's lock anyway

    @classmethod
    def claims_spec(cls, spec: str) -> bool:
        return spec == "memory"

    @classmethod
    def claims(cls, ds: Graph) -> bool:
        return True

    @classmethod
    def location(cls, spec: str) -> Path | None:
        return None

    @classmethod
    def persists(cls, spec: str) -> bool:
        return False

    @classmethod
    def canonical(cls, spec: str) -> str:
        return spec

    @classmethod
    def open(cls, spec: str = "memory", read_only: bool = False) -> Dataset:
        return vocab.bind_prefixes(Dataset(default_union=True))

    def __init__(self, ds: Graph) -> None:
        self.ds = ds

    def load(self, raw: bytes, fmt: str) -> None:
        self.ds.parse(data=raw.decode("utf-8"), format=fmt)

    def flush(self) -> None:
        pass

    def statements(self, predicate: URIRef) -> set[Statement]:
        return {(plain(s), plain(o), str(g.identifier if isinstance(g, Graph) else g))
                for s, _, o, g in self.ds.quads((None, predicate, None, None)) if g is not None}

    def drop_graph(self, graph_iri: str) -> None:
        self.ds.remove_graph(self.ds.graph(URIRef(graph_iri)))

    def counts(self) -> dict[str, int]:
        row = next(iter(self.ds.query(COUNTS)))
        return {"persons": int(row[0]), "posts": int(row[1]), "meetings": int(row[2]), "triples": len(self.ds)}

    def count_quads(self) -> int:
        return len(self.ds)

    def graph_ntriples(self, graph_iri: str) -> bytes:
        return self.ds.graph(URIRef(graph_iri)).serialize(format="nt", encoding="utf-8")

    def graph_triples(self, graph_iri: str) -> Iterator[tuple[Identifier, Identifier, Identifier]]:
        return iter(self.ds.graph(URIRef(graph_iri)))

    def write_dataset(self, path: Path) -> None:
        self.ds.serialize(destination=str(path), format="trig", encoding="utf-8")

    def write_union(self, path: Path) -> None:
        union_graph(self.ds).serialize(destination=str(path), format="turtle", encoding="utf-8")

    def dump(self, fmt: str) -> bytes | None:
        return None  # rdflib's serializer is the native writer here

    def query(self, text: str, init: Mapping[str, Identifier], row_limit: int | None = None) -> Result | None:
        return None  # rdflib's engine is the one ``ds.query`` uses anyway

    def local_copy(self) -> Dataset:
        return self.ds

    def load_file(self, path: Path, fmt: str) -> None:
        self.ds.parse(path, format=fmt)

    def scratch(self) -> Dataset:
        """An empty in-memory dataset that takes this engine's quads as they are."""
        return MemoryBackend.open("memory")

    def term(self, node: Identifier) -> Identifier:
        return node

    def match(self, s=None, p=None, o=None) -> Iterator[Quad]:
        if isinstance(self.ds, Dataset):
            for s2, p2, o2, g in self.ds.quads((s, p, o, None)):
                yield Quad(s2, p2, o2, g.identifier if isinstance(g, Graph) else g)
        else:
            for s2, p2, o2 in self.ds.triples((s, p, o)):
                yield Quad(s2, p2, o2, None)

    def extend(self, quads: Iterable[Quad]) -> None:
        for q in quads:
            self.ds.graph(q.graph_name if q.graph_name is not None else _ORPHANS).add(q[:3])
