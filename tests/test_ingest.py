"""ingest: encodings, HTML extraction, page chrome, datelines, errors, source walking.

Texts are quoted from the seeds or written here in the shapes real pages take (datelines,
breadcrumbs, bylines); every encoded file is made in tmp_path so each test says exactly which
bytes it reads.
"""
from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest

from kgraph import facts, ingest, lexicon
from kgraph.errors import BinaryFile, EmptyFile, InputError, UndecodableFile, UnsupportedFile
from kgraph.ingest import iter_sources, parse_chinese_date, read_all, read_document

# seed000: headline, the unlabeled dateline, two body lines
ARTICLE = (
    "全省公安局长会议召开\n"
    "2023年02月10日 20:52  山东省公安厅\n"
    "\n"
    "2月10日,全省公安局长会议在济南召开。副省长,公安厅党委书记、厅长李伟出席会议并讲话。\n"
    "会议指出,2023年是全面贯彻落实党的二十大精神的开局之年,推动全省公安工作“走在前、开新局”。\n"
)
# the same in traditional characters, as a Big5 site would carry it
ARTICLE_TRADITIONAL = (
    "全省公安局長會議召開\n"
    "2023年02月10日 20:52  山東省公安廳\n"
    "\n"
    "全省公安局長會議在濟南召開。副省長，公安廳黨委書記、廳長李偉出席會議並講話。\n"
)
# seed004: the three paragraphs after the dateline
PARAGRAPHS = (
    "3月12日上午,下陆区召开2024年全区公安工作会议。会议坚持以习近平新时代中国特色社会主义思想为指导,"
    "全面贯彻落实党的二十大精神,深入贯彻习近平法治思想,认真落实各级党委政府决策部署以及上级公安工作会议精神,"
    "总结2023年工作,分析当前形势,研究部署2024年全区公安工作。",
    "区委书记宛小林,市局党委委员、政治部主任陶丛林,区委副书记、政法委书记陈罡,副区长、下陆公安分局党委书记、"
    "局长张志华,分局党委副书记、政委傅峰出席会议。",
    "分局在家党委班子成员,各派出所、局直各单位副科职以上干部,民警代表以及立功受奖民辅警、家属代表共计120余人"
    "参加会议。会议分两个阶段进行,分别由张志华同志、傅峰同志主持。",
)
HEADLINE = "笃行实干勇担当 乘势而上谋发展——2024年全区公安工作会议召开"

GOV_PAGE = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{HEADLINE}_黄石市下陆区人民政府</title>
<script>var _hmt = _hmt || []; document.write("设为首页");</script>
<style>body {{ font-size: 14px }}</style>
</head>
<body>
<div class="top">
  <ul class="topnav">
    <li><a href="#">设为首页</a></li><li><a href="#">加入收藏</a></li>
    <li><a href="#">无障碍阅读</a></li><li><a href="#">长者版</a></li>
  </ul>
  <ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul>
</div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; 部门动态</div>
<div class="article">
  <h1>{HEADLINE}</h1>
  <div class="info">日期:2024-03-12 来源:下陆公安 <span>字号：[ 大 中 小 ]</span></div>
  <div class="content">
    <p>{PARAGRAPHS[0]}</p>
    <p>{PARAGRAPHS[1]}</p>
    <p>{PARAGRAPHS[2]}</p>
  </div>
  <div class="tools"><a href="javascript:window.print()">打印本页</a> <a href="#">关闭窗口</a></div>
  <div class="qrcode">扫一扫在手机打开当前页</div>
</div>
<div class="footer">
  <p>主办：黄石市下陆区人民政府办公室 版权所有</p>
  <p>网站标识码：4202040001 鄂ICP备05003398号</p>
</div>
</body>
</html>
"""


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def read(folder: Path, name: str, data: bytes | str):
    return read_document(write(folder, name, data), folder)


# ---- encodings ---------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "encoding"), [
    (ARTICLE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
    (ARTICLE.encode("gb18030"), "gb18030"),
    (ARTICLE.encode("gb2312"), "gb18030"),
    (ARTICLE.encode("gbk"), "gb18030"),
    (ARTICLE.encode("utf-16"), "utf-16"),  # with BOM, native order
    (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16"),
    (ARTICLE.encode("utf-16-le"), "utf-16-le"),  # no BOM: found by its NUL bytes
    (ARTICLE.encode("utf-16-be"), "utf-16-be"),
    (ARTICLE.encode("utf-32"), "utf-32"),
], ids=["utf-8", "utf-8-bom", "gb18030", "gb2312", "gbk", "utf-16-bom", "utf-16-be-bom",
        "utf-16-le", "utf-16-be", "utf-32-bom"])
def test_each_encoding_round_trips_to_the_exact_text(tmp_path, data, encoding):
    document = read(tmp_path, "a.txt", data)
    assert document.text == ARTICLE
    assert document.encoding == encoding
    assert (document.date, document.source, document.title) == (dt.date(2023, 2, 10), "山东省公安厅", "全省公安局长会议召开")


def test_big5_is_not_mistaken_for_gb18030(tmp_path):
    data = ARTICLE_TRADITIONAL.encode("big5")
    data.decode("gb18030")  # the trap: these bytes are valid GB18030 too, as rare characters
    document = read(tmp_path, "trad.txt", data)
    assert document.encoding == "big5"
    assert document.text == ARTICLE_TRADITIONAL
    assert document.source == "山東省公安廳"


@pytest.mark.parametrize(("text", "encoding"), [
    ("会议召开", "gb18030"), ("公安厅", "gb18030"), ("李伟出席会议并讲话。", "gb18030"),
    ("2023年", "gb18030"),  # also Big5 for 2023爛: a tie goes to GB, as mainland sites prevail
    ("會議召開", "big5"), ("公安廳黨委書記", "big5"),
    ("砥砺奋进", "utf-16-be"),  # as cp932 it reads x%x:YK象, plausible but Japanese
    ("坚持做强主业", "utf-16-le"),  # valid ASCII too, with control characters: ZW\x01cZP:_;N\x1aN
])
def test_short_texts_decode_right(tmp_path, text, encoding):
    document = read(tmp_path, "short.txt", text.encode(encoding))
    assert (document.text, document.encoding) == (text, encoding)


def test_utf16_without_bom_or_ascii_is_detected(tmp_path):
    text = "全省公安局長會議在濟南召開"  # no ASCII, so no NUL byte to give it away
    assert (read(tmp_path, "le.txt", text.encode("utf-16-le")).encoding,
            read(tmp_path, "be.txt", text.encode("utf-16-be")).encoding) == ("utf-16-le", "utf-16-be")


def test_only_line_ends_and_bom_change_and_nfc_applies(tmp_path):
    raw = codecs.BOM_UTF8 + "标题\r\n第一行\u3000全角空格\xa0不换行\r第二行 Cafe\u0301\r\n".encode("utf-8")
    document = read(tmp_path, "crlf.txt", raw)
    assert document.text == "标题\n第一行\u3000全角空格\xa0不换行\n第二行 Café\n"
    assert document.content_hash == facts.content_hash(document.text)


# ---- bad files -----------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "error", "cause"), [
    (b"", EmptyFile, "empty file (0 bytes)"),
    (b" \n\r\n\t  \n", EmptyFile, "empty file (only whitespace)"),
    ("\u3000\n\u3000\n".encode("gb18030"), EmptyFile, "empty file (only whitespace)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", BinaryFile, "binary file (PNG image), not a text article"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", BinaryFile, "binary file (PDF document), not a text article"),
    (bytes(range(256)) * 2, BinaryFile, "binary file (NUL bytes, not UTF-16/32 text), not a text article"),
    ("会议召开\x00\x00\x00数据".encode("gb18030"), BinaryFile,
     "binary file (NUL bytes, not UTF-16/32 text), not a text article"),
], ids=["zero-bytes", "whitespace", "ideographic-space", "png", "pdf", "nul-laden", "nul-in-gb-text"])
def test_bad_files_raise_their_error_naming_the_file(tmp_path, data, error, cause):
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(error) as raised:
        read_document(path, tmp_path)
    assert type(raised.value) is error
    assert raised.value.cause == cause
    assert str(raised.value) == f"[{error.code}] {path}: {cause}"
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("data", [
    bytes(range(128, 256)) * 4,  # high bytes that form no valid text in any candidate codec
    "été au café, à Paris, déjà réservé".encode("cp1252"),  # text, but neither Chinese nor ASCII
], ids=["high-bytes", "latin-1"])
def test_undecodable_files(tmp_path, data):
    path = write(tmp_path, "x.txt", data)
    with pytest.raises(UndecodableFile) as raised:
        read_document(path, tmp_path)
    assert raised.value.cause.startswith("no encoding decodes it as Chinese or ASCII text (tried ")
    assert str(raised.value).startswith(f"[E103] {path}: ")


def test_empty_html_page_is_empty(tmp_path):
    with pytest.raises(EmptyFile, match="bad.html: no article text in the page"):
        read(tmp_path, "bad.html", "<html><body><div>  </div></body></html>")


# ---- datelines -----------------------------------------------------------------------------

@pytest.mark.parametrize(("dateline", "date", "source"), [
    ("2023年02月10日 20:52  山东省公安厅", dt.date(2023, 2, 10), "山东省公安厅"),
    ("日期:2024-03-12 来源:下陆公安", dt.date(2024, 3, 12), "下陆公安"),
    ("日期：2024-03-12 来源：下陆公安    ", dt.date(2024, 3, 12), "下陆公安"),
    ("发布日期:2025-02-26", dt.date(2025, 2, 26), None),
    ("2021-11-19 08:40 来源: 青原市公安局网站", dt.date(2021, 11, 19), "青原市公安局网站"),
    ("2021-11-19 08:40    来源:青原市公安局网站    字号:           阅读: 次", dt.date(2021, 11, 19), "青原市公安局网站"),
    ("    时间:2018-06-21 10:02:37  来源:  作者:", dt.date(2018, 6, 21), None),
    ("发布日期:2017-04-03 07:12:09 来源:", dt.date(2017, 4, 3), None),
    ("作者:佚名来源:发布日期:2016年09月14日15时08分", dt.date(2016, 9, 14), None),
    ("二〇二三年二月十日", dt.date(2023, 2, 10), None),
    ("二〇二三年二月十日 来源：山东省公安厅", dt.date(2023, 2, 10), "山东省公安厅"),
    ("2023年2月10日 星期五", dt.date(2023, 2, 10), None),
    ("来源：平安黄石发布 2023-02-10", dt.date(2023, 2, 10), "平安黄石发布"),
    ("28.09.2014  17:53", dt.date(2014, 9, 28), None),  # day first, as a Chinese site abroad prints it
])
def test_dateline_formats(tmp_path, dateline, date, source):
    document = read(tmp_path, "a.txt", f"全市公安局长会议召开\n{dateline}\n\n2月10日,全省公安局长会议在济南召开。\n")
    assert (document.date, document.source, document.title) == (date, source, "全市公安局长会议召开")


@pytest.mark.parametrize("first_line", [
    "2月10日,全省公安局长会议在济南召开。副省长,公安厅党委书记、厅长李伟出席会议并讲话。",  # no year
    "2022年5月17日下午,梅岭县公安局召开“坚持从严治警 锻造忠诚铁军”主题教育动员部署会议,白振刚出席会议并讲话。",
])
def test_no_date_from_the_meeting_sentence(tmp_path, first_line):
    document = read(tmp_path, "a.txt", first_line + "\n会议强调,要清醒认识新形势。\n")
    assert (document.date, document.source, document.title) == (None, None, None)


def test_dateline_far_down_the_article_is_not_one(tmp_path):
    body = "".join(f"第{n}段,会议强调要狠抓落实。\n" for n in range(14))
    assert read(tmp_path, "a.txt", body + "发布日期:2025-02-26\n").date is None


@pytest.mark.parametrize(("written", "date"), [
    ("二〇二三年二月十日", dt.date(2023, 2, 10)),
    ("二零一九年十一月一日", dt.date(2019, 11, 1)),
    ("二〇二〇年十二月二十日", dt.date(2020, 12, 20)),
    ("○二○二三年一月三十一日召开", dt.date(2023, 1, 31)),
    ("于二〇二四年三月十二日上午", dt.date(2024, 3, 12)),
    ("二〇一九年元月八日", dt.date(2019, 1, 8)),
    ("2024年3月12日", dt.date(2024, 3, 12)),
    ("二〇二三年二月三十日", None),
    ("二〇二三年二月", None),
    ("2月10日", None),
])
def test_parse_chinese_date(written, date):
    assert parse_chinese_date(written) == date


# ---- titles --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "title"), [
    ("全县治安工作会议召开\n作者:佚名来源:发布日期:2016年09月14日15时08分\n9月13日,全县治安工作会议召开。", "全县治安工作会议召开"),
    ("• 设为首页\n  • 加入收藏\n  • 无障碍阅读\n" + HEADLINE + "\n日期:2024-03-12 来源:下陆公安\n", HEADLINE),
    ("• 您当前的位置:首页 > 地方新闻 > 青原新闻 > 东南警务协作区第三届联席会议主席会议在青原召开\n"
     "  • 东南警务协作区第三届联席会议主席会议在青原召开\n", "东南警务协作区第三届联席会议主席会议在青原召开"),
    ("发布日期:2017-04-03 07:12:09 来源:\n本报4月2日讯(记者 方圆)当天上午,全县禁毒工作会议召开,总结部署工作。", None),
    ("青原新闻网记者 孔鸣 通讯员 何静 韦一 青原报道\n\n3月4日,青原高新公安分局召开全区公安工作会议。", None),
    ("会议召开。\n", None),
    # a newspaper's page label above the headline is no headline
    ("2024年11月29日\n\n第A07版:\n\n青原交警召开党委理论学习中心组集体学习会议\n\n本报讯 11月20日,会议召开。",
     "青原交警召开党委理论学习中心组集体学习会议"),
    ("第01版:要闻 上一版 下一版\n全省公安工作会议召开\n", "全省公安工作会议召开"),
    ("A3版\n全区禁毒工作会议召开\n", "全区禁毒工作会议召开"),
])
def test_text_title(tmp_path, text, title):
    assert read(tmp_path, "a.txt", text).title == title


def test_markdown_is_kept_as_written(tmp_path):
    document = read(tmp_path, "a.md", "# 全市公安工作会议召开\n\n发布日期:2025-02-26\n\n**2月22日**,全市公安工作会议召开。\n")
    assert document.text == "# 全市公安工作会议召开\n\n发布日期:2025-02-26\n\n**2月22日**,全市公安工作会议召开。\n"
    assert (document.title, document.date) == ("全市公安工作会议召开", dt.date(2025, 2, 26))


def test_text_files_keep_their_chrome_lines(tmp_path):
    text = "• 设为首页\n" + HEADLINE + "\n日期:2024-03-12 来源:下陆公安\n"
    assert read(tmp_path, "a.txt", text).text == text  # offsets into the file stay true


# ---- HTML ----------------------------------------------------------------------------------

def test_gov_page_yields_headline_dateline_and_paragraphs_without_chrome(tmp_path):
    document = read(tmp_path, "page.html", GOV_PAGE.encode("gb18030"))
    assert document.encoding == "gb18030"
    assert document.title == HEADLINE
    assert (document.date, document.source) == (dt.date(2024, 3, 12), "下陆公安")
    assert document.text == "\n".join([HEADLINE, "日期:2024-03-12 来源:下陆公安", *PARAGRAPHS])
    assert [word for word in lexicon.words("page_chrome.txt") if word in document.text] == []


def test_page_without_an_article_falls_back_to_the_visible_body(tmp_path, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    document = read(tmp_path, "page.htm", GOV_PAGE)
    assert document.text == "\n".join([HEADLINE, "日期:2024-03-12 来源:下陆公安", *PARAGRAPHS])
    assert (document.date, document.source) == (dt.date(2024, 3, 12), "下陆公安")


def test_html_title_falls_back_to_the_title_element(tmp_path):
    page = ("<html><head><title>全市公安局长会议召开</title></head><body><div>设为首页</div>"
            "<div>2021-11-19 08:40 来源:青原市公安局网站 字号:[大 中 小]</div>"
            "<p>11月18日,全市公安局长会议召开,副市长、市公安局长严守信出席会议并讲话。</p></body></html>")
    document = read(tmp_path, "p.html", page)
    assert document.title == "全市公安局长会议召开"
    assert (document.date, document.source) == (dt.date(2021, 11, 19), "青原市公安局网站")
    assert document.text == ("全市公安局长会议召开\n2021-11-19 08:40 来源:青原市公安局网站\n"
                             "11月18日,全市公安局长会议召开,副市长、市公安局长严守信出席会议并讲话。")


# ---- finding the sources -------------------------------------------------------------------

@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    for name in ["z.txt", "b.txt", "a.md", "sub/c.html", "sub/deeper/d.HTM", "sub-x/e.txt",
                 "sub/notes.pdf", ".hidden.txt", ".git/x.txt", "sub/.cache/y.txt"]:
        write(tmp_path, name, ARTICLE)
    return tmp_path


def test_folders_are_walked_in_sorted_order_skipping_hidden_and_unsupported(corpus):
    found = [(file.relative_to(corpus).as_posix(), root) for file, root in iter_sources([corpus])]
    assert found == [("a.md", corpus), ("b.txt", corpus), ("sub/c.html", corpus), ("sub/deeper/d.HTM", corpus),
                     ("sub-x/e.txt", corpus), ("z.txt", corpus)]


def test_files_given_keep_their_order_and_their_parent_as_root(corpus):
    assert list(iter_sources([corpus / "z.txt", corpus / "sub"])) == [
        (corpus / "z.txt", corpus), (corpus / "sub" / "c.html", corpus / "sub"),
        (corpus / "sub" / "deeper" / "d.HTM", corpus / "sub")]


def test_missing_and_unsupported_paths(corpus):
    with pytest.raises(InputError) as raised:
        list(iter_sources([corpus / "nope"]))
    assert type(raised.value) is InputError
    assert str(raised.value) == f"[E100] {corpus / 'nope'}: no such file or folder"
    with pytest.raises(UnsupportedFile, match=r"notes\.pdf: unsupported file type '\.pdf'"):
        list(iter_sources([corpus / "sub" / "notes.pdf"]))


def test_document_identity(corpus):
    document = read_document(corpus / "sub" / "deeper" / "d.HTM", corpus)
    assert (document.doc_id, document.source_file, document.path) == (
        "sub/deeper/d.HTM", "d.HTM", str(corpus / "sub" / "deeper" / "d.HTM"))
    file, root = next(iter_sources([corpus / "b.txt"]))
    assert read_document(file, root).doc_id == "b.txt"


def test_read_all_goes_on_past_bad_files(corpus):
    write(corpus, "sub/empty.txt", b"")
    results = list(read_all([corpus / "sub", corpus / "nope", corpus / "b.txt"]))
    assert [type(result).__name__ for result in results] == [
        "Document", "Document", "EmptyFile", "InputError", "Document"]
    assert [getattr(result, "doc_id", None) for result in results] == ["c.html", "deeper/d.HTM", None, None, "b.txt"]
