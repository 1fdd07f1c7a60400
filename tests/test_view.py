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

from kgraph import explore, neighbourhood, pipeline, store, view
from kgraph.cli import app
from tests.conftest import SEEDS, serving
from kgraph.errors import QueryError
from kgraph.vocab import KG, RDF, RDFS

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
SCRIPT = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=window.__pwned=2>"
HOSTILE_TITLE = SCRIPT + "全市公安工作会议召开"
HOSTILE_ARTICLE = (
    f"{HOSTILE_TITLE}\n\n2023年03月01日 10:00  某市公安局\n\n"
    "3月1日,全市公安工作会议在黄石召开。副市长、市公安局局长孟维护主持会议并讲话。"
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
    assert 'lang="zh-CN"' in html and "搜索全部节点" in html and "回到概览" in html
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
    data = explore.explorer_data(ds, graph)
    li_wei = next(n for n in data["nodes"] if n["full"] == "李伟")
    assert li_wei["kind"] == "person" and li_wei["years"] == [2023] and li_wei["provinces"] == ["山东省"]
    spoke = next(e for e in data["edges"] if e["from"] == li_wei["id"] and e["label"] == "讲话")
    quote, file, start, end, begins = spoke["src"][0]
    assert (quote, file) == ("副省长,公安厅党委书记、厅长李伟出席会议并讲话。", "seed000.txt")
    text = (SEEDS / file).read_text(encoding="utf-8")
    assert text[begins:begins + len(quote)] == quote and text[start:end] in quote  # offsets into the source text
    # the overview is officials and meetings only, most central first
    kinds = {n["id"]: n["kind"] for n in data["nodes"]}
    assert data["overview"] and {kinds[i] for i in data["overview"]} <= {"person", "meeting"}
    assert data["files"]["seed000.txt"] == "2023-02-10"


def test_ego_graph_of_a_person(seeds_build):
    ds, _, _ = seeds_build
    labels = {n.label for n in neighbourhood.ego(ds, "李伟", depth=1).nodes.values()}
    assert labels == {"李伟", "副省长", "公安厅党委书记", "厅长", "全省公安局长会议"}
    # two steps: the meeting's other officials, its directives and (through its report) its themes
    two = {n.label: n.kind for n in neighbourhood.ego(ds, "李伟", depth=2).nodes.values()}
    assert two["张月波"] == "person" and "theme" in two.values() and "directive" in two.values()
    assert "宛小林" not in two  # an official of the other seed's meeting
    with pytest.raises(QueryError, match="no node labelled '无此人'"):
        neighbourhood.ego(ds, "无此人")


@pytest.mark.parametrize("spec", ["oxigraph", "memory"])
def test_ego_graph_carries_the_same_facts_and_sources_as_the_whole_graph(seeds_build, spec):
    _, _, out = seeds_build
    ds = store.new_dataset(spec)
    ds.parse(out / store.GRAPH_TRIG, format="trig")
    whole = view.graph_data(ds)
    part = neighbourhood.ego(ds, "张月波", depth=2)
    assert len(part.edges) > 20
    for key, edge in part.edges.items():
        assert (edge.labels, edge.evidence, edge.spans) == (whole.edges[key].labels, whole.edges[key].evidence,
                                                             whole.edges[key].spans), key
    assert {iri: n.details for iri, n in part.nodes.items()} == {iri: whole.nodes[iri].details for iri in part.nodes}


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


def test_large_graph_opens_on_the_most_central_and_holds_every_node(tmp_path):
    ds = _star(meetings=20, people=1000)  # 1020 nodes
    data = page_json(view.render(ds, tmp_path / "graph.html", budget=30).read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 1020  # search reaches every node
    full = {n["id"]: n["full"] for n in data["nodes"]}
    overview = [full[i] for i in data["overview"]]
    assert len(overview) == 30 and {f"会议{j}" for j in range(20)} <= set(overview)
    assert len(page_json(view.render(ds, tmp_path / "all.html").read_text(encoding="utf-8"))["overview"]) == \
        explore.OVERVIEW


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


def settle(driver) -> None:
    deadline = time.monotonic() + 30
    while not driver.execute_script("return kgraph.stabilized"):
        assert time.monotonic() < deadline, "the layout never settled"
        time.sleep(0.05)


def drawn(driver) -> list[str]:
    return driver.execute_script("return kgraph.nodes.get().map(n => n.full)")


def click_node(driver, node_id: int) -> None:
    """A real mouse click on a drawn node."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    canvas = driver.find_element(By.CSS_SELECTOR, "#graph canvas")
    x, y = driver.execute_script(
        "var p = kgraph.network.canvasToDOM(kgraph.network.getPosition(arguments[0])); return [p.x, p.y];", node_id)
    ActionChains(driver).move_to_element_with_offset(canvas, int(x - canvas.size["width"] / 2),
                                                     int(y - canvas.size["height"] / 2)).click().perform()


@pytest.fixture(scope="module")
def small_overview_page(seeds_build) -> Path:
    ds, _, out = seeds_build
    return view.render(ds, out / "graph-overview.html", budget=4)


@pytest.mark.slow
@pytest.mark.browser
def test_explorer_in_chromium(browser, small_overview_page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    data = page_json(small_overview_page.read_text(encoding="utf-8"))
    open_page(browser, small_overview_page)
    first = drawn(browser)
    assert len(first) == 4 and browser.execute_script("return Object.keys(kgraph.network.getPositions()).length") == 4
    inked = browser.execute_script("""var c = document.querySelector('#graph canvas');
        var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;
        for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } } return n;""")
    assert inked > 2000
    legend = browser.find_element(By.ID, "legend")
    assert legend.is_displayed() and "人物" in legend.text and "会议" in legend.text and "颜色" in legend.text
    # search finds an official of the data who is not drawn, draws him and explains him
    assert "纪勇" in {n["full"] for n in data["nodes"]} and "纪勇" not in first
    box = browser.find_element(By.ID, "search")
    box.send_keys("纪勇")
    assert browser.find_element(By.ID, "search-status").text == "1 个匹配"
    assert browser.find_element(By.CSS_SELECTOR, "#results li").text.startswith("纪勇")
    box.send_keys(Keys.ENTER)
    settle(browser)
    assert "纪勇" in drawn(browser) and "全省公安局长会议" in drawn(browser)
    panel = browser.find_element(By.ID, "panel")
    assert panel.find_element(By.TAG_NAME, "h2").text == "纪勇"
    assert "出处" in panel.text and "seed000.txt，第" in panel.text and "「" in panel.text
    # each source sentence marks the words the fact was read from
    marked = [m.text for m in panel.find_elements(By.CSS_SELECTOR, ".quote mark")]
    assert marked and any("纪勇" in m for m in marked) and all(m in panel.text for m in marked)
    # a click on a drawn node expands it: its neighbours are drawn and the panel follows it
    meeting = browser.execute_script("return kgraph.nodes.get({filter: n => n.full === '全省公安局长会议'})[0].id")
    before = len(drawn(browser))
    click_node(browser, meeting)
    settle(browser)
    assert len(drawn(browser)) > before and panel.find_element(By.TAG_NAME, "h2").text == "全省公安局长会议"
    assert "李伟" in drawn(browser)
    # filters change what is drawn and lay it out again
    layouts = browser.execute_script("return kgraph.layouts")
    directives = browser.execute_script("return kgraph.nodes.get({filter: n => n.kind === 'directive'}).length")
    browser.find_element(By.CSS_SELECTOR, "input.type-filter[value=directive]").click()
    settle(browser)
    assert directives > 0 and browser.execute_script(
        "return kgraph.nodes.get({filter: n => n.kind === 'directive'}).length") == 0
    assert browser.execute_script("return kgraph.layouts") == layouts + 1
    Select(browser.find_element(By.ID, "province")).select_by_visible_text("湖北省")
    settle(browser)
    assert "李伟" not in drawn(browser)  # a 山东省 official
    assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    urls = requested_urls(browser)
    assert small_overview_page.resolve().as_uri() in urls
    assert [u for u in urls if re.match(r"(https?|wss?|ftp):", u)] == []
    assert browser.execute_script(
        "return performance.getEntriesByType('resource').filter(r => !/^(file|data):/.test(r.name)).length") == 0


@pytest.mark.slow
@pytest.mark.browser
def test_hostile_article_shows_as_text_and_nothing_runs(browser, hostile_page):
    from selenium.webdriver.common.by import By

    open_page(browser, hostile_page)
    assert browser.execute_script("return kgraph.search(arguments[0])", HOSTILE_TITLE) == 1
    settle(browser)
    panel = browser.find_element(By.ID, "panel")
    assert panel.find_element(By.TAG_NAME, "h2").text == HOSTILE_TITLE
    assert browser.execute_script("return kgraph.search(arguments[0])", f"要坚持“{IMG}”") >= 1
    settle(browser)
    assert f"要坚持“{IMG}”,深入推进“{SCRIPT}”专项行动" in panel.text
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return document.querySelectorAll('img, #panel script, #results script').length") == 0
    assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


@pytest.mark.slow
@pytest.mark.browser
def test_the_words_a_fact_was_read_from_are_marked_after_a_rare_character(browser, tmp_path):
    """Offsets count code points; a character outside the BMP is two UTF-16 units in the page."""
    from selenium.webdriver.common.by import By

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "rare.txt").write_text(
        "3月5日，全市公安工作会议召开。副市长、𠮷城市公安局局长王某林出席会议并讲话。", encoding="utf-8")
    ds, _ = pipeline.build([tmp_path / "in"], tmp_path / "out")
    open_page(browser, view.render(ds, tmp_path / "out" / "graph.html"))
    assert browser.execute_script("return kgraph.search(arguments[0])", "王某林") == 1
    settle(browser)
    panel = browser.find_element(By.ID, "panel")
    quotes = [q.text for q in panel.find_elements(By.CSS_SELECTOR, ".quote")]
    marked = {m.text for m in panel.find_elements(By.CSS_SELECTOR, ".quote mark")}
    assert "𠮷城市公安局局长" in marked and "副市长" in marked
    assert len(quotes) == len(set(quotes))  # one entry a sentence, every fact of it marked there


# ---- the explorer served by kgraph serve ---------------------------------------------------

@pytest.fixture(scope="module")
def served(seeds_build):
    """`kgraph serve` over the seeds' build, stopped after the tests."""
    _, _, out = seeds_build
    with serving(out) as base:
        yield base


def get_json(url: str):
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as resp:
        return json.loads(resp.read().decode("utf-8"))


@pytest.mark.slow
def test_served_explorer_fetches_search_and_neighbourhoods(served):
    from urllib.parse import quote

    found = get_json(f"{served}/explore/search?q={quote('纪勇')}")
    assert [n["full"] for n in found] == ["纪勇"]
    piece = get_json(f"{served}/explore/neighbourhood?iri={quote(found[0]['id'])}")
    names = {n["id"]: n["full"] for n in piece["nodes"]}
    assert set(names.values()) == {"纪勇", "全省公安局长会议"}
    edge = piece["edges"][0]
    assert names[edge["from"]] == "纪勇" and edge["label"] == "出席" and edge["src"][0][1] == "seed000.txt"
    assert get_json(f"{served}/explore/search?q={quote('无此人')}") == []


@pytest.mark.slow
@pytest.mark.browser
def test_served_explorer_in_chromium(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get_log("browser")
    browser.get(f"{served}/explore")
    settle(browser)
    page = json.loads(browser.execute_script("return JSON.stringify(kgraph.data.served)"))
    assert page is True and len(drawn(browser)) > 0
    box = browser.find_element(By.ID, "search")
    box.send_keys("纪勇")
    deadline = time.monotonic() + 10
    while browser.find_element(By.ID, "search-status").text != "1 个匹配":
        assert time.monotonic() < deadline, "no answer from /explore/search"
        time.sleep(0.05)
    box.send_keys(Keys.ENTER)
    deadline = time.monotonic() + 10
    while "纪勇" not in drawn(browser):
        assert time.monotonic() < deadline, "the neighbourhood was never drawn"
        time.sleep(0.05)
    settle(browser)
    panel = browser.find_element(By.ID, "panel")
    assert panel.find_element(By.TAG_NAME, "h2").text == "纪勇" and "seed000.txt，第" in panel.text
    assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
