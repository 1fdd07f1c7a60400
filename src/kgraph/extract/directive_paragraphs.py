"""Requirement paragraphs: sentences opened by a cue (会议要求，/ 某某同志指出 / 希望…) and
the paragraph that goes on with them, each requirement one directive.

One pass over the sentences also says where a new speaker, heading or cue begins (no
enumeration runs across one) and who is reporting in each sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Sequence

from .. import lexicon, rules
from ..facts import Span
from .directive_reading import (MARKER, Reading, Subject, chinese_number, count_cue, late_cue, lead_in, patterns,
                                rule_alt, rule_words, trimmed)

_DASHES = "—－-－ \u3000▶►●•■◆◇□○☆★"  # ——要… / ▶要…: a dash or bullet opening a paragraph of a list
_MIN_DIRECTIVE = 4  # characters; shorter leftovers are fragments, not requirements


def _hope_verbs() -> tuple[str, ...]:
    return rule_words("hope_verbs")


def _propose_verbs() -> tuple[str, ...]:
    return rule_words("propose_verbs")


@cache
def _byline() -> re.Pattern[str]:
    """(记者 某某 通讯员 某某): who wrote the report, in brackets at its end."""
    return re.compile(rf"[(（]\s*(?:{rules.alt('directives', 'byline_words')})[^()（）]{{0,40}}[)）]")


@cache
def _commitment() -> re.Pattern[str]:
    """A clause whose collective subject must or will do something (全省公安机关将…, 全市公安机关要…)."""
    return re.compile(rf"(?:^|(?<=[，,]))(?:{rule_alt('commitment_openers')})?[，,]?[^，,。；;：:\n]{{0,16}}?"
                      rf"(?:{lexicon.alternation('directive_collectives.txt')})"
                      rf"(?P<modal>{lexicon.alternation('directive_modals.txt')})(?!{rule_alt('collective_modal_not_before')})")


@dataclass
class Block:
    """A requirement paragraph: who issued it, its cue and header, and each requirement's stretch."""

    issuer: str | None
    verb: str
    header: tuple[int, int]
    announced: int | None
    start: int
    end: int
    parts: list[tuple[int, int]] = field(default_factory=list)  # each requirement's stretch


@cache
def _cue_modes() -> dict[str, str]:
    """Cue verb -> how what follows it is read (demand | emphasis | assessment)."""
    own = _propose_verbs() + _hope_verbs()
    return {verb: "demand" for verb in own} | lexicon.mapping("directives_cues.tsv")


@cache
def _verb_patterns() -> tuple[re.Pattern, ...]:
    verbs = "|".join(re.escape(v) for v in sorted(lexicon.mapping("directives_cues.tsv"), key=len, reverse=True))
    return (
        re.compile(rf"[^，,。；;\n]{{0,20}}?(?P<verb>{verbs})(?:[，,：:\s]+|$)"),  # 张强在讲话中强调，
        re.compile(rf"(?P<verb>{verbs})(?=[\u4e00-\u9fff])(?!的)"),  # 会议要求全市各级公安机关要…
        patterns()["propose"],
        patterns()["hope"],
    )


def _cue(text: str, subject: Subject | None, heading: bool):
    """(verb, where the content starts, announced count) when the sentence opens with a cue."""
    if heading:
        return None
    if subject is not None:
        after = subject.end
    else:  # 指出，… / 希望… go on with the last subject
        after = lead_in().match(text).end()
        if not text.startswith(tuple(_cue_modes()), after) or text.startswith(_propose_verbs(), after):
            return None
    m = count_cue().match(text, after)
    if m:
        return _propose_verbs()[0], m.end(), chinese_number(m.group("n"))  # a counted list is proposed
    for pattern in _verb_patterns():
        m = pattern.match(text, after)
        if m:
            if m.group("verb") in _hope_verbs():  # the hope is the directive: 希望全区公安机关…
                return m.group("verb"), m.start("verb"), None
            return m.group("verb"), m.end(), None
    if subject is not None and subject.kind == "person":
        m = late_cue().search(text, after)
        if m:
            return (m.group("req"), m.end(), None) if m.group("req") else (m.group("verb"), m.end(), None)
    return None


def _commitment_start(text: str) -> int | None:
    """Where a sentence's collective demand or commitment starts, when all before it is background."""
    m = _commitment().search(text)
    if m is None or patterns()["modal"].search(text, 0, m.start()):
        return None
    before = text[:m.start()]
    if before and not patterns()["background"].search(before):
        return None
    return m.start()


def read_paragraphs(ctx: Reading, report_list: Sequence[tuple[str, str | None, Span]]
          ) -> tuple[list[Block], list[int], list[str | None]]:
    """One pass over the sentences: the requirement paragraphs, the offsets where a new
    speaker, heading or cue begins, and per sentence who is reporting (in a report)."""
    text = ctx.doc.text
    reports = {ctx.sentence_of(span.start): speaker for _, speaker, span in report_list}
    blocks: list[Block] = []
    breaks: list[int] = []
    speaker_at: list[str | None] = []
    block: Block | None = None
    last_person = current = reporter = None
    speaking_since = 0  # where the current speaker's sentence starts
    for i, s in enumerate(ctx.sents):
        subject = ctx.subject(s.text)
        heading = patterns()["heading"].match(s.text)
        kind = None if subject is None else subject.kind
        if kind == "person":
            last_person = current = subject.person
            speaking_since = s.start
        elif kind == "meeting":
            current = None
        elif kind == "pronoun":
            current = last_person
        if kind in ("person", "meeting") or (heading and patterns()["stage"].match(s.text)):
            reporter = None
        if i in reports:
            reporter = reports[i]
        speaker_at.append(reporter)
        cue = _cue(s.text, subject, bool(heading))
        commitment = None
        if not (kind or heading or cue or i in reports) and block is None:
            commitment = _commitment_start(s.text)
        if commitment is not None:  # 全省公安机关将…: a commitment, the speaker's while his paragraph goes on
            speaker = current if current and "\n" not in text[speaking_since:s.start] else None
            block = Block(speaker, "要", (s.start + commitment, s.start + commitment), None, s.start, s.end)
            block.parts.append((s.start + commitment, s.end))
            blocks.append(block)
            breaks.append(s.start)
            continue
        if kind or heading or cue or i in reports:
            breaks.append(s.start)
        # a speaker named inside a speech (省委书记陈平在…的讲话) does not end the speech;
        # the meeting, a heading, a report or a new cue does
        # （一）… opening the paragraph after a speaker's cue is the first of his items, not a new part
        item_heading = bool(heading) and block is not None and not (kind or cue) \
            and (m := MARKER.match(s.text)) is not None and m.group("pnum") is not None
        if kind == "meeting" or (heading and not item_heading) or cue or i in reports:
            block = None
        elif block is not None:
            between = text[ctx.sents[i - 1].end:s.start]
            opening = s.text.lstrip(_DASHES)
            # a paragraph opening with 要, an ordinal, ——要 or a collective's 将/要 goes on with the list
            if "\n" in between and block.parts and not (opening.startswith("要") or MARKER.match(opening)
                                                          or _commitment_start(opening) == 0):
                block = None
        if block is not None:
            block.parts.append((s.start, s.end))
            block.end = s.end
        if cue:
            verb, content, announced = cue
            issuer = {"person": current, "pronoun": last_person, "meeting": None}.get(kind, current)
            header = (s.start, s.start + content) if verb not in _hope_verbs() \
                else (s.start + content, s.start + content + len(verb))
            block = Block(issuer, verb, trimmed(text, *header), announced, s.start, s.end)
            if content < len(s.text):
                block.parts.append((s.start + content, s.end))
            blocks.append(block)
    return blocks, breaks, speaker_at


def requirements(ctx: Reading, block: Block) -> list[tuple[int, int]]:
    """The stretches of a paragraph that demand something.

    A sentence with 要/必须/务必/应当/希望 demands, and so do the sentences after it that
    are not background (parallel clauses: 要做到围绕中心…；立足本职…). Before the first
    such sentence only what 要求 or 提出 introduces, or the first words after 强调, count:
    what 指出 introduces is an assessment until it says what must be done.
    """
    out = []
    mode = _cue_modes().get(block.verb, "demand")
    demanding = mode == "demand"
    for k, (start, end) in enumerate(block.parts):
        start, end = trimmed(ctx.doc.text, start, end)
        text = ctx.doc.text[start:end]
        byline = _byline().search(text)
        if byline is not None and byline.end() == len(text):  # 稳定。(记者 某某): the report's end
            start, end = trimmed(ctx.doc.text, start, start + byline.start())
            text = ctx.doc.text[start:end]
        if any(w in text for w in rules.words("directives", "approach_words")) or end - start < _MIN_DIRECTIVE:
            continue  # the approach is read apart
        lead = _commitment_start(text)
        if lead:  # 今后五年，是…关键时期，全省公安机关要…: the demand starts with its subject
            start, text = start + lead, text[lead:]
        subject = ctx.subject(text)
        if subject is not None and subject.kind != "meeting":
            continue  # narration of what someone did (周军代表市委…表示慰问), not a demand
        if patterns()["modal"].search(text):
            demanding = True
        elif patterns()["background"].search(text):
            continue
        elif not (demanding or (k == 0 and mode == "emphasis" and block.parts[0][0] > block.start)):
            continue
        out.append((start, end))
    return out
