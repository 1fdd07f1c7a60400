"""The extraction of one document: the stages of ``extract.STAGES`` run in order over one
working document (people and posts, meetings, the mention index, the jurisdiction and
organizations, themes, then roles, reports and directives at the reported meeting).

A report in traditional characters is read in simplified ones at the same offsets, and its
names are then taken back as written.
"""
from __future__ import annotations

import dataclasses

from . import script
from .extract import STAGES, Work
from .facts import Document, Extraction


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
    work = Work.of(doc)
    for stage in STAGES:
        stage.function(work)
    return work.extraction()
