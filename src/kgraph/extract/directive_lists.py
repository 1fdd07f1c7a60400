"""Enumerations: 一要…二要…, 一是…二是…, 第一，…第二，…, （一）…（二）…, each item one directive.

A run of ordinals of one style counts 1, 2, 3… and never crosses a new speaker or heading;
its header is the words before its first item, and a header announcing a count
(提出四点要求) says how many the speaker meant.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from .directive_reading import (MARKER, TRIM_START, Reading, chinese_number, count_cue, late_cue, patterns,
                                rule_words, trimmed)


@dataclass(frozen=True)
class Marker:
    """An ordinal opening an item, and where the item's own words start."""

    pos: int  # where the ordinal starts
    body: int  # where the item's own words start (after 一是 / 第一，; 一要 keeps its 要)
    number: int
    style: str


def _markers(text: str) -> list[Marker]:
    out = []
    for m in MARKER.finditer(text):
        if m.group("pnum"):
            out.append(Marker(m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000")), m.end(),
                               chinese_number(m.group("pnum")), "（"))
        elif m.group("num"):
            suffix = m.group("suffix")
            body = m.end("num") if suffix == "要" else m.start("suffix") + 1
            out.append(Marker(m.start(), body, chinese_number(m.group("num")), "要" if suffix == "要" else "是"))
        else:
            out.append(Marker(m.start(), m.end(), chinese_number(m.group("nth")), "第"))
    return out


def enumerations(text: str, breaks: list[int]) -> list[list[Marker]]:
    """Runs of ordinals 1, 2, 3… of one style, none crossing a new speaker or heading."""
    done: list[list[Marker]] = []
    open_runs: dict[str, list[Marker]] = {}
    for marker in _markers(text):
        run = open_runs.get(marker.style)
        if marker.number == 1:
            if run and len(run) > 1:
                done.append(run)
            open_runs[marker.style] = [marker]
        elif run and marker.number == run[-1].number + 1:
            # a heading （二） is a break of its own: only what comes between two such items crosses
            own = bisect.bisect_left if marker.style == "（" else bisect.bisect_right
            crossed = own(breaks, marker.pos) > bisect.bisect_right(breaks, run[-1].pos)
            if crossed:
                if len(run) > 1:
                    done.append(run)
                del open_runs[marker.style]
            else:
                run.append(marker)
    done += [run for run in open_runs.values() if len(run) > 1]
    return sorted(done, key=lambda run: run[0].pos)


def _line_start(text: str, pos: int) -> bool:
    return not text[text.rfind("\n", 0, pos) + 1:pos].strip()


def item_spans(ctx: Reading, run: list[Marker]) -> list[tuple[int, int]]:
    text = ctx.doc.text
    out = []
    for k, marker in enumerate(run):
        line_end = text.find("\n", marker.pos)
        line_end = len(text) if line_end < 0 else line_end
        if k + 1 < len(run):
            end = min(run[k + 1].pos, line_end)
        elif _line_start(text, marker.pos) or not ctx.sents:
            end = line_end
        else:  # an inline last item ends with its sentence; what follows is the report again
            end = min(ctx.sents[ctx.sentence_of(marker.pos)].end, line_end)
        out.append(trimmed(text, marker.body, end))
    return out


def run_header(ctx: Reading, run: list[Marker], cue_header: tuple[int, int] | None) -> tuple[int, int]:
    """The words introducing a list: before 一是 in its sentence, else the sentence before
    it in the same paragraph (or a line ending with a colon), else the cue of its paragraph."""
    text = ctx.doc.text
    first = run[0].pos
    if ctx.sents:
        i = ctx.sentence_of(first)
        own = ctx.sents[i]
        start, end = trimmed(text, own.start, first)
        if own.start < first and end > start:
            return start, end
        if i > 0:
            prev = ctx.sents[i - 1]
            gap = text[prev.end:own.start]
            if "\n" not in gap or prev.text.rstrip().endswith(("：", ":")):
                return trimmed(text, prev.start, prev.end)
    if cue_header is not None:
        return cue_header
    return first, first


def run_header_end(ctx: Reading, first: int) -> int:
    """Where the words leading into an enumeration start: its own sentence's, or the sentence before."""
    if not ctx.sents:
        return first
    i = ctx.sentence_of(first)
    own = ctx.sents[i]
    if own.start < first and ctx.doc.text[own.start:first].strip(TRIM_START):
        return own.start
    if i > 0:
        prev = ctx.sents[i - 1]
        gap = ctx.doc.text[prev.end:own.start]
        if "\n" not in gap or prev.text.rstrip().endswith(("：", ":")):
            return prev.start
    return first


def header_speaker(ctx: Reading, header: tuple[int, int]) -> str | None:
    """The person whose words a list's header announces (某某通报了…，提出了…要求：, 某会长发出3点倡议：)."""
    found = ctx.names.find_all(ctx.doc.text, header[0], header[1])
    if not found:
        return None
    rest = ctx.doc.text[found[-1].end:header[1]]
    return found[-1].name if count_cue().search(rest) or late_cue().search(rest) \
        or any(noun in rest for noun in rule_words("request_nouns")) else None


def announced_count(text: str) -> int | None:
    """The last count of two or more a header announces: 提出四点要求 -> 4."""
    counts = [n for n in (chinese_number(m.group("n")) for m in patterns()["count"].finditer(text)) if n >= 2]
    return counts[-1] if counts else None
