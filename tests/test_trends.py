"""trends: every figure of the report checked against counts made by hand on a small invented corpus.

The corpus is written as triples, the way a build states them (one named graph per report),
so each table is tested through its canned query on Oxigraph and on rdflib's engine.
"""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kgraph import store, trends
from kgraph.vocab import DCTERMS, ID, KG, ORG, OWL, RDF, RDFS, SKOS, XSD

P = "https://example.org/"
DISPLAY_LABEL = URIRef(str(KG) + "displayLabel")  # the identity vocabulary's display name


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


# (file, issued, meeting name, level, meeting date, place, themes, [(person, role, post, org)])
REPORTS = [
    ("r1.txt", "2018-03-01", "全省甲工作会议", "全省", "2018-03-01", "city-a", ["甲经验"],
     [("王一", KG.presided, "厅长", "甲省厅"), ("李二", KG.attended, "局长", "甲市局")]),
    ("r2.txt", "2019-04-02", "乙座谈会", None, None, "prov-b", ["甲经验", "乙理念"],
     [("赵三", KG.spokeAt, "厅长", "乙省厅"), ("钱四", KG.attended, "主任", "乙省委")]),
    ("r3.txt", "2019-06-03", "全市丙推进会", "全市", "2019-06-03", "city-a", ["乙理念"],
     [("王一", KG.spokeAt, "厅长", "甲省厅"), ("李二", KG.attended, "局长", "甲市局")]),
    ("r4.txt", "2021-01-04", "全省丁部署会", "全省", None, "prov-a", ["甲经验"],
     [("王一", KG.presided, "厅长", "甲省厅"), ("王一", KG.spokeAt, "厅长", "甲省厅")]),
    ("r5.txt", None, "全省戊会议", "全省", "2022-02-05", None, ["丙口号"], []),
    ("r6.txt", "2023-07-06", None, None, None, None, ["丙口号", "乙理念"], []),
]
USED_ONLY = {"丙口号"}  # a tracked term no report puts forward: a kg:PolicyTerm, counted like a kg:Theme
PLACES = {"prov-a": ("甲省", "910000", None), "city-a": ("丙市", "910100", "prov-a"), "prov-b": ("乙省", "920000", None)}


def _corpus(spec: str = "oxigraph"):
    ds = store.new_dataset(spec)
    for n, (file, issued, meeting, level, held, place, themes, people) in enumerate(REPORTS):
        doc = ID[f"doc/{file}"]
        g = ds.graph(doc)
        g.add((doc, RDF.type, KG.Document))
        g.add((doc, KG.sourceFile, Literal(file)))
        if issued:
            g.add((doc, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
        for theme in themes:
            t = URIRef(P + "theme/" + theme)
            g.add((t, RDF.type, KG.PolicyTerm if theme in USED_ONLY else KG.Theme))
            g.add((t, RDFS.label, zh(theme)))
            g.add((doc, DCTERMS.subject, t))
        if not meeting:
            continue
        m = URIRef(f"{P}meeting/{n}")
        g.add((doc, KG.reports, m))
        g.add((m, RDF.type, KG.Meeting))
        g.add((m, RDFS.label, zh(meeting)))
        if level:
            g.add((m, KG.level, zh(level)))
        if held:
            g.add((m, KG.date, Literal(held, datatype=XSD.date)))
        for key in (place, PLACES.get(place, (None, None, None))[2]):
            if key:
                name, code, within = PLACES[key]
                pl = URIRef(P + "place/" + code)
                g.add((pl, RDF.type, KG.Place))
                g.add((pl, SKOS.prefLabel, zh(name)))
                g.add((pl, KG.adcode, Literal(code)))
                if within:
                    g.add((pl, KG.within, URIRef(P + "place/" + PLACES[within][1])))
        if place:
            g.add((m, KG.place, URIRef(P + "place/" + PLACES[place][1])))
        for person, role, post, organization in people:
            p, x, o = URIRef(P + "person/" + person), URIRef(f"{P}post/{organization}/{post}"), URIRef(P + "org/" + organization)
            g.add((p, RDF.type, KG.Person))
            g.add((p, RDFS.label, zh(person)))
            g.add((p, role, m))
            g.add((p, ORG.holds, x))
            g.add((x, RDF.type, ORG.Post))
            g.add((x, RDFS.label, zh(post)))
            g.add((x, ORG.postIn, o))
            g.add((o, RDF.type, ORG.Organization))
            g.add((o, RDFS.label, zh(organization)))
            if organization == "甲省厅":
                g.add((o, KG.jurisdiction, URIRef(P + "place/910000")))
    return ds


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def corpus(request):
    return _corpus(request.param)


def test_reports_by_year_province_and_level(corpus):
    tables = trends.corpus(corpus)
    # r1 2018; r2, r3 2019; r4 2021; r5 has no issue date: its meeting's 2022; r6 2023; 2020 shown as 0
    assert tables["reports-by-year"].rows == ((2018, 1), (2019, 2), (2020, 0), (2021, 1), (2022, 1), (2023, 1))
    # r1, r3 (丙市 within 甲省) and r4 in 甲省; r2 in 乙省; r5 (no place, no organization) and r6 unknown
    assert tables["reports-by-province"].rows == (("甲省", 3), ("乙省", 1), ("未注明", 2))
    assert tables["reports-by-level"].rows == (("全省", 3), ("全市", 1), ("无会议", 1), ("未注明", 1))
    assert tables["meetings-by-kind"].rows == (("会议", 2), ("座谈会", 1), ("推进会", 1), ("部署会", 1))


def test_attendance_counts_meetings_and_roles(corpus):
    table = trends.attendance(corpus)
    assert table.records()[0] == {"person": "王一", "meetings": 3, "presided": 2, "spoke": 2, "jurisdiction": "甲省"}
    assert ("李二", 2, 0, 0, "") in table.rows and ("赵三", 1, 0, 1, "") in table.rows
    assert len(table.rows) == 4


def test_attendance_counts_an_official_once_across_owl_same_as():
    ds = _corpus()
    g = ds.graph(URIRef(P + "identity"))
    twin = URIRef(P + "person/王一-bis")
    g.add((twin, RDF.type, KG.Person))
    g.add((twin, RDFS.label, zh("王一")))
    g.add((URIRef(P + "person/王一"), DISPLAY_LABEL, zh("王一（甲省厅厅长）")))
    g.add((twin, OWL.sameAs, URIRef(P + "person/王一")))
    ds.graph(ID["doc/r5.txt"]).add((twin, KG.attended, URIRef(f"{P}meeting/4")))
    first = trends.attendance(ds).records()[0]
    assert (first["meetings"], first["presided"], first["spoke"]) == (4, 2, 2)
    assert first["person"] == "王一（甲省厅厅长）"  # the display label, where the graph gives one
    assert sum(1 for r in trends.attendance(ds).rows if r[0].startswith("王一")) == 1


def test_theme_trends_are_normalised_by_the_reports_of_the_year(corpus):
    table = trends.theme_trends(corpus)
    rows = {(r[0], r[1]): r[2:] for r in table.rows}
    assert rows[2019, "甲经验"] == (1, 2, 0.5) and rows[2019, "乙理念"] == (2, 2, 1.0)
    assert rows[2022, "丙口号"] == (1, 1, 1.0) and rows[2023, "乙理念"] == (1, 1, 1.0)
    assert len(table.rows) == 7  # 2018 甲; 2019 甲 乙; 2021 甲; 2022 丙; 2023 丙 乙


def test_themes_by_province(corpus):
    table = trends.themes_by_province(corpus)
    assert set(table.rows) == {("甲省", "甲经验", 2, 3, 0.6667), ("甲省", "乙理念", 1, 3, 0.3333),
                               ("乙省", "甲经验", 1, 1, 1.0), ("乙省", "乙理念", 1, 1, 1.0)}


def test_careers_are_dated_events_oldest_first(corpus):
    table = trends.careers(corpus, ["王一"])
    assert [(r[1], r[2], r[3]) for r in table.rows] == [
        ("2018-03-01", "主持", "全省甲工作会议"), ("2018-03-01", "任职", "厅长"),
        ("2019-06-03", "任职", "厅长"), ("2019-06-03", "讲话", "全市丙推进会"),
        ("2021-01-04", "主持", "全省丁部署会"), ("2021-01-04", "任职", "厅长"), ("2021-01-04", "讲话", "全省丁部署会")]


def test_org_pairs_count_shared_meetings(corpus):
    rows = trends.org_pairs(corpus).rows
    assert [row[:3] for row in rows] == [("甲市局", "甲省厅", 2), ("乙省厅", "乙省委", 1)]
    assert rows[0][3] in {"全省甲工作会议", "全市丙推进会"} and rows[1][3] == "乙座谈会"


def test_meeting_kind_is_the_longest_known_ending():
    assert trends.meeting_kind("全市公安工作推进会") == "推进会"
    assert trends.meeting_kind("全区公安工作会议") == "会议"
    assert trends.meeting_kind("某某活动") == "其他"


# ---- rising and falling ------------------------------------------------------------------

def test_windows_are_the_last_three_years_and_the_three_before():
    assert trends.windows([2016, 2020, 2026]) == ((2021, 2022, 2023), (2024, 2025, 2026))
    assert trends.windows([]) == ((), ())


def test_rising_and_falling_on_a_constructed_series():
    reports = {2018: 10, 2019: 10, 2020: 10, 2021: 20, 2022: 20, 2023: 20}
    counts = {
        # steady: 2 of 10 each early year, 4 of 20 each late year -> 20% both, no change
        **{(y, "稳定"): 2 if y < 2021 else 4 for y in reports},
        # rises from 3/30 = 10% to 30/60 = 50%
        (2019, "上升"): 3, (2021, "上升"): 10, (2022, "上升"): 10, (2023, "上升"): 10,
        # falls from 15/30 = 50% to 6/60 = 10%
        (2018, "下降"): 5, (2019, "下降"): 5, (2020, "下降"): 5, (2023, "下降"): 6,
        # more reports but a smaller share: 6/30 = 20% -> 9/60 = 15%, a fall though the count grew
        (2018, "稀释"): 6, (2022, "稀释"): 9,
        # one report in all: too few to call
        (2023, "偶见"): 1,
    }
    found = trends.changes(counts, reports)
    assert [c.theme for c in found] == ["上升", "稳定", "稀释", "下降"]
    rise, fall = found[0], found[-1]
    assert (rise.earlier, rise.earlier_reports, rise.later, rise.later_reports) == (3, 30, 30, 60)
    assert rise.change == pytest.approx(0.4) and fall.change == pytest.approx(-0.4)
    assert found[1].change == pytest.approx(0.0)
    assert found[2].change == pytest.approx(-0.05)


def test_theme_changes_names_rising_and_falling_with_counts(corpus):
    table, rising, falling = trends.theme_changes(trends.theme_trends(corpus))
    # later window 2021–2023 (3 reports), earlier 2018–2020 (3 reports)
    assert table.title == "主题词升降（2021–2023 对比 2018–2020 的报道占比）"
    assert [(c.theme, c.earlier, c.later) for c in rising] == [("丙口号", 0, 2)]
    assert [(c.theme, c.earlier, c.later) for c in falling] == [("甲经验", 2, 1), ("乙理念", 2, 1)]


def test_tables_are_written_as_csv(corpus, tmp_path):
    paths = trends.write_csv([trends.theme_trends(corpus)], tmp_path / "trends")
    text = paths[0].read_text(encoding="utf-8")
    assert paths[0].name == "theme-trends.csv"
    assert text.splitlines()[0] == "year,theme,documents,reports,share"
    assert "2019,乙理念,2,2,1.0" in text.splitlines()



# ---- DataFrames ----------------------------------------------------------------------------

def test_frames_give_the_report_numbers(corpus):
    pytest.importorskip("pandas")
    import kgraph

    df = kgraph.frame(corpus, "theme-trends")
    assert list(df.columns) == ["year", "theme", "documents", "reports", "share"]
    row = df[(df.year == 2019) & (df.theme == "甲经验")].iloc[0]
    assert (row.documents, row.reports, row.share) == (1, 2, 0.5)
    attendance = kgraph.frame(corpus, "attendance")
    assert attendance.loc[0, "person"] == "王一" and attendance.loc[0, "meetings"] == 3
    careers = kgraph.frame(corpus, "timeline", name="李二")
    assert [d.isoformat() for d in careers["date"]] == ["2018-03-01", "2018-03-01", "2019-06-03", "2019-06-03"]


def test_frame_without_pandas_says_what_to_install(corpus, monkeypatch):
    import builtins
    import importlib

    from kgraph.errors import MissingExtra

    frames = importlib.import_module("kgraph.frame")  # the module; kgraph.frame is its function

    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(MissingExtra, match=r"\[E900\].*kgraph\[frames\]"):
        frames.frame(corpus, "theme-trends")
