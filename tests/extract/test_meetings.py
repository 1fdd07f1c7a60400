"""The reported meeting, its date, place, organizer and level; referenced meetings."""
from __future__ import annotations

import datetime as dt

from kgraph.extract.meetings import extract_meetings
from tests.conftest import make_doc, sents_of


def meetings(text: str, **meta):
    doc = make_doc(text, **meta)
    found, honours = extract_meetings(doc, sents_of(doc))
    return [m for m in found if m.reported], [m.name for m in found if not m.reported], honours


def test_held_in_a_city_with_the_dateline_year():
    text = ("2023年02月10日 20:52  山东省公安厅\n\n2月10日,全省公安局长会议在济南召开。会议主要任务是:"
            "按照中央政法工作会议、全国公安厅局长会议的部署要求,总结工作。")
    reported, refs, _ = meetings(text, date=dt.date(2023, 2, 10))
    assert [(m.name, m.date, m.place, m.level) for m in reported] == [
        ("全省公安局长会议", dt.date(2023, 2, 10), "济南", "全省")]
    assert refs == ["中央政法工作会议", "全国公安厅局长会议"]


def test_organizer_before_convened_and_morning_date():
    text = "日期:2024-03-12 来源:下陆公安\n\n3月12日上午,下陆区召开2024年全区公安工作会议。"
    (m,), _, _ = meetings(text, date=dt.date(2024, 3, 12))
    assert (m.name, m.date, m.organizer, m.level) == ("2024年全区公安工作会议", dt.date(2024, 3, 12), "下陆区", "全区")


def test_year_from_the_work_it_plans_when_there_is_no_dateline():
    text = "2月25日,潍坊滨海公安分局召开全区公安工作会议,总结工作、表彰先进,安排部署2021年全区公安工作。"
    (m,), _, _ = meetings(text)
    assert (m.name, m.date, m.organizer) == ("全区公安工作会议", dt.date(2021, 2, 25), "潍坊滨海公安分局")


def test_no_year_anywhere_means_no_date():
    (m,), _, _ = meetings("6月15日,全市公安机关“一标三实”总结表彰暨工作部署会议召开。")
    assert m.name == "全市公安机关“一标三实”总结表彰暨工作部署会议" and m.date is None


def test_headline_decoration_and_breadcrumbs_are_not_part_of_the_name():
    text = ("笃行实干勇担当 乘势而上谋发展——2024年全区公安工作会议召开\n日期:2024-03-12 来源:下陆公安\n"
            "3月12日上午,下陆区召开2024年全区公安工作会议。")
    (m,), _, _ = meetings(text, date=dt.date(2024, 3, 12))
    assert m.name == "2024年全区公安工作会议"


def test_held_by_video_has_no_place():
    (m,), _, _ = meetings("2020-03-07 15:15 来源: 三明市公安局网站\n3月6日,全市公安局长会议以视频会形式召开。",
                          date=dt.date(2020, 3, 7))
    assert (m.name, m.date, m.place) == ("全市公安局长会议", dt.date(2020, 3, 6), None)


def test_awards_are_honours_of_the_meeting():
    _, _, honours = meetings("2月10日,全省公安局长会议在济南召开。会议为受表彰单位和个人颁奖。")
    assert [h.text for h in honours] == ["会议为受表彰单位和个人颁奖。"]


def test_headline_and_body_naming_one_meeting_with_other_spacing_are_one_meeting():
    """A report (bench/extra_gold2/y05) whose headline writes “8.31” 工程 and whose body writes “8.31”工程:
    one meeting, with the body's place."""
    text = ("横县召开“2018两打两控”和禁毒严打整治专项行动暨推进“8.31” 工程及“6.26国际禁毒日”现场会 为进一步深化全民禁毒"
            "预防宣传教育,营造禁毒人民战争强大声势。6月22日上午, 在百合镇召开横县“2018两打两控”和禁毒严打整治专项行动"
            "暨推进“8.31”工程及“6.26国际禁毒日”现场会。")
    (m,), _, _ = meetings(text)
    assert (m.name, m.place, m.organizer, m.date_text) == (
        "横县“2018两打两控”和禁毒严打整治专项行动暨推进“8.31”工程及“6.26国际禁毒日”现场会", "百合镇", "横县", "6月22日")


def test_who_held_it_and_the_room_it_was_held_in():
    """青川县公安局在五楼视频会议室隆重举行 (bench/extra_gold2/y20): the organizer before 在, the room after
    it; a time is no place."""
    (m,), _, _ = meetings("近日,青川县公安局在五楼视频会议室隆重举行公安民警服务成就荣誉奖章颁授仪式。")
    assert (m.name, m.organizer, m.place) == ("公安民警服务成就荣誉奖章颁授仪式", "青川县公安局", "五楼视频会议室")
    (m,), _, _ = meetings("6月13日,市局在三楼会议室召开 “三城同创”动员大会。")
    assert (m.name, m.place) == ("“三城同创”动员大会", "三楼会议室")
    (m,), _, _ = meetings("3月2日,全市公安机关在疫情防控期间召开视频调度会议。")
    assert (m.name, m.place) == ("视频调度会议", None)


def test_a_talk_named_by_its_kind_alone_and_a_background_meeting():
    """bench/extra_gold/x19: the county leaders' 座谈会 is the reported meeting; the national ceremony
    told as background (据了解, …于5月25日在北京召开) is not."""
    text = ("近日,乐东黎族自治县委书记孙世文,县委副书记、县长黄文聪会见受全国表彰的乐东县公安系统英雄模范立功集体代表和个人。"
            "县政府副县长、县公安局长蔡新文主持座谈会。\n\n座谈会上,受表彰集体代表和个人依次进行了发言。\n\n"
            "据了解,全国公安系统英雄模范立功集体表彰大会于5月25日在北京召开,表彰了近五年来在各项公安工作中作出突出贡献的先进集体。\n")
    reported, _, _ = meetings(text)
    assert [(m.name, m.date) for m in reported] == [("座谈会", None)]


def test_a_day_without_a_month_takes_the_news_line_date():
    """bench/extra_gold2/y01: 东北网5月22日讯 …22日, on a page stamped 2012-05-23: the talk was on the 22nd."""
    text = ("吉炳轩与全国公安系统英雄模范立功集体代表座谈\n2012-05-23 13:46:21 来源:东北网\n\n"
            "东北网5月22日讯 (焦明忠 记者 岳云雪)22日,省委书记吉炳轩与参加全国公安系统英雄模范立功集体表彰大会的"
            "我省公安战线代表进行座谈。省委副书记杜家毫参加座谈。\n\n"
            "座谈会开始前,吉炳轩同与会代表一一握手,致以亲切问候,并合影留念。\n")
    reported, _, _ = meetings(text, date=dt.date(2012, 5, 23))
    assert [(m.name, m.date) for m in reported] == [("座谈会", dt.date(2012, 5, 22))]
