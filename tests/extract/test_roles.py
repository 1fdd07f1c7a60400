"""Roles at the reported meeting: sentences of the seeds and sentences written here (invented names)."""
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
    text = ("会上传达了副省长、省公安厅厅长钱永安,市委书记方启明和市长韦晓岚对青原市公安工作的指示。"
            "市委常委、政法委书记葛长青出席会议并讲话。副市长、市公安局局长严守信主持会议并作工作部署。")
    assert roles(text) == {("葛长青", "attended"), ("葛长青", "spoke"), ("严守信", "attended"),
                           ("严守信", "presided"), ("严守信", "spoke")}


def test_a_headline_of_names_and_verbs_gives_each_its_own_role():
    text = "单志远出席并讲话老明远主持邵东升简宁出席\n省委常委、市委书记单志远出席会议并讲话。市委副书记、市长老明远主持会议。"
    got = roles(text)
    assert ("单志远", "presided") not in got and ("老明远", "presided") in got


def test_supervising_visitors_attended_but_did_not_speak():
    text = "市局党委督察室主任石清泉,县委组织部副部长龚晓雨,县政法委副书记卜然,县纪委常委、监委委员刘通达到会指导。"
    assert roles(text) == {(n, "attended") for n in ("石清泉", "龚晓雨", "卜然", "刘通达")}


def test_reading_out_and_reporting_count_as_speaking():
    text = ("公安局党委委员、督察长俞晓梅出席会议。公安局党委委员、督察长俞晓梅作《队伍管理情况报告》。"
            "会上,局党委副书记、政委林川宣读了《专项整治工作方案》。")
    got = roles(text)
    assert ("俞晓梅", "spoke") in got and ("林川", "spoke") in got


def test_a_speech_at_another_meeting_is_not_speaking_at_this_one():
    text = ("省委常委、市委书记温立国出席会议并讲话。温立国指出,省委书记庞正阳在全省禁毒工作会议上的讲话,"
            "为全市禁毒工作指明了方向。")
    got = roles(text)
    assert ("温立国", "spoke") in got
    assert not any(person == "庞正阳" for person, _ in got)


def test_giving_an_important_speech_is_speaking_but_studying_one_is_not():
    """作重要讲话 speaks at the meeting; 学习…重要讲话 names someone else's."""
    got = roles("会议最后,县委常委、政法委书记邹明德作重要讲话,他要求各乡镇把反诈宣传做到每家每户。")
    assert got == {("邹明德", "spoke"), ("邹明德", "attended")}
    assert roles("县委书记卢振刚组织学习了习近平总书记重要讲话精神。") == set()
