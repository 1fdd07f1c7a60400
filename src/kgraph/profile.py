"""Seconds per build stage, for ``kgraph build --profile``.

Stages are timed in the main process: with ``--jobs`` the extraction stage is the time spent
waiting for the workers' results, and loading into the store runs beside it in a thread (its
own stage is the wait for the last loads).
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class Profile:
    """Seconds per named stage, in the order the stages first ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - started)

    def timed(self, name: str, items: Iterable[T]) -> Iterator[T]:
        """The items of an iterator, the time spent producing each one added to stage ``name``."""
        it = iter(items)
        while True:
            started = time.perf_counter()
            try:
                item = next(it)
            except StopIteration:
                self.add(name, time.perf_counter() - started)
                return
            self.add(name, time.perf_counter() - started)
            yield item

    def table(self, total: float) -> str:
        """One line per stage, its seconds and share of ``total``, then what no stage accounts for."""
        rows = list(self.seconds.items())
        rows.append(("other", max(total - sum(self.seconds.values()), 0.0)))
        width = max(len(name) for name, _ in rows)
        lines = [f"{name.ljust(width)}  {seconds:8.2f} s  {seconds / total:6.1%}" if total else
                 f"{name.ljust(width)}  {seconds:8.2f} s" for name, seconds in rows]
        return "\n".join(lines + [f"{'total'.ljust(width)}  {total:8.2f} s"])


class NoProfile(Profile):
    """A profile that keeps nothing: the default, so stages need no ``if profile``."""

    def add(self, stage: str, seconds: float) -> None:
        pass

    def timed(self, name: str, items: Iterable[T]) -> Iterator[T]:
        yield from items
