"""A SPARQL 1.1 server as the dataset's store: ``http://HOST:PORT/`` or ``sparql+QUERY|UPDATE[|STORE]``.

Reads and writes go through :class:`~kgraph.store.client.RemoteStore` (one pooled HTTP
client); what needs the whole dataset here (the page, validation) works on a local
Oxigraph copy of it, and large outputs are streamed from the server, never held here.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Dataset, Graph, URIRef

from .. import vocab
from .backend import Statement, register
from .client import RemoteStore, SPARQLServerStore, parse_spec
from .memory import MemoryBackend, plain


def dataset_of(remote: RemoteStore) -> Dataset:
    """An rdflib Dataset whose reads and writes go to this server."""
    return vocab.bind_prefixes(Dataset(store=SPARQLServerStore(remote), default_union=True))


def open_dataset(spec: str) -> Dataset:
    """The Dataset for a remote store spec, after checking the server answers."""
    remote = RemoteStore(spec)
    remote.query("ASK {}")
    return dataset_of(remote)


def remote_of(ds: Any) -> RemoteStore | None:
    """The RemoteStore behind a dataset from :func:`open_dataset`, or None for a local engine."""
    return getattr(getattr(ds, "store", None), "remote", None)


@register
class HttpBackend(MemoryBackend):
    """Reads through rdflib's SPARQL store as the memory backend reads rdflib's own; the rest by HTTP."""

    name = "http"
    remote = True
    background = True  # an upload waits on the network, not on Python
    fallback = False

    @classmethod
    def claims_spec(cls, spec: str) -> bool:
        return spec.startswith(("http://", "https://", "sparql+"))

    @classmethod
    def claims(cls, ds: Graph) -> bool:
        return remote_of(ds) is not None

    @classmethod
    def persists(cls, spec: str) -> bool:
        return True

    @classmethod
    def open(cls, spec: str, read_only: bool = False) -> Dataset:
        return open_dataset(spec)

    @classmethod
    def where(cls, spec: str) -> str:
        """Where the server answers queries (for messages)."""
        return parse_spec(spec).query

    def __init__(self, ds: Graph) -> None:
        self.ds = ds
        self.client: RemoteStore = remote_of(ds)

    def load(self, raw: bytes, fmt: str) -> None:
        if fmt != "nquads":  # a server takes N-Quads
            raw = pyoxigraph.serialize(pyoxigraph.parse(raw, format=pyoxigraph.RdfFormat.TRIG, lenient=True),
                                       format=pyoxigraph.RdfFormat.N_QUADS)
        self.client.load_nquads(raw)

    def flush(self) -> None:
        self.client.flush()

    def statements(self, predicate: URIRef) -> set[Statement]:
        rows = self.ds.query(f"SELECT ?s ?o ?g WHERE {{ GRAPH ?g {{ ?s {predicate.n3()} ?o }} }}")
        return {(plain(r[0]), plain(r[1]), str(r[2])) for r in rows}

    def drop_graph(self, graph_iri: str) -> None:
        self.client.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def counts(self) -> dict[str, int]:
        return self.client.counts()

    def count_quads(self) -> int:
        return self.client.count_quads()

    def graph_ntriples(self, graph_iri: str) -> bytes:
        return self.client.graph_ntriples(str(graph_iri))

    def write_dataset(self, path: Path) -> None:
        self.client.write_dataset(path)

    def write_union(self, path: Path) -> None:
        self.client.write_union(path)

    def local_copy(self) -> Dataset:
        return self.client.snapshot()

    def load_file(self, path: Path, fmt: str) -> None:
        self.load(Path(path).read_bytes(), fmt)
