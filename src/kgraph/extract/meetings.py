"""Meetings: the one the article reports as held, and those it only refers to.

Which meeting is held is decided by the frame, not by a list of names. A meeting is
held when it is the object of a held verb (下陆区召开2024年全区公安工作会议, 主持召开…会议)
or its subject (全省公安局长会议在济南召开); failing that, when the report's headline is
a meeting's name, or its opening sentences say who joined it (某局长出席某会议). A meeting
named elsewhere (按照全国公安厅局长会议的部署) is a reference, kept but not reported. How a
name is read is :mod:`~kgraph.extract.meeting_frames`; its date and place,
:mod:`~kgraph.extract.meeting_dates`. Every word the rules use is in a lexicon file.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Sequence

from .. import lexicon, rules
from ..facts import Document, Honour, Meeting, Sentence, Span
from .meeting_dates import OPENING, date_anchors, held_meeting, venue_before, written_place
from .meeting_frames import clean_name, holds_name, left_trim, level_of, name_at, patterns, squashed
from .work import Sentences

_QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》")  # a slogan's own words say nothing of the sentence
_MOST_HELD = 64  # held-meeting candidates compared per report (each with each)
_HEADLINE_LONGEST = 60  # the body's sentences that open a report and date its headline


def extract_meetings(doc: Document, sents: Sequence[Sentence]) -> tuple[list[Meeting], list[Honour]]:
    """The reported meeting(s) first, then the referenced ones."""
    text = doc.text
    sents = Sentences.of(sents)
    anchors = date_anchors(doc)
    found, generic = _held(doc, sents, anchors)
    headline = _headline(doc, sents, anchors)
    if not found:
        found = generic[:1]
    elif _only_in_headline(doc, found) and generic and patterns()["head"].fullmatch(generic[0][1].name):
        found = found + generic[:1]  # 某会议召开 over "3月5日，会议在某礼堂召开": one meeting, dated and placed by the body
    if not found:
        found = _joined(doc, sents, anchors)
    if not found:
        found = _bare(doc, sents, anchors)
    if headline and (not found or any(holds_name(headline[0][1].name, m.name) for _, m in found)):
        found = headline + found
    found.sort(key=lambda pair: pair[0])
    del found[_MOST_HELD:]  # a page naming hundreds of held meetings is a listing: its first ones are read
    reported: list[Meeting] = []
    in_headline = _in_headline(doc)
    for _, meeting in found:
        same = next((r for r in reported if _one_meeting(r, meeting, in_headline)), None)
        if same is None:
            if reported and _is_reference_context(text, meeting):
                continue
            reported.append(meeting)
        else:  # the headline and the body name one meeting: keep the fuller facts
            merged = _merge(same, meeting)
            reported[reported.index(same)] = merged
    reported = _headline_dated_by_body(doc, sents, reported)
    reported = reported[:1] + [r for r in reported[1:] if r.date is not None and r.date == reported[0].date]
    refs = _referenced(doc, sents, {r.name for r in reported})
    honours = _honours(doc, sents, reported[0].name) if reported else []
    return reported + refs, honours


def _in_headline(doc: Document):
    """Whether a meeting is named in the headline."""
    headline = _headline_span(doc)
    return lambda m: headline is not None and m.span is not None and headline[0] <= m.span.start < headline[1]


def _one_meeting(a: Meeting, b: Meeting, in_headline) -> bool:
    """Two names of one meeting: one holds the other whole, or (the headline's shorter form, or the
    body's) with words left out; two meetings the body holds (全市公安工作会议, then 全市公安机关
    党风廉政建设工作会议) are two, however alike their words."""
    if squashed(a.name) in squashed(b.name) or squashed(b.name) in squashed(a.name):
        return True
    return (in_headline(a) or in_headline(b)) and (holds_name(a.name, b.name) or holds_name(b.name, a.name))


def _only_in_headline(doc: Document, found: list[tuple[int, Meeting]]) -> bool:
    """Whether every meeting found is named in the headline only, with no day of its own."""
    headline = _headline_span(doc)
    return headline is not None and all(headline[0] <= pos < headline[1] and not m.date_text for pos, m in found)


def _headline_dated_by_body(doc: Document, sents: Sentences, reported: list[Meeting]) -> list[Meeting]:
    """A headline's meeting without a day of its own is the meeting the body's opening dates.

    某某推进会召开 over "4月21日，省厅召开视频会议，…": one event, named by the headline, dated
    by the body; the dateline is only the day it was published.
    """
    headline = _headline_span(doc)
    if len(reported) < 2 or headline is None or reported[0].date_text or reported[0].span is None:
        return reported
    first, second = reported[0], reported[1]
    if not headline[0] <= first.span.start < headline[1] or not second.date_text:
        return reported
    if second.span is None or not 0 <= second.span.start - headline[1] <= OPENING:
        return reported
    return [_merge(first, second)] + reported[2:]


def _headline_span(doc: Document) -> tuple[int, int] | None:
    """Where the headline stands in the text: the page's title, else a plain text's first line
    when it is short and no sentence."""
    if doc.title:
        at = doc.text.find(doc.title)
        return (at, at + len(doc.title)) if at >= 0 else None
    start = len(doc.text) - len(doc.text.lstrip())
    end = doc.text.find("\n", start)
    end = len(doc.text) if end < 0 else end
    line = doc.text[start:end]
    if not line or len(line) > _HEADLINE_LONGEST or "。" in line:
        return None
    return start, end


def _held(doc: Document, sents: Sentences, anchors: list[dt.date]
          ) -> tuple[list[tuple[int, Meeting]], list[tuple[int, Meeting]]]:
    """Meetings a held verb governs: as its object (召开某会议) or its subject (某会议在某地召开).

    Second, the meetings named by their head alone (某所召开会议传达…): the held one only when the
    report names no other, and then named for who held it.
    """
    pats = patterns()
    found: list[tuple[int, Meeting]] = []
    generic: list[tuple[int, Meeting]] = []
    for sent in sents:
        if not pats["held_verb"].search(sent.text) or _background().match(sent.text):
            continue
        taken: set[int] = set()
        for verb in pats["held_verb"].finditer(sent.text):
            clause_start = max(sent.text.rfind(c, 0, verb.start()) for c in "，,；;。") + 1
            left = sent.text[clause_start:verb.start()]
            if pats["purpose"].search(_QUOTED.sub("", left)):
                continue
            name = name_at(sent.text, verb.end())
            if name is None and sent.text.startswith(rules.words("meetings", "qualifier"), verb.end()) \
                    and pats["time_before"].search(left) \
                    and not _is_reference_context(doc.text, None, sent.start + verb.start()):
                name = name_at(sent.text, verb.end() + 1)  # 昨天召开的某工作会议决定: held, yesterday
                if name is not None and sent.text.startswith(rules.words("meetings", "spirit_nouns"),
                                                             verb.end() + 1 + len(name)):
                    name = None
            if name is None or _spirit_follows(sent.text, sent.text.find(name, verb.end()) + len(name)):
                continue  # 传达…，市委到某区召开某会议和某会议精神: the spirit passed on, not a meeting held here
            organizer, place = clean_name(left) or None, None
            at = max(organizer.rfind(mark) for mark in rules.words("meetings", "place_marks")) if organizer else -1
            if at >= 0:  # 在某镇召开…现场会: a place, not who held it; 市局在三楼会议室召开: both
                place, organizer = written_place(organizer[at:]), organizer[:at] or None
            if organizer:  # 某市于6月21日在某室召开: who held it, without the date
                organizer = pats["when_after"].sub("", organizer) or None
            if organizer and (len(organizer) < 2 or pats["head"].search(organizer)):
                organizer = None
            name = clean_name(name)
            pos = sent.start + verb.end() + max(0, sent.text.find(name, verb.end()) - verb.end())
            place = place or venue_before(sent.text[:verb.start()])
            if len(name) < 3 and name not in lexicon.words("meeting_bare_names.txt"):
                if pats["head"].fullmatch(name):  # named for who held it when that is a body, not a clause
                    short = organizer if organizer and len(organizer) <= 12 and "、" not in organizer else None
                    generic.append((pos, held_meeting(doc, sent, (short or "") + name, pos, place, organizer, anchors)))
                continue
            taken.add(pos)
            found.append((pos, held_meeting(doc, sent, name, pos, place, organizer, anchors)))
        for m in pats["before"].finditer(sent.text):
            name = clean_name(m.group("name"))
            clause_start = max(sent.text.rfind(c, 0, m.start("name")) for c in "，,；;。") + 1
            # 为某会议顺利召开营造… / 某讯 为确保某大会在某地成功举办: to come, wherever the cue stands
            if pats["purpose"].search(_QUOTED.sub("", sent.text[clause_start:m.end("name")])):
                continue
            pos = sent.start + m.start("name") + max(0, m.group("name").find(name))
            if len(name) < 4 or pats["held_verb"].search(name) or pos in taken:
                continue
            place = written_place(m.group("between") or "")
            if place is None and any(w in (m.group("between") or "") for w in rules.words("meetings", "here_words")):
                place = venue_before(sent.text[:m.start("name")])
            found.append((pos, held_meeting(doc, sent, name, pos, place, None, anchors)))
        for m in pats["bare_before"].finditer(sent.text):  # 3月5日，会议在某礼堂召开: named elsewhere (the headline)
            pos = sent.start + m.start("name")
            generic.append((pos, held_meeting(doc, sent, m.group("name"), pos, written_place(m.group("between") or ""), None,
                                          anchors)))
    return found, generic


@cache
def _spirit_after() -> re.Pattern[str]:
    """What follows a meeting whose spirit is passed on: 精神, or another meeting and then 精神."""
    joiners = rules.alt("meetings", "spirit_joiners")
    return re.compile(rf"(?:(?:{joiners})[^，,。；;]{{0,30}}?)?(?:{rules.alt('meetings', 'spirit_nouns')})")


def _spirit_follows(text: str, end: int) -> bool:
    return end >= 0 and _spirit_after().match(text, end) is not None


def _headline(doc: Document, sents: Sentences, anchors: list[dt.date]) -> list[tuple[int, Meeting]]:
    """A headline that is a meeting's name and nothing more (2025年度某某工作会议)."""
    if not doc.title:
        return []
    name = clean_name(doc.title.strip().rstrip("。!！"))
    spoken_at = patterns()["spoken_at"].search(name)
    if spoken_at:  # 某某在某某会议上强调: the meeting the report's speech was given at
        name = clean_name(spoken_at.group("name"))
    if len(name) < 4 or not patterns()["head"].search(name) or patterns()["head"].search(name).end() != len(name):
        return []
    if patterns()["held_verb"].search(name) or patterns()["join_verb"].search(name):
        return []
    pos = doc.text.find(name)
    if pos < 0:
        return []
    sent = sents.containing(pos)
    return [(pos, held_meeting(doc, sent, name, pos, None, None, anchors, dated=False))]


def _joined(doc: Document, sents: Sentences, anchors: list[dt.date]) -> list[tuple[int, Meeting]]:
    """With no held verb: the meeting someone joined in the report's opening sentences (某局长出席某会议)."""
    pats = patterns()
    for sent in sents[:4]:
        if _background().match(sent.text):
            continue
        for verb in pats["join_verb"].finditer(sent.text):
            name = name_at(sent.text, verb.end())
            if name is None:
                continue
            after = sent.text[verb.end() + len(name):verb.end() + len(name) + 1]
            name = clean_name(name)
            # 与参加某表彰大会的代表座谈: the meeting qualifies who, it is not the one joined here
            if len(name) < 4 or after in rules.words("meetings", "qualifier") \
                    or _is_reference_context(doc.text, None, sent.start + verb.start()):
                continue
            pos = sent.start + verb.end()
            return [(pos, held_meeting(doc, sent, name, pos, None, None, anchors))]
    return []


@cache
def _background() -> re.Pattern[str]:
    return re.compile(rules.alt('meetings', 'background_cues'))


@cache
def _bare_name() -> re.Pattern[str]:
    # the kind alone: as a sentence's first word (座谈会上,) or right after who chaired or joined it
    joined = "|".join(f"(?<={re.escape(v)})" for v in rules.words("meetings", "join_verbs"))
    return re.compile(rf"(?:^|{joined})(?:{lexicon.alternation('meeting_bare_names.txt')})"
                      rf"(?={rules.alt('meetings', 'bare_name_tails')}|[，,。；])")


@cache
def _named_opening() -> re.Pattern[str]:
    """启动仪式上， / 表彰大会结束后: a sentence opening on a short event name (a word and a head)."""
    return re.compile(rf"^(?:{rules.alt('meetings', 'place_marks')})?"
                      rf"(?P<name>(?!{rules.alt('meetings', 'determiners')})(?!{rules.alt('meetings', 'name_openers')})"
                      rf"[\u4e00-\u9fff]{{2,4}}(?:{lexicon.alternation('meeting_suffixes.txt')}))"
                      rf"(?={rules.alt('meetings', 'bare_name_tails')}|[，,])")


def _bare(doc: Document, sents: Sentences, anchors: list[dt.date]) -> list[tuple[int, Meeting]]:
    """A report that names no meeting it held but speaks of one by its kind alone (主持座谈会), or
    opens a sentence on a short event name (启动仪式上): that one."""
    for pattern in (_bare_name(), _named_opening()):
        for sent in sents:
            m = pattern.search(sent.text)
            if m:
                name = m.group("name") if "name" in pattern.groupindex else m.group()
                pos = sent.start + (m.start("name") if "name" in pattern.groupindex else m.start())
                return [(pos, held_meeting(doc, sent, name, pos, None, None, anchors))]
    return []


def _merge(a: Meeting, b: Meeting) -> Meeting:
    """One meeting named twice (headline and body): the fuller name, the dated mention's date."""
    dated, other = (a, b) if a.date_text or not b.date_text else (b, a)
    name = a.name if len(squashed(a.name)) >= len(squashed(b.name)) else b.name
    return Meeting(
        name=name,
        reported=True,
        date=dated.date or other.date,
        date_text=dated.date_text,
        place=a.place or b.place,
        organizer=a.organizer or b.organizer,
        level=a.level or b.level,
        span=dated.span,
    )


def _is_reference_context(text: str, meeting: Meeting | None, start: int | None = None) -> bool:
    """A meeting named right after 传达/学习/贯彻…: the one whose spirit is studied, not held."""
    if start is None:
        start = meeting.span.start if meeting is not None and meeting.span else 0
    return bool(re.search(rf"(?:{rules.alt('meetings', 'reference_verbs')})[^。]{{0,30}}$", text[max(0, start - 30):start]))


@cache
def _reference_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    heads = f"{rules.alt('meetings', 'reference_heads')}|{lexicon.alternation('meeting_suffixes.txt')}"
    m = lambda key: rules.alt("meetings", key)  # noqa: E731
    name = re.compile(rf"[^，,。；;、\n“”《》（）()]{{2,40}}?(?:{heads})(?!{m('head_not_before')})")
    # 区委政法委书记某某主持会议 is a person chairing, not a meeting's name; 局长会议 is a name
    person_act = re.compile(rf"{m('join_verbs')}|{m('person_acts')}|(?:{lexicon.alternation('titles.txt')})(?!{lexicon.alternation('meeting_suffixes.txt')})")
    # a referred meeting opens with a level (全旗, 全地区: the lexicon's), a body or a year
    start = re.compile(rf"(?:{m('reference_starts')}|{lexicon.alternation('meeting_levels.txt')}|\d{{4}}年"
                       rf"|(?:(?!{m('level_mark')}).){{2,8}}(?:{m('place_suffixes')}))")
    return name, person_act, start


def _referenced(doc: Document, sents: Sentences, reported: set[str]) -> list[Meeting]:
    out: dict[str, Meeting] = {}
    pattern, person_act, start = _reference_patterns()
    head = patterns()["head"]
    matches = ((s, m) for s in sents if head.search(s.text) for m in pattern.finditer(s.text))
    for sent, m in matches:
        name = left_trim(clean_name(m.group()))
        if len(name) < 4 or any(name in r or r in name for r in reported) or name in out:
            continue
        if person_act.search(name) or not start.match(name):
            continue
        end = sent.start + m.end()
        span = Span(doc.doc_id, sent.index, end - len(name), end)
        out[name] = Meeting(name=name, reported=False, level=level_of(name), span=span)
    return list(out.values())


def _honours(doc: Document, sents: Sentences, meeting: str) -> list[Honour]:
    cue = re.compile(lexicon.alternation("honour_cues.txt"))
    won = re.compile(rules.alt('meetings', 'honour_stops'))
    out = []
    for s in sents:
        if cue.search(s.text) and not won.search(s.text):
            out.append(Honour(meeting, s.text, None, Span(doc.doc_id, s.index, s.start, s.end)))
    return out
