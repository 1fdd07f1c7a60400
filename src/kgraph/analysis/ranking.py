"""The analysis as a whole: every network built, measured, and its officials or themes ranked.

Officials are measured on the *officials network*, ``officials_meetings`` composed with
``officials_themes`` (officials, their reported meetings and their themes); themes on the
*themes network*, ``theme_cooccurrence`` composed with ``officials_themes``. Only the
officials (resp. themes) of a network are ranked, by PageRank. The projection is not the
network officials are ranked on because projecting erases roles (every attendee of a
meeting becomes alike) and squares edge counts; it is reported as ``co_attendees``.
"""
from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterator

import networkx as nx
from rdflib import Dataset

from .measures import EXACT_LIMIT, PIVOTS, SEED, Scores, centrality, communities
from .networks import ROLE_WEIGHTS, co_attendance, officials_meetings, officials_themes, theme_cooccurrence, typed_graph
from .reading import Facts, as_facts


@dataclass
class AnalysisResult:
    """The ranked rows, each network's communities, how the run went (``metadata``), and the
    typed graph that the exports carry the scores on."""

    officials: list[dict[str, Any]]
    themes: list[dict[str, Any]]
    communities: dict[str, list[list[str]]]  # "officials" / "themes" -> members (IRIs) by community number
    metadata: dict[str, Any]
    graph: nx.MultiDiGraph = field(repr=False, compare=False, default_factory=nx.MultiDiGraph)


def _rank(G: nx.Graph, ranked: list[str], scores: Scores, comms: list[set], f: Facts,
          extra: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], list[list[str]]]:
    """Rows of the ranked nodes by PageRank, then label; communities numbered from 1 among them."""
    keep = set(ranked)
    groups = sorted((sorted(c & keep) for c in comms if c & keep), key=lambda c: (-len(c), c[0]))
    number = {n: i for i, members in enumerate(groups, start=1) for n in members}
    rows = [{"iri": n, "label": f.labels[n], **extra[n], **scores[n], "community": number.get(n, 0)}
            for n in ranked if n in G]
    rows.sort(key=lambda r: (-r["pagerank"], r["label"], r["iri"]))
    for i, row in enumerate(rows, start=1):
        row["rank"] = i
    return rows, groups


def analyze(ds: Dataset | Facts, seed: int = SEED, exact_limit: int = EXACT_LIMIT, pivots: int = PIVOTS) -> AnalysisResult:
    """Rank officials on the officials network and themes on the themes network (module doc)."""
    started, t_start = datetime.now(timezone.utc), time.perf_counter()
    seconds: dict[str, float] = {}

    @contextmanager
    def step(name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        yield
        seconds[name] = round(time.perf_counter() - t0, 4)

    with step("read"):
        f = as_facts(ds)
    with step("typed_graph"):
        typed = typed_graph(f)
    with step("officials_meetings"):
        bip = officials_meetings(f)
    with step("co_attendance"):
        co = co_attendance(bip)
    with step("officials_themes"):
        ot = officials_themes(f)
    with step("theme_cooccurrence"):
        tc = theme_cooccurrence(f)
    with step("networks"):
        networks = {"officials": nx.compose(bip, ot), "themes": nx.compose(tc, ot)}
    ranked = {"officials": f.officials, "themes": sorted(n for n in tc)}
    meetings = {p: len(bip[p]) for p in f.officials}
    docs = defaultdict(int)
    for named in f.doc_themes.values():
        for t in named:
            docs[t] += 1
    extra = {"officials": {p: {"posts": "；".join(f.posts.get(p, [])), "meetings": meetings[p],
                               "co_attendees": co.degree(p)} for p in f.officials},
             "themes": {t: {"category": f.categories.get(t, ""), "documents": docs[t]} for t in tc}}
    rows, groups, methods = {}, {}, {}
    for name, G in networks.items():
        with step(f"{name}.centrality"):
            scores = centrality(G, seed=seed, exact_limit=exact_limit, pivots=pivots)
        seconds.update({f"{name}.{m}": round(s, 4) for m, s in scores.seconds.items()})
        with step(f"{name}.communities"):
            comms = communities(G, seed=seed)
        rows[name], groups[name] = _rank(G, ranked[name], scores, comms, f, extra[name])
        methods[name] = scores.methods
    size = lambda G: {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}  # noqa: E731
    metadata = {
        "started_at": started.isoformat(timespec="seconds"),
        "seconds": seconds, "total_seconds": round(time.perf_counter() - t_start, 4),
        "seed": seed, "exact_limit": exact_limit, "pivots": pivots, "role_weights": ROLE_WEIGHTS,
        "betweenness_sampled": any(m["betweenness"] != "exact" for m in methods.values() if m),
        "methods": methods,
        "graphs": {"typed": size(typed), "officials_meetings": size(bip), "co_attendance": size(co),
                   "officials_themes": size(ot), "theme_cooccurrence": size(tc),
                   "officials_network": size(networks["officials"]), "themes_network": size(networks["themes"])},
    }
    return AnalysisResult(rows["officials"], rows["themes"], groups, metadata, typed)
