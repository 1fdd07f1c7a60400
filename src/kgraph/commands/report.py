"""``kgraph report``: the analyst's page of trends (DIR/report.html) and its tables (DIR/trends/*.csv)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import report as report_module
from .. import store
from . import DEFAULT_OUT, open_in_browser, reported

DEFAULT_DIR = DEFAULT_OUT


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report(
        directory: Annotated[Path, typer.Argument(help="A build's output folder (with graph.trig)")] = DEFAULT_DIR,
        out: Annotated[Optional[Path], typer.Option("--out", "-o", help="HTML file (default: DIR/report.html)")] = None,
        open_page: Annotated[bool, typer.Option("--open", help="Open the page in the default browser")] = False,
    ) -> None:
        """Write DIR/report.html: reports by year, province and level, officials, themes over time and place,
        careers and organizations that meet together, each chart's data in DIR/trends/NAME.csv."""

        with reported():
            ds = store.open_output(directory)
            path = report_module.write(ds, directory, out)
        typer.echo(f"wrote {path} and {directory / report_module.TRENDS_DIR}/*.csv")
        if open_page:
            open_in_browser(path)
