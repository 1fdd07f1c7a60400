"""The HTTP client of a SPARQL 1.1 server that holds the dataset: ``--store http://HOST:PORT/``.

Two store specs name a server:

``http://HOST:PORT/`` (or ``https://``, with any path prefix)
    An Oxigraph server (``oxigraph serve``) or one laid out like it: queries at
    ``BASE/query``, updates at ``BASE/update``, the Graph Store at ``BASE/store``.
    A batch of documents is one POST of its N-Quads to ``/store``; queries ask for
    the union of the named graphs as default graph (``?union-default-graph``); the
    dataset is dumped with one ``GET /store``.

``sparql+QUERY_URL|UPDATE_URL[|STORE_URL]``
    Any SPARQL 1.1 server, e.g. Fuseki's
    ``sparql+http://h:3030/kg/query|http://h:3030/kg/update|http://h:3030/kg/data``.
    Each named graph is POSTed to the Graph Store endpoint as N-Triples or, without
    one, sent in an ``INSERT DATA``. kgraph's queries read the default graph as the
    union of the documents' graphs, so the server must be set up that way (Fuseki:
    ``tdb2:unionDefaultGraph true``; Oxigraph: ``serve --union-default-graph``).

Reading goes through an rdflib ``Dataset`` over rdflib's ``SPARQLUpdateStore``
(:func:`open_dataset`), so ``kgraph.query.run`` works unchanged. Query parameters
are sent as a ``VALUES`` row at the top of every group of the query, which binds
them where Oxigraph's substitutions and rdflib's ``initBindings`` would (rdflib's
own store appends one ``VALUES`` after the query, where a ``FILTER`` on a parameter
inside a group sees it unbound). Every failure is a :class:`StoreError` naming
the endpoint and the cause on one line.
"""
from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from rdflib import Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result
from rdflib.term import Identifier

from .. import vocab
from ..atomic import atomic_path
from ..errors import StoreError, one_line
from .backend import COUNTS, HASHES, UNION_HEADER, document_id
from .oxigraph import OxigraphBackend, to_ox
from .sparql_text import declare_prefixes, split_prologue, with_values

if TYPE_CHECKING:
    import urllib3

log = logging.getLogger(__name__)

LOADERS = ("dataset", "gsp", "update")  # POST N-Quads to /store | POST each graph | INSERT DATA
_RESULTS = "application/sparql-results+json, application/n-triples;q=0.9"
_QUADS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class Endpoints:
    """Where a server answers queries, updates and Graph Store requests."""

    query: str
    update: str
    store: str | None = None  # Graph Store Protocol endpoint
    oxigraph: bool = False  # speaks Oxigraph's extensions (N-Quads to /store, union-default-graph)

    @property
    def loader(self) -> str:
        return "dataset" if self.oxigraph else "gsp" if self.store else "update"


def _http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def parse_spec(spec: str) -> Endpoints:
    """The endpoints of ``http://HOST:PORT/`` (Oxigraph's layout) or ``sparql+QUERY|UPDATE[|STORE]``."""
    if spec.startswith("sparql+"):
        urls = spec.removeprefix("sparql+").split("|")
        if len(urls) not in (2, 3) or not all(map(_http_url, urls)):
            raise StoreError(f"store {spec!r}: write sparql+QUERY_URL|UPDATE_URL[|STORE_URL], each http(s)://…")
        return Endpoints(urls[0], urls[1], urls[2] if len(urls) == 3 else None)
    if _http_url(spec):
        base = spec if spec.endswith("/") else spec + "/"
        return Endpoints(base + "query", base + "update", base + "store", oxigraph=True)
    raise StoreError(f"store {spec!r}: a remote store is http://HOST:PORT/ or sparql+QUERY_URL|UPDATE_URL[|STORE_URL]")


def _cause(exc: Exception) -> str:
    """A short reason for a failed connection, without urllib3's object reprs."""
    import urllib3.exceptions as ux

    if isinstance(exc, ux.NewConnectionError):
        return "cannot connect: " + str(exc).rpartition("new connection: ")[2]
    if isinstance(exc, ux.NameResolutionError):
        return "unknown host"
    if isinstance(exc, (ux.ConnectTimeoutError, ux.ReadTimeoutError)):
        return "timed out"
    if isinstance(exc, ux.ProtocolError):
        return "connection lost: " + str(exc.args[-1] if exc.args else exc)
    return str(exc)


class RemoteStore:
    """One server's endpoints and a pooled HTTP client; what its backend (``store.http``) needs of it."""

    def __init__(self, spec: str, timeout: float = 600.0, loader: str | None = None) -> None:
        import urllib3

        self.spec = spec
        self.endpoints = parse_spec(spec)
        self.loader = loader or self.endpoints.loader
        if self.loader not in LOADERS or (self.loader == "gsp" and not self.endpoints.store):
            raise StoreError(f"store {spec!r}: cannot load by {self.loader!r}")
        self._http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=10.0, read=timeout))
        self._queued: list[Callable[[], None]] = []  # rdflib stores' pending edits, sent before any request

    def flush(self) -> None:
        """Send the edits rdflib queued (``Graph.add``), so reads see them and writes keep their order."""
        for send in self._queued:
            send()

    def __repr__(self) -> str:
        return f"RemoteStore({self.spec!r})"

    # --- HTTP ------------------------------------------------------------------------

    def _send(self, method: str, url: str, body: bytes | None = None, content_type: str | None = None,
              accept: str | None = None, params: Mapping[str, str] | None = None,
              stream: bool = False) -> urllib3.BaseHTTPResponse:
        import urllib3

        self.flush()
        headers = {}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        target = url + ("&" if "?" in url else "?") + urlencode(params) if params else url
        try:
            response = self._http.request(method, target, body=body, headers=headers, preload_content=not stream)
        except urllib3.exceptions.HTTPError as exc:
            raise StoreError(f"{method} {url}: {_cause(exc)}") from None
        if response.status >= 400:
            detail = one_line(response.data.decode("utf-8", "replace"), 200) if response.data else ""
            response.release_conn()
            raise StoreError(f"{method} {url}: HTTP {response.status} {response.reason or ''}".rstrip()
                             + (f": {detail}" if detail else ""))
        return response

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None,
              default_graph: str | None = None) -> Result:
        """Run a query on the server; ``bindings`` are bound in every group (see :func:`with_values`)."""
        text = with_values(sparql, bindings) if bindings else sparql
        params: dict[str, str] = {}
        if default_graph is not None:
            params["default-graph-uri"] = default_graph
        elif self.endpoints.oxigraph:
            params["union-default-graph"] = ""
        response = self._send("POST", self.endpoints.query, text.encode("utf-8"), "application/sparql-query",
                              _RESULTS, params)
        content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip()
        try:
            return Result.parse(io.BytesIO(response.data), content_type=content_type)
        except Exception as exc:
            raise StoreError(f"POST {self.endpoints.query}: unreadable {content_type or 'answer'} "
                             f"({one_line(str(exc), 200)})") from None

    def update(self, sparql: str) -> None:
        self._send("POST", self.endpoints.update, sparql.encode("utf-8"), "application/sparql-update")

    # --- what the backend needs--------------------------------------------------------

    def load_nquads(self, data: str | bytes) -> None:
        """Add quads: one request per batch (Oxigraph, Update) or per named graph (Graph Store)."""
        if not data:
            return
        raw = data.encode("utf-8") if isinstance(data, str) else data
        if self.loader == "dataset":
            # lenient: rdf.py escapes its IRIs and literals itself (as store.load_nquads assumes)
            self._send("POST", self.endpoints.store, raw, "application/n-quads", params={"lenient": ""})
            return
        graphs = _by_graph(raw)
        if self.loader == "gsp":
            for graph, triples in graphs:
                where = {"graph": graph} if graph else {"default": ""}
                self._send("POST", self.endpoints.store, triples, "application/n-triples", params=where)
            return
        blocks = [f"GRAPH <{g}> {{\n".encode() + t + b"}\n" if g else t for g, t in graphs]
        self._send("POST", self.endpoints.update, b"INSERT DATA {\n" + b"".join(blocks) + b"}\n",
                   "application/sparql-update")

    def document_hashes(self) -> dict[str, str]:
        """doc_id -> content hash of every document on the server (the query of ``store.document_hashes``)."""
        return {document_id(str(g)): str(h) for g, h in self.query(HASHES)}

    def drop_document(self, doc_id: str) -> None:
        """Remove one document's named graph (before its new version is loaded)."""
        self.update(f"DROP SILENT GRAPH <{vocab.doc_iri(doc_id)}>")

    def counts(self) -> dict[str, int]:
        """Distinct persons, posts and reported meetings, and all quads (as ``store.counts``)."""
        row = next(iter(self.query(COUNTS)))
        return {"persons": int(row[0]), "posts": int(row[1]), "meetings": int(row[2]),
                "triples": self.count_quads()}

    def graph_ntriples(self, graph_iri: str) -> bytes:
        """One named graph as N-Triples."""
        construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
        return self._send("POST", self.endpoints.query, construct.encode("utf-8"), "application/sparql-query",
                          "application/n-triples").data

    def count_quads(self) -> int:
        return int(next(iter(self.query(_QUADS_COUNT)))[0])

    def clear(self) -> None:
        """Remove every graph (tests and ``--rebuild``-like uses)."""
        self.update("DROP SILENT ALL")

    def dump_nquads(self) -> bytes:
        """The whole dataset as N-Quads."""
        if self.endpoints.oxigraph:
            return self._send("GET", self.endpoints.store, accept="application/n-quads").data
        return _nquads(self.query(_QUADS))

    def write_dataset(self, path: Path, fmt: str = "trig") -> None:
        """Write the dataset into ``path`` as ``trig`` or ``nquads``; streamed from an Oxigraph server."""
        if fmt not in ("trig", "nquads"):
            raise StoreError(f"cannot dump {self.spec} as {fmt!r}: use trig or nquads")
        if not self.endpoints.oxigraph:
            nquads = self.dump_nquads()
            Path(path).write_bytes(_as_trig(nquads) if fmt == "trig" else nquads)
            return
        accept = "application/trig" if fmt == "trig" else "application/n-quads"
        response = self._send("GET", self.endpoints.store, accept=accept, stream=True)
        self._stream(response, Path(path), f"GET {self.endpoints.store}")

    def write_union(self, path: Path) -> None:
        """Write the union of the named graphs into ``path`` as N-Triples (which is Turtle), streamed."""
        response = self._send("POST", self.endpoints.query, _UNION.encode("utf-8"), "application/sparql-query",
                              "application/n-triples", stream=True)
        self._stream(response, Path(path), f"POST {self.endpoints.query}", UNION_HEADER)

    def dump(self, path: Path, fmt: str = "trig") -> Path:
        """``write_dataset`` atomically: an interrupted dump leaves the previous file."""
        with atomic_path(Path(path)) as tmp:
            self.write_dataset(tmp, fmt)
        return Path(path)

    def _stream(self, response: urllib3.BaseHTTPResponse, path: Path, where: str, header: bytes = b"") -> None:
        import urllib3

        try:
            with open(path, "wb") as out:
                out.write(header)
                out.writelines(response.stream(1 << 20))
        except urllib3.exceptions.HTTPError as exc:
            raise StoreError(f"{where}: {_cause(exc)}") from None
        finally:
            response.release_conn()

    def snapshot(self) -> Dataset:
        """A local in-memory Oxigraph copy of the whole dataset, for analysis, views and validation."""
        ds = OxigraphBackend.open("oxigraph")
        OxigraphBackend(ds).load(self.dump_nquads(), "nquads")
        return ds


# --- rdflib's view of the server --------------------------------------------------------

class SPARQLServerStore(SPARQLUpdateStore):
    """rdflib's SPARQL store speaking through a RemoteStore: its HTTP client, errors and bindings.

    Prepared queries (``kgraph.query.prepare``) are sent as their text; the
    dataset's default graph is the union of the named graphs, as for local stores.
    ``Graph.add`` is queued and sent as one update before the next request (the
    analysis graph is thousands of triples: one request each would take minutes).
    """

    def __init__(self, remote: RemoteStore) -> None:
        super().__init__(remote.endpoints.query, remote.endpoints.update, autocommit=False, dirty_reads=True)
        self.remote = remote
        remote._queued.append(self.commit)

    def commit(self) -> None:
        """Queued edits in as few requests as their PREFIX lines allow.

        Oxigraph accepts a prologue only at the start of a request, not after a ``;``,
        so a run of edits is sent under one prologue and a different one starts a new request.
        """
        edits, self._edits = self._edits, None
        runs: list[tuple[str, list[str]]] = []
        for text in edits or ():
            prologue, operation = split_prologue(text)
            if runs and (not prologue or prologue == runs[-1][0]):
                runs[-1][1].append(operation)
            else:
                runs.append((prologue, [operation]))
        for prologue, operations in runs:
            self._update(prologue + "\n" + " ;\n".join(operations))

    def add_graph(self, graph: Any) -> None:  # SILENT: Oxigraph refuses to create a graph twice
        if graph.identifier != DATASET_DEFAULT_GRAPH_ID:
            self._transaction().append(f"CREATE SILENT GRAPH <{graph.identifier}>")

    def remove_graph(self, graph: Any) -> None:  # SILENT: or to drop one that is not there
        self._transaction().append("DROP SILENT DEFAULT" if graph.identifier == DATASET_DEFAULT_GRAPH_ID
                                   else f"DROP SILENT GRAPH <{graph.identifier}>")

    def query(self, query: Any, initNs: Mapping[str, Any] | None = None,
              initBindings: Mapping[str, Identifier] | None = None, queryGraph: Any = None,
              DEBUG: bool = False) -> Result:
        namespaces = dict(self.nsBindings)
        if isinstance(query, str):
            text = query
        else:  # a prepared rdflib Query keeps the text it was parsed from
            text, prepared_ns, _base = query._original_args
            namespaces.update(prepared_ns or {})
        namespaces.update(initNs or {})
        graph = str(queryGraph) if self._is_contextual(queryGraph) else None
        return self.remote.query(declare_prefixes(text, namespaces), initBindings, graph)

    def _query(self, query: str, default_graph: str | None = None) -> Result:  # rdflib's triples(), len() …
        self._queries += 1
        return self.remote.query(query, default_graph=default_graph)

    def _update(self, update: str) -> None:
        self._updates += 1
        self.remote.update(update)


# --- quads -----------------------------------------------------------------------------

def _by_graph(data: bytes) -> list[tuple[str | None, bytes]]:
    """N-Quads regrouped as (graph IRI or None for the default graph, its N-Triples)."""
    import pyoxigraph

    graphs: dict[str | None, list] = {}
    for quad in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True):
        name = quad.graph_name
        key = name.value if isinstance(name, pyoxigraph.NamedNode) else None
        graphs.setdefault(key, []).append(quad.triple)
    return [(g, pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES))
            for g, triples in graphs.items()]


def _nquads(rows: Iterable[Iterable[Identifier]]) -> bytes:
    """SELECT ?s ?p ?o ?g rows written as N-Quads (by Oxigraph's writer: escaping done right)."""
    import pyoxigraph

    quads = (pyoxigraph.Quad(*map(to_ox, row)) for row in rows)
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)


def _as_trig(nquads: bytes) -> bytes:
    import pyoxigraph

    quads = pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG, prefixes=dict(vocab.PREFIXES))
