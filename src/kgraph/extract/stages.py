"""The extraction stages of one document, in order, each with what it requires and assigns.

A stage is a plain function over one :class:`~kgraph.extract.work.Work`: it reads the
attributes it ``requires`` and sets those it ``assigns``. :func:`check` runs when the list
is built, so an order in which a stage would read what no earlier stage has assigned
fails on import rather than yielding empty facts.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable, Iterable

from .. import resolve
from .directive_reports import overall_approach, report_titles
from .directives import extract_directives
from .meetings import extract_meetings
from .names import Names
from .people import extract_people, short_forms
from .roles import extract_roles
from .themes import extract_themes, mentions_in
from .work import GIVEN, Work


@dataclass(frozen=True)
class Stage:
    """One step of the extraction and its contract with the steps around it."""

    name: str
    function: Callable[[Work], None]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


def people(work: Work) -> None:
    """Persons and the posts written before or after their names."""
    work.persons, work.posts = extract_people(work.doc, work.sentences)


def meetings(work: Work) -> None:
    """The meetings held and referred to, the honours presented, and the one reported."""
    work.meetings, work.honours = extract_meetings(work.doc, work.sentences)
    work.reported = next((m for m in work.meetings if m.reported), None)


def names(work: Work) -> None:
    """The mention index: each person's name and the short forms (王副县长) the report uses again."""
    work.names = Names.of([p.name for p in work.persons], short_forms(work.persons, work.posts))


def jurisdiction(work: Work) -> None:
    """Where the report is about, and each post's organization resolved against it (市局 -> 某市公安局)."""
    work.jurisdiction = resolve.jurisdiction(work.doc, work.meetings)
    work.posts, work.organizations = resolve.resolve_posts(work.posts, resolve.OrgResolver(work.doc, work.jurisdiction))


def themes(work: Work) -> None:
    """Every place a theme is named, read once: the document's themes and its directives' come from it."""
    work.theme_mentions = mentions_in(work.doc.text)
    work.themes = extract_themes(work.doc, work.sentences, found=work.theme_mentions)


def roles(work: Work) -> None:
    """Who presided, spoke and attended: only a report of a held meeting has roles."""
    if work.reported is not None:
        work.roles = extract_roles(work.doc, work.sentences, work.names, work.reported.name)


def reports(work: Work) -> None:
    """Reports given under a title at the reported meeting, and who gave them."""
    if work.reported is not None:
        work.report_titles = report_titles(work.doc, work.sentences, work.names)


def directives(work: Work) -> None:
    """The reported meeting's directives; a report's enumeration is its reporter's."""
    if work.reported is not None:
        work.directives, work.directive_lists = extract_directives(
            work.doc, work.sentences, work.reported.name, work.names, reports=work.report_titles,
            themes=work.theme_mentions)


def approach(work: Work) -> None:
    """The year's overall approach (总体思路), as the reported meeting states it."""
    if work.reported is not None:
        work.overall_approach = overall_approach(work.doc, work.sentences)


def check(stages: Iterable[Stage]) -> tuple[Stage, ...]:
    """The stages, once each reads only what an earlier one assigned and names only attributes of Work."""
    stages = tuple(stages)
    known = {f.name for f in dataclasses.fields(Work)}
    assigned = set(GIVEN)
    for stage in stages:
        unknown = sorted(set(stage.requires + stage.assigns) - known)
        if unknown:
            raise ValueError(f"extraction stage {stage.name!r} names {unknown}, which Work does not hold")
        missing = [r for r in stage.requires if r not in assigned]
        if missing:
            raise ValueError(f"extraction stage {stage.name!r} requires {missing}, which no earlier stage assigns")
        assigned.update(stage.assigns)
    return stages


STAGES: tuple[Stage, ...] = check((
    Stage("people", people, requires=("sentences",), assigns=("persons", "posts")),
    Stage("meetings", meetings, requires=("sentences",), assigns=("meetings", "honours", "reported")),
    Stage("names", names, requires=("persons", "posts"), assigns=("names",)),
    Stage("jurisdiction", jurisdiction, requires=("meetings", "posts"),
          assigns=("jurisdiction", "posts", "organizations")),
    Stage("themes", themes, requires=("sentences",), assigns=("theme_mentions", "themes")),
    Stage("roles", roles, requires=("sentences", "names", "reported"), assigns=("roles",)),
    Stage("reports", reports, requires=("sentences", "names", "reported"), assigns=("report_titles",)),
    Stage("directives", directives, requires=("sentences", "names", "reported", "report_titles", "theme_mentions"),
          assigns=("directives", "directive_lists")),
    Stage("approach", approach, requires=("reported",), assigns=("overall_approach",)),
))
