"""``kgraph view``: the interactive graph of a build as one offline HTML page."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import store
from .. import view as view_module
from . import DEFAULT_OUT, open_in_browser, reported

DEFAULT_DIR = DEFAULT_OUT


def _page_name(focus: str | None) -> str:
    """graph.html, or graph-<focus>.html with path separators made harmless."""
    if not focus:
        return "graph.html"
    safe = "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in focus.strip())
    return f"graph-{safe or 'focus'}.html"


def register(app: typer.Typer) -> None:
    @app.command("view")
    def view(
        directory: Annotated[Path, typer.Argument(help="A build's output folder (with graph.trig)")] = DEFAULT_DIR,
        focus: Annotated[Optional[str], typer.Option("--focus", "-f", help="Ego graph around the node with this label")] = None,
        depth: Annotated[int, typer.Option("--depth", "-d", min=1, help="Steps from --focus")] = 2,
        budget: Annotated[int, typer.Option("--budget", "-b", min=1, help="Most nodes on the page")] = 400,
        out: Annotated[Optional[Path], typer.Option("--out", "-o", help="HTML file (default: DIR/graph.html)")] = None,
        open_page: Annotated[bool, typer.Option("--open", help="Open the page in the default browser")] = False,
    ) -> None:
        """Write the interactive graph: DIR/graph.html, or DIR/graph-NAME.html with --focus NAME."""

        with reported():
            ds = store.open_output(directory)
            path = view_module.render(ds, out or directory / _page_name(focus), budget=budget, focus=focus,
                                      depth=depth)
        typer.echo(f"wrote {path}")
        if open_page:
            open_in_browser(path)
