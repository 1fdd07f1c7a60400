"""The package reads one way: no module imports, even inside a function, one that imports it.

Import circles hidden in function bodies make a stage impossible to read or reuse alone; this
reads every module's imports (module level and in functions) into a graph and wants it acyclic,
and imports each module by itself in a fresh interpreter, so none depends on another having
been imported first.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kgraph"


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """The package modules ``name`` imports anywhere in its text (``from . import x`` names module x)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + [node.module] if node.module else base) if node.level else (node.module or "")
            subs = {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES}
            out |= subs | ({target} if len(subs) < len(node.names) and target in MODULES else set())
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name in MODULES}
    return out - {name}


def test_no_module_imports_one_that_imports_it():
    graph = nx.DiGraph((name, target) for name, path in MODULES.items() for target in _imports(name, path))
    assert sorted(" -> ".join(c) for c in nx.simple_cycles(graph)) == []


# In-function imports kept on purpose: the cluster module loads Dask, needed only with --scheduler.
LAZY = {("kgraph.pipeline", "kgraph.cluster")}


def test_the_package_s_own_modules_are_imported_at_the_top():
    """A module's dependencies on the package are read in its first lines, not found in its functions."""
    hidden = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        guarded = {id(n) for node in tree.body if isinstance(node, ast.If) for n in ast.walk(node)}  # __main__
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level and id(node) not in top | guarded:
                package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + [node.module] if node.module else base)
                if (name, target) not in LAZY:
                    hidden.append(f"{name}:{node.lineno} imports {target}")
    assert hidden == []


@pytest.mark.slow
def test_each_module_imports_alone():
    def alone(name: str) -> tuple[str, str]:
        run = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True, timeout=120)
        return name, (run.stderr.strip().splitlines() or [f"exit {run.returncode}"])[-1] if run.returncode else ""

    runnable = sorted(set(MODULES) - {"kgraph.__main__"})  # importing __main__ runs the CLI: that is its job
    with ThreadPoolExecutor(4) as pool:
        failed = {name: error for name, error in pool.map(alone, runnable) if error}
    assert failed == {}


def test_the_design_notes_list_the_stages_as_declared():
    """docs/design.md's table of extraction stages is the list the code runs, contracts included."""
    import re

    from kgraph.extract import STAGES

    text = (PACKAGE.parents[1] / "docs" / "design.md").read_text(encoding="utf-8")
    table = text.split("## Extraction stages", 1)[1].split("\n\n", 3)[2]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()[2:]]

    def names(cell: str) -> tuple[str, ...]:
        return tuple(re.sub(r"\([^)]*\)", "", cell).replace(" ", "").split(","))

    assert [(r[0], names(r[1]), set(names(r[2]))) for r in rows] == [
        (s.name, tuple(s.requires), set(s.assigns)) for s in STAGES]
