"""Where the dataset lives, behind one module so the backend can change.

The dataset is always an rdflib ``Dataset``; its engine is chosen by a store
spec: ``oxigraph`` (the default: Oxigraph in memory through oxrdflib, which
answers SPARQL tens of times faster than rdflib's own store and loads N-Quads
natively), ``oxigraph:PATH`` (Oxigraph on disk, reopened by later commands) or
``memory`` (rdflib's pure-Python store). Output files are written atomically
(a temporary file in the same folder, then ``os.replace``) so an interrupted
build leaves the previous graph intact.
"""
from __future__ import annotations

import os
import queue
import tempfile
import threading
from pathlib import Path
from typing import Callable

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Identifier

from . import engines, remote, vocab
from .atomic import atomic_path, serialize, umask, write_text  # noqa: F401 (part of store's API: files written whole)
from .engines import oxigraph_of  # noqa: F401 (part of store's API)
from .errors import OutputMissing, StoreError
from .remote import parse_spec
from .vocab import XSD

GRAPH_TRIG = "graph.trig"
GRAPH_TTL = "graph.ttl"


DEFAULT_STORE = "oxigraph"


STORE_FILE = "store.json"  # in a build's output folder: which store holds its dataset


def is_remote_spec(text: str) -> bool:
    """Whether a store spec names a server (anything but a local engine)."""
    return not (text in ("oxigraph", "memory") or text.startswith("oxigraph:"))


def is_store_spec(text: str) -> bool:
    return text in ("oxigraph", "memory") or text.startswith(("oxigraph:", "http://", "https://", "sparql+"))


def new_dataset(spec: str = DEFAULT_STORE, read_only: bool = False) -> Dataset:
    """A dataset whose default graph is the union of the named graphs.

    ``spec`` is ``oxigraph``, ``oxigraph:PATH`` (opened or created on disk) or ``memory``.
    ``read_only`` opens an on-disk store for reading, so several commands can share it.
    A SPARQL server is ``http://HOST:PORT/`` (Oxigraph's layout) or ``sparql+QUERY|UPDATE[|STORE]``
    (see kgraph.remote and docs/cluster.md).
    """
    if spec.startswith(("http://", "https://", "sparql+")):
        return remote.open_dataset(spec)
    return engines.local_dataset(spec, read_only)


def record_store(out_dir: Path, spec: str) -> None:
    """Note in the output folder which persistent store holds the dataset, so later commands reopen it."""
    import json

    if spec.startswith("oxigraph:"):
        spec = "oxigraph:" + str(Path(spec.removeprefix("oxigraph:")).resolve())
    write_text(out_dir / STORE_FILE, json.dumps({"store": spec}, ensure_ascii=False) + "\n")


def flush(ds: Dataset) -> None:
    """Make an on-disk store's writes durable before the process ends (a server's: sent)."""
    remote = remote_of(ds)
    if remote is not None:
        remote.flush()
    ox = oxigraph_of(ds)
    if ox is not None and hasattr(ox, "flush"):
        ox.flush()


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
            got = self.seen[t] = _from_ox(t)
        return got


def to_ox(term: Identifier):
    """An rdflib term as a pyoxigraph one (the inverse of :class:`TermCache`)."""
    import pyoxigraph

    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal) and term.language:
        return pyoxigraph.Literal(str(term), language=term.language)
    if isinstance(term, Literal):
        return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {term!r}")


def _from_ox(t):
    import pyoxigraph

    if isinstance(t, pyoxigraph.NamedNode):
        return vocab.trusted_iri(t.value)  # Oxigraph holds only valid IRIs
    if isinstance(t, pyoxigraph.BlankNode):
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    return Literal(t.value, datatype=vocab.trusted_iri(t.datatype.value))


def statements(ds: Dataset, predicate: URIRef) -> set[tuple[Identifier | str, Identifier | str, str]]:
    """Distinct (subject, object, graph) of the named graphs' triples with this predicate.

    IRIs come back as plain strings (``type(x) is str``), literals and blank nodes as
    rdflib terms: the analysis keys everything by IRI string, and a million rdflib
    IRIs made only to be turned back into strings cost it seconds. Straight from Oxigraph
    where the dataset is Oxigraph-backed (oxrdflib's triple API costs ten times as much
    on a large store), through rdflib otherwise.
    """
    ox = oxigraph_of(ds)
    if ox is None and remote_of(ds) is not None:  # one SELECT on the server
        rows = ds.query(f"SELECT ?s ?o ?g WHERE {{ GRAPH ?g {{ ?s {predicate.n3()} ?o }} }}")
        return {(_plain(r[0]), _plain(r[1]), str(r[2])) for r in rows}
    if ox is None:
        return {(_plain(s), _plain(o), str(g.identifier if isinstance(g, Graph) else g))
                for s, _, o, g in ds.quads((None, predicate, None, None)) if g is not None}
    import pyoxigraph

    iri = pyoxigraph.NamedNode
    term = TermCache()
    found = set()
    for q in ox.quads_for_pattern(None, to_ox(predicate), None, None):
        g, s, o = q.graph_name, q.subject, q.object
        if type(g) is iri:  # not the default graph, nor a blank-node graph (kgraph names every graph)
            found.add((s.value if type(s) is iri else term(s), o.value if type(o) is iri else term(o), g.value))
    return found


def _plain(t: Identifier) -> Identifier | str:
    return str(t) if isinstance(t, URIRef) else t


def remote_of(ds: Dataset):
    """The kgraph.remote.RemoteStore behind a dataset on a SPARQL server, or None."""
    return getattr(ds.store, "remote", None)


def local_copy(ds: Dataset) -> Dataset:
    """A server's dataset copied into Oxigraph in memory (for the page and validation); a local one as is."""
    remote = remote_of(ds)
    return remote.snapshot() if remote is not None else ds


def load_nquads(ds: Dataset, data: str | bytes) -> None:
    """Bulk-load N-Quads: natively into Oxigraph, through rdflib otherwise."""
    _load(ds, data.encode("utf-8") if isinstance(data, str) else data, "nquads")


class Loader:
    """Store updates run in order on one background thread while the build goes on.

    Oxigraph parses and indexes without holding Python's lock (and a server's upload
    waits on the network), so a build's loading overlaps its extraction instead of
    following it: 3-5 s of a 2,000-report build. rdflib's own store is updated in the
    caller's thread, its parser holding the lock anyway. At most ``depth`` updates wait.
    """

    def __init__(self, ds: Dataset, depth: int = 2) -> None:
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        if oxigraph_of(ds) is not None or remote_of(ds) is not None:
            self.queue: queue.Queue = queue.Queue(maxsize=depth)
            self.thread = threading.Thread(target=self._run, name="kgraph-loader", daemon=True)
            self.thread.start()

    def submit(self, update: Callable[..., None], *args) -> None:
        """Run ``update(*args)`` after everything submitted before it."""
        if self.thread is None:
            update(*args)
            return
        self._raise()
        self.queue.put((update, args))

    def finish(self) -> None:
        """Wait until every update is done; an update's error is raised here."""
        self._stop()
        self._raise()

    def abandon(self) -> None:
        """The build failed: drop what still waits, let the update in progress end."""
        if self.thread is not None:
            self.error = self.error or _Abandoned()
        self._stop()

    def _stop(self) -> None:
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = None

    def _raise(self) -> None:
        if self.error is not None and not isinstance(self.error, _Abandoned):
            raise self.error

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is None:
                try:
                    item[0](*item[1])
                except BaseException as exc:  # handed to the build's thread by the next submit/finish
                    self.error = exc


class _Abandoned(Exception):
    pass


def load_trig(ds: Dataset, data: bytes) -> None:
    """Bulk-load TriG blocks (what a build streams): natively into Oxigraph, through rdflib otherwise."""
    _load(ds, data, "trig")


def _load(ds: Dataset, raw: bytes, fmt: str) -> None:
    if not raw:
        return
    import pyoxigraph

    ox_format = {"nquads": pyoxigraph.RdfFormat.N_QUADS, "trig": pyoxigraph.RdfFormat.TRIG}[fmt]
    remote = remote_of(ds)
    if remote is not None:  # a server takes N-Quads
        if fmt != "nquads":
            raw = pyoxigraph.serialize(pyoxigraph.parse(raw, format=ox_format, lenient=True),
                                       format=pyoxigraph.RdfFormat.N_QUADS)
        remote.load_nquads(raw)
        return
    ox = oxigraph_of(ds)
    if ox is not None:
        # lenient: the IRIs and literals come from rdf.py, which escapes them itself
        ox.load(raw, format=ox_format, lenient=True)
    else:
        ds.parse(data=raw.decode("utf-8"), format=fmt)


def document_hashes(ds: Dataset) -> dict[str, str]:
    """doc_id -> content hash of every document already in the dataset (for incremental builds)."""
    q = """PREFIX kg: <https://w3id.org/kgraph/ontology#>
           SELECT ?g ?h WHERE { GRAPH ?g { ?g a kg:Document ; kg:contentHash ?h } }"""
    prefix = str(vocab.doc_iri(""))
    return {_doc_id(str(g), prefix): str(h) for g, h in ds.query(q)}


def _doc_id(graph: str, prefix: str) -> str:
    from urllib.parse import unquote

    return unquote(graph.removeprefix(prefix))


def ensure_graph(ds: Dataset, graph_iri, make) -> None:
    """Load a named graph (the theme scheme) once: ``make()`` gives its N-Quads if the dataset lacks it."""
    q = f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    if not ds.query(q).askAnswer:
        load_nquads(ds, make())


def drop_document(ds: Dataset, doc_id: str) -> None:
    """Remove one document's named graph (before its new version is loaded)."""
    remote = remote_of(ds)
    if remote is not None:
        remote.drop_document(doc_id)
        return
    g = vocab.doc_iri(doc_id)
    ox = oxigraph_of(ds)
    if ox is not None:
        import pyoxigraph

        ox.remove_graph(pyoxigraph.NamedNode(str(g)))
    else:
        ds.remove_graph(ds.graph(g))


def counts(ds: Dataset) -> dict[str, int]:
    """Distinct persons, posts and reported meetings, and all triples, in one pass of SPARQL."""
    q = """PREFIX kg: <https://w3id.org/kgraph/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
        SELECT (COUNT(DISTINCT ?p) AS ?persons) (COUNT(DISTINCT ?post) AS ?posts) (COUNT(DISTINCT ?m) AS ?meetings)
        WHERE { { ?p a kg:Person } UNION { ?post a org:Post } UNION { ?d kg:reports ?m } }"""
    remote = remote_of(ds)
    if remote is not None:
        return remote.counts()
    row = next(iter(ds.query(q)))
    return {"persons": int(row[0]), "posts": int(row[1]), "meetings": int(row[2]), "triples": counts_triples(ds)}


def union_graph(ds: Dataset) -> Graph:
    """All named graphs merged into one plain graph (for Turtle and analysis)."""
    g = vocab.bind_prefixes(Graph())
    for triple in ds.triples((None, None, None)):
        g.add(triple)
    return g


PRETTY_LIMIT = 200_000  # up to this many triples graph.ttl is grouped by subject with prefixes


class _Stream:
    """One output file written piece by piece into a temporary file beside it."""

    def __init__(self, out_dir: Path, name: str, header: bytes) -> None:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
        self.path = Path(tmp)
        self.file = os.fdopen(fd, "wb")
        self.file.write(header)

    def finish(self, path: Path) -> None:
        self.file.close()
        os.chmod(self.path, 0o666 & ~umask())
        os.replace(self.path, path)

    def discard(self) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)


class StreamedOutputs:
    """graph.trig and graph.ttl written as documents arrive during a fresh build.

    Re-reading a large store to write it out costs more than the extraction of its
    documents and cannot overlap with it; each document's triples written as they
    arrive cost nearly nothing. Both files are plain lines with full IRIs (valid
    TriG and Turtle); small outputs are still pretty-printed from the store by :func:`save`.
    """

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.trig = _Stream(out_dir, GRAPH_TRIG, b"# One named graph per document, its triples one a line.\n")
        try:
            self.ttl = _Stream(out_dir, GRAPH_TTL,
                               b"# The union of all documents' graphs, one triple a line (N-Triples is Turtle).\n")
        except BaseException:
            self.trig.discard()
            raise

    def add_graph(self, graph_iri: str, triples: bytes, block: bytes | None = None) -> None:
        """A named graph's N-Triples (``block``: the same already wrapped by :func:`trig_block`)."""
        self.trig.file.write(block if block is not None else trig_block(graph_iri, triples))
        self.ttl.file.write(triples)

    def finish(self, trig: Path, ttl: Path) -> None:
        self.trig.finish(trig)
        self.ttl.finish(ttl)

    def discard(self) -> None:
        self.trig.discard()
        self.ttl.discard()


def trig_block(graph_iri: str, triples: bytes) -> bytes:
    """A named graph's N-Triples as one TriG block."""
    return b"<" + graph_iri.encode("utf-8") + b"> {\n" + triples + b"}\n"


def save(ds: Dataset, out_dir: Path, streams: StreamedOutputs | None = None) -> tuple[Path, Path]:
    """Write ``graph.trig`` (the dataset) and ``graph.ttl`` (its union), each atomically."""
    trig, ttl = out_dir / GRAPH_TRIG, out_dir / GRAPH_TTL
    remote = remote_of(ds)
    if remote is not None and remote.count_quads() <= PRETTY_LIMIT:
        ds = remote.snapshot()  # small: written from a local copy, exactly as a local build writes
    elif remote is not None:  # large: both files streamed from the server, nothing held here
        if streams is not None:
            streams.discard()
        with atomic_path(trig) as tmp:
            remote.write_dataset(tmp)
        with atomic_path(ttl) as tmp:
            remote.write_union(tmp)
        return trig, ttl
    try:
        if streams is not None and counts_triples(ds) > PRETTY_LIMIT:
            streams.finish(trig, ttl)
            streams = None
            return trig, ttl
        with atomic_path(trig) as tmp:
            _write_dataset(ds, tmp)
        with atomic_path(ttl) as tmp:
            _write_union(ds, tmp)
    finally:
        if streams is not None:
            streams.discard()
    return trig, ttl


def graph_ntriples(ds: Dataset, graph_iri: str) -> bytes:
    """One named graph as N-Triples."""
    remote = remote_of(ds)
    if remote is not None:
        return remote.graph_ntriples(str(graph_iri))
    ox = oxigraph_of(ds)
    if ox is not None:
        import pyoxigraph

        return ox.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.NamedNode(str(graph_iri)))
    return ds.graph(graph_iri).serialize(format="nt", encoding="utf-8")


def counts_triples(ds: Dataset) -> int:
    remote = remote_of(ds)
    if remote is not None:
        return remote.count_quads()
    ox = oxigraph_of(ds)
    return len(ox) if ox is not None else len(ds)


def _write_dataset(ds: Dataset, path: Path) -> None:
    ox = oxigraph_of(ds)
    if ox is None:
        ds.serialize(destination=str(path), format="trig", encoding="utf-8")
        return
    import pyoxigraph

    ox.dump(str(path), pyoxigraph.RdfFormat.TRIG, prefixes=dict(vocab.PREFIXES))


def _write_union(ds: Dataset, path: Path) -> None:
    ox = oxigraph_of(ds)
    if ox is None:
        union_graph(ds).serialize(destination=str(path), format="turtle", encoding="utf-8")
        return
    import pyoxigraph

    union = ox.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    # the union as one graph in a scratch store, so Oxigraph's writer can use prefixes
    scratch = pyoxigraph.Store()
    scratch.load(union.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES), format=pyoxigraph.RdfFormat.N_TRIPLES)
    scratch.dump(str(path), pyoxigraph.RdfFormat.TURTLE, from_graph=pyoxigraph.DefaultGraph(),
                 prefixes=dict(vocab.PREFIXES))


def open_store(spec: str) -> Dataset:
    """Reopen a persistent store for reading (``oxigraph:PATH``)."""
    return new_dataset(spec, read_only=True)


ALLOW_REMOTE_ENV = "KGRAPH_ALLOW_REMOTE_STORE"  # =1: what --allow-remote-store says, for every command


def recorded_store(out_dir: Path) -> str | None:
    """The store spec a build noted in ``out_dir/store.json``, or None; a broken file is a StoreError naming it."""
    import json

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
                where = parse_spec(spec).query
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
    ox = oxigraph_of(ds)
    if ox is not None:
        import pyoxigraph

        ox.load(path=str(trig), format=pyoxigraph.RdfFormat.TRIG)
    else:
        ds.parse(trig, format="trig")
    return ds
