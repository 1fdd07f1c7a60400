"""The projections on a tiny dataset written as rdf.py writes (``tiny`` in conftest.py)."""
from __future__ import annotations

import networkx as nx

from kgraph import vocab
from kgraph.analysis.networks import (ROLE_WEIGHTS, co_attendance, officials_meetings, officials_themes,
                                      theme_cooccurrence, typed_graph)
from kgraph.analysis.reading import ROLES


def labelled_edges(G: nx.Graph, attr: str = "weight") -> set[tuple]:
    label = dict(G.nodes(data="label"))
    return {(*sorted((label[u], label[v])), d[attr]) for u, v, d in G.edges(data=True)}


def test_officials_meetings_weights_roles_and_skips_group_labels_and_organizations(tiny):
    ds, _, _ = tiny
    B = officials_meetings(ds)
    # presided + spoke + attended = 3 + 2 + 1; spoke (attended implied) = 2 + 1; attended = 1
    assert labelled_edges(B) == {("M1", "甲", 6), ("M1", "乙", 1), ("M1", "戊", 1),
                                 ("M2", "乙", 1), ("M2", "戊", 1), ("M2", "丙", 3)}
    assert labelled_edges(B, "roles") >= {("M2", "丙", ("attended", "spokeAt"))}
    assert {B.nodes[n]["label"] for n, side in B.nodes(data="bipartite") if side == 0} == {"甲", "乙", "丙", "戊"}


def test_co_attendance_counts_meetings_shared(tiny):
    ds, _, _ = tiny
    co = co_attendance(officials_meetings(ds))
    # labels sorted by code point: 丙 < 乙 < 戊 < 甲
    assert labelled_edges(co) == {("乙", "戊", 2), ("乙", "甲", 1), ("戊", "甲", 1), ("丙", "乙", 1), ("丙", "戊", 1)}


def test_officials_themes_counts_directives_and_documents(tiny):
    ds, _, _ = tiny
    # 甲 presided M1: X1 (T1 T2) and D1 (T1 T2) -> 2 each. 丙 issued X2 (T3) and spoke at M2,
    # reported by D2 (T1 T3): T3 by X2 and D2 -> 2, T1 by D2 -> 1. Attending alone links nothing.
    assert labelled_edges(officials_themes(ds)) == {("T1", "甲", 2), ("T2", "甲", 2), ("T1", "丙", 1), ("T3", "丙", 2)}


def test_theme_cooccurrence_counts_directives_and_documents(tiny):
    ds, _, _ = tiny
    # T1 T2: D1 and X1 -> 2; T1 T3: D2 -> 1; X2 names T3 alone.
    assert labelled_edges(theme_cooccurrence(ds)) == {("T1", "T2", 2), ("T1", "T3", 1)}


def test_typed_graph_types_and_relations(tiny):
    ds, person, theme = tiny
    G = typed_graph(ds)
    assert G.nodes[str(person["甲"])] == {"type": "person", "label": "甲"}
    assert G.nodes[str(person["省公安厅"])]["type"] == "person"  # typed both; not ranked (see below)
    assert G.nodes[str(vocab.ID["X2"])] == {"type": "directive", "label": "要T3"}
    assert set(G[str(person["甲"])][str(vocab.ID["M1"])]) == {"presided", "spokeAt", "attended"}
    assert G.has_edge(str(vocab.ID["X1"]), str(theme["T2"]), key="subject")


def test_every_role_has_a_weight():
    assert list(ROLE_WEIGHTS) == list(ROLES)
