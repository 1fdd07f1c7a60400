"""The words of each extraction stage's rules, read from ``ontology/rules/<stage>.toml``.

The lexicon (``ontology/lexicon/``) holds the domain's vocabulary: titles, organizations,
places, meeting heads, slogans. A stage's rules also need small closed classes of words:
the verbs that make a meeting held, the adverbs that open a clause, the nouns a cue word
turns into when it names someone else's act. Those live here, one TOML file per stage,
each list commented, so a new verb is a one-line data change and a reader sees every word
a stage's patterns use in one file. The code keeps only the patterns' structure.
"""
from __future__ import annotations

import re
import tomllib
from functools import cache

from .lexicon import ONTOLOGY_DIR

RULES_DIR = ONTOLOGY_DIR / "rules"


@cache
def _stage(stage: str) -> dict[str, object]:
    with (RULES_DIR / f"{stage}.toml").open("rb") as f:
        return tomllib.load(f)


@cache
def words(stage: str, key: str) -> tuple[str, ...]:
    """A list of the stage's words, longest first (so an alternation prefers the longest)."""
    value = _stage(stage)[key]
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise ValueError(f"{RULES_DIR / (stage + '.toml')}: {key} must be a list of non-empty strings")
    return tuple(sorted(set(value), key=lambda w: (-len(w), w)))


@cache
def alt(stage: str, key: str) -> str:
    """The list as a regular-expression alternation, each word escaped."""
    return "|".join(re.escape(w) for w in words(stage, key))


@cache
def table(stage: str, key: str) -> dict[str, str]:
    """A table of the stage's words (``[key]`` with ``word = "value"`` lines)."""
    value = _stage(stage)[key]
    if not isinstance(value, dict):
        raise ValueError(f"{RULES_DIR / (stage + '.toml')}: {key} must be a table")
    return {str(k): str(v) for k, v in value.items()}


@cache
def not_after(stage: str, key: str) -> str:
    """Negative look-behinds, one per word: the position is not right after any of them."""
    return "".join(f"(?<!{re.escape(w)})" for w in words(stage, key))
