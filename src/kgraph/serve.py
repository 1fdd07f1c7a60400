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
  a file; answers are capped in rows and bytes (:mod:`kgraph.answers`) and spooled
  to a temporary file as they come; a body over 10 MB is 413. Host, Origin and
  headers: :mod:`kgraph.security`.
- workers run in two lanes: a query still running after ``slow_after`` seconds
  leaves the quick lane for the slow one, so slow queries cannot hold every worker.
"""
from __future__ import annotations

import logging
import multiprocessing
import socket
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs

from rdflib import Dataset, Graph

from . import explore_routes, guard, query, security
from .answers import Answer, Settings, answer_into, evaluate
from .errors import KgraphError, ServeError

log = logging.getLogger(__name__)

FORMAT_PARAM = {  # format= values a form or SPARQLWrapper may send; xml and json name a graph's form too
    "json": "application/sparql-results+json, application/ld+json;q=0.9", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "xml": "application/sparql-results+xml, application/rdf+xml;q=0.9",
    "turtle": "text/turtle", "ntriples": "application/n-triples", "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused (rebuild with `kgraph build` to change the graph)"
TEMPLATE = Path(__file__).parent / "templates" / "query.html"
CHUNK = 1 << 16  # bytes of an answer per pipe message and per write to the client


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
        *explore_routes.routes(ds),  # /explore: the graph explorer, neighbourhoods fetched on demand
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
