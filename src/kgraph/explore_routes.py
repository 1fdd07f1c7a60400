"""The explorer served by ``kgraph serve``: the same page, with search and neighbourhoods fetched on demand.

``/explore`` sends the page with only the overview in it; the page then asks
``/explore/search?q=TEXT`` for matching nodes and ``/explore/neighbourhood?iri=IRI`` for a node's
neighbours with their relations and sources (read by ``neighbourhood.py`` with index lookups), so a
store of a million triples is explorable without embedding it. Nodes are named by IRI, so the
pieces fit together. Everything stays read-only.
"""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from . import explore, neighbourhood, security, view, vocab
from .graphview import _PREFIXES, NODE_TYPES, graph_data
from .vocab import KG, RDF

SEARCH_LIMIT = 30
SEARCH_QUERY = _PREFIXES + f"""
SELECT ?n (MIN(?name) AS ?label) WHERE {{
  {{ SELECT DISTINCT ?n ?name WHERE {{ GRAPH ?g {{ ?n rdfs:label|dcterms:title ?name }} FILTER(CONTAINS(LCASE(STR(?name)), __TEXT__)) }} }}
  {{ SELECT DISTINCT ?n WHERE {{ VALUES ?class {{ {" ".join(f"<{t.cls}>" for t in NODE_TYPES.values())} }} GRAPH ?h {{ ?n a ?class }} }} }}
}} GROUP BY ?n ORDER BY STRLEN(MIN(?name)) ?label LIMIT {SEARCH_LIMIT}"""
OVERVIEW_QUERY = _PREFIXES + f"""
SELECT ?n (MAX(?score) AS ?rank) WHERE {{
  GRAPH <{vocab.graph_iri("analysis")}> {{ ?n kg:pagerank ?score }}
  FILTER EXISTS {{ GRAPH ?g {{ ?n a kg:Person }} }}
}} GROUP BY ?n ORDER BY DESC(?rank) LIMIT {explore.OVERVIEW}"""


def _piece(ds: Graph, nodes: set[URIRef]) -> dict:
    """The explorer's data for ``nodes``, named by IRI."""
    small = neighbourhood.extract(ds, nodes)
    piece = graph_data(small)
    return explore.explorer_data(small, piece, overview=len(piece.nodes), by_iri=True)


def overview(ds: Graph) -> dict:
    """The most central officials (by the build's PageRank) and the meetings between them."""
    people = {n for n, _ in ds.query(OVERVIEW_QUERY)}
    if not people:  # a build without analysis: the first officials by IRI
        people = set(sorted(set(ds.subjects(RDF.type, KG.Person)))[:explore.OVERVIEW])
    data = _piece(ds, people)
    data["served"] = True
    return data


def neighbours(ds: Graph, iri: str) -> dict:
    """A node, its neighbours and the relations among them."""
    node = URIRef(iri)
    return _piece(ds, {node} | neighbourhood.step(ds, node))


def search(ds: Graph, text: str) -> list[dict]:
    """Nodes whose label or title contains ``text`` (case-insensitive), shortest first."""
    text = text.strip().lower()
    if not text:
        return []
    # the text as an N-Triples literal written by rdflib: quotes and braces in it stay inside it
    query = SEARCH_QUERY.replace("__TEXT__", Literal(text).n3(), 1)
    return [{"id": str(n), "full": str(label)} for n, label in ds.query(query)]


def routes(ds: Graph) -> list:
    """Starlette routes for ``kgraph serve``: the page, search and neighbourhoods."""
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response

    async def page(request: Request) -> Response:
        data = await run_in_threadpool(overview, ds)
        nonce = security.new_nonce()
        html = view.page_html(data, "kgraph 知识图谱（服务）", view.measure_of(ds), served=True, nonce=nonce)
        return HTMLResponse(html, media_type="text/html; charset=utf-8",
                            headers={"Content-Security-Policy": security.page_csp(nonce)})

    async def around(request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not iri.startswith(("http://", "https://", "urn:")):
            return JSONResponse({"error": "give ?iri=<an IRI of the graph>"}, status_code=400)
        return JSONResponse(await run_in_threadpool(neighbours, ds, iri))

    async def find(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(search, ds, request.query_params.get("q", "")))

    from starlette.routing import Route

    return [Route("/explore", page), Route("/explore/neighbourhood", around), Route("/explore/search", find)]
