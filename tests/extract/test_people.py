"""Persons and posts: sentences of the seeds and sentences written here in the genre's shapes (invented names)."""
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
    ("市委副书记、市长老明远主持会议。", "老明远"),  # surname 老, not "old"
    ("副县长、县公安局局长孟维护主持会议。", "孟维护"),  # given name that is the verb 维护
    ("县纪委常委、监委委员刘通达到会指导。", "刘通达"),  # jieba glues 达到
    ("会议由交警支队党委委员、副支队长扎西多吉主持。", "扎西多吉"),  # four-character Tibetan name
    ("何立新与青原自治区副主席、公安厅厅长杨启帆进行了联防区轮值交接。", "杨启帆"),
])
def test_names_where_words_and_names_collide(sentence, name):
    names, _ = people(sentence)
    assert names == [name]


def test_post_keeps_a_leading_organization_and_a_modifier():
    _, posts = people("市公安局党委副书记、分管日常工作的副局长苏振华,局党委委员、副局长贺立群到会并发言。")
    assert posts == [("苏振华", "市公安局党委副书记"), ("苏振华", "分管日常工作的副局长"),
                     ("贺立群", "局党委委员"), ("贺立群", "副局长")]


def test_chain_starts_after_a_conjunction_or_verb():
    _, posts = people("会上传达了副省长、省公安厅厅长钱永安,市委书记方启明和市长韦晓岚对青原市公安工作的指示。")
    assert posts == [("钱永安", "副省长"), ("钱永安", "省公安厅厅长"),
                     ("方启明", "市委书记"), ("韦晓岚", "市长")]


def test_a_later_fuller_wording_of_the_same_post_is_not_a_second_post():
    text = ("旗委常委、政法委书记巴图,旗政府副旗长、公安局党委书记、局长孟和平参加会议。"
            "旗人民政府副旗长、公安局党委书记、局长孟和平作题为《守牢底线 服务发展》的工作报告。")
    _, posts = people(text)
    assert [p for p in posts if p[0] == "孟和平"] == [
        ("孟和平", "旗政府副旗长"), ("孟和平", "公安局党委书记"), ("孟和平", "局长")]


def test_standing_committee_is_an_organization_not_a_title():
    names, posts = people("县人大常委会党组书记、主任邵东升,县政协主席、县委副书记、县委政法委书记简宁参加会议。")
    assert names == ["邵东升", "简宁"]
    assert ("邵东升", "县人大常委会党组书记") in posts


def test_a_meeting_named_after_a_title_is_not_a_person():
    names, _ = people("全市公安局长会议召开。全省公安局长会议在济南召开。")
    assert names == []


def test_name_before_title_later_is_one_person():
    names, _ = people("旗人民政府副旗长、公安局长白振刚参加会议并讲话。白振刚副旗长就全旗禁毒工作作动员。")
    assert names == ["白振刚"]


def test_an_assistant_to_the_governor_is_a_post():
    """省长助理 is a post of its own, as 市长助理 and 部长助理 are."""
    names, posts = people("4月9日上午,省长助理、公安厅厅长黎国栋主持召开厅党委扩大会议。")
    assert names == ["黎国栋"] and posts == [("黎国栋", "省长助理"), ("黎国栋", "公安厅厅长")]
