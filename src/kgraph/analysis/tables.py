"""The top officials and themes as aligned text tables, for ``kgraph analyze`` to print."""
from __future__ import annotations

from typing import Any

from ..terminal import fit
from .ranking import AnalysisResult

#: (row key, heading, width in terminal columns) of the measures both tables show
_MEASURE_COLUMNS = (("pagerank", "PageRank", 8), ("betweenness", "between", 8), ("closeness", "close", 7),
                    ("eigenvector", "eigen", 7), ("weighted_degree", "w.deg", 6), ("community", "comm", 4))


def _cell(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _table(title: str, rows: list[dict], columns: list[tuple[str, str, int]]) -> str:
    lines = [title, "  ".join(fit(head, width) for _, head, width in columns)]
    for row in rows:
        cells = [f"{row[key]:g}" if key == "weighted_degree" else _cell(row[key]) for key, _, _ in columns]
        lines.append("  ".join(fit(cell, width) for cell, (_, _, width) in zip(cells, columns)).rstrip())
    return "\n".join(lines)


def top(result: AnalysisResult, n: int = 10) -> str:
    """The top ``n`` officials and themes by PageRank, as two aligned text tables."""
    officials = _table(f"Officials (top {min(n, len(result.officials))} of {len(result.officials)}, by PageRank)",
                       result.officials[:n], [("rank", "#", 3), ("label", "official", 8), ("posts", "posts", 28),
                                              *_MEASURE_COLUMNS])
    themes = _table(f"Themes (top {min(n, len(result.themes))} of {len(result.themes)}, by PageRank)",
                    result.themes[:n], [("rank", "#", 3), ("label", "theme", 20), ("category", "category", 16),
                                        *_MEASURE_COLUMNS])
    return officials + "\n\n" + themes
