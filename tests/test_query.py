"""Canned queries on the seeds' build, checked against what the two articles say; safe bindings; formats."""
from __future__ import annotations

import csv
import io
import json
import logging

import pytest
from rdflib import Dataset, Literal
from rdflib.query import Result

from kgraph import query, store, terminal, vocab
from kgraph.errors import QueryError
from kgraph.vocab import KG, RDF, RDFS

SEED000_ATTENDEES = {"李伟", "张月波", "纪勇", "槐国栋", "李祝群", "修春清", "申延军", "王海防"}
SEED004_ATTENDEES = {"宛小林", "陶丛林", "陈罡", "张志华", "傅峰"}
# each canned query has a test below; a new .rq file must be added here and tested
CANNED = {"officials", "meetings", "attendees", "record", "career", "pairs", "directives", "themes", "official-themes",
          "organizations", "provenance", "reports", "attendance", "theme-trends", "themes-by-province", "org-pairs",
          "timeline"}


def rows(ds, canned: str, /, **params: str) -> list[tuple[str, ...]]:
    return query.rows_as_strings(query.run(ds, canned, params))


def column(result_rows, i: int) -> list[str]:
    return [r[i] for r in result_rows]


# --- canned queries ------------------------------------------------------------------

def test_officials_with_their_posts_and_organizations(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, "officials")
    posts = {(person, post) for person, post, _, _ in got}
    assert posts == {
        ("李伟", "副省长"), ("李伟", "公安厅党委书记"), ("李伟", "厅长"),
        ("张月波", "省公安厅党委副书记"), ("张月波", "常务副厅长"),
        ("王海防", "厅党委委员"), ("王海防", "政治部主任"),
        ("宛小林", "区委书记"), ("陶丛林", "市局党委委员"), ("陶丛林", "政治部主任"),
        ("陈罡", "区委副书记"), ("陈罡", "政法委书记"),
        ("张志华", "副区长"), ("张志华", "下陆公安分局党委书记"), ("张志华", "局长"),
        ("傅峰", "分局党委副书记"), ("傅峰", "政委"),
    }
    orgs = {(person, post): org for person, post, org, _ in got if org}
    assert orgs == {
        ("李伟", "副省长"): "山东省人民政府", ("李伟", "公安厅党委书记"): "山东省公安厅党委",
        ("李伟", "厅长"): "山东省公安厅", ("张月波", "省公安厅党委副书记"): "山东省公安厅党委",
        ("张月波", "常务副厅长"): "山东省公安厅", ("王海防", "厅党委委员"): "山东省公安厅党委",
        ("宛小林", "区委书记"): "下陆区委", ("陶丛林", "市局党委委员"): "黄石市公安局党委",
        ("陈罡", "区委副书记"): "下陆区委", ("张志华", "副区长"): "下陆区人民政府",
        ("傅峰", "分局党委副书记"): "下陆公安分局党委", ("傅峰", "政委"): "下陆公安分局",
        ("王海防", "政治部主任"): "山东省公安厅政治部", ("陶丛林", "政治部主任"): "黄石市公安局政治部",
        ("陈罡", "政法委书记"): "下陆区政法委", ("张志华", "下陆公安分局党委书记"): "下陆公安分局党委",
        ("张志华", "局长"): "下陆公安分局",
    }
    resolved = {(person, post): alt for person, post, _, alt in got if alt}
    assert resolved[("李伟", "厅长")] == "山东省公安厅厅长"


def test_officials_organization_written_in_the_title(seeds_build):
    ds, _, _ = seeds_build
    orgs = {(p, post): org for p, post, org, _ in query.rows_as_strings(query.run(ds, "officials"))}
    assert orgs[("张志华", "下陆公安分局党委书记")] == "下陆公安分局党委"


def test_meetings_with_date_place_organizer_and_chair(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, "meetings")
    assert [r[:4] + (set(r[4].split("、")), r[5]) for r in got] == [
        ("全省公安局长会议", "2023-02-10", "济南", "", {"张月波"}, "seed000.txt"),
        ("2024年全区公安工作会议", "2024-03-12", "", "下陆区", {"张志华", "傅峰"}, "seed004.txt"),
    ]


def test_meetings_between_dates(seeds_build):
    ds, _, _ = seeds_build
    assert column(rows(ds, "meetings", since="2024-01-01"), 0) == ["2024年全区公安工作会议"]
    assert column(rows(ds, "meetings", until="2023-12-31"), 0) == ["全省公安局长会议"]
    assert rows(ds, "meetings", since="2023-03-01", until="2023-12-31") == []


def test_attendees_of_the_provincial_meeting_are_its_eight_officials(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, "attendees", meeting="全省公安局长会议")
    assert {r[0] for r in got} == SEED000_ATTENDEES
    assert [(person, role) for person, role, _ in got[:3]] == [
        ("张月波", "presided, spoke"), ("李伟", "spoke"), ("王海防", "spoke")]
    assert {person for person, role, _ in got[3:]} == {"纪勇", "槐国栋", "李祝群", "修春清", "申延军"}
    assert {role for _, role, _ in got[3:]} == {"attended"}
    posts = {person: set(p.split("、")) if p else set() for person, _, p in got}
    assert posts["李伟"] == {"副省长", "公安厅党委书记", "厅长"}
    assert posts["张月波"] == {"省公安厅党委副书记", "常务副厅长"}
    assert posts["纪勇"] == set()


def test_attendees_of_the_district_meeting(seeds_build):
    ds, _, _ = seeds_build
    got = {person: role for person, role, _ in rows(ds, "attendees", meeting="2024年全区公安工作会议")}
    assert got == {"张志华": "presided, spoke", "傅峰": "presided, spoke", "宛小林": "spoke",
                   "陶丛林": "spoke", "陈罡": "spoke"}


def test_record_of_one_person_in_date_order(seeds_build):
    ds, _, _ = seeds_build
    assert rows(ds, "record", name="李伟") == [
        ("2023-02-10", "post", "公安厅党委书记", "seed000.txt"),
        ("2023-02-10", "post", "副省长", "seed000.txt"),
        ("2023-02-10", "post", "厅长", "seed000.txt"),
        ("2023-02-10", "spoke", "全省公安局长会议", "seed000.txt"),
    ]
    assert rows(ds, "record", name="张志华")[-1] == (
        "2024-03-12", "presided, spoke", "2024年全区公安工作会议", "seed004.txt")
    assert rows(ds, "record", name="没有此人") == []


def test_pairs_of_officials_who_met(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, "pairs")
    assert len(got) == 28 + 10  # C(8,2) at the provincial meeting, C(5,2) at the district one
    assert {r[2] for r in got} == {"1"}
    pairs = {frozenset(r[:2]) for r in got}
    assert frozenset({"李伟", "张月波"}) in pairs and frozenset({"张志华", "傅峰"}) in pairs
    assert frozenset({"李伟", "张志华"}) not in pairs
    li = rows(ds, "pairs", name="李伟")
    assert {(set(r[:2]) - {"李伟"}).pop() for r in li} == SEED000_ATTENDEES - {"李伟"}
    assert {r[3] for r in li} == {"全省公安局长会议"}


def test_directives_of_the_district_meeting_in_article_order(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, "directives", meeting="2024年全区公安工作会议")
    # 宛小林's demand before his 一要…四要 is a list of its own (2024年是…,全区公安机关要…)
    assert column(got, 1) == ["宛小林"] * 5 + ["陶丛林"] * 4 + ["张志华"] * 19 + ["傅峰"] * 2
    assert [int(n) for n in column(got, 0)] == [1, *range(1, 5), *range(1, 5), *range(1, 10), *range(1, 11), 1, 2]
    assert got[0][2].startswith("全区公安机关要坚持以习近平新时代中国特色社会主义思想为指导")
    assert got[5][2:] == ("要明方向,始终牢记“公安姓党”,不断提升政治能力", "公安姓党")
    assert column(got, 3)[5:9] == ["公安姓党", "国之大者", "首善之为", "严管厚爱"]
    # 三要…坚持和发展新时代“枫桥经验”…深化公安“放管服”改革，持续优化营商环境，积极运用“四下基层”…
    assert set(got[3][3].split("、")) >= {"枫桥经验", "放管服", "四下基层"}
    assert got[27][2] == "推进辅警管理制度改革"  # 十件实事, item 10
    assert set(got[-1][3].split("、")) == {"三个绝对", "四个铁一般"}


def test_directives_of_the_provincial_meeting(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, "directives", meeting="全省公安局长会议")
    assert [int(n) for n in column(got, 0)] == [*range(1, 3), *range(1, 5), *range(1, 7), *range(1, 10)]
    assert set(column(got, 1)) == {"全省公安局长会议"}  # 会议强调/会议要求: the meeting itself issues them
    themes = [set(r[3].split("、")) - {""} for r in got]
    assert "枫桥经验" in themes[4]  # 健全完善维护社会稳定工作体系，坚持和发展新时代“枫桥经验”
    assert "情指行" in themes[8]  # 全面推进“情指行”一体化运行机制
    assert "三个十大" in themes[11]  # 推进“三个十大”行动
    assert "四个铁一般" in themes[12] and "两个维护" in themes[14]
    assert themes[3] == themes[5] == themes[13] == set()


def test_most_frequent_themes(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, "themes")
    counts = [(-int(docs), -int(dirs), theme) for theme, docs, dirs in got]
    assert counts == sorted(counts)  # most documents first, then most directives, then by name
    by_theme = {theme: (int(docs), int(dirs)) for theme, docs, dirs in got}
    # every theme the gold annotation lists for the two articles is there
    assert {"两个确立", "两个维护", "枫桥经验", "情指行", "三个十大", "四个铁一般", "走在前、开新局",
            "五大行动", "放管服", "四下基层", "公安姓党", "国之大者", "首善之为", "严管厚爱",
            "忠诚履职,勇于担当,为打造武汉都市圈重要增长极首善之区贡献最强公安力量", "首善公安、平安高地",
            "市县主战、派出所主防", "十件实事", "三个绝对", "四个意识", "四个自信"} <= set(by_theme)
    # counted from the articles: both name 两个维护/四个铁一般/枫桥经验, each in one directive of each;
    # 两个确立 only in the 总体思路 paragraphs; 营商环境 in three directives (山东 3/6, 宛小林 三要, 张志华 七是)
    assert by_theme["两个维护"] == by_theme["四个铁一般"] == by_theme["枫桥经验"] == (2, 2)
    assert by_theme["两个确立"] == (2, 0)
    assert by_theme["营商环境"] == (2, 3)
    assert by_theme["情指行"] == by_theme["公安姓党"] == (1, 1)
    assert by_theme["五大行动"] == by_theme["四个自信"] == (1, 0)
    assert got[0] == ("营商环境", "2", "3")


def test_themes_by_official(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, "official-themes")
    assert {r[2] for r in got} == {"1"}
    themes = {official: {theme for o, theme, _ in got if o == official} for official, _, _ in got}
    assert set(themes) == {"宛小林", "陶丛林", "张志华", "傅峰"}  # 山东's directives are the meeting's, not a person's
    assert themes["陶丛林"] == {"公安姓党", "国之大者", "首善之为", "严管厚爱"}  # his 四点要求
    assert themes["宛小林"] >= {"两个维护", "枫桥经验", "放管服", "四下基层"}
    assert themes["张志华"] >= {"电信网络诈骗", "扫黑除恶"}  # 十件实事: 严厉打击电信网络诈骗, 大力开展扫黑除恶工作
    assert column(rows(ds, "official-themes", name="傅峰"), 1) == ["三个绝对", "四个铁一般"]


def test_organizations_and_their_hierarchy(seeds_build):
    ds, _, _ = seeds_build
    got = rows(ds, "organizations")
    chain = {org: (top, int(depth), parent) for top, depth, org, parent, _, _ in got}
    assert chain["下陆公安分局党委"] == ("湖北省公安厅", 3, "下陆公安分局")
    assert chain["下陆公安分局"] == ("湖北省公安厅", 2, "黄石市公安局")
    assert chain["黄石市公安局党委"] == ("湖北省公安厅", 2, "黄石市公安局")
    assert chain["山东省公安厅党委"] == ("山东省公安厅", 1, "山东省公安厅")
    assert chain["山东省公安厅"] == ("山东省公安厅", 0, "")
    jurisdiction = {org: j for _, _, org, _, j, _ in got}
    assert jurisdiction["山东省公安厅"] == "山东省" and jurisdiction["下陆公安分局"] == "下陆区"
    posts = {org: int(n) for _, _, org, _, _, n in got}
    assert posts["山东省公安厅党委"] == 3  # 李伟's 书记, 张月波's 副书记, 王海防's 委员


def test_organizations_jurisdiction_of_city_and_province(seeds_build):
    ds, _, _ = seeds_build
    jurisdiction = {r[2]: r[4] for r in query.rows_as_strings(query.run(ds, "organizations"))}
    assert (jurisdiction["黄石市公安局"], jurisdiction["湖北省公安厅"]) == ("黄石市", "湖北省")


def test_provenance_points_at_the_sentence_in_the_file(seeds_build, seed_texts):
    ds, _, _ = seeds_build
    got = rows(ds, "provenance", name="李伟")
    assert sorted((kind, value) for kind, value, *_ in got) == [
        ("attended", "全省公安局长会议"), ("holds", "公安厅党委书记"), ("holds", "副省长"), ("holds", "厅长"),
        ("spokeAt", "全省公安局长会议")]
    text = seed_texts["seed000.txt"]
    for kind, value, file, sentence, start, end, quote, begins in got:
        assert (file, sentence) == ("seed000.txt", "4")
        assert text[int(begins):int(begins) + len(quote)] == quote  # offsets index the article as given
        assert quote[int(start) - int(begins):int(end) - int(begins)] == text[int(start):int(end)]
        assert "李伟" in quote
        if kind == "holds":  # a post is read from its title
            assert text[int(start):int(end)] == value
    starts = [int(r[4]) for r in got]
    assert starts == sorted(starts)
    assert "副省长,公安厅党委书记、厅长李伟出席会议并讲话。" in {r[6] for r in got}
    assert sorted(column(rows(ds, "provenance", name="李伟", fact="holds"), 1)) == ["公安厅党委书记", "副省长", "厅长"]


def test_trend_queries_on_the_seeds(seeds_build):
    """The report's queries (each checked by hand on an invented corpus in test_trends.py)."""
    ds, _, _ = seeds_build
    assert rows(ds, "reports") == [("seed000.txt", "2023", "山东省", "全省", "全省公安局长会议"),
                                   ("seed004.txt", "2024", "湖北省", "全区", "2024年全区公安工作会议")]
    attendance = {r[0]: r[1:] for r in rows(ds, "attendance")}
    assert set(attendance) == SEED000_ATTENDEES | SEED004_ATTENDEES
    assert attendance["张月波"] == ("1", "1", "1", "山东省") and attendance["纪勇"][:3] == ("1", "0", "0")
    trends = rows(ds, "theme-trends")
    assert ("2023", "枫桥经验", "1", "1") in trends and {r[0] for r in trends} == {"2023", "2024"}
    assert ("湖北省", "两个确立", "1", "1") in rows(ds, "themes-by-province")
    pairs = rows(ds, "org-pairs", organization="下陆区委")
    assert pairs and all("下陆区委" in r[:2] and r[2] == "1" and r[3] == "2024年全区公安工作会议" for r in pairs)
    assert ("下陆公安分局", "下陆区委", "1", "2024年全区公安工作会议") in pairs
    assert rows(ds, "timeline", name="傅峰")[:2] == [("傅峰", "2024-03-12", "主持", "2024年全区公安工作会议", "seed004.txt"),
                                                    ("傅峰", "2024-03-12", "任职", "分局党委副书记", "seed004.txt")]


def test_every_canned_query_has_a_test_above():
    assert {q.name for q in query.list_queries()} == CANNED


def test_every_canned_query_says_what_it_answers():
    for q in query.list_queries():
        assert q.answers and q.path is not None and q.path.stem == q.name
        for p in q.params:
            assert p.description, f"{q.name}: parameter {p.name} has no description"


PARAMS = {"attendees": {"meeting": "全省公安局长会议"}, "directives": {"meeting": "2024年全区公安工作会议"},
          "record": {"name": "张志华"}, "career": {"name": "张志华"}, "provenance": {"name": "李伟"}, "pairs": {"name": "傅峰"},
          "official-themes": {"name": "宛小林"}, "meetings": {"since": "2024-01-01"}, "timeline": {"name": "傅峰"},
          "org-pairs": {"organization": "下陆区委"}}


def _normal(result_rows):
    return sorted(tuple("、".join(sorted(c.split("、"))) for c in r) for r in result_rows)


def test_oxigraph_answers_canned_queries_natively_as_rdflib_does(seeds_build, caplog):
    ds, _, out = seeds_build
    assert store.oxigraph_of(ds) is not None  # the default store
    memory = store.new_dataset("memory")
    memory.parse(out / store.GRAPH_TRIG, format="trig")
    caplog.set_level(logging.INFO, logger="kgraph.query")
    for q in query.list_queries():
        native = query.run(ds, q.name, PARAMS.get(q.name, {}))
        pure = query.run(memory, q.name, PARAMS.get(q.name, {}))
        assert [str(v) for v in native.vars] == [str(v) for v in pure.vars], q.name
        assert _normal(query.rows_as_strings(native)) == _normal(query.rows_as_strings(pure)), q.name
    assert "did not run" not in caplog.text  # no canned query fell back to rdflib's engine


@pytest.fixture(scope="module")
def reported_thrice(tmp_path_factory):
    """Each seed article filed three times (as when several outlets carry one report): the same
    officials, posts and organizations stated in three named graphs each."""
    from kgraph import pipeline

    from .conftest import SEEDS

    out = tmp_path_factory.mktemp("thrice")
    src = out / "in"
    src.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        for i in (1, 2, 3):
            # i blank lines more: identical files would be built once, as one document
            (src / f"{p.stem}_{i}.txt").write_text(p.read_text(encoding="utf-8") + "\n" * i, encoding="utf-8")
    ds, _ = pipeline.build([src], out)
    return ds, out


def test_canned_queries_count_facts_once_however_many_documents_state_them(reported_thrice, seeds_build):
    """Oxigraph's union default graph repeats a triple once per graph that holds it; a canned
    query must still answer as over a set of triples, as rdflib's memory store does."""
    ds, out = reported_thrice
    memory = store.new_dataset("memory")
    memory.parse(out / store.GRAPH_TRIG, format="trig")
    for q in query.list_queries():
        native = query.rows_as_strings(query.run(ds, q.name, PARAMS.get(q.name, {})))
        pure = query.rows_as_strings(query.run(memory, q.name, PARAMS.get(q.name, {})))
        assert _normal(native) == _normal(pure), q.name
    once = seeds_build[0]
    for name in ("officials", "organizations", "pairs", "attendees"):
        assert _normal(rows(ds, name, **PARAMS.get(name, {}))) == _normal(rows(once, name, **PARAMS.get(name, {}))), name
    # what is counted per document triples: each copy has its own directives
    thrice = {r[0]: (int(r[1]), int(r[2])) for r in rows(ds, "themes")}
    single = {r[0]: (int(r[1]), int(r[2])) for r in rows(once, "themes")}
    assert thrice == {t: (3 * d, 3 * n) for t, (d, n) in single.items()}
    assert len(rows(ds, "meetings")) == 3 * len(rows(once, "meetings"))
    assert [r[:2] + (str(3 * int(r[2])),) for r in rows(once, "official-themes")] == rows(ds, "official-themes")


def test_param_columns_are_dropped(seeds_build):
    ds, _, _ = seeds_build
    result = query.run(ds, "attendees", {"meeting": "全省公安局长会议"})
    assert [str(v) for v in result.vars] == ["person", "role", "posts"]


# --- safe bindings ----------------------------------------------------------------------

@pytest.fixture(params=["memory", "oxigraph"])
def odd_names(request) -> Dataset:
    """People whose names are SPARQL syntax (in either store): a binding must match them as plain text."""
    ds = store.new_dataset(request.param)
    g = ds.graph(vocab.doc_iri("odd.txt"))
    for i, name in enumerate(['李" } UNION { ?p ?q ?r } #', "王'伟", "x\\\"y"]):
        p = vocab.person_iri(name, "odd")
        g.add((p, RDF.type, KG.Person))
        g.add((p, RDFS.label, Literal(name, lang="zh")))
        g.add((p, KG.adcode, Literal(i)))
    return ds


def test_a_param_full_of_sparql_syntax_is_one_literal(odd_names):
    q = "# params: name (zh) a name\nSELECT ?p ?name WHERE { ?p rdfs:label ?l FILTER(str(?l) = str(?name)) }"
    for name in ['李" } UNION { ?p ?q ?r } #', "王'伟", "x\\\"y"]:
        got = query.rows_as_strings(query.run(odd_names, q, {"name": name}))
        assert got == [(str(vocab.person_iri(name, "odd")),)]
    assert query.run(odd_names, q, {"name": '" } ?p ?q ?r { "'}).bindings == []


def test_injection_into_a_canned_query_matches_nothing(seeds_build):
    ds, _, _ = seeds_build
    assert rows(ds, "record", name='李伟" } UNION { ?p ?q ?r } #') == []


def test_param_types_decide_the_term():
    q = query.parse_header("# params: a (zh) x\n# params: b (date) x\n# params: c (iri) x\n"
                           "# params: d (integer, optional) x\n# params: e (string) x\nASK {}", "t")
    b = query.bindings(q, {"a": "李伟", "b": "2024-03-12", "c": "kgid:person/370000/李伟", "e": "s"})
    assert b["a"] == Literal("李伟", lang="zh")
    assert b["b"] == Literal("2024-03-12", datatype=vocab.XSD.date)
    assert b["c"] == vocab.person_iri("李伟", "370000")  # percent-encoded as minted
    assert b["e"] == Literal("s") and "d" not in b
    with pytest.raises(QueryError, match="not a date"):
        query.bindings(q, {"a": "x", "b": "2024-3-xx", "c": "kgid:x", "e": ""})
    with pytest.raises(QueryError, match="not an IRI"):
        query.bindings(q, {"a": "x", "b": "2024-03-12", "c": "no iri here", "e": ""})


def test_iri_param_finds_the_person(seeds_build):
    ds, _, _ = seeds_build
    q = "# params: who (iri) a person\nSELECT ?name WHERE { ?who rdfs:label ?name }"
    assert query.rows_as_strings(query.run(ds, q, {"who": "kgid:person/370000/李伟"})) == [("李伟",)]
    assert query.rows_as_strings(query.run(ds, q, {"who": f"<{vocab.person_iri('李伟', '370000')}>"})) == [("李伟",)]


@pytest.mark.parametrize("text, params, message", [
    ("attendees", {}, "needs --param meeting=VALUE"),
    ("attendees", {"meeting": "x", "meting": "y"}, "has no parameter 'meting'"),
    ("no-such-query", {}, "no canned query named 'no-such-query'"),
    ("SELECT ?x WHERE { ?x a kg:Person", {}, "does not parse"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", {}, "is a SPARQL Update"),
    ("SELECT ?x WHERE { ?x a nope:Thing }", {}, "does not parse"),
])
def test_errors_are_one_line(seeds_build, text, params, message):
    ds, _, _ = seeds_build
    with pytest.raises(QueryError, match=message) as err:
        query.run(ds, text, params)
    assert "\n" not in str(err.value) and str(err.value).startswith("[E200]")


def test_query_from_a_file(seeds_build, tmp_path):
    ds, _, _ = seeds_build
    path = tmp_path / "who.rq"
    path.write_text("# name: who\n# params: name (zh) a name\n"
                    "SELECT ?post WHERE { ?p rdfs:label ?l ; org:holds/rdfs:label ?post FILTER(str(?l) = str(?name)) }"
                    " ORDER BY ?post", encoding="utf-8")
    got = query.rows_as_strings(query.run(ds, str(path), {"name": "傅峰"}))
    assert got == [("分局党委副书记",), ("政委",)]


# --- formats ------------------------------------------------------------------------------

def test_table_aligns_chinese_by_display_width():
    out = query.table(["name", "n", "note"], [[Literal("李伟", lang="zh"), Literal(3), Literal("ab")],
                                             [Literal("Ann"), Literal(12), None]])
    assert out == ("name   n  note\n"
                   "----  --  ----\n"
                   "李伟   3  ab\n"
                   "Ann   12\n"
                   "(2 rows)\n")


def test_table_columns_line_up_on_the_seeds(seeds_build):
    ds, _, _ = seeds_build
    lines = query.format_result(query.run(ds, "officials"), "table").splitlines()
    rule = lines[1]
    starts = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
    assert len(starts) == 4 and len(lines) == 2 + 17 + 1
    for line in lines[2:-1]:
        for start in starts[1:]:  # each column begins at the same display column, after two spaces
            if terminal.width(line) <= start:
                continue  # trailing empty cells
            widths = [terminal.width(line[:k]) for k in range(len(line) + 1)]
            assert start in widths, line
            assert line[:widths.index(start)].endswith("  "), line


def test_table_clips_long_cells_and_shows_iris_readably():
    out = query.table(["t", "iri"], [[Literal("很" * 50), vocab.person_iri("李伟", "370000")]], max_cell=30)
    assert out.splitlines()[2] == "很" * 14 + "…  kgid:person/370000/李伟"


def test_csv_tsv_json_xml(seeds_build):
    ds, _, _ = seeds_build
    result = query.run(ds, "attendees", {"meeting": "2024年全区公安工作会议"})
    table = list(csv.reader(io.StringIO(query.format_result(result, "csv"))))
    assert table[0] == ["person", "role", "posts"] and len(table) == 6
    assert ["傅峰", "presided, spoke", "分局党委副书记、政委"] in table[1:] or \
           ["傅峰", "presided, spoke", "政委、分局党委副书记"] in table[1:]
    want = {tuple(r) for r in query.rows_as_strings(result)}
    for fmt, parser in (("tsv", "tsv"), ("json", "json"), ("xml", "xml")):
        text = query.format_result(result, fmt)
        back = Result.parse(io.StringIO(text) if fmt != "xml" else io.BytesIO(text.encode()), format=parser)
        assert {tuple(r) for r in query.rows_as_strings(back)} == want, fmt
    tsv = query.format_result(result, "tsv").splitlines()
    assert tsv[0] == "?person\t?role\t?posts" and '"傅峰"@zh' in "\n".join(tsv)
    doc = json.loads(query.format_result(result, "json"))
    assert doc["head"]["vars"] == ["person", "role", "posts"]
    assert {"type": "literal", "value": "傅峰", "xml:lang": "zh"} in [b["person"] for b in doc["results"]["bindings"]]


def test_ask_and_construct(seeds_build):
    ds, _, _ = seeds_build
    assert query.format_result(query.run(ds, "ASK { ?p a kg:Person }")) == "true\n"
    ttl = query.format_result(query.run(ds, "CONSTRUCT { ?p a kg:Person } WHERE { ?p rdfs:label '李伟'@zh }"))
    assert "kg:Person" in ttl and "%E6%9D%8E%E4%BC%9F" in ttl
    with pytest.raises(QueryError, match="gives a graph"):
        query.format_result(query.run(ds, "CONSTRUCT { ?p a kg:Person } WHERE { ?p a kg:Person }"), "csv")


# --- the command ----------------------------------------------------------------------------

def test_cli_query_with_and_without_dir(seeds_build, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from kgraph.cli import app

    _, _, out = seeds_build
    runner = CliRunner()
    res = runner.invoke(app, ["query", str(out), "attendees", "--param", "meeting=全省公安局长会议"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0].split() == ["person", "role", "posts"]
    assert res.output.splitlines()[2].startswith("张月波  presided, spoke  ")
    assert res.output.rstrip().endswith("(8 rows)")
    res = runner.invoke(app, ["query", str(out), "meetings", "--format", "csv"])
    assert res.exit_code == 0 and res.output.splitlines()[1].startswith("全省公安局长会议,2023-02-10,济南")
    monkeypatch.chdir(tmp_path)  # no output/ here: QUERY alone means output/
    res = runner.invoke(app, ["query", "meetings"])
    assert res.exit_code == 2 and "output/graph.trig" in res.output
    res = runner.invoke(app, ["query", str(out)])
    assert res.exit_code == 2 and "give a QUERY" in res.output
    res = runner.invoke(app, ["query", "--list"])
    assert res.exit_code == 0
    assert {line.split()[0] for line in res.output.splitlines() if not line.startswith(" ")} == \
        {q.name for q in query.list_queries()}
