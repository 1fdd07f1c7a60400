"""The analysis's inputs: a tiny dataset written as rdf.py writes, and the seeds analysed once."""
from __future__ import annotations

import pytest
from rdflib import Literal

from kgraph import store, vocab
from kgraph.analysis import analyze
from kgraph.vocab import DCTERMS, KG, ORG, RDF, RDFS


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


@pytest.fixture
def tiny():
    """A fresh tiny dataset for each test, which may add to it."""
    return tiny_dataset()


@pytest.fixture(scope="session")
def seeds_analysis(seeds_build):
    ds, _, _ = seeds_build
    return ds, analyze(ds)
