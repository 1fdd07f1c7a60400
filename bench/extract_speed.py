"""Extraction speed on real reports, against a bare jieba.lcut pass over the same texts.

Reads the reports in ../shared (dev and the unannotated corpus) at run time; nothing is copied.
Each round times a jieba pass and an extraction pass in the same process, so a loaded machine
slows both alike; every round is printed.

    .venv/bin/python bench/extract_speed.py [--rounds 3]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import jieba

from kgraph import pipeline
from kgraph.ingest import read_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folders = [SHARED / "corpus", SHARED / "eval" / "dev"]
    docs = [read_document(p, p.parent) for folder in folders for p in sorted(folder.glob("*.txt"))]
    if not docs:
        raise SystemExit(f"no reports under {SHARED}: the shared folder sits beside the checkout")
    chars = sum(len(d.text) for d in docs)
    pipeline.extract(docs[0])
    jieba.lcut(docs[0].text)  # both warm: dictionaries and lexicons loaded
    print(f"{len(docs)} reports, {chars:,} characters")
    for k in range(args.rounds):
        t = time.perf_counter()
        for d in docs:
            jieba.lcut(d.text)
        bare = time.perf_counter() - t
        t = time.perf_counter()
        for d in docs:
            pipeline.extract(d)
        full = time.perf_counter() - t
        print(f"round {k + 1}: jieba.lcut {chars / bare:,.0f} chars/s, extraction {chars / full:,.0f} chars/s "
              f"({bare / full:.2f}x the jieba pass)")


if __name__ == "__main__":
    main()
