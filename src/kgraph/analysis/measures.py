"""Centrality and communities: pure functions of a graph that return dicts.

Path measures (betweenness, closeness) count hops: a link is a link, however strong.
Weights enter weighted degree, eigenvector, PageRank and Louvain communities. Every
measure is computed on the graph with its nodes renamed 0, 1, ... (:func:`_indexed`), so
results agree between processes to the last digit.
"""
from __future__ import annotations

import logging
import random
import time
from contextlib import contextmanager
from typing import Hashable, Iterator

import networkx as nx

log = logging.getLogger(__name__)

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

    >>> G = nx.path_graph(4)
    >>> sampled_closeness(G, k=len(G)) == nx.closeness_centrality(G)
    True
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
    """Louvain communities, largest first (ties: smallest member), reproducible by ``seed``.

    >>> communities(nx.barbell_graph(3, 0))  # two triangles joined by one edge
    [{0, 1, 2}, {3, 4, 5}]
    """
    if len(G) == 0:
        return []
    nodes = list(G)
    found = nx.community.louvain_communities(_indexed(G), weight=weight, seed=seed)
    return sorted(({nodes[i] for i in c} for c in found), key=lambda c: (-len(c), min(map(str, c))))
