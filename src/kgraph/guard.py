"""Checks a query passes before any engine sees it: no SERVICE calls, no monsters, no file names.

Why before the engine: both engines act on what they parse. rdflib's evaluates
``SERVICE <url>`` by fetching ``url`` (``file:///`` included), which turns an
endpoint into a port scanner and a file reader for whoever can send it a query;
and a query of 20,000 triple patterns overflows Oxigraph's stack (a segfault
that takes ``kgraph query`` down with it). So the text is read once with a
SPARQL tokenizer (strings, IRIs and comments kept whole, so a brace or the word
SERVICE inside a literal is not mistaken for one) and refused with one line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .errors import QueryRefused

MAX_DEPTH = 64  # nested braces and brackets; hand-written queries use under ten
MAX_TOKENS = 5_000  # a canned query is under 1,000; Oxigraph crashed at ~40,000 (10,000 UNION branches)

TOKEN = re.compile(r'''
    (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!\'\'))*\'\'\'
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<space>\s+)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)
_OPEN, _CLOSE = "{(", "})"


@dataclass(frozen=True)
class Policy:
    """What a query may do: the hosts SERVICE may call (none by default) and the size limits."""

    allow_service: frozenset[str] = field(default_factory=frozenset)  # "host" or "host:port", lower case
    max_depth: int = MAX_DEPTH
    max_tokens: int = MAX_TOKENS

    @classmethod
    def allowing(cls, hosts: list[str] | tuple[str, ...] | None, **limits: int) -> "Policy":
        return cls(frozenset(h.strip().lower() for h in hosts or () if h.strip()), **limits)


DEFAULT = Policy()


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape(text: str) -> str:
    """``\\u0053ERVICE`` is SERVICE: SPARQL expands these escapes before parsing (rdflib does), so must a check."""
    def one(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group()

    return _ESCAPE.sub(one, text)


def tokens(text: str) -> list[re.Match]:
    """The query's tokens (escapes expanded) without spaces and comments."""
    return [m for m in TOKEN.finditer(unescape(text)) if m.lastgroup not in ("space", "comment")]


def check(text: str, policy: Policy = DEFAULT) -> None:
    """Raise QueryRefused when the query is too long, too deep, or calls a service not allowed."""
    found = tokens(text)
    if len(found) > policy.max_tokens:
        raise QueryRefused(f"query refused: {len(found):,} tokens, more than the {policy.max_tokens:,} allowed "
                           "(split it into smaller queries)")
    depth = 0
    for i, tok in enumerate(found):
        piece = tok.group()
        if tok.lastgroup == "other" and piece in _OPEN:
            depth += 1
            if depth > policy.max_depth:
                raise QueryRefused(f"query refused: groups nested deeper than {policy.max_depth} levels")
        elif tok.lastgroup == "other" and piece in _CLOSE:
            depth -= 1
        elif tok.lastgroup == "word" and piece.upper() == "SERVICE" and _is_keyword(found, i):
            _check_service(found, i, policy)


def _is_keyword(found: list[re.Match], i: int) -> bool:
    """SERVICE as the keyword, not part of a prefixed name (``ex:SERVICE``, ``SERVICE:x``)."""
    return not (i and found[i - 1].group() == ":") and not (i + 1 < len(found) and found[i + 1].group() == ":")


def _check_service(found: list[re.Match], i: int, policy: Policy) -> None:
    j = i + 1
    if j < len(found) and found[j].group().upper() == "SILENT":
        j += 1
    target = found[j] if j < len(found) else None
    if not policy.allow_service:
        raise QueryRefused("query refused: SERVICE (federated query) is off; start `kgraph serve` or run "
                           "`kgraph query` with --allow-service HOST to let queries call that host")
    if target is None or target.lastgroup != "iri":
        raise QueryRefused("query refused: SERVICE must name its endpoint as a full <http://HOST/...> IRI")
    iri = target.group()[1:-1]
    parts = urlsplit(iri)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in ("http", "https") or not host:
        raise QueryRefused("query refused: SERVICE may only call http(s) endpoints")
    if host not in policy.allow_service and f"{host}:{port}" not in policy.allow_service:
        raise QueryRefused(f"query refused: SERVICE to {host} is not allowed (allowed: "
                           f"{', '.join(sorted(policy.allow_service))})")


def looks_like_path(text: str) -> bool:
    """One word that names a file (``x.rq``, ``../x``, ``/etc/passwd``, ``~/q``) rather than SPARQL or a query name."""
    word = text.strip()
    return bool(word) and not any(c.isspace() for c in word) and (
        "/" in word or "\\" in word or word.endswith(".rq") or word.startswith((".", "~")))
