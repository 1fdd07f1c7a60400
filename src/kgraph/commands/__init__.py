"""The CLI's command groups, one module each with a ``register(app)`` function (see ``cli.py``).

What every command shares lives here, below them all: the default output folder, how a
failure is reported, how a page is opened.
"""
from __future__ import annotations

import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from ..errors import KgraphError
from ..walk import printable

DEFAULT_OUT = Path("output")  # a build's output folder when none is named


def say(text: object) -> None:
    """One line on stderr: a file name's control characters cannot forge another line."""
    typer.echo(f"kgraph: {printable(text)}", err=True)


@contextmanager
def reported() -> Iterator[None]:
    """A KgraphError ends the command with one line on stderr (``kgraph: cause``) and exit code 2."""
    try:
        yield
    except KgraphError as exc:
        say(exc)
        raise typer.Exit(2) from None


def open_in_browser(path: Path) -> None:
    """Open a written page in the default browser."""
    webbrowser.open(path.resolve().as_uri())
