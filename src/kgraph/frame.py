"""Query results and the report's tables as pandas DataFrames, for notebooks.

``kgraph.frame(ds, "theme-trends")`` gives the same numbers the report draws: a name of one of
the report's tables (``TABLES``) is computed as the report computes it (shares included), any
other name, ``.rq`` file or SPARQL text runs as a query. pandas is the optional extra
``kgraph[frames]``, so the library itself does not need it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from rdflib import Graph

from . import query, trends
from .errors import MissingExtra

if TYPE_CHECKING:
    import pandas

TABLES: dict[str, Callable[[Graph], trends.Table]] = {
    **{name: (lambda ds, name=name: trends.corpus(ds)[name])
       for name in ("reports-by-year", "reports-by-province", "reports-by-level", "meetings-by-kind")},
    "theme-trends": trends.theme_trends,
    "theme-changes": lambda ds: trends.theme_changes(trends.theme_trends(ds))[0],
    "themes-by-province": trends.themes_by_province,
}


def _pandas():
    try:
        import pandas
    except ImportError:
        raise MissingExtra("kgraph.frame needs pandas: pip install 'kgraph[frames]'") from None
    return pandas


def frame(ds: Graph, name: str, /, **params: str) -> "pandas.DataFrame":
    """A report table or a query's rows as a DataFrame: numbers as numbers, dates as dates, None where unbound."""
    pandas = _pandas()
    if name in TABLES and not params:
        table = TABLES[name](ds)
        return pandas.DataFrame(list(table.rows), columns=list(table.columns))
    result = query.run(ds, name, params)
    columns = [str(v) for v in result.vars]
    rows = [[None if row.get(v) is None else row.get(v).toPython() for v in result.vars] for row in result.bindings]
    return pandas.DataFrame(rows, columns=columns)
