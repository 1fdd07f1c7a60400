"""SPARQL over a build: canned queries from ``ontology/queries/*.rq``, safe parameters, result formats.

A canned query is a ``.rq`` file whose header comment says what it answers and
which parameters it takes::

    # name: attendees
    # answers: Who attended a given meeting and in which role ...
    # params: meeting (zh) the meeting's name as written, e.g. 全省公安局长会议
    # params: since (date, optional) only meetings on or after this day

Parameter values are never pasted into the query text: they are typed by the
declared type (``zh`` -> a ``@zh`` literal, ``string``, ``date`` -> ``xsd:date``,
``integer``, ``iri``) and passed as bound terms (Oxigraph's substitutions, or
rdflib's ``initBindings``), so a value full of quotes and braces stays one
literal. A ``zh`` parameter is a ``@zh`` literal, as every label is stored, so
``--param name=李伟`` matches ``"李伟"@zh`` exactly (and through the store's index).
The dataset may be any rdflib Dataset: an Oxigraph-backed one runs the query in
Oxigraph's engine.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Iterable, Iterator, Mapping
from urllib.parse import quote, unquote

import rdflib.plugins.sparql
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Variable

from . import guard, store, terminal, vocab
from .errors import AmbiguousName, QueryError, QueryRefused, one_line
from .lexicon import ONTOLOGY_DIR
from .store.sparql_text import with_values
from .vocab import XSD

log = logging.getLogger(__name__)

# rdflib fetches the IRI of a FROM / FROM NAMED graph it does not hold (from the web or a
# file:/// path) when this is on; a graph named in a query is looked up in the build, never fetched
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

QUERIES_DIR = ONTOLOGY_DIR / "queries"
PARAM_TYPES = ("zh", "string", "date", "integer", "iri")
FORMATS = ("table", "csv", "tsv", "json", "xml")

_HEADER = re.compile(r"^#\s*(name|answers|params?)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_]\w*)\s*\(\s*(\w+)\s*(?:,\s*(optional|required)\s*)?\)\s*(.*)$")
_NUMERIC = {XSD.integer, XSD.int, XSD.long, XSD.decimal, XSD.double, XSD.float, XSD.nonNegativeInteger}


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # one of PARAM_TYPES
    required: bool
    description: str


@dataclass(frozen=True)
class CannedQuery:
    """A query with what its header says about it (inline text gets an empty header)."""

    name: str
    answers: str
    params: tuple[Param, ...]
    text: str
    path: Path | None = None


def parse_header(text: str, name: str, path: Path | None = None) -> CannedQuery:
    """Read the ``# name:``/``# answers:``/``# params:`` comment lines at the top of a query."""
    answers, params = "", []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _HEADER.match(stripped)
        if not m:
            continue
        key, value = m.groups()
        if key == "name":
            name = value
        elif key == "answers":
            answers = value
        else:
            p = _PARAM.match(value)
            where = path or name
            if not p:
                raise QueryError(f"{where}: bad params line {value!r}: write NAME (TYPE[, optional]) description")
            pname, ptype, flag, desc = p.groups()
            if ptype not in PARAM_TYPES:
                raise QueryError(f"{where}: parameter {pname} has unknown type {ptype!r}: use {', '.join(PARAM_TYPES)}")
            params.append(Param(pname, ptype, flag != "optional", desc))
    return CannedQuery(name, answers, tuple(params), text, path)


@cache
def _canned() -> tuple[CannedQuery, ...]:
    found = [parse_header(p.read_text(encoding="utf-8"), p.stem, p) for p in sorted(QUERIES_DIR.glob("*.rq"))]
    return tuple(sorted(found, key=lambda q: q.name))


def list_queries() -> list[CannedQuery]:
    """The canned queries shipped in ``ontology/queries/``, by name."""
    return list(_canned())


def get_query(name: str) -> CannedQuery:
    for q in _canned():
        if q.name == name:
            return q
    raise QueryError(f"no canned query named {name!r}; `kgraph query --list` shows them")


def resolve(query: str | Path | CannedQuery) -> CannedQuery:
    """Inline SPARQL text, a path to a ``.rq`` file, or the name of a canned query."""
    if isinstance(query, CannedQuery):
        return query
    if isinstance(query, Path) or (isinstance(query, str) and query.endswith(".rq") and "\n" not in query):
        path = Path(query)
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return parse_header(path.read_text(encoding="utf-8"), path.stem, path)
    text = str(query)
    name = text.strip()
    if re.fullmatch(r"[\w.-]+", name):  # one word: a canned query, else a file of that name
        if name in {q.name for q in _canned()} or not Path(name).is_file():
            return get_query(name)
        return parse_header(Path(name).read_text(encoding="utf-8"), Path(name).stem, Path(name))
    return parse_header(text, "inline")


def from_request(text: str) -> CannedQuery:
    """A ``query=`` sent over HTTP: SPARQL text or a canned query's name, never a file.

    ``kgraph query`` reads ``.rq`` files and names files of one word, for its own user;
    over HTTP that would read the server's files for anyone, and whether the file exists
    would show in the answer. So a value that looks like a path is refused with the same
    words whether or not it exists.
    """
    name = text.strip()
    if re.fullmatch(r"[\w-]+", name):
        return get_query(name)
    if guard.looks_like_path(name):
        raise QueryRefused("query refused: send SPARQL text or the name of a canned query (GET /queries lists "
                           "them); this endpoint reads no files")
    return parse_header(text, "inline")


def _iri(value: str) -> URIRef:
    """An IRI from ``<...>``, ``prefix:local`` or an absolute IRI; non-ASCII is percent-encoded as vocab mints it."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    prefix, _, local = v.partition(":")
    if prefix in vocab.PREFIXES and not local.startswith("//"):
        v = vocab.PREFIXES[prefix] + local
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", v) or re.search(r"[\s<>\"{}|\\^`]", v):
        raise QueryError(f"{value!r} is not an IRI: give <https://...> or a prefixed name such as kgid:doc/seed000.txt")
    return URIRef(quote(v, safe=":/?#[]@!$&'()*+,;=%~-._"))


def typed_value(param: Param, value: str) -> Identifier:
    """The RDF term a parameter value stands for, by the parameter's declared type."""
    if param.type == "zh":
        return Literal(value, lang="zh")
    if param.type == "string":
        return Literal(value)
    if param.type == "date":
        try:
            return Literal(date.fromisoformat(value.strip()).isoformat(), datatype=XSD.date)
        except ValueError:
            raise QueryError(f"parameter {param.name}: {value!r} is not a date like 2024-03-12") from None
    if param.type == "integer":
        try:
            return Literal(int(value))
        except ValueError:
            raise QueryError(f"parameter {param.name}: {value!r} is not an integer") from None
    return _iri(value)


def bindings(query: CannedQuery, params: Mapping[str, str] | None) -> dict[str, Identifier]:
    """Typed initBindings for ``params``; a missing required or an undeclared parameter is an error."""
    params = dict(params or {})
    declared = {p.name: p for p in query.params}
    if declared:
        unknown = sorted(set(params) - set(declared))
        if unknown:
            raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r}; "
                             f"it takes: {', '.join(declared)}")
    out: dict[str, Identifier] = {}
    for p in query.params:
        if p.name in params:
            out[p.name] = typed_value(p, params[p.name])
        elif p.required:
            raise QueryError(f"query {query.name!r} needs --param {p.name}=VALUE ({p.type}): {p.description}")
    for name, value in params.items():  # undeclared, only for queries without a params header
        if name not in declared:
            v = value.strip()
            out[name] = _iri(v) if v.startswith("<") and v.endswith(">") else Literal(value)
    return out


# the kinds a name picks out; two of one kind under one name make the name ambiguous
NAMED_KINDS = ("kg:Person", "kg:Meeting")
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _is_iri_value(value: str) -> bool:
    v = value.strip()
    return (v.startswith("<") and v.endswith(">")) or v.partition(":")[0] in vocab.PREFIXES and ":" in v


def labelled_subjects(text: str, param: str) -> set[str]:
    """The variables ``?S`` of the query's ``?S rdfs:label ?param`` patterns."""
    found = guard.tokens(text)
    words = [m.group() for m in found]
    subjects = set()
    for i in range(len(words) - 4):
        label = words[i + 1:i + 4] == ["rdfs", ":", "label"] or words[i + 1] == f"<{_LABEL}>"
        value = words[i + 4] if words[i + 1:i + 4] == ["rdfs", ":", "label"] else words[i + 2]
        if found[i].lastgroup == "var" and label and value[1:] == param and value[0] in "?$":
            subjects.add(words[i][1:])
    return subjects


def pin_names(ds: Dataset | Graph, q: CannedQuery,
              params: Mapping[str, str] | None) -> tuple[CannedQuery, dict[str, str]]:
    """Name parameters checked against the build: an IRI pins the thing, a name must pick out one.

    ``--param name=kgid:person/370000/某某`` binds the name to that person's label and
    the query's labelled variable to that IRI; ``--param name=某某`` when two persons
    (or meetings) bear that name is an AmbiguousName listing them, rather than an answer
    that silently mixes their records.
    """
    params = dict(params or {})
    pins: dict[str, Identifier] = {}
    for p in q.params:
        if p.type != "zh" or p.name not in params:
            continue
        value = params[p.name].strip()
        if _is_iri_value(value):
            iri = _iri(value)
            labels = [row[0] for row in ds.query(f"SELECT ?l WHERE {{ <{iri}> <{_LABEL}> ?l }} LIMIT 1")]
            subjects = labelled_subjects(q.text, p.name)
            if not labels:
                raise QueryError(f"parameter {p.name}: {value} names nothing with a label in this build")
            if not subjects:
                raise QueryError(f"query {q.name!r} takes a name for {p.name}, not an IRI")
            params[p.name] = str(labels[0])
            pins.update({var: iri for var in subjects})
            continue
        kinds = " ".join(NAMED_KINDS)
        # nodes the identity graph makes one (owl:sameAs to the canonical node) are one thing
        rows = ds.query(f"""SELECT DISTINCT ?one ?kind WHERE {{ ?s <{_LABEL}> {Literal(value, lang="zh").n3()} ;
                            a ?kind . VALUES ?kind {{ {kinds} }}
                            OPTIONAL {{ ?s <http://www.w3.org/2002/07/owl#sameAs> ?same }}
                            BIND(COALESCE(?same, ?s) AS ?one) }} ORDER BY ?one""", initNs=vocab.PREFIXES)
        by_kind: dict[str, list[str]] = {}
        for subject, kind in rows:
            by_kind.setdefault(str(kind), []).append(_compact(str(subject)))
        many = next((found for found in by_kind.values() if len(found) > 1), None)
        if many:
            shown = ", ".join(many[:10]) + (f" and {len(many) - 10} more" if len(many) > 10 else "")
            raise AmbiguousName(f"parameter {p.name}: {value!r} names {len(many)} different things: {shown}; "
                                f"give one of them instead, e.g. --param {p.name}={many[0]}", tuple(many))
    if pins:
        q = CannedQuery(q.name, q.answers, q.params, with_values(q.text, pins), q.path)
    return q, params


def prepare(query: CannedQuery):
    """Parse once (kgraph's prefixes predeclared); an update or a syntax error is a QueryError."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery, prepareUpdate

    try:
        return prepareQuery(query.text, initNs=vocab.PREFIXES)
    except ParseException as exc:
        try:
            prepareUpdate(query.text, initNs=vocab.PREFIXES)
        except Exception:
            raise QueryError(f"query {query.name!r} does not parse: {one_line(exc)}") from None
        raise QueryError(f"query {query.name!r} is a SPARQL Update; kgraph queries are read-only") from None
    except Exception as exc:  # rdflib raises plain exceptions for e.g. an unknown prefix
        raise QueryError(f"query {query.name!r} does not parse: {one_line(exc)}") from None


def run(ds: Dataset | Graph, query: str | Path | CannedQuery, params: Mapping[str, str] | None = None,
        policy: guard.Policy = guard.DEFAULT, row_limit: int | None = None) -> Result:
    """Run inline SPARQL, a ``.rq`` file or a canned query by name, with typed parameter bindings.

    The text passes :func:`kgraph.guard.check` first (no SERVICE unless ``policy`` allows
    its host; size limits). With ``row_limit`` at most that many rows plus one are read
    from Oxigraph, so a caller can tell that more matched without holding them all.

    On an Oxigraph-backed dataset the text goes to Oxigraph's engine with the bindings as its
    substitutions, which must be SELECT variables (so canned queries project their parameters,
    and the columns are dropped from the result); a query Oxigraph refuses is answered by
    rdflib's engine with ``initBindings``. Either way values are terms, never pasted text.
    """
    q = resolve(query)
    guard.check(q.text, policy)
    q, params = pin_names(ds, q, params)
    init = bindings(q, params)
    result = None
    try:
        result = store.native_query(ds, q.text, init, row_limit)
    except Exception as exc:
        log.info("The store's engine did not run query %s (%s); rdflib's will", q.name, one_line(exc))
    if result is None:
        prepared = prepare(q)
        try:
            result = ds.query(prepared, initBindings=init)
            if result.type == "SELECT" and _grouped(prepared.algebra):
                _drop_phantom_group(result)
            elif result.type == "SELECT":
                len(result.bindings)
        except Exception as exc:
            raise QueryError(f"query {q.name!r} failed: {one_line(exc)}") from None
    _hide_params(result, [p.name for p in q.params])
    return result


def _hide_params(result: Result, names: list[str]) -> None:
    """Drop the declared parameters' columns: the caller knows what they asked for."""
    hidden = {Variable(n) for n in names}
    if result.type != "SELECT" or not hidden & set(result.vars):
        return
    keep = [v for v in result.vars if v not in hidden]
    rows = [{v: row[v] for v in keep if row.get(v) is not None} for row in result.bindings]
    result.vars = keep
    result.bindings = rows


def _grouped(node) -> bool:
    """Whether the algebra has an explicit GROUP BY (a Group with grouping expressions)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "Group" and node.get("expr") is not None:
            return True
        return any(_grouped(v) for v in node.values())
    if isinstance(node, (list, tuple)):
        return any(_grouped(v) for v in node)
    return False


def _drop_phantom_group(result: Result) -> None:
    """rdflib answers a GROUP BY that matched nothing with one row of nothing; SPARQL says no rows.

    A real group always binds its COUNT or GROUP_CONCAT, so a lone row with every
    variable unbound can only be that artefact.
    """
    rows = result.bindings
    if len(rows) == 1 and all(rows[0].get(v) is None for v in result.vars):
        result.bindings = []


def sparql(ds: Dataset | Graph, query: str | Path | CannedQuery, /, **params: str) -> Result:
    """``run`` with parameters as keywords, for notebooks: ``sparql(ds, "attendees", meeting="全省公安局长会议")``."""
    return run(ds, query, params)


def as_dataset(source: Dataset | Graph | str | Path, allow_remote: bool | None = None) -> Dataset | Graph:
    """A dataset to query: the one given, a store spec (oxigraph:PATH), a build output folder, or an RDF file.

    ``allow_remote``: whether a folder whose store.json names a SPARQL server may send
    queries there (see :func:`kgraph.store.open_output`).
    """
    if isinstance(source, Graph):
        return source
    if store.is_store_spec(str(source)):
        return store.open_store(str(source))
    path = Path(source)
    if path.is_dir() or not path.is_file():  # a missing one raises OutputMissing with the usual hint
        return store.open_output(path, allow_remote=allow_remote)
    from rdflib.util import guess_format

    fmt = guess_format(str(path)) or "trig"
    ds = store.new_dataset()
    try:
        ds.parse(path, format=fmt)
    except Exception as exc:
        raise QueryError(f"{path}: cannot read as {fmt}: {one_line(exc)}") from None
    return ds


# --- formatting ---------------------------------------------------------------------

def _compact(iri: str) -> str:
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
        text = _compact(str(term))
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

