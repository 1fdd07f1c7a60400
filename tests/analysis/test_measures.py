"""Each measure on small graphs, values computed by hand; the examples in the docstrings."""
from __future__ import annotations

import doctest

import networkx as nx
import pytest

from kgraph.analysis import measures, networks
from kgraph.analysis.measures import Scores, centrality, communities, sampled_closeness

approx = pytest.approx


def measure(scores: Scores, name: str) -> dict:
    return {n: v[name] for n, v in scores.items()}


# --- measures on small graphs, values computed by hand ---------------------------------

def test_path_of_four():
    # a-b-c-d, n = 4.
    # degree: neighbours / (n-1): ends 1/3, middle 2/3.
    # betweenness: b is on the shortest paths a-c and a-d (2 of the 3 pairs not involving b): 2/3.
    # closeness: a reaches b, c, d at 1+2+3 = 6 -> 3/6; b at 1+1+2 = 4 -> 3/4.
    # eigenvector: largest eigenvalue 2cos(pi/5); vector sin(k pi/5), k = 1..4, over its norm
    #   sqrt(2.5): ends sin 36deg / 1.5811 = 0.37175, middle sin 72deg / 1.5811 = 0.60150.
    # PageRank (alpha 0.85): ends x, middle y, x = 0.15/4 + 0.85 y/2 and 2x + 2y = 1
    #   -> 1.425 x = 0.25, x = 0.175439, y = 0.324561.
    s = centrality(nx.path_graph("abcd"), weight=None)
    assert measure(s, "degree") == approx({"a": 1 / 3, "b": 2 / 3, "c": 2 / 3, "d": 1 / 3})
    assert measure(s, "betweenness") == approx({"a": 0, "b": 2 / 3, "c": 2 / 3, "d": 0})
    assert measure(s, "closeness") == approx({"a": 0.5, "b": 0.75, "c": 0.75, "d": 0.5})
    assert measure(s, "eigenvector") == approx({"a": 0.37175, "b": 0.60150, "c": 0.60150, "d": 0.37175}, abs=1e-4)
    assert measure(s, "pagerank") == approx({"a": 0.175439, "b": 0.324561, "c": 0.324561, "d": 0.175439}, abs=1e-5)
    assert s.methods == {"betweenness": "exact", "closeness": "exact", "eigenvector": "power", "pagerank": "scipy"}


def test_star_with_three_leaves():
    # centre c, leaves x y z: degree c 3/3, leaves 1/3.
    # betweenness: c is on all 3 leaf-leaf paths -> 3/3 = 1.
    # closeness: c 3/3 = 1; a leaf reaches c at 1 and two leaves at 2: 3/5 = 0.6.
    # eigenvector: lambda = sqrt 3, leaf = c / sqrt 3, c^2 + 3 c^2/3 = 1 -> c = 0.70711, leaf 0.40825.
    # PageRank: c = 0.0375 + 0.85 * 3 leaf, leaf = 0.0375 + 0.85 c/3, c + 3 leaf = 1
    #   -> 1.85 c = 0.8875: c = 0.479730, leaf = 0.173423.
    s = centrality(nx.star_graph(["c", "x", "y", "z"]), weight=None)
    assert measure(s, "degree") == approx({"c": 1, "x": 1 / 3, "y": 1 / 3, "z": 1 / 3})
    assert measure(s, "betweenness") == approx({"c": 1, "x": 0, "y": 0, "z": 0})
    assert measure(s, "closeness") == approx({"c": 1, "x": 0.6, "y": 0.6, "z": 0.6})
    assert measure(s, "eigenvector") == approx({"c": 0.70711, "x": 0.40825, "y": 0.40825, "z": 0.40825}, abs=1e-4)
    assert measure(s, "pagerank") == approx({"c": 0.479730, "x": 0.173423, "y": 0.173423, "z": 0.173423}, abs=1e-5)


def test_triangle_with_a_pendant_weights_count_only_in_strength():
    # triangle a b c, pendant d on c; weights a-b 1, a-c 2, b-c 1, c-d 3.
    # degree: a 2/3, b 2/3, c 3/3, d 1/3; weighted degree: a 1+2 = 3, b 1+1 = 2, c 2+1+3 = 6, d 3.
    # betweenness counts hops: c is on a-d and b-d (2 of 3 pairs) -> 2/3; a and b on none.
    # closeness: a: b 1, c 1, d 2 -> 3/4; c: 1+1+1 -> 1; d: c 1, a 2, b 2 -> 3/5.
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 1), ("a", "c", 2), ("b", "c", 1), ("c", "d", 3)])
    s = centrality(G)
    assert measure(s, "degree") == approx({"a": 2 / 3, "b": 2 / 3, "c": 1, "d": 1 / 3})
    assert measure(s, "weighted_degree") == {"a": 3.0, "b": 2.0, "c": 6.0, "d": 3.0}
    assert measure(s, "betweenness") == approx({"a": 0, "b": 0, "c": 2 / 3, "d": 0})
    assert measure(s, "closeness") == approx({"a": 0.75, "b": 0.75, "c": 1, "d": 0.6})
    pagerank = measure(s, "pagerank")
    assert sum(pagerank.values()) == approx(1)
    assert pagerank["c"] > pagerank["a"] > pagerank["b"]  # strength 6 > 3 > 2 (d's 3 all goes to c)


def test_betweenness_and_closeness_are_sampled_above_the_limit():
    G = nx.path_graph(30)
    exact = centrality(G, weight=None, exact_limit=30)
    sampled = centrality(G, weight=None, exact_limit=10, pivots=5, seed=7)
    assert exact.methods["betweenness"] == "exact" and exact[15]["betweenness"] == approx(14 * 15 / (29 * 28 / 2))
    assert sampled.methods["betweenness"] == sampled.methods["closeness"] == "sampled k=5"
    assert measure(sampled, "betweenness") == measure(centrality(G, weight=None, exact_limit=10, pivots=5, seed=7),
                                                      "betweenness")
    assert measure(sampled, "betweenness") == approx(nx.betweenness_centrality(G, k=5, seed=7))
    assert measure(sampled, "betweenness") != approx(measure(exact, "betweenness"))


def test_sampled_closeness_from_every_source_is_exact():
    G = nx.disjoint_union(nx.karate_club_graph(), nx.path_graph(5))
    assert sampled_closeness(G, k=len(G)) == approx(nx.closeness_centrality(G))
    few = sampled_closeness(G, k=3, seed=1)
    assert set(few) == set(G) and all(0 <= v <= 1 for v in few.values())


def test_eigenvector_falls_back_where_power_iteration_fails():
    path = nx.path_graph(300)  # power iteration needs ~n^2 steps on a path
    s = centrality(path, weight=None)
    assert s.methods["eigenvector"] == "arpack"
    assert measure(s, "eigenvector") == approx(nx.eigenvector_centrality_numpy(path, max_iter=10_000), abs=1e-6)
    lonely = path.copy()
    lonely.add_node("alone")  # an isolated node does not change the leading eigenvector: it scores 0
    s = centrality(lonely, weight=None)
    assert s.methods["eigenvector"] == "arpack" and s["alone"]["eigenvector"] == approx(0, abs=1e-9)
    assert s[150]["eigenvector"] == approx(nx.eigenvector_centrality_numpy(path, max_iter=10_000)[150], abs=1e-6)
    two = centrality(nx.disjoint_union(path, path), weight=None)  # two equal components: no leading vector
    assert two.methods["eigenvector"] == "degree" and two[0]["eigenvector"] == 0.5 and two[1]["eigenvector"] == 1.0


def test_eigenvector_above_the_limit_asks_arpack_first():
    G = nx.karate_club_graph()
    s = centrality(G, exact_limit=10, pivots=5)
    assert s.methods["eigenvector"] == "arpack"
    assert measure(s, "eigenvector") == approx(nx.eigenvector_centrality_numpy(G, weight="weight"), abs=1e-6)
    assert centrality(G).methods["eigenvector"] == "power"


def test_pagerank_without_scipy_uses_the_pure_python_twin(monkeypatch):
    def no_scipy(*args, **kwargs):
        raise ImportError("scipy")

    G = nx.star_graph(3)
    monkeypatch.setattr(nx, "pagerank", no_scipy)
    s = centrality(G, weight=None)
    assert s.methods["pagerank"] == "python" and s[0]["pagerank"] == approx(0.479730, abs=1e-5)


def test_communities_are_louvain_with_a_fixed_seed():
    G = nx.barbell_graph(5, 0)  # two K5 joined by one edge
    assert communities(G) == [set(range(5)), set(range(5, 10))]
    karate = nx.karate_club_graph()
    assert communities(karate, seed=42) == communities(karate, seed=42)


@pytest.mark.parametrize("module", [measures, networks], ids=lambda m: m.__name__)
def test_the_examples_in_the_docstrings_hold(module):
    found = doctest.testmod(module)
    assert found.attempted > 0 and found.failed == 0
