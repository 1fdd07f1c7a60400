"""The extraction stages of one document, in order: people and posts, meetings, identities
of short forms, the jurisdiction and organizations, themes, then roles and directives at the
reported meeting.

A report in traditional characters is read in simplified ones at the same offsets, and its
names are then taken back as written.
"""
from __future__ import annotations

import dataclasses

from . import resolve, script
from .extract.directives import extract_directives, overall_approach, report_titles
from .extract.meetings import extract_meetings
from .extract.names import Names
from .extract.people import extract_people, short_forms
from .extract.roles import extract_roles
from .extract.themes import extract_themes
from .facts import Document, Extraction
from .segment import sentences


def extract(doc: Document) -> Extraction:
    """Every fact of one document, as plain records (no RDF yet).

    A report in traditional characters is read in simplified ones at the same
    offsets, and its names are then taken back as written.
    """
    simple = script.simplified(doc.text)
    if simple is None:
        return _extract(doc)
    return script.restore(_extract(dataclasses.replace(doc, text=simple)), doc)


def _extract(doc: Document) -> Extraction:
    sents = sentences(doc.text)
    persons, posts = extract_people(doc, sents)
    meetings, honours = extract_meetings(doc, sents)
    names = Names.of([p.name for p in persons], short_forms(persons, posts))
    reported = next((m for m in meetings if m.reported), None)
    place = resolve.jurisdiction(doc, meetings)
    posts, orgs = resolve.resolve_posts(posts, resolve.OrgResolver(doc, place))
    ex = Extraction(doc, persons=persons, posts=posts, organizations=orgs, meetings=meetings,
                    honours=honours, jurisdiction=place.name if place else None,
                    jurisdiction_code=place.adcode if place else None, sentences=sents)
    ex.themes = extract_themes(doc, sents)
    if reported is not None:
        ex.roles = extract_roles(doc, sents, names, reported.name)
        ex.directives, ex.directive_lists = extract_directives(doc, sents, reported.name, names)
        ex.overall_approach = overall_approach(doc, sents)
        ex.report_titles = report_titles(doc, sents, names)
    return ex
