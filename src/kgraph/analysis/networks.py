"""The networks the analysis ranks on, each a function of a dataset or of its :class:`Facts`.

- :func:`typed_graph`: every entity a node (``type``, ``label``), edges keyed by relation;
  exported to Gephi, not ranked.
- :func:`officials_meetings`: officials x reported meetings, edges weighted by role
  (:data:`ROLE_WEIGHTS`); :func:`co_attendance` projects it onto officials with
  ``bipartite.weighted_projected_graph`` (weight = meetings shared).
- :func:`officials_themes`: an official and a theme are linked by each directive the
  official issued that names the theme, and by each directive and reporting document of a
  meeting the official presided or addressed that names it; weight = how many such items.
- :func:`theme_cooccurrence`: themes projected from theme x (directive | document),
  weight = directives plus documents naming both.
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx
from networkx.algorithms import bipartite
from rdflib import Dataset

from .reading import Facts, as_facts

#: Weight of an official's edge to a meeting: the sum over the roles held there, attended
#: always included (presiding or speaking implies attending): presided and spoke 6,
#: presided 4, spoke 3, attended only 1.
ROLE_WEIGHTS = {"presided": 3, "spokeAt": 2, "attended": 1}
_ADDRESSED = {"presided", "spokeAt"}


def typed_graph(ds: Dataset | Facts) -> nx.MultiDiGraph:
    """Every entity a node with ``type`` and ``label``; an edge per relation, keyed by its name."""
    f = as_facts(ds)
    G = nx.MultiDiGraph()
    G.add_nodes_from((s, {"type": f.types[s], "label": f.labels[s]}) for s in sorted(f.types))
    G.add_edges_from((s, o, rel, {"relation": rel}) for s, rel, o in f.relations)
    return G


def officials_meetings(ds: Dataset | Facts) -> nx.Graph:
    """Bipartite: officials (``bipartite=0``) x reported meetings (``1``).

    Edge attributes: ``roles`` (sorted tuple) and ``weight`` (:data:`ROLE_WEIGHTS` summed).
    Officials without a reported meeting stay as isolated nodes.
    """
    f = as_facts(ds)
    B = nx.Graph()
    B.add_nodes_from((p, {"bipartite": 0, "type": "person", "label": f.labels[p]}) for p in f.officials)
    B.add_nodes_from((m, {"bipartite": 1, "type": "meeting", "label": f.labels[m]}) for m in sorted(f.reported_by))
    officials = set(f.officials)
    for (p, m), roles in sorted(f.roles.items()):
        if p in officials:
            held = roles | {"attended"}
            B.add_edge(p, m, roles=tuple(sorted(held)), weight=sum(ROLE_WEIGHTS[r] for r in held))
    return B


def co_attendance(bip: nx.Graph) -> nx.Graph:
    """Officials linked by the reported meetings they share (``weight`` = meetings shared).

    >>> B = nx.Graph([("甲", "M1"), ("乙", "M1"), ("甲", "M2"), ("乙", "M2"), ("丙", "M2")])
    >>> nx.set_node_attributes(B, {n: int(n.startswith("M")) for n in B}, "bipartite")
    >>> co = co_attendance(B)
    >>> co["甲"]["乙"]["weight"], co["甲"]["丙"]["weight"], sorted(co)
    (2, 1, ['丙', '乙', '甲'])
    """
    people = [n for n, side in bip.nodes(data="bipartite") if side == 0]
    if len(people) == len(bip):
        return bip.subgraph(people).copy()
    return _sorted_edges(bipartite.weighted_projected_graph(bip, people))


def _sorted_edges(G: nx.Graph) -> nx.Graph:
    """``G`` with its edges inserted in sorted order: a projection adds them in the order of a
    set of strings, which changes with PYTHONHASHSEED, and edge order steers Louvain."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(sorted(((*sorted((u, v)), d) for u, v, d in G.edges(data=True)), key=lambda e: e[:2]))
    return H


def _theme_links(f: Facts) -> dict[tuple[str, str], set[str]]:
    """(official, theme) -> the directives and documents that link them."""
    by_meeting: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for d, themes in f.directive_themes.items():
        meetings = f.directive_meetings.get(d, set()) | {a for a in f.directive_issuers.get(d, ()) if a in f.reported_by}
        for m in meetings:
            for t in themes:
                by_meeting[m][t].add(d)
    for m, docs in f.reported_by.items():
        for doc in docs:
            for t in f.doc_themes.get(doc, ()):
                by_meeting[m][t].add(doc)
    officials = set(f.officials)
    links: dict[tuple[str, str], set[str]] = defaultdict(set)
    for d, issuers in f.directive_issuers.items():
        for p in issuers & officials:
            for t in f.directive_themes.get(d, ()):
                links[(p, t)].add(d)
    for (p, m), roles in f.roles.items():
        if p in officials and roles & _ADDRESSED:
            for t, items in by_meeting.get(m, {}).items():
                links[(p, t)] |= items
    return links


def officials_themes(ds: Dataset | Facts) -> nx.Graph:
    """Bipartite officials x themes; ``weight`` = directives and documents linking them (see module doc)."""
    f = as_facts(ds)
    G = nx.Graph()
    for (p, t), items in sorted(_theme_links(f).items()):
        G.add_node(p, bipartite=0, type="person", label=f.labels[p])
        G.add_node(t, bipartite=1, type="theme", label=f.labels[t])
        G.add_edge(p, t, weight=len(items))
    return G


def theme_cooccurrence(ds: Dataset | Facts) -> nx.Graph:
    """Every theme; two linked by the directives and documents naming both (``weight``)."""
    f = as_facts(ds)
    themes = sorted(s for s, kind in f.types.items() if kind == "theme")
    B = nx.Graph()
    B.add_nodes_from((t, {"bipartite": 0, "type": "theme", "label": f.labels[t]}) for t in themes)
    for container, named in sorted({**f.doc_themes, **f.directive_themes}.items()):
        B.add_edges_from((t, container) for t in sorted(named))
    if len(B) == len(themes):
        return B.copy()
    return _sorted_edges(bipartite.weighted_projected_graph(B, themes))
