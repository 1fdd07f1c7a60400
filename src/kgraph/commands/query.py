"""``kgraph query``: run SPARQL (inline, a .rq file, or a canned query) against a build."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import guard, query
from ..errors import QueryError
from ..terminal import width as text_width
from ..store import is_store_spec
from . import DEFAULT_OUT, reported


def split_args(args: list[str]) -> tuple[Path | str, str]:
    """``[DIR] QUERY``: with two arguments the first is DIR; with one, it is DIR only if it is a folder."""
    if len(args) == 2:
        return (args[0] if is_store_spec(args[0]) else Path(args[0])), args[1]
    if len(args) == 1:
        if Path(args[0]).is_dir():
            raise QueryError(f"{args[0]} is a folder: give a QUERY after it (`kgraph query --list` shows the canned ones)")
        return DEFAULT_OUT, args[0]
    raise QueryError("give [DIR] QUERY: inline SPARQL, a .rq file, or a canned query name (see `kgraph query --list`)")


def parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r}: write NAME=VALUE, e.g. --param name=李伟")
        params[name.strip()] = value
    return params


def register(app: typer.Typer) -> None:
    @app.command("query")
    def query_command(
        args: Annotated[Optional[list[str]], typer.Argument(
            metavar="[DIR] QUERY", help="Build output folder (default: output/), then inline SPARQL, a .rq file "
                                        "or a canned query name")] = None,
        param: Annotated[Optional[list[str]], typer.Option(
            "--param", "-p", metavar="NAME=VALUE", help="Bind a query parameter (repeatable); typed by the query header")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table | csv | tsv | json | xml")] = "table",
        list_queries: Annotated[bool, typer.Option("--list", help="List the canned queries and exit")] = False,
        width: Annotated[int, typer.Option("--width", min=0, help="Clip table cells to this many columns (0: never)")] = 80,
        allow_service: Annotated[Optional[list[str]], typer.Option(
            "--allow-service", metavar="HOST", help="Let SERVICE call this host (repeatable); off by default")] = None,
        allow_remote_store: Annotated[bool, typer.Option(
            "--allow-remote-store", help="Query the SPARQL server DIR/store.json names (refused otherwise)")] = False,
    ) -> None:
        """Run a SPARQL query against a build and print the results (an aligned table by default)."""

        with reported():
            if list_queries:
                typer.echo(_catalogue(query.list_queries()), nl=False)
                return
            directory, text = split_args(args or [])
            ds = query.as_dataset(directory, allow_remote=allow_remote_store or None)
            result = query.run(ds, text, parse_params(param or []), guard.Policy.allowing(allow_service))
            typer.echo(query.format_result(result, fmt, max_cell=width or None), nl=False)


def _catalogue(queries) -> str:
    width = max((text_width(q.name) for q in queries), default=0)
    lines = []
    for q in queries:
        params = " ".join(f"--param {p.name}=…" if p.required else f"[--param {p.name}=…]" for p in q.params)
        lines.append(f"{q.name.ljust(width)}  {q.answers}" + (f"\n{' ' * width}  {params}" if params else ""))
    return "\n".join(lines) + "\n"
