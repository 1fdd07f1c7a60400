"""The errors a user can meet, in one place, each with a stable code.

A message names the file and the cause on one line, because a batch of a
thousand articles must say which one failed and why without a traceback.
"""
from __future__ import annotations

from pathlib import Path


def one_line(cause: BaseException | str, limit: int | None = None) -> str:
    """A message, or an exception's, on one line (cut to ``limit`` characters with …)."""
    text = " ".join(str(cause).split()) or (type(cause).__name__ if isinstance(cause, BaseException) else "")
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


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


class TooLarge(InputError):
    """A file past the size limit (``--max-size``): read no further, so a link to /dev/zero cannot fill memory."""

    code = "E105"


class NotRegularFile(InputError):
    """A FIFO, socket or device: reading one can block forever or never end."""

    code = "E106"


class UnreadableFolder(InputError):
    """A folder below an input that cannot be listed: named, so its files are not missed silently."""

    code = "E107"


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


class CurationError(KgraphError):
    """A line of an identities file (``--identities``) that cannot be read: names the file and line."""

    code = "E700"


class OutputMissing(KgraphError):
    """A command that needs a build output found none."""

    code = "E400"


class OutputError(KgraphError):
    """An output folder that cannot be written: a file in its place, a read-only or full disk."""

    code = "E401"


class OutputBusy(OutputError):
    """Another build holds the output folder's lock: two builds into one folder would interleave."""

    code = "E410"


class NotAnOutput(OutputError):
    """A non-empty folder that holds no kgraph build: replacing it would delete someone's files."""

    code = "E411"


class StoreInsideOutput(OutputError):
    """An on-disk store inside the output folder, which each build replaces as a whole."""

    code = "E412"


class NoDocuments(KgraphError):
    """A build that found no document to read: the previous output is kept."""

    code = "E420"

    def __init__(self, message: str, failures: list | None = None) -> None:
        super().__init__(message)
        self.failures = list(failures or [])


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


class MissingExtra(KgraphError):
    """A feature whose optional dependency is not installed (``pip install 'kgraph[frames]'``)."""

    code = "E900"
