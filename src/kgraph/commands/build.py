"""``kgraph build``: files and folders in, a build folder out (graph, page, report, tables)."""
from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from .. import pipeline, walk
from ..errors import InputError, NoDocuments, OutputError
from ..lexicon import ONTOLOGY_DIR
from ..profile import Profile
from ..review import summary
from ..validate import build_summary
from ..walk import printable
from ..walk import sources as walk_sources
from . import DEFAULT_OUT, reported, say


def default_corpus() -> Path:
    """seeds/ in the working folder, else the seed articles shipped with the package."""
    here = Path("seeds")
    return here if here.is_dir() else ONTOLOGY_DIR.parent / "seeds"


def _progress_lines(total: int) -> Callable[[int, int], None]:
    """Where stderr is a log, not a terminal: a line at each tenth of the documents, not a bar."""
    step = max(1, -(-total // 10))

    def line(done: int, total: int) -> None:
        if done % step == 0 or done == total:
            say(f"{done}/{total} files")

    return line


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
    follow_links: Annotated[bool, typer.Option("--follow-links", help="Follow symbolic links met while walking "
                                               "folders (links named on the command line are always read)")] = False,
    include: Annotated[Optional[list[str]], typer.Option("--include", help="Read only files matching this glob "
                                                         "(a name, or a path below the folder if it has /); repeatable")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", help="Skip files and folders matching this "
                                                         "glob, e.g. 'SOURCES.md' or 'drafts'; repeatable")] = None,
    max_size: Annotated[float, typer.Option("--max-size", min=0.001, help="Refuse files over this many MB")] = 16,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List the files that would be read, and build nothing")] = False,
    profile: Annotated[bool, typer.Option("--profile", help="Print the seconds each stage took (on stderr)")] = False,
) -> None:
    """Build the knowledge graph into OUT: graph.trig (one named graph per document), graph.ttl (their union),
    graph.html, review.csv. OUT is replaced as a whole when the build succeeds, and kept as it was when it fails.

    Exit codes: 0 built; 1 built, but some files could not be read (each named on stderr);
    2 nothing built (usage, no documents, output or store not writable; the previous OUT is kept)."""
    started = time.perf_counter()
    stages = Profile() if profile else None
    sources = paths or [default_corpus()]
    selection = walk.Selection(follow_links, tuple(include or ()), tuple(exclude or ()))
    if dry_run:
        _dry_run(sources, selection)
        return
    bar = None
    lines: Callable[[int, int], None] | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar, lines
        if quiet or total < 20:
            return
        if not sys.stderr.isatty():
            lines = lines or _progress_lines(total)
            lines(done, total)
            return
        if bar is None:
            from tqdm import tqdm  # loaded only for a terminal

            bar = tqdm(total=total, unit="doc", file=sys.stderr, leave=False)
        bar.update(1)

    try:
        with reported():
            try:
                ds, result = pipeline.build_output(
                    sources, out, store_spec, html=html, analysis=analysis, read_after=validate and not quiet,
                    jobs=jobs, on_progress=progress, scheduler=scheduler, selection=selection,
                    max_size=int(max_size * (1 << 20)), identities=identities, profile=stages)
            except NoDocuments as exc:
                for failure in exc.failures:
                    say(failure)
                raise
            except OSError as exc:  # a read-only or full disk while writing: one line, the previous output kept
                raise OutputError(f"{exc.filename or out}: cannot write the output ({exc.strerror or exc}); "
                                  f"the previous output is kept") from None
    finally:
        if bar is not None:
            bar.close()
    for failure in result.failures:
        say(failure)
    if not quiet:
        typer.echo(
            f"built {result.documents} documents ({len(result.failures)} failed"
            + (f", {result.duplicates} duplicates" if result.duplicates else "")
            + (f"; {result.added} added, {result.replaced} replaced, {result.unchanged} unchanged" if result.replaced or result.unchanged else "")
            + f"): {result.persons} persons ({result.merged_persons} merged), {result.posts} posts, "
            f"{result.meetings} meetings ({result.merged_meetings} merged), {result.triples} quads "
            f"in {time.perf_counter() - started:.2f} s -> {', '.join(str(p) for p in result.outputs)}")

        typer.echo(summary(result.gaps, result.documents))
    if validate and not quiet:
        with stages.stage("validation") if stages else contextlib.nullcontext():
            typer.echo(build_summary(ds, out))
    if stages is not None:
        typer.echo(stages.table(time.perf_counter() - started), err=True)
    if result.failures:
        raise typer.Exit(1)


def _dry_run(sources: list[Path], selection) -> None:
    """Each file a build would read, one a line on stdout; what it would not, on stderr."""

    failed = False
    for found in walk_sources(sources, selection):
        if isinstance(found, InputError):
            say(found)
            failed = True
        else:
            typer.echo(printable(found[0]))
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(build)
