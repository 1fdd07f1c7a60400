"""The local engines a dataset runs on: Oxigraph in memory or on disk, or rdflib's own store.

``store.py`` chooses among these and a SPARQL server by the store spec; ``remote.py`` takes a
local in-memory copy of a server's dataset from here.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph
from oxrdflib import OxigraphStore
from rdflib import Dataset

from . import vocab
from .errors import StoreError


def local_dataset(spec: str = "oxigraph", read_only: bool = False) -> Dataset:
    """A local dataset whose default graph is the union of the named graphs.

    ``spec`` is ``oxigraph``, ``oxigraph:PATH`` (opened or created on disk) or ``memory``.
    ``read_only`` opens an on-disk store for reading, so several commands can share it.
    """
    if spec == "memory":
        ds = Dataset(default_union=True)
    elif spec == "oxigraph":
        ds = Dataset(store="Oxigraph", default_union=True)
    elif spec.startswith("oxigraph:"):
        ds = Dataset(store=_oxigraph_on_disk(spec.removeprefix("oxigraph:"), read_only), default_union=True)
    else:
        raise StoreError(f"unknown store {spec!r}: use oxigraph, oxigraph:PATH, memory or http://HOST:PORT/")
    return vocab.bind_prefixes(ds)


def _oxigraph_on_disk(path: str, read_only: bool) -> OxigraphStore:
    if read_only and not Path(path).is_dir():
        raise StoreError(f"{path}: no Oxigraph store here")
    try:
        inner = pyoxigraph.Store.read_only(path) if read_only else pyoxigraph.Store(path)
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the Oxigraph store ({exc})") from exc
    return OxigraphStore(store=inner)


def oxigraph_of(ds: Dataset):
    """The pyoxigraph Store behind an oxrdflib dataset, or None for another engine."""
    return getattr(ds.store, "_inner", None)
