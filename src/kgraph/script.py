"""Reports in traditional characters, read with the simplified lexicon.

A Big5 page or a Hong Kong/Taiwan reprint writes 張國榮 and 政法委書記. Converting
character by character (OpenCC's single-character table, ``t2s.tsv``) keeps every
offset, so extraction runs on the simplified text and each name, post and
meeting name is then taken back from the original at the same place.
"""
from __future__ import annotations

import dataclasses
import re
from functools import cache

from . import lexicon
from .facts import UNCATEGORIZED, Document, Extraction

_SHARE = 0.02  # above this share of convertible characters a text is traditional


_NOT_HANZI = re.compile(r"[^\u4e00-\u9fff]+")


@cache
def _table() -> dict[int, str]:
    return {ord(t): s for t, s in lexicon.table("t2s.tsv")}


@cache
def _convertible() -> re.Pattern[str]:
    """One character class of every convertible character: counted in C, not in a Python loop."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_table())) + "]")


def simplified(text: str) -> str | None:
    """The text in simplified characters, or None if it is not written in traditional ones."""
    hanzi = len(_NOT_HANZI.sub("", text))
    converted = len(_convertible().findall(text))
    if not hanzi or converted / hanzi < _SHARE:
        return None
    return text.translate(_table())


class _Restorer:
    """Maps strings found in the simplified text back to the original's characters."""

    def __init__(self, original: str, simple: str) -> None:
        self.original, self.simple = original, simple

    def __call__(self, found: str | None, near: int = 0) -> str | None:
        if not found:
            return found
        at = self.simple.find(found, max(0, near - 200))
        if at < 0:
            at = self.simple.find(found)
        return self.original[at:at + len(found)] if at >= 0 else found


def restore(ex: Extraction, doc: Document) -> Extraction:
    """The extraction with every written string as the original document writes it."""
    back = _Restorer(doc.text, ex.document.text)
    names = {p.name: back(p.name, p.span.start) for p in ex.persons}
    meetings = {m.name: back(m.name, m.span.start if m.span else 0) for m in ex.meetings}

    def person(name: str | None) -> str | None:
        return names.get(name, name) if name else name

    def at(span) -> int:
        return span.start if span else 0

    replace = dataclasses.replace
    # a lexicon theme keeps its canonical (simplified) label: one concept whatever the script;
    # a directive names the document's themes, so it takes the labels they were given back
    themes = [replace(t, written=back(t.written, at(t.span)),
                      label=t.label if t.category != UNCATEGORIZED else back(t.label, at(t.span)))
              for t in ex.themes]
    theme_label = {old.label: new.label for old, new in zip(ex.themes, themes)}
    return Extraction(
        document=doc,
        persons=[replace(p, name=names[p.name]) for p in ex.persons],
        posts=[replace(p, person=person(p.person), label=back(p.label, at(p.span))) for p in ex.posts],
        organizations=ex.organizations,
        meetings=[replace(m, name=meetings[m.name], place=back(m.place, at(m.span)),
                          organizer=back(m.organizer, at(m.span))) for m in ex.meetings],
        roles=[replace(r, person=person(r.person), meeting=meetings.get(r.meeting, r.meeting)) for r in ex.roles],
        honours=[replace(h, meeting=meetings.get(h.meeting, h.meeting), text=back(h.text, at(h.span)),
                         presenter=person(h.presenter)) for h in ex.honours],
        themes=themes,
        directives=[replace(d, text=back(d.text, at(d.span)), issuer=person(d.issuer),
                            meeting=meetings.get(d.meeting, d.meeting),
                            themes=tuple(theme_label.get(t, t) for t in d.themes)) for d in ex.directives],
        directive_lists=[replace(dl, header=back(dl.header, at(dl.span)), issuer=person(dl.issuer))
                         for dl in ex.directive_lists],
        report_titles=[(back(title, at(span)), person(speaker), span) for title, speaker, span in ex.report_titles],
        overall_approach=back(ex.overall_approach),
        jurisdiction=ex.jurisdiction,
        jurisdiction_code=ex.jurisdiction_code,
        # the same offsets: the sentences are the ones read, each as the original writes it
        sentences=None if ex.sentences is None else [replace(s, text=doc.text[s.start:s.end]) for s in ex.sentences],
    )
