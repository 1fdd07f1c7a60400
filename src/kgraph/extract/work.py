"""One document under extraction: its text, its sentence index, and the facts read so far.

The stages of :mod:`kgraph.extract.stages` each read and assign attributes of one
:class:`Work`. The sentences are split once and indexed once: a stage that needs the
sentence an offset falls in asks :class:`Sentences` (a bisection over their starts)
instead of walking the list itself.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterator, Sequence, overload

from .. import places
from ..facts import (Directive, DirectiveList, Document, Extraction, Honour, Meeting, Organization, Person, Post,
                     Role, Sentence, Span, Theme, ThemeMention)
from ..segment import sentences
from .names import Names


class Sentences(Sequence[Sentence]):
    """A document's sentences in text order, with the lookup of the one an offset falls in."""

    def __init__(self, sents: Sequence[Sentence]) -> None:
        self.items: list[Sentence] = list(sents)
        self.starts: list[int] = [s.start for s in self.items]

    @classmethod
    def of(cls, sents: Sequence[Sentence]) -> Sentences:
        """The index of ``sents``: the same object when it is one already (built once per document)."""
        return sents if isinstance(sents, Sentences) else cls(sents)

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, i: int) -> Sentence: ...

    @overload
    def __getitem__(self, i: slice) -> list[Sentence]: ...

    def __getitem__(self, i: int | slice) -> Sentence | list[Sentence]:
        return self.items[i]

    def __iter__(self) -> Iterator[Sentence]:
        return iter(self.items)

    def sentence_of(self, offset: int) -> int:
        """The index of the last sentence that starts at or before ``offset``; -1 before the first.

        An offset in the blank between two sentences counts as the earlier one's.
        """
        return bisect.bisect_right(self.starts, offset) - 1

    def containing(self, offset: int) -> Sentence | None:
        """The sentence ``offset`` lies in; None in the blank between two sentences."""
        i = self.sentence_of(offset)
        return self.items[i] if i >= 0 and offset < self.items[i].end else None

    def span(self, doc_id: str, start: int, end: int) -> Span:
        """A fact's span, in the sentence its start lies in (-1 outside every sentence)."""
        s = self.containing(start)
        return Span(doc_id, s.index if s else -1, start, end)


GIVEN = ("doc", "sentences")  # what a Work holds before any stage runs


@dataclass
class Work:
    """What the extraction stages share: the document, its sentences, and each stage's products.

    A stage assigns only the attributes it declares (``Stage.assigns``) and reads only those
    it requires, so the order of :data:`~kgraph.extract.stages.STAGES` can be checked.
    """

    doc: Document
    sentences: Sentences
    persons: list[Person] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)  # as written, then with their organization resolved
    meetings: list[Meeting] = field(default_factory=list)
    honours: list[Honour] = field(default_factory=list)
    reported: Meeting | None = None  # the meeting the report says was held
    names: Names = field(default_factory=Names)  # the mention index: full names and short forms, found once
    jurisdiction: places.Place | None = None
    organizations: list[Organization] = field(default_factory=list)
    theme_mentions: list[ThemeMention] = field(default_factory=list)  # every one, read once, in text order
    themes: list[Theme] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    report_titles: list[tuple[str, str | None, Span]] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    directive_lists: list[DirectiveList] = field(default_factory=list)
    overall_approach: str | None = None

    @classmethod
    def of(cls, doc: Document) -> Work:
        """A document with its sentences split and indexed, no fact read yet."""
        return cls(doc, Sentences(sentences(doc.text)))

    def extraction(self) -> Extraction:
        """The facts read, as the record ``rdf.py`` turns into a graph."""
        place = self.jurisdiction
        return Extraction(
            self.doc, persons=self.persons, posts=self.posts, organizations=self.organizations,
            meetings=self.meetings, roles=self.roles, honours=self.honours, themes=self.themes,
            directives=self.directives, directive_lists=self.directive_lists, report_titles=self.report_titles,
            overall_approach=self.overall_approach, jurisdiction=place.name if place else None,
            jurisdiction_code=place.adcode if place else None, sentences=self.sentences.items)
