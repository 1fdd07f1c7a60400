"""Facts -> RDF: one named graph per document, every fact tied to its sentence.

Each fact triple in a document's graph is also reified (an ``rdf:Statement``
with ``kg:evidence`` to a ``kg:Mention``: document, sentence index, character
offsets, sentence text), so "where did this come from?" is one SPARQL join.
The contract terms (CONTRACT.md) are written as plain triples beside it.
"""
from __future__ import annotations

import hashlib

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from . import places, vocab
from .facts import Extraction, Span
from .vocab import DCTERMS, KG, ORG, RDF, RDFS, SKOS

_ROLE_PROPERTY = {"presided": KG.presided, "spoke": KG.spokeAt, "attended": KG.attended}


class _DocGraph:
    """Adds one document's facts to its named graph."""

    def __init__(self, ds: Dataset, ex: Extraction) -> None:
        self.ex = ex
        self.doc = ex.document
        self.iri = vocab.doc_iri(self.doc.doc_id)
        self.g: Graph = ds.graph(self.iri)
        place = places.lookup(ex.jurisdiction) if ex.jurisdiction else None
        province = places.province_of(place) if place else None
        # people are one node per name within a province; elsewhere per document
        self.scope = province.adcode if province else "doc-" + hashlib.sha1(self.doc.doc_id.encode()).hexdigest()[:10]
        self.sentences: dict[int, str] = {}

    def add(self, s, p, o) -> None:
        self.g.add((s, p, o))

    def fact(self, s, p, o, span: Span | None, cue: str | None = None) -> None:
        """A triple with its provenance: the sentence it was read from."""
        self.add(s, p, o)
        if span is None:
            return
        stmt = vocab.statement_iri(str(self.iri), str(s), str(p), str(o))
        self.add(stmt, RDF.type, RDF.Statement)
        self.add(stmt, RDF.subject, s)
        self.add(stmt, RDF.predicate, p)
        self.add(stmt, RDF.object, o)
        self.add(stmt, KG.evidence, self.mention(span))
        if cue:
            self.add(stmt, KG.cue, Literal(cue, lang="zh"))

    def mention(self, span: Span) -> URIRef:
        m = vocab.mention_iri(self.doc.doc_id, span.start, span.end)
        self.add(m, RDF.type, KG.Mention)
        self.add(m, KG.inDocument, self.iri)
        self.add(m, KG.charStart, Literal(span.start))
        self.add(m, KG.charEnd, Literal(span.end))
        self.add(m, KG.sentenceIndex, Literal(span.sentence))
        self.add(m, KG.quote, Literal(self.doc.text[span.start:span.end], lang="zh"))
        return m


def add_extraction(ds: Dataset, ex: Extraction) -> URIRef:
    """Write one document's facts into its own named graph; returns the graph's IRI."""
    d = _DocGraph(ds, ex)
    doc, g_iri = d.doc, d.iri
    d.add(g_iri, RDF.type, KG.Document)
    d.add(g_iri, KG.sourceFile, Literal(doc.source_file))
    d.add(g_iri, KG.contentHash, Literal(doc.content_hash))
    d.add(g_iri, KG.encoding, Literal(doc.encoding))
    if doc.title:
        d.add(g_iri, DCTERMS.title, Literal(doc.title, lang="zh"))
    if doc.date:
        d.add(g_iri, DCTERMS.issued, Literal(doc.date.isoformat(), datatype=XSD.date))
    if doc.source:
        d.add(g_iri, DCTERMS.publisher, Literal(doc.source, lang="zh"))

    people = {p.name: vocab.person_iri(p.name, d.scope) for p in ex.persons}
    for p in ex.persons:
        iri = people[p.name]
        d.add(iri, RDF.type, KG.Person)
        d.add(iri, RDFS.label, Literal(p.name, lang="zh"))
        for span in p.mentions[:20]:
            d.add(iri, KG.evidence, d.mention(span))

    orgs = {o.name: vocab.org_iri(o.name) for o in ex.organizations}
    for o in ex.organizations:
        d.add(orgs[o.name], RDF.type, ORG.Organization)
        d.add(orgs[o.name], RDFS.label, Literal(o.name, lang="zh"))
        if o.parent:
            parent = orgs.get(o.parent) or vocab.org_iri(o.parent)
            d.fact(orgs[o.name], ORG.subOrganizationOf, parent, o.span)
        if o.place:
            d.add(orgs[o.name], KG.jurisdiction, _place(d, o.place))

    for post in ex.posts:
        key = post.org if post.org else f"{d.scope}/{doc.doc_id}/{post.person}"
        iri = vocab.post_iri(key, post.title if post.org else post.label)
        d.add(iri, RDF.type, ORG.Post)
        d.add(iri, RDFS.label, Literal(post.label, lang="zh"))
        d.add(iri, KG.titleTerm, Literal(post.title, lang="zh"))
        if post.resolved:
            d.add(iri, SKOS.altLabel, Literal(post.resolved, lang="zh"))
        if post.org:
            d.add(iri, ORG.postIn, orgs.get(post.org) or vocab.org_iri(post.org))
        d.fact(people[post.person], ORG.holds, iri, post.span)
        d.add(iri, ORG.heldBy, people[post.person])

    meetings: dict[str, URIRef] = {}
    reported = None
    year = doc.date.year if doc.date else None
    for m in ex.meetings:
        when = m.date.isoformat() if m.date else (f"{year}" if year else "undated")
        iri = vocab.meeting_iri(m.name, when if m.reported else f"ref-{year or 'undated'}", d.scope)
        meetings[m.name] = iri
        d.add(iri, RDF.type, KG.Meeting)
        d.add(iri, RDFS.label, Literal(m.name, lang="zh"))
        if m.level:
            d.add(iri, KG.level, Literal(m.level, lang="zh"))
        if m.reported:
            d.fact(g_iri, KG.reports, iri, m.span)
            if reported is None:
                reported = iri
            if m.date:
                d.fact(iri, KG.date, Literal(m.date.isoformat(), datatype=XSD.date), m.span)
            else:
                d.add(iri, KG.dateNote, Literal("the article gives no date with a year for the meeting", lang="en"))
            if m.place:
                d.fact(iri, KG.place, _place(d, m.place), m.span)
            if m.organizer:
                org = orgs.get(m.organizer) or vocab.org_iri(m.organizer)
                d.add(org, RDF.type, ORG.Organization)
                d.add(org, RDFS.label, Literal(m.organizer, lang="zh"))
                d.fact(iri, KG.organizer, org, m.span)
        elif reported is not None:
            d.fact(reported, KG.references, iri, m.span)
        else:
            d.add(iri, KG.dateNote, Literal("referred to, not reported as held", lang="en"))
    for m in ex.meetings:  # references named before the reported meeting was read
        if not m.reported and reported is not None:
            d.fact(reported, KG.references, meetings[m.name], m.span)

    for r in ex.roles:
        if r.person in people and r.meeting in meetings:
            d.fact(people[r.person], _ROLE_PROPERTY[r.role], meetings[r.meeting], r.span, r.cue)

    for h in ex.honours:
        iri = vocab.honour_iri(doc.doc_id, h.span.start if h.span else 0)
        d.add(iri, RDF.type, KG.Honour)
        d.add(iri, KG.text, Literal(h.text, lang="zh"))
        if h.meeting in meetings:
            d.fact(iri, KG.honouredAt, meetings[h.meeting], h.span)
        if h.presenter in people:
            d.add(iri, KG.presentedBy, people[h.presenter])

    themes = {}
    for t in ex.themes:
        iri = vocab.theme_iri(t.label)
        themes[t.label] = iri
        d.add(iri, RDF.type, KG.Theme)
        d.add(iri, RDFS.label, Literal(t.label, lang="zh"))
        d.fact(g_iri, DCTERMS.subject, iri, t.span, t.how)

    lists = {}
    for dl in ex.directive_lists:
        iri = vocab.directive_list_iri(doc.doc_id, dl.list_id)
        lists[dl.list_id] = iri
        d.add(iri, RDF.type, KG.DirectiveList)
        d.add(iri, RDFS.label, Literal(dl.header, lang="zh"))
        d.add(iri, KG.foundCount, Literal(dl.found))
        if dl.announced is not None:
            d.add(iri, KG.announcedCount, Literal(dl.announced))
            d.add(iri, KG.countMismatch, Literal(dl.announced != dl.found))
        if dl.span:
            d.add(iri, KG.evidence, d.mention(dl.span))
    for dv in ex.directives:
        iri = vocab.directive_iri(doc.doc_id, dv.list_id, dv.ordinal)
        d.add(iri, RDF.type, KG.Directive)
        d.add(iri, KG.text, Literal(dv.text, lang="zh"))
        d.add(iri, KG.ordinal, Literal(dv.ordinal))
        if dv.list_id in lists:
            d.add(iri, KG.inList, lists[dv.list_id])
        meeting = meetings.get(dv.meeting, reported)
        if meeting is not None:
            d.fact(iri, KG.issuedAt, meeting, dv.span)
        issuer = people.get(dv.issuer) if dv.issuer else meeting
        if issuer is not None:
            d.fact(iri, KG.issuedBy, issuer, dv.span)
        for label in dv.themes:
            t_iri = themes.get(label) or vocab.theme_iri(label)
            if label not in themes:
                d.add(t_iri, RDF.type, KG.Theme)
                d.add(t_iri, RDFS.label, Literal(label, lang="zh"))
                themes[label] = t_iri
            d.add(iri, DCTERMS.subject, t_iri)
        if dv.span:
            d.add(iri, KG.evidence, d.mention(dv.span))

    for title, speaker, span in ex.report_titles:
        iri = vocab.report_iri(doc.doc_id, title)
        d.add(iri, RDF.type, KG.Report)
        d.add(iri, DCTERMS.title, Literal(title, lang="zh"))
        if reported is not None:
            d.fact(iri, KG.deliveredAt, reported, span)
        if speaker in people:
            d.fact(iri, KG.deliveredBy, people[speaker], span)
    if ex.overall_approach and reported is not None:
        d.add(reported, KG.overallApproach, Literal(ex.overall_approach, lang="zh"))
    return g_iri


def _place(d: _DocGraph, written: str) -> URIRef:
    place = places.lookup(written)
    iri = vocab.place_iri(place.adcode if place else written)
    d.add(iri, RDF.type, KG.Place)
    d.add(iri, RDFS.label, Literal(place.name if place else written, lang="zh"))
    if place and place.name != written:
        d.add(iri, SKOS.altLabel, Literal(written, lang="zh"))
    if place:
        d.add(iri, KG.adcode, Literal(place.adcode))
        up = places.parent(place)
        if up:
            d.add(iri, KG.within, vocab.place_iri(up.adcode))
    return iri

