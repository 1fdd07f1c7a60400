"""Every export format parses back to the same triples (or quads, named graphs kept)."""
from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph

from kgraph import export, store

DOCS = {"https://w3id.org/kgraph/id/doc/seed000.txt", "https://w3id.org/kgraph/id/doc/seed004.txt"}
THEMES = "https://w3id.org/kgraph/id/graph/themes"
IDENTITY = "https://w3id.org/kgraph/id/graph/identity"


def parse_back(data: bytes, fmt: export.Format) -> Dataset | Graph:
    back = Dataset() if fmt.quads else Graph()
    back.parse(data=data, format=fmt.rdflib)
    return back


@pytest.mark.parametrize("name", sorted(export.FORMATS))
def test_format_parses_back_to_the_same_count(seeds_build, name):
    ds, _, out = seeds_build
    fmt = export.FORMATS[name]
    back = parse_back(export.serialize(out, name), fmt)
    assert export.count(back, fmt.quads) == export.count(ds, fmt.quads)
    if fmt.quads:
        named = {str(g.identifier) for g in back.graphs() if len(g)}
        assert named == DOCS | {THEMES, IDENTITY}  # one named graph per document survives, the scheme, identities
    else:
        assert len(back) == len(store.union_graph(ds))


def test_quad_count_exceeds_union_when_documents_share_triples(seeds_build):
    ds, _, _ = seeds_build
    # the same triple stated by both documents (e.g. a shared theme's type) is one triple, two quads
    assert export.count(ds, True) > export.count(ds, False)


def test_jsonld_is_compacted_with_the_shipped_context(seeds_build):
    _, _, out = seeds_build
    doc = json.loads(export.serialize(out, "jsonld"))
    assert doc["@context"]["Person"] == "kg:Person"
    nodes = [n for g in doc["@graph"] for n in g.get("@graph", [])]
    li = [n for n in nodes if n.get("label") == {"@language": "zh", "@value": "李伟"}]
    assert li and li[0]["@type"] == "Person" and "holds" in li[0]


def test_cli_export_to_a_file_and_to_stdout(seeds_build, tmp_path):
    from typer.testing import CliRunner

    from kgraph.cli import app

    ds, _, out = seeds_build
    target = tmp_path / "dataset.trig"
    res = CliRunner().invoke(app, ["export", str(out), "--format", "trig", "--out", str(target)])
    assert res.exit_code == 0, res.output
    back = Dataset()
    back.parse(target, format="trig")
    assert export.count(back, True) == export.count(ds, True)
    res = CliRunner().invoke(app, ["export", str(out), "--format", "ntriples"])
    assert res.exit_code == 0 and len(res.stdout_bytes.decode().strip().splitlines()) == export.count(ds, False)
    res = CliRunner().invoke(app, ["export", str(out), "--format", "yaml"])
    assert res.exit_code == 2 and "--format" in res.output
