"""``kgraph serve``: a read-only SPARQL endpoint and query page over a build."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import guard, query, serve
from . import DEFAULT_OUT, reported


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        directory: Annotated[Path, typer.Argument(metavar="[DIR]", help="Build output folder")] = DEFAULT_OUT,
        host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default)")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port")] = 8000,
        timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds a query may run")] = 10.0,
        workers: Annotated[int, typer.Option("--workers", min=1, help="Queries answered at once, in each of the "
                                             "quick and the slow lane")] = 2,
        max_rows: Annotated[int, typer.Option("--max-rows", min=0, help="Rows (or triples) an answer may hold; "
                                              "more are cut, saying so in X-Kgraph-Truncated (0: no cap)")] = 100_000,
        max_bytes: Annotated[int, typer.Option("--max-bytes", min=0, help="Bytes an answer may hold (0: no cap)")] = 32 << 20,
        allow_service: Annotated[Optional[list[str]], typer.Option(
            "--allow-service", metavar="HOST", help="Let SERVICE call this host (repeatable); off by default")] = None,
        allow_host: Annotated[Optional[list[str]], typer.Option(
            "--allow-host", metavar="NAME", help="Answer requests sent to this host name too (repeatable); "
                                                 "loopback names and IP addresses always are")] = None,
        allow_remote_store: Annotated[bool, typer.Option(
            "--allow-remote-store", help="Serve the SPARQL server DIR/store.json names (refused otherwise)")] = False,
    ) -> None:
        """Serve SPARQL 1.1 Protocol at /sparql and a query page at / until Ctrl-C."""

        settings = serve.Settings(timeout=timeout, workers=workers, max_rows=max_rows, max_bytes=max_bytes,
                                  policy=guard.Policy.allowing(allow_service), hosts=tuple(allow_host or ()))
        with reported():
            ds = query.as_dataset(directory, allow_remote=allow_remote_store or None)
            sock = serve.listen(host, port)
        port = sock.getsockname()[1]
        typer.echo(f"serving {directory} ({len(ds)} triples) at http://{host}:{port}/ "
                   f"(SPARQL at /sparql, {timeout:g} s per query); Ctrl-C stops", err=True)
        serve.serve(ds, host=host, port=port, settings=settings, sock=sock)
