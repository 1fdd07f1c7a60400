"""The KG namespace, ontology/kgraph.ttl and ontology/context.jsonld must not drift apart."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgraph.vocab import (
    CONTEXT_FILE,
    DCTERMS,
    ID,
    KG,
    ONTOLOGY_FILE,
    ORG,
    OWL,
    RDF,
    RDFS,
    SKOS,
    THEME,
    bind_prefixes,
)

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")  # not XSD.date: pytest probes module globals, XSD warns

ONTOLOGY_IRI = URIRef("https://w3id.org/kgraph/ontology")
DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def context() -> dict:
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def namespace_terms() -> set[URIRef]:
    return set(dir(KG))


def declared_terms(ontology: Graph) -> set[URIRef]:
    return {
        subject
        for kind in DECLARATION_TYPES
        for subject in ontology.subjects(RDF.type, kind)
        if isinstance(subject, URIRef) and subject.startswith(str(KG))
    }


def languages(ontology: Graph, term: URIRef, predicate: URIRef) -> set[str | None]:
    return {value.language for value in ontology.objects(term, predicate)}


def test_ontology_header(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert languages(ontology, ONTOLOGY_IRI, DCTERMS.title) >= {"zh", "en"}
    assert languages(ontology, ONTOLOGY_IRI, DCTERMS.description) >= {"zh", "en"}


@pytest.mark.parametrize("term", sorted(namespace_terms()), ids=lambda t: t.fragment)
def test_every_namespace_term_is_declared_bilingually(ontology, term):
    assert any((term, RDF.type, kind) in ontology for kind in DECLARATION_TYPES), term
    for predicate in (RDFS.label, SKOS.definition, RDFS.comment):
        assert languages(ontology, term, predicate) >= {"zh", "en"}, (term, predicate)
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology


def test_every_declared_term_is_in_the_namespace(ontology):
    declared = declared_terms(ontology)
    assert declared, "no kg: terms found in the ontology"
    assert declared - namespace_terms() == set(), "declared in kgraph.ttl but missing from vocab.KG"
    assert namespace_terms() - declared == set(), "in vocab.KG but not declared in kgraph.ttl"


def test_a_misspelled_term_raises():
    with pytest.raises(AttributeError):
        KG.Meting  # noqa: B018
    with pytest.raises(AttributeError):
        KG["spokeat"]


def test_contract_terms(ontology):
    ns = "https://w3id.org/kgraph/ontology#"
    for name in ("sourceFile", "reports", "Meeting", "date", "place", "Person",
                 "presided", "spokeAt", "attended", "Theme"):
        assert getattr(KG, name) == URIRef(ns + name)
    assert (KG.presided, RDFS.subPropertyOf, KG.attended) in ontology
    assert (KG.spokeAt, RDFS.subPropertyOf, KG.attended) in ontology
    assert (KG.date, RDFS.range, XSD_DATE) in ontology
    assert (KG.reports, RDFS.domain, KG.Document) in ontology
    assert (KG.reports, RDFS.range, KG.Meeting) in ontology


def test_reused_terms_are_declared_not_redefined(ontology):
    for term in (ORG.Post, ORG.holds, SKOS.altLabel, DCTERMS.title):
        assert any((term, RDF.type, kind) in ontology for kind in DECLARATION_TYPES), term
        assert ontology.value(term, RDFS.label) is None, f"{term} relabelled"
        assert ontology.value(term, RDFS.domain) is None, f"{term} given a domain"


def test_bind_prefixes_on_a_dataset():
    dataset = bind_prefixes(Dataset())
    bound = dict(dataset.namespaces())
    assert bound["kg"] == URIRef(str(KG))
    assert bound["kgid"] == URIRef(str(ID))
    assert bound["theme"] == URIRef(str(THEME))
    assert bound["schema"] == URIRef("https://schema.org/")


def sample_graph() -> Graph:
    """Ten triples touching each kind of context term: typed, IRI-valued, plain, tagged."""
    document, meeting, person = ID["doc/seed000"], ID["meeting/m1"], ID["person/p1"]
    place, mention = ID["place/jinan"], ID["mention/m1-0"]
    graph = Graph()
    graph.add((document, KG.sourceFile, Literal("seed000.txt")))
    graph.add((document, KG.reports, meeting))
    graph.add((meeting, RDF.type, KG.Meeting))
    graph.add((meeting, RDFS.label, Literal("全省公安局长会议", lang="zh")))
    graph.add((meeting, KG.date, Literal(dt.date(2023, 2, 10))))
    graph.add((meeting, KG.place, place))
    graph.add((person, KG.presided, meeting))
    graph.add((meeting, KG.evidence, mention))
    graph.add((mention, KG.charStart, Literal(12)))
    graph.add((mention, KG.quote, Literal("会议由李伟主持。")))
    return graph


def test_context_round_trips_json_ld(context):
    graph = sample_graph()
    assert len(graph) == 10
    text = graph.serialize(format="json-ld", context=context)
    document = json.loads(text)
    node = next(n for n in document["@graph"] if n["@id"].endswith("meeting/m1"))
    assert node["date"] == "2023-02-10"  # compacted through the context, not kg:date
    assert node["@type"] == "Meeting"
    back = Graph().parse(data=text, format="json-ld")
    assert len(back) == len(graph)
    assert isomorphic(back, graph)
    assert Literal(dt.date(2023, 2, 10)) in set(back.objects(None, KG.date))
    assert Literal(12) in set(back.objects(None, KG.charStart))


def test_context_covers_every_term(context):
    short = {value if isinstance(value, str) else value["@id"] for value in context.values()
             if isinstance(value, (str, dict))}
    missing = {term.fragment for term in namespace_terms() if f"kg:{term.fragment}" not in short}
    assert missing == set()

