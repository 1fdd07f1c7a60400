"""Centrality of officials and themes: networkx projections of the dataset, pure functions.

Graphs built from a dataset (each a function of ``ds``, or of its :func:`read_facts`):

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

Officials are measured on the *officials network*, ``officials_meetings`` composed with
``officials_themes`` (officials, their reported meetings and their themes); themes on the
*themes network*, ``theme_cooccurrence`` composed with ``officials_themes``. Only the
officials (resp. themes) of a network are ranked, by PageRank. The projection is not the
network officials are ranked on because projecting erases roles (every attendee of a
meeting becomes alike) and squares edge counts; it is reported as ``co_attendees``.

Path measures (betweenness, closeness) count hops: a link is a link, however strong.
Weights enter weighted degree, eigenvector, PageRank and Louvain communities.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import random
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Hashable, Iterator

import networkx as nx
from networkx.algorithms import bipartite
from rdflib import Dataset, Literal, URIRef

from . import lexicon, store, vocab
from .facts import UNCATEGORIZED
from .merge import canonical_nodes, display_labels
from .vocab import DCTERMS, KG, ORG, PROV, RDF, RDFS, SKOS, XSD

log = logging.getLogger(__name__)

#: Weight of an official's edge to a meeting: the sum over the roles held there, attended
#: always included (presiding or speaking implies attending): presided and spoke 6,
#: presided 4, spoke 3, attended only 1.
ROLE_WEIGHTS = {"presided": 3, "spokeAt": 2, "attended": 1}
#: Networks with more nodes than this get betweenness and closeness sampled from PIVOTS
#: seeded sources, and ARPACK before power iteration. Exact Brandes runs one traversal per
#: node: measured on 2 cores (bench/analyze_bench.py), 600 nodes x 9,500 edges take 5 s;
#: at 16,000 nodes x 100,000 edges one traversal takes 0.2 s: 50 min exact, 25 s sampled.
EXACT_LIMIT = 1000
PIVOTS = 128
SEED = 42
EIGEN_MAX_ITER = 100  # networkx's default number of power iterations
ARPACK_MAX_ITER = 10_000  # a bound on Lanczos restarts (a 2,000-node path needs far fewer)
MEASURES = ("degree", "weighted_degree", "betweenness", "closeness", "eigenvector", "pagerank")

_TYPES = ((KG.Person, "person"), (ORG.Organization, "organization"), (ORG.Post, "post"),
          (KG.Meeting, "meeting"), (KG.Directive, "directive"), (KG.Theme, "theme"), (KG.PolicyTerm, "theme"),
          (KG.Place, "place"), (KG.Document, "document"))
_RELATIONS = ((ORG.holds, "holds"), (ORG.postIn, "postIn"), (ORG.subOrganizationOf, "subOrganizationOf"),
              (KG.presided, "presided"), (KG.spokeAt, "spokeAt"), (KG.attended, "attended"),
              (KG.issuedBy, "issuedBy"), (KG.issuedAt, "issuedAt"), (DCTERMS.subject, "subject"),
              (KG.reports, "reports"), (KG.references, "references"), (KG.place, "place"),
              (KG.organizer, "organizer"), (KG.within, "within"), (KG.jurisdiction, "jurisdiction"))
_ADDRESSED = {"presided", "spokeAt"}


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
    names_of = {str(t): name for t, name in _TYPES}
    for s, t, _ in typed:
        if type(s) is str and t in names_of:
            kinds[same.get(s, s)].add(names_of[t])
    order = [name for _, name in _TYPES]
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

    relations = sorted({(same.get(s, s), name, same.get(o, o)) for pred, name in _RELATIONS
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
    for role in ROLE_WEIGHTS:
        for person, meetings in pairs[role].items():
            for m in meetings:
                if types.get(person) == "person" and m in reported_by:
                    roles[(person, m)].add(role)

    doc_themes: dict[str, set[str]] = defaultdict(set)
    theme = {str(KG.Theme), str(KG.PolicyTerm)}
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


def _facts(ds: Dataset | Facts) -> Facts:
    return ds if isinstance(ds, Facts) else read_facts(ds)


def typed_graph(ds: Dataset | Facts) -> nx.MultiDiGraph:
    """Every entity a node with ``type`` and ``label``; an edge per relation, keyed by its name."""
    f = _facts(ds)
    G = nx.MultiDiGraph()
    G.add_nodes_from((s, {"type": f.types[s], "label": f.labels[s]}) for s in sorted(f.types))
    G.add_edges_from((s, o, rel, {"relation": rel}) for s, rel, o in f.relations)
    return G


def officials_meetings(ds: Dataset | Facts) -> nx.Graph:
    """Bipartite: officials (``bipartite=0``) x reported meetings (``1``).

    Edge attributes: ``roles`` (sorted tuple) and ``weight`` (:data:`ROLE_WEIGHTS` summed).
    Officials without a reported meeting stay as isolated nodes.
    """
    f = _facts(ds)
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
    """Officials linked by the reported meetings they share (``weight`` = meetings shared)."""
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
    f = _facts(ds)
    G = nx.Graph()
    for (p, t), items in sorted(_theme_links(f).items()):
        G.add_node(p, bipartite=0, type="person", label=f.labels[p])
        G.add_node(t, bipartite=1, type="theme", label=f.labels[t])
        G.add_edge(p, t, weight=len(items))
    return G


def theme_cooccurrence(ds: Dataset | Facts) -> nx.Graph:
    """Every theme; two linked by the directives and documents naming both (``weight``)."""
    f = _facts(ds)
    themes = sorted(s for s, kind in f.types.items() if kind == "theme")
    B = nx.Graph()
    B.add_nodes_from((t, {"bipartite": 0, "type": "theme", "label": f.labels[t]}) for t in themes)
    for container, named in sorted({**f.doc_themes, **f.directive_themes}.items()):
        B.add_edges_from((t, container) for t in sorted(named))
    if len(B) == len(themes):
        return B.copy()
    return _sorted_edges(bipartite.weighted_projected_graph(B, themes))


class Scores(dict):
    """node -> {measure: value}; ``methods`` says how each was computed, ``seconds`` how long."""

    def __init__(self) -> None:
        super().__init__()
        self.methods: dict[str, str] = {}
        self.seconds: dict[str, float] = {}


def centrality(G: nx.Graph, weight: str | None = "weight", seed: int = SEED,
               exact_limit: int = EXACT_LIMIT, pivots: int = PIVOTS) -> Scores:
    """Degree, weighted degree, betweenness, closeness, eigenvector and PageRank of every node.

    Betweenness and closeness count hops and are exact up to ``exact_limit`` nodes; above
    it, betweenness is networkx's sampled estimate from ``pivots`` sources drawn with
    ``seed``, closeness the same sources' distances (:func:`sampled_closeness`).
    Eigenvector tries power iteration, then ARPACK (scipy's Lanczos), then weighted degree
    over its maximum; above ``exact_limit`` ARPACK first (``Scores.methods`` records which).

    >>> s = centrality(nx.path_graph(3), weight=None)
    >>> s[1]["betweenness"], s[0]["closeness"], s.methods["betweenness"]
    (1.0, 0.6666666666666666, 'exact')
    """
    scores = Scores()
    if len(G) == 0:
        return scores
    nodes, G = list(G), _indexed(G)
    values: dict[str, dict] = {}
    sampled = len(G) > exact_limit
    k = min(pivots, len(G))

    @contextmanager
    def timed(measure: str) -> Iterator[None]:
        t0 = time.perf_counter()
        yield
        scores.seconds[measure] = time.perf_counter() - t0

    with timed("degree"):
        values["degree"] = nx.degree_centrality(G) if len(G) > 1 else dict.fromkeys(G, 0.0)
    with timed("weighted_degree"):
        values["weighted_degree"] = {n: float(d) for n, d in G.degree(weight=weight)}
    with timed("betweenness"):
        values["betweenness"] = nx.betweenness_centrality(G, k=k if sampled else None, seed=seed)
    with timed("closeness"):
        values["closeness"] = sampled_closeness(G, k, seed) if sampled else nx.closeness_centrality(G)
    scores.methods["betweenness"] = scores.methods["closeness"] = f"sampled k={k}" if sampled else "exact"
    with timed("eigenvector"):
        values["eigenvector"], scores.methods["eigenvector"] = _eigenvector(G, weight, large=sampled)
    with timed("pagerank"):
        values["pagerank"], scores.methods["pagerank"] = _pagerank(G, weight)
    for i, n in enumerate(nodes):
        scores[n] = {m: float(values[m][i]) for m in MEASURES}
    return scores


def _indexed(G: nx.Graph) -> nx.Graph:
    """``G`` with nodes renamed 0, 1, ... in its order. networkx keeps nodes in sets here and
    there; a set of strings iterates in an order that changes with PYTHONHASHSEED, a set of
    small integers does not, so results agree between processes to the last digit."""
    return nx.convert_node_labels_to_integers(G, ordering="default")


def sampled_closeness(G: nx.Graph, k: int, seed: int = SEED) -> dict[Hashable, float]:
    """Closeness (Wasserman-Faust, as networkx) with the mean distance estimated from k sources.

    Each node's mean distance to its component is estimated by its mean distance from the
    sampled sources in that component (Eppstein-Wang); nodes no source reaches are exact.
    With k = number of nodes this is exactly ``nx.closeness_centrality``.
    """
    n = len(G)
    sources = random.Random(seed).sample(list(G), min(k, n))
    total, count = dict.fromkeys(G, 0), dict.fromkeys(G, 0)
    for s in sources:
        for v, d in nx.single_source_shortest_path_length(G, s).items():
            if v != s:
                total[v] += d
                count[v] += 1
    size = {v: len(c) for c in nx.connected_components(G) for v in c}
    out = {}
    for v in G:
        r = size[v]
        if r <= 1 or n <= 1:
            out[v] = 0.0
        elif count[v] == 0:
            out[v] = nx.closeness_centrality(G, u=v)
        else:
            out[v] = (r - 1) / (n - 1) * count[v] / total[v]
    return out


def _eigenvector(G: nx.Graph, weight: str | None, large: bool) -> tuple[dict, str]:
    """Power iteration, then ARPACK, then weighted degree; ARPACK first on a large network.

    networkx's power iteration is pure Python (0.25 s a step at 100,000 edges) and fails
    on nearly-split networks; ARPACK takes a second there but refuses disconnected ones.
    """
    def power() -> dict | None:
        try:
            return nx.eigenvector_centrality(G, max_iter=EIGEN_MAX_ITER, weight=weight)
        except nx.PowerIterationFailedConvergence:
            log.info("eigenvector: power iteration did not converge on %d nodes", len(G))
            return None

    def arpack() -> dict | None:
        """The leading eigenvector by scipy's Lanczos (from a fixed start, so runs agree to the
        last digit), per component: on a disconnected network it is the dominant component's,
        zero elsewhere; a tie between components is ambiguous and refused."""
        try:
            import numpy as np
            from scipy.sparse.linalg import eigsh
        except ImportError:
            return None
        leading = []
        for component in nx.connected_components(G):
            if len(component) < 2:
                continue
            nodes = list(component)
            M = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, dtype=float)
            try:
                if len(nodes) <= 64:
                    values, vectors = np.linalg.eigh(M.toarray())
                else:
                    values, vectors = eigsh(M, k=1, which="LA", v0=np.ones(len(nodes)), maxiter=ARPACK_MAX_ITER)
            except RuntimeError as exc:  # ArpackNoConvergence
                log.info("eigenvector: ARPACK failed on %d nodes (%s)", len(nodes), exc)
                return None
            leading.append((float(values[-1]), nodes, vectors[:, -1]))
        leading.sort(key=lambda item: -item[0])
        if not leading or (len(leading) > 1 and leading[1][0] >= leading[0][0] * (1 - 1e-9)):
            return None
        _, nodes, vector = leading[0]
        scores = dict.fromkeys(G, 0.0)
        scores.update(zip(nodes, (np.abs(vector) / np.linalg.norm(vector)).tolist()))
        return scores

    solvers = [("arpack", arpack), ("power", power)] if large else [("power", power), ("arpack", arpack)]
    for name, solve in solvers:
        values = solve()
        if values is not None:
            return values, name
    strength = dict(G.degree(weight=weight))
    top = max(strength.values()) or 1
    return {n: s / top for n, s in strength.items()}, "degree"


def _pagerank(G: nx.Graph, weight: str | None) -> tuple[dict, str]:
    try:
        return nx.pagerank(G, alpha=0.85, weight=weight), "scipy"
    except ImportError:  # networkx's pagerank needs scipy; its pure-python twin does not
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return _pagerank_python(G, alpha=0.85, weight=weight), "python"


def communities(G: nx.Graph, seed: int = SEED, weight: str | None = "weight") -> list[set]:
    """Louvain communities, largest first (ties: smallest member), reproducible by ``seed``."""
    if len(G) == 0:
        return []
    nodes = list(G)
    found = nx.community.louvain_communities(_indexed(G), weight=weight, seed=seed)
    return sorted(({nodes[i] for i in c} for c in found), key=lambda c: (-len(c), min(map(str, c))))


@dataclass
class AnalysisResult:
    officials: list[dict[str, Any]]
    themes: list[dict[str, Any]]
    communities: dict[str, list[list[str]]]  # "officials" / "themes" -> members (IRIs) by community number
    metadata: dict[str, Any]
    graph: nx.MultiDiGraph = field(repr=False, compare=False, default_factory=nx.MultiDiGraph)


def _rank(G: nx.Graph, ranked: list[str], scores: Scores, comms: list[set], f: Facts,
          extra: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], list[list[str]]]:
    """Rows of the ranked nodes by PageRank, then label; communities numbered from 1 among them."""
    keep = set(ranked)
    groups = sorted((sorted(c & keep) for c in comms if c & keep), key=lambda c: (-len(c), c[0]))
    number = {n: i for i, members in enumerate(groups, start=1) for n in members}
    rows = [{"iri": n, "label": f.labels[n], **extra[n], **scores[n], "community": number.get(n, 0)}
            for n in ranked if n in G]
    rows.sort(key=lambda r: (-r["pagerank"], r["label"], r["iri"]))
    for i, row in enumerate(rows, start=1):
        row["rank"] = i
    return rows, groups


def analyze(ds: Dataset | Facts, seed: int = SEED, exact_limit: int = EXACT_LIMIT, pivots: int = PIVOTS) -> AnalysisResult:
    """Rank officials on the officials network and themes on the themes network (module doc)."""
    started, t_start = datetime.now(timezone.utc), time.perf_counter()
    seconds: dict[str, float] = {}

    @contextmanager
    def step(name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        yield
        seconds[name] = round(time.perf_counter() - t0, 4)

    with step("read"):
        f = _facts(ds)
    with step("typed_graph"):
        typed = typed_graph(f)
    with step("officials_meetings"):
        bip = officials_meetings(f)
    with step("co_attendance"):
        co = co_attendance(bip)
    with step("officials_themes"):
        ot = officials_themes(f)
    with step("theme_cooccurrence"):
        tc = theme_cooccurrence(f)
    with step("networks"):
        networks = {"officials": nx.compose(bip, ot), "themes": nx.compose(tc, ot)}
    ranked = {"officials": f.officials, "themes": sorted(n for n in tc)}
    meetings = {p: len(bip[p]) for p in f.officials}
    docs = defaultdict(int)
    for named in f.doc_themes.values():
        for t in named:
            docs[t] += 1
    extra = {"officials": {p: {"posts": "；".join(f.posts.get(p, [])), "meetings": meetings[p],
                               "co_attendees": co.degree(p)} for p in f.officials},
             "themes": {t: {"category": f.categories.get(t, ""), "documents": docs[t]} for t in tc}}
    rows, groups, methods = {}, {}, {}
    for name, G in networks.items():
        with step(f"{name}.centrality"):
            scores = centrality(G, seed=seed, exact_limit=exact_limit, pivots=pivots)
        seconds.update({f"{name}.{m}": round(s, 4) for m, s in scores.seconds.items()})
        with step(f"{name}.communities"):
            comms = communities(G, seed=seed)
        rows[name], groups[name] = _rank(G, ranked[name], scores, comms, f, extra[name])
        methods[name] = scores.methods
    size = lambda G: {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}  # noqa: E731
    metadata = {
        "started_at": started.isoformat(timespec="seconds"),
        "seconds": seconds, "total_seconds": round(time.perf_counter() - t_start, 4),
        "seed": seed, "exact_limit": exact_limit, "pivots": pivots, "role_weights": ROLE_WEIGHTS,
        "betweenness_sampled": any(m["betweenness"] != "exact" for m in methods.values() if m),
        "methods": methods,
        "graphs": {"typed": size(typed), "officials_meetings": size(bip), "co_attendance": size(co),
                   "officials_themes": size(ot), "theme_cooccurrence": size(tc),
                   "officials_network": size(networks["officials"]), "themes_network": size(networks["themes"])},
    }
    return AnalysisResult(rows["officials"], rows["themes"], groups, metadata, typed)


OFFICIAL_COLUMNS = ("rank", "label", "iri", "posts", "meetings", "co_attendees", *MEASURES, "community")
THEME_COLUMNS = ("rank", "label", "iri", "category", "documents", *MEASURES, "community")


def _csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _exportable(result: AnalysisResult) -> nx.MultiDiGraph:
    """The typed graph with each ranked node's measures as attributes (strings and numbers only)."""
    G = result.graph.copy()
    for row in (*result.officials, *result.themes):
        if row["iri"] in G:
            G.nodes[row["iri"]].update({k: row[k] for k in (*MEASURES, "community", "rank")})
    return G


def write_outputs(result: AnalysisResult, out_dir: Path) -> list[Path]:
    """officials.csv, themes.csv, analysis.json, graph.gexf, graph.graphml, each written atomically."""
    out_dir = Path(out_dir)
    paths = [out_dir / name for name in ("officials.csv", "themes.csv", "analysis.json", "graph.gexf", "graph.graphml")]
    store.write_text(paths[0], _csv(result.officials, OFFICIAL_COLUMNS))
    store.write_text(paths[1], _csv(result.themes, THEME_COLUMNS))
    doc = {"metadata": result.metadata, "officials": result.officials, "themes": result.themes,
           "communities": result.communities}
    store.write_text(paths[2], json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    G = _exportable(result)
    with store.atomic_path(paths[3]) as tmp:
        nx.write_gexf(G, tmp)
    with store.atomic_path(paths[4]) as tmp:
        nx.write_graphml(G, tmp)
    return paths


def to_rdf(ds: Dataset, result: AnalysisResult) -> URIRef:
    """Put the scores into their own named graph, replacing a previous run's; returns its IRI.

    The graph's IRI also names the kg:AnalysisRun; officials are ranked among officials,
    themes among themes (kg:rank 1 = highest PageRank).
    """
    iri = vocab.graph_iri("analysis")
    ds.remove_graph(iri)
    g = ds.graph(iri)
    g.add((iri, RDF.type, KG.AnalysisRun))
    g.add((iri, RDFS.label, Literal("centrality of officials and themes", lang="en")))
    g.add((iri, RDFS.comment, Literal("Officials are ranked on the officials network (reported meetings, "
                                      "role-weighted, and themes), themes on the themes network "
                                      "(co-occurrence and officials); kg:rank orders each by PageRank.", lang="en")))
    g.add((iri, PROV.startedAtTime, Literal(result.metadata["started_at"], datatype=XSD.dateTime)))
    double = {"pagerank": KG.pagerank, "betweenness": KG.betweenness, "closeness": KG.closeness,
              "eigenvector": KG.eigenvector, "degree": KG.degree, "weighted_degree": KG.weightedDegree}
    for row in (*result.officials, *result.themes):
        node = URIRef(row["iri"])
        g.add((node, KG.measuredIn, iri))
        for key, prop in double.items():
            g.add((node, prop, Literal(row[key], datatype=XSD.double)))
        g.add((node, KG.community, Literal(row["community"], datatype=XSD.integer)))
        g.add((node, KG.rank, Literal(row["rank"], datatype=XSD.integer)))
    return iri


def _fit(text: str, width: int) -> str:
    """``text`` cut and padded to ``width`` terminal columns (CJK characters take two)."""
    from wcwidth import wcswidth, wcwidth

    out, used = "", 0
    room = width - 1 if wcswidth(text) > width else width  # keep a column for the ellipsis
    for ch in text:
        w = max(wcwidth(ch), 0)
        if used + w > room:
            out += "…"
            used += 1
            break
        out, used = out + ch, used + w
    return out + " " * (width - used)


def _cell(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _table(title: str, rows: list[dict], columns: list[tuple[str, str, int]]) -> str:
    lines = [title, "  ".join(_fit(head, width) for _, head, width in columns)]
    for row in rows:
        cells = [f"{row[key]:g}" if key == "weighted_degree" else _cell(row[key]) for key, _, _ in columns]
        lines.append("  ".join(_fit(cell, width) for cell, (_, _, width) in zip(cells, columns)).rstrip())
    return "\n".join(lines)


def top(result: AnalysisResult, n: int = 10) -> str:
    """The top ``n`` officials and themes by PageRank, as two aligned text tables."""
    measures = [("pagerank", "PageRank", 8), ("betweenness", "between", 8), ("closeness", "close", 7),
                ("eigenvector", "eigen", 7), ("weighted_degree", "w.deg", 6), ("community", "comm", 4)]
    officials = _table(f"Officials (top {min(n, len(result.officials))} of {len(result.officials)}, by PageRank)",
                       result.officials[:n], [("rank", "#", 3), ("label", "official", 8), ("posts", "posts", 28), *measures])
    themes = _table(f"Themes (top {min(n, len(result.themes))} of {len(result.themes)}, by PageRank)",
                    result.themes[:n], [("rank", "#", 3), ("label", "theme", 20), ("category", "category", 16), *measures])
    return officials + "\n\n" + themes
