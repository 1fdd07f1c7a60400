"""The shape of a sentence about a meeting: the patterns of its frames, and its name.

A name is an open class: any phrase ending in one of the heads meetings take
(``meeting_suffixes.txt``), quotes and brackets kept whole (召开“某某”座谈会, 党委(扩大)会).
The patterns here are shared by the reading of held meetings, their dates and places.
"""
from __future__ import annotations

import re
from functools import cache

from .. import lexicon, rules

_BOUNDARY = "，,。；;！!？?\n"
_OPEN, _CLOSE = "“《(（「『\"", "”》)）」』\""
# headline decoration and breadcrumbs before a name: 笃行实干勇担当 乘势而上谋发展——|2024年全区公安工作会议
_HEADLINE_CUT = re.compile(r".*(?:——|--|>|＞|•|·|\||：|:)\s*")
_SECTION_TAG = re.compile(r"^[【\[][^】\]\n]{1,12}[】\]]\s*")  # 【要闻】 before a headline: the site's section


def _alt(name: str) -> str:
    return lexicon.alternation(name)


@cache
def patterns() -> dict[str, re.Pattern[str]]:
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


def name_at(text: str, start: int) -> str | None:
    """The meeting's name that starts at ``start``: up to its head (and a 暨 that joins a second)."""
    right = _clause_right(text, start)
    head = patterns()["head"]
    m = head.search(right)
    if m is None:
        return None
    end = m.end()
    while True:  # 常委会会议: a head right after a head; 誓师大会暨某某演练: one event of two parts
        nxt = head.match(right, end) or patterns()["qualified_head"].match(right, end)
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
    if patterns()["opener"].match(name):
        return None
    return name


def clean_name(name: str) -> str:
    name = name.strip(" \u3000\t")
    if name.startswith("“") and name.endswith("”") and name.count("“") == 1:
        name = name[1:-1]  # “向人民报告—某某英模事迹报告会”隆重举行: the quoted name itself
    name = _SECTION_TAG.sub("", _HEADLINE_CUT.sub("", name))
    name = patterns()["news_line"].sub("", name)  # 新华社北京5月22日电  某某座谈会…在上海召开
    name = patterns()["news_source"].sub("", name)  # 本报讯 某某会议…举行
    name = patterns()["lead_date"].sub("", name).lstrip("，,、 ")
    name = name.strip()
    modifier = patterns()["modifier"].match(name)
    if modifier and patterns()["head"].search(name, modifier.end()) and len(name) - modifier.end() >= 4:
        name = name[modifier.end():]  # 由某局共同开展的某颁奖仪式, 以某某为主题的某会议: the name after it
    for word in rules.words("meetings", "determiners"):  # 举办此次某轮训班: the one named before
        if name.startswith(word) and len(name) > len(word) + 2:
            return name[len(word):]
    return name


def left_trim(name: str) -> str:
    """Drop what precedes a referenced meeting's name: 按照|全国公安厅局长会议."""
    cut = 0
    for stop in rules.words("meetings", "name_stops"):
        k = name.rfind(stop)
        if k >= 0:
            cut = max(cut, k + len(stop))
    return name[cut:]


def level_of(name: str) -> str | None:
    m = re.search(_alt("meeting_levels.txt"), name)
    return m.group() if m else None


def squashed(name: str) -> str:
    """A name without its spaces: a headline's “8.31” 工程 and the body's “8.31”工程 name one meeting."""
    return "".join(name.split())


def holds_name(outer: str, inner: str) -> bool:
    """One name holds the other, whole or with words left out (2024年第3次集体学习会议 in
    2024年第3次 党委理论学习中心组集体学习会议): the headline and the body naming one meeting."""
    inner, outer = squashed(inner), squashed(outer)
    if inner in outer:
        return True
    if len(inner) < 6 or not (patterns()["head"].search(inner[-4:]) and outer.endswith(inner[-2:])):
        return False
    rest = iter(outer)
    return inner[0] == outer[0] and all(ch in rest for ch in inner)
