"""Perturbation tests (the CheckList method): every frame the extractors know, with generated fillers.

A rule tested only on the sentence that showed it may be a fit. Here each frame is filled by a seeded
generator from the lexicon (surnames, titles, organization suffixes, meeting heads, meeting levels,
places) and from the word lists below, and the extraction must follow every change exactly: the
person, the posts, the role, the meeting's name, date, place and organizer, the dateline's year, the
directives and their issuer are the generated ones, no more and no fewer.

Frames: (a) title chain + name + role verb; (b) a meeting held by an organizer at a place on a date;
(c) dateline shapes give the year; (d) enumerated directives with their issuer. Variants of a frame the
extractors do not handle yet are kept as xfail tests that name what is missing (none at present).
"""
from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from functools import cache

import pytest

from kgraph import ingest, lexicon, pipeline, places
from kgraph.facts import Extraction
from tests.conftest import make_doc

# ---- fillers -------------------------------------------------------------------------------

# Characters of given names (one or two make a given name); none is a function word or a cue verb.
GIVEN_CHARS = ("明华军建国志强平海勇杰涛斌波辉刚林峰磊超鹏宇浩俊文东晓春红玉兰芳丽霞燕娟敏静洁婷雪琳飞龙云"
               "鸿亮宏庆德成宁安康永福瑞祥新立振兴中光荣进学利清正胜世锋远卫彬旭阳晨博维继凯坤鑫岩松柏江川"
               "山源泉洪群秀英凤梅桂菊莉萍慧颖倩蓉丹琪璐瑶娜雯彦彤琦")
# Given names that are also ordinary words (孟维护, 王建设): the name must not be read as the word.
WORD_GIVEN = ("建国", "国庆", "志强", "海燕", "振华", "维护", "平安", "文明", "红旗", "光明", "立新", "卫东", "建设",
              "胜利", "长江", "春雨", "明亮", "发展", "安全", "新华", "保国", "爱民", "前进", "东方", "海洋", "正义",
              "先锋", "中华", "宏伟", "自强", "通达")
# Characters that are also conjunctions or prepositions: a name holding one is a harder case, kept apart.
FUNCTION_CHARS = set("和与及为在对将把被同")
# The head title of a unit's government at each level, and how the unit writes its party committee.
GOVERNMENT = {"省": "省长", "市": "市长", "县": "县长", "区": "区长", "旗": "旗长", "州": "州长"}
TOPICS = ("公安工作", "禁毒工作", "安保维稳工作", "交通安全工作", "政法工作", "反诈工作", "消防安全工作", "治安管理工作",
          "扫黑除恶工作", "信访维稳工作", "基层基础工作", "队伍建设工作")
ROOMS = ("三楼会议室", "指挥中心会议室", "市局警官培训中心", "县委党校报告厅", "市民广场", "五楼视频会议室", "警务实战训练基地")
# Directive fillers: what is demanded, then how (一要{demand},{how}).
DEMANDS = ("始终把政治建警放在首位", "守牢安全稳定底线", "织密治安防控网络", "聚焦主责主业", "严格公正规范执法",
           "源头化解矛盾纠纷", "主动服务发展大局", "加快提升科技战斗力", "突出重点、抓住关键", "从严管理、暖心关爱",
           "正视差距、补齐短板", "理清思路、明确目标", "夯实基层基础", "提升应急处突能力", "推进智慧警务建设",
           "深化警务机制改革", "加强班子自身建设", "锤炼过硬本领", "营造清朗风气", "激发队伍活力")
HOWS = ("严密防范各类风险,守住政治安全、社会安定、人民安宁", "盯住重点人员、重点部位,把巡逻防控做在前头",
        "抓早抓小、就地化解,把矛盾解决在萌芽状态", "理顺指挥调度体系,用好数据资源,让基层减负增效",
        "坚持从严治警与从优待警并重,把纪律规矩挺在前面", "摸清底数、找准症结,做到底数清、情况明、措施实",
        "用好信息化手段,打深打透犯罪链条", "坚持打防结合、以防为先,让群众安全感更有保障",
        "坚持大抓基层的鲜明导向,推动警力下沉、保障下倾", "以提高执法质量为目标,健全执法监督管理闭环",
        "早谋划、早部署、早落实,牢牢把握工作主动权", "建立任务清单、责任清单,一项一项推动落实",
        "落实从优待警各项措施,选树身边典型", "规范执法办案全流程,让群众感受到公平正义")
NUMERALS = "一二三四五六七八九"
ISSUERS = ("县委书记", "市委副书记、市长", "副县长、县公安局局长", "市委常委、政法委书记")
# A role verb phrase after a name, and the roles it shows besides attending.
ROLE_PHRASES = (
    ("主持会议", {"presided"}), ("出席会议", set()), ("参加会议", set()), ("出席会议并讲话", {"spoke"}),
    ("出席会议并致辞", {"spoke"}), ("主持会议并讲话", {"presided", "spoke"}), ("作工作报告", {"spoke"}),
    ("通报了全年工作情况", {"spoke"}), ("部署了下一阶段工作", {"spoke"}), ("在会上讲话", {"spoke"}),
    ("作了专题辅导", {"spoke"}), ("宣读了表彰决定", {"spoke"}), ("到会指导", set()), ("主持大会", {"presided"}),
    ("主持座谈会", {"presided"}), ("作动员讲话", {"spoke"}), ("作表态发言", {"spoke"}), ("作交流发言", {"spoke"}),
    ("致辞", {"spoke"}), ("作述职报告", {"spoke"}), ("作了题为《守正创新 担当作为》的报告", {"spoke"}),
    ("对全年工作进行了部署", {"spoke"}), ("宣布仪式开始", {"spoke"}), ("宣布启动仪式开始", {"spoke"}),
    ("致开幕词", {"spoke"}), ("致欢迎辞", {"spoke"}), ("讲专题党课", {"spoke"}), ("交流发言", {"spoke"}),
)
# Speaking verbs that follow a name bare and are not among the words the name reader stops at.
UNLISTED_FOLLOWERS = (("点评", {"spoke"}), ("下达动员令", {"spoke"}), ("讲评", {"spoke"}))


@cache
def _surnames() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lexicon's surnames: single ones (function words aside) and compound ones."""
    words = lexicon.words("surnames.txt")
    return (tuple(sorted(s for s in words if len(s) == 1 and s not in FUNCTION_CHARS)),
            tuple(sorted(s for s in words if len(s) == 2)))


def _lexicon_word(word: str, name: str) -> str:
    """A filler that must be the lexicon's: the test follows the data, and says so when the data moves."""
    assert word in lexicon.words(name), f"{word} is no longer in ontology/lexicon/{name}"
    return word


def _title(word: str) -> str:
    return _lexicon_word(word, "titles.txt")


def _org(word: str) -> str:
    return _lexicon_word(word, "org_suffixes.txt")


def plain_name(r: random.Random) -> str:
    """2-4 characters: a lexicon surname (one in five compound) and one or two given-name characters."""
    single, compound = _surnames()
    surname = r.choice(compound) if r.random() < 0.2 else r.choice(single)
    return surname + "".join(r.choice(GIVEN_CHARS) for _ in range(r.choice((1, 2, 2))))


def word_name(r: random.Random) -> str:
    """A single surname and a given name that is also a word: 王建设."""
    return r.choice(_surnames()[0]) + r.choice(WORD_GIVEN)


def title_chain(r: random.Random, lv: str) -> list[str]:
    """One to three posts as a report writes them before a name, each made of lexicon words."""
    head = _title(GOVERNMENT[lv])
    police, party = _org("公安局"), _org(f"{lv}委")
    chains = [
        [party + _title("书记")],
        [party + _title("副书记"), head],
        [_title("副" + head), lv + police + _title("局长")],
        [party + _title("常委"), _org("政法委") + _title("书记")],
        [lv + police + _org("党委") + _title("书记"), _title("局长")],
        [lv + police + _org("党委") + _title("副书记"), _title("政委")],
        [lv + police + _org("党委") + _title("委员"), _title("副局长")],
        [_title("副" + head), lv + police + _org("党委") + _title("书记"), _title("局长")],
        [lv + _org("人民法院") + _title("院长")],
        [lv + _org("人民检察院") + _title("检察长")],
        [lv + _org("司法局") + _title("局长")],
        [lv + _org("政协") + _title("主席")],
        [lv + _org("人大常委会") + _title("主任")],
        [lv + police + _org("刑侦支队") + _title("支队长")],
    ]
    return r.choice(chains)


def meeting_name(r: random.Random, heads: tuple[str, ...] | None = None) -> tuple[str, str]:
    """(name, level): a lexicon level, a topic and a meeting head (the lexicon's unless given)."""
    level = r.choice(["全省", "全市", "全县", "全区", "全旗", "全州"])
    assert level in lexicon.words("meeting_levels.txt")
    head = r.choice(heads or lexicon.words("meeting_suffixes.txt"))
    topic = r.choice(TOPICS)
    if head.startswith(topic[-2:]):  # 工作 + 工作会议
        topic = topic[:-2]
    return level + topic + head, level


@cache
def _counties() -> tuple[str, ...]:
    """County names of the gazetteer short enough to be written in a 在…召开 clause."""
    return tuple(sorted(p.name for p in places.places().values()
                        if p.level == "county" and p.name.endswith("县") and len(p.name) <= 5))


@cache
def _cities() -> tuple[str, ...]:
    return tuple(sorted(p.name for p in places.places().values() if p.level == "city" and p.name.endswith("市")))


def organizer(r: random.Random) -> str:
    """Who holds a meeting: a city, or a county's police bureau."""
    if r.random() < 0.5:
        return r.choice(_cities())
    return r.choice(_counties())[:-1] + "县" + _org("公安局")


def a_date(r: random.Random) -> dt.date:
    return dt.date(r.randint(2012, 2025), r.randint(1, 12), r.randint(1, 25))


def extract(text: str, date: dt.date | None = None) -> Extraction:
    return pipeline.extract(make_doc(text, date=date))


@pytest.fixture
def r(request) -> random.Random:
    """A fresh generator from the variant's seed, so a variant reads the same on every run."""
    return random.Random(request.param)


def variants(frame: str, n: int):
    """Parametrize a test over n seeds of one frame; the id names the seed."""
    return pytest.mark.parametrize("r", [f"{frame}:{i}" for i in range(n)], ids=[f"{frame}-{i}" for i in range(n)],
                                   indirect=True)


# ---- (a) title chain + name + role verb ---------------------------------------------------------

@dataclass(frozen=True)
class Officials:
    text: str
    persons: list[str]
    posts: list[tuple[str, str]]
    roles: set[tuple[str, str]]


def officials_frame(r: random.Random, name_of=plain_name, form: str | None = None) -> Officials:
    lv = r.choice(list(GOVERNMENT))
    meeting, _ = meeting_name(r)
    day = a_date(r)
    lead = f"{day.month}月{day.day}日,{meeting}召开。"
    form = form or r.choice(("verb", "by", "pair", "coordination"))
    chain, name = title_chain(r, lv), name_of(r)
    if form == "verb":
        phrase, roles = r.choice(ROLE_PHRASES)
        sentence = "、".join(chain) + name + phrase + "。"
        return Officials(lead + sentence, [name], [(name, p) for p in chain],
                         {(name, role) for role in roles | {"attended"}})
    if form == "by":
        sentence = "会议由" + "、".join(chain) + name + "主持。"
        return Officials(lead + sentence, [name], [(name, p) for p in chain],
                         {(name, "presided"), (name, "attended")})
    other_chain, other = title_chain(r, lv), name_of(r)
    while other == name:
        other = name_of(r)
    if form == "pair":  # one verb at the end of the list
        sentence = "、".join(chain) + name + "," + "、".join(other_chain) + other + "出席会议。"
        roles = {(name, "attended"), (other, "attended")}
    else:  # each verb keeps its own subject: the first attended, only the second presided
        sentence = "、".join(chain) + name + "出席会议," + "、".join(other_chain) + other + "主持会议。"
        roles = {(name, "attended"), (other, "attended"), (other, "presided")}
    return Officials(lead + sentence, [name, other],
                     [(name, p) for p in chain] + [(other, p) for p in other_chain], roles)


def check_officials(case: Officials) -> None:
    ex = extract(case.text, dt.date(2024, 12, 31))
    got = ([p.name for p in ex.persons], [(p.person, p.label) for p in ex.posts],
           {(x.person, x.role) for x in ex.roles})
    assert got == (case.persons, case.posts, case.roles), case.text


@variants("officials", 40)
def test_a_title_chain_a_name_and_a_role_verb(r):
    check_officials(officials_frame(r))


@variants("listed-officials", 30)
def test_officials_listed_with_list_marks_each_keep_their_posts(r):
    """县法院院长某某、县检察院检察长某某出席会议: the second's organization is no name listed after the first."""
    lv = r.choice(list(GOVERNMENT))
    meeting, _ = meeting_name(r)
    short = (("法院", "院长"), ("检察院", "检察长"), ("司法局", "局长"), ("公安局", "局长"), ("公安分局", "政委"),
             ("法院", "副院长"), ("检察院", "副检察长"))
    people = []
    while len(people) < r.randint(2, 3):
        org, title = r.choice(short)  # the short form a list writes: 区检察院检察长
        chain = title_chain(r, lv) if r.random() < 0.4 else [lv + org + title]
        name = plain_name(r)
        if name not in {n for _, n in people}:
            people.append((chain, name))
    text = f"3月5日,{meeting}召开。" + "、".join("、".join(c) + n for c, n in people) + r.choice(("出席会议", "参加会议")) + "。"
    check_officials(Officials(text, [n for _, n in people], [(n, p) for c, n in people for p in c],
                              {(n, "attended") for _, n in people}))


@variants("joined-by-he", 25)
def test_two_officials_joined_by_he_keep_their_own_posts(r):
    """县委书记某某和县长某某: 和县 is a county's name, but before a title 和 joins two people."""
    lv = r.choice(list(GOVERNMENT))
    first, second = (title_chain(r, lv), plain_name(r)), ([r.choice((lv + GOVERNMENT[lv][-1], GOVERNMENT[lv]))]
                                                         if r.random() < 0.6 else title_chain(r, lv), plain_name(r))
    if first[1] == second[1]:
        return
    text = (f"3月5日,全{lv}公安工作会议召开。{'、'.join(first[0])}{first[1]}和{'、'.join(second[0])}{second[1]}"
            f"{r.choice(('出席会议', '参加会议'))}。")
    check_officials(Officials(text, [first[1], second[1]], [(n, p) for c, n in (first, second) for p in c],
                              {(first[1], "attended"), (second[1], "attended")}))


@variants("two-held-alike", 16)
def test_two_meetings_the_body_holds_stay_two_however_alike_their_words(r):
    """全市公安工作会议召开。会前，召开了全市公安机关党风廉政建设工作会议: the first is the report's."""
    lv = r.choice(list(GOVERNMENT))
    topic = r.choice(TOPICS)
    first = f"全{lv}{topic}会议"
    second = f"全{lv}公安机关{r.choice(('党风廉政建设', '队伍建设', '安全生产'))}{topic}会议"
    text = (f"3月5日,{first}召开。会议总结了去年工作。{r.choice(('会前', '会后', '随后'))},"
            f"{r.choice(('', '还'))}召开了{second}。")
    ex = extract(text, dt.date(2024, 3, 6))
    assert [m.name for m in ex.meetings if m.reported][:1] == [first], text
    assert first in {m.name for m in ex.meetings} and second in {m.name for m in ex.meetings}, text


@variants("sessions-at-once", 16)
def test_a_meeting_held_at_once_in_its_sessions_has_no_place_of_them(r):
    """在主会场和各分会场同步召开 names sessions, not a place; 在某地同步召开 still names the place."""
    name, _ = meeting_name(r)
    adverb = r.choice(("同步", "同时"))
    if r.random() < 0.5:
        where, place = r.choice(("主会场和各分会场", "主会场及各分会场", "各分会场")), None
    else:
        where = place = r.choice(ROOMS + tuple(p.name for p in r.sample(sorted(places.places().values(),
                                                                              key=lambda p: p.adcode), 3)))
    text = f"3月5日,{name}在{where}{adverb}召开。"
    ex = extract(text, dt.date(2024, 3, 6))
    assert [(m.name, m.place) for m in ex.meetings if m.reported] == [(name, place)], text


@variants("on-behalf-of", 15)
def test_the_post_of_someone_on_whose_behalf_another_speaks(r):
    """某某受县委书记某某委托讲话: the verb before the second chain is no part of that post, and only the first spoke."""
    lv = r.choice(list(GOVERNMENT))
    (c1, n1), (c2, n2) = (title_chain(r, lv), plain_name(r)), (title_chain(r, lv), plain_name(r))
    if n1 == n2:
        return
    text = (f"3月5日,全{lv}公安工作会议召开。{'、'.join(c1)}{n1}受{'、'.join(c2)}{n2}{r.choice(('', '的'))}委托"
            f"{r.choice(('讲话', '作讲话'))}。")
    ex = extract(text, dt.date(2024, 3, 6))
    assert [(p.person, p.label) for p in ex.posts] == [(n1, p) for p in c1] + [(n2, p) for p in c2], text
    # the one on whose behalf the speech is given was not there
    assert {(x.person, x.role) for x in ex.roles} == {(n1, "spoke"), (n1, "attended")}, text


@variants("title-qualifier", 25)
def test_a_note_in_brackets_between_title_and_name(r):
    """副局长（主持工作）某某主持会议: the note says how the post is held; it is no act and hides no name."""
    lv = r.choice(list(GOVERNMENT))
    chain, name = title_chain(r, lv), plain_name(r)
    note = r.choice(("（主持工作）", "（正处级）", "（挂职）", "(兼)", "（副厅级）", "(主持工作)"))
    phrase, roles = r.choice(ROLE_PHRASES)
    text = f"3月5日,全{lv}公安工作会议召开。" + "、".join(chain) + note + name + phrase + "。"
    check_officials(Officials(text, [name], [(name, p) for p in chain], {(name, role) for role in roles | {"attended"}}))


@variants("label-intro-names", 20)
def test_names_introduced_after_a_group_label(r):
    """出席会议的县领导有：某某、某某: the names come after the word that introduces them, with the intro's role."""
    lv = r.choice(list(GOVERNMENT))
    names = []
    while len(names) < r.randint(2, 4):
        name = plain_name(r)
        if name not in names:
            names.append(name)
    cue, role = r.choice((("出席会议", "attended"), ("参加会议", "attended"), ("出席", "attended")))
    intro = r.choice(("有", "有：", "还有", "分别是", "是"))
    text = f"3月5日,全{lv}公安工作会议召开。{cue}的{lv}领导{intro}{'、'.join(names)}。"
    ex = extract(text, dt.date(2024, 3, 6))
    assert ([p.name for p in ex.persons], {(x.person, x.role) for x in ex.roles}) == \
        (names, {(n, role) for n in names}), text


@variants("gave-a-speech", 20)
def test_a_speech_given_with_an_aspect_particle_is_speaking(r):
    """某某作了重要讲话 / 出席并作了重要讲话: given here, whatever particle stands between."""
    lv = r.choice(list(GOVERNMENT))
    chain, name = title_chain(r, lv), plain_name(r)
    verb = r.choice(("作", "做", "发表")) + r.choice(("了", ""))
    if r.random() < 0.5:
        text = f"3月5日,全{lv}公安工作会议召开。{'、'.join(chain)}{name}出席会议并{verb}重要讲话。"
    else:
        text = f"3月5日,全{lv}公安工作会议召开。{'、'.join(chain)}{name}出席会议。会上,{name}{verb}重要讲话。"
    ex = extract(text, dt.date(2024, 3, 6))
    assert {(x.person, x.role) for x in ex.roles} == {(name, "attended"), (name, "spoke")}, text


@variants("word-names", 25)
def test_a_given_name_that_is_a_word_stays_a_name(r):
    check_officials(officials_frame(r, word_name))


@variants("name-before-title", 20)
def test_a_person_named_again_before_a_short_title(r):
    """区委书记王明出席会议。会议由王明书记主持: the second mention is the same person, presiding."""
    lv = r.choice(list(GOVERNMENT))
    chain, name = title_chain(r, lv), plain_name(r)
    short = chain[-1][-2:] if chain[-1][-2:] in lexicon.words("titles.txt") else "同志"
    text = (f"3月5日,全{lv}公安工作会议召开。" + "、".join(chain) + name + "出席会议。"
            f"会议由{name}{short}主持。")
    check_officials(Officials(text, [name], [(name, p) for p in chain], {(name, "attended"), (name, "presided")}))


@variants("compound-word-names", 12)
def test_a_compound_surname_and_a_word_given_name(r):
    check_officials(officials_frame(r, lambda g: g.choice(_surnames()[1]) + g.choice(("建国", "平安", "光明", "振华", "国庆"))))


@variants("given-he", 10)
def test_a_given_name_ending_in_he(r):
    check_officials(officials_frame(r, lambda g: g.choice(_surnames()[0]) + g.choice("永春德正天泰") + "和"))


# Syllables of transliterated (Uyghur, Kazakh, Mongolian…) names, invented into parts of 1-5.
TRANSLIT = "阿艾买提力吐尔逊热合曼古丽努兰克木拜依明巴海西库斯江别克那孜卡米拉乌孜塔"
JOINERS = "·•・"


def transliterated_name(r: random.Random) -> str:
    """Two parts joined by a dot, as the report writes it: 艾力·吐尔逊 (the dot in any of its forms)."""
    part = lambda: "".join(r.choice(TRANSLIT) for _ in range(r.randint(2, 5)))  # noqa: E731
    return part() + r.choice(JOINERS) + part()


@variants("intro-inline", 12)
def test_people_named_after_who_they_are_in_one_clause(r):
    """参加会议的有某局长某某、某某 / 主持会议的是某某: the intro and the names in one clause."""
    lv = r.choice(list(GOVERNMENT))
    (c1, n1), (c2, n2) = (title_chain(r, lv), plain_name(r)), (title_chain(r, lv), plain_name(r))
    while n2 == n1:
        n2 = plain_name(r)
    intro, role = r.choice((("参加会议的有", "attended"), ("出席会议的领导还有", "attended"),
                            ("出席会议的有", "attended")))
    if r.random() < 0.3:
        text = f"3月5日,全{lv}公安工作会议召开。主持会议的是{'、'.join(c1)}{n1}。"
        expected = {(n1, "presided"), (n1, "attended")}
    else:
        text = f"3月5日,全{lv}公安工作会议召开。{intro}{'、'.join(c1)}{n1}、{'、'.join(c2)}{n2}{r.choice(('', '等'))}。"
        expected = {(n1, role), (n2, role)}
    ex = extract(text, dt.date(2024, 3, 6))
    assert {(x.person, x.role) for x in ex.roles} == expected, text


@variants("relays-someone-s-instruction", 12)
def test_a_speaker_who_relays_someone_else_s_instruction_spoke(r):
    """某某在会上传达某某批示并讲话: the instruction is the other's, the speaking is the speaker's."""
    lv = r.choice(list(GOVERNMENT))
    chain, name, other = title_chain(r, lv), plain_name(r), plain_name(r)
    while other == name:
        other = plain_name(r)
    what = r.choice(("批示", "重要批示", "指示精神"))
    text = (f"3月5日,全{lv}政法工作会议召开。{'、'.join(chain)}{name}{r.choice(('在会上', ''))}"
            f"传达{r.choice(('', '了'))}{other}{what}{r.choice(('并讲话', ',并作讲话'))}。")
    ex = extract(text, dt.date(2024, 3, 6))
    assert {(x.person, x.role) for x in ex.roles} == {(name, "attended"), (name, "spoke")}, text


@variants("transliterated", 25)
def test_a_transliterated_name_of_any_length_and_dot(r):
    check_officials(officials_frame(r, transliterated_name))


@variants("transliterated-list", 10)
def test_transliterated_names_listed_before_who_they_are(r):
    names = [r.choice((transliterated_name, plain_name))(r) for _ in range(r.randint(2, 4))]
    while len(set(names)) < len(names):
        names = [transliterated_name(r) for _ in names]
    text = f"3月5日,全区公安工作会议召开。{'、'.join(names)}等{r.choice(('县领导', '领导同志'))}出席会议。"
    ex = extract(text, dt.date(2024, 3, 6))
    assert ([p.name for p in ex.persons], {(x.person, x.role) for x in ex.roles}) == \
        (names, {(n, "attended") for n in names}), text


@variants("body-leaders", 16)
def test_names_listed_after_the_bodies_they_lead(r):
    """甲市、乙军分区、丙县领导某某、某某等出席会议: no post, but each is a person who attended."""
    def body(g: random.Random) -> str:
        place = g.choice(_cities() + _counties())
        return g.choice((place, place + "委", place + "人民政府", place[:-1] + "军分区", place + "公安局"))
    bodies = "、".join(body(r) for _ in range(r.randint(1, 3)))
    names = list(dict.fromkeys(r.choice((plain_name, word_name, transliterated_name))(r) for _ in range(r.randint(2, 6))))
    close = r.choice(("等出席会议", "出席会议", "等参加会议"))
    text = f"3月5日,全市公安工作会议召开。{bodies}领导{'、'.join(names)}{close}。"
    ex = extract(text, dt.date(2024, 3, 6))
    assert ([p.name for p in ex.persons], {(x.person, x.role) for x in ex.roles}) == \
        (names, {(n, "attended") for n in names}), text


@cache
def _dictionary_names() -> tuple[str, ...]:
    """Three-character words jieba's dictionary tags as names and opens with a lexicon surname."""
    from kgraph.segment import word_tags

    single = set(_surnames()[0])
    return tuple(sorted(w for w, tag in word_tags().items()
                        if tag == "nr" and len(w) == 3 and w[0] in single and all("\u4e00" <= c <= "\u9fff" for c in w)))


@variants("weak-title", 20)
def test_a_name_after_a_weak_title(r):
    """某地公安局民警某某作报告: 民警 is also a plain noun, so only a name-shaped word after it is a person."""
    weak = r.choice(lexicon.words("titles_weak.txt"))
    name = r.choice((plain_name, word_name, lambda g: g.choice(_dictionary_names()), transliterated_name))(r)
    org = r.choice(_cities()) + _org("公安局")
    phrase, roles = r.choice((("作报告", {"spoke"}), ("发言", {"spoke"}), ("参加会议", set())))
    text = f"3月5日,全市公安英模事迹报告会召开。{org}{weak}{name}{phrase}。"
    ex = extract(text, dt.date(2024, 3, 6))
    assert ([p.name for p in ex.persons], [(p.person, p.label) for p in ex.posts]) == \
        ([name], [(name, org + weak)]), text
    assert {(x.person, x.role) for x in ex.roles} == {(name, role) for role in roles | {"attended"}}, text


@variants("weak-title-noun", 10)
def test_a_weak_title_before_a_verb_phrase_is_no_person(r):
    weak = r.choice(lexicon.words("titles_weak.txt"))
    rest = r.choice(("荣获表彰", "荣立三等功", "积极参与", "全力以赴", "受到表扬"))
    ex = extract(f"3月5日,全市公安表彰大会召开。{r.choice(('全体', '一线', ''))}{weak}{rest}。", dt.date(2024, 3, 6))
    assert [p.name for p in ex.persons] == [], rest


@cache
def _places_opening_with_a_stop() -> tuple[str, ...]:
    """Gazetteer places whose first character also ends a post read leftwards (和田地区, 同江市, 将乐县)."""
    stops = {w for w in lexicon.words("post_left_stops.txt") if len(w) == 1}
    return tuple(sorted({p.name for p in places.places().values()
                         if p.name[0] in stops and p.level != "province" and len(p.name) >= 3}))


@variants("stop-place", 12)
def test_an_organization_named_for_a_place_that_opens_with_a_conjunction(r):
    """…大队、和田地区公安局民警某某作报告: 和田地区 is the place, not 和 joining 田地区."""
    place, name = r.choice(_places_opening_with_a_stop()), r.choice((plain_name, transliterated_name))(r)
    first = plain_name(r)
    title = r.choice(("副局长", "政委", "民警"))
    text = (f"3月5日,全省公安英模事迹报告会召开。报告会邀请了{r.choice(_cities())}{_org('公安局')}{_title('局长')}{first}、"
            f"{place}{_org('公安局')}{_title(title)}{name}作报告。")
    ex = extract(text, dt.date(2024, 3, 6))
    assert (name, f"{place}公安局{title}") in [(p.person, p.label) for p in ex.posts], text


@variants("surname-he", 10)
def test_the_surname_he(r):
    check_officials(officials_frame(r, lambda g: "和" + "".join(g.choice(GIVEN_CHARS) for _ in range(2))))


@variants("surname-like-a-preposition", 12)
def test_a_surname_that_is_also_a_preposition_or_conjunction(r):
    """局长向平出席 / 局长和志强主持: 向 and 和 are surnames here; one- or two-character given names."""
    surname = r.choice(sorted(FUNCTION_CHARS & set(_surnames()[0]) | ({"和", "向"} & set(lexicon.words("surnames.txt")))))
    check_officials(officials_frame(r, lambda g: surname + "".join(g.choice(GIVEN_CHARS) for _ in range(g.choice((1, 2))))))


@variants("title-before-meeting-kind", 16)
def test_a_meeting_kind_after_a_title_is_no_person(r):
    """全国公安厅局长恳谈会召开: 局长 is part of the meeting's name, and no name follows it."""
    head = r.choice([w for w in lexicon.words("meeting_suffixes.txt") if len(w) >= 2])
    prefix = r.choice(("全国公安厅局长", "全省公安局长", "全市派出所所长", "全区检察长"))
    day = a_date(r)
    text = f"{day.month}月{day.day}日,{prefix}{head}在{r.choice(_counties())}召开。会议总结了过去一年的工作。"
    assert extract(text, day + dt.timedelta(days=1)).persons == [], text


@variants("surname-like-a-preposition-forms", 12)
def test_a_surname_like_a_preposition_in_every_place_a_name_stands(r):
    """向某 / 和某 after a title and before a date (17日在京主持), with a given name that is a verb (和建成),
    before 同志 in a clause (新警向某某同志代表…), and in a headline (向某等出席)."""
    surname = r.choice([s for s in ("和", "向") if s in lexicon.words("surnames.txt")])
    given = r.choice(("建成", "立新", "".join(r.choice(GIVEN_CHARS) for _ in range(2))))
    name = surname + given
    lv = r.choice(list(GOVERNMENT))
    chain = title_chain(r, lv)
    form = r.choice(("dated", "comrade", "headline"))
    if form == "dated":
        text = f"3月5日,全{lv}公安工作会议召开。{'、'.join(chain)}{name}{r.randint(1, 28)}日在{lv}委主持召开会议。"
    elif form == "comrade":
        text = f"3月5日,全{lv}公安工作会议召开。会上,城关派出所新警{name}同志代表全体新警作表态发言。"
    else:
        text = f"{name}等出席全{lv}公安工作会议\n\n3月5日,全{lv}公安工作会议召开。会议总结了过去一年的工作。"
    assert [p.name for p in extract(text, dt.date(2024, 3, 6)).persons] == [name], text


@variants("compound-surname-by-shape", 12)
def test_a_compound_surname_name_found_by_its_shape(r):
    """会议由欧阳某某政委主持 / 新警司马某某同志代表…: four characters before a title or 同志."""
    name = r.choice(_surnames()[1]) + "".join(r.choice(GIVEN_CHARS) for _ in range(2))
    lv = r.choice(list(GOVERNMENT))
    if r.random() < 0.5:
        text, role = f"3月5日,全{lv}公安工作会议召开。会议由{name}{r.choice(('政委', '局长', '同志'))}主持。", "presided"
    else:
        text, role = f"3月5日,全{lv}公安工作会议召开。会上,城关派出所新警{name}同志代表全体新警作表态发言。", "spoke"
    ex = extract(text, dt.date(2024, 3, 6))
    assert ([p.name for p in ex.persons], (name, role) in {(x.person, x.role) for x in ex.roles}) == ([name], True), text


@variants("conjunction-before-others", 10)
def test_a_conjunction_joining_a_title_to_others_is_no_name(r):
    """县委书记和县长出席 / 与会领导和工作人员观摩: 和 joins; nobody is named."""
    lv = r.choice(list(GOVERNMENT))
    text = r.choice((f"3月5日,全{lv}公安工作会议召开。{lv}委书记和{GOVERNMENT[lv]}出席会议。",
                     f"3月5日,全{lv}公安工作会议召开。与会领导和工作人员首先观摩了合成作战室。",
                     f"3月5日,全{lv}公安工作会议召开。{lv}公安局局长向大会作工作报告。",
                     f"3月5日,全{lv}公安工作会议召开。{lv}委书记和各部门负责人出席会议。",
                     f"3月5日,全{lv}公安工作会议召开。会上,{lv}公安局局长向老同志通报了工作情况。"))
    assert extract(text, dt.date(2024, 3, 6)).persons == [], text


@variants("unlisted-followers", 10)
def test_a_name_before_a_speaking_verb_it_is_not_known_to_precede(r):
    lv = r.choice(list(GOVERNMENT))
    chain, name = title_chain(r, lv), r.choice((plain_name, word_name))(r)
    phrase, roles = r.choice(UNLISTED_FOLLOWERS)
    text = f"3月5日,全{lv}公安工作会议召开。" + "、".join(chain) + name + phrase + "。"
    check_officials(Officials(text, [name], [(name, p) for p in chain], {(name, x) for x in roles | {"attended"}}))


@variants("title-then-word", 10)
def test_a_title_whose_last_character_opens_a_word_is_followed_by_no_name(r):
    place = r.choice(_counties())
    text = r.choice((f"{place}公安局长期坚持警务前移,保障辖区长治久安。",
                     f"共同化解矛盾纠纷,保障{place}城区长治久安。",
                     f"{place}交警大队长期扎根一线,服务群众。"))
    case = officials_frame(r, form="verb")
    ex = extract(case.text + text, dt.date(2024, 12, 31))
    assert [p.name for p in ex.persons] == case.persons, text


@cache
def _place_like_names() -> tuple[str, ...]:
    """Two-character place names a person may also bear (延安, 长春): a surname opens them."""
    from kgraph.extract.name_shape import common_words
    single = set(_surnames()[0])
    _, tags = common_words()
    short = {p.name[:-1] for p in places.places().values() if len(p.name) == 3 and p.name[-1] in "市省"}
    return tuple(sorted(n for n in short if n[0] in single and tags.get(n, "")[:2] in ("ns", "nz")))


@variants("place-named-person", 16)
def test_a_person_named_like_a_place_between_a_title_and_a_role_verb(r):
    lv = r.choice(list(GOVERNMENT))
    chain, name = title_chain(r, lv), r.choice(_place_like_names())
    phrase, roles = r.choice((("出席会议并讲话", {"spoke"}), ("主持会议", {"presided"}), ("同志出席会议", set())))
    meeting, _ = meeting_name(r)
    text = f"3月5日,{meeting}召开。{'、'.join(chain)}{name}{phrase}。"
    check_officials(Officials(text, [name], [(name, p) for p in chain], {(name, x) for x in roles | {"attended"}}))


@variants("lead-the-oath", 8)
def test_leading_the_oath_is_speaking(r):
    case = officials_frame(r, form="verb")
    name = case.persons[0]
    sentence = case.text[case.text.index("。") + 1:]
    text = case.text.replace(sentence, sentence[:sentence.index(name) + len(name)] + "领誓。")
    check_officials(Officials(text, case.persons, case.posts, {(name, "attended"), (name, "spoke")}))


def _three_officials(r: random.Random) -> tuple[str, list[tuple[list[str], str]]]:
    lv = r.choice(list(GOVERNMENT))
    people: list[tuple[list[str], str]] = []
    while len(people) < 3:
        name = plain_name(r)
        if all(name != n and name not in n and n not in name for _, n in people):
            people.append((title_chain(r, lv), name))
    return lv, people


def _written(official: tuple[list[str], str]) -> str:
    return "、".join(official[0]) + official[1]


@variants("list-after-presider", 12)
def test_officials_listed_after_the_presider_attended_and_did_not_preside_twice(r):
    _, (chair, b, c) = _three_officials(r)
    meeting, _ = meeting_name(r)
    units = r.choice(("各派出所", "县直有关部门", "各乡镇(街道)", "市直各成员单位"))
    tail = r.choice((f"{units}负责同志参加会议。", f"{units}分管领导列席会议。", f"{units}主要负责人参加。"))
    text = f"3月5日,{meeting}召开。{_written(chair)}主持会议并讲话,{_written(b)},{_written(c)},{tail}"
    roles = {(x.person, x.role) for x in extract(text, dt.date(2024, 3, 6)).roles}
    assert roles == {(chair[1], "presided"), (chair[1], "spoke"), (chair[1], "attended"),
                     (b[1], "attended"), (c[1], "attended")}, text


@variants("list-with-and", 10)
def test_the_last_official_joined_by_and_to_a_body_attended_with_the_others(r):
    _, (a, b, c) = _three_officials(r)
    meeting, _ = meeting_name(r)
    units = r.choice(("县禁毒委成员单位分管领导", "各成员单位负责人", "各乡镇主要领导"))
    text = f"3月5日,{meeting}召开。{_written(a)},{_written(b)},{_written(c)}和{units}等共80余人参加会议。"
    roles = {(x.person, x.role) for x in extract(text, dt.date(2024, 3, 6)).roles}
    assert roles == {(a[1], "attended"), (b[1], "attended"), (c[1], "attended")}, text


@variants("names-before-group", 10)
def test_bare_names_closed_by_a_group_attend(r):
    _, people = _three_officials(r)
    names = [n for _, n in people][:r.randint(2, 3)]
    label = r.choice(("县领导", "市领导", "局领导", "领导", "同志"))
    verb = r.choice(("出席会议", "参加会议", "出席"))
    bodies = "、".join(r.sample(("公安", "检察", "法院", "司法", "信访"), 3))
    text = (f"3月5日,某县公安局召开部署会。{'、'.join(names)}等{label}{verb}。"
            f"{bodies}等部门负责同志参加会议。")
    ex = extract(text, dt.date(2024, 3, 6))
    assert [p.name for p in ex.persons] == names, text
    assert {(x.person, x.role) for x in ex.roles} == {(n, "attended") for n in names}, text


@variants("list-introduced", 10)
def test_a_cue_clause_that_introduces_a_list(r):
    _, people = _three_officials(r)
    kind = r.choice(("揭牌仪式", "会议", "座谈会", "启动仪式"))
    intro = r.choice((f"出席{kind}的领导有:", f"参加{kind}的还有,", f"出席{kind}的领导有"))
    sep = r.choice((",", "、", ";"))
    text = f"3月5日,某局{kind}举行。{intro}{sep.join(_written(o) for o in people)}。"
    if intro.endswith("有"):
        text = text.replace("有" + _written(people[0]), "有:" + _written(people[0]))
    roles = {(x.person, x.role) for x in extract(text, dt.date(2024, 3, 6)).roles}
    assert roles == {(o[1], "attended") for o in people}, text


@variants("watch-and-review", 8)
def test_watching_attends_and_a_self_review_speaks(r):
    _, (a, b, _) = _three_officials(r)
    national, _ = meeting_name(r, heads=("电视电话会议", "视频会议"))
    text = (f"3月5日,{national}召开。{_written(a)}在分会场收听收看会议。"
            f"{_written(b)}代表班子作对照检查。")
    roles = {(x.person, x.role) for x in extract(text, dt.date(2024, 3, 6)).roles}
    assert roles == {(a[1], "attended"), (b[1], "attended"), (b[1], "spoke")}, text


@variants("headline-only", 8)
def test_a_name_only_in_the_headline_attended(r):
    case = officials_frame(r, form="verb")
    guest = plain_name(r)
    while guest in case.persons:
        guest = plain_name(r)
    text = f"{case.persons[0]}出席 {guest}等出席\n" + case.text
    check_officials(Officials(text, [case.persons[0], guest], case.posts, case.roles | {(guest, "attended")}))


# ---- (b) a meeting held by an organizer at a place on a date ---------------------------------------

@dataclass(frozen=True)
class Held:
    text: str
    doc_date: dt.date
    meeting: tuple[str, dt.date, str | None, str | None, str]  # name, date, place, organizer, level


def held_frame(r: random.Random, shape: str | None = None, heads: tuple[str, ...] | None = None,
               place_of=None) -> Held:
    name, level = meeting_name(r, heads)
    day = a_date(r)
    place = place_of(r) if place_of else (r.choice(_counties()) if r.random() < 0.6 else r.choice(ROOMS))
    org = organizer(r)
    when = f"{day.month}月{day.day}日" + r.choice(("", "", "上午", "下午"))
    shape = shape or r.choice(("name-at", "org-convenes", "org-at", "name-held"))
    if shape == "name-at":
        text, fact = f"{when},{name}在{place}召开。", (name, day, place, None, level)
    elif shape == "org-convenes":
        text, fact = f"{when},{org}召开{name}。", (name, day, None, org, level)
    elif shape == "org-at":
        text, fact = f"{when},{org}在{place}召开{name}。", (name, day, place, org, level)
    elif shape == "name-held":
        text, fact = f"{when},{name}在{place}隆重举行。", (name, day, place, None, level)
    elif shape == "org-on-at":
        text, fact = f"{org}于{day.month}月{day.day}日在{place}召开{name}。", (name, day, place, org, level)
    else:
        raise ValueError(shape)
    return Held(text + "会议总结了过去一年的工作。", day + dt.timedelta(days=r.randint(0, 2)), fact)


def check_held(case: Held) -> None:
    ex = extract(case.text, case.doc_date)
    got = [(m.name, m.date, m.place, m.organizer, m.level) for m in ex.meetings if m.reported]
    assert got == [case.meeting], case.text


@variants("held", 50)
def test_a_meeting_held_by_an_organizer_at_a_place_on_a_date(r):
    check_held(held_frame(r))


@variants("held-abbreviated-place", 2)
def test_a_place_written_by_its_one_character_name(r):
    """某会议在京召开 / 在宁召开: every one-character name of the lexicon is its place."""
    for abbreviation, place in sorted(lexicon.mapping("place_abbreviations.tsv").items()):
        check_held_as(r, f"在{abbreviation}召开", place)


@variants("held-manner", 12)
def test_how_a_meeting_was_held_is_neither_its_place_nor_its_name(r):
    """某会议以视频形式召开 / 通过线上方式召开 / 胜利闭幕: held that day, with no place."""
    check_held_as(r, r.choice(("以视频形式召开", "通过视频会议形式召开", "以线上方式召开", "采取视频会议方式召开", "胜利闭幕")))


def check_held_as(r: random.Random, how: str, place: str | None = None) -> None:
    """X月X日，某会议{how}。: held that day, at ``place``."""
    name, level = meeting_name(r)
    day = a_date(r)
    text = f"{day.month}月{day.day}日,{name}{how}。会议总结了过去一年的工作。"
    check_held(Held(text, day + dt.timedelta(days=1), (name, day, place, None, level)))


@variants("name-modifier", 16)
def test_a_modifier_before_the_name_is_not_part_of_it(r):
    """由某局和某委共同开展的某仪式 / 以“某某”为主题的某会议 / 某局举办的某班: the name is what follows."""
    name, level = meeting_name(r)
    day = a_date(r)
    place = r.choice(_counties())
    modifier = r.choice((f"由{organizer(r)}和{r.choice(_cities())}团委共同开展的", f"{organizer(r)}举办的",
                         f"以“{r.choice(DEMANDS)}”为主题的", f"由{organizer(r)}主办的"))
    verb = r.choice(("召开", "隆重举行", "举行"))
    text = f"{day.month}月{day.day}日,{modifier}{name}在{place}{verb}。会议总结了过去一年的工作。"
    check_held(Held(text, day + dt.timedelta(days=1), (name, day, place, None, level)))


@variants("place-and-second-act", 8)
def test_a_place_where_something_was_done_and_a_ceremony_held(r):
    """某基地在某处建成并举行揭牌仪式: the place is 某处, without 建成并."""
    place = r.choice(_counties()) + r.choice(("公安局看守所", "警务实战训练基地", "人民法院"))
    act = r.choice(("建成", "落成", "成立"))
    day = a_date(r)
    text = f"{day.month}月{day.day}日,某警示教育基地在{place}{act}并举行揭牌仪式。"
    ex = extract(text, day + dt.timedelta(days=1))
    assert [(m.name, m.place) for m in ex.meetings if m.reported] == [("揭牌仪式", place)], text


@variants("spirit-of-two", 10)
def test_meetings_whose_spirit_is_passed_on_are_not_held_here(r):
    """某局召开会议，传达…，市委到某区召开某会议和某会议精神: only the first is held in this report."""
    name, level = meeting_name(r)
    other, _ = meeting_name(r)
    third, _ = meeting_name(r)
    day = a_date(r)
    org = organizer(r)
    text = (f"{day.month}月{day.day}日,{org}召开{name},认真传达{third}精神,"
            f"市委、市政府到{r.choice(_counties())}召开{other}{r.choice(('和', '及'))}全区领导干部会议精神。")
    ex = extract(text, day + dt.timedelta(days=1))
    assert [m.name for m in ex.meetings if m.reported] == [name], text


@variants("held-year-in-name", 15)
def test_a_meeting_whose_name_carries_its_year(r):
    case = held_frame(r, "name-at")
    name, day, place, org, level = case.meeting
    year_name = f"{day.year}年{name}"
    text = case.text.replace(name, year_name, 1)
    check_held(Held(text, case.doc_date, (year_name, day, place, org, level)))


@variants("held-org-on-at", 10)
def test_an_organizer_with_a_date_before_the_place(r):
    check_held(held_frame(r, "org-on-at"))


@variants("held-other-heads", 10)
def test_meeting_heads_beyond_the_lexicon(r):
    check_held(held_frame(r, r.choice(("name-at", "org-convenes", "org-at")),
                          heads=("工作会", "党委会", "党委(扩大)会", "党委（扩大）会")))


@variants("held-long-place", 8)
def test_a_long_autonomous_county_as_the_place(r):
    long_ones = tuple(sorted(p.name for p in places.places().values()
                             if p.level == "county" and p.name.endswith("自治县") and len(p.name) > 12))
    check_held(held_frame(r, "name-at", place_of=lambda g: g.choice(long_ones)))


@variants("held-generic", 12)
def test_a_meeting_named_by_its_head_alone_is_the_held_one_named_for_its_organizer(r):
    referred, _ = meeting_name(r, heads=("会议", "工作会议", "电视电话会议"))
    org, day = organizer(r), a_date(r)
    before = day - dt.timedelta(days=1)
    lead = r.choice((f"{day.month}月{day.day}日上午,", f"{day.month}月{day.day}日,"))
    body = r.choice((f"{org}召开会议,传达学习{referred}精神。", f"{org}召开会议传达{before.month}月{before.day}日召开的{referred}精神。"))
    ex = extract(lead + body + "会议要求各单位抓好落实。", day)
    got = [(m.name, m.date, m.organizer) for m in ex.meetings if m.reported]
    assert got == [(org + "会议", day, org)], lead + body


@variants("purpose-after-news-cue", 10)
def test_a_meeting_to_come_named_after_a_news_cue_is_not_held(r):
    future, _ = meeting_name(r, heads=("大会", "运动会", "博览会"))
    name, level = meeting_name(r)
    org, day = organizer(r), a_date(r)
    cue = r.choice(("某网讯 ", "本报讯 ", "某某新闻 "))
    text = (f"{cue}为确保今年9月{future}在{r.choice(_counties())}成功举办,"
            f"{day.month}月{day.day}日,{org}召开{name}。")
    slogan = f"以“确保{future}圆满成功”为主题的{name}"
    quoted = f"{day.month}月{day.day}日,{slogan}在{org}召开。"
    ex = extract(text, day)
    assert [m.name for m in ex.meetings if m.reported] == [name], text
    ex = extract(quoted, day)  # the slogan is no purpose clause, and no part of the name it modifies
    assert [m.name for m in ex.meetings if m.reported] == [name], quoted


@variants("held-sequel", 8)
def test_a_sequel_meeting_after_a_video_conference_is_the_held_one(r):
    national, _ = meeting_name(r, heads=("视频会议", "电视电话会议"))
    national = "全国" + national[2:]
    org, day = organizer(r), a_date(r)
    text = r.choice((f"{day.month}月{day.day}日,在参加完{national}后,{org}立即召开续会,部署贯彻落实工作。",
                     f"{day.month}月{day.day}日,{national}结束后,{org}随即召开{org}续会。"))
    ex = extract(text, day)
    reported = [m for m in ex.meetings if m.reported]
    assert [m.date for m in reported] == [day], text
    assert reported[0].name.endswith("续会") and national not in reported[0].name, text


@variants("bare-by-whom", 10)
def test_a_meeting_kind_chaired_by_someone_in_a_report_without_a_dateline(r):
    lv = r.choice(list(GOVERNMENT))
    chain, name, org, day = title_chain(r, lv), plain_name(r), organizer(r), a_date(r)
    kind = r.choice(("座谈会", "见面会", "茶话会"))
    text = (f"{day.year}年{day.month}月{day.day}日,{org}举办警营开放日活动。"
            f"{kind}由{'、'.join(chain)}{name}主持,各界代表依次发言。")
    ex = extract(text, None)  # no dateline: the opening's whole date is the day
    assert [(m.name, m.date) for m in ex.meetings if m.reported] == [(kind, day)], text
    assert ("presided") in {ro.role for ro in ex.roles if ro.person == name}, text


@variants("event-opening", 12)
def test_a_sentence_opening_on_a_short_event_name_names_the_report_s_event(r):
    """某所举办某活动。启动仪式上，某某宣读了…: the event named as the sentence's setting is the one reported."""
    lv = r.choice(list(GOVERNMENT))
    chain, name, org, day = title_chain(r, lv), plain_name(r), organizer(r), a_date(r)
    kind = r.choice(("启动", "揭牌", "授旗", "颁奖", "开营", "表彰", "誓师")) + r.choice(("仪式", "大会", "典礼"))
    text = (f"{day.year}年{day.month}月{day.day}日,{org}联合多家单位共同开展平安校园建设活动。"
            f"{r.choice(('', '在'))}{kind}{r.choice(('上', '开始前', '结束后'))},{'、'.join(chain)}{name}宣读了实施方案。")
    ex = extract(text, None)
    assert [(m.name, m.date) for m in ex.meetings if m.reported] == [(kind, day)], text
    assert {ro.role for ro in ex.roles if ro.person == name} == {"spoke", "attended"}, text


@variants("watched", 8)
def test_a_conference_watched_by_officials_is_the_report_s_meeting_when_none_is_held(r):
    national, _ = meeting_name(r, heads=("电视电话会议", "视频会议"))
    lv = r.choice(list(GOVERNMENT))
    chain, name, day = title_chain(r, lv), plain_name(r), a_date(r)
    text = f"{day.month}月{day.day}日下午,{'、'.join(chain)}{name}在{r.choice(ROOMS)}收看了{national}。"
    ex = extract(text, day)
    assert [(m.name, m.date) for m in ex.meetings if m.reported] == [(national, day)], text


@variants("verb-object-after-title", 8)
def test_a_verb_and_a_common_noun_after_a_title_are_no_name(r):
    title = r.choice(("总书记", "书记", "局长", "所长"))
    noun = r.choice(("历史", "理论", "文件", "法律", "政策", "党章"))
    verb = r.choice(("学", "读", "讲", "看"))
    text = f"跟着{title}{verb}{noun}\n3月2日,某单位召开会议。"
    assert [p.name for p in extract(text).persons] == [], text


@variants("headline-and-body", 10)
def test_a_headline_and_a_body_that_leaves_words_out_name_one_meeting(r):
    org, day = organizer(r), a_date(r)
    n = r.randint(2, 15)
    kind = r.choice(("集体学习(扩大)会议", "集体学习会议", "专题学习(扩大)会议"))
    group = r.choice(("党委理论学习中心组", "党组理论学习中心组", "党委中心组"))
    full = f"{day.year}年度第{n}次 {group}{kind}"
    text = (f"{org}召开{full}\n本报讯 {day.month}月{day.day}日下午,{org}{group}召开{day.year}年度第{n}次{kind}。"
            "会议传达学习了有关文件精神。")
    ex = extract(text, day + dt.timedelta(days=r.randint(3, 9)))
    assert [(m.name, m.date) for m in ex.meetings if m.reported] == [(full, day)], text


@variants("headline-dated-by-body", 10)
def test_a_headline_meeting_is_dated_by_the_body_s_opening_not_by_the_dateline(r):
    org, day = organizer(r), a_date(r)
    name, _ = meeting_name(r, heads=("推进会", "调度会", "表彰大会", "部署会"))
    generic = r.choice(("视频会议", "电视电话会议", "专题会议"))
    text = (f"{org}召开{name}\n\n{day.month}月{day.day}日,{org}召开{generic},"
            f"总结前一阶段工作,部署下一步任务。")
    ex = extract(text, day + dt.timedelta(days=r.randint(1, 3)))
    assert [(m.name, m.date) for m in ex.meetings if m.reported] == [(name, day)], text


@variants("pointing-back", 8)
def test_a_meeting_pointed_back_to_is_the_one_named_before(r):
    org, day = organizer(r), a_date(r)
    kind = r.choice(("政治轮训班", "业务培训班", "骨干集训班", "专题研讨班"))
    full = f"{day.year}年度全市公安机关第一期{kind}"
    word = r.choice(("此次", "本次", "这次"))
    text = f"{day.month}月{day.day}日,{org}举办{full}。{org}党委决定举办{word}{kind},意在推动工作。"
    ex = extract(text, day)
    assert [m.name for m in ex.meetings if m.reported] == [full], text


@variants("hall-and-floor", 8)
def test_a_named_hall_with_its_main_venue_is_the_place(r):
    name, _ = meeting_name(r)
    day = a_date(r)
    hall = r.choice(_counties())[:-1] + r.choice(("县人民会堂", "县会议中心", "县委礼堂")) + r.choice(("一楼", "二楼", ""))
    place = hall + r.choice(("主会场", "会场"))
    text = f"{day.month}月{day.day}日,{name}在{place}召开。各分会场同步收看。"
    ex = extract(text, day)
    assert [(m.name, m.place) for m in ex.meetings if m.reported] == [(name, place)], text


# ---- (c) dateline shapes give the year -----------------------------------------------------------

def _clock(r: random.Random) -> str:
    return f"{r.randint(7, 22):02d}:{r.randint(0, 59):02d}"


DATELINES = {
    "cn": lambda d, r: f"{d.year}年{d.month}月{d.day}日",
    "cn-clock-source": lambda d, r: f"{d.year}年{d.month:02d}月{d.day:02d}日 {_clock(r)}  来源:青原市公安局",
    "published": lambda d, r: f"发布日期: {d.isoformat()} {_clock(r)}",
    "published-bar": lambda d, r: f"发布时间:{d.isoformat()} |",
    "day-first": lambda d, r: f"{d.day:02d}.{d.month:02d}.{d.year}  {_clock(r)}",
    "source-iso": lambda d, r: f"来源：青原日报 {d.isoformat()}",
    "slashes": lambda d, r: f"时间:{d.year}/{d.month:02d}/{d.day:02d} {_clock(r)}",
    "date-source": lambda d, r: f"日期:{d.isoformat()} 来源:青原公安",
    "author-bar": lambda d, r: f"作者：{r.choice(('青原公安', '通讯员'))} | {d.year}年{d.month:02d}月{d.day:02d}日",
    "editor-iso": lambda d, r: f"编辑：{r.choice(('宣传科', '融媒体中心'))}  {d.isoformat()}",
}


@dataclass(frozen=True)
class Dated:
    text: str
    published: dt.date | None
    meeting: tuple[str, dt.date]


def dated_frame(r: random.Random, dateline=None, body: str | None = None, lag: tuple[int, int] = (0, 2)) -> Dated:
    """A headline, a dateline published `lag` days after the meeting, and the 召开 sentence."""
    name, _ = meeting_name(r)
    day = a_date(r)
    published = day + dt.timedelta(days=r.randint(*lag))
    line = (dateline or DATELINES[r.choice(sorted(DATELINES))])(published, r)
    body = body or r.choice(("plain", "range", "morning"))
    when = {"plain": f"{day.month}月{day.day}日", "range": f"{day.month}月{day.day}日至{day.day + 2}日",
            "morning": f"{day.month}月{day.day}日上午", "day-only": f"{day.day}日"}[body]
    place = r.choice(_counties())
    text = f"{name}召开\n{line}\n\n{when},{name}在{place}召开。会议部署了下一阶段工作。\n"
    return Dated(text, published, (name, day))


def check_dated(case: Dated) -> None:
    doc = ingest.read_bytes(case.text.encode("utf-8"), "report.txt", "report.txt")
    ex = pipeline.extract(doc)
    got = (doc.date, [(m.name, m.date) for m in ex.meetings if m.reported])
    assert got == (case.published, [case.meeting]), case.text


@variants("dateline", 40)
def test_a_dateline_gives_the_meeting_its_year(r):
    check_dated(dated_frame(r))


@pytest.mark.parametrize("shape", sorted(DATELINES))
def test_every_dateline_shape_dates_the_report(shape):
    """Each shape at least once, beside the random mix above."""
    r = random.Random(f"dateline-shape:{shape}")
    for _ in range(3):
        check_dated(dated_frame(r, DATELINES[shape]))


def test_the_rank_scheme_is_in_the_lexicon_grade_by_grade():
    """A rank the lexicon knows in one grade is known in all (四级高级警长 was missing, and a chair with it)."""
    titles = set(lexicon.words("titles.txt"))
    for stem, grades in (("高级警长", "一二三四"), ("警长", "一二三四"), ("主任科员", "一二三四"), ("调研员", "一二三四"),
                         ("主管", "一二三四"), ("主任", "一二三四"), ("警员", "一二"), ("总监", "一二"), ("巡视员", "一二"),
                         ("高级法官", "一二三四"), ("法官", "一二三四五"), ("高级检察官", "一二三四"), ("检察官", "一二三四五")):
        assert {f"{g}级{stem}" for g in grades} <= titles, stem


@variants("ranks", 20)
def test_every_grade_of_a_rank_is_a_title(r):
    """县公安局党委委员、四级高级警长某某主持会议: a rank of the police or civil-service scheme is a post."""
    lv = r.choice(list(GOVERNMENT))
    rank = r.choice([t for t in lexicon.words("titles.txt") if "级" in t])
    org = f"{lv}公安局"
    chain = r.choice(([org + rank], [org + _org("党委") + _title("委员"), rank]))
    name = plain_name(r)
    phrase, roles = r.choice(ROLE_PHRASES)
    text = f"3月5日,全{lv}公安工作会议召开。" + "、".join(chain) + name + phrase + "。"
    check_officials(Officials(text, [name], [(name, p) for p in chain], {(name, role) for role in roles | {"attended"}}))


@variants("titles-in-yuan", 12)
def test_a_title_ending_in_yuan_is_whole_before_the_name(r):
    """县法院书记员某某: 书记员 is the title, not 书记 and a person 员某某."""
    lv = r.choice(list(GOVERNMENT))
    title = r.choice(("书记员", "审判员", "检察员", "人民调解员", "网格员", "法官助理"))
    org = r.choice((f"{lv}人民法院", f"{lv}人民检察院", f"{lv}司法局"))
    name = plain_name(r)
    text = f"3月5日,全{lv}政法工作会议召开。{org}{title}{name}出席会议。"
    check_officials(Officials(text, [name], [(name, org + title)], {(name, "attended")}))


@variants("first-month", 8)
def test_the_first_month_written_yuanyue(r):
    """元月5日 is the fifth of January; 3000元 before 月 never is a month."""
    name, _ = meeting_name(r)
    year, day = r.randint(2012, 2024), r.randint(1, 28)
    published = dt.date(year, 1, min(day + 1, 31))
    text = f"{name}召开\n发布日期:{published.isoformat()}\n\n元月{day}日,{name}召开,奖励先进集体3000元。\n"
    check_dated(Dated(text, published, (name, dt.date(year, 1, day))))


@variants("dateline-new-year", 10)
def test_a_december_meeting_reported_in_january_takes_the_year_before(r):
    name, _ = meeting_name(r)
    day = dt.date(r.randint(2012, 2024), 12, r.randint(20, 28))
    published = dt.date(day.year + 1, 1, r.randint(2, 9))
    text = f"{name}召开\n发布日期:{published.isoformat()}\n\n{day.month}月{day.day}日,{name}召开。\n"
    check_dated(Dated(text, published, (name, day)))


@variants("dateline-in-body", 10)
def test_a_full_date_in_the_body_needs_no_dateline(r):
    name, _ = meeting_name(r)
    day = a_date(r)
    text = f"{name}召开\n\n{day.year}年{day.month}月{day.day}日上午,{name}在{r.choice(ROOMS)}召开。\n"
    check_dated(Dated(text, None, (name, day)))


@variants("dateline-query", 8)
def test_a_date_query_line_is_a_dateline(r):
    check_dated(dated_frame(r, lambda d, g: f"日期查询:{d.year}年{d.month}月{d.day}日"))


@variants("dateline-day-only", 8)
def test_a_day_without_a_month_takes_the_datelines_month(r):
    check_dated(dated_frame(r, DATELINES["date-source"], "day-only", lag=(1, 2)))  # a_date keeps both in one month


@variants("dateline-news-line", 8)
def test_the_day_in_the_body_beats_the_news_line(r):
    name, _ = meeting_name(r)
    day = a_date(r)
    published = day + dt.timedelta(days=r.randint(1, 2))
    text = (f"{name}召开\n{published.isoformat()} 来源:青原网\n\n青原网{published.month}月{published.day}日讯 "
            f"{day.month}月{day.day}日,{name}在{r.choice(ROOMS)}召开。\n")
    check_dated(Dated(text, published, (name, day)))


# A news source before the report's first words, with and without a byline (never part of a name).
NEWS_SOURCES = ("本报讯 ", "本网讯　", "青原网讯（记者 {who}）", "青原日报讯(通讯员 {who} 记者 {who})", "")


@variants("dateline-relative-day", 16)
def test_a_relative_day_counts_back_from_the_dateline(r):
    """(dateline) 本报讯 某会议昨天上午在某地举行: the day before the dateline, the source not in the name."""
    name, _ = meeting_name(r)
    published = a_date(r) + dt.timedelta(days=3)
    word, back = r.choice((("昨天", 1), ("昨日", 1), ("今天", 0), ("前天", 2)))
    source = r.choice(NEWS_SOURCES).format(who=plain_name(r))
    line = DATELINES[r.choice(sorted(DATELINES))](published, r)
    shape = r.choice(("name-first", "word-first", "org"))
    when = word + r.choice(("", "上午", "下午"))
    if shape == "name-first":
        body = f"{source}{name}{when}在{r.choice(ROOMS)}举行。"
    elif shape == "word-first":
        body = f"{source}{when},{name}在{r.choice(_counties())}召开。"
    else:
        body = f"{source}{organizer(r)}{when}召开{name}。"
    text = f"{name}召开\n{line}\n\n{body}会议部署了下一阶段工作。\n"
    check_dated(Dated(text, published, (name, published - dt.timedelta(days=back))))


@variants("news-line-stated-year", 10)
def test_a_news_line_without_a_dateline_takes_the_year_the_report_states(r):
    """青原网1月22日讯 今天，某会议召开。…2021年是…: the news line's day, in the year the report plans for."""
    name, _ = meeting_name(r)
    day = a_date(r)
    text = (f"{name}召开\n\n青原网{day.month}月{day.day}日讯(记者 {plain_name(r)})今天,{name}在{r.choice(_counties())}召开。"
            f"会议指出,{day.year}年是全面推进各项工作的关键一年。\n")
    check_dated(Dated(text, None, (name, day)))


@variants("headline-and-bare-body", 12)
def test_a_headline_meeting_the_body_calls_only_the_meeting(r):
    """某会议召开 over "3月5日，会议在某礼堂召开": one meeting, named by the headline, dated and placed
    by the body; a section tag before the headline (【要闻】) is no part of the name."""
    name, _ = meeting_name(r)
    day = a_date(r)
    published = day + dt.timedelta(days=r.randint(1, 2))
    room = r.choice(ROOMS)
    tag = r.choice(("", "【要闻】", "【工作动态】", "[警务动态]"))
    text = (f"{tag}{name}{r.choice(('召开', '隆重召开', '举行'))}\n{published.isoformat()} 来源:青原网\n\n"
            f"{day.month}月{day.day}日{r.choice(('', '上午'))},会议在{room}召开。会议总结了过去一年的工作。\n")
    doc = ingest.read_bytes(text.encode("utf-8"), "report.txt", "report.txt")
    got = [(m.name, m.date, m.place) for m in pipeline.extract(doc).meetings if m.reported]
    assert got == [(name, day, room)], text


@variants("headline-spoken-at", 10)
def test_a_headline_naming_the_meeting_a_speech_was_given_at(r):
    """某某在某会议上强调…: the report's meeting, when the body calls it only 会议."""
    name, _ = meeting_name(r)
    who = plain_name(r)
    cue = r.choice(("强调", "指出", "要求", "讲话"))
    text = (f"{who}在{name}上{cue} 奋力开创工作新局面\n2024-03-06 来源:青原网\n\n"
            f"会议指出,全县公安机关要{r.choice(DEMANDS)}。\n")
    doc = ingest.read_bytes(text.encode("utf-8"), "report.txt", "report.txt")
    assert [m.name for m in pipeline.extract(doc).meetings if m.reported] == [name], text


@variants("dateline-repost", 8)
def test_a_repost_time_is_not_the_dateline(r):
    name, _ = meeting_name(r)
    day = dt.date(r.randint(2012, 2020), r.randint(1, 12), r.randint(1, 25))
    published = day + dt.timedelta(days=r.randint(0, 2))
    crawled = dt.date(2024, r.randint(1, 12), r.randint(1, 28))
    text = (f"时间:{crawled.year}/{crawled.month:02d}/{crawled.day:02d} {_clock(r)}:{r.randint(10, 59)}\n"
            f"{name}召开\n日期:{published.isoformat()} 来源:青原日报\n\n{day.month}月{day.day}日,{name}召开。\n")
    check_dated(Dated(text, published, (name, day)))


# ---- (d) enumerated directives with their issuer ------------------------------------------------

@dataclass(frozen=True)
class Listed:
    text: str
    directives: list[tuple[str | None, int, str]]  # issuer, ordinal, text
    lists: list[tuple[str | None, int | None, int]]  # issuer, announced count, found count


def directives_frame(r: random.Random, style: str | None = None) -> Listed:
    count = r.randint(2, 6)
    items = [f"{d},{h}" for d, h in zip(r.sample(DEMANDS, count), r.sample(HOWS, count))]
    name = plain_name(r)
    sep = r.choice(("；", "。"))
    style = style or r.choice(("一要", "一是要", "一是", "第一", "paragraphs"))
    if style == "一要":
        body, texts = sep.join(f"{NUMERALS[k]}要{it}" for k, it in enumerate(items)) + "。", [f"要{it}" for it in items]
    elif style == "一是要":
        body, texts = sep.join(f"{NUMERALS[k]}是要{it}" for k, it in enumerate(items)) + "。", [f"要{it}" for it in items]
    elif style == "一是":
        body, texts = sep.join(f"{NUMERALS[k]}是{it}" for k, it in enumerate(items)) + "。", list(items)
    elif style == "第一":
        body, texts = sep.join(f"第{NUMERALS[k]},{it}" for k, it in enumerate(items)) + "。", list(items)
    elif style == "paragraphs":
        body, texts = "\n" + "\n".join(f"{NUMERALS[k]}是{it}。" for k, it in enumerate(items)), list(items)
    elif style == "（一）":
        body, texts = "\n" + "\n".join(f"（{NUMERALS[k]}）{it}。" for k, it in enumerate(items)), list(items)
    elif style == "（一）inline":
        body, texts = "；".join(f"（{NUMERALS[k]}）{it}" for k, it in enumerate(items)) + "。", list(items)
    else:
        raise ValueError(style)
    issuer_form = r.choice(("named", "pronoun", "title-after", "count", "meeting"))
    chain = r.choice(ISSUERS)
    intro = f"{chain}{name}出席会议并讲话。"
    issuer, announced = name, None
    if issuer_form == "named":
        lead = intro + f"{name}强调,全县公安机关要奋发有为、狠抓落实。"
    elif issuer_form == "pronoun":
        lead = intro + f"{name}指出,过去一年成绩来之不易。他强调,全县公安机关要奋发有为。"
    elif issuer_form == "title-after":
        lead = intro + f"{name}{chain[-2:]}要求,全县公安机关要奋发有为、狠抓落实。"  # 王明书记要求
    elif issuer_form == "count":
        lead, announced = intro + f"{name}就做好今年工作提出{NUMERALS[count - 1]}点要求。", count
    else:
        lead, issuer = "会议强调,全县公安机关要奋发有为、狠抓落实。", None
    text = f"3月5日,全县公安工作会议召开。{lead}{body}"
    directives = [(issuer, k + 1, t) for k, t in enumerate(texts)]
    lists = [(issuer, announced, count)]
    demand = re.search(r"全县公安机关要[^。]*", lead)
    if style in ("paragraphs", "（一）") and demand:  # a demand in its own paragraph before the items is a list of its own
        directives.insert(0, (issuer, 1, demand.group()))
        lists.insert(0, (issuer, None, 1))
    return Listed(text, directives, lists)


def check_listed(case: Listed) -> None:
    ex = extract(case.text, dt.date(2024, 3, 6))
    got = ([(d.issuer, d.ordinal, d.text) for d in ex.directives],
           [(dl.issuer, dl.announced, dl.found) for dl in ex.directive_lists])
    assert got == (case.directives, case.lists), case.text


@variants("directives", 40)
def test_enumerated_directives_with_their_issuer(r):
    check_listed(directives_frame(r))


@variants("short-form", 12)
def test_a_person_named_again_by_surname_and_title_is_the_same_person(r):
    lv = r.choice(list(GOVERNMENT))
    _, ((_, name), _, _) = _three_officials(r)
    title = r.choice(("局长", "副局长", "所长", "政委", "大队长"))
    unit = r.choice(("公安局", "公安分局", "派出所"))
    chain = [f"{lv}{_org(unit)}{_title(title)}"]
    surname = name[:2] if name[:2] in _surnames()[1] else name[0]
    demand = r.choice(DEMANDS)
    lead = r.choice(("", "在通报了近期工作情况后,", "会上,"))
    text = (f"3月5日,{r.choice(('某县', '某市'))}公安局召开部署会。{'、'.join(chain)}{name}出席会议。"
            f"{lead}{surname}{title}要求:各单位要{demand}。")
    ex = extract(text, dt.date(2024, 3, 6))
    assert (name, "spoke") in {(x.person, x.role) for x in ex.roles}, text
    assert [(d.issuer, d.text) for d in ex.directives] == [(name, f"各单位要{demand}")], text
    assert [p.name for p in ex.persons] == [name], text


@variants("pronoun-late-cue", 8)
def test_a_pronoun_taking_up_the_speaker_in_a_later_clause(r):
    _, ((chain, name), _, _) = _three_officials(r)
    demand = r.choice(DEMANDS)
    pronoun, verb = r.choice(("他", "她")), r.choice(("要求", "强调"))
    text = (f"3月5日,某县公安局召开部署会。{'、'.join(chain)}{name}出席会议。"
            f"{name}通报了近期工作情况,{pronoun}{verb}全县各单位要{demand}。")
    ex = extract(text, dt.date(2024, 3, 6))
    assert [(d.issuer, d.text) for d in ex.directives] == [(name, f"全县各单位要{demand}")], text


@variants("byline", 8)
def test_a_byline_at_the_report_s_end_is_no_directive(r):
    demand = r.choice(DEMANDS)
    who = plain_name(r)
    byline = r.choice((f"(记者 {who})", f"(记者{who} 通讯员 {plain_name(r)})", f"（通讯员/{who}）", f"(责任编辑:{who})"))
    glue = r.choice(("", "\n"))
    text = f"3月5日,某县公安局召开部署会。会议要求,全县公安机关要{demand}。{glue}{byline}"
    ex = extract(text, dt.date(2024, 3, 6))
    assert [d.text for d in ex.directives] == [f"全县公安机关要{demand}"], text


def test_a_short_form_two_persons_share_names_neither():
    text = ("3月5日,某县公安局召开部署会。县公安局副局长王立新、县公安局副局长王春华出席会议。"
            "王副局长要求:各单位要守牢安全底线。")
    ex = extract(text, dt.date(2024, 3, 6))
    assert {(x.person, x.role) for x in ex.roles} == {("王立新", "attended"), ("王春华", "attended")}
    assert [d.issuer for d in ex.directives] in ([None], [])


@variants("directives-parenthesised", 8)
def test_directives_numbered_in_parentheses(r):
    check_listed(directives_frame(r, "（一）"))


@variants("directives-arabic", 10)
def test_directives_numbered_with_arabic_digits_keep_only_their_words(r):
    """某某要求：1.…；2.…；3.… (or 1、 / （1）): each item a directive, without its number."""
    count = r.randint(2, 5)
    items = [f"{d},{h}" for d, h in zip(r.sample(DEMANDS, count), r.sample(HOWS, count))]
    mark = r.choice(("{}.", "{}、", "（{}）", "({})"))
    name, chain = plain_name(r), r.choice(ISSUERS)
    body = "；".join(mark.format(k + 1) + it for k, it in enumerate(items)) + "。"
    text = f"3月5日,全县公安工作会议召开。{chain}{name}出席会议并讲话。{name}要求:{body}"
    ex = extract(text, dt.date(2024, 3, 6))
    assert [(d.issuer, d.ordinal, d.text) for d in ex.directives] == \
        [(name, k + 1, it) for k, it in enumerate(items)], text


@variants("directives-parenthesised-inline", 8)
def test_directives_numbered_in_parentheses_within_a_paragraph(r):
    check_listed(directives_frame(r, "（一）inline"))
