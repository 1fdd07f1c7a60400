"""SPARQL over a build: a query (canned, from a file, or inline) checked, bound and run.

Parameter values are never pasted into the query text: they are typed by
:mod:`kgraph.canned` and passed as bound terms (Oxigraph's substitutions, or
rdflib's ``initBindings``), so a value full of quotes and braces stays one literal.
The dataset may be any rdflib Dataset: its store's engine runs the query where it can
(Oxigraph's), rdflib's otherwise. The answer's formats are in :mod:`kgraph.results`;
the names callers use from both are importable from here too.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Mapping

import rdflib.plugins.sparql
from rdflib import Dataset, Graph, Literal
from rdflib.query import Result
from rdflib.term import Identifier, Variable

from . import guard, store, vocab
from .canned import (PARAM_TYPES, QUERIES_DIR, CannedQuery, Param, bindings, from_request, get_query, list_queries,
                     parse_header, parse_iri, resolve, typed_value)
from .errors import AmbiguousName, QueryError, one_line
from .results import (FORMATS, STREAMED, clip, compact_iri, display, format_result, rows_as_strings, select_pieces,
                      table)
from .store.sparql_text import with_values

__all__ = [  # the query API in one place: running here, the catalogue in canned, the formats in results
    "PARAM_TYPES", "QUERIES_DIR", "CannedQuery", "Param", "bindings", "from_request", "get_query", "list_queries",
    "parse_header", "resolve", "typed_value", "FORMATS", "STREAMED", "clip", "display", "format_result",
    "rows_as_strings", "select_pieces", "table",
    "NAMED_KINDS", "labelled_subjects", "pin_names", "prepare", "run", "sparql", "as_dataset",
]

log = logging.getLogger(__name__)

# rdflib fetches the IRI of a FROM / FROM NAMED graph it does not hold (from the web or a
# file:/// path) when this is on; a graph named in a query is looked up in the build, never fetched
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

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
            iri = parse_iri(value)
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
            by_kind.setdefault(str(kind), []).append(compact_iri(str(subject)))
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
