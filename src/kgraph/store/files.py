"""graph.trig and graph.ttl streamed as a build's documents arrive, each file written whole or not at all."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..atomic import umask
from .backend import UNION_HEADER

GRAPH_TRIG = "graph.trig"
GRAPH_TTL = "graph.ttl"


class _Stream:
    """One output file written piece by piece into a temporary file beside it."""

    def __init__(self, out_dir: Path, name: str, header: bytes) -> None:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
        self.path = Path(tmp)
        self.file = os.fdopen(fd, "wb")
        self.file.write(header)

    def finish(self, path: Path) -> None:
        self.file.close()
        os.chmod(self.path, 0o666 & ~umask())
        os.replace(self.path, path)

    def discard(self) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)


class StreamedOutputs:
    """graph.trig and graph.ttl written as documents arrive during a fresh build.

    Re-reading a large store to write it out costs more than the extraction of its
    documents and cannot overlap with it; each document's triples written as they
    arrive cost nearly nothing. Both files are plain lines with full IRIs (valid
    TriG and Turtle); small outputs are still pretty-printed from the store by :func:`save`.
    """

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.trig = _Stream(out_dir, GRAPH_TRIG, b"# One named graph per document, its triples one a line.\n")
        try:
            self.ttl = _Stream(out_dir, GRAPH_TTL, UNION_HEADER)
        except BaseException:
            self.trig.discard()
            raise

    def add_graph(self, graph_iri: str, triples: bytes, block: bytes | None = None) -> None:
        """A named graph's N-Triples (``block``: the same already wrapped by :func:`trig_block`)."""
        self.trig.file.write(block if block is not None else trig_block(graph_iri, triples))
        self.ttl.file.write(triples)

    def finish(self, trig: Path, ttl: Path) -> None:
        self.trig.finish(trig)
        self.ttl.finish(ttl)

    def discard(self) -> None:
        self.trig.discard()
        self.ttl.discard()


def trig_block(graph_iri: str, triples: bytes) -> bytes:
    """A named graph's N-Triples as one TriG block."""
    return b"<" + graph_iri.encode("utf-8") + b"> {\n" + triples + b"}\n"
