"""The user's identity statements: a plain tab-separated file given with ``--identities``.

One statement a line, ``same`` or ``not-same`` and two nodes (persons, meetings or
organizations) as IRIs, ``kgid:`` short forms or ``<…>``; anything after a third tab
is a note; ``#`` starts a comment. See docs/identity.md.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

from . import vocab
from .errors import CurationError
from .identity import Curation

_KINDS = ("person/", "meeting/", "org/")


def read(path: Path) -> Curation:
    """The statements of ``path``; a bad line raises :class:`CurationError` naming file:line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError(f"{path}: cannot be read ({exc.__class__.__name__}: {exc})") from None
    same, not_same = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()  # a minted IRI has no '#': it percent-encodes
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < 3:
            raise CurationError(f"{path}:{number}: expected 'same' or 'not-same' and two nodes separated by tabs, "
                                f"got {raw.strip()!r}")
        relation, a, b = fields[0].lower(), _node(fields[1], path, number), _node(fields[2], path, number)
        if a == b:
            raise CurationError(f"{path}:{number}: a node is stated against itself ({fields[1]})")
        if _kind(a) != _kind(b):
            raise CurationError(f"{path}:{number}: a {_kind(a)} and a {_kind(b)} cannot be the same node")
        if relation == "same":
            same.append((a, b, where))
        elif relation in ("not-same", "notsame", "different"):
            not_same.append((a, b, where))
        else:
            raise CurationError(f"{path}:{number}: unknown relation {fields[0]!r} (use 'same' or 'not-same')")
    return Curation(tuple(same), tuple(not_same))


def _node(text: str, path: Path, number: int) -> str:
    """A full IRI from ``kgid:person/…``, ``<https://…>`` or a bare IRI, percent-encoded as minted."""
    value = text.strip().removeprefix("<").removesuffix(">")
    if value.startswith("kgid:"):
        value = str(vocab.ID) + value[len("kgid:"):]
    if not value.startswith(str(vocab.ID)) or _kind(value) is None:
        raise CurationError(f"{path}:{number}: {text!r} is not a person, meeting or organization IRI "
                            f"(kgid:person/…, kgid:meeting/…, kgid:org/…)")
    kind, *parts = [unquote(part) for part in value[len(str(vocab.ID)):].split("/")]
    if kind == "meeting" and len(parts) > 3:  # as a table prints it: kgid:meeting/370200/某局/2024-01-10/某会
        parts = ["/".join(parts[:-2]), *parts[-2:]]
    return str(vocab.ID) + "/".join([kind, *(quote(part, safe="") for part in parts)])


def _kind(value: str) -> str | None:
    rest = value[len(str(vocab.ID)):]
    return next((k.rstrip("/") for k in _KINDS if rest.startswith(k)), None)
