"""Where an analysis goes: tables and graph files in a build's folder, and a named graph of the dataset."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Literal, URIRef

from .. import store, vocab
from ..vocab import KG, PROV, RDF, RDFS, XSD
from .measures import MEASURES
from .ranking import AnalysisResult

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
