"""The ``kgraph`` command: parses arguments and calls the library, nothing more."""
from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import pipeline, store
from .errors import KgraphError
from .lexicon import ONTOLOGY_DIR

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Knowledge graphs from Chinese official meeting reports.")

DEFAULT_OUT = Path("output")


@app.callback()
def _root() -> None:
    """Knowledge graphs from Chinese official meeting reports."""


def default_corpus() -> Path:
    """seeds/ in the working folder, else the seed articles shipped with the package."""
    here = Path("seeds")
    return here if here.is_dir() else ONTOLOGY_DIR.parent / "seeds"


def _fail(exc: KgraphError) -> None:
    typer.echo(f"kgraph: {exc}", err=True)
    raise typer.Exit(2)


@app.command()
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files and folders (recursive); default: seeds/")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder")] = DEFAULT_OUT,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for extraction")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary")] = False,
    html: Annotated[bool, typer.Option("--html/--no-html", help="Write OUT/graph.html")] = True,
    analysis: Annotated[bool, typer.Option("--analysis/--no-analysis", help="Rank officials and themes (OUT/officials.csv …)")] = True,
    validate: Annotated[bool, typer.Option("--validate/--no-validate", help="Check the graph against ontology/shapes.ttl and report")] = True,
    store_spec: Annotated[str, typer.Option("--store", help="oxigraph (in memory), oxigraph:PATH (on disk, incremental, "
                                            "reopened by the other commands), memory (rdflib), or a SPARQL server: "
                                            "http://HOST:PORT/ (oxigraph serve) or 'sparql+QUERY_URL|UPDATE_URL[|STORE_URL]'")] = "oxigraph",
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Run extraction on this Dask cluster, "
                                                     "e.g. tcp://HOST:8786 (instead of --jobs)")] = None,
    identities: Annotated[Optional[Path], typer.Option("--identities", help="A curation file of same / not-same "
                                                       "statements on persons, meetings, organizations "
                                                       "(docs/identity.md)")] = None,
) -> None:
    """Build the knowledge graph into OUT: graph.trig (one named graph per document), graph.ttl (their union), graph.html."""
    from tqdm import tqdm

    sources = paths or [default_corpus()]
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet or total < 20:
            return
        if bar is None:
            bar = tqdm(total=total, unit="doc", file=sys.stderr, leave=False)
        bar.update(1)

    try:
        persistent = store_spec not in ("oxigraph", "memory")  # on disk or on a server
        read_after = html or (validate and not quiet)
        # nothing reads an in-memory store after this build: its documents go straight to the files
        dataset = store.new_dataset(store_spec) if persistent or analysis or read_after else None
        ds, result = pipeline.build(sources, out, jobs=jobs, dataset=dataset, on_progress=progress, analysis=analysis,
                                    scheduler=scheduler, keep=dataset is not None, identities=identities)
        if persistent:
            store.flush(ds)
            store.record_store(out, store_spec)
        if read_after:
            ds = store.local_copy(ds)  # a server's dataset is read once here, not query by query
        result.outputs += pipeline.write_views(ds, out, html=html)
    except KgraphError as exc:
        _fail(exc)
        return
    finally:
        if bar is not None:
            bar.close()
    for failure in result.failures:
        typer.echo(f"kgraph: {failure}", err=True)
    if not quiet:
        typer.echo(
            f"built {result.documents} documents ({len(result.failures)} failed"
            + (f"; {result.added} added, {result.replaced} replaced, {result.unchanged} unchanged" if result.replaced or result.unchanged else "")
            + f"): {result.persons} persons ({result.merged_persons} merged), {result.posts} posts, "
            f"{result.meetings} meetings ({result.merged_meetings} merged), {result.triples} quads "
            f"in {result.seconds:.2f} s -> {', '.join(str(p) for p in result.outputs)}")
        if validate:
            from .validate import build_summary

            typer.echo(build_summary(ds, out))
    if result.failures:
        raise typer.Exit(1)


def _register_commands() -> None:
    """Each command group lives in kgraph.commands.<name> with a register(app) function."""
    import importlib
    import pkgutil

    from . import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        importlib.import_module(f"{commands.__name__}.{info.name}").register(app)


if __name__ != "__main__":  # under `python -m kgraph.cli` the package's own module registers them
    _register_commands()


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
