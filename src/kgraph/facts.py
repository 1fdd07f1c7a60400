"""The small frozen records that flow between pipeline stages.

Every fact carries the :class:`Span` it was read from, so provenance is never
reconstructed after the fact: ``rdf.py`` turns a span into a ``kg:Mention``
with the document, the sentence and the character offsets.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

RoleKind = Literal["presided", "spoke", "attended"]


# The graph a build writes for a text: raised whenever the same text yields other triples (a
# mention became the exact span read, in 2), so an incremental store rebuilds every document
# instead of keeping graphs of two meanings side by side.
GRAPH_FORMAT = 2


def content_hash(text: str) -> str:
    """The digest that tells an incremental build a document is unchanged: its text and the graph format."""
    return hashlib.sha256(f"kgraph graph {GRAPH_FORMAT}\n{text}".encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Span:
    """Where a fact was read: character offsets into ``Document.text``."""

    doc_id: str
    sentence: int
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """One source article, decoded and cleaned, with its dateline metadata."""

    doc_id: str  # stable key: the path relative to the input root, "/"-separated
    source_file: str  # the file's name as it was in the input folder
    path: str
    text: str
    title: str | None = None
    date: dt.date | None = None  # publication date from the dateline
    source: str | None = None  # publisher from the dateline (来源)
    encoding: str = "utf-8"
    content_hash: str = ""


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Organization:
    name: str  # resolved name, e.g. 下陆公安分局
    written: str  # as the article writes it, e.g. 分局
    parent: str | None = None  # resolved name of the organization above it
    place: str | None = None  # jurisdiction, e.g. 黄石市
    span: Span | None = None


@dataclass(frozen=True)
class Post:
    """A position a person holds: the title as written, and where it belongs."""

    person: str
    label: str  # as written, organization included where written: 公安厅党委书记
    title: str  # the bare title term: 书记, 厅长, 副局长
    org: str | None = None  # resolved organization name
    resolved: str | None = None  # org + title where it differs from label
    span: Span | None = None


@dataclass(frozen=True)
class Person:
    name: str
    span: Span  # where the text first writes the name; roles and directives find the others with Names


@dataclass(frozen=True)
class Meeting:
    name: str
    reported: bool  # held and reported by this article, or only referred to
    date: dt.date | None = None
    date_text: str | None = None
    place: str | None = None
    organizer: str | None = None
    level: str | None = None  # 全省 / 全市 / 全区 / 全县 / 全旗 ...
    span: Span | None = None


@dataclass(frozen=True)
class Role:
    person: str
    role: RoleKind
    meeting: str  # the name of the reported meeting
    cue: str  # the word that showed it: 主持, 讲话, 出席 ...
    span: Span | None = None


@dataclass(frozen=True)
class Honour:
    """A commendation, award or roll of honour presented at the meeting."""

    meeting: str
    text: str
    presenter: str | None = None
    span: Span | None = None


UNCATEGORIZED = "uncategorized"  # the category of a theme the lexicon does not know


@dataclass(frozen=True)
class Theme:
    label: str  # canonical label: 枫桥经验
    written: str  # as written: 新时代“枫桥经验”
    how: str  # quoted | book-title | formula | lexicon
    span: Span | None = None
    category: str = UNCATEGORIZED  # the lexicon's category key (theme_categories.tsv), found with the theme


@dataclass(frozen=True)
class ThemeMention:
    """One place a theme is named, before the one-per-label reading: a directive's themes are
    those named in its span, so the document is read for themes once."""

    start: int
    end: int
    label: str  # canonical label
    how: str  # as Theme.how


@dataclass(frozen=True)
class Directive:
    text: str
    ordinal: int
    list_id: int  # which list in the document it belongs to
    meeting: str
    issuer: str | None  # a person's name, or None when the meeting issued it
    themes: tuple[str, ...] = ()  # canonical theme labels named in the text
    span: Span | None = None


@dataclass(frozen=True)
class DirectiveList:
    list_id: int
    header: str
    announced: int | None  # 提出四点要求 -> 4; None where no count is announced
    found: int
    issuer: str | None
    span: Span | None = None


@dataclass
class Extraction:
    """Everything read from one document; the unit handed to ``rdf.py``."""

    document: Document
    persons: list[Person] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    honours: list[Honour] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    directive_lists: list[DirectiveList] = field(default_factory=list)
    report_titles: list[tuple[str, str | None, Span]] = field(default_factory=list)  # (《…》, speaker, span)
    overall_approach: str | None = None  # the year's 总体思路, as written
    jurisdiction: str | None = None  # gazetteer name of the place the document is about: 下陆区
    jurisdiction_code: str | None = None  # its code: a name two places bear (西湖区) is told apart
    sentences: list[Sentence] | None = None  # the split extraction read (rdf.py need not split the text again)
