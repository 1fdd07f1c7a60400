"""Where the dataset lives, behind one module so the backend can change.

The dataset is always an rdflib ``Dataset``; its engine is a backend chosen by
name from a registry (:mod:`kgraph.store.backend`): ``oxigraph`` (the default:
Oxigraph in memory through oxrdflib, which answers SPARQL tens of times faster than
rdflib's own store and loads N-Quads natively), ``oxigraph:PATH`` (Oxigraph on disk,
reopened by later commands), ``memory`` (rdflib's pure-Python store) or a SPARQL
server (``http://HOST:PORT/``, ``sparql+QUERY|UPDATE[|STORE]``). The functions here
ask the backend; none branches on its kind. Output files are written atomically
(a temporary file in the same folder, then ``os.replace``) so an interrupted build
leaves the previous graph intact.
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.query import Result
from rdflib.term import Identifier

from .. import vocab
from ..atomic import atomic_path, serialize, umask, write_text
from ..errors import OutputMissing, StoreError
from . import backend
from .backend import HASHES, Backend, Statement, document_id
from .files import GRAPH_TRIG, GRAPH_TTL, StreamedOutputs, trig_block
from .http import HttpBackend  # each backend module registers its backend when imported
from .loader import Loader
from .memory import MemoryBackend, union_graph
from .oxigraph import OxigraphBackend, TermCache, oxigraph_of, to_ox

__all__ = [  # besides the functions below: what callers take from here rather than from a backend
    "atomic_path", "serialize", "umask", "write_text", "GRAPH_TRIG", "GRAPH_TTL", "StreamedOutputs",
    "trig_block", "Loader", "HttpBackend", "MemoryBackend", "OxigraphBackend", "union_graph", "TermCache",
    "oxigraph_of", "to_ox", "Backend",
    "DEFAULT_STORE", "STORE_FILE", "PRETTY_LIMIT", "ALLOW_REMOTE_ENV", "is_remote_spec", "is_store_spec",
    "new_dataset", "persists", "location", "record_store", "flush", "statements", "local_copy", "load_nquads", "load_trig",
    "document_hashes", "ensure_graph", "drop_document", "counts", "save", "graph_ntriples", "counts_triples",
    "dump", "native_query", "select", "engine", "open_store", "recorded_store", "open_output",
]

DEFAULT_STORE = "oxigraph"


STORE_FILE = "store.json"  # in a build's output folder: which store holds its dataset


def is_remote_spec(text: str) -> bool:
    """Whether a store spec names a server (anything but a local engine)."""
    cls = backend.for_spec(text)
    return cls is None or cls.remote


def is_store_spec(text: str) -> bool:
    """Whether a command-line argument names a store (else it is a folder or file)."""
    return backend.for_spec(text) is not None


def new_dataset(spec: str = DEFAULT_STORE, read_only: bool = False) -> Dataset:
    """A dataset whose default graph is the union of the named graphs.

    ``spec`` is ``oxigraph``, ``oxigraph:PATH`` (opened or created on disk) or ``memory``.
    ``read_only`` opens an on-disk store for reading, so several commands can share it.
    A SPARQL server is ``http://HOST:PORT/`` (Oxigraph's layout) or ``sparql+QUERY|UPDATE[|STORE]``
    (see kgraph.store.client and docs/cluster.md).
    """
    return backend.named(spec).open(spec, read_only)


def persists(spec: str) -> bool:
    """Whether the store outlives the process (on disk or on a server): a build notes it in its folder."""
    return backend.named(spec).persists(spec)


def location(spec: str) -> Path | None:
    """The folder an on-disk store lives in, or None."""
    return backend.named(spec).location(spec)


def record_store(out_dir: Path, spec: str) -> None:
    """Note in the output folder which persistent store holds the dataset, so later commands reopen it."""
    write_text(out_dir / STORE_FILE, json.dumps({"store": backend.named(spec).canonical(spec)}, ensure_ascii=False)
               + "\n")


def flush(ds: Dataset) -> None:
    """Make an on-disk store's writes durable before the process ends (a server's: sent)."""
    backend.of(ds).flush()


def statements(ds: Dataset, predicate: URIRef) -> set[Statement]:
    """Distinct (subject, object, graph) of the named graphs' triples with this predicate.

    IRIs come back as plain strings (``type(x) is str``), literals and blank nodes as
    rdflib terms: the analysis keys everything by IRI string, and a million rdflib
    IRIs made only to be turned back into strings cost it seconds. Straight from Oxigraph
    where the dataset is Oxigraph-backed (oxrdflib's triple API costs ten times as much
    on a large store), through rdflib otherwise.
    """
    return backend.of(ds).statements(predicate)


def local_copy(ds: Dataset) -> Dataset:
    """A server's dataset copied into Oxigraph in memory (for the page and validation); a local one as is."""
    return backend.of(ds).local_copy()


def load_nquads(ds: Dataset, data: str | bytes) -> None:
    """Bulk-load N-Quads: natively into Oxigraph, through rdflib otherwise."""
    _load(ds, data.encode("utf-8") if isinstance(data, str) else data, "nquads")


def load_trig(ds: Dataset, data: bytes) -> None:
    """Bulk-load TriG blocks (what a build streams): natively into Oxigraph, through rdflib otherwise."""
    _load(ds, data, "trig")


def _load(ds: Dataset, raw: bytes, fmt: str) -> None:
    if raw:
        backend.of(ds).load(raw, fmt)


def document_hashes(ds: Dataset) -> dict[str, str]:
    """doc_id -> content hash of every document already in the dataset (for incremental builds)."""
    return {document_id(str(g)): str(h) for g, h in ds.query(HASHES)}


def ensure_graph(ds: Dataset, graph_iri, make) -> None:
    """Load a named graph (the theme scheme) once: ``make()`` gives its N-Quads if the dataset lacks it."""
    q = f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    if not ds.query(q).askAnswer:
        load_nquads(ds, make())


def drop_document(ds: Dataset, doc_id: str) -> None:
    """Remove one document's named graph (before its new version is loaded)."""
    backend.of(ds).drop_graph(str(vocab.doc_iri(doc_id)))


def counts(ds: Dataset) -> dict[str, int]:
    """Distinct persons, posts and reported meetings, and all triples, in one pass of SPARQL."""
    return backend.of(ds).counts()


PRETTY_LIMIT = 200_000  # up to this many triples graph.ttl is grouped by subject with prefixes


def save(ds: Dataset, out_dir: Path, streams: StreamedOutputs | None = None) -> tuple[Path, Path]:
    """Write ``graph.trig`` (the dataset) and ``graph.ttl`` (its union), each atomically.

    Up to PRETTY_LIMIT triples both are written from the store, grouped and prefixed (a
    server's small dataset from a local copy, exactly as a local build writes); past it a
    local build keeps the files it streamed, and a server streams both, nothing held here.
    """
    trig, ttl = out_dir / GRAPH_TRIG, out_dir / GRAPH_TTL
    engine = backend.of(ds)
    large = engine.count_quads() > PRETTY_LIMIT
    try:
        if large and streams is not None and not engine.remote:
            streams.finish(trig, ttl)
            streams = None
            return trig, ttl
        if not large:
            engine = backend.of(engine.local_copy())
        with atomic_path(trig) as tmp:
            engine.write_dataset(tmp)
        with atomic_path(ttl) as tmp:
            engine.write_union(tmp)
    finally:
        if streams is not None:
            streams.discard()
    return trig, ttl


def graph_ntriples(ds: Dataset, graph_iri: str) -> bytes:
    """One named graph as N-Triples."""
    return backend.of(ds).graph_ntriples(str(graph_iri))


def counts_triples(ds: Dataset) -> int:
    return backend.of(ds).count_quads()


def dump(ds: Dataset, fmt: str) -> bytes | None:
    """The dataset as ``nquads`` or ``trig`` written by its engine, or None where rdflib must write it."""
    return backend.of(ds).dump(fmt)


def native_query(ds: Dataset, text: str, init: Mapping[str, Identifier], row_limit: int | None = None) -> Result | None:
    """A query answered by the engine itself (its failure raised), or None where rdflib's engine must run it."""
    return backend.of(ds).query(text, init, row_limit)


def select(ds: Graph, text: str) -> Result:
    """A SELECT without parameters, by the store's own engine where it has a faster way.

    Oxigraph's answer read through oxrdflib builds every cell anew; the page's queries
    return a million cells on a large build, most of them the same few thousand terms.
    """
    result = native_query(ds, text, {})
    return result if result is not None else ds.query(text)


def engine(ds: Graph) -> Backend:
    """The backend under a dataset: pattern lookups in its own terms (``term``, ``match``, ``extend``)."""
    return backend.of(ds)


def open_store(spec: str) -> Dataset:
    """Reopen a persistent store for reading (``oxigraph:PATH``)."""
    return new_dataset(spec, read_only=True)


ALLOW_REMOTE_ENV = "KGRAPH_ALLOW_REMOTE_STORE"  # =1: what --allow-remote-store says, for every command


def recorded_store(out_dir: Path) -> str | None:
    """The store spec a build noted in ``out_dir/store.json``, or None; a broken file is a StoreError naming it."""
    recorded = Path(out_dir) / STORE_FILE
    if not recorded.is_file():
        return None
    try:
        spec = json.loads(recorded.read_text(encoding="utf-8"))["store"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{recorded}: not a store note kgraph wrote ({type(exc).__name__})") from None
    if not isinstance(spec, str):
        raise StoreError(f"{recorded}: not a store note kgraph wrote (store is not a string)")
    return spec


def open_output(out_dir: Path, read_only: bool = True, allow_remote: bool | None = None) -> Dataset:
    """The dataset a build wrote into ``out_dir``: its persistent store if it had one, else graph.trig.

    ``read_only=False`` opens a persistent store for writing (``kgraph analyze`` adds its scores).
    A store.json naming a SPARQL server is followed only with ``allow_remote`` (or
    KGRAPH_ALLOW_REMOTE_STORE=1 when it is None): a folder someone handed over must not
    make kgraph send queries, or analysis results, to a server of their choosing.
    """
    spec = recorded_store(out_dir)
    if spec is not None:
        if is_remote_spec(spec) and not (allow_remote if allow_remote is not None
                                         else os.environ.get(ALLOW_REMOTE_ENV) == "1"):
            try:
                where = HttpBackend.where(spec)
            except StoreError:
                where = repr(spec[:120])
            raise StoreError(f"{Path(out_dir) / STORE_FILE} names the SPARQL server {where}; kgraph sends nothing "
                             f"there unless told: set {ALLOW_REMOTE_ENV}=1 (kgraph query and serve also "
                             f"take --allow-remote-store)")
        return new_dataset(spec, read_only=read_only)
    trig = Path(out_dir) / GRAPH_TRIG
    if not trig.exists():
        raise OutputMissing(f"{trig}: no build output here; run `kgraph build` first")
    ds = new_dataset()
    backend.of(ds).load_file(trig, "trig")
    return ds
