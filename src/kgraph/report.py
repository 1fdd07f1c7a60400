"""The analyst's report: one offline page of charts over time and place, each with its CSV beside it.

``write(ds, out_dir)`` writes ``out_dir/report.html`` and ``out_dir/trends/*.csv``. The charts
are plotly.js figures drawn in the browser (so Chinese labels need no font where the page is
made), with plotly.js inlined from the installed plotly wheel: nothing is fetched when the page
opens. Figures are written as plain plotly.js specs (data + layout), not through plotly's
Python objects, which would validate every attribute for nothing.

Article text (names, themes, meetings) reaches the page only as JSON inside a
``<script type="application/json">`` block (escaped by ``view.script_json``), and ``<`` and
``>`` in it are made entities, because plotly.js reads a few HTML tags (``<a href>``…) in text.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from . import store, trends
from .trends import Table
from .view import FONT_STACK, TEMPLATES, script_json

log = logging.getLogger(__name__)

REPORT_HTML = "report.html"
TRENDS_DIR = "trends"
TOP_THEMES = 8  # lines in the themes-by-year chart
TOP_PROVINCE_THEMES = 15  # columns of the themes-by-province heat map
TOP_CAREERS = 10  # officials drawn as timelines
COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
          "#7f7f7f", "#bcbd22"]
EVENT_SYMBOLS = {"任职": "diamond", "主持": "star", "讲话": "circle", "出席": "circle-open"}


def _text(value: object) -> object:
    """A value safe as plotly.js text: its tag-like markup made entities."""
    if isinstance(value, str):
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


def _texts(values) -> list:
    return [_text(v) for v in values]


def _layout(**extra) -> dict:
    layout = {"font": {"family": FONT_STACK, "size": 13}, "margin": {"l": 60, "r": 20, "t": 10, "b": 50},
              "height": 340, "plot_bgcolor": "#fff", "paper_bgcolor": "#fff", "hovermode": "closest",
              "xaxis": {"automargin": True, "gridcolor": "#eee"}, "yaxis": {"automargin": True, "gridcolor": "#eee"}}
    for key, value in extra.items():
        layout[key] = {**layout[key], **value} if isinstance(value, dict) and key in layout else value
    return layout


def _bar(table: Table, x: str, y: str, horizontal: bool = False, label: str = "报道数") -> dict:
    xs, ys = _texts(table.column(x)), table.column(y)
    if horizontal:
        height = max(240, 26 * len(xs) + 60)
        return {"data": [{"type": "bar", "orientation": "h", "y": xs, "x": ys, "marker": {"color": COLORS[0]},
                          "text": ys, "textposition": "outside", "textangle": 0, "cliponaxis": False,
                          "hovertemplate": f"%{{y}}：%{{x}} {label}<extra></extra>"}],
                "layout": _layout(height=height, yaxis={"autorange": "reversed", "type": "category"},
                                  xaxis={"title": {"text": label}})}
    return {"data": [{"type": "bar", "x": xs, "y": ys, "marker": {"color": COLORS[0]}, "text": ys,
                      "textposition": "outside", "textangle": 0, "cliponaxis": False, "hovertemplate": f"%{{x}}：%{{y}} {label}<extra></extra>"}],
            "layout": _layout(xaxis={"type": "category"}, yaxis={"title": {"text": label}})}


def _attendance_chart(table: Table) -> dict:
    people = _texts(table.column("person"))
    presided, spoke, meetings = table.column("presided"), table.column("spoke"), table.column("meetings")
    traces = [("主持", presided, COLORS[1]), ("讲话", spoke, COLORS[3]), ("参会（任何身份）", meetings, COLORS[0])]
    return {"data": [{"type": "bar", "orientation": "h", "name": name, "y": people, "x": values,
                      "marker": {"color": color}, "hovertemplate": f"%{{y}} {name}：%{{x}} 次<extra></extra>"}
                     for name, values, color in traces],
            "layout": _layout(barmode="group", height=max(260, 30 * len(people) + 90),
                              yaxis={"autorange": "reversed", "type": "category"},
                              xaxis={"title": {"text": "会议数"}, "rangemode": "tozero"},
                              legend={"orientation": "h", "y": 1.08})}


def _most_named(table: Table, top: int) -> list[str]:
    """The ``top`` themes named in most reports over a (place or year, theme, documents, …) table."""
    totals: dict[str, int] = {}
    for _, theme, documents, _, _ in table.rows:
        totals[theme] = totals.get(theme, 0) + documents
    return sorted(totals, key=lambda t: (-totals[t], t))[:top]


def _themes_chart(trend: Table, top: int = TOP_THEMES) -> dict:
    chosen = _most_named(trend, top)
    years = sorted({row[0] for row in trend.rows})
    reports = {row[0]: row[3] for row in trend.rows}
    counts = {(row[0], row[1]): row[2] for row in trend.rows}
    data = []
    for i, theme in enumerate(chosen):
        docs = [counts.get((y, theme), 0) for y in years]
        data.append({"type": "scatter", "mode": "lines+markers", "name": _text(theme), "x": years,
                     "y": [round(d / reports[y], 4) for d, y in zip(docs, years)],
                     "customdata": [[d, reports[y]] for d, y in zip(docs, years)],
                     "line": {"color": COLORS[i % len(COLORS)]},
                     "hovertemplate": f"{_text(theme)} %{{x}}年：%{{customdata[0]}} / %{{customdata[1]}} 篇"
                                      "（%{y:.0%}）<extra></extra>"})
    return {"data": data, "layout": _layout(height=380, xaxis={"title": {"text": "年份"}, "dtick": 1},
                                            yaxis={"title": {"text": "提及该主题的报道占当年报道的比例"},
                                                   "tickformat": ".0%", "rangemode": "tozero"},
                                            legend={"orientation": "h", "y": -0.2})}


def _province_chart(table: Table, top: int = TOP_PROVINCE_THEMES) -> dict:
    themes = _most_named(table, top)
    provinces = sorted({row[0] for row in table.rows})
    cell = {(row[0], row[1]): row for row in table.rows}
    reports = {row[0]: row[3] for row in table.rows}
    z = [[cell[p, t][4] if (p, t) in cell else 0 for t in themes] for p in provinces]
    text = [[f"{cell[p, t][2]}/{reports[p]}" if (p, t) in cell else "" for t in themes] for p in provinces]
    return {"data": [{"type": "heatmap", "x": _texts(themes), "y": _texts(provinces), "z": z, "text": text,
                      "texttemplate": "%{text}", "colorscale": "Blues", "zmin": 0, "zmax": 1,
                      "colorbar": {"title": {"text": "占比"}, "tickformat": ".0%"},
                      "hovertemplate": "%{y} · %{x}：%{text} 篇（%{z:.0%}）<extra></extra>"}],
            "layout": _layout(height=max(300, 30 * len(provinces) + 160),
                              xaxis={"tickangle": -40, "type": "category"}, yaxis={"type": "category"})}


def _careers_chart(table: Table) -> dict:
    people = list(dict.fromkeys(table.column("person")))
    data = []
    for event, symbol in EVENT_SYMBOLS.items():
        rows = [r for r in table.rows if r[2] == event and r[1]]
        if not rows:
            continue
        data.append({"type": "scatter", "mode": "markers", "name": event, "x": [r[1] for r in rows],
                     "y": _texts(r[0] for r in rows), "text": _texts(f"{r[3]}（{r[4]}）" for r in rows),
                     "marker": {"symbol": symbol, "size": 11, "color": COLORS[list(EVENT_SYMBOLS).index(event)]},
                     "hovertemplate": f"%{{y}} %{{x}} {event}：%{{text}}<extra></extra>"})
    return {"data": data, "layout": _layout(height=max(260, 34 * len(people) + 100),
                                            xaxis={"type": "date", "title": {"text": "日期"}},
                                            yaxis={"type": "category", "autorange": "reversed",
                                                   "categoryorder": "array", "categoryarray": _texts(people)},
                                            legend={"orientation": "h", "y": 1.1})}


def _pairs_chart(table: Table) -> dict:
    labels = [f"{_text(a)} — {_text(b)}" for a, b in zip(table.column("a"), table.column("b"))]
    return {"data": [{"type": "bar", "orientation": "h", "y": labels, "x": table.column("meetings"),
                      "text": _texts(table.column("example")), "marker": {"color": COLORS[4]},
                      "hovertemplate": "%{y}：%{x} 次（如 %{text}）<extra></extra>"}],
            "layout": _layout(height=max(260, 24 * len(labels) + 80), margin={"l": 60, "r": 20, "t": 10, "b": 50},
                              yaxis={"autorange": "reversed", "type": "category"},
                              xaxis={"title": {"text": "共同参加的会议数"}, "dtick": 1})}


def build(ds: Graph) -> tuple[list[dict], list[Table], dict]:
    """(sections, tables, summary): every chart with its table, ready for the template."""
    corpus = trends.corpus(ds)
    attendance = trends.attendance(ds)
    trend = trends.theme_trends(ds)
    change_table, rising, falling = trends.theme_changes(trend)
    by_province = trends.themes_by_province(ds)
    careers = trends.careers(ds, attendance.column("person")[:TOP_CAREERS])
    pairs = trends.org_pairs(ds)
    sections = [
        {"id": "by-year", "title": "各年报道数", "table": corpus["reports-by-year"],
         "figure": _bar(corpus["reports-by-year"], "year", "reports"),
         "note": "报道年份取发布日期，缺则取所报道会议的日期。"},
        {"id": "by-province", "title": "各省报道数", "table": corpus["reports-by-province"],
         "figure": _bar(corpus["reports-by-province"], "province", "reports", horizontal=True),
         "note": "省份取会议召开地点所属省份，缺则取报道中机构的管辖区域所属省份。"},
        {"id": "by-level", "title": "按会议层级", "table": corpus["reports-by-level"],
         "figure": _bar(corpus["reports-by-level"], "level", "reports"), "note": "层级取会议名称所写（全省、全市……）。"},
        {"id": "by-kind", "title": "按会议类型", "table": corpus["meetings-by-kind"],
         "figure": _bar(corpus["meetings-by-kind"], "kind", "meetings", horizontal=True, label="会议数"),
         "note": "类型取会议名称的末尾词（座谈会、推进会……，见 ontology/lexicon/meeting_suffixes.txt）。"},
        {"id": "attendance", "title": "参会最多的官员", "table": attendance, "figure": _attendance_chart(attendance),
         "note": "按参加的会议数排序；管辖区域取其职务所属机构的管辖区域。"},
        {"id": "themes", "title": "各年主题词（按当年报道数归一）", "table": trend, "figure": _themes_chart(trend),
         "note": f"提及次数最多的 {TOP_THEMES} 个主题词；纵轴为提及该词的报道占当年全部报道的比例，悬停可见篇数。",
         "changes": {"table": change_table, "rising": rising, "falling": falling}},
        {"id": "themes-province", "title": "各省主题词", "table": by_province, "figure": _province_chart(by_province),
         "note": "格中为“提及篇数/该省报道数”，颜色为占比。"},
        {"id": "careers", "title": "官员履历时间线", "table": careers, "figure": _careers_chart(careers),
         "note": f"参会最多的 {TOP_CAREERS} 位官员：任职按报道日期，会议按召开日期（缺则按报道日期）。"},
        {"id": "org-pairs", "title": "共同参会的机构", "table": pairs, "figure": _pairs_chart(pairs),
         "note": "两机构的官员共同参加的会议数（机构取报道所写职务的所属机构）。"},
    ]
    years = [y for y in corpus["reports-by-year"].column("year") if isinstance(y, int)]
    summary = {"reports": sum(corpus["reports-by-year"].column("reports")),
               "years": f"{min(years)}–{max(years)}" if years else "",
               "provinces": len([p for p in corpus["reports-by-province"].column("province") if p != trends.UNKNOWN]),
               "meetings": sum(corpus["meetings-by-kind"].column("meetings"))}
    tables = [s["table"] for s in sections] + [change_table]
    return sections, tables, summary


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """plotly.js from the installed plotly wheel, to be inlined."""
    from plotly.offline import get_plotlyjs

    js = get_plotlyjs()
    if "</script" in js.lower():
        raise RuntimeError("plotly.js cannot be inlined safely (it contains a closing script tag)")
    return js


def to_html(sections: list[dict], summary: dict, title: str = "kgraph 分析报告") -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    figures = {s["id"]: s["figure"] for s in sections}
    return env.get_template("report.html.j2").render(
        title=title, sections=sections, summary=summary, trends_dir=TRENDS_DIR, font_stack=Markup(FONT_STACK),
        plotly_js=Markup(plotly_js()), figures_json=Markup(script_json(figures)))


def write(ds: Graph, out_dir: Path, out: Path | None = None) -> Path:
    """Write out_dir/report.html (or ``out``) and out_dir/trends/*.csv; return the page's path."""
    out_dir = Path(out_dir)
    sections, tables, summary = build(ds)
    trends.write_csv(tables, out_dir / TRENDS_DIR)
    page = Path(out) if out else out_dir / REPORT_HTML
    store.write_text(page, to_html(sections, summary))
    log.info("wrote %s and %d tables in %s", page, len(tables), out_dir / TRENDS_DIR)
    return page
