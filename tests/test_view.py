"""view: the graph page is self-contained, shows the seeds' facts in Chinese, and never runs article text.

The browser tests open the page in Debian's headless Chromium with the network blocked;
they skip (with the reason) where chromium, chromedriver or selenium are missing.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from typer.testing import CliRunner

from kgraph import pipeline, store, view
from kgraph.cli import app
from kgraph.errors import QueryError
from kgraph.vocab import KG, RDF, RDFS

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
SCRIPT = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=window.__pwned=2>"
HOSTILE_TITLE = SCRIPT + "全市公安工作会议召开"
HOSTILE_ARTICLE = (
    f"{HOSTILE_TITLE}\n\n2023年03月01日 10:00  某市公安局\n\n"
    "3月1日,全市公安工作会议在黄石召开。副市长、市公安局局长张维护主持会议并讲话。"
    f"会议强调,要坚持“{IMG}”,深入推进“{SCRIPT}”专项行动。"
    f"会议要求,一要坚持“{IMG}平安建设”;二要加强队伍建设。\n"
)
# what the page shows, counted independently of view.py
NODE_COUNT_QUERY = """
PREFIX kg: <https://w3id.org/kgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {
  VALUES ?class { kg:Person org:Organization org:Post kg:Meeting kg:Directive kg:Theme kg:PolicyTerm kg:Place kg:Document }
  ?n a ?class }"""


def count(ds, query: str, kind: str = "?class") -> int:
    return int(next(iter(ds.query(query.replace("?n a ?class", f"?n a {kind}"))))[0])


def page_json(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="kgraph-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


@pytest.fixture(scope="module")
def seeds_page(seeds_build) -> Path:
    ds, _, out = seeds_build
    return view.render(ds, out / "graph.html")


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "in").mkdir()
    (root / "in" / "hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    ds, result = pipeline.build([root / "in"], root / "out")
    assert result.documents == 1 and not result.failures
    return view.render(ds, root / "out" / "graph.html")


# ---- the page as a file ----------------------------------------------------------------

def test_page_embeds_everything_and_is_utf8(seeds_page):
    raw = seeds_page.read_bytes()
    html = raw.decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.I)
    assert not re.search(r"<link[^>]*\shref\s*=\s*[\"']?(https?:)?//", html, re.I)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//|@import|@font-face", html, re.I)
    assert "vis.Network" in html and "network.setOptions({physics: false})" in html
    assert "Noto Sans CJK SC" in html and "李伟" in html


def test_seed_facts_become_labelled_edges_and_tooltips(seeds_build):
    ds, _, _ = seeds_build
    graph = view.graph_data(ds)
    by_label = {n.label: iri for iri, n in graph.nodes.items()}
    assert len(graph.nodes) == count(ds, NODE_COUNT_QUERY)
    presided = graph.edges[by_label["张月波"], by_label["全省公安局长会议"]]
    assert presided.labels == ["主持", "讲话"]
    assert presided.evidence[0] == ("省公安厅党委副书记、常务副厅长张月波主持会议,传达了全国公安厅局长会议等精神。",
                                    "seed000.txt")
    assert graph.edges[by_label["纪勇"], by_label["全省公安局长会议"]].labels == ["出席"]
    tips = {n["full"]: n["tip"] for n in view.page_data(graph)["nodes"]}
    assert tips["李伟"] == [
        ["title", "李伟"], ["meta", "人物"],
        ["section", "职务"], ["item", "副省长"], ["item", "公安厅党委书记"], ["item", "厅长"],
        ["section", "事实与出处"], ["item", "讲话 → 全省公安局长会议"],
        ["quote", "「副省长,公安厅党委书记、厅长李伟出席会议并讲话。」seed000.txt"],
    ]


def test_ego_graph_of_a_person(seeds_build):
    ds, _, _ = seeds_build
    labels = {n.label for n in view.ego(ds, "李伟", depth=1).nodes.values()}
    assert labels == {"李伟", "副省长", "公安厅党委书记", "厅长", "全省公安局长会议"}
    with pytest.raises(QueryError, match="no node labelled '无此人'"):
        view.ego(ds, "无此人")


def test_kgraph_view_writes_the_ego_page(seeds_build):
    _, _, out = seeds_build
    result = CliRunner().invoke(app, ["view", str(out), "--focus", "李伟", "--depth", "1"])
    assert result.exit_code == 0, result.output
    page = out / "graph-李伟.html"
    assert {n["full"] for n in page_json(page.read_text(encoding="utf-8"))["nodes"]} == {
        "李伟", "副省长", "公安厅党委书记", "厅长", "全省公安局长会议"}
    missing = CliRunner().invoke(app, ["view", str(out / "nowhere")])
    assert missing.exit_code == 2 and "[E400]" in missing.output


def test_script_json_escapes_what_could_close_the_script():
    assert view.script_json({"t": "</script><!--&\u2028\u2029"}) == \
        '{"t":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029"}'


def test_hostile_text_is_data_never_markup(hostile_page):
    html = hostile_page.read_text(encoding="utf-8")
    for needle in ("<script>window", "window.__pwned=1</script>", "<img"):
        assert needle not in html
    assert "\\u003cimg src=x onerror=window.__pwned=2\\u003e" in html
    # the data block, vis-network, the page's own code, and core-js's own "<script>" string in vis-network
    assert html.count("<script") == 3 + view._vis_assets()[0].count("<script")
    fulls = {n["full"] for n in page_json(html)["nodes"]}
    assert HOSTILE_TITLE in fulls  # the headline, as text
    assert f"要坚持“{IMG}”,深入推进“{SCRIPT}”专项行动" in fulls
    # a focus name from the command line is escaped too
    ds = store.open_output(hostile_page.parent)
    focused = view.render(ds, hostile_page.parent / "focus.html", focus=HOSTILE_TITLE, depth=1)
    text = focused.read_text(encoding="utf-8")
    assert SCRIPT not in text and "&lt;script&gt;window.__pwned=1&lt;/script&gt;全市公安工作会议召开" in text


def _star(meetings: int, people: int):
    """Person i attends meeting i % meetings; meeting 0 is also attended by every tenth person."""
    ds = store.new_dataset()
    g = ds.graph(URIRef("https://w3id.org/kgraph/id/doc/synthetic.txt"))
    meeting = [URIRef(f"https://example.org/m{j}") for j in range(meetings)]
    for j, m in enumerate(meeting):
        g.add((m, RDF.type, KG.Meeting))
        g.add((m, RDFS.label, Literal(f"会议{j}", lang="zh")))
    for i in range(people):
        p = URIRef(f"https://example.org/p{i}")
        g.add((p, RDF.type, KG.Person))
        g.add((p, RDFS.label, Literal(f"人物{i}", lang="zh")))
        g.add((p, KG.attended, meeting[i % meetings]))
        if i % 10 == 5:
            g.add((p, KG.attended, meeting[0]))
    return ds


def test_large_graph_keeps_the_most_central_and_says_so(tmp_path):
    ds = _star(meetings=20, people=1000)  # 1020 nodes
    page = view.render(ds, tmp_path / "graph.html", budget=100)
    html = page.read_text(encoding="utf-8")
    assert "showing 100 of 1020 nodes: the most central 20 by degree and their neighbours" in html
    shown = {n["full"] for n in page_json(html)["nodes"]}
    assert len(shown) == 100 and {f"会议{j}" for j in range(20)} <= shown
    assert "showing" not in view.render(ds, tmp_path / "all.html", budget=2000).read_text(encoding="utf-8")


# ---- the page in a browser -------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium, network blocked, browser console and network events recorded."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not os.access(binary, os.X_OK):
            pytest.skip(f"{binary} missing: run .ci/browser-deps.sh (apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not download a driver
    profile = tempfile.mkdtemp(prefix="kgraph-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--window-size=1400,900",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--proxy-server=127.0.0.1:9"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def open_page(driver, page: Path) -> None:
    driver.get_log("browser"), driver.get_log("performance")  # start both logs afresh
    driver.get(page.resolve().as_uri())
    deadline = time.monotonic() + 30
    while not driver.execute_script("return !!(window.kgraph && window.kgraph.stabilized)"):
        assert time.monotonic() < deadline, "the layout never stabilized"
        time.sleep(0.05)


def requested_urls(driver) -> list[str]:
    events = (json.loads(entry["message"])["message"] for entry in driver.get_log("performance"))
    return [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]


def hover(driver, node_id: int) -> str:
    """Move the mouse onto a node and return the tooltip's text."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    canvas = driver.find_element(By.CSS_SELECTOR, "#graph canvas")
    driver.execute_script("kgraph.network.focus(arguments[0], {scale: 1.5}); kgraph.network.unselectAll();", node_id)
    x, y = driver.execute_script(
        "var p = kgraph.network.canvasToDOM(kgraph.network.getPosition(arguments[0])); return [p.x, p.y];", node_id)
    ActionChains(driver).move_to_element_with_offset(canvas, int(x - canvas.size["width"] / 2),
                                                     int(y - canvas.size["height"] / 2)).perform()
    tooltip = driver.find_element(By.CSS_SELECTOR, "div.vis-tooltip")
    deadline = time.monotonic() + 5
    while not tooltip.is_displayed():
        assert time.monotonic() < deadline, f"no tooltip over node {node_id}"
        time.sleep(0.05)
    return tooltip.get_attribute("textContent")


@pytest.mark.slow
@pytest.mark.browser
def test_seeds_page_in_chromium(browser, seeds_page, seeds_build):
    from selenium.webdriver.common.by import By

    ds, _, _ = seeds_build
    open_page(browser, seeds_page)
    expected = count(ds, NODE_COUNT_QUERY)
    counts = browser.execute_script(
        "return [kgraph.nodes.length, Object.keys(kgraph.network.getPositions()).length, kgraph.edges.length]")
    assert counts == [expected, expected, len(page_json(seeds_page.read_text(encoding="utf-8"))["edges"])]
    # a Chinese label on a drawn canvas, and the legend's words on screen
    assert browser.execute_script("return kgraph.nodes.get({filter: n => n.label === '李伟'}).length") == 1
    inked = browser.execute_script("""var c = document.querySelector('#graph canvas');
        var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;
        for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } } return n;""")
    assert inked > 10000
    legend = browser.find_element(By.ID, "legend")
    assert legend.is_displayed() and "人物" in legend.text and "会议" in legend.text
    # search selects and centres 李伟
    box = browser.find_element(By.ID, "search")
    box.send_keys("李伟")
    selected = browser.execute_script(
        "return kgraph.network.getSelectedNodes().map(id => kgraph.nodes.get(id).full)")
    assert selected == ["李伟"]
    assert browser.find_element(By.ID, "search-status").text == "1 个匹配"
    li_wei = browser.execute_script("return kgraph.network.getSelectedNodes()[0]")
    tip = hover(browser, li_wei)
    assert tip.startswith("李伟人物职务副省长公安厅党委书记厅长") and "厅长李伟出席会议并讲话。" in tip
    # a type filter hides that type and its edges
    browser.find_element(By.CSS_SELECTOR, "input.type-filter[value=directive]").click()
    directives = count(ds, NODE_COUNT_QUERY, "kg:Directive")
    assert directives > 0 and browser.execute_script("return kgraph.nodesView.length") == expected - directives
    assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    urls = requested_urls(browser)  # every request the browser began, blocked or not
    assert seeds_page.resolve().as_uri() in urls
    assert [u for u in urls if re.match(r"(https?|wss?|ftp):", u)] == []
    assert browser.execute_script(
        "return performance.getEntriesByType('resource').filter(r => !/^(file|data):/.test(r.name)).length") == 0


@pytest.mark.slow
@pytest.mark.browser
def test_hostile_article_shows_as_text_and_nothing_runs(browser, hostile_page):
    open_page(browser, hostile_page)
    nodes = browser.execute_script("return kgraph.nodes.get().map(n => [n.id, n.full, n.label])")
    title_id = next(i for i, full, _ in nodes if full == HOSTILE_TITLE)
    directive_id = next(i for i, full, _ in nodes if full.startswith(f"要坚持“{IMG}”"))
    assert dict((i, label) for i, _, label in nodes)[title_id] == SCRIPT[:11] + "…"
    assert HOSTILE_TITLE in hover(browser, title_id)
    assert f"要坚持“{IMG}”,深入推进“{SCRIPT}”专项行动" in hover(browser, directive_id)
    browser.execute_script("document.getElementById('search').value = arguments[0];"
                           "document.getElementById('search').dispatchEvent(new Event('input'));", SCRIPT)
    assert len(browser.execute_script("return kgraph.network.getSelectedNodes()")) == 2
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return document.querySelectorAll('img, #graph script, .vis-tooltip *:not(div)').length") == 0
    assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
