"""Roles at the reported meeting from real sentences."""
from __future__ import annotations

from kgraph.extract.people import extract_people
from kgraph.extract.roles import extract_roles
from tests.conftest import make_doc, sents_of


def roles(text: str) -> set[tuple[str, str]]:
    doc = make_doc(text)
    sents = sents_of(doc)
    persons, _ = extract_people(doc, sents)
    return {(r.person, r.role) for r in extract_roles(doc, sents, [p.name for p in persons], "M")}


def test_attended_and_spoke():
    assert roles("副省长,公安厅党委书记、厅长李伟出席会议并讲话。") == {("李伟", "attended"), ("李伟", "spoke")}


def test_presided_and_the_next_clause_keeps_the_subject():
    got = roles("省公安厅党委副书记、常务副厅长张月波主持会议,传达了全国公安厅局长会议等精神。")
    assert got == {("张月波", "presided"), ("张月波", "spoke"), ("张月波", "attended")}


def test_a_list_of_officials_shares_the_verb_at_its_end():
    got = roles("区委书记宛小林,市局党委委员、政治部主任陶丛林,区委副书记、政法委书记陈罡出席会议。")
    assert got == {("宛小林", "attended"), ("陶丛林", "attended"), ("陈罡", "attended")}


def test_two_stages_chaired_by_two_people():
    text = ("副区长、下陆公安分局党委书记、局长张志华,分局党委副书记、政委傅峰出席会议。"
            "会议分两个阶段进行,分别由张志华同志、傅峰同志主持。")
    assert ("张志华", "presided") in roles(text) and ("傅峰", "presided") in roles(text)


def test_pronoun_carries_the_speaker_across_sentences():
    text = "区委书记宛小林出席会议。\n宛小林同志指出,过去一年成绩显著。\n他强调\n全区公安机关要坚持以人民为中心。"
    assert ("宛小林", "spoke") in roles(text)


def test_people_whose_instructions_were_conveyed_did_not_attend():
    text = ("会议传达了副省长、省公安厅厅长李耀光,市委书记陈金虎和市长盛蕾对常州市公安工作的批示。"
            "市委副书记、政法委书记季培东出席会议并讲话。副市长、市公安局局长于贵平主持会议并作工作部署。")
    assert roles(text) == {("季培东", "attended"), ("季培东", "spoke"), ("于贵平", "attended"),
                           ("于贵平", "presided"), ("于贵平", "spoke")}


def test_a_headline_of_names_and_verbs_gives_each_its_own_role():
    text = "单义出席并讲话老颜武主持谢卫东张健出席\n副省长、市委书记单义出席会议并讲话。市委副书记、市长老颜武主持会议。"
    got = roles(text)
    assert ("单义", "presided") not in got and ("老颜武", "presided") in got


def test_supervising_visitors_attended_but_did_not_speak():
    text = "市局党委巡察办主任白景民,旗委组织部副部长孙晓飞,旗政法委副书记樊华,旗纪委常委、监委委员王通达到会指导。"
    assert roles(text) == {(n, "attended") for n in ("白景民", "孙晓飞", "樊华", "王通达")}


def test_reading_out_and_reporting_count_as_speaking():
    text = ("公安局党委委员、纪检组组长杨彩凤出席会议。公安局党委委员、纪检组组长杨彩凤作《党风廉政建设工作报告》。"
            "会上,局党委副书记、政委李富宣读了《教育整顿实施方案》。")
    got = roles(text)
    assert ("杨彩凤", "spoke") in got and ("李富", "spoke") in got


def test_a_speech_at_another_meeting_is_not_speaking_at_this_one():
    text = ("省委常委、市委书记王忠林出席会议并讲话。王忠林指出,省委书记刘家义在全省公安工作会议上的讲话,"
            "对做好当前和今后一个时期全省公安工作提出明确要求。")
    got = roles(text)
    assert ("王忠林", "spoke") in got
    assert not any(person == "刘家义" for person, _ in got)


def test_giving_an_important_speech_is_speaking_but_studying_one_is_not():
    """bench/extra_gold2/y05: 黄世勇作重要讲话 speaks at the meeting; 学习…重要讲话 names someone else's."""
    got = roles("最后,县委常委、政法委书记黄世勇作重要讲话,他强调全县上下要掀起禁毒宣传活动的高潮。")
    assert got == {("黄世勇", "spoke"), ("黄世勇", "attended")}
    assert roles("县委书记王刚组织学习了习近平总书记重要讲话精神。") == set()
