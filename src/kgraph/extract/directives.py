"""Directives: what a meeting or a speaker demanded, as numbered lists.

``extract_directives(doc, sents, meeting, persons)`` requires the document's sentences and
the full names the document mentions; it assigns ``(directives, lists)``. Two shapes are read:

- **requirement paragraphs** opened by a cue (``directives_cues.tsv``), ``会议要求，`` /
  ``会议强调`` / ``会议指出`` / ``赵刚同志指出`` / ``他强调`` / ``刘洋同志提出要…`` /
  ``希望…``: each requirement sentence of the paragraph (split at 。and ；) is one
  directive. Background (``2024年是…关键之年``, ``过去一年…取得了…``) is left out, and
  after 指出 nothing counts until a sentence says what must be done (要, 必须, 务必…).
  A paragraph that is only the cue (``会议强调`` on its own line) takes the next paragraph,
  and paragraphs opening with 要 or an ordinal continue it.
- **enumerations** ``一要…二要…``, ``一是…二是…``, ``第一，…第二，…`` anywhere in the text:
  each item is one directive with its ordinal. An enumeration inside a requirement paragraph
  is that paragraph's list (its lead-in is the list's header, not a directive); one inside a
  report (``李华同志以《…》为主题作报告``) is the reporter's; otherwise the meeting's.

A header announcing a count (提出四点要求, 重点抓好以下9个方面, 抓好“十件实事”) sets
``DirectiveList.announced``; ``found`` is what the text holds, and a mismatch stays visible:
nothing is padded or truncated. The issuer is a person's name, or None for the meeting.

The paragraphs are read in :mod:`~kgraph.extract.directive_paragraphs`, the enumerations in
:mod:`~kgraph.extract.directive_lists`, reports and the overall approach in
:mod:`~kgraph.extract.directive_reports`.
"""
from __future__ import annotations

import bisect
import re
from typing import Sequence

from ..facts import Directive, DirectiveList, Document, Sentence, Span, ThemeMention
from .directive_lists import announced_count, enumerations, header_speaker, item_spans, run_header, run_header_end
from .directive_paragraphs import Block, read_paragraphs, requirements
from .directive_reading import Reading, chinese_number
from .directive_reports import overall_approach, report_matches, report_titles
from .names import Names
from .themes import labels_within, mentions_in

__all__ = ["chinese_number", "extract_directives", "overall_approach", "report_titles"]

_ARABIC_ITEM = re.compile(r"\s*(?:\d{1,2}[.、．]|[（(]\d{1,2}[）)])\s*")  # an item numbered 1. / 1、 / （1）


def extract_directives(doc: Document, sents: Sequence[Sentence], meeting: str, persons: Sequence[str] | Names,
                       *, lexicon_terms: bool | None = None,
                       reports: Sequence[tuple[str, str | None, Span]] | None = None,
                       themes: Sequence[ThemeMention] | None = None
                       ) -> tuple[list[Directive], list[DirectiveList]]:
    """The directives of ``meeting`` in ``doc`` and the lists they form, in text order.

    ``list_id`` counts the document's lists from 1; ``ordinal`` counts a list's items from 1.
    A directive's themes are those the document names in its span (``themes``: the document's
    :func:`~kgraph.extract.themes.mentions_in`, read here when not given, policy terms included
    as ``lexicon_terms`` says), so a slogan cut by the span's edge is read as written in full. ``reports`` are the document's
    :func:`report_titles` when already read: an enumeration inside a report is its reporter's.
    """
    ctx = Reading(doc, sents, persons)
    text = doc.text
    if themes is None:
        themes = mentions_in(text, lexicon_terms=lexicon_terms)
    blocks, breaks, speaker_at = read_paragraphs(ctx, list(report_matches(ctx)) if reports is None else reports)
    block_starts = [b.start for b in blocks]

    def block_at(pos: int) -> Block | None:
        i = bisect.bisect_right(block_starts, pos) - 1
        return blocks[i] if i >= 0 and pos < blocks[i].end else None

    lists: list[tuple[int, tuple[int, int], int | None, str | None, list[tuple[int, int]]]] = []
    enumerated: dict[int, int] = {}  # id of a block -> where its first enumeration starts
    for run in enumerations(text, breaks):
        block = block_at(run[0].pos)
        header = run_header(ctx, run, block.header if block is not None else None)
        if block is not None:
            enumerated.setdefault(id(block), run[0].pos)
            issuer = block.issuer
        else:
            issuer = (speaker_at[ctx.sentence_of(run[0].pos)] if sents else None) or header_speaker(ctx, header)
        announced = announced_count(text[header[0]:header[1]])
        if announced is None and block is not None:
            announced = block.announced
        lists.append((run[0].pos, header, announced, issuer, item_spans(ctx, run)))
    for block in blocks:
        if id(block) in enumerated:  # what the speaker demands before his 一要…二要… is a list of its own
            first = enumerated[id(block)]
            header_end = run_header_end(ctx, first)
            lead = [(a, min(b, header_end)) for a, b in block.parts if a < header_end]
            block = Block(block.issuer, block.verb, block.header, None, block.start, block.end, lead)
        parts = requirements(ctx, block)
        if parts:
            lists.append((block.start, block.header, block.announced, block.issuer, parts))

    directives: list[Directive] = []
    directive_lists: list[DirectiveList] = []
    for list_id, (_, header, announced, issuer, items) in enumerate(sorted(lists, key=lambda x: x[0]), start=1):
        header_span = header if header[1] > header[0] else items[0]
        directive_lists.append(DirectiveList(
            list_id=list_id, header=text[header[0]:header[1]], announced=announced,
            found=len(items), issuer=issuer, span=ctx.span(*header_span)))
        for ordinal, (start, end) in enumerate(items, start=1):
            numbered = _ARABIC_ITEM.match(text, start, end)
            if numbered and numbered.end() < end:  # 1.要… / 2、… / （3）…: the item's own words
                start = numbered.end()
            body = text[start:end]
            directives.append(Directive(
                text=body, ordinal=ordinal, list_id=list_id, meeting=meeting, issuer=issuer,
                themes=tuple(labels_within(themes, start, end)), span=ctx.span(start, end)))
    return directives, directive_lists
