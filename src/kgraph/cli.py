"""The ``kgraph`` command: parses arguments and calls the library, nothing more."""
from __future__ import annotations

import logging
import signal

import typer

from .commands import analyze, build, export, query, report, serve, validate, view

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Knowledge graphs from Chinese official meeting reports.")


@app.callback()
def _root() -> None:
    """Knowledge graphs from Chinese official meeting reports."""


for command in (build, analyze, export, query, report, serve, validate, view):  # in the order `--help` lists them
    command.register(app)


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="kgraph: %(message)s")
    # `timeout`, `kill` and batch schedulers stop a build with SIGTERM: unwind as on Ctrl-C, so
    # no temporary graph or worker spool file (hundreds of MB on a large corpus) stays behind
    signal.signal(signal.SIGTERM, _terminated)
    app()


if __name__ == "__main__":
    from kgraph.cli import main as package_main

    package_main()
