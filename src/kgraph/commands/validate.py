"""``kgraph validate``: check a build against the SHACL shapes and say what to fix."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import validate
from . import DEFAULT_OUT, reported


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate_command(
        directory: Annotated[Path, typer.Argument(metavar="[DIR]", help="Build output folder")] = DEFAULT_OUT,
        shapes: Annotated[Optional[Path], typer.Option("--shapes", help="SHACL shapes (default: ontology/shapes.ttl)")] = None,
        limit: Annotated[int, typer.Option("--limit", min=0, help="Show at most this many violations (0: all)")] = 100,
    ) -> None:
        """Validate a build with pySHACL; exit 1 when it does not conform."""

        with reported():
            report = validate.validate(directory, shapes)
        shown = report.violations[:limit] if limit else report.violations
        for violation in shown:
            typer.echo(f"- {violation}")
        if len(shown) < len(report.violations):
            typer.echo(f"… and {len(report.violations) - len(shown)} more (--limit 0 shows all)")
        typer.echo(f"{directory}: {report.summary()}")
        if not report.conforms:
            raise typer.Exit(1)
