"""``kgraph analyze [DIR]``: centrality of officials and themes over a build's output."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import analysis, store
from . import DEFAULT_OUT, reported


def register(app: typer.Typer) -> None:
    @app.command()
    def analyze(
        directory: Annotated[Path, typer.Argument(help="A build's output folder (holds graph.trig)")] = DEFAULT_OUT,
        top: Annotated[int, typer.Option("--top", "-n", min=0, help="Officials and themes to print")] = 10,
    ) -> None:
        """Rank officials and themes: writes DIR/officials.csv, themes.csv, analysis.json, graph.gexf,
        graph.graphml, and adds the scores to DIR/graph.trig and graph.ttl as their own named graph."""

        with reported():
            ds = store.open_output(directory, read_only=False)
            result = analysis.analyze(ds)
            written = analysis.write_outputs(result, directory)
            analysis.to_rdf(ds, result)
            store.flush(ds)
            written += store.save(ds, directory)
        if top:
            typer.echo(analysis.top(result, top))
            typer.echo("")
        meta = result.metadata
        typer.echo(f"analysed {len(result.officials)} officials and {len(result.themes)} themes in "
                   f"{meta['total_seconds']:.2f} s (betweenness {'sampled' if meta['betweenness_sampled'] else 'exact'})"
                   f" -> {', '.join(p.name for p in written)} in {directory}")

