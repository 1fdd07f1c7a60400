"""Export a build in the RDF formats other tools read.

Quad formats (N-Quads, TriG, JSON-LD) keep one named graph per document, so
provenance by document survives; triple formats (Turtle, N-Triples, RDF/XML)
carry the union of the named graphs. JSON-LD is compacted with the context
shipped in ``ontology/context.jsonld``, so keys read ``label``, ``holds``,
``presided`` rather than full IRIs.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Dataset, Graph

from . import query, store, vocab
from .errors import KgraphError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Format:
    name: str  # as given to --format
    rdflib: str  # rdflib's serializer name
    quads: bool  # keeps the named graphs
    suffix: str
    media_type: str


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("turtle", "turtle", False, ".ttl", "text/turtle"),
    Format("ntriples", "nt", False, ".nt", "application/n-triples"),
    Format("xml", "xml", False, ".rdf", "application/rdf+xml"),
    Format("nquads", "nquads", True, ".nq", "application/n-quads"),
    Format("trig", "trig", True, ".trig", "application/trig"),
    Format("jsonld", "json-ld", True, ".jsonld", "application/ld+json"),
)}


@cache
def jsonld_context() -> str:
    """The inner ``@context`` object of ``ontology/context.jsonld`` (as JSON text, so the cache stays immutable)."""
    try:
        doc = json.loads(vocab.CONTEXT_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KgraphError(f"{vocab.CONTEXT_FILE}: cannot read the JSON-LD context: {exc}") from None
    return json.dumps(doc["@context"], ensure_ascii=False)


def _format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise KgraphError(f"unknown export format {name!r}: use {', '.join(FORMATS)}") from None


def _graph_for(ds: Dataset | Graph, fmt: Format) -> Graph:
    if fmt.quads:
        if not isinstance(ds, Dataset):
            raise KgraphError(f"{fmt.name} keeps named graphs, but the source is a single graph: use turtle or ntriples")
        return vocab.bind_prefixes(ds)
    return store.union_graph(ds) if isinstance(ds, Dataset) else vocab.bind_prefixes(ds)


def serialize(source: Dataset | Graph | str | Path, fmt: str = "turtle") -> bytes:
    """The dataset (or a build output folder) in ``fmt``, as UTF-8 bytes."""
    f = _format(fmt)
    ds = query.as_dataset(source)
    native = store.dump(ds, f.name) if f.name in ("nquads", "trig") and isinstance(ds, Dataset) else None
    if native is not None:  # an engine that writes its quads itself (Oxigraph), fast
        return native
    graph = _graph_for(ds, f)
    options = {}
    if f.name == "jsonld":
        options = {"context": json.loads(jsonld_context()), "auto_compact": True}
    return graph.serialize(format=f.rdflib, encoding="utf-8", **options)


def export(source: Dataset | Graph | str | Path, fmt: str, out: Path) -> Path:
    """Write ``fmt`` to ``out`` atomically (a failed export leaves any old file in place)."""
    data = serialize(source, fmt)
    with store.atomic_path(Path(out)) as tmp:
        tmp.write_bytes(data)
    log.info("exported %s to %s", fmt, out)
    return Path(out)


def count(graph: Dataset | Graph, quads: bool) -> int:
    """Quads over all named graphs, or distinct triples of the union: what an export must carry."""
    if quads and isinstance(graph, Dataset):
        return sum(1 for _ in graph.quads((None, None, None, None)))
    return len(store.union_graph(graph)) if isinstance(graph, Dataset) else len(graph)
