"""Directive lists of the seeds, asserted exactly, and requirement shapes from the dev articles."""
from __future__ import annotations

import pytest

from kgraph.extract.directives import chinese_number, extract_directives, overall_approach, report_titles
from tests.conftest import make_doc, sents_of

SEED000_PERSONS = ["李伟", "张月波", "纪勇", "槐国栋", "李祝群", "修春清", "申延军", "王海防", "习近平"]
SEED004_PERSONS = ["宛小林", "陶丛林", "陈罡", "张志华", "傅峰", "习近平"]


def directives(text: str, persons=(), meeting="全市公安工作会议", doc_id="t.txt"):
    doc = make_doc(text, doc_id)
    return extract_directives(doc, sents_of(doc), meeting, list(persons))


def shape(text: str, persons=(), words=8):
    """[(issuer, announced, found, [first words of each directive])] in list order."""
    found, lists = directives(text, persons)
    return [(dl.issuer, dl.announced, dl.found,
             [d.text[:words] for d in found if d.list_id == dl.list_id]) for dl in lists]


# -- the seeds, exactly ----------------------------------------------------------------------

def test_seed000_meeting_paragraphs_split_into_requirements(seed_texts):
    assert shape(seed_texts["seed000.txt"], SEED000_PERSONS) == [
        # 今后五年,是…关键时期,全省公安机关要…: the demand starts with its subject, not the background
        (None, None, 2, ["要清醒认识新形势", "全省公安机关要紧"]),
        (None, None, 4, ["要深入贯彻总体国", "健全完善维护政治", "健全完善维护社会", "健全完善公共安全"]),
        (None, None, 6, ["要深化改革攻坚,", "深化智慧公安建设", "深化警务体制机制", "深化基层基础建设",
                         "深化法治公安建设", "深化公安行政管理"]),
        (None, None, 9, ["要坚持政治建警、", "加强政治建设,坚", "毫不动摇坚持政治", "增强斗争本领,全",
                         "树立选人用人导向", "涵养清风正气,持", "完善责任体系抓好", "强化引导激励,全",
                         "做实做细从优待警"]),
    ]


def test_seed000_headers_meeting_and_the_overall_approach_is_not_a_directive(seed_texts):
    text = seed_texts["seed000.txt"]
    found, lists = directives(text, SEED000_PERSONS, meeting="全省公安局长会议", doc_id="seed000.txt")
    assert [dl.header for dl in lists] == ["会议强调", "会议要求", "会议强调", "会议要求"]
    assert {d.meeting for d in found} == {"全省公安局长会议"}
    assert not any("总体思路" in d.text for d in found)
    assert found[0].text == "要清醒认识新形势给公安工作带来的新挑战新考验,准确把握今年和今后一个时期公安工作的总体要求"
    assert overall_approach(make_doc(text), sents_of(make_doc(text))).startswith(
        "坚持以习近平新时代中国特色社会主义思想为指导")


def test_seed004_lists_by_issuer(seed_texts):
    assert shape(seed_texts["seed004.txt"], SEED004_PERSONS) == [
        # 他强调 / 2024年是…提速之年,全区公安机关要…: his demand before the numbered list is its own list
        ("宛小林", None, 1, ["全区公安机关要坚"]),
        # 宛小林同志指出… / 他强调 / 一要…四要
        ("宛小林", None, 4, ["要在筑牢忠诚警魂", "要在维护社会安宁", "要在服务民生所向", "要在建设过硬队伍"]),
        # 陶丛林同志代表市局党委…提出四点要求。一要…
        ("陶丛林", 4, 4, ["要明方向,始终牢", "要强担当,始终牢", "要求真效,始终牢", "要守规矩,始终坚"]),
        # in the report 张志华 delivered in the second stage
        ("张志华", 9, 9, ["毫不动摇地坚持党", "高站位维护政治安", "高水平维护社会稳", "高品质建设一体化",
                          "高要求规范执法", "高起点推进基础工", "高质量优化营商环", "高标准建设过硬队",
                          "高质效建设首善公"]),
        ("张志华", 10, 10, ["强力开展命案积案", "严厉打击电信网络", "争创全国示范区", "严格规范涉企执法",
                            "完善执法办案中心", "按要求完成信息科", "大力开展扫黑除恶", "如期完成公安改革",
                            "改善基层所队办公", "推进辅警管理制度"]),
        # 傅峰同志提出要把…;持续加强…
        ("傅峰", None, 2, ["要把学习传达系列", "持续加强党的政治"]),
    ]


def test_seed004_directives_carry_ordinals_spans_and_themes(seed_texts):
    text = seed_texts["seed004.txt"]
    found, lists = directives(text, SEED004_PERSONS, doc_id="seed004.txt")
    assert [dl.list_id for dl in lists] == [1, 2, 3, 4, 5, 6]
    assert [dl.header for dl in lists[2:5]] == [
        "陶丛林同志代表市局党委,充分肯定了分局2023年的工作成绩,就做好2024年公安工作提出四点要求",
        "重点抓好以下9个方面",
        "继续聚焦群众所盼、基层所需,集中力量、明确责任抓好“十件实事”",
    ]
    for dl in lists:
        ordinals = [d.ordinal for d in found if d.list_id == dl.list_id]
        assert ordinals == list(range(1, dl.found + 1))
    for d in found:
        assert text[d.span.start:d.span.end] == d.text
        assert d.span.doc_id == "seed004.txt"
    tao = [d for d in found if d.issuer == "陶丛林"]
    assert tao[0].text == "要明方向,始终牢记“公安姓党”,不断提升政治能力"
    assert [d.themes for d in tao] == [("公安姓党",), ("国之大者",), ("首善之为",), ("严管厚爱",)]
    assert found[-1].themes == ("三个绝对", "四个铁一般")
    assert found[3].themes == ("枫桥经验", "放管服", "营商环境", "四下基层")


def test_seed004_report_title_and_overall_approach(seed_texts):
    doc = make_doc(seed_texts["seed004.txt"])
    [(title, speaker, span)] = report_titles(doc, sents_of(doc), SEED004_PERSONS)
    assert (title, speaker) == ("忠诚履职,勇于担当,为打造武汉都市圈重要增长极首善之区贡献最强公安力量", "张志华")
    assert doc.text[span.start:span.end] == title
    assert overall_approach(doc, sents_of(doc)).endswith("建设武汉都市圈重要增长极首善之区保驾护航")


def test_announced_count_that_the_text_does_not_hold_is_recorded():
    # seed004's 十件实事, cut after the fifth item as excerpts are
    text = ("继续聚焦群众所盼、基层所需,集中力量、明确责任抓好“十件实事”。一是强力开展命案积案攻坚;"
            "二是严厉打击电信网络诈骗;三是争创全国示范区;四是严格规范涉企执法行为;五是完善执法办案中心建设。")
    [(issuer, announced, found, _)] = shape(text)
    assert (issuer, announced, found) == (None, 10, 5)


# -- shapes from the dev articles ------------------------------------------------------------

def test_inline_enumeration_ends_with_its_sentence():
    # d01: the paragraph goes on after the list
    text = ("全桂寿强调,今年是新中国成立70周年,是全面建成小康社会关键之年。全市公安机关要深刻认识当前工作面临的压力和挑战,"
            "努力开创社会和谐稳定新局面。一是要旗帜鲜明讲政治,永葆忠诚本色。二是要全力以赴抓防控,确保社会稳定。"
            "三是要毫不动摇抓主业,护航经济社会发展。四是要全力以赴抓担当,铸造公安铁军。 会议通报了2018年全市公安工作情况。")
    found, lists = directives(text, ["全桂寿"])
    assert [d.text for d in found] == ["要旗帜鲜明讲政治,永葆忠诚本色", "要全力以赴抓防控,确保社会稳定",
                                       "要毫不动摇抓主业,护航经济社会发展", "要全力以赴抓担当,铸造公安铁军"]
    assert {d.issuer for d in found} == {"全桂寿"}


def test_unattributed_enumeration_belongs_to_the_meeting():
    # d04: the excerpt never says whose speech this is
    text = ("省厅治安总队吴坤副总队长作了“一标三实”工作专题辅导。\n"
            "一是肯定成绩、总结经验,坚定再创一流的信心决心。二是认清形势、对标找差,准确把握存在的问题短板。"
            "三是厘清思路、锁定目标,科学制定全年的工作规划。\n")
    assert shape(text, ["吴坤"]) == [(None, None, 3, ["肯定成绩、总结经", "认清形势、对标找", "厘清思路、锁定目"])]


def test_cue_on_its_own_line_and_background_left_out():
    # d03
    text = ("会议指出\n今年以来,全市公安队伍牢记使命、忠诚履职,平安建设有新成效。要肯定成绩、提振精神,切实增强做好公安工作的信心决心。\n"
            "会议强调\n要严管厚爱、激励担当,切实锻造过硬的公安铁军。做到政治建警、素质强警、从严治警、从优待警,筑牢政治忠诚。\n"
            "副市长、公安局局长关兆宇作主题报告。")
    assert shape(text, ["关兆宇"]) == [
        (None, None, 1, ["要肯定成绩、提振"]),
        (None, None, 2, ["要严管厚爱、激励", "做到政治建警、素"]),
    ]


def test_paragraphs_opening_with_yao_continue_the_meeting_paragraph():
    # d14
    text = ("会议强调,全省各级公安机关要聚精会神、全力以赴、统筹摆布,全力护航党的二十大胜利召开。\n"
            "要时刻保持清醒头脑,进一步强化底线思维、极限思维。\n要全面夯实基础工作,进一步摸清基础情况。\n"
            "省公安厅党委副书记、分管日常工作的副厅长潘春吉出席会议并发言。")
    assert shape(text, ["潘春吉"]) == [(None, None, 3, ["全省各级公安机关", "要时刻保持清醒头", "要全面夯实基础工"])]


def test_a_speech_goes_on_past_another_name_it_cites():
    # d13: 刘家义 is cited inside 王忠林's speech; assessments are not directives
    text = ("王忠林指出,习近平总书记的重要讲话,为公安事业的发展指明了前进方向、提供了根本遵循。"
            "省委书记刘家义在全省公安工作会议上的讲话,对做好当前和今后一个时期全省公安工作提出明确要求。"
            "全市各级各部门要认真学习领会,以高度的政治自觉、强烈的责任担当,坚决抓好贯彻落实。")
    assert shape(text, ["王忠林", "刘家义", "习近平"], words=12) == [
        ("王忠林", None, 1, ["全市各级各部门要认真学习"])]


def test_pronoun_and_hope_take_the_last_speaker():
    # d07 and d05
    text = ("李晓彤充分肯定全区公安工作取得的成效。他强调,全区公安系统要坚持党的绝对领导。要紧扣护航党的二十大,进一步做好风险防控。\n"
            "张恒道在讲话中对全区公安工作给予了高度评价和充分肯定。希望全区公安机关继续发扬铁军作风;"
            "要牢牢把握新时代公安工作的任务,以更大作为护航平安建设。")
    assert shape(text, ["李晓彤", "张恒道"]) == [
        ("李晓彤", None, 2, ["全区公安系统要坚", "要紧扣护航党的二"]),
        ("张恒道", None, 2, ["希望全区公安机关", "要牢牢把握新时代"]),
    ]


def test_report_titles_with_their_speakers():
    # d11
    text = ("旗人民政府副旗长、公安局党委书记、局长张杰作题为《以铸牢中华民族共同体意识为主线 开拓创新奋力书写正蓝旗公安工作新篇章》的大会报告。"
            "公安局党委委员、纪检组组长杨彩凤作《党风廉政建设工作报告》。")
    doc = make_doc(text)
    assert [(t, s) for t, s, _ in report_titles(doc, sents_of(doc), ["张杰", "杨彩凤"])] == [
        ("以铸牢中华民族共同体意识为主线 开拓创新奋力书写正蓝旗公安工作新篇章", "张杰"),
        ("党风廉政建设工作报告", "杨彩凤"),
    ]


def test_no_directives_in_a_text_without_any():
    assert directives("3月6日,全市公安局长会议以视频会形式召开。") == ([], [])
    doc = make_doc("会议召开。")
    assert overall_approach(doc, sents_of(doc)) is None


@pytest.mark.parametrize("written, value", [("9", 9), ("九", 9), ("十", 10), ("十二", 12), ("二十", 20), ("两", 2)])
def test_chinese_number(written, value):
    assert chinese_number(written) == value


# bench/extra_gold/x09.txt (甘肃日报, 2020): the speaker is named after two titles, then "他"
X09 = ("3月6日,全省公安局长会议通过视频形式召开。副省长、省公安厅厅长余建强调,要按照习近平总书记重要指示要求和党中央、"
       "省委省政府、公安部安排部署,忠诚坚守、担当尽责,统筹推进新冠肺炎疫情防控和经济社会发展工作,全力保障企业有序复工复产。\n"
       "余建对去年以来全省公安工作的发展进步予以充分肯定。他强调,要着眼推进国家治理体系和治理能力现代化,"
       "聚焦实施“政法工作三年大提升行动”。要推进全警实战大练兵和社会治安防控体系建设两项工程,切实提升公安实战能力。")


def test_a_speaker_named_after_titles_issues_what_he_stresses_and_his_pronoun_carries_on():
    found, _ = directives(X09, ["余建"], meeting="全省公安局长会议")
    assert [(d.issuer, d.text[:8]) for d in found] == [
        ("余建", "要按照习近平总书"), ("余建", "要着眼推进国家治"), ("余建", "要推进全警实战大")]


def test_titles_before_a_name_not_found_as_a_person_give_no_issuer():
    found, _ = directives(X09, [], meeting="全省公安局长会议")
    assert {d.issuer for d in found} == {None}
