"""Meetings: the one the article reports as held, and those it only refers to.

Which meeting is held is decided by the frame, not by a list of names. A meeting is
held when it is the object of a held verb (下陆区召开2024年全区公安工作会议, 主持召开…会议)
or its subject (全省公安局长会议在济南召开); failing that, when the report's headline is
a meeting's name, or its opening sentences say who joined it (某局长出席某会议). A name
is an open class: any phrase ending in one of the heads meetings take
(``meeting_suffixes.txt``), quotes and brackets kept whole (召开“某某”座谈会, 党委(扩大)会).
The date is read from the meeting's sentence and completed from the report's own
anchors (news line, dateline; ``dates.py``); a meeting named elsewhere (按照全国公安厅局长
会议的部署) is a reference, kept but not reported. Every word the rules use is in a
lexicon file.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from typing import Sequence

from .. import dates, lexicon, places, rules
from ..facts import Document, Honour, Meeting, Sentence, Span
from ..segment import pos_tokenizer
from .work import Sentences

_BOUNDARY = "，,。；;！!？?\n"
_OPEN, _CLOSE = "“《(（「『\"", "”》)）」』\""
# headline decoration and breadcrumbs before a name: 笃行实干勇担当 乘势而上谋发展——|2024年全区公安工作会议
_HEADLINE_CUT = re.compile(r".*(?:——|--|>|＞|•|·|\||：|:)\s*")
_SECTION_TAG = re.compile(r"^[【\[][^】\]\n]{1,12}[】\]]\s*")  # 【要闻】 before a headline: the site's section


_QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》")  # a slogan's own words say nothing of the sentence
_MOST_HELD = 64  # held-meeting candidates compared per report (each with each)
_OPENING = 200  # how far into the text (or past its headline) a report's opening stands
_HEADLINE_LONGEST = 60  # the body's sentences that open a report and date its headline


def _alt(name: str) -> str:
    return lexicon.alternation(name)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The rules of this stage, compiled once from the lexicon's word lists."""
    heads = _alt("meeting_suffixes.txt")
    day = r"(?:(?:\d{4}年)?\d{1,2}月)?\d{1,2}日"
    when = rf"(?:{day}(?:{rules.alt('dates', 'time_of_day')})?)"
    m = lambda key: rules.alt("meetings", key)  # noqa: E731
    preps = f"{m('place_marks')}|{m('time_marks')}"
    lead = rf"(?:{rules.alt('dates', 'date_leads')})(?:{rules.alt('dates', 'time_of_day')})?"
    between = (rf"(?:{when}|{lead}|(?:{preps})[^{_BOUNDARY}、]{{1,16}}?|(?:{m('manner_open')})[^{_BOUNDARY}、]{{1,12}}?"
               rf"(?:{m('manner_close')})|{m('adverbs')}){{0,3}}")
    name = rf"[^{_BOUNDARY}]{{2,60}}?(?:{heads})[”\"]?"
    return {
        "head": re.compile(rf"(?:{heads})(?!{m('head_not_before')})"),
        # 集体学习(扩大)会议, 常委会（扩大）会议: a head, a bracketed qualifier, a head
        "qualified_head": re.compile(rf"[(（](?:{m('bracket_qualifiers')})[)）](?:{heads})"),
        "held_verb": re.compile(rf"(?:{m('held_verb_prefixes')})?(?:{m('held_verbs')})(?:{m('aspect')})?"),
        "join_verb": re.compile(rf"(?:{m('join_verbs')})(?:{m('aspect')})?"),
        # a headline's 某某在某某会议上强调: the meeting, after 在 and before 上 and a cue word
        "spoken_at": re.compile(rf"(?:{m('place_marks')})(?P<name>[^{_BOUNDARY}]{{2,40}}?(?:{heads}))(?:{m('at_meeting')})"
                                rf"(?=[^{_BOUNDARY}]{{0,4}}(?:{_cue_words()}))"),
        # a clause whose subject is a meeting's head alone (会议在某礼堂召开): the report's meeting, named elsewhere
        "bare_before": re.compile(rf"(?:^|(?<=[{_BOUNDARY}]))(?P<name>{heads})(?P<between>{between})"
                                  rf"(?:{m('held_verbs')})"),
        "before": re.compile(rf"(?P<name>{name})(?P<between>{between})"
                             rf"(?:{m('held_verbs')}|(?:{m('subject_verbs')})(?=[{_BOUNDARY}，,]|$))"),
        "lead_date": re.compile(rf"^(?:{when}|(?:{rules.alt('dates', 'date_leads')})(?:{rules.alt('dates', 'time_of_day')})?)"),
        "news_date": re.compile(rf"(\d{{1,2}})月(\d{{1,2}})日(?:{rules.alt('dates', 'news_line_cues')})"),
        # 本报讯 / 某某网讯（记者 某某） before the report's first words: a source, never part of a name
        "news_source": re.compile(rf"^[^{_BOUNDARY}]{{0,12}}?(?:{rules.alt('dates', 'news_line_cues')})"
                                  rf"(?:[\s\u3000]+|[（(][^）)]{{0,40}}[）)][\s\u3000]*)"),
        "news_cue": re.compile(rf"\s*(?:{rules.alt('dates', 'news_line_cues')})"),
        "news_line": re.compile(rf"^[^{_BOUNDARY}]{{0,20}}?\d{{1,2}}月\d{{1,2}}日(?:{rules.alt('dates', 'news_line_cues')})\s*"),
        # 为确保某大会在某地成功举办: anywhere before the verb in its clause (为期两天 is no purpose)
        "purpose": re.compile(rf"(?:{m('purpose_cues')})(?!{m('purpose_not_before')})"),
        "time_before": re.compile(rf"(?:{when}|(?:{rules.alt('dates', 'date_leads')})(?:{rules.alt('dates', 'time_of_day')})?)$"),
        "venue": re.compile(rf"(?:^|[{_BOUNDARY}]|{m('venue_leads')})"
                            rf"(?P<venue>(?:(?!{m('venue_leads')})[^{_BOUNDARY}]){{2,14}}?(?:{_alt('venue_heads.txt')}))"),
        "when_after": re.compile(rf"(?:{preps})?{when}$"),
        "modifier": re.compile(rf"(?:[^{_BOUNDARY}]{{2,40}}?(?:{m('modifier_verbs')})的"
                               rf"|(?:{m('theme_open')})[^{_BOUNDARY}]{{1,40}}?(?:{m('theme_close')})的)"),
        "opener": re.compile(rf"^(?:{rules.alt('meetings', 'name_openers')})"),
        "place_end": re.compile(rf"(?:{rules.alt('meetings', 'place_verbs')}|{rules.alt('meetings', 'adverbs')})|$"),
        "year_plan": re.compile(rf"(?:{m('year_plan_verbs')})(\d{{4}})年|(\d{{4}})年(?:{m('qualifier')})?[^{_BOUNDARY}]{{0,8}}?"
                                rf"(?:{m('year_plan_nouns')})|(\d{{4}})年(?:{m('year_copula')})"
                                rf"|(\d{{4}})年[，,][^。；]{{0,30}}?(?:{m('year_modal')})"),
        "year_in_name": re.compile(rf"(?<!\d)((?:19|20)\d\d)(?!\d)(?!{rules.alt('dates', 'review_year')})"),
        "year_mention": re.compile(rf"(?<!\d){rules.not_after('dates', 'year_bounds')}((?:19|20)\d\d)"
                                   rf"(?!{rules.alt('dates', 'decade')}|{rules.alt('dates', 'review_year')})年"),
    }


def _cue_words() -> str:
    """What a speaker does at a meeting, as the lexicon's role and directive cues name it."""
    cues = set(lexicon.mapping("role_cues.tsv")) | set(lexicon.mapping("directives_cues.tsv"))
    return "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))


def _clause_right(text: str, start: int, limit: int = 80) -> str:
    """The text from ``start`` to the clause's end, quotes and brackets kept whole (“再聚警营,喜迎中秋”)."""
    depth = 0
    end = min(len(text), start + limit)
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN and not (ch == '"' and depth):
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif depth == 0 and ch in _BOUNDARY.replace("\\n", "\n"):
            return text[start:i]
    return text[start:end]


def _name_at(text: str, start: int) -> str | None:
    """The meeting's name that starts at ``start``: up to its head (and a 暨 that joins a second)."""
    right = _clause_right(text, start)
    head = _patterns()["head"]
    m = head.search(right)
    if m is None:
        return None
    end = m.end()
    while True:  # 常委会会议: a head right after a head; 誓师大会暨某某演练: one event of two parts
        nxt = head.match(right, end) or _patterns()["qualified_head"].match(right, end)
        if nxt:
            end = nxt.end()
            continue
        if right.startswith(rules.words("meetings", "event_joiners"), end):
            joined = head.search(right, end)
            end = joined.end() if joined else len(right)
            continue
        break
    if end < len(right) and right[end] in "”\"":
        end += 1
    name = right[:end].strip(" \u3000")
    if _patterns()["opener"].match(name):
        return None
    return name


def _clean_name(name: str) -> str:
    name = name.strip(" \u3000\t")
    if name.startswith("“") and name.endswith("”") and name.count("“") == 1:
        name = name[1:-1]  # “向人民报告—某某英模事迹报告会”隆重举行: the quoted name itself
    name = _SECTION_TAG.sub("", _HEADLINE_CUT.sub("", name))
    name = _patterns()["news_line"].sub("", name)  # 新华社北京5月22日电  某某座谈会…在上海召开
    name = _patterns()["news_source"].sub("", name)  # 本报讯 某某会议…举行
    name = _patterns()["lead_date"].sub("", name).lstrip("，,、 ")
    name = name.strip()
    modifier = _patterns()["modifier"].match(name)
    if modifier and _patterns()["head"].search(name, modifier.end()) and len(name) - modifier.end() >= 4:
        name = name[modifier.end():]  # 由某局共同开展的某颁奖仪式, 以某某为主题的某会议: the name after it
    for word in rules.words("meetings", "determiners"):  # 举办此次某轮训班: the one named before
        if name.startswith(word) and len(name) > len(word) + 2:
            return name[len(word):]
    return name


def _left_trim(name: str) -> str:
    """Drop what precedes a referenced meeting's name: 按照|全国公安厅局长会议."""
    cut = 0
    for stop in rules.words("meetings", "name_stops"):
        k = name.rfind(stop)
        if k >= 0:
            cut = max(cut, k + len(stop))
    return name[cut:]


def _level(name: str) -> str | None:
    m = re.search(_alt("meeting_levels.txt"), name)
    return m.group() if m else None


def _place(between: str) -> str | None:
    """The place written after 在, up to the verb: 在济南召开 -> 济南, 在京主持召开 -> 北京."""
    at = max(between.rfind(mark) for mark in rules.words("meetings", "place_marks"))
    if at < 0:
        return None
    rest = between[at + 1:]
    end = _patterns()["place_end"].search(rest)
    written = rest[:end.start()].strip(" \u3000")
    for conjunction in rules.words("meetings", "place_conjunctions"):
        if conjunction in written:  # 在某看守所建成并举行: the place, without what was done there
            written = _without_trailing_verbs(written[:written.index(conjunction)])
    for lead in lexicon.words("own_place_words.txt"):
        if written.startswith(lead) and len(written) > len(lead) + 1:
            written = written[len(lead):]
    if not written or len(written) > 16 or written in rules.words("meetings", "place_stops") \
            or written in lexicon.words("own_place_words.txt"):
        return None
    if written.endswith(rules.words("meetings", "place_time_endings") + rules.words("meetings", "place_stops")) \
            and not _named_venue(written) or re.search(r"\d", written):
        return None
    if len(written) == 1:
        return lexicon.mapping("place_abbreviations.tsv").get(written)
    return written


def _without_trailing_verbs(text: str) -> str:
    words = pos_tokenizer().lcut(text)
    while words and words[-1].flag.startswith("v"):
        words.pop()
    return "".join(w.word for w in words)


def _named_venue(written: str) -> bool:
    """某人民会堂一楼主会场: a hall named before the word for it, not the bare 主会场 or 分会场."""
    return any(written.endswith(tail) and len(written) >= len(tail) + 4
               for tail in rules.words("meetings", "named_venue_tails"))


def _venue(before: str) -> str | None:
    """A venue named in the clauses before a held verb (某大楼门前广场气氛庄重, 移步至局二楼大礼堂)."""
    m = None
    for m in _patterns()["venue"].finditer(before):
        pass
    return m.group("venue") if m else None


def _anchors(doc: Document) -> list[dt.date]:
    """The report's own dates that complete a partial one: its news line (5月22日电), then its dateline.

    A report without a dateline is dated by the whole date its opening writes (2023年10月17日，某局
    举办…): the day of its event, before the day the news line was sent.
    """
    out = []
    opening = None if doc.date is not None else dates.find_full_date(doc.text[:_OPENING])
    if opening is not None:
        out.append(opening[0])
    base = [doc.date] if doc.date else out[:]
    m = _patterns()["news_date"].search(doc.text, 0, 800)
    if m:
        # without a dateline the news line's year is the one the report states (2021年是…)
        news = dates.complete(dates.Partial(None, int(m.group(1)), int(m.group(2)), 0, 0, m.group()), base,
                              None if base else _text_year(doc.text))
        if news is not None:
            out.append(news)
    if doc.date is not None:
        out.append(doc.date)
    return out


def _year_hint(doc: Document, name: str) -> int | None:
    """A year the report itself states, for a report without any dateline.

    The meeting's own name first (2021年第一次全体会议, 忠诚—2021), then the year a report plans
    (部署2024年工作), then the latest year it names (a review of 2015 and goals for 2016).
    """
    m = _patterns()["year_in_name"].search(name)
    if m:
        return int(m.group(1))
    return _text_year(doc.text)


@lru_cache(maxsize=4)
def _text_year(text: str) -> int | None:
    """The year a report plans, else the latest it names: read once per report, however many
    meetings it holds (a page of a hundred meetings would otherwise read it a hundred times)."""
    m = _patterns()["year_plan"].search(text)
    if m:
        return int(next(g for g in m.groups() if g))
    years = [int(y) for y in _patterns()["year_mention"].findall(text)]
    return max(years) if years else None


def extract_meetings(doc: Document, sents: Sequence[Sentence]) -> tuple[list[Meeting], list[Honour]]:
    """The reported meeting(s) first, then the referenced ones."""
    text = doc.text
    sents = Sentences.of(sents)
    anchors = _anchors(doc)
    found, generic = _held(doc, sents, anchors)
    headline = _headline(doc, sents, anchors)
    if not found:
        found = generic[:1]
    elif _only_in_headline(doc, found) and generic and _patterns()["head"].fullmatch(generic[0][1].name):
        found = found + generic[:1]  # 某会议召开 over "3月5日，会议在某礼堂召开": one meeting, dated and placed by the body
    if not found:
        found = _joined(doc, sents, anchors)
    if not found:
        found = _bare(doc, sents, anchors)
    if headline and (not found or any(_contains(headline[0][1].name, m.name) for _, m in found)):
        found = headline + found
    found.sort(key=lambda pair: pair[0])
    del found[_MOST_HELD:]  # a page naming hundreds of held meetings is a listing: its first ones are read
    reported: list[Meeting] = []
    for _, meeting in found:
        same = next((r for r in reported if _contains(r.name, meeting.name) or _contains(meeting.name, r.name)), None)
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


def _only_in_headline(doc: Document, found: list[tuple[int, Meeting]]) -> bool:
    """Whether every meeting found is named in the headline only, with no day of its own."""
    headline = _headline_span(doc)
    return headline is not None and all(headline[0] <= pos < headline[1] and not m.date_text for pos, m in found)


def _headline_dated_by_body(doc: Document, sents: list[Sentence], reported: list[Meeting]) -> list[Meeting]:
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
    if second.span is None or not 0 <= second.span.start - headline[1] <= _OPENING:
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


def _contains(outer: str, inner: str) -> bool:
    """One name holds the other, whole or with words left out (2024年第3次集体学习会议 in
    2024年第3次 党委理论学习中心组集体学习会议): the headline and the body naming one meeting."""
    inner, outer = _squash(inner), _squash(outer)
    if inner in outer:
        return True
    if len(inner) < 6 or not (_patterns()["head"].search(inner[-4:]) and outer.endswith(inner[-2:])):
        return False
    rest = iter(outer)
    return inner[0] == outer[0] and all(ch in rest for ch in inner)


def _held(doc: Document, sents: list[Sentence], anchors: list[dt.date]
          ) -> tuple[list[tuple[int, Meeting]], list[tuple[int, Meeting]]]:
    """Meetings a held verb governs: as its object (召开某会议) or its subject (某会议在某地召开).

    Second, the meetings named by their head alone (某所召开会议传达…): the held one only when the
    report names no other, and then named for who held it.
    """
    pats = _patterns()
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
            name = _name_at(sent.text, verb.end())
            if name is None and sent.text.startswith(rules.words("meetings", "qualifier"), verb.end()) \
                    and pats["time_before"].search(left) \
                    and not _is_reference_context(doc.text, None, sent.start + verb.start()):
                name = _name_at(sent.text, verb.end() + 1)  # 昨天召开的某工作会议决定: held, yesterday
                if name is not None and sent.text.startswith(rules.words("meetings", "spirit_nouns"),
                                                             verb.end() + 1 + len(name)):
                    name = None
            if name is None or _spirit_follows(sent.text, sent.text.find(name, verb.end()) + len(name)):
                continue  # 传达…，市委到某区召开某会议和某会议精神: the spirit passed on, not a meeting held here
            organizer, place = _clean_name(left) or None, None
            at = max(organizer.rfind(mark) for mark in rules.words("meetings", "place_marks")) if organizer else -1
            if at >= 0:  # 在某镇召开…现场会: a place, not who held it; 市局在三楼会议室召开: both
                place, organizer = _place(organizer[at:]), organizer[:at] or None
            if organizer:  # 某市于6月21日在某室召开: who held it, without the date
                organizer = pats["when_after"].sub("", organizer) or None
            if organizer and (len(organizer) < 2 or pats["head"].search(organizer)):
                organizer = None
            name = _clean_name(name)
            pos = sent.start + verb.end() + max(0, sent.text.find(name, verb.end()) - verb.end())
            place = place or _venue(sent.text[:verb.start()])
            if len(name) < 3 and name not in lexicon.words("meeting_bare_names.txt"):
                if pats["head"].fullmatch(name):  # named for who held it when that is a body, not a clause
                    short = organizer if organizer and len(organizer) <= 12 and "、" not in organizer else None
                    generic.append((pos, _meeting(doc, sent, (short or "") + name, pos, place, organizer, anchors)))
                continue
            taken.add(pos)
            found.append((pos, _meeting(doc, sent, name, pos, place, organizer, anchors)))
        for m in pats["before"].finditer(sent.text):
            name = _clean_name(m.group("name"))
            clause_start = max(sent.text.rfind(c, 0, m.start("name")) for c in "，,；;。") + 1
            # 为某会议顺利召开营造… / 某讯 为确保某大会在某地成功举办: to come, wherever the cue stands
            if pats["purpose"].search(_QUOTED.sub("", sent.text[clause_start:m.end("name")])):
                continue
            pos = sent.start + m.start("name") + max(0, m.group("name").find(name))
            if len(name) < 4 or pats["held_verb"].search(name) or pos in taken:
                continue
            place = _place(m.group("between") or "")
            if place is None and any(w in (m.group("between") or "") for w in rules.words("meetings", "here_words")):
                place = _venue(sent.text[:m.start("name")])
            found.append((pos, _meeting(doc, sent, name, pos, place, None, anchors)))
        for m in pats["bare_before"].finditer(sent.text):  # 3月5日，会议在某礼堂召开: named elsewhere (the headline)
            pos = sent.start + m.start("name")
            generic.append((pos, _meeting(doc, sent, m.group("name"), pos, _place(m.group("between") or ""), None,
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
    name = _clean_name(doc.title.strip().rstrip("。!！"))
    spoken_at = _patterns()["spoken_at"].search(name)
    if spoken_at:  # 某某在某某会议上强调: the meeting the report's speech was given at
        name = _clean_name(spoken_at.group("name"))
    if len(name) < 4 or not _patterns()["head"].search(name) or _patterns()["head"].search(name).end() != len(name):
        return []
    if _patterns()["held_verb"].search(name) or _patterns()["join_verb"].search(name):
        return []
    pos = doc.text.find(name)
    if pos < 0:
        return []
    sent = sents.containing(pos)
    return [(pos, _meeting(doc, sent, name, pos, None, None, anchors, dated=False))]


def _joined(doc: Document, sents: list[Sentence], anchors: list[dt.date]) -> list[tuple[int, Meeting]]:
    """With no held verb: the meeting someone joined in the report's opening sentences (某局长出席某会议)."""
    pats = _patterns()
    for sent in sents[:4]:
        if _background().match(sent.text):
            continue
        for verb in pats["join_verb"].finditer(sent.text):
            name = _name_at(sent.text, verb.end())
            if name is None:
                continue
            after = sent.text[verb.end() + len(name):verb.end() + len(name) + 1]
            name = _clean_name(name)
            # 与参加某表彰大会的代表座谈: the meeting qualifies who, it is not the one joined here
            if len(name) < 4 or after in rules.words("meetings", "qualifier") \
                    or _is_reference_context(doc.text, None, sent.start + verb.start()):
                continue
            pos = sent.start + verb.end()
            return [(pos, _meeting(doc, sent, name, pos, None, None, anchors))]
    return []


@cache
def _background() -> re.Pattern[str]:
    return re.compile(rules.alt('meetings', 'background_cues'))


@cache
def _bare_name() -> re.Pattern[str]:
    # the kind alone: as a sentence's first word (座谈会上,) or right after who chaired or joined it
    joined = "|".join(f"(?<={re.escape(v)})" for v in rules.words("meetings", "join_verbs"))
    return re.compile(rf"(?:^|{joined})(?:{_alt('meeting_bare_names.txt')})"
                      rf"(?={rules.alt('meetings', 'bare_name_tails')}|[，,。；])")


@cache
def _named_opening() -> re.Pattern[str]:
    """启动仪式上， / 表彰大会结束后: a sentence opening on a short event name (a word and a head)."""
    return re.compile(rf"^(?:{rules.alt('meetings', 'place_marks')})?"
                      rf"(?P<name>(?!{rules.alt('meetings', 'determiners')})(?!{rules.alt('meetings', 'name_openers')})"
                      rf"[\u4e00-\u9fff]{{2,4}}(?:{_alt('meeting_suffixes.txt')}))"
                      rf"(?={rules.alt('meetings', 'bare_name_tails')}|[，,])")


def _bare(doc: Document, sents: list[Sentence], anchors: list[dt.date]) -> list[tuple[int, Meeting]]:
    """A report that names no meeting it held but speaks of one by its kind alone (主持座谈会), or
    opens a sentence on a short event name (启动仪式上): that one."""
    for pattern in (_bare_name(), _named_opening()):
        for sent in sents:
            m = pattern.search(sent.text)
            if m:
                name = m.group("name") if "name" in pattern.groupindex else m.group()
                pos = sent.start + (m.start("name") if "name" in pattern.groupindex else m.start())
                return [(pos, _meeting(doc, sent, name, pos, None, None, anchors))]
    return []


def _squash(name: str) -> str:
    """A name without its spaces: a headline's “8.31” 工程 and the body's “8.31”工程 name one meeting."""
    return "".join(name.split())


def _merge(a: Meeting, b: Meeting) -> Meeting:
    """One meeting named twice (headline and body): the fuller name, the dated mention's date."""
    dated, other = (a, b) if a.date_text or not b.date_text else (b, a)
    name = a.name if len(_squash(a.name)) >= len(_squash(b.name)) else b.name
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


def _meeting(doc: Document, sent: Sentence | None, name: str, pos: int, place: str | None,
             organizer: str | None, anchors: list[dt.date], dated: bool = True) -> Meeting:
    """A held meeting with the date its sentence gives, completed from the report's anchors."""
    date = None
    date_text = None
    if sent is not None and dated:
        news = _patterns()["news_cue"]
        # the day in the body beats the news line's (据某网12月18日消息，某某17日在京主持召开)
        written = [p for p in dates.in_sentence(sent.text) if not news.match(sent.text, p.end)]
        if written:
            part = written[0]
            date_text = part.text
            date = dates.complete(part, anchors, _year_hint(doc, name))
    if date is None and date_text is None and (dated or sent is None or sent.index > 0):
        # no day in the sentence: the report is dated by its news line (东北网5月22日讯), else its dateline;
        # 昨天/昨日 count back from that date
        date = anchors[0] if anchors else None
        relative = dates.relative_day(sent.text[:max(pos - sent.start, 0) + len(name) + 12], date) \
            if date is not None and sent is not None else None
        if relative:
            date, date_text = relative
    if organizer and places.lookup(organizer) is None and not re.search(f"(?:{_alt('org_suffixes.txt')})$", organizer):
        organizer = None
    span = Span(doc.doc_id, sent.index if sent else -1, pos, pos + len(name))
    return Meeting(name=name, reported=True, date=date, date_text=date_text, place=place,
                   organizer=organizer, level=_level(name), span=span)


def _is_reference_context(text: str, meeting: Meeting | None, start: int | None = None) -> bool:
    """A meeting named right after 传达/学习/贯彻…: the one whose spirit is studied, not held."""
    if start is None:
        start = meeting.span.start if meeting is not None and meeting.span else 0
    return bool(re.search(rf"(?:{rules.alt('meetings', 'reference_verbs')})[^。]{{0,30}}$", text[max(0, start - 30):start]))


@cache
def _reference_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    heads = f"{rules.alt('meetings', 'reference_heads')}|{_alt('meeting_suffixes.txt')}"
    m = lambda key: rules.alt("meetings", key)  # noqa: E731
    name = re.compile(rf"[^，,。；;、\n“”《》（）()]{{2,40}}?(?:{heads})(?!{m('head_not_before')})")
    # 区委政法委书记某某主持会议 is a person chairing, not a meeting's name; 局长会议 is a name
    person_act = re.compile(rf"{m('join_verbs')}|{m('person_acts')}|(?:{_alt('titles.txt')})(?!{_alt('meeting_suffixes.txt')})")
    start = re.compile(rf"(?:{m('reference_starts')}|\d{{4}}年|(?:(?!{m('level_mark')}).){{2,8}}(?:{m('place_suffixes')}))")
    return name, person_act, start


def _referenced(doc: Document, sents: list[Sentence], reported: set[str]) -> list[Meeting]:
    out: dict[str, Meeting] = {}
    pattern, person_act, start = _reference_patterns()
    head = _patterns()["head"]
    matches = ((s, m) for s in sents if head.search(s.text) for m in pattern.finditer(s.text))
    for sent, m in matches:
        name = _left_trim(_clean_name(m.group()))
        if len(name) < 4 or any(name in r or r in name for r in reported) or name in out:
            continue
        if person_act.search(name) or not start.match(name):
            continue
        end = sent.start + m.end()
        span = Span(doc.doc_id, sent.index, end - len(name), end)
        out[name] = Meeting(name=name, reported=False, level=_level(name), span=span)
    return list(out.values())


def _honours(doc: Document, sents: list[Sentence], meeting: str) -> list[Honour]:
    cue = re.compile(_alt("honour_cues.txt"))
    won = re.compile(rules.alt('meetings', 'honour_stops'))
    out = []
    for s in sents:
        if cue.search(s.text) and not won.search(s.text):
            out.append(Honour(meeting, s.text, None, Span(doc.doc_id, s.index, s.start, s.end)))
    return out
