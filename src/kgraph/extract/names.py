"""Where a document's known person names occur, found without compiling a pattern.

Roles and directives look for the names people.py found. Compiling those names
into a regular expression for every document cost about 15% of extraction time;
a handful of ``str.find`` calls gives the same matches as the alternation did
(leftmost first, the longest name at a position, no overlaps).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True)
class Found:
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Names:
    """A document's names, longest first (as a regex alternation would try them)."""

    names: tuple[str, ...] = field(default=())

    @classmethod
    def of(cls, names: Iterable[str]) -> Names:
        return cls(tuple(sorted({n for n in names if n}, key=lambda n: (-len(n), n))))

    def __bool__(self) -> bool:
        return bool(self.names)

    def at(self, text: str, pos: int) -> str | None:
        """The longest name that starts at ``pos``."""
        return next((n for n in self.names if text.startswith(n, pos)), None)

    def find_all(self, text: str, start: int = 0, end: int | None = None) -> list[Found]:
        """Non-overlapping occurrences in ``text[start:end]``, left to right, longest at a tie."""
        end = len(text) if end is None else end
        hits: list[tuple[int, int, str]] = []
        for name in self.names:
            i = text.find(name, start, end)
            while i >= 0:
                hits.append((i, -len(name), name))
                i = text.find(name, i + 1, end)
        out: list[Found] = []
        reached = start
        for i, neg_len, name in sorted(hits):
            if i >= reached:
                out.append(Found(name, i, i - neg_len))
                reached = i - neg_len
        return out
