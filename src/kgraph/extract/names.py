"""Where a document's known person names occur, found without compiling a pattern.

Roles and directives look for the names people.py found. Compiling those names
into a regular expression for every document cost about 15% of extraction time;
a handful of ``str.find`` calls gives the same matches as the alternation did
(leftmost first, the longest name at a position, no overlaps).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping


@dataclass(frozen=True)
class Found:
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Names:
    """A document's names, longest first (as a regex alternation would try them)."""

    names: tuple[str, ...] = field(default=())
    canonical: Mapping[str, str] = field(default_factory=dict)  # a short form -> the full name

    @classmethod
    def of(cls, names: Iterable[str], aliases: Mapping[str, str] | None = None) -> Names:
        """The names, and the short forms (a surname and a title, 王副县长, for 王某某) that stand for them in the text."""
        aliases = dict(aliases or {})
        every = {n for n in names if n} | set(aliases)
        return cls(tuple(sorted(every, key=lambda n: (-len(n), n))), aliases)

    @classmethod
    def coerce(cls, names: Names | Iterable[str]) -> Names:
        return names if isinstance(names, Names) else cls.of(names)

    def __bool__(self) -> bool:
        return bool(self.names)

    def full(self, written: str) -> str:
        return self.canonical.get(written, written)

    def written_at(self, text: str, pos: int) -> str | None:
        """The longest name or short form written at ``pos``, as written."""
        return next((n for n in self.names if text.startswith(n, pos)), None)

    def at(self, text: str, pos: int) -> str | None:
        """The full name of the longest name or short form written at ``pos``."""
        written = self.written_at(text, pos)
        return None if written is None else self.full(written)

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
                out.append(Found(self.full(name), i, i - neg_len))
                reached = i - neg_len
        return out
