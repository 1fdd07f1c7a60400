"""Centrality of officials and themes: networkx networks of the dataset, measured and ranked.

Read the way networkx is: each step a module, each a set of functions.

- ``reading``: the dataset read once into :class:`Facts` (entities, roles, directives, themes).
- ``networks``: the projections (:func:`typed_graph`, :func:`officials_meetings`,
  :func:`co_attendance`, :func:`officials_themes`, :func:`theme_cooccurrence`).
- ``measures``: :func:`centrality` and :func:`communities`, pure functions of a graph.
- ``ranking``: :func:`analyze`, which ranks officials on the officials network and themes
  on the themes network (:class:`AnalysisResult`).
- ``outputs``: :func:`write_outputs` (CSV, JSON, GEXF, GraphML) and :func:`to_rdf` (the
  scores as a named graph); ``tables``: :func:`top`, the terminal's tables.

Everything a caller needs is importable from here: ``from kgraph import analysis``;
``analysis.analyze(ds)``.
"""
from __future__ import annotations

from .measures import (ARPACK_MAX_ITER, EIGEN_MAX_ITER, EXACT_LIMIT, MEASURES, PIVOTS, SEED, Scores, centrality,
                       communities, sampled_closeness)
from .networks import ROLE_WEIGHTS, co_attendance, officials_meetings, officials_themes, theme_cooccurrence, typed_graph
from .outputs import OFFICIAL_COLUMNS, THEME_COLUMNS, to_rdf, write_outputs
from .ranking import AnalysisResult, analyze
from .reading import ROLES, Facts, as_facts, read_facts
from .tables import top

__all__ = [
    "ARPACK_MAX_ITER", "EIGEN_MAX_ITER", "EXACT_LIMIT", "MEASURES", "PIVOTS", "SEED", "Scores", "centrality",
    "communities", "sampled_closeness",
    "ROLE_WEIGHTS", "co_attendance", "officials_meetings", "officials_themes", "theme_cooccurrence", "typed_graph",
    "OFFICIAL_COLUMNS", "THEME_COLUMNS", "to_rdf", "write_outputs",
    "AnalysisResult", "analyze",
    "ROLES", "Facts", "as_facts", "read_facts",
    "top",
]
