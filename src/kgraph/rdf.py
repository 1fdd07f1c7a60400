"""Facts -> RDF: one named graph per document, every fact tied to its sentence.

Each fact triple in a document's graph is also reified (an ``rdf:Statement``
with ``kg:evidence`` to a ``kg:Mention``: document, sentence index, character
offsets, sentence text), so "where did this come from?" is one SPARQL join.
The contract terms (CONTRACT.md) are written as plain triples beside it.

A document's graph is produced as N-Quads text rather than through rdflib's
``Graph.add``: building terms and indexing them one by one in Python cost ten
times the extraction itself, while the store bulk-loads text natively (and a
worker process can produce it in parallel).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from rdflib import Dataset

from . import places, resolve, scheme, store, vocab
from .facts import Extraction, Span
from .ntriples import XSD_BOOLEAN as _XSD_BOOLEAN
from .ntriples import XSD_DATE as _XSD_DATE
from .ntriples import XSD_GMONTHDAY as _XSD_GMONTHDAY
from .ntriples import D, K, L, O, R, S, integer, iri, lit, typed
from .segment import sentence_at, sentences

_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")
_ROLE_PROPERTY = {"presided": K.presided, "spoke": K.spokeAt, "attended": K.attended}


class _DocGraph:
    """Collects one document's quads."""

    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.doc = ex.document
        self.uri = vocab.doc_iri(self.doc.doc_id)
        self.iri = iri(self.uri)
        self.lines: list[str] = []
        place = (places.places().get(ex.jurisdiction_code or "")
                 or (places.lookup(ex.jurisdiction) if ex.jurisdiction else None))
        self.doc_key = "doc-" + hashlib.sha1(self.doc.doc_id.encode()).hexdigest()[:10]
        # what the report is about: its jurisdiction's code, else this report alone
        self.scope = place.adcode if place else self.doc_key
        self.person_scope = _person_scopes(ex, self.scope, place)
        self.mentions: set[str] = set()
        self.sentences = ex.sentences if ex.sentences is not None else sentences(self.doc.text)

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .\n")

    def fact(self, s: str, p: str, o: str, span: Span | None, cue: str | None = None) -> None:
        """A triple with its provenance: the sentence it was read from."""
        self.add(s, p, o)
        if span is None:
            return
        stmt = iri(vocab.statement_iri(str(self.uri), s, p, o))
        self.add(stmt, R.type, R.Statement)
        self.add(stmt, R.subject, s)
        self.add(stmt, R.predicate, p)
        self.add(stmt, R.object, o)
        self.add(stmt, K.evidence, self.mention(span))
        if cue:
            self.add(stmt, K.cue, lit(cue))

    def mention(self, span: Span) -> str:
        """The span a fact was read from, as a kg:Mention: its own offsets, and the sentence it lies in.

        Facts read from the same characters share the mention; ``kg:quote`` is the whole
        sentence (from the span's first sentence to its last, for a directive that runs over
        several) and ``kg:quoteStart`` where it begins, so the span can be shown in its sentence.
        """
        m = iri(vocab.mention_iri(self.doc.doc_id, span.start, span.end))
        if m in self.mentions:
            return m
        self.mentions.add(m)
        first = sentence_at(self.sentences, span.start)
        last = sentence_at(self.sentences, max(span.start, span.end - 1)) or first
        start = first.start if first else span.start
        end = max(last.end if last else span.end, span.end)
        self.add(m, R.type, K.Mention)
        self.add(m, K.inDocument, self.iri)
        self.add(m, K.charStart, integer(span.start))
        self.add(m, K.charEnd, integer(span.end))
        self.add(m, K.sentenceIndex, integer(first.index if first else span.sentence))
        self.add(m, K.quote, lit(self.doc.text[start:end]))
        self.add(m, K.quoteStart, integer(start))
        return m


_PERSON_TAIL = f" {R.type} {K.Person} .\n"
_POST_TAIL = f" {R.type} {O.Post} .\n"
_REPORTS = f"> {K.reports} <"  # kg:reports as the predicate (never as a reified statement's object)


def _subjects(text: str, tail: str) -> frozenset[str]:
    """Subjects of the lines ending with ``tail``, found with str.find (a regex pass over each
    document's text cost as much as serializing it)."""
    found = set()
    i = text.find(tail)
    while i >= 0:
        found.add(text[text.rfind("\n", 0, i) + 1:i])
        i = text.find(tail, i + len(tail))
    return frozenset(found)


def _reported(text: str) -> frozenset[str]:
    found = set()
    i = text.find(_REPORTS)
    while i >= 0:
        start = i + len(_REPORTS) - 1
        found.add(text[start:text.find(" .\n", start)])
        i = text.find(_REPORTS, start)
    return frozenset(found)


@dataclass(frozen=True)
class Tally:
    """What a build reports of one document's N-Triples without a store to ask: its triples
    and the persons, posts and reported meetings they type (IRIs: the same node recurs across documents)."""

    triples: int
    persons: frozenset[str]
    posts: frozenset[str]
    meetings: frozenset[str]


def tally(triples: str) -> Tally:
    return Tally(triples.count("\n"), _subjects(triples, _PERSON_TAIL), _subjects(triples, _POST_TAIL),
                 _reported(triples))


def add_extraction(ds: Dataset, ex: Extraction) -> str:
    """Load one document's facts into its own named graph; returns the graph's IRI."""
    text = document_quads(ex)
    store.load_nquads(ds, text)
    return str(vocab.doc_iri(ex.document.doc_id))


def document_quads(ex: Extraction) -> str:
    """One document's named graph as N-Quads text."""
    graph = iri(vocab.doc_iri(ex.document.doc_id))
    return document_triples(ex).replace(" .\n", f" {graph} .\n")  # literals escape newlines: only line ends match


def document_triples(ex: Extraction) -> str:
    """One document's named graph as N-Triples (each triple once, no graph term).

    This is what a build moves around: the same text is the document's block in
    graph.trig, its lines in graph.ttl, and (wrapped as TriG) what the store loads.
    """
    d = _DocGraph(ex)
    doc, g = d.doc, d.iri
    d.add(g, R.type, K.Document)
    d.add(g, K.sourceFile, lit(doc.source_file, None))
    d.add(g, K.contentHash, lit(doc.content_hash, None))
    d.add(g, K.encoding, lit(doc.encoding, None))
    if doc.title:
        d.add(g, D.title, lit(doc.title))
    if doc.date:
        d.add(g, D.issued, typed(doc.date.isoformat(), _XSD_DATE))
    if doc.source:
        d.add(g, D.publisher, lit(doc.source))

    people = {p.name: iri(vocab.person_iri(p.name, d.person_scope.get(p.name, d.scope))) for p in ex.persons}
    for p in ex.persons:
        node = people[p.name]
        d.add(node, R.type, K.Person)
        d.add(node, L.label, lit(p.name))
        d.add(node, K.evidence, d.mention(p.span))  # where the name is first read

    orgs = {o.name: iri(vocab.org_iri(o.name)) for o in ex.organizations}
    for o in ex.organizations:
        node = orgs[o.name]
        d.add(node, R.type, O.Organization)
        d.add(node, L.label, lit(o.name))
        if o.parent:
            d.fact(node, O.subOrganizationOf, orgs.get(o.parent) or iri(vocab.org_iri(o.parent)), o.span)
        if o.place:
            d.add(node, K.jurisdiction, _place(d, o.place))

    for post in ex.posts:
        key = post.org if post.org else f"{d.scope}/{doc.doc_id}/{post.person}"
        node = iri(vocab.post_iri(key, post.title if post.org else post.label))
        d.add(node, R.type, O.Post)
        d.add(node, L.label, lit(post.label))
        d.add(node, K.titleTerm, lit(post.title))
        if post.resolved:
            d.add(node, S.altLabel, lit(post.resolved))
        if post.org:
            d.add(node, O.postIn, orgs.get(post.org) or iri(vocab.org_iri(post.org)))
        d.fact(people[post.person], O.holds, node, post.span)
        d.add(node, O.heldBy, people[post.person])

    meetings, reported = _meetings(d, orgs)

    for r in ex.roles:
        if r.person in people and r.meeting in meetings:
            d.fact(people[r.person], _ROLE_PROPERTY[r.role], meetings[r.meeting], r.span, r.cue)

    for h in ex.honours:
        node = iri(vocab.honour_iri(doc.doc_id, h.span.start if h.span else 0))
        d.add(node, R.type, K.Honour)
        d.add(node, K.text, lit(h.text))
        if h.meeting in meetings:
            d.fact(node, K.honouredAt, meetings[h.meeting], h.span)
        if h.presenter in people:
            d.add(node, K.presentedBy, people[h.presenter])

    themes = _themes(d)
    _directives(d, people, meetings, reported, themes)

    for title, speaker, span in ex.report_titles:
        node = iri(vocab.report_iri(doc.doc_id, title))
        d.add(node, R.type, K.Report)
        d.add(node, D.title, lit(title))
        if reported is not None:
            d.fact(node, K.deliveredAt, reported, span)
        if speaker in people:
            d.fact(node, K.deliveredBy, people[speaker], span)
    if ex.overall_approach and reported is not None:
        d.add(reported, K.overallApproach, lit(ex.overall_approach))
    return "".join(dict.fromkeys(d.lines))  # each triple once (an organizer named twice is one triple)


def _meetings(d: _DocGraph, orgs: dict[str, str]) -> tuple[dict[str, str], str | None]:
    """The reported meeting (kg:reports) and the meetings it refers to (kg:references)."""
    doc, ex = d.doc, d.ex
    meetings: dict[str, str] = {}
    reported = None
    year = doc.date.year if doc.date else None
    for m in ex.meetings:
        # an undated meeting is this report's own until the identity graph shows otherwise
        when = m.date.isoformat() if m.date else f"undated-{d.doc_key}"
        scope = f"{d.scope}/{m.organizer}" if m.organizer and m.reported else d.scope
        node = iri(vocab.meeting_iri(m.name, when if m.reported else f"ref-{year or 'undated'}", scope))
        meetings[m.name] = node
        d.add(node, R.type, K.Meeting)
        d.add(node, L.label, lit(m.name))
        if m.level:
            d.add(node, K.level, lit(m.level))
        if not m.reported:
            continue
        d.fact(d.iri, K.reports, node, m.span)
        reported = reported or node
        if m.date:
            d.fact(node, K.date, typed(m.date.isoformat(), _XSD_DATE), m.span)
        else:
            d.add(node, K.dateNote, lit("the article gives no date with a year for the meeting", "en"))
            month_day = _month_day(m.date_text)
            if month_day:
                d.add(node, K.monthDay, typed(month_day, _XSD_GMONTHDAY))
        if m.place:
            d.fact(node, K.place, _place(d, m.place), m.span)
        if m.organizer:
            org = orgs.get(m.organizer) or iri(vocab.org_iri(m.organizer))
            d.add(org, R.type, O.Organization)
            d.add(org, L.label, lit(m.organizer))
            d.fact(node, K.organizer, org, m.span)
    for m in ex.meetings:
        if not m.reported and reported is not None:
            d.fact(reported, K.references, meetings[m.name], m.span)
        elif not m.reported:
            d.add(meetings[m.name], K.dateNote, lit("referred to, not reported as held", "en"))
    return meetings, reported


def _person_scopes(ex: Extraction, default: str, near: places.Place | None) -> dict[str, str]:
    """Each person's narrowest place the report supports: the most specific jurisdiction of the
    organizations their posts are in (a province's deputy chief at a city meeting is the province's),
    else the report's. Names absent here take ``default``."""
    org_place = {o.name: o.place for o in ex.organizations if o.place}
    found: dict[str, places.Place] = {}
    for post in ex.posts:
        place = resolve.place_near(org_place[post.org], near) if post.org in org_place else None
        if place is None:
            continue
        held = found.get(post.person)
        if held is None or _depth(place) > _depth(held):
            found[post.person] = place
    return {name: place.adcode for name, place in found.items()} if default[:4] != "doc-" else {}


def _depth(place: places.Place) -> int:
    return {"province": 0, "city": 1, "county": 2}[place.level]


def _month_day(date_text: str | None) -> str | None:
    """``1月10日`` -> ``--01-10`` (xsd:gMonthDay), the date of an undated meeting as far as written."""
    found = _MONTH_DAY.search(date_text or "")
    if not found:
        return None
    month, day = int(found.group(1)), int(found.group(2))
    return f"--{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def _themes(d: _DocGraph) -> dict[str, str]:
    """The themes a document names, placed in the scheme: kg:Theme in its graph where the
    document puts one forward (quoted, titled, a counted formula), kg:PolicyTerm where it only
    uses a tracked term."""
    themes = {}
    put_forward = {t.label for t in d.ex.themes if t.how != "lexicon"}
    for t in d.ex.themes:
        node = iri(vocab.theme_iri(t.label))
        themes[t.label] = node
        d.add(node, R.type, K.Theme if t.label in put_forward else K.PolicyTerm)
        d.add(node, L.label, lit(t.label))
        for triple in scheme.concept_triples(t.label, t.category):
            d.add(*triple)
        d.fact(d.iri, D.subject, node, t.span, t.how)
    return themes


def _directives(d: _DocGraph, people: dict[str, str], meetings: dict[str, str], reported: str | None,
                themes: dict[str, str]) -> None:
    """Directives carry their own evidence: the span of their text, not one per property."""
    doc = d.doc
    lists = {}
    for dl in d.ex.directive_lists:
        node = iri(vocab.directive_list_iri(doc.doc_id, dl.list_id))
        lists[dl.list_id] = node
        d.add(node, R.type, K.DirectiveList)
        d.add(node, L.label, lit(dl.header))
        d.add(node, K.foundCount, integer(dl.found))
        if dl.announced is not None:
            d.add(node, K.announcedCount, integer(dl.announced))
            d.add(node, K.countMismatch, typed(dl.announced != dl.found, _XSD_BOOLEAN))
        if dl.span:
            d.add(node, K.evidence, d.mention(dl.span))
    for dv in d.ex.directives:
        node = iri(vocab.directive_iri(doc.doc_id, dv.list_id, dv.ordinal))
        d.add(node, R.type, K.Directive)
        d.add(node, K.text, lit(dv.text))
        d.add(node, K.ordinal, integer(dv.ordinal))
        if dv.list_id in lists:
            d.add(node, K.inList, lists[dv.list_id])
        meeting = meetings.get(dv.meeting, reported)
        if meeting is not None:
            d.add(node, K.issuedAt, meeting)
        issuer = people.get(dv.issuer) if dv.issuer else meeting
        if issuer is not None:
            d.add(node, K.issuedBy, issuer)
        for label in dv.themes:
            if label not in themes:  # a term only a directive uses
                themes[label] = iri(vocab.theme_iri(label))
                d.add(themes[label], R.type, K.PolicyTerm)
                d.add(themes[label], L.label, lit(label))
            d.add(node, D.subject, themes[label])
        if dv.span:
            d.add(node, K.evidence, d.mention(dv.span))


def _place(d: _DocGraph, written: str) -> str:
    """A place as the article writes it (rdfs:label, per CONTRACT.md), tied to the gazetteer and its parents."""
    place = places.lookup(written)
    node = iri(vocab.place_iri(place.adcode if place else written))
    d.add(node, R.type, K.Place)
    d.add(node, L.label, lit(written))
    while place is not None:
        here = iri(vocab.place_iri(place.adcode))
        d.add(here, R.type, K.Place)
        d.add(here, S.prefLabel, lit(place.name))
        d.add(here, K.adcode, lit(place.adcode, None))
        up = places.parent(place)
        if up is not None:
            d.add(here, K.within, iri(vocab.place_iri(up.adcode)))
        place = up
    return node
