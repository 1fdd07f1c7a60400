"""Persons and the posts they hold: the people stage.

The mentions (:mod:`~kgraph.extract.person_mentions`) give the names and the posts written
with them; here a name written short takes its full form, each person gets the span of the
name's first occurrence, and each post is kept once per title.
"""
from __future__ import annotations

import dataclasses
from typing import Sequence

from ..facts import Document, Person, Post, Sentence
from .name_shape import NAME_JOINERS, name_end, surnames
from .person_mentions import find_mentions
from .work import Sentences


def extract_people(doc: Document, sents: Sequence[Sentence]) -> tuple[list[Person], list[Post]]:
    """Every person named in the document, with the posts the text gives them."""
    text = doc.text
    sents = Sentences.of(sents)

    def floor_of(pos: int) -> int:
        s = sents.containing(pos)
        return s.start if s else 0

    mentions, names = find_mentions(text, floor_of)

    # 吾买尔 and later 吾买尔·买买提: a name written short is the full one it opens
    full = {n: f for n in names if (f := _full_form(text, n)) is not None}
    if full:
        mentions = [dataclasses.replace(m, name=full.get(m.name, m.name)) for m in mentions]
        names -= set(full)
    persons: list[Person] = []
    posts: list[Post] = []
    for name in sorted(names, key=lambda n: (text.find(n), n)):  # in the order the text first writes them
        first = text.find(name)
        persons.append(Person(name, sents.span(doc.doc_id, first, first + len(name))))
        seen_titles: set[str] = set()
        for m in sorted((m for m in mentions if m.name == name), key=lambda m: m.start):
            fresh = [p for p in m.posts if p[1] not in seen_titles]
            for label, title, s, e in fresh:  # 旗人民政府副旗长 later = 旗政府副旗长 first: one post
                posts.append(Post(name, label, title, span=sents.span(doc.doc_id, s, e)))
            seen_titles.update(p[1] for p in m.posts)
    return persons, posts


def _full_form(text: str, name: str) -> str | None:
    """The longer form of a name the text also writes (吾买尔 -> 吾买尔·买买提), if any."""
    for start in _occurrences(text, name):
        after = start + len(name)
        if after < len(text) and text[after] in NAME_JOINERS:
            end = name_end(text, start)
            if end is not None and end > after + 1:
                return text[start:end]
    return None


def _occurrences(text: str, name: str) -> list[int]:
    found, i = [], text.find(name)
    while i >= 0:
        found.append(i)
        i = text.find(name, i + len(name))
    return found


def short_forms(persons: Sequence[Person], posts: Sequence[Post]) -> dict[str, str]:
    """Surname + title (伏副县长, 钟所长) for each person's posts: how a report names someone
    again after the full name. A short form two persons could share is left out, as is one
    that is someone's full name."""
    full = {p.name for p in persons}
    seen: dict[str, set[str]] = {}
    for post in posts:
        if post.person not in full or not post.title:
            continue
        surname = post.person[:2] if post.person[:2] in surnames() and len(post.person) > 3 else post.person[0]
        seen.setdefault(surname + post.title, set()).add(post.person)
    return {form: next(iter(owners)) for form, owners in seen.items() if len(owners) == 1 and form not in full}
