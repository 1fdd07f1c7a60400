"""build(paths): ingest -> extract -> resolve -> rdf -> store, one document at a time.

Documents stream through: only the growing dataset is kept, never the corpus
text, so memory follows the graph. A bad file is reported and skipped; the
rest of the batch still builds.
"""
from __future__ import annotations

import gc
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from rdflib import Dataset

from . import curation, identity, ingest, merge, outfolder, rdf, report, review, scheme, store, view, vocab, walk
from .analysis import analyze, to_rdf, write_outputs  # the module name is build()'s analysis flag
from .errors import InputError, NoDocuments
from .profile import NoProfile, Profile
from .extraction import extract  # noqa: F401 (part of pipeline's API: one document's facts)
from .worker import Done, SpoolFolder, init_worker, pooled, work

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    documents: int = 0  # read without error (added, replaced or unchanged)
    duplicates: int = 0  # read, but the same content as a document before them: not built again
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failures: list[InputError] = field(default_factory=list)
    chars: int = 0
    persons: int = 0
    posts: int = 0
    meetings: int = 0
    triples: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    merged_persons: int = 0  # person nodes the identity graph makes another's alias
    merged_meetings: int = 0
    gaps: list[review.Gap] = field(default_factory=list)


def _results(items: list[tuple[Path, Path]], jobs: int, known: dict[str, str],
             scheduler: str | None = None, spool_dir: Path | None = None,
             max_size: int = ingest.MAX_SIZE) -> Iterable[Done | InputError]:
    """Worker results in input order: from a Dask cluster, ``jobs`` processes (spooling
    their triples into ``spool_dir``), or this one."""
    if scheduler:
        from .cluster import extract_on_cluster

        yield from extract_on_cluster(items, scheduler, known, max_size=max_size)
        return
    if jobs <= 1 or len(items) < 2:
        init_worker(known, None, max_size)
        yield from map(work, items)
        return
    yield from pooled(items, jobs, known, spool_dir, max_size)


_FLUSH_BYTES = 8_000_000  # load TriG in batches: one store transaction per few hundred documents


def build(paths: Sequence[Path], out_dir: Path | None, jobs: int = 1, dataset: Dataset | None = None,
          on_progress: Callable[[int, int], None] | None = None,
          analysis: bool = False, scheduler: str | None = None,
          keep: bool = True, identities: Path | None = None, selection: walk.Selection = walk.Selection(),
          max_size: int = ingest.MAX_SIZE, profile: Profile | None = None) -> tuple[Dataset | None, BuildResult]:
    """Build files and folders into a dataset; write graph.trig and graph.ttl into out_dir if given.

    With ``analysis`` the centrality of officials and themes is computed and
    added as its own named graph, and its tables are written into out_dir.
    Building into a dataset that already holds documents is incremental: a new
    document is added, a changed one (same path, other content) has its named
    graph replaced, an unchanged one is skipped by its content hash. With ``scheduler``
    (``tcp://HOST:PORT``) extraction runs on that Dask cluster instead of ``jobs`` processes.

    ``keep=False`` says nothing will read the dataset afterwards (no analysis, no views):
    a fresh build then writes the documents' graphs straight into out_dir and fills
    no store, which for a large corpus saves the store's time and memory (the
    returned dataset is None). A graph small enough to pretty-print is still made.

    After the documents, the identity graph (``merge.GRAPH``) states which of their person
    and meeting nodes are one, applying the curation file ``identities`` first; the nodes
    kept apart are listed in out_dir's ``identity-review.csv``.

    Files are found by ``walk.sources`` (``selection``: links, globs) and read up to
    ``max_size`` bytes. A file whose content equals an earlier one's is built once. With
    an out_dir, review.csv lists what extraction could not find. Raises NoDocuments,
    before writing anything, when no file could be read. ``profile`` collects seconds per stage.
    """
    t0 = time.perf_counter()
    profile = profile or NoProfile()
    curation = _curation(identities)
    records: dict[str, identity.DocRecord] = {}
    direct = not keep and dataset is None and out_dir is not None and not analysis
    ds = None if direct else (dataset if dataset is not None else store.new_dataset())
    result = BuildResult()
    known = store.document_hashes(ds) if ds is not None else {}
    items: list[tuple[Path, Path]] = []
    for found in walk.sources(paths, selection):
        if isinstance(found, InputError):
            result.failures.append(found)
        else:
            items.append(found)
    first_of: dict[str, str] = {}  # content hash -> the doc_id built with it
    # a fresh build streams graph.trig and graph.ttl as it goes; a large one then skips re-reading the store
    streams = store.StreamedOutputs(out_dir) if out_dir is not None and not known else None
    sink = _Direct() if direct else None
    if ds is not None:
        store.ensure_graph(ds, scheme.GRAPH, scheme.scheme_quads)
        scheme_triples = store.graph_ntriples(ds, str(scheme.GRAPH))
    else:
        scheme_triples = scheme.scheme_triples()
        sink.add(store.trig_block(str(scheme.GRAPH), scheme_triples), rdf.tally(scheme_triples.decode("utf-8")))
    if streams is not None:
        streams.add_graph(str(scheme.GRAPH), scheme_triples)
    # free pyoxigraph's query results here: the loader's, a pool's or Dask's thread must not (they are unsendable)
    gc.collect()
    spool = SpoolFolder(jobs > 1 and not scheduler and len(items) > 1, out_dir)
    loader = store.Loader(ds) if ds is not None else None
    try:
        batch: list[bytes] = []
        drops: list[str] = []  # replaced documents, dropped just before their batch loads
        size = 0
        results = profile.timed("read and extract", _results(items, jobs, known, scheduler, spool.folder, max_size))
        for done, item in enumerate(results, start=1):
            if isinstance(item, InputError):
                result.failures.append(item)
            elif item.content_hash and first_of.setdefault(item.content_hash, item.doc_id) != item.doc_id:
                result.duplicates += 1
                log.warning("%s: same content as %s: built once", walk.printable(item.doc_id),
                            walk.printable(first_of[item.content_hash]))
            else:
                result.gaps.extend(item.gaps)
                result.documents += 1
                result.chars += item.chars
                triples = item.triples(spool.reader)
                if triples is None:
                    result.unchanged += 1
                else:
                    records[item.doc_id] = item.record or identity.read_record(triples.decode("utf-8"))
                    if item.doc_id in known:
                        drops.append(item.doc_id)
                        result.replaced += 1
                    else:
                        result.added += 1
                    graph = str(vocab.doc_iri(item.doc_id))
                    block = store.trig_block(graph, triples)
                    if streams is not None:
                        streams.add_graph(graph, triples, block)
                    if sink is not None:
                        sink.add(block, item.tally)
                    else:
                        batch.append(block)
                        size += len(block)
                    if size > _FLUSH_BYTES:
                        loader.submit(_replace, ds, drops, b"".join(batch))
                        batch, size, drops = [], 0, []
            if on_progress:
                on_progress(done, len(items))
        if not result.documents:
            raise NoDocuments(_nothing_read(paths, result.failures), result.failures)
        if ds is not None:
            with profile.stage("store (the last loads)"):
                loader.submit(_replace, ds, drops, b"".join(batch))
                loader.finish()  # the identity pass reads earlier builds' documents from the store
        with profile.stage("identities"):
            block, triples = _identities(ds, known, records, curation, result, out_dir)
        if streams is not None:
            streams.add_graph(str(merge.GRAPH), triples, block)
        if sink is not None:
            sink.add(block, rdf.tally(triples.decode("utf-8")))
            if sink.small is not None:
                ds = store.new_dataset()  # small enough to pretty-print: the files are written from a store after all
                store.load_trig(ds, b"".join(sink.small))
        else:
            store.load_trig(ds, block)
        if analysis:
            with profile.stage("analysis"):
                result.outputs += _analyse(ds, out_dir, streams)
        counts = store.counts(ds) if ds is not None else sink.counts()
        result.persons, result.posts, result.meetings, result.triples = (
            counts["persons"] - result.merged_persons, counts["posts"],
            counts["meetings"] - result.merged_meetings, counts["triples"])
        with profile.stage("graph files"):
            if ds is None:
                written = [out_dir / store.GRAPH_TRIG, out_dir / store.GRAPH_TTL]
                streams.finish(*written)
                result.outputs = written + result.outputs
            elif out_dir is not None:
                result.outputs = list(store.save(ds, out_dir, streams=streams)) + result.outputs
        if out_dir is not None:
            result.outputs.append(out_dir / review.FILE)
            store.write_text(out_dir / review.FILE, review.to_csv(result.gaps))
    except BaseException:
        if loader is not None:
            loader.abandon()
        if streams is not None:
            streams.discard()  # an interrupted build leaves no half-written file
        raise
    finally:
        spool.remove()
    result.seconds = time.perf_counter() - t0
    return (None if direct else ds), result


def _curation(path: Path | None) -> identity.Curation:
    return curation.read(path) if path is not None else identity.Curation()


def _identities(ds: Dataset | None, known: dict[str, str], records: dict[str, identity.DocRecord],
                curation: identity.Curation, result: BuildResult,
                out_dir: Path | None) -> tuple[bytes, bytes]:
    """The identity graph over every document of the store (this build's and the earlier ones'),
    as a TriG block to load and as N-Triples; the review list into out_dir."""
    for doc_id in known:
        if doc_id not in records and ds is not None:
            text = store.graph_ntriples(ds, str(vocab.doc_iri(doc_id))).decode("utf-8")
            if text:
                records[doc_id] = identity.read_record(text)
    decisions = identity.resolve([records[k] for k in sorted(records)], curation)
    result.merged_persons, result.merged_meetings = decisions.merged_persons, decisions.merged_meetings
    text = merge.identity_triples(decisions)
    triples = text.encode("utf-8")
    if ds is not None:
        ds.remove_graph(merge.GRAPH)  # the previous build's decisions, replaced as a whole
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        result.outputs.append(merge.write_review(decisions, out_dir))
    log.info("identity: %d person and %d meeting nodes merged, %d kept apart for review",
             decisions.merged_persons, decisions.merged_meetings, len(decisions.review))
    return store.trig_block(str(merge.GRAPH), triples), triples


def _replace(ds: Dataset, drops: list[str], trig: bytes) -> None:
    """Drop the old versions of a batch's changed documents and load the batch, one right after the
    other: dropped as they were met, a build killed before their batch loaded lost 47 of 300."""
    for doc_id in drops:
        store.drop_document(ds, doc_id)
    store.load_trig(ds, trig)


def _nothing_read(paths: Sequence[Path], failures: list[InputError]) -> str:
    where = ", ".join(walk.printable(path) for path in paths)
    if failures:
        return f"no document could be read from {where} ({len(failures)} failed); the previous output is kept"
    return f"no article files (.txt, .md, .html, .htm) found in {where}; the previous output is kept"


class _Direct:
    """A build that keeps no store: what it must still report, counted from the workers' tallies.

    The TriG blocks are held only while the graph is small enough to be pretty-printed
    (``store.PRETTY_LIMIT`` triples); past that, ``small`` is None and nothing is held.
    """

    def __init__(self) -> None:
        self.small: list[bytes] | None = []
        self.triples = 0
        self.persons: set[str] = set()
        self.posts: set[str] = set()
        self.meetings: set[str] = set()

    def add(self, block: bytes, tally: rdf.Tally) -> None:
        self.triples += tally.triples
        self.persons |= tally.persons
        self.posts |= tally.posts
        self.meetings |= tally.meetings
        if self.small is not None and self.triples <= store.PRETTY_LIMIT:
            self.small.append(block)
        else:
            self.small = None

    def counts(self) -> dict[str, int]:
        return {"persons": len(self.persons), "posts": len(self.posts), "meetings": len(self.meetings),
                "triples": self.triples}


def _analyse(ds: Dataset, out_dir: Path | None, streams: store.StreamedOutputs | None) -> list[Path]:
    """Centrality into the dataset (its own named graph) and, with an out_dir, its tables."""
    found = analyze(ds)
    graph = to_rdf(ds, found)
    if streams is not None:
        streams.add_graph(str(graph), store.graph_ntriples(ds, str(graph)))
    return write_outputs(found, out_dir) if out_dir is not None else []


def write_views(ds: Dataset, out_dir: Path, html: bool = True, profile: Profile | None = None) -> list[Path]:
    """The outputs made from the finished dataset: the interactive page and the report with its tables."""
    profile = profile or NoProfile()
    written: list[Path] = []
    if html:
        with profile.stage("explorer (graph.html)"):
            written.append(view.render(ds, out_dir / "graph.html"))
        with profile.stage("report (report.html, trends/)"):
            written.append(report.write(ds, out_dir))
    return written


def build_output(sources: Sequence[Path], out: Path, store_spec: str = store.DEFAULT_STORE, html: bool = True,
                 analysis: bool = True, read_after: bool = True, **options) -> tuple[Dataset | None, BuildResult]:
    """A whole build into ``out``, replaced only when it succeeds: what ``kgraph build`` runs.

    The policy is decided here once: a store that outlives the process (on disk, on a server)
    is noted in ``out/store.json``; an in-memory store is kept only when something reads it
    after the build (analysis, the page, validation, ``read_after``), else the documents go
    straight to the files; a server's dataset is read back once, not query by query.
    ``options`` are :func:`build`'s. Returns the dataset (None when none was kept) and the result.
    """
    outfolder.check_store(out, store_spec)
    persistent = store.persists(store_spec)
    read_after = read_after or html
    with outfolder.staged(out) as stage:
        dataset = store.new_dataset(store_spec) if persistent or analysis or read_after else None
        ds, result = build(sources, stage, dataset=dataset, analysis=analysis, keep=dataset is not None, **options)
        if persistent:
            store.flush(ds)
            store.record_store(stage, store_spec)
        if read_after:
            ds = store.local_copy(ds)
        result.outputs += write_views(ds, stage, html=html, profile=options.get("profile"))
        result.outputs = [out / path.relative_to(stage) for path in result.outputs]
    return ds, result
