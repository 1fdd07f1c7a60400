"""build(paths): ingest -> extract -> resolve -> rdf -> store, one document at a time.

Documents stream through: only the growing dataset is kept, never the corpus
text, so memory follows the graph. A bad file is reported and skipped; the
rest of the batch still builds.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from rdflib import Dataset

from . import ingest, rdf, resolve, store
from .errors import InputError
from .extract.directives import extract_directives, overall_approach, report_titles
from .extract.meetings import extract_meetings
from .extract.people import extract_people
from .extract.roles import extract_roles
from .extract.themes import extract_themes
from .facts import Document, Extraction
from .segment import sentences
from .vocab import KG, ORG, RDF

log = logging.getLogger(__name__)


def extract(doc: Document) -> Extraction:
    """Every fact of one document, as plain records (no RDF yet)."""
    sents = sentences(doc.text)
    persons, posts = extract_people(doc, sents)
    meetings, honours = extract_meetings(doc, sents)
    names = [p.name for p in persons]
    reported = next((m for m in meetings if m.reported), None)
    place = resolve.jurisdiction(doc, meetings)
    posts, orgs = resolve.resolve_posts(posts, resolve.OrgResolver(doc, place))
    ex = Extraction(doc, persons=persons, posts=posts, organizations=orgs, meetings=meetings,
                    honours=honours, jurisdiction=place.name if place else None)
    ex.themes = extract_themes(doc, sents)
    if reported is not None:
        ex.roles = extract_roles(doc, sents, names, reported.name)
        ex.directives, ex.directive_lists = extract_directives(doc, sents, reported.name, names)
        ex.overall_approach = overall_approach(doc, sents)
        ex.report_titles = report_titles(doc, sents, names)
    return ex


def _extract_path(item: tuple[Path, Path]) -> Extraction | InputError:
    """Read and extract one file; a bad file comes back as its error (worker-safe)."""
    path, root = item
    try:
        return extract(ingest.read_document(path, root))
    except InputError as exc:
        return exc


@dataclass
class BuildResult:
    documents: int = 0
    failures: list[InputError] = field(default_factory=list)
    persons: int = 0
    posts: int = 0
    meetings: int = 0
    triples: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)


def extractions(paths: Sequence[Path], jobs: int = 1) -> Iterable[Extraction | InputError]:
    """Extractions in input order, from ``jobs`` worker processes when more than one."""
    items = list(ingest.iter_sources(paths))
    if jobs <= 1 or len(items) < 2:
        yield from map(_extract_path, items)
        return
    from multiprocessing import get_context

    with get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(_extract_path, items, chunksize=8)


def build(paths: Sequence[Path], out_dir: Path | None, jobs: int = 1, dataset: Dataset | None = None,
          on_progress: Callable[[int, int], None] | None = None) -> tuple[Dataset, BuildResult]:
    """Build a dataset from files and folders; write graph.trig and graph.ttl into out_dir if given."""
    t0 = time.perf_counter()
    ds = dataset if dataset is not None else store.new_dataset()
    result = BuildResult()
    total = sum(1 for _ in ingest.iter_sources(paths))
    for done, item in enumerate(extractions(paths, jobs), start=1):
        if isinstance(item, InputError):
            result.failures.append(item)
        else:
            rdf.add_extraction(ds, item)
            result.documents += 1
        if on_progress:
            on_progress(done, total)
    result.persons = len(set(ds.subjects(RDF.type, KG.Person)))
    result.posts = len(set(ds.subjects(RDF.type, ORG.Post)))
    result.meetings = len(set(ds.objects(None, KG.reports)))
    result.triples = len(ds)
    if out_dir is not None:
        result.outputs = list(store.save(ds, out_dir))
    result.seconds = time.perf_counter() - t0
    return ds, result
