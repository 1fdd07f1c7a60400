"""Themes on the dev articles: precision, recall and F1 with the scorer's loose matching.

    PYTHONPATH=src .venv/bin/python bench/themes_dev.py [GOLD_DIR] [--misses]

Runs ``extract_themes`` over every NAME.txt that has a NAME.json beside it, twice: without
and with the lexicon's unquoted policy terms, and prints micro-averaged P/R/F1 (as
``score.py`` counts them: one-to-one greedy matching, one label containing the other after
removing whitespace and 同志), then the misses and the extras of each run.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

from kgraph.extract.themes import extract_themes
from kgraph.facts import Document
from kgraph.segment import sentences

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "dev"


def scorer(gold_dir: Path):
    """The scorer's own matching functions, imported from score.py beside the gold."""
    path = gold_dir.parent / "score.py"
    spec = importlib.util.spec_from_file_location("kgraph_eval_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(gold_dir: Path, lexicon_terms: bool, score) -> tuple[dict, list[str], list[str], float]:
    tp = fp = fn = 0
    misses, extras = [], []
    seconds = 0.0
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        txt = gold_file.with_suffix(".txt")
        text = txt.read_text(encoding="utf-8")
        doc = Document(doc_id=txt.name, source_file=txt.name, path=str(txt), text=text)
        t0 = time.perf_counter()
        themes = extract_themes(doc, sentences(text), lexicon_terms=lexicon_terms)
        seconds += time.perf_counter() - t0
        pred = sorted({score.norm(t.label) for t in themes})
        want = sorted({score.norm(t) for t in gold.get("themes", [])})
        hit, pred_left, gold_left = score.match_sets(pred, want, score.loose_match)
        tp, fp, fn = tp + hit, fp + len(pred_left), fn + len(gold_left)
        misses += [f"{gold_file.stem}: missed {x}" for x in gold_left]
        extras += [f"{gold_file.stem}: extra {x}" for x in pred_left]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}, misses, extras, seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path, nargs="?", default=DEFAULT_GOLD)
    ap.add_argument("--misses", action="store_true", help="also list misses and extras")
    a = ap.parse_args()
    score = scorer(a.gold)
    for lexicon_terms in (False, True):
        r, misses, extras, seconds = run(a.gold, lexicon_terms, score)
        name = "with lexicon terms   " if lexicon_terms else "without lexicon terms"
        print(f"themes {name}  P {r['p']:.3f}  R {r['r']:.3f}  F1 {r['f1']:.3f}"
              f"   (tp {r['tp']}, fp {r['fp']}, fn {r['fn']})  {seconds * 1000:.1f} ms")
        if a.misses:
            for row in misses + extras:
                print("   ", row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
