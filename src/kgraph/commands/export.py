"""``kgraph export``: the build in Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import export
from . import DEFAULT_OUT, reported


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_command(
        directory: Annotated[Path, typer.Argument(metavar="[DIR]", help="Build output folder")] = DEFAULT_OUT,
        fmt: Annotated[str, typer.Option("--format", "-f", help="turtle | ntriples | nquads | trig | jsonld | xml")] = "turtle",
        out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write to this file (default: standard output)")] = None,
    ) -> None:
        """Export the graph: quad formats (nquads, trig, jsonld) keep one named graph per document."""

        if fmt not in export.FORMATS:
            raise typer.BadParameter(f"{fmt!r}: use one of {', '.join(export.FORMATS)}", param_hint="--format")
        with reported():
            if out is None:
                sys.stdout.buffer.write(export.serialize(directory, fmt))
                sys.stdout.buffer.flush()
            else:
                export.export(directory, fmt, out)
                typer.echo(f"wrote {out}", err=True)
