"""Where the dataset lives, behind one module so the backend can change.

``memory`` is rdflib's own store. Output files are written atomically (a
temporary file in the same folder, then ``os.replace``) so an interrupted
build leaves the previous graph intact.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from rdflib import Dataset, Graph

from . import vocab
from .errors import OutputMissing, StoreError

GRAPH_TRIG = "graph.trig"
GRAPH_TTL = "graph.ttl"


def new_dataset(kind: str = "memory") -> Dataset:
    """An empty dataset whose default graph is the union of the named graphs."""
    if kind == "memory":
        ds = Dataset(default_union=True)
    elif kind == "oxigraph":
        ds = Dataset(store="Oxigraph", default_union=True)
    else:
        raise StoreError(f"unknown store {kind!r}: use memory or oxigraph")
    return vocab.bind_prefixes(ds)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it only when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def serialize(graph: Graph, path: Path, fmt: str, **options) -> None:
    with atomic_path(path) as tmp:
        graph.serialize(destination=str(tmp), format=fmt, encoding="utf-8", **options)


def union_graph(ds: Dataset) -> Graph:
    """All named graphs merged into one plain graph (for Turtle and analysis)."""
    g = vocab.bind_prefixes(Graph())
    for triple in ds.triples((None, None, None)):
        g.add(triple)
    return g


def save(ds: Dataset, out_dir: Path) -> tuple[Path, Path]:
    """Write ``graph.trig`` (the dataset) and ``graph.ttl`` (its union), each atomically."""
    trig, ttl = out_dir / GRAPH_TRIG, out_dir / GRAPH_TTL
    serialize(ds, trig, "trig")
    serialize(union_graph(ds), ttl, "turtle")
    return trig, ttl


def open_output(out_dir: Path) -> Dataset:
    """The dataset a build wrote into ``out_dir``."""
    trig = Path(out_dir) / GRAPH_TRIG
    if not trig.exists():
        raise OutputMissing(f"{trig}: no build output here; run `kgraph build` first")
    ds = new_dataset()
    ds.parse(trig, format="trig")
    return ds
