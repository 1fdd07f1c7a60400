"""The dev reports with every person renamed: does extraction follow names it has never seen?

Copies ../shared/eval/dev into a temporary folder (outside the project, deleted after) with each gold
person's name replaced, in the text and in the gold alike, by an invented one: a lexicon surname and
given-name characters drawn with a seed. Names of four or more characters and transliterated ones keep
their shape. Then scores the copy with ../shared/eval/score.py, once per seed.

    .venv/bin/python bench/renamed_dev.py [--seeds 1 2 3]
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from kgraph import lexicon

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
GIVEN = "明华军建国志强平海勇杰涛斌波辉刚林峰磊超鹏宇浩俊文东晓春红玉兰芳丽霞燕娟敏静洁婷雪琳飞龙云鸿亮宏庆德成宁安康永福瑞祥新立振兴中光荣进学利清正胜世锋远卫彬旭阳晨博维继凯坤鑫岩松柏江川"
FUNCTION = set("和与及为在对将把被同向")  # surnames that are also function words: a harder case, left out


def renamed(dev: Path, out: Path, seed: int) -> None:
    r = random.Random(seed)
    surnames = sorted(s for s in lexicon.words("surnames.txt") if len(s) == 1 and s not in FUNCTION)

    def invent(name: str) -> str:
        if len(name) > 3 or not all("\u4e00" <= c <= "\u9fff" for c in name):
            return name
        return r.choice(surnames) + "".join(r.choice(GIVEN) for _ in range(len(name) - 1))

    for gold_file in sorted(dev.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        names = [p["name"] if isinstance(p, dict) else p for p in gold.get("persons", [])]
        names += [n for n in gold.get("optional_persons", []) or [] if isinstance(n, str)]
        new = {name: invent(name) for name in dict.fromkeys(names)}
        text = (dev / f"{gold_file.stem}.txt").read_text(encoding="utf-8")
        gold_text = json.dumps(gold, ensure_ascii=False)
        for old in sorted(new, key=len, reverse=True):
            text, gold_text = text.replace(old, new[old]), gold_text.replace(old, new[old])
        (out / f"{gold_file.stem}.txt").write_text(text, encoding="utf-8")
        (out / gold_file.name).write_text(gold_text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    if not (SHARED / "score.py").is_file():
        raise SystemExit(f"{SHARED}/score.py not found: the scored reports sit beside the checkout, in ../shared/eval")
    for seed in args.seeds:
        with tempfile.TemporaryDirectory(prefix="kgraph-renamed-") as tmp:
            renamed(SHARED / "dev", Path(tmp), seed)
            run = subprocess.run([sys.executable, str(SHARED / "score.py"), tmp, "--misses", "0"],
                                 capture_output=True, text=True, check=True)
            print(f"seed {seed}: {run.stdout.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
