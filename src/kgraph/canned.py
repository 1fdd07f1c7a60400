"""Canned queries: ``ontology/queries/*.rq`` read with their header, and parameters typed, never pasted.

A canned query is a ``.rq`` file whose header comment says what it answers and
which parameters it takes::

    # name: attendees
    # answers: Who attended a given meeting and in which role ...
    # params: meeting (zh) the meeting's name as written, e.g. 全省公安局长会议
    # params: since (date, optional) only meetings on or after this day

Parameter values are typed by the declared type (``zh`` -> a ``@zh`` literal, ``string``,
``date`` -> ``xsd:date``, ``integer``, ``iri``) and passed as bound terms, so a value full
of quotes and braces stays one literal. A ``zh`` parameter is a ``@zh`` literal, as every
label is stored, so ``--param name=李伟`` matches ``"李伟"@zh`` exactly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Mapping
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from . import guard, vocab
from .errors import QueryError, QueryRefused
from .lexicon import ONTOLOGY_DIR
from .vocab import XSD

QUERIES_DIR = ONTOLOGY_DIR / "queries"
PARAM_TYPES = ("zh", "string", "date", "integer", "iri")
FORMATS = ("table", "csv", "tsv", "json", "xml")

_HEADER = re.compile(r"^#\s*(name|answers|params?)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_]\w*)\s*\(\s*(\w+)\s*(?:,\s*(optional|required)\s*)?\)\s*(.*)$")


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


def parse_iri(value: str) -> URIRef:
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
    return parse_iri(value)


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
            out[name] = parse_iri(v) if v.startswith("<") and v.endswith(">") else Literal(value)
    return out


# the kinds a name picks out; two of one kind under one name make the name ambiguous
