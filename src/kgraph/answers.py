"""A query's answer as the endpoint sends it: negotiated media type, caps, and the bytes, piece by piece.

Runs in the endpoint's worker processes. A SELECT in JSON, CSV or TSV is written
row by row and stops where a cap would be passed, so no answer is ever held whole
as one string; ``X-Kgraph-Truncated`` then says which cap cut it and how many rows
went out. RDF/XML results and graphs are written whole, cut in proportion.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import BinaryIO, Callable

from rdflib import Dataset, Graph

from . import guard, query, vocab
from .errors import KgraphError

RESULT_TYPES = {  # media type -> query.format_result name, for SELECT and ASK
    "application/sparql-results+json": "json", "application/json": "json",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
}
GRAPH_TYPES = {  # media type -> rdflib serializer, for CONSTRUCT and DESCRIBE
    "text/turtle": "turtle", "application/n-triples": "nt", "text/plain": "nt",
    "application/ld+json": "json-ld", "application/rdf+xml": "xml",
}


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
