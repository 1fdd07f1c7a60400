"""Meetings: the one the article reports as held, and those it only refers to.

A report names its meeting with 召开/举行 (下陆区召开2024年全区公安工作会议;
全省公安局长会议在济南召开). The date is read from that sentence and completed
with the dateline's year; a meeting named elsewhere (按照全国公安厅局长会议的
部署) is a reference, kept but not reported.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cache

from .. import lexicon, places
from ..facts import Document, Honour, Meeting, Sentence, Span

_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_NEWS_DATE = re.compile(r"(\d{1,2})月(\d{1,2})日(?:讯|电)")  # 东北网5月22日讯, 新华社北京5月22日电
_LEAD_DATE = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚上|晚|早上)?|^(?:今天|昨天|近日|日前)(?:上午|下午|晚上)?")
# headline decoration and breadcrumbs before a name: 笃行实干勇担当 乘势而上谋发展——|2024年全区公安工作会议
_HEADLINE_CUT = re.compile(r".*(?:——|--|>|＞|•|·|\||：|:)\s*")
# where a report without a dateline states the year it plans: 部署2021年工作, 对2018年的工作做了安排部署,
# 2024年是…之年, 会议强调，2022年，全市政法机关要…
_YEAR_HINTS = (re.compile(r"(?:部署|安排)(\d{4})年"), re.compile(r"(\d{4})年的?[^。，,；]{0,8}?(?:安排部署|工作任务|工作要点)"),
               re.compile(r"(\d{4})年是"), re.compile(r"(\d{4})年[，,][^。；]{0,30}?要"))
# 在疫情防控期间召开, 在建党百年之际召开: when, not where
_WHEN = ("期间", "之际", "前夕", "之前", "之后", "以来", "时", "中")
# what may stand between the name and 召开: 在济南, 以视频会形式, 于3月1日, 隆重
_BETWEEN = r"(?:[在于][^，,。；、]{1,16}?|以[^，,。；、]{1,12}?形式|隆重|顺利){0,2}"
_NAME_STOPS = ("召开", "举行", "按照", "贯彻", "落实", "传达", "学习", "围绕", "根据", "参加", "出席", "以及",
               "精神", "部署", "和", "及", "的", "在", "与", "了", "是", "为", "讯", "日", "午", "上", "：", ":")


@cache
def _suffix() -> str:
    return lexicon.alternation("meeting_suffixes.txt")


@cache
def _held_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    name = rf"[^，,。；;！!？?\n]{{2,60}}?(?:{_suffix()})[”\"]?"
    after = re.compile(rf"(?P<org>[^，,。；;\n]{{0,30}}?)(?:召开|举行|举办)了?(?P<name>{name})(?=[，,。；;\s]|$)")
    before = re.compile(rf"(?P<name>{name})(?P<between>{_BETWEEN})(?:召开|举行)")
    return after, before


def _clean_name(name: str) -> str:
    name = name.strip(" \u3000\t")
    if name.startswith("“") and name.endswith("”") and name.count("“") == 1:
        name = name[1:-1]  # “向人民报告—新疆公安英模事迹报告会”隆重举行: the quoted name itself
    name = _HEADLINE_CUT.sub("", name)
    name = _LEAD_DATE.sub("", name).lstrip("，,、 ")
    return name.strip()


def _left_trim(name: str) -> str:
    """Drop what precedes a referenced meeting's name: 按照|全国公安厅局长会议."""
    cut = 0
    for stop in _NAME_STOPS:
        k = name.rfind(stop)
        if k >= 0:
            cut = max(cut, k + len(stop))
    return name[cut:]


def _level(name: str) -> str | None:
    m = re.search(lexicon.alternation("meeting_levels.txt"), name)
    return m.group() if m else None


def _resolve_date(month: int, day: int, year: int | None, doc: Document, text: str, name: str) -> dt.date | None:
    if year is None and doc.date is not None:
        year = doc.date.year - (1 if month > doc.date.month + 1 else 0)
    if year is None:
        m = re.match(r"(\d{4})年", name)
        year = int(m.group(1)) if m else None
    if year is None:
        for pattern in _YEAR_HINTS:
            m = pattern.search(text)
            if m:
                year = int(m.group(1))
                break
    try:
        return dt.date(year, month, day) if year else None
    except ValueError:
        return None


def _place(between: str) -> str | None:
    m = re.search(r"在(?:我省|我市|我区)?([^，,。；]{2,12}?)(?:隆重|顺利)?(?:召开|举行|$)", between)
    if not m:
        return None
    written = m.group(1)
    if written.endswith(("形式", "会场") + _WHEN):
        return None
    return written



def extract_meetings(doc: Document, sents: list[Sentence]) -> tuple[list[Meeting], list[Honour]]:
    """The reported meeting(s) first, then the referenced ones."""
    text = doc.text
    after, before = _held_patterns()
    found: list[tuple[int, Meeting]] = []
    # a held meeting's sentence says 召开/举行: only those sentences are matched (the patterns are costly)
    held = [s for s in sents if ("召开" in s.text or "举行" in s.text or "举办" in s.text)
            and not _background().match(s.text)]
    for pattern in (after, before):
        for sent in held:
            for m in pattern.finditer(sent.text):
                name = _clean_name(m.group("name"))
                if "召开" in name or len(name) < 4:
                    continue
                organizer = None
                place = None
                if "org" in m.groupdict():
                    organizer = _clean_name(m.group("org")) or None
                    at = organizer.rfind("在") if organizer else -1
                    if at >= 0:  # 在百合镇召开…现场会: a place, not who held it; 市局在三楼会议室召开: both
                        place, organizer = _place(organizer[at:] + "召开"), organizer[:at] or None
                    if organizer and (len(organizer) < 2 or "会议" in organizer):
                        organizer = None
                else:
                    place = _place(m.group("between") or "")
                pos = sent.start + m.start("name")
                found.append((pos, _meeting(doc, sents, sent, name, pos, place, organizer)))
    if not found:
        found = _bare(doc, sents)
    found.sort(key=lambda pair: pair[0])
    reported: list[Meeting] = []
    for _, meeting in found:
        squashed = _squash(meeting.name)
        same = next((r for r in reported if squashed in _squash(r.name) or _squash(r.name) in squashed), None)
        if same is None:
            if reported and _is_reference_context(text, meeting):
                continue
            reported.append(meeting)
        else:  # the headline and the body name one meeting: keep the fuller facts
            merged = _merge(same, meeting)
            reported[reported.index(same)] = merged
    reported = reported[:1] + [r for r in reported[1:] if r.date is not None and r.date == reported[0].date]
    refs = _referenced(doc, sents, {r.name for r in reported})
    honours = _honours(doc, sents, reported[0].name) if reported else []
    return reported + refs, honours


@cache
def _background() -> re.Pattern[str]:
    return re.compile(lexicon.alternation("meeting_background_cues.txt"))


@cache
def _bare_name() -> re.Pattern[str]:
    # the kind alone: as a sentence's first word (座谈会上,) or right after who chaired or joined it
    return re.compile(rf"(?:^|(?<=主持)|(?<=参加)|(?<=出席))(?:{lexicon.alternation('meeting_bare_names.txt')})"
                      r"(?=上|开始|结束|前|后|[，,。；])")


def _bare(doc: Document, sents: list[Sentence]) -> list[tuple[int, Meeting]]:
    """A report that names no meeting it held but speaks of one by its kind alone (主持座谈会): that one."""
    for sent in sents:
        m = _bare_name().search(sent.text)
        if m:
            pos = sent.start + m.start()
            return [(pos, _meeting(doc, sents, sent, m.group(), pos, None, None))]
    return []


def _squash(name: str) -> str:
    """A name without its spaces: a headline's “8.31” 工程 and the body's “8.31”工程 name one meeting."""
    return "".join(name.split())


def _merge(a: Meeting, b: Meeting) -> Meeting:
    """One meeting named twice (headline and body): the dated mention names it, else the later one."""
    better_date = a.date_text if a.date_text else b.date_text
    return Meeting(
        name=a.name if a.date_text and not b.date_text else b.name,
        reported=True,
        date=a.date if a.date_text or not b.date else b.date,
        date_text=better_date,
        place=a.place or b.place,
        organizer=a.organizer or b.organizer,
        level=a.level or b.level,
        span=b.span if (b.date_text and not a.date_text) else a.span,
    )


def _meeting(doc: Document, sents: list[Sentence], sent: Sentence | None, name: str, pos: int,
             place: str | None, organizer: str | None) -> Meeting:
    date = None
    date_text = None
    if sent is not None:
        m = _DATE.search(sent.text)
        if m:
            date_text = m.group()
            date = _resolve_date(int(m.group(2)), int(m.group(3)),
                                 int(m.group(1)) if m.group(1) else None, doc, doc.text, name)
    if date is None and date_text is None and doc.date is not None and sent is not None and sent.index > 0:
        # no day in the sentence: the report is dated by its news line (东北网5月22日讯), else its dateline
        m = _NEWS_DATE.search(doc.text, 0, 800)
        date = (_resolve_date(int(m.group(1)), int(m.group(2)), None, doc, doc.text, name) if m else None) or doc.date
    if organizer and places.lookup(organizer) is None and not re.search(lexicon.alternation("org_suffixes.txt") + r"$", organizer):
        organizer = None
    span = Span(doc.doc_id, sent.index if sent else -1, pos, pos + len(name))
    return Meeting(name=name, reported=True, date=date, date_text=date_text, place=place,
                   organizer=organizer, level=_level(name), span=span)


def _is_reference_context(text: str, meeting: Meeting) -> bool:
    start = meeting.span.start if meeting.span else 0
    return bool(re.search(r"(?:按照|贯彻|落实|传达|学习)[^。]{0,30}$", text[max(0, start - 30):start]))


@cache
def _reference_pattern() -> re.Pattern[str]:
    return re.compile(rf"[^，,。；;、\n“”《》（）()]{{2,40}}?(?:工作会议|厅局长会议|局长会议|全会|代表大会|{_suffix()})(?!议)")


def _referenced(doc: Document, sents: list[Sentence], reported: set[str]) -> list[Meeting]:
    out: dict[str, Meeting] = {}
    pattern = _reference_pattern()
    matches = ((s, m) for s in sents if "会" in s.text for m in pattern.finditer(s.text))
    for sent, m in matches:
        name = _left_trim(_clean_name(m.group()))
        if len(name) < 4 or any(name in r or r in name for r in reported) or name in out:
            continue
        # 区委政法委书记梁天琛主持会议 is a person chairing, not a meeting's name; 局长会议 is a name
        if re.search(rf"主持|出席|参加|讲话|(?:{lexicon.alternation('titles.txt')})(?!会议)", name):
            continue
        if not re.match(r"(?:中央|全国|全省|全市|全区|全州|全县|省委|市委|区委|县委|党的|十|二十|\d{4}年|[^全]{2,8}(?:省|市|区|县))", name):
            continue
        end = sent.start + m.end()
        span = Span(doc.doc_id, sent.index, end - len(name), end)
        out[name] = Meeting(name=name, reported=False, level=_level(name), span=span)
    return list(out.values())


def _honours(doc: Document, sents: list[Sentence], meeting: str) -> list[Honour]:
    cue = re.compile(lexicon.alternation("honour_cues.txt"))
    out = []
    for s in sents:
        if cue.search(s.text) and not re.search(r"荣获|获得|被评为", s.text):
            out.append(Honour(meeting, s.text, None, Span(doc.doc_id, s.index, s.start, s.end)))
    return out
