"""Centrality: each measure on hand-computed small graphs, the projections, and the seeds' ranking."""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys

import networkx as nx
import pytest
from rdflib import Literal
from typer.testing import CliRunner

from kgraph import analyze as A
from kgraph import lexicon, store, vocab
from kgraph.vocab import DCTERMS, KG, ORG, RDF, RDFS

approx = pytest.approx


def measure(scores: A.Scores, name: str) -> dict:
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
    s = A.centrality(nx.path_graph("abcd"), weight=None)
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
    s = A.centrality(nx.star_graph(["c", "x", "y", "z"]), weight=None)
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
    s = A.centrality(G)
    assert measure(s, "degree") == approx({"a": 2 / 3, "b": 2 / 3, "c": 1, "d": 1 / 3})
    assert measure(s, "weighted_degree") == {"a": 3.0, "b": 2.0, "c": 6.0, "d": 3.0}
    assert measure(s, "betweenness") == approx({"a": 0, "b": 0, "c": 2 / 3, "d": 0})
    assert measure(s, "closeness") == approx({"a": 0.75, "b": 0.75, "c": 1, "d": 0.6})
    pagerank = measure(s, "pagerank")
    assert sum(pagerank.values()) == approx(1)
    assert pagerank["c"] > pagerank["a"] > pagerank["b"]  # strength 6 > 3 > 2 (d's 3 all goes to c)


def test_betweenness_and_closeness_are_sampled_above_the_limit():
    G = nx.path_graph(30)
    exact = A.centrality(G, weight=None, exact_limit=30)
    sampled = A.centrality(G, weight=None, exact_limit=10, pivots=5, seed=7)
    assert exact.methods["betweenness"] == "exact" and exact[15]["betweenness"] == approx(14 * 15 / (29 * 28 / 2))
    assert sampled.methods["betweenness"] == sampled.methods["closeness"] == "sampled k=5"
    assert measure(sampled, "betweenness") == measure(A.centrality(G, weight=None, exact_limit=10, pivots=5, seed=7),
                                                      "betweenness")
    assert measure(sampled, "betweenness") == approx(nx.betweenness_centrality(G, k=5, seed=7))
    assert measure(sampled, "betweenness") != approx(measure(exact, "betweenness"))


def test_sampled_closeness_from_every_source_is_exact():
    G = nx.disjoint_union(nx.karate_club_graph(), nx.path_graph(5))
    assert A.sampled_closeness(G, k=len(G)) == approx(nx.closeness_centrality(G))
    few = A.sampled_closeness(G, k=3, seed=1)
    assert set(few) == set(G) and all(0 <= v <= 1 for v in few.values())


def test_eigenvector_falls_back_where_power_iteration_fails():
    path = nx.path_graph(300)  # power iteration needs ~n^2 steps on a path
    s = A.centrality(path, weight=None)
    assert s.methods["eigenvector"] == "arpack"
    assert measure(s, "eigenvector") == approx(nx.eigenvector_centrality_numpy(path, max_iter=10_000), abs=1e-6)
    lonely = path.copy()
    lonely.add_node("alone")  # an isolated node does not change the leading eigenvector: it scores 0
    s = A.centrality(lonely, weight=None)
    assert s.methods["eigenvector"] == "arpack" and s["alone"]["eigenvector"] == approx(0, abs=1e-9)
    assert s[150]["eigenvector"] == approx(nx.eigenvector_centrality_numpy(path, max_iter=10_000)[150], abs=1e-6)
    two = A.centrality(nx.disjoint_union(path, path), weight=None)  # two equal components: no leading vector
    assert two.methods["eigenvector"] == "degree" and two[0]["eigenvector"] == 0.5 and two[1]["eigenvector"] == 1.0


def test_eigenvector_above_the_limit_asks_arpack_first():
    G = nx.karate_club_graph()
    s = A.centrality(G, exact_limit=10, pivots=5)
    assert s.methods["eigenvector"] == "arpack"
    assert measure(s, "eigenvector") == approx(nx.eigenvector_centrality_numpy(G, weight="weight"), abs=1e-6)
    assert A.centrality(G).methods["eigenvector"] == "power"


def test_pagerank_without_scipy_uses_the_pure_python_twin(monkeypatch):
    def no_scipy(*args, **kwargs):
        raise ImportError("scipy")

    G = nx.star_graph(3)
    monkeypatch.setattr(nx, "pagerank", no_scipy)
    s = A.centrality(G, weight=None)
    assert s.methods["pagerank"] == "python" and s[0]["pagerank"] == approx(0.479730, abs=1e-5)


def test_communities_are_louvain_with_a_fixed_seed():
    G = nx.barbell_graph(5, 0)  # two K5 joined by one edge
    assert A.communities(G) == [set(range(5)), set(range(5, 10))]
    karate = nx.karate_club_graph()
    assert A.communities(karate, seed=42) == A.communities(karate, seed=42)


# --- projections on a tiny dataset written as rdf.py writes -----------------------------

def tiny_dataset():
    """Two documents; M1: 甲 presides and speaks, 乙 and 戊 attend (with 厅领导 and an organization
    typed as a person); M2: 丙 speaks, 乙 and 戊 attend. Directive X1 (issued by M1) names T1 and
    T2; X2 (issued by 丙 at M2) names T3. D1 names T1 T2, D2 names T1 T3."""
    ds = store.new_dataset()
    I = vocab.ID  # noqa: E741
    person = {n: vocab.person_iri(n, "t") for n in ("甲", "乙", "丙", "戊", "厅领导", "省公安厅")}
    theme = {n: vocab.theme_iri(n) for n in ("T1", "T2", "T3")}
    for doc, meeting, names in (("D1", "M1", ("T1", "T2")), ("D2", "M2", ("T1", "T3"))):
        g = ds.graph(vocab.doc_iri(doc))
        g.add((g.identifier, RDF.type, KG.Document))
        g.add((g.identifier, KG.reports, I[meeting]))
        g.add((I[meeting], RDF.type, KG.Meeting))
        g.add((I[meeting], RDFS.label, Literal(meeting, lang="zh")))
        for t in names:
            g.add((theme[t], RDF.type, KG.Theme))
            g.add((theme[t], RDFS.label, Literal(t, lang="zh")))
            g.add((g.identifier, DCTERMS.subject, theme[t]))
        for name, iri in person.items():
            g.add((iri, RDF.type, KG.Person))
            g.add((iri, RDFS.label, Literal(name, lang="zh")))
    g1, g2 = ds.graph(vocab.doc_iri("D1")), ds.graph(vocab.doc_iri("D2"))
    g1.add((person["省公安厅"], RDF.type, ORG.Organization))
    for name, prop in (("甲", KG.presided), ("甲", KG.spokeAt), ("甲", KG.attended), ("乙", KG.attended),
                       ("戊", KG.attended), ("厅领导", KG.attended), ("省公安厅", KG.attended)):
        g1.add((person[name], prop, I["M1"]))
    for name, prop in (("丙", KG.spokeAt), ("乙", KG.attended), ("戊", KG.attended)):
        g2.add((person[name], prop, I["M2"]))
    for g, directive, issuer, meeting, names in ((g1, "X1", I["M1"], "M1", ("T1", "T2")),
                                                 (g2, "X2", person["丙"], "M2", ("T3",))):
        g.add((I[directive], RDF.type, KG.Directive))
        g.add((I[directive], KG.text, Literal("要" + "".join(names), lang="zh")))
        g.add((I[directive], KG.issuedBy, issuer))
        g.add((I[directive], KG.issuedAt, I[meeting]))
        for t in names:
            g.add((I[directive], DCTERMS.subject, theme[t]))
    return ds, person, theme


def labelled_edges(G: nx.Graph, attr: str = "weight") -> set[tuple]:
    label = dict(G.nodes(data="label"))
    return {(*sorted((label[u], label[v])), d[attr]) for u, v, d in G.edges(data=True)}


def test_officials_meetings_weights_roles_and_skips_group_labels_and_organizations():
    ds, _, _ = tiny_dataset()
    B = A.officials_meetings(ds)
    # presided + spoke + attended = 3 + 2 + 1; spoke (attended implied) = 2 + 1; attended = 1
    assert labelled_edges(B) == {("M1", "甲", 6), ("M1", "乙", 1), ("M1", "戊", 1),
                                 ("M2", "乙", 1), ("M2", "戊", 1), ("M2", "丙", 3)}
    assert labelled_edges(B, "roles") >= {("M2", "丙", ("attended", "spokeAt"))}
    assert {B.nodes[n]["label"] for n, side in B.nodes(data="bipartite") if side == 0} == {"甲", "乙", "丙", "戊"}


def test_co_attendance_counts_meetings_shared():
    ds, _, _ = tiny_dataset()
    co = A.co_attendance(A.officials_meetings(ds))
    # labels sorted by code point: 丙 < 乙 < 戊 < 甲
    assert labelled_edges(co) == {("乙", "戊", 2), ("乙", "甲", 1), ("戊", "甲", 1), ("丙", "乙", 1), ("丙", "戊", 1)}


def test_officials_themes_counts_directives_and_documents():
    ds, _, _ = tiny_dataset()
    # 甲 presided M1: X1 (T1 T2) and D1 (T1 T2) -> 2 each. 丙 issued X2 (T3) and spoke at M2,
    # reported by D2 (T1 T3): T3 by X2 and D2 -> 2, T1 by D2 -> 1. Attending alone links nothing.
    assert labelled_edges(A.officials_themes(ds)) == {("T1", "甲", 2), ("T2", "甲", 2), ("T1", "丙", 1), ("T3", "丙", 2)}


def test_theme_cooccurrence_counts_directives_and_documents():
    ds, _, _ = tiny_dataset()
    # T1 T2: D1 and X1 -> 2; T1 T3: D2 -> 1; X2 names T3 alone.
    assert labelled_edges(A.theme_cooccurrence(ds)) == {("T1", "T2", 2), ("T1", "T3", 1)}


def test_typed_graph_types_and_relations():
    ds, person, theme = tiny_dataset()
    G = A.typed_graph(ds)
    assert G.nodes[str(person["甲"])] == {"type": "person", "label": "甲"}
    assert G.nodes[str(person["省公安厅"])]["type"] == "person"  # typed both; not ranked (see below)
    assert G.nodes[str(vocab.ID["X2"])] == {"type": "directive", "label": "要T3"}
    assert set(G[str(person["甲"])][str(vocab.ID["M1"])]) == {"presided", "spokeAt", "attended"}
    assert G.has_edge(str(vocab.ID["X1"]), str(theme["T2"]), key="subject")


def test_only_real_officials_are_ranked():
    ds, _, _ = tiny_dataset()
    result = A.analyze(ds)
    # officials network strengths: 甲 6 (M1) + 2 + 2 (T1 T2) = 10, 丙 3 + 1 + 2 = 6, 乙 and 戊 1 + 1
    # (a tie, broken by label); 厅领导 and the organization typed as a person are not ranked.
    assert [row["label"] for row in result.officials] == ["甲", "丙", "乙", "戊"]
    # themes network strengths: T1 2 + 1 (T2, T3) + 2 + 1 (甲, 丙) = 6, T2 2 + 2 = 4, T3 1 + 2 = 3
    assert [row["label"] for row in result.themes] == ["T1", "T2", "T3"]
    assert result.officials[0]["meetings"] == 1 and result.officials[2]["co_attendees"] == 3


def test_an_empty_dataset_ranks_nothing_and_still_writes(tmp_path):
    result = A.analyze(store.new_dataset())
    assert (result.officials, result.themes, result.communities) == ([], [], {"officials": [], "themes": []})
    A.write_outputs(result, tmp_path)
    assert (tmp_path / "officials.csv").read_text(encoding="utf-8") == ",".join(A.OFFICIAL_COLUMNS) + "\n"
    assert "(top 0 of 0, by PageRank)" in A.top(result)


# --- the seeds ---------------------------------------------------------------------------

Q = "PREFIX kg: <https://w3id.org/kgraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "


@pytest.fixture(scope="module")
def seeds_analysis(seeds_build):
    ds, _, _ = seeds_build
    return ds, A.analyze(ds)


def ranks(rows: list[dict]) -> dict[str, int]:
    return {row["label"]: row["rank"] for row in rows}


def test_a_theme_named_in_both_seeds_outranks_one_named_in_one(seeds_analysis):
    ds, result = seeds_analysis
    docs: dict[str, set[str]] = {}
    for label, g in ds.query(Q + "SELECT ?l ?g WHERE { GRAPH ?g { ?t a kg:Theme ; rdfs:label ?l } }"):
        docs.setdefault(str(label), set()).add(str(g))
    both = {t for t, gs in docs.items() if len(gs) == 2}
    assert {"两个维护", "枫桥经验", "四个铁一般"} <= both
    rank = ranks(result.themes)
    assert max(rank[t] for t in both) < min(rank[t] for t in docs if t not in both)
    assert rank["两个维护"] < rank["四个意识"]


def test_an_official_who_presided_and_spoke_outranks_one_who_only_attended(seeds_analysis):
    _, result = seeds_analysis
    rank = ranks(result.officials)
    assert rank["张月波"] < rank["纪勇"]
    seed000 = {"张月波", "李伟", "王海防"}  # presided or spoke at 全省公安局长会议
    attended_only = {"纪勇", "槐国栋", "李祝群", "修春清", "申延军"}
    assert max(rank[p] for p in seed000) < min(rank[p] for p in attended_only)
    zhang = next(row for row in result.officials if row["label"] == "张月波")
    assert zhang["posts"] and zhang["meetings"] == 1 and zhang["co_attendees"] == 7


def test_ranked_officials_are_persons_never_organizations_or_group_labels(seeds_analysis):
    ds, result = seeds_analysis
    persons = {str(p) for p in ds.subjects(RDF.type, KG.Person)}
    organizations = {str(o) for o in ds.subjects(RDF.type, ORG.Organization)}
    iris = {row["iri"] for row in result.officials}
    assert iris == persons - organizations
    assert {"李伟", "张月波", "纪勇", "槐国栋", "傅峰", "张志华", "宛小林"} <= {row["label"] for row in result.officials}
    groups = lexicon.words("group_labels.txt")
    assert not any(g in row["label"] for row in result.officials for g in groups)


def test_analysis_is_deterministic(seeds_analysis):
    ds, result = seeds_analysis
    again = A.analyze(ds)
    assert (again.officials, again.themes, again.communities) == (result.officials, result.themes, result.communities)
    one, two = A.analyze(ds, exact_limit=5, pivots=4), A.analyze(ds, exact_limit=5, pivots=4)
    assert one.metadata["betweenness_sampled"] and not result.metadata["betweenness_sampled"]
    assert one.metadata["methods"]["officials"]["betweenness"] == "sampled k=4"
    assert (one.officials, one.themes) == (two.officials, two.themes)


DIGEST = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
from analyze_bench import build
from kgraph import analyze
result = analyze.analyze(build(2000, 3)[0], exact_limit=300, pivots=32)
print(hashlib.sha1(json.dumps([result.officials, result.themes, result.communities]).encode()).hexdigest())
"""


@pytest.mark.slow
def test_analysis_agrees_between_processes_whatever_the_hash_seed():
    from tests.conftest import ROOT

    def digest(hash_seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", DIGEST, str(ROOT / "bench")], env=env,
                              capture_output=True, text=True, check=True)
        return done.stdout.strip()

    assert digest("1") == digest("2")


def test_outputs_parse_back(seeds_analysis, tmp_path):
    _, result = seeds_analysis
    paths = A.write_outputs(result, tmp_path)
    assert [p.name for p in paths] == ["officials.csv", "themes.csv", "analysis.json", "graph.gexf", "graph.graphml"]
    officials = list(csv.DictReader((tmp_path / "officials.csv").open(encoding="utf-8")))
    assert [r["label"] for r in officials] == [r["label"] for r in result.officials]
    assert list(officials[0]) == list(A.OFFICIAL_COLUMNS)
    themes = list(csv.DictReader((tmp_path / "themes.csv").open(encoding="utf-8")))
    assert themes[0]["category"] and float(themes[0]["pagerank"]) == result.themes[0]["pagerank"]
    doc = json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))
    assert doc["metadata"]["graphs"]["typed"]["nodes"] == len(result.graph) and len(doc["communities"]["themes"]) >= 2
    for read in (nx.read_gexf, nx.read_graphml):
        G = read(tmp_path / ("graph.gexf" if read is nx.read_gexf else "graph.graphml"))
        assert (len(G), G.number_of_edges()) == (len(result.graph), result.graph.number_of_edges())
        top = G.nodes[result.officials[0]["iri"]]
        assert top["type"] == "person" and top["rank"] == 1 and float(top["pagerank"]) == approx(result.officials[0]["pagerank"])
    assert not list(tmp_path.glob(".*.tmp"))


def test_scores_go_into_their_own_named_graph(seeds_analysis):
    ds, result = seeds_analysis
    copy = store.new_dataset()
    for quad in ds.quads():
        copy.add(quad)
    iri = A.to_rdf(copy, result)
    assert iri == vocab.graph_iri("analysis")
    best = list(copy.query(Q + """SELECT ?l WHERE { GRAPH ?a { ?p kg:pagerank ?pr ; kg:measuredIn ?run }
                                  ?run a kg:AnalysisRun . ?p a kg:Person ; rdfs:label ?l } ORDER BY DESC(?pr) ?l LIMIT 1"""))
    assert str(best[0][0]) == result.officials[0]["label"]
    fewer = A.AnalysisResult(result.officials[:1], [], {}, result.metadata)
    A.to_rdf(copy, fewer)  # a second run replaces the first
    assert len(copy.graph(iri)) == 4 + 9  # the run (type, label, comment, start) and one official's 9 triples
    assert (A.analyze(copy).officials, A.analyze(copy).themes) == (result.officials, result.themes)


def test_cli_analyze_writes_outputs_and_prints_tables(seeds_build, tmp_path):
    from kgraph.cli import app

    shutil.copy(seeds_build[2] / "graph.trig", tmp_path / "graph.trig")
    out = CliRunner().invoke(app, ["analyze", str(tmp_path), "--top", "3"])
    assert out.exit_code == 0, out.output
    officials = len((tmp_path / "officials.csv").read_text(encoding="utf-8").splitlines()) - 1
    lines = out.output.splitlines()
    assert lines[0] == f"Officials (top 3 of {officials}, by PageRank)" and lines[5] == ""
    assert lines[6].startswith("Themes (top 3 of ") and lines[-1].startswith(f"analysed {officials} officials and ")
    assert {p.name for p in tmp_path.iterdir()} >= {"officials.csv", "themes.csv", "analysis.json", "graph.gexf",
                                                    "graph.graphml", "graph.trig", "graph.ttl"}
    assert "kg:pagerank" in (tmp_path / "graph.trig").read_text(encoding="utf-8")
    missing = CliRunner().invoke(app, ["analyze", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "[E400]" in missing.output


@pytest.mark.slow
def test_cli_analyze_writes_the_scores_into_a_build_s_persistent_store(tmp_path):
    from tests.conftest import SEEDS

    out, spec = tmp_path / "out", f"oxigraph:{tmp_path / 'store'}"
    def kgraph(*args: str) -> None:  # one process per command, as a user runs them: each opens the store
        done = subprocess.run([sys.executable, "-m", "kgraph.cli", *args], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    kgraph("build", str(SEEDS), "--store", spec, "--out", str(out), "--quiet")
    kgraph("analyze", str(out), "--top", "0")
    ds = store.open_output(out)  # the store, reopened read-only, holds the analysis graph
    count = Q + f"SELECT (COUNT(?p) AS ?n) WHERE {{ GRAPH <{vocab.graph_iri('analysis')}> {{ ?p kg:rank ?r }} }}"
    ranked = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert int(next(iter(ds.query(count)))[0]) == len(ranked["officials"]) + len(ranked["themes"]) > 20
