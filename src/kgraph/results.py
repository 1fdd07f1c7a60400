"""A query's answer as people and programs read it: an aligned table, CSV, TSV, JSON or XML.

Cells show IRIs compacted by kgraph's prefixes and control characters escaped, so a
label from an article cannot move the terminal's cursor; SELECT answers can be written
row by row (:func:`select_pieces`) for a large result served over HTTP.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Iterable, Iterator
from urllib.parse import unquote

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Variable

from . import terminal, vocab
from .errors import QueryError, one_line
from .vocab import XSD

FORMATS = ("table", "csv", "tsv", "json", "xml")
_NUMERIC = {XSD.integer, XSD.int, XSD.long, XSD.decimal, XSD.double, XSD.float, XSD.nonNegativeInteger}


def compact_iri(iri: str) -> str:
    """``kgid:person/370000/李伟`` for display: prefixed and percent-decoded."""
    for prefix, ns in sorted(vocab.PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}:{unquote(iri[len(ns):])}"
    return unquote(iri)


def display(term: Identifier | None) -> str:
    """How a term reads in a table cell: a literal's text, a compact IRI, nothing for unbound."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = compact_iri(str(term))
    elif isinstance(term, BNode):
        text = f"_:{term}"
    else:
        text = str(term)
    if any(c in text for c in "\t\r\n"):
        text = " ".join(text.split())
    return _CONTROL.sub(_escape_control, text)


# C0 and C1 controls and DEL: a scraped title holding ESC sequences must not drive the terminal
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _escape_control(m: re.Match) -> str:
    return f"\\x{ord(m.group()):02x}"


def clip(text: str, limit: int | None) -> str:
    """``text`` cut to ``limit`` display columns (None: as it is)."""
    return text if limit is None else terminal.clip(text, limit)


def table(variables: list[str], rows: Iterable[Iterable[Identifier | None]], max_cell: int | None = 80) -> str:
    """An aligned plain-text table; numbers right-aligned, long cells clipped to ``max_cell`` columns."""
    rows = [list(r) for r in rows]
    cells = [[clip(display(t), max_cell) for t in r] for r in rows]
    numeric = [bool(rows) and all(isinstance(r[i], Literal) and r[i].datatype in _NUMERIC
                                  for r in rows if r[i] is not None) for i in range(len(variables))]
    widths = [max([terminal.width(v)] + [terminal.width(c[i]) for c in cells]) for i, v in enumerate(variables)]

    def line(values: list[str]) -> str:
        parts = []
        for i, v in enumerate(values):
            pad = " " * (widths[i] - terminal.width(v))
            parts.append(pad + v if numeric[i] else v + pad)
        return "  ".join(parts).rstrip()

    out = [line(variables), "  ".join("-" * w for w in widths)]
    out += [line(c) for c in cells]
    out.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
    return "\n".join(out) + "\n"


def _tsv_term(term: Identifier | None) -> str:
    """SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax, tabs and newlines escaped."""
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype in {XSD.integer, XSD.decimal, XSD.double, XSD.boolean}:
        return str(term)
    if isinstance(term, Literal) and term.datatype == XSD.string:  # RDF 1.1: "x" is "x"^^xsd:string
        return Literal(str(term)).n3()
    return term.n3()


def format_result(result: Result, fmt: str = "table", max_cell: int | None = 80) -> str:
    """``table`` | ``csv`` | ``tsv`` | ``json`` (SPARQL 1.1 results) | ``xml``; graphs as Turtle/JSON-LD/RDF-XML."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph_format = {"table": "turtle", "json": "json-ld", "xml": "xml"}.get(fmt)
        if graph_format is None:
            raise QueryError(f"a {result.type} query gives a graph: use --format table (Turtle), json (JSON-LD) or xml")
        return vocab.bind_prefixes(result.graph).serialize(format=graph_format)
    if fmt == "table":
        if result.type == "ASK":
            return ("true" if result.askAnswer else "false") + "\n"
        names = [str(v) for v in result.vars]
        return table(names, ([row.get(v) for v in result.vars] for row in result.bindings), max_cell)
    if fmt == "tsv":
        if result.type == "ASK":
            raise QueryError("an ASK query has no TSV form: use --format table, json or xml")
        buf = io.StringIO()
        buf.write("\t".join(f"?{v}" for v in result.vars) + "\n")
        for row in result.bindings:
            buf.write("\t".join(_tsv_term(row.get(v)) for v in result.vars) + "\n")
        return buf.getvalue()
    if fmt == "json" and result.type == "SELECT":
        return json.dumps(_json_results(result), ensure_ascii=False, indent=1) + "\n"
    try:
        data = result.serialize(format=fmt)
    except Exception as exc:
        raise QueryError(f"cannot write {result.type} results as {fmt}: {one_line(exc)}") from None
    return data.decode("utf-8") if isinstance(data, bytes) else str(data)


STREAMED = ("json", "csv", "tsv")  # SELECT formats :func:`select_pieces` writes row by row


def select_pieces(result: Result, fmt: str) -> tuple[bytes, Iterator[bytes], bytes]:
    """A SELECT answer as (head, one piece per row, tail) in ``json``, ``csv`` or ``tsv``.

    What ``format_result`` writes, but row by row, so the endpoint can stop at a byte cap
    and send as it goes instead of holding the whole answer as one string.
    """
    names = [str(v) for v in result.vars]
    if fmt == "json":
        head = json.dumps({"head": {"vars": names}}, ensure_ascii=False)[:-1] + ', "results": {"bindings": [\n'

        def piece(i: int, row) -> str:
            cells = {str(v): _json_term(row.get(v)) for v in result.vars if row.get(v) is not None}
            return ("," if i else "") + json.dumps(cells, ensure_ascii=False) + "\n"

        tail = "]}}\n"
    elif fmt == "csv":
        def piece(i: int, row) -> str:
            buf = io.StringIO()
            csv.writer(buf).writerow([_csv_term(row.get(v)) for v in result.vars])
            return buf.getvalue()

        head, tail = piece(0, {Variable(n): Literal(n) for n in names}), ""
    elif fmt == "tsv":
        head, tail = "\t".join(f"?{n}" for n in names) + "\n", ""

        def piece(i: int, row) -> str:
            return "\t".join(_tsv_term(row.get(v)) for v in result.vars) + "\n"
    else:
        raise QueryError(f"cannot stream {fmt!r}: use {', '.join(STREAMED)}")
    rows = (piece(i, row).encode("utf-8") for i, row in enumerate(result.bindings))
    return head.encode("utf-8"), rows, tail.encode("utf-8")


def _csv_term(term: Identifier | None) -> str:
    """SPARQL 1.1 CSV: a term's plain string, a blank node as ``_:id``, unbound empty."""
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:  # a simple literal is xsd:string already
        out["datatype"] = str(term.datatype)
    return out


def _json_results(result: Result) -> dict:
    """SPARQL 1.1 Query Results JSON, with Chinese kept readable (rdflib's writer escapes it)."""
    names = [str(v) for v in result.vars]
    rows = [{str(v): _json_term(row.get(v)) for v in result.vars if row.get(v) is not None}
            for row in result.bindings]
    return {"head": {"vars": names}, "results": {"bindings": rows}}


def rows_as_strings(result: Result) -> list[tuple[str, ...]]:
    """Each row as plain strings ('' for unbound): handy in tests and notebooks."""
    return [tuple("" if row.get(v) is None else str(row.get(v)) for v in result.vars) for row in result.bindings]
