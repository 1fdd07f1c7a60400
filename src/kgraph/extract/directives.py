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
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Sequence

from .. import dates, lexicon, rules
from ..facts import Directive, DirectiveList, Document, Sentence, Span
from .names import Names
from .themes import themes_in
from .work import Sentences

_NUM = "二十|十[一二三四五六七八九]?|[一二三四五六七八九]"

# An ordinal opening an item: 一要 / 一是 / 一是要 / 第一，. It must follow a boundary, so
# 统一是 or 唯一要 never open a list.
_MARKER = re.compile(
    rf"(?:^|(?<=[。；;：:，,！？!?\s”」』）)]))"
    rf"(?:(?P<num>{_NUM})(?P<suffix>是要|是|要)|第(?P<nth>{_NUM})(?:是|[，、,：:]))"
    # （一）（二） opening lines of their own, or following a colon or semicolon (要求：（一）…；（二）…)
    rf"|(?:^[ \t\u3000]*|(?<=[：:；;。]))[（(](?P<pnum>{_NUM})[）)][ \t\u3000]*",
    re.M,
)
_CN_COUNT = r"(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})"  # 3, 三, 十二: how many a header announces
_CN_ORDINAL = "[一二三四五六七八九十]+"
# a title written before a name ends like one (区委书记赵刚, 副市长、公安局局长王明)
# within 20 characters that are not a clause break
_TITLE_BREAKS = frozenset("，,。；;：:")
_TITLE_SPAN = 20


def _w(key: str) -> str:
    return rules.alt("directives", key)


def _w_list(key: str) -> tuple[str, ...]:
    return rules.words("directives", key)


def _hope_verbs() -> tuple[str, ...]:
    return _w_list("hope_verbs")


def _propose_verbs() -> tuple[str, ...]:
    return _w_list("propose_verbs")


@cache
def _p() -> dict[str, re.Pattern[str]]:
    """The stage's patterns, their words from ``ontology/rules/directives.toml``."""
    modal = rf"{rules.not_after('directives', 'modal_yao_not_after')}要(?!{_w('modal_yao_not_before')})|{_w('modals')}"
    return {
        "count": re.compile(rf"{_CN_COUNT}(?:{_w('count_nouns')})"),
        "heading": re.compile(rf"^(?:{_CN_ORDINAL}、|[（(]{_CN_ORDINAL}[）)]|第{_CN_ORDINAL}(?:{_w('part_words')}))"),
        "stage": re.compile(rf"^第{_CN_ORDINAL}(?:{_w('stage_words')})"),
        # who opens a sentence: the meeting, a pronoun (a known name is looked up apart)
        "subject": re.compile(rf"(?P<meeting>{_w('meeting_subjects')})|(?P<pronoun>{_w('pronouns')})"),
        "hope": re.compile(rf"[^，,。；;\n]{{0,20}}?(?P<verb>{_w('hope_verbs')})(?=\S)"),
        "propose": re.compile(rf"[^。；;\n]{{0,20}}?(?P<verb>{_w('propose_verbs')})(?=要(?!求))"),
        "modal": re.compile(modal),
        # background rather than demand: a past (了, 以来), a copula (2024年是…之年, 是一支…队伍)
        "background": re.compile(rf"^(?:{_w('background_openers')})|{_w('background_words')}"
                                 rf"|{rules.not_after('directives', 'le_not_after')}了(?!解)"
                                 rf"|{rules.not_after('directives', 'shi_not_after')}是(?!否)"),
        "approach": re.compile(rf"(?:{_w('approach_words')})(?:是|为)?[：:]\s*(?P<body>[^。\n]+)"),
    }


def _title_ends() -> frozenset[str]:
    return frozenset("".join(rules.words("directives", "title_end_chars")))


@cache
def _lead() -> re.Pattern[str]:
    """What may open a sentence before its speaker: 会上， / 随后 / 在通报了…情况后，"""
    w = lambda key: rules.alt("directives", key)  # noqa: E731
    return re.compile(rf"(?:(?:{w('lead_words')})[，,]?|(?:{w('lead_clause_opens')})[^，,。；;：:\n]{{1,30}}?"
                      rf"(?:{w('lead_clause_ends')})[，,])?")


@cache
def _byline() -> re.Pattern[str]:
    """(记者 某某 通讯员 某某): who wrote the report, in brackets at its end."""
    return re.compile(rf"[(（]\s*(?:{rules.alt('directives', 'byline_words')})[^()（）]{{0,40}}[)）]")


@cache
def _count_cue() -> re.Pattern[str]:
    """某某强调了三点意见： / 提出四点要求 / 发出3点倡议: a speaker announcing a counted list."""
    return re.compile(
        rf"[^。；;\n]{{0,60}}?(?P<verb>{lexicon.alternation('directive_count_verbs.txt')})了?[^。；;，,\n]{{0,6}}?"
        rf"{_CN_COUNT}(?:{_w('count_nouns')})[^。；;，,：:\n]{{0,4}}[。：:，,]?")


@cache
def _late_cue() -> re.Pattern[str]:
    """A cue opening a later clause of the subject's sentence (某某肯定了…，要求… / …，提出了…要求：)."""
    verbs = "|".join(re.escape(v) for v in sorted(lexicon.mapping("directives_cues.tsv"), key=len, reverse=True))
    pronoun = rules.alt("directives", "pronouns")
    return re.compile(rf"[，,](?:{pronoun})?(?P<verb>{verbs})(?=[\u4e00-\u9fff])(?!的)"
                      rf"|[，,](?:{_w('propose_verbs')})了?[^。；;\n]{{0,30}}?(?P<req>{_w('request_nouns')})[：:]")


@cache
def _commitment() -> re.Pattern[str]:
    """A clause whose collective subject must or will do something (全省公安机关将…, 全市公安机关要…)."""
    return re.compile(rf"(?:^|(?<=[，,]))(?:{_w('commitment_openers')})?[，,]?[^，,。；;：:\n]{{0,16}}?"
                      rf"(?:{lexicon.alternation('directive_collectives.txt')})"
                      rf"(?P<modal>{lexicon.alternation('directive_modals.txt')})(?!{_w('collective_modal_not_before')})")
@cache
def _report() -> re.Pattern[str]:
    """A report given under a title: 以《…》为主题作报告, 作了题为“…”的讲话, 作《…报告》."""
    give, report = _w("report_give_verbs"), _w("report_nouns")
    return re.compile(
        rf"以《(?P<t1>[^《》\n]{{1,100}})》(?:{_w('report_theme_frames')})[^。；\n]{{0,12}}?(?:{give})[^。；\n]{{0,12}}?(?:{report})"
        rf"|(?:{give})了?(?:{_w('report_title_leads')})[《“](?P<t2>[^《》“”\n]{{1,100}})[》”]的[^。；\n]{{0,12}}?"
        rf"(?:{_w('speech_nouns')})"
        rf"|(?:{give})了?《(?P<t3>[^《》\n]{{0,100}}(?:{report}))》")
_ARABIC_ITEM = re.compile(r"\s*(?:\d{1,2}[.、．]|[（(]\d{1,2}[）)])\s*")  # an item numbered 1. / 1、 / （1）
_TRIM_END = "。；;，,：:、 \t\r\n\u3000"
_DASHES = "—－-－ \u3000▶►●•■◆◇□○☆★"  # ——要… / ▶要…: a dash or bullet opening a paragraph of a list
_TRIM_START = "，,、：:；; \t\r\n\u3000—▶►●•■◆◇□○☆★"  # bullets open items, they are not their words
_MIN_DIRECTIVE = 4  # characters; shorter leftovers are fragments, not requirements


def chinese_number(text: str) -> int:
    """12 -> 12, 九 -> 9, 十 -> 10, 十二 -> 12, 二十 -> 20: the numerals dates read, one reading."""
    return dates.cn_number(text)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM_START:
        start += 1
    while end > start and text[end - 1] in _TRIM_END:
        end -= 1
    return start, end


@dataclass(frozen=True)
class _Subject:
    """Who a sentence opens with: ``kind`` is meeting, pronoun or person."""

    kind: str
    person: str | None
    end: int


class _Context:
    """What one document's reading needs: its text, sentences and names."""

    def __init__(self, doc: Document, sents: Sequence[Sentence], persons: Sequence[str] | Names) -> None:
        self.doc, self.sents, self.names = doc, Sentences.of(sents), Names.coerce(persons)

    def subject(self, text: str) -> _Subject | None:
        """The meeting (会议, 与会), a pronoun or a known name (after a title, with 同志) opening ``text``.

        An opening phrase (会上，同时) may come first; as a regular expression would, it is
        also tried as part of the title when nothing follows it.
        """
        lead = _lead().match(text).end()
        for pos in dict.fromkeys((lead, 0)):
            word = _p()["subject"].match(text, pos)
            if word:
                return _Subject(word.lastgroup, None, word.end())
            found = self._titled_name(text, pos)
            if found is not None:
                name, end = found
                honorific = next((h for h in rules.words("people", "honorifics") if text.startswith(h, end)), "")
                return _Subject("person", name, end + len(honorific))
        return None

    def _titled_name(self, text: str, pos: int) -> tuple[str, int] | None:
        """A known name at ``pos``, or after the shortest title-like stretch that ends before one."""
        if not self.names:
            return None
        for i in range(pos, min(pos + _TITLE_SPAN + 1, len(text))):
            ch = text[i]
            if ch in _title_ends():
                written = self.names.written_at(text, i + 1)
                if written is not None:
                    return self.names.full(written), i + 1 + len(written)
            if ch in _TITLE_BREAKS or ch.isspace():
                break
        written = self.names.written_at(text, pos)
        return (self.names.full(written), pos + len(written)) if written is not None else None

    def sentence_of(self, offset: int) -> int:
        """The sentence an offset falls in, or the first when it stands before them all."""
        return max(self.sents.sentence_of(offset), 0)

    def span(self, start: int, end: int) -> Span:
        return Span(self.doc.doc_id, self.sentence_of(start), start, end)

    def last_person_before(self, start: int, end: int) -> str | None:
        found = self.names.find_all(self.doc.text, start, end)
        return found[-1].name if found else None


def _report_matches(ctx: _Context):
    for m in _report().finditer(ctx.doc.text):
        name = next(g for g in ("t1", "t2", "t3") if m.group(g) is not None)
        sentence = ctx.sents[ctx.sentence_of(m.start())] if ctx.sents else None
        speaker = ctx.last_person_before(sentence.start if sentence else 0, m.start())
        yield m.group(name), speaker, ctx.span(m.start(name), m.end(name))


def report_titles(doc: Document, sents: Sequence[Sentence], persons: Sequence[str] | Names
                  ) -> list[tuple[str, str | None, Span]]:
    """Reports delivered under a title: (title, speaker or None, span of the title).

    李华同志以《…》为主题作报告 / 作题为《…》的大会报告 / 作《党风廉政建设工作报告》.
    """
    return list(_report_matches(_Context(doc, sents, persons)))


def overall_approach(doc: Document, sents: Sequence[Sentence]) -> str | None:
    """The year's 总体思路 as written (the text after 总体思路：/总体思路是：), or None."""
    m = _p()["approach"].search(doc.text)
    return m.group("body").strip() if m else None


# -- requirement paragraphs -----------------------------------------------------------------

@dataclass
class _Block:
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
        _p()["propose"],
        _p()["hope"],
    )


def _cue(text: str, subject: _Subject | None, heading: bool):
    """(verb, where the content starts, announced count) when the sentence opens with a cue."""
    if heading:
        return None
    if subject is not None:
        after = subject.end
    else:  # 指出，… / 希望… go on with the last subject
        after = _lead().match(text).end()
        if not text.startswith(tuple(_cue_modes()), after) or text.startswith(_propose_verbs(), after):
            return None
    m = _count_cue().match(text, after)
    if m:
        return _propose_verbs()[0], m.end(), chinese_number(m.group("n"))  # a counted list is proposed
    for pattern in _verb_patterns():
        m = pattern.match(text, after)
        if m:
            if m.group("verb") in _hope_verbs():  # the hope is the directive: 希望全区公安机关…
                return m.group("verb"), m.start("verb"), None
            return m.group("verb"), m.end(), None
    if subject is not None and subject.kind == "person":
        m = _late_cue().search(text, after)
        if m:
            return (m.group("req"), m.end(), None) if m.group("req") else (m.group("verb"), m.end(), None)
    return None


def _commitment_start(text: str) -> int | None:
    """Where a sentence's collective demand or commitment starts, when all before it is background."""
    m = _commitment().search(text)
    if m is None or _p()["modal"].search(text, 0, m.start()):
        return None
    before = text[:m.start()]
    if before and not _p()["background"].search(before):
        return None
    return m.start()


def _read(ctx: _Context, report_list: Sequence[tuple[str, str | None, Span]]
          ) -> tuple[list[_Block], list[int], list[str | None]]:
    """One pass over the sentences: the requirement paragraphs, the offsets where a new
    speaker, heading or cue begins, and per sentence who is reporting (in a report)."""
    text = ctx.doc.text
    reports = {ctx.sentence_of(span.start): speaker for _, speaker, span in report_list}
    blocks: list[_Block] = []
    breaks: list[int] = []
    speaker_at: list[str | None] = []
    block: _Block | None = None
    last_person = current = reporter = None
    speaking_since = 0  # where the current speaker's sentence starts
    for i, s in enumerate(ctx.sents):
        subject = ctx.subject(s.text)
        heading = _p()["heading"].match(s.text)
        kind = None if subject is None else subject.kind
        if kind == "person":
            last_person = current = subject.person
            speaking_since = s.start
        elif kind == "meeting":
            current = None
        elif kind == "pronoun":
            current = last_person
        if kind in ("person", "meeting") or (heading and _p()["stage"].match(s.text)):
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
            block = _Block(speaker, "要", (s.start + commitment, s.start + commitment), None, s.start, s.end)
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
            and (m := _MARKER.match(s.text)) is not None and m.group("pnum") is not None
        if kind == "meeting" or (heading and not item_heading) or cue or i in reports:
            block = None
        elif block is not None:
            between = text[ctx.sents[i - 1].end:s.start]
            opening = s.text.lstrip(_DASHES)
            # a paragraph opening with 要, an ordinal, ——要 or a collective's 将/要 goes on with the list
            if "\n" in between and block.parts and not (opening.startswith("要") or _MARKER.match(opening)
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
            block = _Block(issuer, verb, _trimmed(text, *header), announced, s.start, s.end)
            if content < len(s.text):
                block.parts.append((s.start + content, s.end))
            blocks.append(block)
    return blocks, breaks, speaker_at


def _requirements(ctx: _Context, block: _Block) -> list[tuple[int, int]]:
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
        start, end = _trimmed(ctx.doc.text, start, end)
        text = ctx.doc.text[start:end]
        byline = _byline().search(text)
        if byline is not None and byline.end() == len(text):  # 稳定。(记者 某某): the report's end
            start, end = _trimmed(ctx.doc.text, start, start + byline.start())
            text = ctx.doc.text[start:end]
        if any(w in text for w in rules.words("directives", "approach_words")) or end - start < _MIN_DIRECTIVE:
            continue  # the approach is read apart
        lead = _commitment_start(text)
        if lead:  # 今后五年，是…关键时期，全省公安机关要…: the demand starts with its subject
            start, text = start + lead, text[lead:]
        subject = ctx.subject(text)
        if subject is not None and subject.kind != "meeting":
            continue  # narration of what someone did (周军代表市委…表示慰问), not a demand
        if _p()["modal"].search(text):
            demanding = True
        elif _p()["background"].search(text):
            continue
        elif not (demanding or (k == 0 and mode == "emphasis" and block.parts[0][0] > block.start)):
            continue
        out.append((start, end))
    return out


# -- enumerations ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Marker:
    pos: int  # where the ordinal starts
    body: int  # where the item's own words start (after 一是 / 第一，; 一要 keeps its 要)
    number: int
    style: str


def _markers(text: str) -> list[_Marker]:
    out = []
    for m in _MARKER.finditer(text):
        if m.group("pnum"):
            out.append(_Marker(m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000")), m.end(),
                               chinese_number(m.group("pnum")), "（"))
        elif m.group("num"):
            suffix = m.group("suffix")
            body = m.end("num") if suffix == "要" else m.start("suffix") + 1
            out.append(_Marker(m.start(), body, chinese_number(m.group("num")), "要" if suffix == "要" else "是"))
        else:
            out.append(_Marker(m.start(), m.end(), chinese_number(m.group("nth")), "第"))
    return out


def _enumerations(text: str, breaks: list[int]) -> list[list[_Marker]]:
    """Runs of ordinals 1, 2, 3… of one style, none crossing a new speaker or heading."""
    done: list[list[_Marker]] = []
    open_runs: dict[str, list[_Marker]] = {}
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


def _items(ctx: _Context, run: list[_Marker]) -> list[tuple[int, int]]:
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
        out.append(_trimmed(text, marker.body, end))
    return out


def _run_header(ctx: _Context, run: list[_Marker], block: _Block | None) -> tuple[int, int]:
    """The words introducing a list: before 一是 in its sentence, else the sentence before
    it in the same paragraph (or a line ending with a colon), else the cue of its paragraph."""
    text = ctx.doc.text
    first = run[0].pos
    if ctx.sents:
        i = ctx.sentence_of(first)
        own = ctx.sents[i]
        start, end = _trimmed(text, own.start, first)
        if own.start < first and end > start:
            return start, end
        if i > 0:
            prev = ctx.sents[i - 1]
            gap = text[prev.end:own.start]
            if "\n" not in gap or prev.text.rstrip().endswith(("：", ":")):
                return _trimmed(text, prev.start, prev.end)
    if block is not None:
        return block.header
    return first, first


def _run_header_end(ctx: _Context, first: int) -> int:
    """Where the words leading into an enumeration start: its own sentence's, or the sentence before."""
    if not ctx.sents:
        return first
    i = ctx.sentence_of(first)
    own = ctx.sents[i]
    if own.start < first and ctx.doc.text[own.start:first].strip(_TRIM_START):
        return own.start
    if i > 0:
        prev = ctx.sents[i - 1]
        gap = ctx.doc.text[prev.end:own.start]
        if "\n" not in gap or prev.text.rstrip().endswith(("：", ":")):
            return prev.start
    return first


def _header_speaker(ctx: _Context, header: tuple[int, int]) -> str | None:
    """The person whose words a list's header announces (某某通报了…，提出了…要求：, 某会长发出3点倡议：)."""
    found = ctx.names.find_all(ctx.doc.text, header[0], header[1])
    if not found:
        return None
    rest = ctx.doc.text[found[-1].end:header[1]]
    return found[-1].name if _count_cue().search(rest) or _late_cue().search(rest) \
        or any(noun in rest for noun in _w_list("request_nouns")) else None


def _announced(text: str) -> int | None:
    """The last count of two or more a header announces: 提出四点要求 -> 4."""
    counts = [n for n in (chinese_number(m.group("n")) for m in _p()["count"].finditer(text)) if n >= 2]
    return counts[-1] if counts else None


# -- the stage ------------------------------------------------------------------------------

def extract_directives(doc: Document, sents: Sequence[Sentence], meeting: str, persons: Sequence[str] | Names,
                       *, lexicon_terms: bool | None = None,
                       reports: Sequence[tuple[str, str | None, Span]] | None = None
                       ) -> tuple[list[Directive], list[DirectiveList]]:
    """The directives of ``meeting`` in ``doc`` and the lists they form, in text order.

    ``list_id`` counts the document's lists from 1; ``ordinal`` counts a list's items from 1.
    A directive's themes are :func:`~kgraph.extract.themes.themes_in` its text, policy terms
    included as ``lexicon_terms`` (default: as for the document's themes) says. ``reports`` are
    the document's :func:`report_titles` when already read: an enumeration inside a report is
    its reporter's.
    """
    ctx = _Context(doc, sents, persons)
    text = doc.text
    blocks, breaks, speaker_at = _read(ctx, list(_report_matches(ctx)) if reports is None else reports)
    block_starts = [b.start for b in blocks]

    def block_at(pos: int) -> _Block | None:
        i = bisect.bisect_right(block_starts, pos) - 1
        return blocks[i] if i >= 0 and pos < blocks[i].end else None

    lists: list[tuple[int, tuple[int, int], int | None, str | None, list[tuple[int, int]]]] = []
    enumerated: dict[int, int] = {}  # id of a block -> where its first enumeration starts
    for run in _enumerations(text, breaks):
        block = block_at(run[0].pos)
        header = _run_header(ctx, run, block)
        if block is not None:
            enumerated.setdefault(id(block), run[0].pos)
            issuer = block.issuer
        else:
            issuer = (speaker_at[ctx.sentence_of(run[0].pos)] if sents else None) or _header_speaker(ctx, header)
        announced = _announced(text[header[0]:header[1]])
        if announced is None and block is not None:
            announced = block.announced
        lists.append((run[0].pos, header, announced, issuer, _items(ctx, run)))
    for block in blocks:
        if id(block) in enumerated:  # what the speaker demands before his 一要…二要… is a list of its own
            first = enumerated[id(block)]
            header_end = _run_header_end(ctx, first)
            lead = [(a, min(b, header_end)) for a, b in block.parts if a < header_end]
            block = _Block(block.issuer, block.verb, block.header, None, block.start, block.end, lead)
        parts = _requirements(ctx, block)
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
                themes=tuple(themes_in(body, lexicon_terms=lexicon_terms)), span=ctx.span(start, end)))
    return directives, directive_lists
