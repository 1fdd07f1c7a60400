"""The corpus over time and place, as small tables: what the report draws and writes as CSV.

Each table is computed from one canned query (``ontology/queries/NAME.rq``), so the
numbers a chart shows are the numbers ``kgraph query NAME`` prints. Shares are counts
divided by the reports of the same year or province, and every table keeps the counts
beside the shares, so a share of 1.0 that stands for one report reads as one report.

Rising and falling themes (``theme_changes``) use one stated method: a theme's share of
reports in the last three years that have reports, against its share in the three years
before; the difference ranks the themes, and a theme named in fewer than ``MIN_DOCUMENTS``
reports over the six years is left out, as too small to call a trend.
"""
from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Iterable, Mapping

from rdflib import Graph

from . import query, store
from .lexicon import ONTOLOGY_DIR

WINDOW = 3  # years in each of the two windows compared
MIN_DOCUMENTS = 2  # reports naming a theme over both windows, below which no trend is called
UNKNOWN = "未注明"  # a report without a year, province or level, in tables keyed by them


@dataclass(frozen=True)
class Table:
    """One chart's data: a file stem under trends/, a Chinese title, columns and rows."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]

    def column(self, name: str) -> list:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()


def records(ds: Graph, name: str, /, **params: str) -> list[dict]:
    """A canned query's rows as dicts of Python values (int, str, date; None where unbound)."""
    result = query.run(ds, name, params)
    names = [str(v) for v in result.vars]
    rows = []
    for row in result.bindings:
        values = {}
        for var, key in zip(result.vars, names):
            term = row.get(var)
            values[key] = None if term is None else term.toPython()
        rows.append(values)
    return rows


def _year(value) -> int | None:
    return None if value is None else int(value)


@cache
def meeting_kinds() -> tuple[str, ...]:
    """The last words of meeting names (会议, 座谈会, 推进会…), longest first, from the lexicon."""
    path = ONTOLOGY_DIR / "lexicon" / "meeting_suffixes.txt"
    words = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return tuple(sorted(set(words), key=len, reverse=True))


def meeting_kind(name: str) -> str:
    """A meeting's kind by the longest known word its name ends with (座谈会, 推进会…), else 其他."""
    name = name.strip().rstrip("）)")
    return next((word for word in meeting_kinds() if name.endswith(word)), "其他")


# ---- corpus at a glance ------------------------------------------------------------------

def corpus(ds: Graph) -> dict[str, Table]:
    """Reports by year, by province and by level, and meetings by kind, from the ``reports`` query."""
    rows = records(ds, "reports")
    by_file: dict[str, dict] = {}
    for row in rows:
        by_file.setdefault(row["file"], row)
    years = Counter(_year(r["year"]) for r in by_file.values())
    provinces = Counter(r["province"] or UNKNOWN for r in by_file.values())
    levels: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["meeting"]:
            levels[row["level"] or UNKNOWN].add(row["file"])
            kinds[meeting_kind(row["meeting"])].add(f"{row['file']}\t{row['meeting']}")
    reported = {row["file"] for row in rows if row["meeting"]}
    if len(reported) < len(by_file):
        levels["无会议"] = set(by_file) - reported
    known_years = sorted(y for y in years if y is not None)
    year_rows = [(y, years[y]) for y in range(known_years[0], known_years[-1] + 1)] if known_years else []
    if years[None]:
        year_rows.append((UNKNOWN, years[None]))
    return {
        "reports-by-year": Table("reports-by-year", "各年报道数", ("year", "reports"), tuple(year_rows)),
        "reports-by-province": Table("reports-by-province", "各省报道数", ("province", "reports"),
                                     _ranked(provinces.items())),
        "reports-by-level": Table("reports-by-level", "按会议层级的报道数", ("level", "reports"),
                                  _ranked((k, len(v)) for k, v in levels.items())),
        "meetings-by-kind": Table("meetings-by-kind", "按类型的会议数", ("kind", "meetings"),
                                  _ranked((k, len(v)) for k, v in kinds.items())),
    }


def _ranked(pairs: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """Most first, then by name; the unknown bucket last."""
    return tuple(sorted(pairs, key=lambda kv: (kv[0] == UNKNOWN, -kv[1], kv[0])))


# ---- officials ---------------------------------------------------------------------------

def attendance(ds: Graph, top: int = 20) -> Table:
    """The officials who took part in most meetings, with presided/spoke counts and jurisdiction."""
    rows = records(ds, "attendance")[:top]
    return Table("attendance", "参会最多的官员", ("person", "meetings", "presided", "spoke", "jurisdiction"),
                 tuple((r["person"], r["meetings"], r["presided"], r["spoke"], r["jurisdiction"] or "")
                       for r in rows))


def careers(ds: Graph, people: Iterable[str]) -> Table:
    """The dated posts and meetings of each named official, oldest first (undated events last)."""
    wanted = set(people)
    rows = []
    # one run for everyone, filtered here: a run per name scans the whole store each time
    for r in records(ds, "timeline"):
        if r["person"] in wanted:
            when = r["date"]
            rows.append((r["person"], when.isoformat() if isinstance(when, date) else (when or ""),
                         r["event"], r["what"], r["file"]))
    rows.sort(key=lambda r: (r[0], r[1] == "", r[1], r[2], r[3]))
    return Table("careers", "官员履历时间线", ("person", "date", "event", "what", "file"), tuple(rows))


def org_pairs(ds: Graph, top: int = 25) -> Table:
    """Pairs of organizations whose officials met most often."""
    rows = records(ds, "org-pairs")[:top]
    return Table("org-pairs", "共同参会的机构", ("a", "b", "meetings", "example"),
                 tuple((r["a"], r["b"], r["meetings"], r["example"]) for r in rows))


# ---- themes ------------------------------------------------------------------------------

def theme_trends(ds: Graph) -> Table:
    """Per year and theme: reports naming it, reports that year, and the share."""
    rows = records(ds, "theme-trends")
    return Table("theme-trends", "各年主题词（按当年报道数归一）", ("year", "theme", "documents", "reports", "share"),
                 tuple((int(r["year"]), r["theme"], r["documents"], r["reports"],
                        round(r["documents"] / r["reports"], 4)) for r in rows))


def themes_by_province(ds: Graph) -> Table:
    rows = records(ds, "themes-by-province")
    return Table("themes-by-province", "各省主题词（按该省报道数归一）",
                 ("province", "theme", "documents", "reports", "share"),
                 tuple((r["province"], r["theme"], r["documents"], r["reports"],
                        round(r["documents"] / r["reports"], 4)) for r in rows))


@dataclass(frozen=True)
class Change:
    """One theme's share in the earlier and the later window, with the counts behind each."""

    theme: str
    earlier: int
    earlier_reports: int
    later: int
    later_reports: int

    @property
    def earlier_share(self) -> float:
        return self.earlier / self.earlier_reports if self.earlier_reports else 0.0

    @property
    def later_share(self) -> float:
        return self.later / self.later_reports if self.later_reports else 0.0

    @property
    def change(self) -> float:
        return self.later_share - self.earlier_share


def windows(years: Iterable[int], width: int = WINDOW) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(earlier, later): the last ``width`` calendar years up to the latest year with reports, and the ``width`` before."""
    last = max(years, default=None)
    if last is None:
        return (), ()
    later = tuple(range(last - width + 1, last + 1))
    earlier = tuple(range(last - 2 * width + 1, last - width + 1))
    return earlier, later


def changes(counts: Mapping[tuple[int, str], int], reports: Mapping[int, int], width: int = WINDOW,
            min_documents: int = MIN_DOCUMENTS) -> list[Change]:
    """Every theme's change in share, later window against earlier, largest rise first.

    ``counts`` maps (year, theme) to the reports naming the theme that year, ``reports``
    each year to its reports in all. Themes named in fewer than ``min_documents`` reports
    over both windows are left out.
    """
    earlier, later = windows(reports, width)
    themes = {theme for _, theme in counts}
    found = []
    for theme in themes:
        before = sum(counts.get((y, theme), 0) for y in earlier)
        after = sum(counts.get((y, theme), 0) for y in later)
        if before + after < min_documents:
            continue
        found.append(Change(theme, before, sum(reports.get(y, 0) for y in earlier),
                            after, sum(reports.get(y, 0) for y in later)))
    return sorted(found, key=lambda c: (-c.change, -c.later, c.theme))


def theme_changes(trends: Table, width: int = WINDOW) -> tuple[Table, list[Change], list[Change]]:
    """The change table, and the rising and the falling themes (at most five each)."""
    counts = {(row[0], row[1]): row[2] for row in trends.rows}
    reports = {row[0]: row[3] for row in trends.rows}
    found = changes(counts, reports, width)
    earlier, later = windows(reports, width)
    span = (f"{earlier[0]}–{earlier[-1]}", f"{later[0]}–{later[-1]}") if later else ("", "")
    table = Table("theme-changes", f"主题词升降（{span[1]} 对比 {span[0]} 的报道占比）",
                  ("theme", "earlier", "earlier_reports", "earlier_share", "later", "later_reports",
                   "later_share", "change"),
                  tuple((c.theme, c.earlier, c.earlier_reports, round(c.earlier_share, 4), c.later,
                         c.later_reports, round(c.later_share, 4), round(c.change, 4)) for c in found))
    rising = [c for c in found if c.change > 0][:5]
    falling = [c for c in reversed(found) if c.change < 0][:5]
    return table, rising, falling


def write_csv(tables: Iterable[Table], folder: Path) -> list[Path]:
    """Each table as folder/NAME.csv (UTF-8, header row), written atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = folder / f"{table.name}.csv"
        store.write_text(path, table.to_csv())
        written.append(path)
    return written
