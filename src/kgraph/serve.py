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
"""
from __future__ import annotations

import logging
import multiprocessing
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from rdflib import Dataset, Graph

from . import query
from .errors import KgraphError

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
FORMAT_PARAM = {  # format= values a form or SPARQLWrapper may send
    "json": "application/sparql-results+json", "csv": "text/csv", "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml", "turtle": "text/turtle", "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused (rebuild with `kgraph build` to change the graph)"


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes

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


def evaluate(ds: Dataset | Graph, text: str, accept: str, params: dict[str, str] | None = None) -> Answer:
    """Run one query and serialize its results as negotiated (runs in the worker process)."""
    try:
        result = query.run(ds, text, params)
        kind = result.type
        if kind in ("CONSTRUCT", "DESCRIBE"):
            media = negotiate(accept, GRAPH_TYPES, "text/turtle") or "text/turtle"
            from . import vocab

            body = vocab.bind_prefixes(result.graph).serialize(format=GRAPH_TYPES[media], encoding="utf-8")
            return Answer(200, f"{media}; charset=utf-8", body)
        offered = RESULT_TYPES if kind == "SELECT" else {k: v for k, v in RESULT_TYPES.items() if v in ("json", "xml")}
        # what cannot be had as asked comes as JSON rather than a 406: a browser or a tool then sees why
        media = negotiate(accept, offered, "application/sparql-results+json") or "application/sparql-results+json"
        body = query.format_result(result, RESULT_TYPES[media]).encode("utf-8")
        return Answer(200, f"{media}; charset=utf-8", body)
    except KgraphError as exc:
        message = str(exc)
        return Answer.text(403 if "SPARQL Update" in message else 400, message)


def _child(conn, ds, text: str, accept: str, params: dict[str, str] | None) -> None:
    try:
        answer = evaluate(ds, text, accept, params)
    except BaseException as exc:  # the parent must always hear back
        answer = Answer.text(500, f"query failed: {' '.join(str(exc).split())}")
    conn.send((answer.status, answer.media_type, answer.body))
    conn.close()


class Runner:
    """Runs each query in a forked child that shares the loaded dataset and dies at the time limit."""

    def __init__(self, ds: Dataset | Graph, timeout: float = 10.0, workers: int = 2) -> None:
        self.ds = ds
        self.timeout = timeout
        self.slots = threading.BoundedSemaphore(max(1, workers))
        self.fork = "fork" in multiprocessing.get_all_start_methods()

    def __call__(self, text: str, accept: str, params: dict[str, str] | None = None) -> Answer:
        if not self.slots.acquire(timeout=self.timeout):
            return Answer.text(503, f"busy: every query worker stayed busy for {self.timeout:g} s; try again")
        try:
            if not self.fork:  # no fork (Windows, macOS spawn): answer on time, the thread runs on
                return self._in_thread(text, accept, params)
            return self._in_child(text, accept, params)
        finally:
            self.slots.release()

    def _too_slow(self) -> Answer:
        return Answer.text(503, f"query stopped: it ran longer than the {self.timeout:g} s limit "
                                "(narrow it, add LIMIT, or restart with `kgraph serve --timeout N`)")

    def _in_child(self, text: str, accept: str, params: dict[str, str] | None) -> Answer:
        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_child, args=(send, self.ds, text, accept, params), daemon=True)
        child.start()
        send.close()
        try:
            if not receive.poll(self.timeout):
                child.kill()
                return self._too_slow()
            status, media, body = receive.recv()
            return Answer(status, media, body)
        except EOFError:
            return Answer.text(500, f"the query worker died (exit code {child.exitcode})")
        finally:
            receive.close()
            child.join(1)
            if child.is_alive():
                child.kill()
                child.join()

    def _in_thread(self, text: str, accept: str, params: dict[str, str] | None) -> Answer:
        from concurrent.futures import ThreadPoolExecutor, TimeoutError

        pool = ThreadPoolExecutor(max_workers=1)
        future = pool.submit(evaluate, self.ds, text, accept, params)
        pool.shutdown(wait=False)
        try:
            return future.result(self.timeout)
        except TimeoutError:
            return self._too_slow()


def create_app(source: Dataset | Graph | str | Path, timeout: float = 10.0, workers: int = 2):
    """The ASGI app: ``/`` (page), ``/sparql`` (protocol), ``/queries`` and ``/queries/NAME`` (canned)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    ds = query.as_dataset(source)
    runner = Runner(ds, timeout, workers)

    def respond(answer: Answer) -> Response:
        return Response(answer.body, status_code=answer.status, media_type=answer.media_type)

    def accept_of(request: Request, fields: dict[str, str]) -> str:
        fmt = fields.get("format") or request.query_params.get("format")
        return FORMAT_PARAM.get(fmt or "", request.headers.get("accept", "*/*"))

    async def sparql(request: Request) -> Response:
        fields: dict[str, str] = {}
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = (await request.body()).decode("utf-8", errors="replace")
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
        return respond(await run_in_threadpool(runner, text, accept_of(request, fields)))

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
        return HTMLResponse(PAGE, media_type="text/html; charset=utf-8")

    return Starlette(routes=[
        Route("/", page),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", catalogue),
        Route("/queries/{name}", canned),
    ])


def serve(source: Dataset | Graph | str | Path, host: str = "127.0.0.1", port: int = 8000,
          timeout: float = 10.0, workers: int = 2) -> None:
    """Serve until interrupted (blocking)."""
    import uvicorn

    app = create_app(source, timeout, workers)
    uvicorn.run(app, host=host, port=port, log_level="warning")


PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>kgraph SPARQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:72rem}
textarea{width:100%;height:16rem;font-family:ui-monospace,monospace;font-size:.9rem}
table{border-collapse:collapse;margin-top:1rem}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}#status{color:#555;margin-left:1rem}.error{color:#a00;white-space:pre-wrap}
label{margin-right:1rem}#params input{margin:0 .5rem .3rem 0}
</style></head><body>
<h1>kgraph SPARQL</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>/sparql</code>; prefixes kg:, kgid:, org:, rdfs:, skos:, dcterms:
are predeclared. Canned queries: <code>/queries</code>.</p>
<form id="form" method="get" action="sparql">
<label>Canned query <select id="canned"><option value="">(write your own)</option></select></label>
<div id="answers"></div><div id="params"></div>
<textarea name="query" id="query">SELECT ?person ?post WHERE {
  ?p a kg:Person ; rdfs:label ?person ; org:holds/rdfs:label ?post .
} ORDER BY ?person LIMIT 50</textarea>
<p><label>Results <select name="format" id="format">
<option value="json">table (JSON)</option><option value="csv">CSV</option>
<option value="tsv">TSV</option><option value="xml">XML</option><option value="turtle">Turtle (CONSTRUCT)</option>
</select></label><button type="submit">Run</button><span id="status"></span></p>
</form>
<div id="out"></div>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
let catalogue = [];
function cell(tag, text) { const c = document.createElement(tag); c.textContent = text; return c; }
function show(data) {
  const out = $("out"); out.textContent = "";
  if (typeof data.boolean === "boolean") { out.append(cell("p", String(data.boolean))); return; }
  const vars = data.head.vars, rows = data.results.bindings, table = document.createElement("table");
  const head = document.createElement("tr"); vars.forEach(v => head.append(cell("th", v))); table.append(head);
  rows.forEach(r => { const tr = document.createElement("tr");
    vars.forEach(v => tr.append(cell("td", r[v] ? r[v].value : ""))); table.append(tr); });
  out.append(table); $("status").textContent = rows.length + " rows";
}
function chosen() { return catalogue.find(q => q.name === $("canned").value); }
$("canned").addEventListener("change", () => {
  const q = chosen(); $("params").textContent = ""; $("answers").textContent = q ? q.answers : "";
  if (!q) return;
  $("query").value = q.text;
  q.params.forEach(p => { const i = document.createElement("input"); i.name = "param:" + p.name;
    i.placeholder = p.name + " (" + p.type + (p.required ? "" : ", optional") + ")"; i.title = p.description;
    $("params").append(i); });
});
$("form").addEventListener("submit", async (e) => {
  const fmt = $("format").value; if (fmt !== "json") return;  // other formats: the browser shows the raw answer
  e.preventDefault(); $("status").textContent = "running…"; $("out").textContent = "";
  const q = chosen(); let resp;
  try {
    if (q && $("query").value === q.text) {
      const args = new URLSearchParams();
      document.querySelectorAll("#params input").forEach(i => { if (i.value) args.set(i.name.slice(6), i.value); });
      resp = await fetch("queries/" + encodeURIComponent(q.name) + "?" + args, {headers: {Accept: "application/sparql-results+json"}});
    } else {
      resp = await fetch("sparql", {method: "POST", body: new URLSearchParams({query: $("query").value}),
        headers: {Accept: "application/sparql-results+json"}});
    }
    if (!resp.ok) { $("status").textContent = "error " + resp.status; $("out").append(cell("p", await resp.text())).className = "error"; return; }
    const type = resp.headers.get("content-type") || "";
    if (type.includes("json")) show(await resp.json()); else { $("out").append(cell("pre", await resp.text())); $("status").textContent = ""; }
  } catch (err) { $("status").textContent = String(err); }
});
fetch("queries").then(r => r.json()).then(list => { catalogue = list;
  list.forEach(q => { const o = cell("option", q.name + " — " + q.answers); o.value = q.name; $("canned").append(o); }); });
</script>
</body></html>
"""
