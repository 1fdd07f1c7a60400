"""The analyst's workbench on a build: canned query times, view --focus time and memory, pages in Chromium.

    .venv/bin/python bench/workbench_bench.py OUT [--focus NAME] [--pages PAGE.html ...] [--rounds 3]

OUT is a build's output folder (an Oxigraph store on disk makes the query figures meaningful:
build with ``kgraph build DIR -o OUT --store oxigraph:STORE``). Each query is run ``--rounds``
times and the fastest is kept; ``view --focus`` runs as its own process, so its peak memory is
its own; each page is opened in the headless Chromium the tests use, timed until its layout
settles (the explorer) or its charts are drawn (the report).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ("reports", "attendance", "theme-trends", "themes-by-province", "org-pairs", "timeline")


def query_times(out: Path, rounds: int) -> dict[str, float]:
    from kgraph import query, store

    ds = store.open_output(out)
    times = {}
    for name in QUERIES:
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            len(query.run(ds, name).bindings)
            best = min(best, time.perf_counter() - start)
        times[name] = round(best, 2)
    return times


def focus_cost(out: Path, name: str) -> dict[str, float]:
    """Wall time and peak memory of `kgraph view OUT --focus NAME` in a process of its own."""
    page = Path(tempfile.mkdtemp(prefix="kgraph-bench-")) / "focus.html"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kgraph", "view", str(out), "--focus", name, "-o", str(page)],
                   check=True, capture_output=True)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": round(seconds, 2), "peak_mb": round(peak_mb), "page_kb": round(page.stat().st_size / 1024)}


def page_times(pages: list[Path]) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "docs"))
    from make_screenshot import chromium

    profile = tempfile.mkdtemp(prefix="kgraph-bench-chromium-")
    driver = chromium(profile)
    ready = ("return !!((window.kgraph && window.kgraph.stabilized) || document.body.getAttribute('data-drawn'))")
    found = {}
    try:
        for page in pages:
            start = time.perf_counter()
            driver.get(page.resolve().as_uri())
            while not driver.execute_script(ready):
                if time.perf_counter() - start > 120:
                    break
                time.sleep(0.02)
            found[str(page)] = round(time.perf_counter() - start, 2)
    finally:
        driver.quit()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--focus", help="a person's name for view --focus")
    parser.add_argument("--pages", type=Path, nargs="*", default=[])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONPATH", str(ROOT / "src"))
    figures: dict[str, object] = {"queries_s": query_times(args.out, args.rounds)}
    if args.focus:
        figures["view_focus"] = focus_cost(args.out, args.focus)
    if args.pages:
        figures["page_ready_s"] = page_times(args.pages)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
