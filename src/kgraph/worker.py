"""What a worker does with one file, and how its results reach the build.

A worker reads a file, extracts it and serializes the document's graph as N-Triples
(``serialized``); a process pool of ``--jobs`` workers spools the triples into files beside
the output and hands back only where they are (``Done``), a Dask cluster (``cluster.py``)
sends them compressed. The pool keeps a bounded number of tasks in flight and raises when a
worker dies.
"""
from __future__ import annotations

import gc
import os
import shutil
import signal
import tempfile
import zlib
from collections import deque
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterator

from . import identity, ingest, rdf, review
from .errors import InputError, WorkerError
from .extraction import extract
from .facts import Document


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


class SpoolReader:
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
class Done:
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

    def triples(self, reader: SpoolReader) -> bytes | None:
        if self.spooled is not None:
            return reader.read(*self.spooled)
        if self.packed is None or not self.compressed:
            return self.packed
        return zlib.decompress(self.packed)


def work(item: tuple[Path, Path]) -> Done | InputError:
    """Read, extract and serialize one file; a bad file comes back as its error (worker-safe)."""
    path, root = item
    try:
        doc = ingest.read_document(path, root, _max_size)
    except InputError as exc:
        return exc
    return serialized(doc, _known_hashes.get(doc.doc_id), pack=False)  # spooled in a pool, no pipe otherwise


def serialized(doc: Document, known_hash: str | None, pack: bool) -> Done:
    """One read document as a worker hands it back (a pool's, or a Dask cluster's): skipped if its
    content hash is ``known_hash``, else its triples (spooled, or compressed with ``pack``) and tally."""
    global _spool
    if known_hash == doc.content_hash:
        return Done(doc.doc_id, None, len(doc.text), content_hash=doc.content_hash)
    extraction = extract(doc)
    text = rdf.document_triples(extraction)
    triples = text.encode("utf-8")
    tally = rdf.tally(text)
    record = identity.read_record(text)
    gaps = tuple(review.gaps(extraction))
    if _spool_dir is not None:
        if _spool is None:
            _spool = _Spool(_spool_dir)
        return Done(doc.doc_id, None, len(doc.text), False, tally, _spool.put(triples), record,
                     doc.content_hash, gaps)
    return Done(doc.doc_id, zlib.compress(triples, 1) if pack else triples, len(doc.text), pack, tally,
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
    init_worker(known, spool_dir, max_size)


def init_worker(known: dict[str, str], spool_dir: Path | None = None, max_size: int = ingest.MAX_SIZE) -> None:
    global _known_hashes, _spool_dir, _spool, _max_size
    _known_hashes, _spool_dir, _spool, _max_size = known, spool_dir, None, max_size


_CHUNK = 16  # documents per task: each task costs the main process 0.3 ms; 16 documents last 0.1 s
_AHEAD = 8  # tasks queued per worker beyond the one it runs, so none waits for the next


def pooled(items: list[tuple[Path, Path]], jobs: int, known: dict[str, str],
            spool_dir: Path | None, max_size: int = ingest.MAX_SIZE) -> Iterator[Done | InputError]:
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

    init_worker(known, None, max_size)
    yield work(items[0])  # here: jieba's dictionary and every lexicon are loaded once, into pages the workers share
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


def _work_all(chunk: list[tuple[Path, Path]]) -> list[Done | InputError]:
    """One task of a pool: a few files, so that a result costs the main process less per document."""
    return [work(item) for item in chunk]


class SpoolFolder:
    """The folder worker processes spool into (beside the output, else in the temporary folder)."""

    def __init__(self, enabled: bool, near: Path | None) -> None:
        self.folder: Path | None = None
        self.reader = SpoolReader()
        if enabled:
            if near is not None:
                near.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix=".kgraph-spool-", dir=near))

    def remove(self) -> None:
        self.reader.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
