"""What an analysis writes: the files of a build's folder, the named graph, the terminal's tables."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import networkx as nx
import pytest
from typer.testing import CliRunner

from kgraph import store, vocab
from kgraph.analysis.outputs import OFFICIAL_COLUMNS, to_rdf, write_outputs
from kgraph.analysis.ranking import AnalysisResult, analyze
from kgraph.analysis.tables import top

approx = pytest.approx

Q = "PREFIX kg: <https://w3id.org/kgraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "


def test_an_empty_dataset_ranks_nothing_and_still_writes(tmp_path):
    result = analyze(store.new_dataset())
    assert (result.officials, result.themes, result.communities) == ([], [], {"officials": [], "themes": []})
    write_outputs(result, tmp_path)
    assert (tmp_path / "officials.csv").read_text(encoding="utf-8") == ",".join(OFFICIAL_COLUMNS) + "\n"
    assert "(top 0 of 0, by PageRank)" in top(result)


def test_outputs_parse_back(seeds_analysis, tmp_path):
    _, result = seeds_analysis
    paths = write_outputs(result, tmp_path)
    assert [p.name for p in paths] == ["officials.csv", "themes.csv", "analysis.json", "graph.gexf", "graph.graphml"]
    officials = list(csv.DictReader((tmp_path / "officials.csv").open(encoding="utf-8")))
    assert [r["label"] for r in officials] == [r["label"] for r in result.officials]
    assert list(officials[0]) == list(OFFICIAL_COLUMNS)
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
    iri = to_rdf(copy, result)
    assert iri == vocab.graph_iri("analysis")
    best = list(copy.query(Q + """SELECT ?l WHERE { GRAPH ?a { ?p kg:pagerank ?pr ; kg:measuredIn ?run }
                                  ?run a kg:AnalysisRun . ?p a kg:Person ; rdfs:label ?l } ORDER BY DESC(?pr) ?l LIMIT 1"""))
    assert str(best[0][0]) == result.officials[0]["label"]
    fewer = AnalysisResult(result.officials[:1], [], {}, result.metadata)
    to_rdf(copy, fewer)  # a second run replaces the first
    assert len(copy.graph(iri)) == 4 + 9  # the run (type, label, comment, start) and one official's 9 triples
    assert (analyze(copy).officials, analyze(copy).themes) == (result.officials, result.themes)


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
