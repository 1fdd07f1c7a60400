"""The graph as one self-contained HTML page: offline, legible in Chinese, safe with hostile text.

Nodes and edges are read from the dataset with SPARQL (all of them, or only the nodes of
a neighbourhood, see ``neighbourhood.py``) and written through our explorer template
(``templates/explorer.html.j2``, data from ``explore.py``), which inlines vis-network from
the installed pyvis package: pyvis's own template loads vis, Bootstrap and tom-select from
CDNs even with ``cdn_resources='in_line'``.

Article text is untrusted. It reaches the page only as JSON inside a
``<script type="application/json">`` block with ``<``, ``>``, ``&`` and U+2028/9
escaped, and the page's script puts it on screen with ``textContent`` only.
"""
from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph

from . import explore, neighbourhood, store, vocab
from .graphview import GraphView, graph_data, limit  # graph_data: part of this module's API too
from .vocab import KG

log = logging.getLogger(__name__)

DEFAULT_BUDGET = 400
FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", '
              '"Microsoft YaHei", "PingFang SC", sans-serif')
TEMPLATES = Path(__file__).parent / "templates"
MAX_EMBEDDED = 30_000  # nodes a page holds: past this the page takes long to open


def script_json(data: object) -> str:
    """JSON safe inside a <script> element: no '<', '>', '&' or JS line separators survive literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the installed pyvis, to be inlined (nothing is fetched at run time)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError(f"{lib}: vis-network cannot be inlined safely (it contains a closing tag)")
    return js, css


def to_html(ds: Graph, view: GraphView, title: str = "kgraph 知识图谱", overview: int | None = None,
            draw_all: bool = False) -> str:
    """The explorer page of ``view``, with everything in it."""
    data = explore.explorer_data(ds, view, overview=overview or explore.OVERVIEW)
    if draw_all:  # an ego graph is small: it opens with every node drawn
        data["overview"] = [n["id"] for n in data["nodes"]]
    return page_html(data, title, view.measure)


def measure_of(ds: Graph) -> str:
    """What sizes the nodes: the build's PageRank where it ranked, else degree."""
    ask = f"ASK {{ GRAPH <{vocab.graph_iri('analysis')}> {{ ?n <{KG.pagerank}> ?v }} }}"
    if isinstance(ds, Dataset) and ds.query(ask).askAnswer:
        return "PageRank and degree"
    return "degree"


def page_html(data: dict, title: str, measure: str, served: bool = False, nonce: str = "") -> str:
    """Our template with vis-network inlined and the data as escaped JSON.

    ``served`` lets it fetch from its server; ``nonce`` marks its scripts and styles for the
    server's Content-Security-Policy, which runs nothing else.
    """
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    js, css = _vis_assets()
    return env.get_template("explorer.html.j2").render(
        title=title, font_stack=Markup(FONT_STACK), vis_js=Markup(js), vis_css=Markup(css),
        notice=data.get("notice", []), measure=measure, served=served, nonce=nonce, data_json=Markup(script_json(data)))


def render(ds: Graph, out_path: Path, budget: int = DEFAULT_BUDGET, focus: str | None = None,
           depth: int = 2) -> Path:
    """Write the explorer (opening on the ego graph of ``focus`` if given) to ``out_path`` as UTF-8, atomically.

    The page holds the whole graph up to ``MAX_EMBEDDED`` nodes (the most central and their
    neighbours beyond that) and draws at first the ``OVERVIEW`` most central officials and
    meetings, at most ``budget``; with ``focus`` it holds and draws the ego graph.
    """
    if focus:
        ds, view = neighbourhood.ego_dataset(ds, focus, depth)  # the page reads only the small dataset
        keep = tuple(iri for iri, n in view.nodes.items() if n.label == focus)
        view = limit(view, budget, keep)
    else:
        view = limit(graph_data(ds), MAX_EMBEDDED)
    title = f"kgraph: {focus}" if focus else "kgraph 知识图谱"
    out_path = Path(out_path)
    store.write_text(out_path, to_html(ds, view, title, overview=min(budget, explore.OVERVIEW), draw_all=bool(focus)))
    log.info("wrote %s: %d of %d nodes, %d edges", out_path, len(view.nodes), view.total, len(view.edges))
    return out_path
