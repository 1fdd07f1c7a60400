"""``kgraph serve``: a read-only SPARQL endpoint and query page over a build."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..cli import DEFAULT_OUT


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        directory: Annotated[Path, typer.Argument(metavar="[DIR]", help="Build output folder")] = DEFAULT_OUT,
        host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default)")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port")] = 8000,
        timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds a query may run")] = 10.0,
        workers: Annotated[int, typer.Option("--workers", min=1, help="Queries answered at once")] = 2,
    ) -> None:
        """Serve SPARQL 1.1 Protocol at /sparql and a query page at / until Ctrl-C."""
        from .. import query, serve
        from ..errors import KgraphError

        try:
            ds = query.as_dataset(directory)
        except KgraphError as exc:
            typer.echo(f"kgraph: {exc}", err=True)
            raise typer.Exit(2)
        typer.echo(f"serving {directory} ({len(ds)} triples) at http://{host}:{port}/ "
                   f"(SPARQL at /sparql, {timeout:g} s per query); Ctrl-C stops", err=True)
        serve.serve(ds, host=host, port=port, timeout=timeout, workers=workers)
