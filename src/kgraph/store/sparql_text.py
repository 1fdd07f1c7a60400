"""SPARQL text as kgraph sends it to a server: prologues split, prefixes declared, parameters bound.

A server sees only text, so what rdflib does with ``initNs`` and ``initBindings`` is done
here on the query itself, with the guard's tokenizer so a brace or a ``PREFIX`` inside a
string, IRI or comment changes nothing.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rdflib.term import Identifier

from ..guard import TOKEN

_DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:")
_PROLOGUE_LINE = re.compile(r"\s*(?:PREFIX\s+(?:[A-Za-z][\w.-]*)?:\s*<[^<>]*>|BASE\s*<[^<>]*>)", re.IGNORECASE)


def split_prologue(text: str) -> tuple[str, str]:
    """(the PREFIX/BASE declarations at the start, the rest)."""
    end = 0
    while match := _PROLOGUE_LINE.match(text, end):
        end = match.end()
    return text[:end].strip(), text[end:].strip()


def declare_prefixes(text: str, namespaces: Mapping[str, Any]) -> str:
    """Prepend PREFIX lines for the namespaces the text does not declare itself."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(_blank_literals(text))}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in namespaces.items() if p not in declared and p]
    return "\n".join([*lines, text]) if lines else text


_TOKEN = TOKEN  # the guard's SPARQL tokenizer: strings, IRIs and comments whole
_TEMPLATE_BEFORE = {"CONSTRUCT", "DATA", "INSERT", "DELETE"}  # braces that hold a template, not a pattern


def _blank_literals(text: str) -> str:
    return "".join(" " * len(m.group()) if m.lastgroup in ("string", "iri", "comment") else m.group()
                   for m in _TOKEN.finditer(text))


def with_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with ``VALUES (?a ?b) { (A B) }`` opening every group graph pattern.

    Joining a one-row VALUES into each group binds a parameter wherever the query
    mentions it, a FILTER in a nested group included, which is what pre-binding
    means; braces of VALUES data, CONSTRUCT templates and the group wrapping a
    sub-SELECT are left alone. Strings, IRIs and comments are skipped, so a brace
    inside a literal changes nothing.
    """
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    row = " ".join(term.n3() for term in bindings.values())
    values = f" VALUES ({names}) {{ ({row}) }} "
    tokens = [m for m in _TOKEN.finditer(text) if m.lastgroup not in ("space", "comment")]
    out, pos, in_values = [], 0, False
    for i, tok in enumerate(tokens):
        word = tok.group().upper() if tok.lastgroup == "word" else None
        if word == "VALUES":
            in_values = True
        if tok.group() != "{" or tok.lastgroup != "other":
            continue
        before = tokens[i - 1].group().upper() if i else ""
        after = tokens[i + 1].group().upper() if i + 1 < len(tokens) else ""
        if in_values:
            in_values = False
            continue
        if before in _TEMPLATE_BEFORE or after == "SELECT":
            continue
        out.append(text[pos:tok.end()])
        out.append(values)
        pos = tok.end()
    out.append(text[pos:])
    return "".join(out)


