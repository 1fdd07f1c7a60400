"""One node per real person and meeting across reports: the identity graph, curation, careers.

Reports are written for these tests with invented officials in real places of the gazetteer
(a place is what a report's jurisdiction is read from).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kgraph import curation, pipeline, query, resolve, vocab
from kgraph.errors import CurationError
from kgraph.facts import Document, Post
from kgraph.identity import DocRecord, resolve as resolve_identities

QINGDAO = ("2024年01月10日 来源：青岛市公安局\n全市公安工作会议召开\n"
           "1月10日，全市公安工作会议在青岛召开。市委常委、市公安局局长司马文涛主持会议并讲话。"
           "市公安局副局长欧阳振邦，市公安局副局长上官明哲出席会议。\n")
JINAN = ("2024年01月10日 来源：济南市公安局\n全市公安工作会议召开\n"
         "1月10日，全市公安工作会议在济南召开。市委常委、市公安局局长诸葛新民主持会议并讲话。"
         "市公安局副局长上官明哲出席会议。\n")
HUANGDAO_2022 = ("2022年03月05日 来源：黄岛区公安分局\n全区公安工作会议召开\n"
                 "3月5日，全区公安工作会议在黄岛区召开。副区长、黄岛公安分局局长欧阳振邦主持会议并讲话。"
                 "分局副局长钱立群出席会议。\n")


def _build(tmp_path: Path, reports: dict[str, str], identities: Path | None = None, name: str = "out"):
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    for old in src.iterdir():
        old.unlink()
    for file, text in reports.items():
        (src / file).write_text(text, encoding="utf-8")
    return pipeline.build([src], tmp_path / name, analysis=False, identities=identities)


def _rows(ds, canned: str, **params) -> list[tuple[str, ...]]:
    return query.rows_as_strings(query.run(ds, canned, params))


def _persons(ds) -> dict[str, set[str]]:
    """Each canonical person (display label) with the document person nodes it stands for."""
    q = """PREFIX kg: <https://w3id.org/kgraph/ontology#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
    SELECT DISTINCT ?shown ?p WHERE {
      GRAPH ?g { ?p a kg:Person }
      OPTIONAL { GRAPH <https://w3id.org/kgraph/id/graph/identity> { ?p owl:sameAs ?same } }
      BIND(COALESCE(?same, ?p) AS ?c)
      GRAPH <https://w3id.org/kgraph/id/graph/identity> { ?c kg:displayLabel ?shown } }"""
    out: dict[str, set[str]] = {}
    for shown, node in query.rows_as_strings(query.run(ds, q)):
        out.setdefault(shown, set()).add(node)
    return out


def test_two_cities_meetings_of_one_name_and_day_are_two_and_pair_no_one_across(tmp_path):
    ds, result = _build(tmp_path, {"qd.txt": QINGDAO, "jn.txt": JINAN})
    assert result.meetings == 2
    pairs = {frozenset(r[:2]) for r in _rows(ds, "pairs")}
    assert frozenset({"司马文涛", "欧阳振邦"}) in pairs
    assert not any("诸葛新民" in p and "司马文涛" in p for p in pairs)
    jinan_chief = _rows(ds, "pairs", name="诸葛新民")
    assert [set(r[:2]) for r in jinan_chief] == [{"诸葛新民", "上官明哲（济南）"}]


def test_homonyms_of_two_cities_stay_two_and_are_labelled_with_their_city(tmp_path):
    ds, _ = _build(tmp_path, {"qd.txt": QINGDAO, "jn.txt": JINAN})
    persons = _persons(ds)
    assert "上官明哲（青岛）" in persons and "上官明哲（济南）" in persons
    assert "上官明哲" not in persons
    officials = {r[0] for r in _rows(ds, "officials")}
    assert {"上官明哲（青岛）", "上官明哲（济南）", "司马文涛"} <= officials


def test_a_county_chief_promoted_in_his_city_is_one_person_with_a_dated_career(tmp_path):
    ds, result = _build(tmp_path, {"hd.txt": HUANGDAO_2022, "qd.txt": QINGDAO})
    persons = _persons(ds)
    assert len(persons["欧阳振邦"]) == 2  # the district's node and the city's, one person
    assert result.merged_persons == 1
    career = _rows(ds, "career", name="欧阳振邦")
    assert [(r[1], r[3]) for r in career] == [
        ("黄岛公安分局局长", "2022-03-05"), ("黄岛区人民政府副区长", "2022-03-05"), ("青岛市公安局副局长", "2024-01-10")]
    assert all(r[3] and r[4] for r in career)  # every row dated


def test_the_merge_is_stated_in_the_identity_graph_with_its_reason(tmp_path):
    ds, _ = _build(tmp_path, {"hd.txt": HUANGDAO_2022, "qd.txt": QINGDAO})
    q = """PREFIX kg: <https://w3id.org/kgraph/ontology#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT ?a ?b ?why WHERE { GRAPH <https://w3id.org/kgraph/id/graph/identity> {
      ?a owl:sameAs ?b . ?s rdf:subject ?a ; rdf:predicate owl:sameAs ; rdf:object ?b ; kg:reason ?why } }"""
    (a, b, why), = query.rows_as_strings(query.run(ds, q))
    assert "370211" in a and "370200" in b and "青岛市" in why


def test_a_curation_file_merges_and_splits_on_rebuild(tmp_path):
    reports = {"hd.txt": HUANGDAO_2022, "qd.txt": QINGDAO, "jn.txt": JINAN}
    curated = tmp_path / "identities.tsv"
    curated.write_text(
        "# the two 上官明哲 are one; the district's 欧阳振邦 is not the city's\n"
        f"same\tkgid:person/370200/上官明哲\tkgid:person/370100/上官明哲\tmoved between the cities\n"
        f"not-same\t<{vocab.person_iri('欧阳振邦', '370211')}>\tkgid:person/370200/欧阳振邦\n", encoding="utf-8")
    ds, result = _build(tmp_path, reports, identities=curated)
    persons = _persons(ds)
    assert len(persons["上官明哲"]) == 2
    assert "欧阳振邦（黄岛）" in persons and "欧阳振邦（青岛）" in persons
    pairs = {frozenset(r[:2]) for r in _rows(ds, "pairs", name="上官明哲")}
    assert frozenset({"上官明哲", "诸葛新民"}) in pairs and frozenset({"上官明哲", "司马文涛"}) in pairs


def test_a_bad_curation_line_is_one_error_naming_file_and_line(tmp_path):
    curated = tmp_path / "identities.tsv"
    curated.write_text("same\tkgid:person/370200/甲\tkgid:person/370100/甲\nsame-ish\tkgid:person/1/乙\tkgid:person/2/乙\n",
                       encoding="utf-8")
    with pytest.raises(CurationError, match=r"identities.tsv:2: unknown relation 'same-ish'"):
        curation.read(curated)
    curated.write_text("same\tkgid:person/370200/甲\tkgid:meeting/370200/2024-01-10/某会\n", encoding="utf-8")
    with pytest.raises(CurationError, match=r"identities.tsv:1: a person and a meeting"):
        curation.read(curated)
    curated.write_text("same kgid:person/370200/甲 kgid:person/370100/甲\n", encoding="utf-8")
    with pytest.raises(CurationError, match=r"identities.tsv:1: expected"):
        curation.read(curated)


def test_an_undated_meeting_is_its_report_own_unless_a_dated_report_gives_its_day(tmp_path):
    undated = ("全市公安工作会议召开\n1月10日，全市公安工作会议在青岛召开。市公安局局长司马文涛主持会议并讲话。\n")
    other_day = ("全市公安工作会议召开\n2月3日，全市公安工作会议在青岛召开。市公安局局长司马文涛主持会议并讲话。\n")
    ds, result = _build(tmp_path, {"a.txt": undated, "b.txt": other_day})
    assert result.meetings == 2  # two reports, no year: two meetings
    ds, result = _build(tmp_path, {"a.txt": undated, "qd.txt": QINGDAO})
    assert result.meetings == 1 and result.merged_meetings == 1


def test_a_report_without_jurisdiction_links_a_person_only_on_name_and_post(tmp_path):
    placed = ("2024年01月10日 来源：青岛市公安局\n全市公安工作会议召开\n1月10日，全市公安工作会议在青岛召开。"
              "市公安局局长司马文涛主持会议并讲话。市公安局副局长上官明哲出席会议。\n")
    nowhere = ("2024年05月06日\n全局工作会议召开\n5月6日，全局工作会议召开。市公安局局长司马文涛主持会议并讲话。"
               "政治部主任上官明哲出席会议。\n")
    ds, result = _build(tmp_path, {"qd.txt": placed, "x.txt": nowhere})
    persons = _persons(ds)
    assert len(persons["司马文涛"]) == 2  # same name, same post as written: one person
    assert "上官明哲" not in persons and len([k for k in persons if k.startswith("上官明哲")]) == 2
    review = (tmp_path / "out" / "identity-review.csv").read_text(encoding="utf-8")
    assert "上官明哲" in review and "x.txt" in review


def test_record_dates_a_post_by_the_report_meeting_when_there_is_no_dateline(tmp_path):
    text = ("全市公安工作会议召开\n2023年6月2日，全市公安工作会议在青岛召开。市公安局局长司马文涛主持会议并讲话。\n")
    ds, _ = _build(tmp_path, {"a.txt": text})
    rows = _rows(ds, "record", name="司马文涛")
    assert rows and all(r[0] == "2023-06-02" for r in rows)


def test_clause_words_never_open_an_organization():
    doc = Document("d", "d.txt", "d.txt", "会议由公安分局党委副书记、政委某某主持。")
    resolver = resolve.OrgResolver(doc, None)
    assert resolver.named_branch is None
    posts, orgs = resolve.resolve_posts([Post("某某", "会议由公安分局党委副书记", "副书记")], resolver)
    assert all(not o.name.startswith("会议") for o in orgs)


def test_an_autonomous_region_bureau_is_the_report_own_region_or_none():
    from kgraph import places

    doc = Document("d", "d.txt", "d.txt", "自治区公安厅副厅长某某出席。")
    region = places.lookup("宁夏回族自治区")
    assert resolve.OrgResolver(doc, region).full("自治区公安厅") == "宁夏回族自治区公安厅"
    assert resolve.OrgResolver(doc, places.lookup("山东省")).full("自治区公安厅") is None


def test_not_same_outweighs_every_rule():
    a, b = str(vocab.person_iri("某甲", "370211")), str(vocab.person_iri("某甲", "370200"))
    rec = DocRecord(doc="d", persons={a: "某甲", b: "某甲"})
    assert [(x, y) for x, y, _ in resolve_identities([rec]).same_as] == [(a, b)]
    from kgraph.identity import Curation

    kept = resolve_identities([rec], Curation(not_same=((a, b, "f:1"),)))
    assert kept.same_as == [] and kept.display == {a: "某甲（黄岛）", b: "某甲（青岛）"}


def test_the_analysis_and_the_page_show_one_node_per_person_named_as_displayed(tmp_path):
    from kgraph import analysis, view

    ds, _ = _build(tmp_path, {"hd.txt": HUANGDAO_2022, "qd.txt": QINGDAO, "jn.txt": JINAN})
    facts = analysis.read_facts(ds)
    names = sorted(facts.labels[p] for p in facts.officials)
    assert names.count("欧阳振邦") == 1
    assert "上官明哲（青岛）" in names and "上官明哲（济南）" in names
    page = view.graph_data(ds)
    shown = [n.label for n in page.nodes.values() if n.kind == "person"]
    assert shown.count("欧阳振邦") == 1 and "上官明哲（济南）" in shown


def test_build_identities_option_applies_the_file_and_reports_a_bad_line(tmp_path):
    from typer.testing import CliRunner

    from kgraph.cli import app

    src = tmp_path / "src"
    src.mkdir()
    (src / "qd.txt").write_text(QINGDAO, encoding="utf-8")
    (src / "jn.txt").write_text(JINAN, encoding="utf-8")
    good = tmp_path / "identities.tsv"
    good.write_text("same\tkgid:person/370200/上官明哲\tkgid:person/370100/上官明哲\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["build", str(src), "--out", str(tmp_path / "out"), "--identities", str(good),
                                    "--no-html", "--no-analysis", "--no-validate"])
    assert done.exit_code == 0, done.output
    assert "4 persons (1 merged)" in done.output  # five nodes, two of them one person
    bad = tmp_path / "bad.tsv"
    bad.write_text("# fine\nsame\tkgid:person/370200/上官明哲\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["build", str(src), "--out", str(tmp_path / "out2"), "--identities", str(bad)])
    assert done.exit_code == 2
    assert "[E700]" in done.output and "bad.tsv:2:" in done.output


def test_an_incremental_build_decides_over_the_documents_already_in_the_store(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "hd.txt").write_text(HUANGDAO_2022, encoding="utf-8")
    (second / "qd.txt").write_text(QINGDAO, encoding="utf-8")
    ds, result = pipeline.build([first], tmp_path / "out", analysis=False)
    assert result.merged_persons == 0
    ds, result = pipeline.build([second], tmp_path / "out", dataset=ds, analysis=False)
    assert result.merged_persons == 1  # the district's 欧阳振邦, built before, and the city's
    assert len(_persons(ds)["欧阳振邦"]) == 2


def test_a_curation_file_takes_a_meeting_as_a_table_prints_it(tmp_path):
    curated = tmp_path / "identities.tsv"
    curated.write_text("same\tkgid:meeting/370200/青岛市公安局/2024-01-10/全市公安工作会议\t"
                       "kgid:meeting/370200/undated-doc-1/全市公安工作会议\n", encoding="utf-8")
    (a, b, where), = curation.read(curated).same
    assert a == str(vocab.meeting_iri("全市公安工作会议", "2024-01-10", "370200/青岛市公安局"))
    assert b == str(vocab.meeting_iri("全市公安工作会议", "undated-doc-1", "370200")) and where == "identities.tsv:1"


def test_homonyms_of_reports_without_place_are_told_apart_by_their_file():
    a, b = str(vocab.person_iri("某乙", "doc-1")), str(vocab.person_iri("某乙", "doc-2"))
    records = [DocRecord(doc="d1", file="甲.txt", persons={a: "某乙"}), DocRecord(doc="d2", file="乙.txt", persons={b: "某乙"})]
    assert resolve_identities(records).display == {a: "某乙（甲.txt）", b: "某乙（乙.txt）"}
