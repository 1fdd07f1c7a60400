"""Identity decisions -> the named graph ``kgid:graph/identity``, and its review list.

Documents' graphs are never rewritten: a merge is an ``owl:sameAs`` from a node to
its cluster's canonical node, reified with ``kg:reason`` so a user can see why two
nodes are one (and undo it with a not-same line in the curation file). The canonical
node carries ``kg:displayLabel`` (homonyms with their place), and each person's posts
become ``org:Membership`` nodes dated by ``org:memberDuring``.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from rdflib import Dataset, Graph

from . import store, vocab
from .identity import Decisions
from .ntriples import K, R, iri, lit, typed
from .vocab import KG, ORG, OWL, XSD

GRAPH = vocab.graph_iri("identity")
REVIEW_FILE = "identity-review.csv"
_TIME = "http://www.w3.org/2006/time#"
_SAME_AS = f"<{OWL.sameAs}>"
_MEMBERSHIP, _MEMBER, _ORGANIZATION, _DURING = (f"<{ORG.Membership}>", f"<{ORG.member}>",
                                                f"<{ORG.organization}>", f"<{ORG.memberDuring}>")
_INTERVAL, _INSTANT = f"<{_TIME}Interval>", f"<{_TIME}Instant>"
_BEGINNING, _END, _IN_DATE = f"<{_TIME}hasBeginning>", f"<{_TIME}hasEnd>", f"<{_TIME}inXSDDate>"


def identity_triples(decisions: Decisions) -> str:
    """The identity graph as N-Triples."""
    lines: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"{s} {p} {o} .\n")

    for node, canonical, reason in decisions.same_as:
        s, o = iri(node), iri(canonical)
        add(s, _SAME_AS, o)
        # reified without rdf:type rdf:Statement: a fact read from text is one, with kg:evidence
        # (shapes.ttl asks it); a decision has no sentence, only its reason
        stmt = iri(vocab.statement_iri(str(GRAPH), s, _SAME_AS, o))
        add(stmt, R.subject, s)
        add(stmt, R.predicate, _SAME_AS)
        add(stmt, R.object, o)
        add(stmt, K.reason, lit(reason, "en"))
    for node, label in sorted(decisions.display.items()):
        add(iri(node), K.displayLabel, lit(label))
    for person, post, organization, first, last in decisions.memberships:
        m = vocab.membership_iri(person, post)
        node = iri(m)
        add(node, R.type, _MEMBERSHIP)
        add(node, _MEMBER, iri(person))
        add(node, K.post, iri(post))
        if organization:
            add(node, _ORGANIZATION, iri(organization))
        if first:
            during = iri(vocab.interval_iri(m))
            add(node, _DURING, during)
            add(during, R.type, _INTERVAL)
            for part, prop, day in (("first", _BEGINNING, first), ("last", _END, last)):
                instant = iri(vocab.interval_iri(m, part))
                add(during, prop, instant)
                add(instant, R.type, _INSTANT)
                add(instant, _IN_DATE, typed(day, str(XSD.date)))
    return "".join(dict.fromkeys(lines))


def review_csv(decisions: Decisions) -> str:
    """The nodes kept apart (or curation refused), one row each, for a person to look at."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=("kind", "name", "node", "other", "why"), lineterminator="\n")
    writer.writeheader()
    for row in decisions.review:
        writer.writerow(row)
    return buf.getvalue()


def write_review(decisions: Decisions, out_dir: Path) -> Path:
    path = out_dir / REVIEW_FILE
    store.write_text(path, review_csv(decisions))
    return path



_CANONICAL_QUERY = f"SELECT DISTINCT ?a ?b WHERE {{ ?a <{OWL.sameAs}> ?b }}"
_DISPLAY_QUERY = f"SELECT DISTINCT ?n ?label WHERE {{ ?n <{K.displayLabel[1:-1]}> ?label }}"


def canonical_nodes(ds: Graph) -> dict[str, str]:
    """Node -> the canonical node it is the same as (nodes absent stand for themselves)."""
    if isinstance(ds, Dataset):
        return {str(a): str(b) for a, b, _ in store.statements(ds, OWL.sameAs)}
    return {str(a): str(b) for a, b in ds.query(_CANONICAL_QUERY)}


def display_labels(ds: Graph) -> dict[str, str]:
    """Canonical node -> its name as shown (homonyms with their place)."""
    if isinstance(ds, Dataset):
        return {str(n): str(label) for n, label, _ in store.statements(ds, KG.displayLabel)}
    return {str(n): str(label) for n, label in ds.query(_DISPLAY_QUERY)}
