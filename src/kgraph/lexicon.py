"""Loads the domain lexicon under ``ontology/lexicon/`` once per process.

Titles, organization suffixes, cue verbs and slogans are data, not code: a new
title is a one-line change to a text file. Each file is UTF-8, one entry a
line; ``#`` starts a comment; tab-separated columns where a file has several.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

ONTOLOGY_DIR = Path(__file__).resolve().parent / "ontology"
if not ONTOLOGY_DIR.is_dir():  # running from a source checkout (editable install)
    ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
LEXICON_DIR = ONTOLOGY_DIR / "lexicon"


def _lines(name: str) -> list[str]:
    path = LEXICON_DIR / name
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if line.strip():
            out.append(line)
    return out


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of a one-column lexicon file, longest first (for regex alternation)."""
    entries = {line.strip() for line in _lines(name)}
    return tuple(sorted(entries, key=lambda w: (-len(w), w)))


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a tab-separated lexicon file, in file order."""
    return tuple(tuple(col.strip() for col in line.split("\t")) for line in _lines(name))


@cache
def mapping(name: str) -> dict[str, str]:
    """A two-column file as a dict: first column -> second column."""
    return {row[0]: row[1] for row in table(name) if len(row) >= 2}


@cache
def alternation(name: str) -> str:
    """A regex alternation of a word list, longest first so the longest entry wins."""
    return "|".join(re.escape(w) for w in words(name))


class ThemeEntry(NamedTuple):
    """A row of ``themes.tsv``: the label, its category key, the variants written for it, an English gloss."""

    label: str
    category: str | None
    variants: tuple[str, ...]
    english: str | None


@cache
def themes() -> tuple[ThemeEntry, ...]:
    """The tracked themes, read once for the extractor and the theme scheme alike."""
    out = []
    for row in table("themes.tsv"):
        variants = tuple(v.strip() for v in row[2].split("|") if v.strip()) if len(row) > 2 else ()
        out.append(ThemeEntry(row[0], row[1] if len(row) > 1 and row[1] else None, variants,
                              row[3] if len(row) > 3 and row[3] else None))
    return tuple(out)
