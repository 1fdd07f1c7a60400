"""kgraph: knowledge graphs from Chinese official meeting reports.

For notebooks::

    import kgraph
    ds, result = kgraph.build(["seeds/"], out_dir=None)   # or kgraph.open("output")
    rows = kgraph.sparql(ds, "officials")                  # a canned query, a .rq file or SPARQL text
    print(kgraph.format_result(rows, "table"))
    df = kgraph.frame(ds, "theme-trends")                  # a pandas DataFrame (pip install 'kgraph[frames]')
"""
from __future__ import annotations

from .frame import frame
from .pipeline import build
from .query import as_dataset as open  # noqa: A001 - kgraph.open(dir) reads a build, like gzip.open
from .query import format_result, list_queries, sparql

__all__ = ["build", "open", "sparql", "format_result", "list_queries", "frame"]
__version__ = "0.1.0"
