"""Persons and posts from real sentences of the seeds and the dev articles."""
from __future__ import annotations

import pytest

from kgraph.extract.people import extract_people
from tests.conftest import make_doc, sents_of


def people(text: str):
    doc = make_doc(text)
    persons, posts = extract_people(doc, sents_of(doc))
    return [p.name for p in persons], [(p.person, p.label) for p in posts]


def test_title_chain_split_by_comma_gives_every_post():
    names, posts = people("2月10日,全省公安局长会议在济南召开。副省长,公安厅党委书记、厅长李伟出席会议并讲话。")
    assert names == ["李伟"]
    assert posts == [("李伟", "副省长"), ("李伟", "公安厅党委书记"), ("李伟", "厅长")]


def test_group_label_list_gives_names_without_posts():
    names, posts = people("厅领导纪勇、槐国栋、李祝群、修春清、申延军出席会议,厅党委委员、政治部主任王海防宣读表彰通报。")
    assert names == ["纪勇", "槐国栋", "李祝群", "修春清", "申延军", "王海防"]
    assert posts == [("王海防", "厅党委委员"), ("王海防", "政治部主任")]


def test_comrade_suffix_is_not_part_of_the_name():
    names, _ = people("副区长、下陆公安分局党委书记、局长张志华,分局党委副书记、政委傅峰出席会议。"
                      "会议分两个阶段进行,分别由张志华同志、傅峰同志主持。")
    assert names == ["张志华", "傅峰"]


@pytest.mark.parametrize("sentence, name", [
    ("市委副书记、市长老颜武主持会议。", "老颜武"),  # surname 老, not "old"
    ("副市长、市公安局局长张维护主持会议。", "张维护"),  # given name that is the verb 维护
    ("旗纪委常委、监委委员王通达到会指导。", "王通达"),  # jieba glues 达到
    ("会议由公安处党委委员、副处长达瓦次仁主持。", "达瓦次仁"),  # four-character Tibetan name
    ("王正升与宁夏回族自治区副主席、公安厅厅长杨东进行了协作区轮值省移交。", "杨东"),
])
def test_names_where_words_and_names_collide(sentence, name):
    names, _ = people(sentence)
    assert names == [name]


def test_post_keeps_a_leading_organization_and_a_modifier():
    _, posts = people("省公安厅党委副书记、分管日常工作的副厅长潘春吉,厅党委委员、副厅长冯永利出席会议并发言。")
    assert posts == [("潘春吉", "省公安厅党委副书记"), ("潘春吉", "分管日常工作的副厅长"),
                     ("冯永利", "厅党委委员"), ("冯永利", "副厅长")]


def test_chain_starts_after_a_conjunction_or_verb():
    _, posts = people("会议传达了副省长、省公安厅厅长李耀光,市委书记陈金虎和市长盛蕾对常州市公安工作的批示。")
    assert posts == [("李耀光", "副省长"), ("李耀光", "省公安厅厅长"),
                     ("陈金虎", "市委书记"), ("盛蕾", "市长")]


def test_a_later_fuller_wording_of_the_same_post_is_not_a_second_post():
    text = ("旗委常委、政法委书记乌宁赛,旗政府副旗长、公安局党委书记、局长张杰出席会议。"
            "旗人民政府副旗长、公安局党委书记、局长张杰作题为《以铸牢中华民族共同体意识为主线》的大会报告。")
    _, posts = people(text)
    assert [p for p in posts if p[0] == "张杰"] == [("张杰", "旗政府副旗长"), ("张杰", "公安局党委书记"), ("张杰", "局长")]


def test_standing_committee_is_an_organization_not_a_title():
    names, posts = people("市人大常委会党组书记、主任谢卫东,市政协主席、市委副书记、市委政法委书记张健出席会议。")
    assert names == ["谢卫东", "张健"]
    assert ("谢卫东", "市人大常委会党组书记") in posts


def test_a_meeting_named_after_a_title_is_not_a_person():
    names, _ = people("全市公安局长会议召开。全省公安局长会议在济南召开。")
    assert names == []


def test_name_before_title_later_is_one_person():
    names, _ = people("旗人民政府副旗长、公安局长王刚出席会议并讲话。王刚副旗长就全旗公安机关深入开展教育整顿作全面动员部署。")
    assert names == ["王刚"]


def test_an_assistant_to_the_governor_is_a_post():
    """bench/extra_gold2/y19: 省长助理 is a post of its own, as 市长助理 and 部长助理 are."""
    names, posts = people("9月25日下午,省长助理、公安厅厅长李富林主持召开省公安厅党委扩大会议。")
    assert names == ["李富林"] and posts == [("李富林", "省长助理"), ("李富林", "公安厅厅长")]
