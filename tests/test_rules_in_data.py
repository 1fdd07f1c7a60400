"""The extraction's words live in data files, not in code.

A new verb, title or meeting head must be a one-line change under ``ontology/`` that a reader
finds beside the other words of its stage. This check reads the string literals of the
extraction modules (docstrings aside) and allows in them only the characters of the patterns'
grammar: numerals, the date characters, and a few particles the patterns are built around.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "kgraph"
MODULES = sorted((SRC / "extract").glob("*.py")) + [SRC / "resolve.py", SRC / "ingest.py"]

GRAMMAR = set(
    "一二三四五六七八九十两百〇"  # numerals of ordinals, counts and dates
    "年月日"  # the shape of a date
    "的了是要第在以为否"  # particles the patterns are built around (第一, 一是, 一要, 以…为, 在…召开)
    "解求"  # 了(?!解), 要(?!求): the words that undo a particle
    "会"  # 报告会: the meeting noun a cue word can be part of
    "市自治州县旗族"  # the shapes of place names (县级市, 某某族自治州)
    "\u9fff"  # the end of the CJK range
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_extraction_words_are_read_from_data_files(path):
    words = [f"{path.name}:{line}: {''.join(sorted(set(CJK.findall(text)) - GRAMMAR))}"
             for line, text in _literals(path) if set(CJK.findall(text)) - GRAMMAR]
    assert words == [], "move these words to ontology/rules/ or ontology/lexicon/"
