"""Namespaces of the kgraph graph: the ``kg:`` ontology and the vocabularies it reuses.

``KG`` lists every term of ``ontology/kgraph.ttl``; a misspelled term raises
``AttributeError`` instead of minting a wrong IRI, and ``tests/test_vocab.py``
keeps the class and the ontology file in step.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import TypeVar
from urllib.parse import quote, unquote

from rdflib import Graph
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)
from rdflib.term import URIRef

from .lexicon import ONTOLOGY_DIR

__all__ = [
    "KG", "ID", "THEME", "ORG", "PROV", "SKOS", "DCTERMS", "SDO", "FOAF",
    "RDF", "RDFS", "XSD", "OWL", "ONTOLOGY_FILE", "CONTEXT_FILE", "PREFIXES", "bind_prefixes",
]

ONTOLOGY_FILE = ONTOLOGY_DIR / "kgraph.ttl"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"

ID = Namespace("https://w3id.org/kgraph/id/")  # data IRIs: documents, people, meetings ...
THEME = Namespace("https://w3id.org/kgraph/theme/")  # themes and their categories


class KG(DefinedNamespace):
    """The kgraph ontology, ``https://w3id.org/kgraph/ontology#``."""

    _NS = Namespace("https://w3id.org/kgraph/ontology#")
    _fail = True

    # Classes
    Document: URIRef  # a source article
    Person: URIRef
    Meeting: URIRef  # reported as held, or only referred to
    Theme: URIRef  # a slogan or formula a document puts forward (quoted, titled, counted)
    PolicyTerm: URIRef  # a tracked policy term a document uses in passing, unmarked
    Directive: URIRef  # a requirement a meeting or speaker issued
    DirectiveList: URIRef  # an enumeration that groups directives
    Report: URIRef  # a speech or work report delivered under a title
    Honour: URIRef  # a commendation or award presented at a meeting
    Place: URIRef
    Mention: URIRef  # a span of a document's text that a fact was read from
    AnalysisRun: URIRef  # one centrality computation

    # Object properties
    reports: URIRef  # Document -> Meeting held
    references: URIRef  # Meeting -> Meeting referred to
    presided: URIRef  # Person -> Meeting (sub-property of attended)
    spokeAt: URIRef  # Person -> Meeting (sub-property of attended)
    attended: URIRef  # Person -> Meeting
    place: URIRef  # Meeting -> Place
    organizer: URIRef  # Meeting -> org:Organization
    within: URIRef  # Place -> administrative parent Place
    jurisdiction: URIRef  # org:Organization -> Place
    evidence: URIRef  # anything -> Mention
    inDocument: URIRef  # Mention -> Document
    issuedAt: URIRef  # Directive -> Meeting
    issuedBy: URIRef  # Directive -> Person or Meeting
    inList: URIRef  # Directive -> DirectiveList
    deliveredBy: URIRef  # Report -> Person
    deliveredAt: URIRef  # Report -> Meeting
    honouredAt: URIRef  # Honour -> Meeting
    presentedBy: URIRef  # Honour -> Person
    category: URIRef  # Theme -> skos:Concept
    measuredIn: URIRef  # anything -> AnalysisRun
    post: URIRef  # org:Membership -> org:Post

    # Datatype properties
    sourceFile: URIRef  # the file name as in the input folder
    contentHash: URIRef
    encoding: URIRef
    date: URIRef  # xsd:date
    dateNote: URIRef  # why a reported meeting has no date
    level: URIRef  # 全省 / 全市 / 全区 / 全县 / 全旗 ...
    overallApproach: URIRef  # 总体思路
    charStart: URIRef
    charEnd: URIRef  # exclusive
    sentenceIndex: URIRef
    quote: URIRef  # the sentence text
    quoteStart: URIRef  # where the quoted sentence begins in the document's text
    cue: URIRef  # 主持, 讲话, 出席 ...
    text: URIRef  # a directive's text
    ordinal: URIRef  # 1-based place in its list
    announcedCount: URIRef
    foundCount: URIRef
    countMismatch: URIRef
    titleTerm: URIRef  # bare title of an org:Post: 厅长, 副局长
    adcode: URIRef  # administrative division code
    degree: URIRef
    weightedDegree: URIRef
    betweenness: URIRef
    closeness: URIRef
    eigenvector: URIRef
    pagerank: URIRef
    community: URIRef
    rank: URIRef
    reason: URIRef  # why an owl:sameAs was stated
    displayLabel: URIRef  # a canonical node's name as shown, homonyms with their jurisdiction
    monthDay: URIRef  # xsd:gMonthDay of a meeting whose year is not given


PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kgid": str(ID),
    "theme": str(THEME),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SDO),
    "xsd": str(XSD),
    "rdfs": str(RDFS),
}

G = TypeVar("G", bound=Graph)


def bind_prefixes(graph: G) -> G:
    """Bind kgraph's prefixes on a Graph or Dataset (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


# --- IRI minting: the only place data IRIs are built --------------------------------
# IRIs are derived from what an entity is (name + jurisdiction, organization + title,
# name + date), never from build order, so every build mints the same IRIs and one
# person named in two documents of one province is one node.

def trusted_iri(value: str) -> URIRef:
    """``URIRef(value)`` without rdflib's validity check (a regex per IRI), for IRIs known valid:
    minted here, or read back from a store that holds only valid ones. The check cost a tenth
    of serializing a document and an eighth of reading a large store's facts."""
    return str.__new__(URIRef, value)


def _mint(namespace: Namespace, path: str) -> URIRef:
    """``namespace[path]``: every path here is percent-encoded by :func:`_part` or made of digits."""
    return trusted_iri(str.__add__(namespace, path))


@lru_cache(maxsize=65536)
def _part(text: str) -> str:
    """A path segment of an IRI: percent-encoded, never ending in a dot. A Turtle prefixed name may
    end in an escaped dot, but rdflib's own parser reads it as the end of the statement, so a label
    ending in "." (a report punctuated in ASCII) would make graph.trig unreadable to rdflib."""
    quoted = quote(text.strip(), safe="")
    return quoted[:-1] + "%2E" if quoted.endswith(".") else quoted


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def doc_iri(doc_id: str) -> URIRef:
    return _mint(ID, f"doc/{_part(doc_id)}")


def person_iri(name: str, scope: str) -> URIRef:
    """``scope`` is the code of the narrowest place the report ties the person to (their post's
    organization, else the report's jurisdiction), or ``doc-…`` where it names none; the
    identity graph then states which of these nodes are one person (``identity.py``)."""
    return _mint(ID, f"person/{_part(scope)}/{_part(name)}")


def iri_parts(node: str, kind: str) -> list[str] | None:
    """The decoded path parts after ``kgid:KIND/`` (``person/370200/王某`` -> ['370200', '王某'])."""
    prefix = f"{ID}{kind}/"
    if not node.startswith(prefix):
        return None
    return [unquote(part) for part in node[len(prefix):].split("/")]


def org_iri(name: str, scope: str = "") -> URIRef:
    return _mint(ID, f"org/{_part(scope) + '/' if scope else ''}{_part(name)}")


def post_iri(org_key: str, title: str) -> URIRef:
    return _mint(ID, f"post/{_part(org_key)}/{_part(title)}")


def meeting_iri(name: str, when: str, scope: str) -> URIRef:
    """``scope`` says who held it: the report's jurisdiction code, with the organizer where written
    (two cities' 全市…会议 of one day are two meetings); ``when`` is the date, or ``undated-DOC``."""
    return _mint(ID, f"meeting/{_part(scope)}/{_part(when)}/{_part(name)}")


def membership_iri(person: str, post: str) -> URIRef:
    """One person's holding of one post, across the reports that attest it."""
    return _mint(ID, f"membership/{_digest(person, post)}")


def interval_iri(membership: str, part: str = "") -> URIRef:
    """The time:Interval of a membership (``part`` '' ), or its first/last attested instant."""
    return _mint(ID, f"membership/{_digest(membership)}/during{'/' + part if part else ''}")


def place_iri(key: str) -> URIRef:
    return _mint(ID, f"place/{_part(key)}")


def theme_iri(label: str) -> URIRef:
    return _mint(THEME, _part(label))


def category_iri(key: str) -> URIRef:
    return _mint(THEME, f"category/{_part(key)}")


def mention_iri(doc_id: str, start: int, end: int) -> URIRef:
    return _mint(ID, f"mention/{_part(doc_id)}/{start}-{end}")


def statement_iri(graph: str, s: str, p: str, o: str) -> URIRef:
    return _mint(ID, f"stmt/{_digest(graph, s, p, o)}")


def directive_iri(doc_id: str, list_id: int, ordinal: int) -> URIRef:
    return _mint(ID, f"directive/{_part(doc_id)}/{list_id}/{ordinal}")


def directive_list_iri(doc_id: str, list_id: int) -> URIRef:
    return _mint(ID, f"directive-list/{_part(doc_id)}/{list_id}")


def report_iri(doc_id: str, title: str) -> URIRef:
    return _mint(ID, f"report/{_part(doc_id)}/{_digest(title)}")


def honour_iri(doc_id: str, start: int) -> URIRef:
    return _mint(ID, f"honour/{_part(doc_id)}/{start}")


def graph_iri(name: str) -> URIRef:
    """Named graphs that are not documents: themes, analysis."""
    return _mint(ID, f"graph/{_part(name)}")
