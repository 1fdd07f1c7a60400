"""Terms written as N-Triples text: the vocabulary's IRIs looked up once, literals escaped.

``rdf.py`` writes a document's graph as text (see there why), and the theme scheme and the
identity pass write theirs the same way; all three take their terms from here.
"""
from __future__ import annotations

from .vocab import DCTERMS, KG, ORG, RDF, RDFS, SKOS, XSD


class _Terms:
    """Terms as N-Triples text, looked up once: rdflib's namespace attribute access is slow in a hot loop."""

    def __init__(self, namespace, names) -> None:
        for name in names:
            setattr(self, name, f"<{namespace[name]}>")


K = _Terms(KG, KG.__annotations__)
R = _Terms(RDF, ["type", "subject", "predicate", "object", "Statement"])
L = _Terms(RDFS, ["label"])
O = _Terms(ORG, ["Organization", "Post", "holds", "heldBy", "postIn", "subOrganizationOf"])
S = _Terms(SKOS, ["altLabel", "prefLabel"])
D = _Terms(DCTERMS, ["title", "issued", "publisher", "subject"])
XSD_DATE, XSD_INTEGER, XSD_BOOLEAN, XSD_GMONTHDAY = str(XSD.date), str(XSD.integer), str(XSD.boolean), str(XSD.gMonthDay)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(u: str) -> str:
    return f"<{u}>"


def lit(text: str, lang: str | None = "zh") -> str:
    """A plain or language-tagged literal in N-Triples syntax."""
    body = str(text).translate(_ESCAPES)
    return f'"{body}"@{lang}' if lang else f'"{body}"'


def typed(value: object, datatype: str) -> str:
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f'"{value}"^^<{datatype}>'


def integer(value: int) -> str:
    return f'"{int(value)}"^^<{XSD_INTEGER}>'
