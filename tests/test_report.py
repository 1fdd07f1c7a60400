"""report: kgraph report and kgraph build write one offline page of charts with each chart's data as CSV."""
from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from typer.testing import CliRunner

from kgraph import report, store
from kgraph.cli import app
from kgraph.vocab import DCTERMS, ID, KG, RDF, RDFS, XSD
from tests.test_view import browser, requested_urls  # noqa: F401 - the headless Chromium fixture

SCRIPT = "<script>window.__pwned=1</script>"
CSV_NAMES = {"reports-by-year", "reports-by-province", "reports-by-level", "meetings-by-kind", "attendance",
             "theme-trends", "theme-changes", "themes-by-province", "careers", "org-pairs"}


@pytest.fixture(scope="module")
def seeds_report(seeds_build) -> Path:
    ds, _, out = seeds_build
    return report.write(ds, out)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_report_and_its_tables_are_written(seeds_report):
    out = seeds_report.parent
    assert seeds_report.name == "report.html"
    assert {p.stem for p in (out / "trends").glob("*.csv")} == CSV_NAMES
    assert read_csv(out / "trends" / "reports-by-year.csv") == [{"year": "2023", "reports": "1"},
                                                                {"year": "2024", "reports": "1"}]
    assert {r["province"]: r["reports"] for r in read_csv(out / "trends" / "reports-by-province.csv")} == {
        "山东省": "1", "湖北省": "1"}
    attendance = {r["person"]: r for r in read_csv(out / "trends" / "attendance.csv")}
    assert (attendance["张月波"]["presided"], attendance["张月波"]["spoke"]) == ("1", "1")
    careers = read_csv(out / "trends" / "careers.csv")
    assert {"person": "李伟", "date": "2023-02-10", "event": "讲话", "what": "全省公安局长会议",
            "file": "seed000.txt"} in careers


def test_report_page_is_offline_and_chinese(seeds_report):
    html = seeds_report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in html
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.I)
    assert not re.search(r"<link[^>]*\shref\s*=\s*[\"']?(https?:)?//", html, re.I)
    assert "cdn.plot.ly" not in html.split('<script type="application/json"')[0]
    assert "Plotly.newPlot" in html and len(report.plotly_js()) > 1_000_000  # plotly.js itself, inlined
    for title in ("各年报道数", "各省报道数", "参会最多的官员", "各年主题词", "官员履历时间线", "共同参会的机构"):
        assert title in html
    assert 'href="trends/theme-trends.csv"' in html and "@media print" in html


def test_hostile_names_are_data_in_the_report(tmp_path):
    ds = store.new_dataset()
    doc = ID["doc/x.txt"]
    g = ds.graph(doc)
    theme = URIRef("https://example.org/theme/x")
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, KG.sourceFile, Literal("x.txt")))
    g.add((doc, DCTERMS.issued, Literal("2024-01-02", datatype=XSD.date)))
    g.add((doc, DCTERMS.subject, theme))
    g.add((theme, RDF.type, KG.Theme))
    g.add((theme, RDFS.label, Literal(SCRIPT + "某理念", lang="zh")))
    page = report.write(ds, tmp_path)
    html = page.read_text(encoding="utf-8")
    assert "<script>window" not in html
    # made an entity for plotly.js (which reads some tags in text), then escaped for the JSON block
    assert "\\u0026lt;script\\u0026gt;window.__pwned=1\\u0026lt;/script\\u0026gt;某理念" in html


def test_kgraph_report_command(seeds_build, tmp_path):
    _, _, out = seeds_build
    result = CliRunner().invoke(app, ["report", str(out), "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.html").stat().st_size > 1_000_000
    missing = CliRunner().invoke(app, ["report", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "[E400]" in missing.output


@pytest.mark.slow
def test_build_writes_the_report_by_default(tmp_path):
    from tests.conftest import SEEDS

    result = CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(tmp_path), "--quiet", "--no-validate"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report.html").is_file() and (tmp_path / "trends" / "theme-trends.csv").is_file()
    bare = CliRunner().invoke(app, ["build", str(SEEDS), "--out", str(tmp_path / "bare"), "--quiet", "--no-html",
                                    "--no-validate"])
    assert bare.exit_code == 0 and not (tmp_path / "bare" / "report.html").exists()


@pytest.mark.slow
@pytest.mark.browser
def test_report_draws_its_charts_offline_in_chromium(browser, seeds_report):  # noqa: F811
    browser.get_log("browser"), browser.get_log("performance")
    browser.get(seeds_report.resolve().as_uri())
    deadline = time.monotonic() + 30
    while not browser.execute_script("return document.body.getAttribute('data-drawn')"):
        assert time.monotonic() < deadline, "the charts were never drawn"
        time.sleep(0.05)
    charts = browser.execute_script("return document.querySelectorAll('.chart').length")
    assert charts == 9 and browser.execute_script("return document.body.getAttribute('data-drawn')") == "9"
    assert browser.execute_script("return document.querySelectorAll('.chart svg.main-svg').length") >= charts
    texts = browser.execute_script("return Array.from(document.querySelectorAll('.chart svg text')).map(t => t.textContent)")
    for label in ("山东省", "湖北省", "报道数", "李伟", "全省公安局长会议"):
        assert label in texts, label
    assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    assert [u for u in requested_urls(browser) if re.match(r"(https?|wss?|ftp):", u)] == []
