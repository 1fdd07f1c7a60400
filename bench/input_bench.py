"""Time reading and extracting texts without sentence punctuation, the hostile input that was quadratic.

    .venv/bin/python bench/input_bench.py [--chars 400000 800000] [--seed 1] [--words plain|meeting]

Each text is generated with a seeded RNG from invented words (persons, titles, organizations,
verbs and filler), joined by spaces only, with no 。！？； and no line break: one "sentence" as
long as the file. Prints, per size, the seconds of ``ingest.read_bytes`` and of
``pipeline.extract``, and the sentence count; a linear extraction keeps seconds per 100 k
characters flat as the size grows.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kgraph import ingest, pipeline  # noqa: E402
from kgraph.segment import sentences  # noqa: E402

# "plain": words of a report without the meeting verbs; "meeting": with them, so that every
# 500-character piece names a held meeting (a pathological case the meeting stage still pays for)
WORDS = {
    "plain": ["青原市", "公安局", "局长", "严守信", "工作", "部署", "政委", "甘若水", "全市", "同志",
              "强调", "要求", "推进", "平安", "建设", "副市长", "卫立平", "社会", "治理", "队伍"],
    "meeting": ["青原市", "公安局", "局长", "严守信", "出席", "会议", "讲话", "工作", "部署", "政委",
                "甘若水", "主持", "召开", "全市", "同志", "强调", "要求", "推进", "平安", "副市长"],
}


def unpunctuated(chars: int, rng: random.Random, words: str = "plain") -> str:
    parts, size = [], 0
    while size < chars:
        word = rng.choice(WORDS[words])
        parts.append(word)
        size += len(word) + 1
    return " ".join(parts)[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", type=int, nargs="+", default=[400_000, 800_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", choices=sorted(WORDS), default="plain")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pipeline.extract(ingest.read_bytes("青原市召开会议。".encode(), "warm.txt", "warm.txt"))  # jieba loads once
    for chars in args.chars:
        raw = unpunctuated(chars, rng, args.words).encode("utf-8")
        t0 = time.perf_counter()
        doc = ingest.read_bytes(raw, "long.txt", "long.txt")
        t1 = time.perf_counter()
        pipeline.extract(doc)
        t2 = time.perf_counter()
        print(f"{chars:>10,} chars ({len(raw) / 1e6:.1f} MB): read {t1 - t0:.2f} s, extract {t2 - t1:.2f} s "
              f"({(t2 - t1) / chars * 1e5:.2f} s per 100 k), {len(sentences(doc.text))} sentences")


if __name__ == "__main__":
    main()
