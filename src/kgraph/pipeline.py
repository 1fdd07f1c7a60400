"""build(paths): ingest -> extract -> resolve -> rdf -> store, one document at a time.

Documents stream through: only the growing dataset is kept, never the corpus
text, so memory follows the graph. A bad file is reported and skipped; the
rest of the batch still builds.
"""
from __future__ import annotations

import dataclasses
import gc
import logging
import os
import shutil
import signal
import tempfile
import time
import zlib
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from rdflib import Dataset

from . import identity, ingest, merge, rdf, resolve, review, scheme, script, store, vocab, walk
from .errors import InputError, NoDocuments, WorkerError
from .extract.directives import extract_directives, overall_approach, report_titles
from .extract.meetings import extract_meetings
from .extract.names import Names
from .extract.people import extract_people, short_forms
from .extract.roles import extract_roles
from .extract.themes import extract_themes
from .facts import Document, Extraction
from .segment import sentences

log = logging.getLogger(__name__)


def extract(doc: Document) -> Extraction:
    """Every fact of one document, as plain records (no RDF yet).

    A report in traditional characters is read in simplified ones at the same
    offsets, and its names are then taken back as written.
    """
    simple = script.simplified(doc.text)
    if simple is None:
        return _extract(doc)
    return script.restore(_extract(dataclasses.replace(doc, text=simple)), doc)


def _extract(doc: Document) -> Extraction:
    sents = sentences(doc.text)
    persons, posts = extract_people(doc, sents)
    meetings, honours = extract_meetings(doc, sents)
    names = Names.of([p.name for p in persons], short_forms(persons, posts))
    reported = next((m for m in meetings if m.reported), None)
    place = resolve.jurisdiction(doc, meetings)
    posts, orgs = resolve.resolve_posts(posts, resolve.OrgResolver(doc, place))
    ex = Extraction(doc, persons=persons, posts=posts, organizations=orgs, meetings=meetings,
                    honours=honours, jurisdiction=place.name if place else None,
                    jurisdiction_code=place.adcode if place else None, sentences=sents)
    ex.themes = extract_themes(doc, sents)
    if reported is not None:
        ex.roles = extract_roles(doc, sents, names, reported.name)
        ex.directives, ex.directive_lists = extract_directives(doc, sents, reported.name, names)
        ex.overall_approach = overall_approach(doc, sents)
        ex.report_titles = report_titles(doc, sents, names)
    return ex


_known_hashes: dict[str, str] = {}  # doc_id -> content hash already in the store (set per build)
_max_size: int = ingest.MAX_SIZE  # bytes read of one file at most (set per build)
_spool_dir: Path | None = None  # where this build's worker processes write their triples
_spool: _Spool | None = None  # this worker process's file there


_SPOOL_PART = 64 << 20  # bytes a worker writes into one spool file before it starts the next


class _Spool:
    """A worker process's spool: its documents' triples appended to files, read back by offset.

    A document's triples (about 150 KB) sent through a pool's pipe were copied five
    times on the way and kept the main process busy reading; written to a file
    beside the output they cost one write here and one read there, and only
    (path, offset, length) travels. A worker starts a new file every 64 MB, and the
    main process deletes the ones it has read, so a build of a million documents
    needs a few hundred MB of spool, not a second copy of its output (and deleted
    files are seldom written to the disk at all).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.part = -1
        self._next_part()

    def _next_part(self) -> None:
        self.part += 1
        self.path = str(self.folder / f"{os.getpid()}-{self.part}.nt")
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.size = 0

    def put(self, data: bytes) -> tuple[str, int, int]:
        if self.size and self.size + len(data) > _SPOOL_PART:
            os.close(self.fd)
            self._next_part()
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]
        offset, self.size = self.size, self.size + len(data)
        return self.path, offset, len(data)


class _SpoolReader:
    """The main process's side: each spool file opened once, and deleted once read through.

    Results are taken in input order, and each worker handles its tasks in that order
    too; so when a worker's next file is first read, its previous file is done with.
    """

    def __init__(self) -> None:
        self.fds: dict[str, int] = {}
        self.reading: dict[str, str] = {}  # worker (pid) -> the file of it being read

    def read(self, path: str, offset: int, length: int) -> bytes:
        fd = self.fds.get(path)
        if fd is None:
            worker = path.rsplit("-", 1)[0]
            done = self.reading.get(worker)
            if done is not None:
                os.close(self.fds.pop(done))
                os.unlink(done)
            self.reading[worker] = path
            fd = self.fds[path] = os.open(path, os.O_RDONLY)
        data = os.pread(fd, length, offset)
        while len(data) < length:  # a regular file gives it all at once; be sure
            data += os.pread(fd, length - len(data), offset + len(data))
        return data

    def close(self) -> None:
        for fd in self.fds.values():
            os.close(fd)
        self.fds.clear()


@dataclass(frozen=True)
class _Done:
    """What a worker hands back for one file: the document's graph as N-Triples, or a skip.

    From a local pool the triples wait in the worker's spool file (``spooled``); from
    a Dask cluster they travel zlib-compressed (ten times smaller on the network).
    """

    doc_id: str
    packed: bytes | None  # None: unchanged since the store's copy, or spooled
    chars: int
    compressed: bool = True
    tally: rdf.Tally | None = None  # what the build reports when no store is kept to count them
    spooled: tuple[str, int, int] | None = None  # (spool file, offset, length)
    record: identity.DocRecord | None = None  # what cross-document identity needs of it
    content_hash: str = ""  # the same content under two names is built once
    gaps: tuple[review.Gap, ...] = ()  # what extraction could not find, for the review list

    def triples(self, reader: _SpoolReader) -> bytes | None:
        if self.spooled is not None:
            return reader.read(*self.spooled)
        if self.packed is None or not self.compressed:
            return self.packed
        return zlib.decompress(self.packed)


def _work(item: tuple[Path, Path]) -> _Done | InputError:
    """Read, extract and serialize one file; a bad file comes back as its error (worker-safe)."""
    path, root = item
    try:
        doc = ingest.read_document(path, root, _max_size)
    except InputError as exc:
        return exc
    return serialized(doc, _known_hashes.get(doc.doc_id), pack=False)  # spooled in a pool, no pipe otherwise


def serialized(doc: Document, known_hash: str | None, pack: bool) -> _Done:
    """One read document as a worker hands it back (a pool's, or a Dask cluster's): skipped if its
    content hash is ``known_hash``, else its triples (spooled, or compressed with ``pack``) and tally."""
    global _spool
    if known_hash == doc.content_hash:
        return _Done(doc.doc_id, None, len(doc.text), content_hash=doc.content_hash)
    extraction = extract(doc)
    text = rdf.document_triples(extraction)
    triples = text.encode("utf-8")
    tally = rdf.tally(text)
    record = identity.read_record(text)
    gaps = tuple(review.gaps(extraction))
    if _spool_dir is not None:
        if _spool is None:
            _spool = _Spool(_spool_dir)
        return _Done(doc.doc_id, None, len(doc.text), False, tally, _spool.put(triples), record,
                     doc.content_hash, gaps)
    return _Done(doc.doc_id, zlib.compress(triples, 1) if pack else triples, len(doc.text), pack, tally,
                 record=record, content_hash=doc.content_hash, gaps=gaps)


def _init_pool_worker(parent: int, known: dict[str, str], spool_dir: Path | None, max_size: int) -> None:
    """A pool worker dies with the build: killed (SIGKILL) builds left workers running, holding
    their spool files open and the build's stderr, so whoever waited on it waited forever."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the build died before the line above
        os._exit(1)
    _init_worker(known, spool_dir, max_size)


def _init_worker(known: dict[str, str], spool_dir: Path | None = None, max_size: int = ingest.MAX_SIZE) -> None:
    global _known_hashes, _spool_dir, _spool, _max_size
    _known_hashes, _spool_dir, _spool, _max_size = known, spool_dir, None, max_size


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
             max_size: int = ingest.MAX_SIZE) -> Iterable[_Done | InputError]:
    """Worker results in input order: from a Dask cluster, ``jobs`` processes (spooling
    their triples into ``spool_dir``), or this one."""
    if scheduler:
        from .cluster import extract_on_cluster

        yield from extract_on_cluster(items, scheduler, known, max_size=max_size)
        return
    if jobs <= 1 or len(items) < 2:
        _init_worker(known, None, max_size)
        yield from map(_work, items)
        return
    yield from _pooled(items, jobs, known, spool_dir, max_size)


_CHUNK = 16  # documents per task: each task costs the main process 0.3 ms; 16 documents last 0.1 s
_AHEAD = 8  # tasks queued per worker beyond the one it runs, so none waits for the next


def _pooled(items: list[tuple[Path, Path]], jobs: int, known: dict[str, str],
            spool_dir: Path | None, max_size: int = ingest.MAX_SIZE) -> Iterator[_Done | InputError]:
    """``jobs`` forked processes, results in input order, a bounded number of tasks in flight.

    Not multiprocessing.Pool: its worker-handler thread wakes on every result waiting
    in the pipe and spent a third of a core's second per 2,000 documents in the main
    process, which the workers need; a worker killed (out of memory) left it waiting
    forever, where this pool raises. Tasks are submitted as results are taken, so
    a corpus of a million files holds a few dozen futures, not a quarter of a million.
    """
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    _init_worker(known, None, max_size)
    yield _work(items[0])  # here: jieba's dictionary and every lexicon are loaded once, into pages the workers share
    chunks = (items[i:i + _CHUNK] for i in range(1, len(items), _CHUNK))
    pool = ProcessPoolExecutor(jobs, mp_context=get_context("fork"), initializer=_init_pool_worker,
                               initargs=(os.getpid(), known, spool_dir, max_size))
    try:
        gc.freeze()  # nor does a worker's collector write to (and so copy) them
        try:  # the first task forks the workers
            pending = deque((chunk, pool.submit(_work_all, chunk)) for chunk in islice(chunks, jobs * _AHEAD))
        finally:
            gc.unfreeze()  # this process collects as before
        while pending:
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                files = ", ".join(str(path) for path, _ in chunk)
                raise WorkerError(f"a worker process died while building one of {files} "
                                  f"(killed, perhaps for memory; try fewer --jobs)") from None
            following = next(chunks, None)
            if following is not None:
                pending.append((following, pool.submit(_work_all, following)))
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _work_all(chunk: list[tuple[Path, Path]]) -> list[_Done | InputError]:
    """One task of a pool: a few files, so that a result costs the main process less per document."""
    return [_work(item) for item in chunk]


_FLUSH_BYTES = 8_000_000  # load TriG in batches: one store transaction per few hundred documents


def build(paths: Sequence[Path], out_dir: Path | None, jobs: int = 1, dataset: Dataset | None = None,
          on_progress: Callable[[int, int], None] | None = None,
          analysis: bool = False, scheduler: str | None = None,
          keep: bool = True, identities: Path | None = None, selection: walk.Selection = walk.Selection(),
          max_size: int = ingest.MAX_SIZE) -> tuple[Dataset | None, BuildResult]:
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
    before writing anything, when no file could be read.
    """
    t0 = time.perf_counter()
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
    spool = _SpoolFolder(jobs > 1 and not scheduler and len(items) > 1, out_dir)
    loader = store.Loader(ds) if ds is not None else None
    try:
        batch: list[bytes] = []
        drops: list[str] = []  # replaced documents, dropped just before their batch loads
        size = 0
        for done, item in enumerate(_results(items, jobs, known, scheduler, spool.folder, max_size), start=1):
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
            loader.submit(_replace, ds, drops, b"".join(batch))
            loader.finish()  # the identity pass reads earlier builds' documents from the store
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
            result.outputs += _analyse(ds, out_dir, streams)
        counts = store.counts(ds) if ds is not None else sink.counts()
        result.persons, result.posts, result.meetings, result.triples = (
            counts["persons"] - result.merged_persons, counts["posts"],
            counts["meetings"] - result.merged_meetings, counts["triples"])
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
    from . import curation

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


class _SpoolFolder:
    """The folder worker processes spool into (beside the output, else in the temporary folder)."""

    def __init__(self, enabled: bool, near: Path | None) -> None:
        self.folder: Path | None = None
        self.reader = _SpoolReader()
        if enabled:
            if near is not None:
                near.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix=".kgraph-spool-", dir=near))

    def remove(self) -> None:
        self.reader.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


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
    from . import analyze

    found = analyze.analyze(ds)
    graph = analyze.to_rdf(ds, found)
    if streams is not None:
        streams.add_graph(str(graph), store.graph_ntriples(ds, str(graph)))
    return analyze.write_outputs(found, out_dir) if out_dir is not None else []


def write_views(ds: Dataset, out_dir: Path, html: bool = True) -> list[Path]:
    """The outputs made from the finished dataset: the interactive page and the report with its tables."""
    written: list[Path] = []
    if html:
        from . import report, view

        written.append(view.render(ds, out_dir / "graph.html"))
        written.append(report.write(ds, out_dir))
    return written
