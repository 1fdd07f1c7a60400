"""The dataset read once into :class:`Facts`: the typed entities and the links the networks need.

Node types and relations are the explorer's (``graphview.NODE_TYPES``, ``graphview.RELATIONS``),
so the analysis and the page agree on what a person or a meeting is; a relation is named by
its property's local name (``presided``, ``subject``). One node stands for each real person
and meeting: the identity graph's canonical node.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import split_uri

from .. import lexicon, store
from ..facts import UNCATEGORIZED
from ..graphview import RELATIONS, TYPE_CLASSES
from ..merge import canonical_nodes, display_labels
from ..vocab import DCTERMS, KG, RDF, RDFS, SKOS

#: The roles an official holds at a meeting, as relation names.
ROLES = ("presided", "spokeAt", "attended")
_NAMES = {pred: split_uri(pred)[1] for pred in RELATIONS}


@dataclass
class Facts:
    """What the analysis reads from a dataset, read once (node keys are IRI strings)."""

    types: dict[str, str]
    labels: dict[str, str]
    relations: list[tuple[str, str, str]]  # (subject, relation, object) between typed entities
    officials: list[str]  # kg:Person only, never another type or a group label; sorted
    roles: dict[tuple[str, str], set[str]]  # (person, meeting) -> {"presided", "spokeAt", "attended"}
    reported_by: dict[str, set[str]]  # reported meeting -> documents reporting it
    doc_themes: dict[str, set[str]]  # typed kg:Theme in the document's graph or its dcterms:subject
    directive_themes: dict[str, set[str]]
    directive_issuers: dict[str, set[str]]  # person or meeting
    directive_meetings: dict[str, set[str]]
    posts: dict[str, list[str]]
    categories: dict[str, str]


def _pick(values: list[Literal]) -> str | None:
    """The Chinese value where there is one, else the smallest: labels are deterministic."""
    return min(values, key=lambda v: (getattr(v, "language", None) != "zh", str(v)), default=None)


def _category_names() -> dict[str, str]:
    return {row[0]: row[1] for row in lexicon.table("theme_categories.tsv") if len(row) > 1}


def read_facts(ds: Dataset) -> Facts:
    """Read the entities, roles, directives and themes of a dataset (union of its graphs)."""
    same = canonical_nodes(ds)  # one node per real person and meeting: the identity graph's
    kinds: dict[str, set[str]] = defaultdict(set)
    typed = store.statements(ds, RDF.type)  # IRIs as plain strings
    names_of = {str(t): name for t, name in TYPE_CLASSES}
    for s, t, _ in typed:
        if type(s) is str and t in names_of:
            kinds[same.get(s, s)].add(names_of[t])
    order = [name for _, name in TYPE_CLASSES]
    types = {s: min(names, key=order.index) for s, names in kinds.items()}

    found: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for rank, pred in enumerate((RDFS.label, SKOS.prefLabel, DCTERMS.title, KG.sourceFile, KG.text)):
        for s, o in {(s, o) for s, o, _ in store.statements(ds, pred)}:
            found[str(s)][rank].append(o)
    shown = display_labels(ds)
    labels = {}
    for s in types:
        if s in shown:
            labels[s] = shown[s]
            continue
        by_pred = found.get(s, {})
        value = _pick(by_pred[min(by_pred)]) if by_pred else None
        text = " ".join(str(value).split()) if value is not None else s.rsplit("/", 1)[-1]
        labels[s] = text if types[s] != "directive" or len(text) <= 24 else text[:24] + "…"

    relations = sorted({(same.get(s, s), name, same.get(o, o)) for pred, name in _NAMES.items()
                        for s, o, _ in store.statements(ds, pred)
                        if same.get(s, s) in types and same.get(o, o) in types})
    pairs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s, name, o in relations:
        pairs[name][s].add(o)

    groups = lexicon.words("group_labels.txt")
    officials = sorted(s for s, names in kinds.items() if names == {"person"}
                       and not any(g in labels[s] for g in groups))
    reported_by: dict[str, set[str]] = defaultdict(set)
    for doc, meetings in pairs["reports"].items():
        for m in meetings:
            reported_by[m].add(doc)
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for role in ROLES:
        for person, meetings in pairs[role].items():
            for m in meetings:
                if types.get(person) == "person" and m in reported_by:
                    roles[(person, m)].add(role)

    doc_themes: dict[str, set[str]] = defaultdict(set)
    theme = {str(cls) for cls, name in TYPE_CLASSES if name == "theme"}
    for t, kind, g in typed:
        if kind in theme and types.get(g) == "document":
            doc_themes[g].add(str(t))
    directive_themes: dict[str, set[str]] = defaultdict(set)
    for s, themes in pairs["subject"].items():
        for t in themes:
            if types[t] == "theme" and types[s] in ("document", "directive"):
                (doc_themes if types[s] == "document" else directive_themes)[s].add(t)

    names = _category_names()
    categories = {}
    named: dict = {}
    for t, c in {(t, c) for t, c, _ in store.statements(ds, KG.category)}:
        if c not in named:
            node = URIRef(c) if type(c) is str else c
            name = _pick(list(ds.objects(node, SKOS.prefLabel)) + list(ds.objects(node, RDFS.label)))
            named[c] = str(name) if name is not None else str(c).rsplit("/", 1)[-1]
        categories[str(t)] = named[c]
    themes = [s for s, kind in types.items() if kind == "theme" and s not in categories]
    if themes:
        categories.update({t: names.get(UNCATEGORIZED, UNCATEGORIZED) for t in themes})  # a theme the graph files nowhere
    posts = {p: sorted({labels[post] for post in held}) for p, held in pairs["holds"].items()}
    return Facts(types, labels, relations, officials, dict(roles), dict(reported_by), dict(doc_themes),
                 dict(directive_themes), dict(pairs["issuedBy"]), dict(pairs["issuedAt"]), posts, categories)


def as_facts(ds: Dataset | Facts) -> Facts:
    """``ds`` read, or as it is when already read: each network accepts either."""
    return ds if isinstance(ds, Facts) else read_facts(ds)
