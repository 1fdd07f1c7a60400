"""The errors a user can meet, in one place, each with a stable code.

A message names the file and the cause on one line, because a batch of a
thousand articles must say which one failed and why without a traceback.
"""
from __future__ import annotations

from pathlib import Path


class KgraphError(Exception):
    """Base of every error kgraph raises on purpose."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {self.args[0] if self.args else ''}"


class InputError(KgraphError):
    """A source file that cannot be read as an article."""

    code = "E100"

    def __init__(self, path: Path | str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = str(path)
        self.cause = cause

    def __reduce__(self):  # pickled by worker processes: rebuild from (path, cause), not the message
        return type(self), (self.path, self.cause)


class EmptyFile(InputError):
    code = "E101"


class BinaryFile(InputError):
    code = "E102"


class UndecodableFile(InputError):
    code = "E103"


class UnsupportedFile(InputError):
    code = "E104"


class QueryError(KgraphError):
    """A SPARQL query that does not parse, names no known canned query, or lacks a parameter."""

    code = "E200"


class StoreError(KgraphError):
    """A store that cannot be opened or written."""

    code = "E300"


class ClusterError(KgraphError):
    """A Dask scheduler that cannot be reached, or a worker that cannot run kgraph."""

    code = "E500"


class WorkerError(KgraphError):
    """A ``--jobs`` worker process that died (killed) before it handed back its documents."""

    code = "E510"


class OutputMissing(KgraphError):
    """A command that needs a build output found none."""

    code = "E400"


class QueryRefused(QueryError):
    """A query the endpoint will not run: a SERVICE call, a file named over HTTP, or one too deep or long."""

    code = "E201"


class AmbiguousName(QueryError):
    """A name parameter that labels several things; the message lists them so one can be given as an IRI."""

    code = "E202"

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates

    def __reduce__(self):  # raised in a query worker process, pickled back to the server
        return type(self), (self.args[0], self.candidates)


class ServeError(KgraphError):
    """``kgraph serve`` cannot start: the port is taken, or the address cannot be bound."""

    code = "E800"
