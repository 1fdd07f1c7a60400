"""SHACL validation: the seeds' build conforms; a broken graph is reported by node, property and cause."""
from __future__ import annotations

import pytest
from rdflib import Dataset, Literal

from kgraph import store, validate, vocab
from kgraph.vocab import KG, RDF, RDFS


def test_seeds_build_conforms(seeds_build):
    ds, _, out = seeds_build
    report = validate.validate(ds)
    assert report.conforms and report.violations == [] and report.shapes == 8  # with org:Membership
    assert validate.build_summary(ds, out).startswith("validation: conforms (")


@pytest.fixture()
def broken(seeds_build) -> Dataset:
    """A copy of the seeds' build with a nameless person, a fact without evidence and a backwards mention."""
    _, _, out = seeds_build
    ds = store.open_output(out)
    g = ds.graph(vocab.doc_iri("seed000.txt"))
    g.add((vocab.person_iri("无名", "370000"), RDF.type, KG.Person))
    li = vocab.person_iri("李伟", "370000")
    stmt = next(s for s in ds.subjects(RDF.subject, li) if (s, RDF.predicate, KG.spokeAt) in ds)
    for graph in ds.graphs():
        graph.remove((stmt, KG.evidence, None))
    mention = min(ds.subjects(KG.inDocument, vocab.doc_iri("seed000.txt")), key=str)
    end = int(ds.value(mention, KG.charEnd))
    for graph in ds.graphs():
        graph.remove((mention, KG.charStart, None))
    g.add((mention, KG.charStart, Literal(end + 50)))  # starts after it ends
    zhang = vocab.person_iri("张月波", "370000")
    g.add((zhang, RDFS.label, Literal("张月", lang="zh")))
    return ds


def test_broken_graph_names_each_broken_node(broken):
    report = validate.validate(broken)
    assert not report.conforms
    found = {(v.focus, v.path): v for v in report.violations}
    nameless = found[(str(vocab.person_iri("无名", "370000")), "rdfs:label")]
    assert nameless.label == "(kg:Person without a label)" and nameless.files == ("seed000.txt",)
    assert "exactly one name" in nameless.message
    two_names = found[(str(vocab.person_iri("张月波", "370000")), "rdfs:label")]
    assert two_names.label in {"张月波", "张月"}
    no_evidence = next(v for (focus, path), v in found.items() if path == "kg:evidence")
    assert no_evidence.label == "fact: 李伟 kg:spokeAt 全省公安局长会议"
    assert "must have evidence" in no_evidence.message
    backwards = next(v for (focus, path), v in found.items() if path == "kg:charStart")
    assert backwards.label.startswith("mention at characters ") and "not after its end" in backwards.message
    assert int(backwards.value) == int(backwards.label.split()[-1].split("..")[1]) + 50
    assert len(report.violations) == 4
    line = str(nameless)
    assert str(vocab.person_iri("无名", "370000")) in line and "rdfs:label" in line and "seed000.txt" in line


def test_a_sample_of_documents_is_validated_on_its_own(broken):
    """kgraph build checks a fixed number of documents' graphs; the sample says so and still finds
    what is wrong in the documents it holds."""
    docs = sorted(str(g.identifier) for g in broken.graphs() if str(g.identifier).startswith(str(vocab.ID["doc/"])))
    assert docs == [str(vocab.doc_iri("seed000.txt")), str(vocab.doc_iri("seed004.txt"))]
    first = validate.validate(broken, sample=1)  # the first document in IRI order: the broken one
    assert first.sampled == (1, 2) and not first.conforms
    assert first.summary().startswith("validation: 4 violations (1 of 2 documents sampled, ")
    whole = validate.validate(broken)
    assert whole.sampled is None and whole.triples > first.triples
    assert validate.validate(broken, sample=2).sampled is None  # no fewer documents than the sample: all of them


def test_reported_meeting_without_date_or_note(seeds_build):
    _, _, out = seeds_build
    ds = store.open_output(out)
    meeting = next(ds.objects(vocab.doc_iri("seed000.txt"), KG.reports))
    for graph in ds.graphs():
        graph.remove((meeting, KG.date, None))
    report = validate.validate(ds)
    assert [(v.label, v.path) for v in report.violations] == [("全省公安局长会议", "")]
    assert "kg:dateNote" in report.violations[0].message
    assert "1 violation" in validate.build_summary(ds)


def test_cli_validate_exit_codes(seeds_build, broken, tmp_path):
    from typer.testing import CliRunner

    from kgraph.cli import app

    _, _, out = seeds_build
    res = CliRunner().invoke(app, ["validate", str(out)])
    assert res.exit_code == 0 and "validation: conforms" in res.output
    store.save(broken, tmp_path)
    res = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert res.exit_code == 1
    assert "- (kg:Person without a label) <https://w3id.org/kgraph/id/person/370000/%E6%97%A0%E5%90%8D> " \
           "in seed000.txt: rdfs:label: a person must have exactly one name (rdfs:label)" in res.output
    assert "validation: 4 violations" in res.output
