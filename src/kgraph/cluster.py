"""Extraction on a Dask cluster: ``kgraph build --scheduler tcp://HOST:8786``.

The client reads each file and sends its bytes with its path, so workers need
kgraph installed (the same version) but no shared filesystem. A worker does what
a local worker process does (``worker.serialized``: ingest, extract, serialize
one document) and sends back the document's N-Triples zlib-compressed with their
tally, or nothing when the store already holds that content. Results are yielded in input order from a bounded window of
tasks in flight, so a cluster build loads exactly what a local build loads and
the client never holds the corpus.
"""
from __future__ import annotations

import gc
import logging
import socket
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from . import errors, ingest, worker
from .errors import ClusterError, InputError, one_line

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler and see a first worker
IN_FLIGHT_PER_THREAD = 4  # tasks queued per worker thread: enough to hide latency, little memory
MAX_CHUNK = 8  # documents per task: Dask costs milliseconds a task, extraction tens a document


def extract_on_cluster(items: Sequence[tuple[Path, Path]], scheduler: str, known: dict[str, str],
                       timeout: float = CONNECT_TIMEOUT,
                       max_size: int = ingest.MAX_SIZE) -> Iterator[worker.Done | InputError]:
    """``worker.work`` for each (file, root) on the cluster at ``scheduler``, in input order."""
    # pyoxigraph's query results must be freed on the thread that made them; collect any left in
    # reference cycles now, before the Dask client's threads start and could run the collector
    gc.collect()
    client = _connect(scheduler, timeout)
    try:
        threads = max(1, sum(client.nthreads().values()))
        window = IN_FLIGHT_PER_THREAD * threads
        size = max(1, min(MAX_CHUNK, len(items) // window))  # small batches still reach every worker
        log.info("extracting %d files on %s (%d worker threads, %d a task)", len(items), scheduler, threads, size)
        in_flight: deque = deque()
        for start in range(0, len(items), size):
            in_flight.append(_submit(client, items[start:start + size], known, max_size))
            if len(in_flight) >= window:
                yield from _collect(*in_flight.popleft())
        while in_flight:
            yield from _collect(*in_flight.popleft())
    finally:
        client.close()


def _connect(scheduler: str, timeout: float):
    """A client of the scheduler with at least one worker, or a ClusterError saying why not."""
    from distributed import Client

    _knock(scheduler, timeout)
    try:
        client = Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"{scheduler}: cannot reach the Dask scheduler ({one_line(exc)})") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise ClusterError(f"{scheduler}: no Dask worker joined within {timeout:g} s ({one_line(exc)})") from None
    return client


def _knock(scheduler: str, timeout: float) -> None:
    """Fail at once on a refused TCP address: Dask's client would retry until its timeout."""
    from distributed.comm import parse_address
    from distributed.comm.addressing import parse_host_port

    try:
        scheme, location = parse_address(scheduler)
        if scheme != "tcp":
            return
        host, port = parse_host_port(location)
    except ValueError as exc:
        raise ClusterError(f"{scheduler}: not a scheduler address like tcp://HOST:8786 ({one_line(exc)})") from None
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        raise ClusterError(f"{scheduler}: cannot reach the Dask scheduler ({exc.strerror or one_line(exc)})") from None


def _submit(client, chunk: Sequence[tuple[Path, Path]], known: dict[str, str],
            max_size: int = ingest.MAX_SIZE) -> tuple[list, Any]:
    """Send the content of a few files as one task; a file the client cannot read is its error at once."""
    slots: list[InputError | None] = []
    entries = []
    for path, root in chunk:
        path = Path(path)
        try:
            raw = ingest.read_limited(path, max_size)  # a FIFO or a device cannot stall the client
        except InputError as error:
            slots.append(error)
            continue
        doc_id = ingest.document_id(path, Path(root))
        entries.append((raw, str(path), doc_id, known.get(doc_id)))
        slots.append(None)
    future = client.submit(extract_many, entries, pure=False) if entries else None
    return slots, future


def _collect(slots: list[InputError | None], future: Any) -> Iterator[worker.Done | InputError]:
    results: list = []
    if future is not None:
        try:
            results = future.result()
        except Exception as exc:  # a worker without kgraph, a killed worker, a bug in extraction
            raise ClusterError(f"extraction failed on a worker ({type(exc).__name__}: {one_line(exc)})") from None
        finally:
            future.release()
    done = iter(results)
    for slot in slots:
        if slot is not None:
            yield slot
            continue
        result = next(done)
        if isinstance(result, tuple):  # an InputError as plain data (see extract_bytes)
            kind, where, cause = result
            result = getattr(errors, kind, InputError)(where, cause)
        yield result


def extract_many(entries: list[tuple[bytes, str, str, str | None]]) -> list[worker.Done | tuple[str, str, str]]:
    """Runs on a worker: ``extract_bytes`` for each (content, path, doc_id, known hash)."""
    return [extract_bytes(*entry) for entry in entries]


def extract_bytes(raw: bytes, path: str, doc_id: str, known_hash: str | None) -> worker.Done | tuple[str, str, str]:
    """One file's content -> its graph's compressed N-Triples and tally (or a skip, or its input error).

    An input error travels as (class name, path, cause): InputError's constructor
    takes two arguments, which default exception pickling does not restore.
    """
    try:
        doc = ingest.read_bytes(raw, path, doc_id)
    except InputError as exc:
        return type(exc).__name__, exc.path, exc.cause
    return worker.serialized(doc, known_hash, pack=True)
