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
    text = "3月4日,青原高新公安分局召开全区公安工作会议,回顾工作、表彰先进,安排部署2022年全区公安工作。"
    (m,), _, _ = meetings(text)
    assert (m.name, m.date, m.organizer) == ("全区公安工作会议", dt.date(2022, 3, 4), "青原高新公安分局")


def test_no_year_anywhere_means_no_date():
    (m,), _, _ = meetings("9月12日,全市公安机关“净网护苗”总结表彰暨工作推进会议召开。")
    assert m.name == "全市公安机关“净网护苗”总结表彰暨工作推进会议" and m.date is None


def test_headline_decoration_and_breadcrumbs_are_not_part_of_the_name():
    text = ("笃行实干勇担当 乘势而上谋发展——2024年全区公安工作会议召开\n日期:2024-03-12 来源:下陆公安\n"
            "3月12日上午,下陆区召开2024年全区公安工作会议。")
    (m,), _, _ = meetings(text, date=dt.date(2024, 3, 12))
    assert m.name == "2024年全区公安工作会议"


def test_held_by_video_has_no_place():
    (m,), _, _ = meetings("2021-11-19 08:40 来源: 青原市公安局网站\n11月18日,全市公安局长会议以视频会形式召开。",
                          date=dt.date(2021, 11, 19))
    assert (m.name, m.date, m.place) == ("全市公安局长会议", dt.date(2021, 11, 18), None)


def test_awards_are_honours_of_the_meeting():
    _, _, honours = meetings("2月10日,全省公安局长会议在济南召开。会议为受表彰单位和个人颁奖。")
    assert [h.text for h in honours] == ["会议为受表彰单位和个人颁奖。"]


def test_headline_and_body_naming_one_meeting_with_other_spacing_are_one_meeting():
    """A headline that writes “6.18” 工程 and a body that writes “6.18”工程: one meeting, with the body's place."""
    text = ("遂昌县召开“2023清源行动”和电诈整治专项行动暨推进“6.18” 工程及“全民反诈月”现场会 为进一步提升群众"
            "识骗防骗能力,形成全民反诈浓厚氛围。5月9日上午, 在石桥镇召开遂昌县“2023清源行动”和电诈整治专项行动"
            "暨推进“6.18”工程及“全民反诈月”现场会。")
    (m,), _, _ = meetings(text)
    assert (m.name, m.place, m.organizer, m.date_text) == (
        "遂昌县“2023清源行动”和电诈整治专项行动暨推进“6.18”工程及“全民反诈月”现场会", "石桥镇", "遂昌县", "5月9日")


def test_who_held_it_and_the_room_it_was_held_in():
    """X公安局在…会议室隆重举行…仪式: the organizer before 在, the room after it; a time is no place."""
    (m,), _, _ = meetings("近日,梅岭县公安局在四楼指挥中心会议室隆重举行从警三十年荣誉纪念章颁发仪式。")
    assert (m.name, m.organizer, m.place) == ("从警三十年荣誉纪念章颁发仪式", "梅岭县公安局", "四楼指挥中心会议室")
    (m,), _, _ = meetings("8月2日,市局在二楼会议室召开 “平安护航”动员大会。")
    assert (m.name, m.place) == ("“平安护航”动员大会", "二楼会议室")
    (m,), _, _ = meetings("3月2日,全市公安机关在疫情防控期间召开视频调度会议。")
    assert (m.name, m.place) == ("视频调度会议", None)


def test_a_talk_named_by_its_kind_alone_and_a_background_meeting():
    """The county leaders' 座谈会 is the reported meeting; the provincial ceremony told as background
    (据了解, …于M月D日在P召开) is not."""
    text = ("近日,云溪县委书记项东平,县委副书记、县长屈立会见受全省表彰的云溪县公安系统先进集体代表和个人。"
            "县政府副县长、县公安局长宁海涛主持座谈会。\n\n座谈会上,先进集体代表和个人先后作了交流发言。\n\n"
            "据了解,全省公安系统先进集体和先进个人表彰大会于3月18日在青原召开,表彰了近三年来成绩突出的单位和个人。\n")
    reported, _, _ = meetings(text)
    assert [(m.name, m.date) for m in reported] == [("座谈会", None)]


def test_a_day_without_a_month_takes_the_news_line_date():
    """青原网10月16日讯 …16日, on a page stamped 2019-10-17: the talk was on the 16th."""
    text = ("鲁文江与全省见义勇为先进个人代表座谈\n2019-10-17 09:02:11 来源:青原网\n\n"
            "青原网10月16日讯 (通讯员 何静 记者 孔鸣)16日,省委书记鲁文江与参加全省见义勇为英雄模范表彰大会的"
            "我市代表进行座谈。省委副书记郑安参加座谈。\n\n"
            "座谈会开始前,鲁文江同代表们逐一握手,并合影留念。\n")
    reported, _, _ = meetings(text, date=dt.date(2019, 10, 17))
    assert [(m.name, m.date) for m in reported] == [("座谈会", dt.date(2019, 10, 16))]
