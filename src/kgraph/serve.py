"""A read-only SPARQL 1.1 Protocol endpoint over a build, and a query page that works offline.

Why not rdflib-endpoint: it runs the query inside the event loop with no time
limit, decodes a form-encoded query twice (``parse.unquote`` after
``parse_qsl``), which corrupts kgraph's percent-encoded IRIs, and its page loads
YASGUI from a CDN. So this is a small Starlette app served by uvicorn:

- ``/sparql``: GET ``?query=``, POST form or ``application/sparql-query``;
  results by content negotiation (SPARQL JSON, CSV, TSV, XML; graphs as Turtle,
  N-Triples, JSON-LD, RDF/XML), or ``format=`` for a browser form.
- updates (``update=``, ``application/sparql-update``, or Update text sent as a
  query) are refused with 403.
- every query runs in a forked child process that is killed when the time limit
  passes (503), so a runaway query cannot keep a core busy after its answer.
- ``/queries`` lists the canned queries, ``/queries/NAME?param=value`` runs one
  with typed bindings, as ``kgraph query`` does.
- a query is checked first (:mod:`kgraph.guard`: no SERVICE unless its host is
  allowed, nothing too deep or long); ``query=`` is SPARQL or a canned name, never
  a file; answers are capped in rows and bytes (``X-Kgraph-Truncated`` says what
  was cut); a body over 10 MB is 413. Host, Origin and headers: :mod:`kgraph.security`.
- workers run in two lanes: a query still running after ``slow_after`` seconds
  leaves the quick lane for the slow one, so slow queries cannot hold every worker.
"""
from __future__ import annotations

import io
import logging
import multiprocessing
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable
from urllib.parse import parse_qs

from rdflib import Dataset, Graph

from . import guard, query, security
from .errors import KgraphError, ServeError

log = logging.getLogger(__name__)

RESULT_TYPES = {  # media type -> query.format_result name, for SELECT and ASK
    "application/sparql-results+json": "json", "application/json": "json",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
}
GRAPH_TYPES = {  # media type -> rdflib serializer, for CONSTRUCT and DESCRIBE
    "text/turtle": "turtle", "application/n-triples": "nt", "text/plain": "nt",
    "application/ld+json": "json-ld", "application/rdf+xml": "xml",
}
FORMAT_PARAM = {  # format= values a form or SPARQLWrapper may send; xml and json name a graph's form too
    "json": "application/sparql-results+json, application/ld+json;q=0.9", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "xml": "application/sparql-results+xml, application/rdf+xml;q=0.9",
    "turtle": "text/turtle", "ntriples": "application/n-triples", "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused (rebuild with `kgraph build` to change the graph)"
TEMPLATE = Path(__file__).parent / "templates" / "query.html"
CHUNK = 1 << 16  # bytes of an answer per pipe message and per write to the client


@dataclass(frozen=True)
class Settings:
    """How much one query may take (time, rows, bytes, request size) and what it may call."""

    timeout: float = 10.0
    workers: int = 2  # per lane: quick queries, and those running longer than slow_after
    max_rows: int = 100_000  # 0: no cap
    max_bytes: int = 32 << 20  # 0: no cap
    max_body: int = 10 << 20  # a request body larger than this is answered 413 unread
    slow_after: float = 1.0
    policy: guard.Policy = field(default_factory=guard.Policy)
    hosts: tuple[str, ...] = ()  # host names accepted besides loopback and the bound one


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes | BinaryIO  # a worker's answer arrives spooled: in memory when small, else in a temporary file
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def text(cls, status: int, message: str) -> "Answer":
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def _preferences(accept: str) -> list[str]:
    """Media types of an Accept header, most wanted first (q-values honoured, order kept on ties)."""
    ranked = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0] and q > 0:
            ranked.append((-q, i, fields[0].lower()))
    return [t for _, _, t in sorted(ranked)]


def negotiate(accept: str, offered: dict[str, str], default: str) -> str | None:
    """The offered media type the client prefers; ``default`` for */* or no header; None if nothing fits."""
    prefs = _preferences(accept or "*/*")
    for media in prefs:
        if media in offered:
            return media
        if media in ("*/*", "text/html", "application/xhtml+xml"):
            return default
        if media.endswith("/*"):
            family = media[:-1]
            match = next((m for m in offered if m.startswith(family)), None)
            if match:
                return match
    return None if prefs else default


def evaluate(ds: Dataset | Graph, text: str | query.CannedQuery, accept: str,
             params: dict[str, str] | None = None, settings: Settings = Settings()) -> Answer:
    """Run one query and serialize its results as negotiated, within the caps, into memory."""
    buffer = io.BytesIO()
    status, media, headers = answer_into(ds, text, accept, params, settings, buffer.write)
    return Answer(status, media, buffer.getvalue(), headers)


Head = tuple[int, str, tuple[tuple[str, str], ...]]  # status, media type, extra headers


def answer_into(ds: Dataset | Graph, text: str | query.CannedQuery, accept: str, params: dict[str, str] | None,
                settings: Settings, write: Callable[[bytes], object]) -> Head:
    """Run one query and ``write`` its answer piece by piece, within the caps (runs in the worker process).

    A SELECT in JSON, CSV or TSV is written row by row and stops at the caps, so no
    answer is ever held whole as one string; other answers are written at once.
    """
    try:
        result = query.run(ds, text, params, settings.policy, row_limit=settings.max_rows or None)
        kind = result.type
        if kind in ("CONSTRUCT", "DESCRIBE"):
            from . import vocab

            media = negotiate(accept, GRAPH_TYPES, "text/turtle") or "text/turtle"
            triples = list(result.graph)

            def graph_body(n: int) -> bytes:
                graph = vocab.bind_prefixes(Graph())
                for triple in triples[:n]:
                    graph.add(triple)
                return graph.serialize(format=GRAPH_TYPES[media], encoding="utf-8")

            body, note = _capped(len(triples), graph_body, settings, "triples")
            write(body)
            return 200, f"{media}; charset=utf-8", note
        offered = RESULT_TYPES if kind == "SELECT" else {k: v for k, v in RESULT_TYPES.items() if v in ("json", "xml")}
        # what cannot be had as asked comes as JSON rather than a 406: a browser or a tool then sees why
        media = negotiate(accept, offered, "application/sparql-results+json") or "application/sparql-results+json"
        fmt = RESULT_TYPES[media]
        if kind != "SELECT":
            write(query.format_result(result, fmt).encode("utf-8"))
            return 200, f"{media}; charset=utf-8", ()
        if fmt in query.STREAMED:
            return 200, f"{media}; charset=utf-8", _write_rows(result, fmt, settings, write)
        rows = result.bindings

        def rows_body(n: int) -> bytes:
            result.bindings = rows[:n]
            return query.format_result(result, fmt).encode("utf-8")

        body, note = _capped(len(rows), rows_body, settings, "rows")
        write(body)
        return 200, f"{media}; charset=utf-8", note
    except KgraphError as exc:
        message = str(exc)
        write((message + "\n").encode("utf-8"))
        return 403 if "SPARQL Update" in message else 400, "text/plain; charset=utf-8", ()


def _write_rows(result, fmt: str, settings: Settings, write: Callable[[bytes], object]) -> tuple[tuple[str, str], ...]:
    """A SELECT's rows written until a cap would be passed; the header that says where it stopped."""
    head, pieces, tail = query.select_pieces(result, fmt)
    written, kept, cut = len(head) + len(tail), 0, None
    write(head)
    for piece in pieces:
        if settings.max_rows and kept >= settings.max_rows:
            cut = f"max-rows={settings.max_rows}"
            break
        if settings.max_bytes and written + len(piece) > settings.max_bytes:
            cut = f"max-bytes={settings.max_bytes}"
            break
        write(piece)
        written += len(piece)
        kept += 1
    write(tail)
    return (("X-Kgraph-Truncated", f"{cut}; rows={kept}"),) if cut else ()


def _capped(total: int, body_of: Callable[[int], bytes], settings: Settings,
            unit: str) -> tuple[bytes, tuple[tuple[str, str], ...]]:
    """An answer written whole (RDF/XML, graphs) cut to the caps, and the header saying what was cut.

    The row cap comes first (Oxigraph reads one row past it, so more than the cap means
    more matched); the byte cap then drops items in proportion to the overshoot.
    """
    by_rows = min(total, settings.max_rows) if settings.max_rows else total
    kept = by_rows
    body = body_of(kept)
    while settings.max_bytes and len(body) > settings.max_bytes and kept > 0:
        kept = min(kept - 1, int(kept * settings.max_bytes / len(body) * 0.95))
        body = body_of(kept)
    if kept == total:
        return body, ()
    cap = f"max-bytes={settings.max_bytes}" if kept < by_rows else f"max-rows={settings.max_rows}"
    return body, (("X-Kgraph-Truncated", f"{cap}; {unit}={kept}"),)


def _child(conn, ds, text, accept: str, params: dict[str, str] | None, settings: Settings) -> None:
    """The worker: the answer in chunks of CHUNK bytes, an empty chunk, then (status, media, headers, error)."""
    pending = bytearray()

    def write(data: bytes) -> None:
        pending.extend(data)
        if len(pending) >= CHUNK:
            conn.send_bytes(pending)
            pending.clear()

    error = None
    try:
        status, media, headers = answer_into(ds, text, accept, params, settings, write)
    except BaseException as exc:  # the parent must always hear back
        status, media, headers = 500, "text/plain; charset=utf-8", ()
        error = f"query failed: {' '.join(str(exc).split())}"
    if pending and error is None:
        conn.send_bytes(pending)
    conn.send_bytes(b"")
    conn.send((status, media, headers, error))
    conn.close()


class Runner:
    """Runs each query in a forked child that shares the loaded dataset and dies at the time limit.

    Two lanes of ``workers`` each: a query starts in the quick lane; if it still runs after
    ``slow_after`` seconds it moves to the slow lane (or, that lane full, is stopped with
    503), so a few slow queries never keep a quick one waiting for the whole time limit.
    """

    def __init__(self, ds: Dataset | Graph, settings: Settings = Settings()) -> None:
        self.ds = ds
        self.settings = settings
        self.timeout = settings.timeout
        self.quick = threading.BoundedSemaphore(max(1, settings.workers))
        self.slow = threading.BoundedSemaphore(max(1, settings.workers))
        self.fork = "fork" in multiprocessing.get_all_start_methods()

    def __call__(self, text, accept: str, params: dict[str, str] | None = None) -> Answer:
        if not self.quick.acquire(timeout=self.timeout):
            return Answer.text(503, f"busy: every query worker stayed busy for {self.timeout:g} s; try again")
        if not self.fork:  # no fork (Windows, macOS spawn): answer on time, the thread runs on
            try:
                return self._in_thread(text, accept, params)
            finally:
                self.quick.release()
        return self._in_child(text, accept, params)

    def _too_slow(self) -> Answer:
        return Answer.text(503, f"query stopped: it ran longer than the {self.timeout:g} s limit "
                                "(narrow it, add LIMIT, or restart with `kgraph serve --timeout N`)")

    def _in_child(self, text, accept: str, params: dict[str, str] | None) -> Answer:
        """Run in a child; called holding a quick-lane place, which it gives back.

        The answer is spooled as it comes (memory up to 1 MiB, then a temporary file),
        so large answers at once cost the server disk rather than memory.
        """
        held = self.quick
        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_child, args=(send, self.ds, text, accept, params, self.settings), daemon=True)
        spool = tempfile.SpooledTemporaryFile(max_size=1 << 20)
        started = time.monotonic()
        deadline, lane_change = started + self.timeout, started + min(self.settings.slow_after, self.timeout)
        try:
            child.start()
            send.close()
            while True:
                target = deadline if held is self.slow else lane_change
                if not receive.poll(max(0.0, target - time.monotonic())):
                    if target >= deadline:
                        child.kill()
                        spool.close()
                        return self._too_slow()
                    if not self.slow.acquire(blocking=False):
                        child.kill()
                        spool.close()
                        return Answer.text(503, f"busy: {self.settings.workers} slow queries are running and "
                                                f"this one ran over {self.settings.slow_after:g} s too; try again "
                                                "when they are done")
                    self.quick.release()
                    held = self.slow
                    continue
                chunk = receive.recv_bytes()
                if not chunk:
                    break
                spool.write(chunk)
            status, media, headers, error = receive.recv()
            if error is not None:
                spool.close()
                return Answer.text(status, error)
            spool.seek(0)
            return Answer(status, media, spool, headers)
        except EOFError:
            spool.close()
            child.join(1)
            return Answer.text(500, f"the query worker died (exit code {child.exitcode})")
        finally:
            held.release()
            receive.close()
            child.join(1)
            if child.is_alive():
                child.kill()
                child.join()

    def _in_thread(self, text, accept: str, params: dict[str, str] | None) -> Answer:
        from concurrent.futures import ThreadPoolExecutor, TimeoutError

        pool = ThreadPoolExecutor(max_workers=1)
        future = pool.submit(evaluate, self.ds, text, accept, params, self.settings)
        pool.shutdown(wait=False)
        try:
            return future.result(self.timeout)
        except TimeoutError:
            return self._too_slow()


def create_app(source: Dataset | Graph | str | Path, settings: Settings = Settings(), bind: str = "127.0.0.1"):
    """The ASGI app: ``/`` (page), ``/sparql`` (protocol), ``/queries`` and ``/queries/NAME`` (canned)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
    from starlette.routing import Route

    ds = query.as_dataset(source)
    runner = Runner(ds, settings)
    page_text = TEMPLATE.read_text(encoding="utf-8")

    def respond(answer: Answer) -> Response:
        if isinstance(answer.body, bytes):
            return Response(answer.body, status_code=answer.status, media_type=answer.media_type,
                            headers=dict(answer.headers))
        spool = answer.body
        size = spool.seek(0, 2)
        spool.seek(0)

        def chunks():
            with spool:  # closed (and its file removed) when sent, or when the client goes away
                while chunk := spool.read(CHUNK):
                    yield chunk

        return StreamingResponse(chunks(), status_code=answer.status, media_type=answer.media_type,
                                 headers={**dict(answer.headers), "content-length": str(size)})

    def accept_of(request: Request, fields: dict[str, str]) -> str:
        fmt = fields.get("format") or request.query_params.get("format")
        return FORMAT_PARAM.get(fmt or "", request.headers.get("accept", "*/*"))

    async def sparql(request: Request) -> Response:
        fields: dict[str, str] = {}
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                body = (await security.read_body(request, settings.max_body)).decode("utf-8", errors="replace")
            except security.BodyTooLarge:
                return respond(Answer.text(413, f"request body over {settings.max_body:,} bytes refused"))
            if content_type == "application/sparql-update":
                return respond(Answer.text(403, READ_ONLY))
            if content_type == "application/sparql-query":
                fields["query"] = body
            elif content_type == "application/x-www-form-urlencoded":
                fields = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
            else:
                return respond(Answer.text(415, "POST a query as application/x-www-form-urlencoded (query=...) "
                                                "or application/sparql-query"))
        for key in ("query", "update", "format"):
            if key not in fields and key in request.query_params:
                fields[key] = request.query_params[key]
        if "update" in fields:
            return respond(Answer.text(403, READ_ONLY))
        text = fields.get("query", "")
        if not text.strip():
            return respond(Answer.text(400, "no query: send ?query=SELECT... (the page at / has a form)"))
        try:  # refused here, before a worker is forked for it
            canned = query.from_request(text)
            guard.check(canned.text, settings.policy)
        except KgraphError as exc:
            return respond(Answer.text(404 if "no canned query" in str(exc) else 400, str(exc)))
        return respond(await run_in_threadpool(runner, canned, accept_of(request, fields)))

    async def canned(request: Request) -> Response:
        name = request.path_params["name"]
        params = {k: v for k, v in request.query_params.items() if k != "format"}
        try:
            q = query.get_query(name)
        except KgraphError as exc:
            return respond(Answer.text(404, str(exc)))
        return respond(await run_in_threadpool(runner, q, accept_of(request, {}), params))

    async def catalogue(request: Request) -> Response:
        return JSONResponse([{"name": q.name, "answers": q.answers, "text": q.text,
                              "params": [{"name": p.name, "type": p.type, "required": p.required,
                                          "description": p.description} for p in q.params]}
                             for q in query.list_queries()])

    async def page(request: Request) -> Response:
        nonce = security.new_nonce()
        return HTMLResponse(page_text.replace("{{nonce}}", nonce), media_type="text/html; charset=utf-8",
                            headers={"Content-Security-Policy": security.page_csp(nonce)})

    app = Starlette(routes=[
        Route("/", page),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", catalogue),
        Route("/queries/{name}", canned),
    ])
    return security.Guard(app, security.allowed_hosts(bind, settings.hosts))


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``, so a busy port is one line before anything says "serving"."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def serve(source: Dataset | Graph | str | Path, host: str = "127.0.0.1", port: int = 8000,
          settings: Settings = Settings(), sock: socket.socket | None = None) -> None:
    """Serve until interrupted (blocking), on ``sock`` if given (see :func:`listen`)."""
    import uvicorn

    sock = sock or listen(host, port)
    server = uvicorn.Server(uvicorn.Config(create_app(source, settings, bind=host), log_level="warning",
                                           server_header=False))  # no "server: uvicorn" to fingerprint
    server.run(sockets=[sock])
